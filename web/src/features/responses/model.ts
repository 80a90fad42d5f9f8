// A response as the responses page reads it: a question's text and an answer in the reader's
// language (choice texts instead of ids, a matrix's rows), the score and the comment a row of the
// table shows. Pure.
import type { Schemas } from '../../lib/api';
import type { Definition, Lang, Question } from '../surveys/model';

export function textOf(x: Schemas['LocalizedText'] | undefined, l: string): string {
  return typeof x === 'string' ? x : x?.[l as Lang] ?? Object.values(x ?? {})[0] ?? '';
}

// The answer as a reader wants it: choice texts instead of ids, rows of a matrix.
// An answer as text; numbers (ratings, a matrix's cells) written by `num`, so Persian readers
// get Persian digits. Respondents' own text is left as they wrote it.
export function answerText(q: Question | undefined, v: Schemas['AnswerValue'] | undefined, l: string, num: (n: number) => string = String): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return num(v);
  if (!q) return typeof v === 'object' ? JSON.stringify(v) : String(v);
  const choice = (id: string) => textOf(q.choices?.find((c) => c.id === id)?.text, l) || id;
  if (q.type === 'single_choice') return choice(String(v));
  if (q.type === 'multiple_choice') return (Array.isArray(v) ? v : [v]).map((x) => choice(String(x))).join('، ');
  if (q.type === 'matrix' && typeof v === 'object') return Object.entries(v).map(([r, n]) => `${textOf(q.rows?.find((x) => x.id === r)?.text, l) || r}: ${typeof n === 'number' ? num(n) : n}`).join(' · ');
  return String(v);
}

export function scoreOf(def: Definition | undefined, answers: Schemas['Answers']) {
  const q = def?.questions.find((x) => ['nps', 'csat', 'ces', 'rating'].includes(x.type) && answers[x.id] !== undefined);
  return q ? answers[q.id] : undefined;
}

export function commentOf(def: Definition | undefined, answers: Schemas['Answers']) {
  const q = def?.questions.find((x) => x.type === 'text' && answers[x.id]);
  return q ? { id: q.id, text: String(answers[q.id]) } : undefined;
}
