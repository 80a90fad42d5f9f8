// The survey definition as the builder edits it (SurveyDefinition in docs/openapi.json, the JSON
// of src/survey/definition.h), and the edits themselves as pure functions, so they are
// unit-tested without a browser. Its questions are one flat shape (every type's fields
// optional) where the API has one per type: the server checks each question's fields by its
// type, and its errors name the field.
import type { Schemas } from '../../lib/api';
import type { Lang } from '../../lib/format';

export type { Lang };
// A text by language, as the server writes every text (it also takes a one-language string).
export type Text = Exclude<Schemas['LocalizedText'], string>;
export type QType = Schemas['SurveyQuestion']['type'];
export const QTYPES: QType[] = ['nps', 'csat', 'ces', 'rating', 'single_choice', 'multiple_choice', 'text', 'number', 'matrix'];
export type Condition = Schemas['Condition'];
export type Op = Condition['op'];
export const OPS: Op[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'not_in', 'answered', 'not_answered', 'contains'];
export type Group = Schemas['ConditionGroup'];
export interface Choice { id: string; text: Text }
export interface Question {
  id: string; type: QType; required?: boolean; text: Text; help?: Text;
  labels?: { low?: Text; high?: Text };
  min?: number; max?: number; style?: string;
  choices?: Choice[]; max_selected?: number; rows?: Choice[];
  max_length?: number; multiline?: boolean; integer?: boolean;
  display_if?: Group; skip?: { if: Group; to: string }[];
}
export interface Definition {
  title: Text; languages: Lang[]; default_language: Lang; intro?: Text; thank_you?: Text;
  hidden_fields?: string[]; questions: Question[]; end_screens?: { id: string; text: Text }[];
}

// A definition the API answered with, to edit: the server writes every text as an object by
// language (survey/definition.cc), which is the builder's one shape.
export function editable(d: Schemas['SurveyDefinition']): Definition {
  return d as Definition;
}

// The definition to send: the flat questions are the API's questions of their type (the server
// checks each one's fields for its type).
export function sendable(d: Definition): Schemas['SurveyDefinition'] {
  return d as Schemas['SurveyDefinition'];
}

// A new survey: one NPS question worded in both languages (a survey needs at least one).
export function blankDefinition(languages: Lang[] = ['fa', 'en'], title = ''): Definition {
  return {
    title: { fa: title, en: title }, languages, default_language: languages[0],
    questions: [{ id: 'nps', type: 'nps', required: true,
      text: { fa: 'چقدر احتمال دارد ما را به دوستان یا همکارانتان پیشنهاد کنید؟', en: 'How likely are you to recommend us to a friend or colleague?' },
      labels: { low: { fa: 'اصلاً', en: 'Not at all likely' }, high: { fa: 'حتماً', en: 'Extremely likely' } } }],
    end_screens: [], hidden_fields: ['touchpoint', 'channel', 'agent'],
  };
}

function uniqueId(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}_${i}`)) return `${base}_${i}`;
}

// A new question of `type` with an id not used yet and the parts its type needs.
export function newQuestion(type: QType, def: Definition): Question {
  const id = uniqueId(type === 'single_choice' || type === 'multiple_choice' ? 'choice' : type, def.questions.map((q) => q.id));
  const q: Question = { id, type, required: false, text: {} };
  if (type === 'single_choice' || type === 'multiple_choice') q.choices = [{ id: 'a', text: {} }, { id: 'b', text: {} }];
  if (type === 'matrix') { q.rows = [{ id: 'r1', text: {} }]; q.min = 1; q.max = 5; }
  if (type === 'rating') { q.min = 1; q.max = 5; q.style = 'stars'; }
  if (type === 'text') { q.multiline = true; }
  return q;
}

export function addQuestion(def: Definition, type: QType): Definition {
  return { ...def, questions: [...def.questions, newQuestion(type, def)] };
}

// Moves question `i` up (-1) or down (+1). Conditions may only look at earlier questions,
// so a move that would put a question before one its logic reads is refused (unchanged).
export function moveQuestion(def: Definition, i: number, dir: -1 | 1): Definition {
  const j = i + dir;
  if (j < 0 || j >= def.questions.length) return def;
  const qs = def.questions.slice();
  [qs[i], qs[j]] = [qs[j], qs[i]];
  const moved = { ...def, questions: qs };
  return logicProblems(moved).length ? def : moved;
}

// Removes a question and every condition that read it.
export function removeQuestion(def: Definition, i: number): Definition {
  const gone = def.questions[i]?.id;
  const clean = (g?: Group): Group | undefined => {
    if (!g) return g;
    const [kind, conds] = 'all' in g ? ['all', g.all] as const : ['any', g.any] as const;
    const kept = conds.filter((c) => c.question !== gone);
    return kept.length ? ({ [kind]: kept } as Group) : undefined;
  };
  return {
    ...def,
    questions: def.questions.filter((_, k) => k !== i).map((q) => {
      const out: Question = { ...q, display_if: clean(q.display_if) };
      if (!out.display_if) delete out.display_if;
      if (q.skip) out.skip = q.skip.map((s) => ({ ...s, if: clean(s.if)! })).filter((s) => s.if);
      return out;
    }),
  };
}

export function updateQuestion(def: Definition, i: number, change: Partial<Question>): Definition {
  return { ...def, questions: def.questions.map((q, k) => (k === i ? { ...q, ...change } : q)) };
}

export function conditionsOf(g?: Group): { any: boolean; list: Condition[] } {
  if (!g) return { any: false, list: [] };
  return 'any' in g ? { any: true, list: g.any } : { any: false, list: g.all };
}

export function makeGroup(any: boolean, list: Condition[]): Group | undefined {
  if (!list.length) return undefined;
  return any ? { any: list } : { all: list };
}

// Ops that need no value, and ops whose value is a list.
export const NO_VALUE: Op[] = ['answered', 'not_answered'];
export const LIST_VALUE: Op[] = ['in', 'not_in'];

// Parses what the builder's value box holds for `op` on a question of `type`.
export function conditionValue(op: Op, raw: string, type: QType): Condition['value'] {
  if (NO_VALUE.includes(op)) return undefined;
  const one = (s: string) => {
    const v = s.trim();
    return ['nps', 'csat', 'ces', 'rating', 'number', 'matrix'].includes(type) && v !== '' && !isNaN(Number(v)) ? Number(v) : v;
  };
  if (LIST_VALUE.includes(op)) return raw.split(',').map(one).filter((v) => v !== '');
  return one(raw);
}

// What the server would refuse about logic, found before saving: conditions must read an
// earlier question; skip rules must end on a defined end screen. Returns readable paths.
export function logicProblems(def: Definition): string[] {
  const problems: string[] = [];
  const screens = new Set((def.end_screens ?? []).map((s) => s.id));
  def.questions.forEach((q, i) => {
    const earlier = new Set(def.questions.slice(0, i).map((x) => x.id));
    for (const c of conditionsOf(q.display_if).list)
      if (!earlier.has(c.question)) problems.push(`questions[${i}].display_if: ${c.question}`);
    (q.skip ?? []).forEach((s, k) => {
      const seen = new Set([...earlier, q.id]);
      for (const c of conditionsOf(s.if).list) if (!seen.has(c.question)) problems.push(`questions[${i}].skip[${k}]: ${c.question}`);
      if (!screens.has(s.to)) problems.push(`questions[${i}].skip[${k}].to: ${s.to}`);
    });
  });
  return problems;
}

// A language is complete when every text of the definition has it.
export function missingTranslations(def: Definition, lang: Lang): string[] {
  const out: string[] = [];
  const need = (t: Text | undefined, path: string) => { if (t && Object.keys(t).length && !t[lang]?.trim()) out.push(path); };
  def.questions.forEach((q, i) => {
    if (!q.text[lang]?.trim()) out.push(`questions[${i}].text`);
    need(q.help, `questions[${i}].help`);
    (q.choices ?? []).forEach((c, k) => { if (!c.text[lang]?.trim()) out.push(`questions[${i}].choices[${k}]`); });
    (q.rows ?? []).forEach((c, k) => { if (!c.text[lang]?.trim()) out.push(`questions[${i}].rows[${k}]`); });
  });
  (def.end_screens ?? []).forEach((s, k) => need(s.text, `end_screens[${k}]`));
  return out;
}
