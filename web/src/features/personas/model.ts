// Personas as the app reads and edits them (GET/POST/PUT …/personas), and the membership
// rule as a form, as pure functions (unit-tested without a browser).
//
// The rule JSON (src/journey/personas.h): {"all"|"any": [conditions]} nesting;
// {"attribute": NAME, "op", "value"} over a contact attribute or language, email, phone;
// {"interactions": {touchpoint?, channel?, within_days?, fact?}, "op", "value": number} over
// how many of the contact's interactions match (or the sum of a fact over them).
// The form keeps one row per condition in the JSON's order, so the server's error path
// ("rule.all[1].interactions.within_days", "goals[2]") names a row and an input of the form.
import type { Schemas } from '../../lib/api';
import { parseNumber } from '../../lib/format';

export type AttrOp = 'eq' | 'neq' | 'in' | 'not_in' | 'lt' | 'lte' | 'gt' | 'gte' | 'exists' | 'missing';
export const ATTR_OPS: AttrOp[] = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'exists', 'missing'];
export type CountOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';
export const COUNT_OPS: CountOp[] = ['gte', 'gt', 'eq', 'neq', 'lte', 'lt'];
export const COUNT_SYMBOL: Record<CountOp, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥', eq: '=', neq: '≠' };
export const NO_VALUE_OPS: AttrOp[] = ['exists', 'missing'];
export const LIST_OPS: AttrOp[] = ['in', 'not_in'];

export type AttributeDef = Schemas['ContactAttribute'];
export type AttrType = AttributeDef['type'];
// The contact's own fields a rule may read beside the organisation's attributes.
export const BUILT_IN_ATTRIBUTES: AttributeDef[] = [
  { name: 'language', type: 'choice', choices: ['fa', 'en'] }, { name: 'email', type: 'text' }, { name: 'phone', type: 'text' },
];

// The attributes a condition may read: the contact's own fields first (the server reads
// those names as the contact's fields), then the organisation's (GET …/contact-attributes).
export function attributeCatalogue(defs: AttributeDef[]): AttributeDef[] {
  const own = new Set(BUILT_IN_ATTRIBUTES.map((a) => a.name));
  return [...BUILT_IN_ATTRIBUTES, ...defs.filter((d) => !own.has(d.name))];
}

// The ops offered for an attribute of `type`: ordering only where it means something.
export function opsFor(type: AttrType | undefined): AttrOp[] {
  if (type === 'number' || type === 'date' || type === undefined) return ATTR_OPS;
  return ['eq', 'neq', 'in', 'not_in', 'exists', 'missing'];
}

// --- the rule as rows ------------------------------------------------------------------------

export interface AttributeRow {
  kind: 'attribute'; key: number; attribute: string; op: AttrOp;
  value: string;      // one value as typed; for in / not_in on a non-choice attribute, the list as typed (commas)
  values: string[];   // for in / not_in on a choice attribute: the choices ticked
  numeric: boolean;   // the stored value was a number (used when the attribute is not in the catalogue)
}
export interface BehaviourRow {
  kind: 'interactions'; key: number; touchpoint: string; channel: string; within_days: string; fact: string; op: CountOp; value: string;
}
export interface GroupRow { kind: 'group'; key: number; any: boolean; items: RuleRow[] }
// A condition the form does not edit (written through the API in a shape the form lacks): kept as is.
export interface RawRow { kind: 'raw'; key: number; json: unknown }
export type RuleRow = AttributeRow | BehaviourRow | GroupRow | RawRow;

let lastKey = 0;
export function freshKey(): number { return ++lastKey; }

export function blankGroup(any = false): GroupRow { return { kind: 'group', key: freshKey(), any, items: [] }; }
export function blankAttribute(attribute = ''): AttributeRow {
  return { kind: 'attribute', key: freshKey(), attribute, op: 'eq', value: '', values: [], numeric: false };
}
export function blankBehaviour(touchpoint = ''): BehaviourRow {
  return { kind: 'interactions', key: freshKey(), touchpoint, channel: '', within_days: '', fact: '', op: 'gte', value: '1' };
}

const isObject = (j: unknown): j is Record<string, unknown> => typeof j === 'object' && j !== null && !Array.isArray(j);
const scalarText = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '');
const isAttrOp = (op: unknown): op is AttrOp => (ATTR_OPS as unknown[]).includes(op);
const isCountOp = (op: unknown): op is CountOp => (COUNT_OPS as unknown[]).includes(op);

function toRow(j: unknown): RuleRow {
  if (isObject(j)) {
    const keys = Object.keys(j);
    const items = j[keys[0]];
    if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any') && Array.isArray(items))
      return { kind: 'group', key: freshKey(), any: keys[0] === 'any', items: items.map(toRow) };
    const only = (allowed: string[]) => keys.every((k) => allowed.includes(k));
    if (typeof j.attribute === 'string' && isAttrOp(j.op) && only(['attribute', 'op', 'value'])) {
      const list = Array.isArray(j.value) ? j.value : null;
      if (LIST_OPS.includes(j.op) ? list !== null : list === null) {
        const first = list ? list[0] : j.value;
        return {
          kind: 'attribute', key: freshKey(), attribute: j.attribute, op: j.op,
          value: list ? list.map(scalarText).join(', ') : scalarText(j.value),
          values: list ? list.map(scalarText) : [], numeric: typeof first === 'number',
        };
      }
    }
    const what = j.interactions;
    if (isObject(what) && isCountOp(j.op) && typeof j.value === 'number' && only(['interactions', 'op', 'value'])
        && Object.keys(what).every((k) => ['touchpoint', 'channel', 'within_days', 'fact'].includes(k))) {
      return {
        kind: 'interactions', key: freshKey(), touchpoint: scalarText(what.touchpoint), channel: scalarText(what.channel),
        within_days: scalarText(what.within_days), fact: scalarText(what.fact), op: j.op, value: String(j.value),
      };
    }
  }
  return { kind: 'raw', key: freshKey(), json: j };
}

// The rule JSON as the form's root group (a lone condition becomes a group of one).
export function ruleToForm(rule: unknown): GroupRow {
  const row = toRow(rule ?? { all: [] });
  return row.kind === 'group' ? row : { kind: 'group', key: freshKey(), any: false, items: [row] };
}

// The type the value of an attribute condition has: the catalogue's, else what was stored.
export function typeOf(row: AttributeRow, attrs: AttributeDef[]): AttrType {
  return attrs.find((a) => a.name === row.attribute)?.type ?? (row.numeric ? 'number' : 'text');
}

export function splitList(text: string): string[] {
  return text.split(/[,،]/).map((s) => s.trim()).filter(Boolean);
}

function typed(text: string, type: AttrType): string | number {
  return type === 'number' ? parseNumber(text) : text.trim();
}

// The rule JSON for POST and PUT, condition for condition in the form's order (a group is an
// object; a condition the form keeps as it was may be anything).
export function formToRule(row: GroupRow, attrs: AttributeDef[]): PersonaInput['rule'];
export function formToRule(row: RuleRow, attrs: AttributeDef[]): unknown;
export function formToRule(row: RuleRow, attrs: AttributeDef[]): unknown {
  switch (row.kind) {
    case 'group': return { [row.any ? 'any' : 'all']: row.items.map((r) => formToRule(r, attrs)) };
    case 'raw': return row.json;
    case 'attribute': {
      const type = typeOf(row, attrs);
      const out: Record<string, unknown> = { attribute: row.attribute, op: row.op };
      if (NO_VALUE_OPS.includes(row.op)) return out;
      if (LIST_OPS.includes(row.op)) {
        const list = type === 'choice' ? row.values : splitList(row.value);
        out.value = list.map((v) => typed(v, type));
      } else {
        out.value = typed(row.value, type);
      }
      return out;
    }
    case 'interactions': {
      const what: Record<string, unknown> = {};
      if (row.touchpoint) what.touchpoint = row.touchpoint;
      if (row.channel.trim()) what.channel = row.channel.trim();
      if (row.within_days.trim()) what.within_days = parseNumber(row.within_days);
      if (row.fact.trim()) what.fact = row.fact.trim();
      return { interactions: what, op: row.op, value: parseNumber(row.value) };
    }
  }
}

// --- paths: the JSON path of each row and input, and the row a server error names ------------

// The JSON path of child `i` of the group at `path`.
export function childPath(group: GroupRow, path: string, i: number): string {
  return `${path}.${group.any ? 'any' : 'all'}[${i}]`;
}

export type RulePart = 'group' | 'row' | 'attribute' | 'op' | 'value' | 'touchpoint' | 'channel' | 'within_days' | 'fact';
export interface RuleTarget { key: number; path: string; part: RulePart; input: string }

// The input of a part of the row at `path` (its JSON path: the server's error names it).
export function inputName(row: RuleRow, path: string, part: RulePart): string {
  if (part === 'group') return `${path}.match`;
  if (part === 'touchpoint' || part === 'channel' || part === 'within_days' || part === 'fact') return `${path}.interactions.${part}`;
  if (part === 'row') {
    if (row.kind === 'group') return `${path}.match`;
    if (row.kind === 'attribute') return `${path}.attribute`;
    if (row.kind === 'interactions') return `${path}.interactions.touchpoint`;
    return path;
  }
  return `${path}.${part}`;
}

// The row and input of the form that `field` (the server's error path, "rule.all[1].op")
// names, or null when it is not inside the rule. A path past the form's rows (it changed
// since) names the deepest row it reaches.
export function ruleTarget(field: string, root: GroupRow): RuleTarget | null {
  if (field !== 'rule' && !field.startsWith('rule.') && !field.startsWith('rule[')) return null;
  let row: RuleRow = root;
  let path = 'rule';
  let rest = field.slice('rule'.length);
  for (;;) {
    const m = /^\.(all|any)\[(\d+)\]/.exec(rest);
    if (!m || row.kind !== 'group') break;
    const child: RuleRow | undefined = row.items[Number(m[2])];
    if (!child) { rest = ''; break; }
    path = childPath(row, path, Number(m[2]));
    row = child;
    rest = rest.slice(m[0].length);
  }
  const bare = row.kind === 'group' ? 'group' : 'row';
  let part: RulePart = bare;
  if (row.kind === 'attribute' && /^\.(attribute|op|value)$/.test(rest)) part = rest.slice(1) as RulePart;
  else if (row.kind === 'interactions' && /^\.(op|value)$/.test(rest)) part = rest.slice(1) as RulePart;
  else if (row.kind === 'interactions' && /^\.interactions\.(touchpoint|channel|within_days|fact)$/.test(rest)) part = rest.split('.')[2] as RulePart;
  return { key: row.key, path, part, input: inputName(row, path, part) };
}

// Every row with its JSON path, depth first (the form's order).
export function walk(root: GroupRow, visit: (row: RuleRow, path: string) => void, path = 'rule') {
  visit(root, path);
  root.items.forEach((r, i) => {
    const p = childPath(root, path, i);
    if (r.kind === 'group') walk(r, visit, p); else visit(r, p);
  });
}

// --- editing the tree (by row key) ----------------------------------------------------------

export function updateRow(root: GroupRow, key: number, change: (row: RuleRow) => RuleRow): GroupRow {
  const visit = (row: RuleRow): RuleRow => {
    if (row.key === key) return change(row);
    if (row.kind !== 'group') return row;
    const items = row.items.map(visit);
    return items.some((x, i) => x !== row.items[i]) ? { ...row, items } : row;
  };
  return visit(root) as GroupRow;
}

export function removeRow(root: GroupRow, key: number): GroupRow {
  const visit = (g: GroupRow): GroupRow => ({ ...g, items: g.items.filter((r) => r.key !== key).map((r) => (r.kind === 'group' ? visit(r) : r)) });
  return visit(root);
}

export function addRow(root: GroupRow, groupKey: number, row: RuleRow): GroupRow {
  return updateRow(root, groupKey, (g) => (g.kind === 'group' ? { ...g, items: [...g.items, row] } : g));
}

// How deep groups nest (the root is 0).
export function depthOf(root: GroupRow, key: number): number {
  let found = -1;
  const visit = (g: GroupRow, d: number) => {
    if (g.key === key) found = d;
    for (const r of g.items) if (r.kind === 'group') visit(r, d + 1);
  };
  visit(root, 0);
  return found;
}
// The builder offers groups inside groups to this depth (the server takes 8).
export const MAX_GROUP_DEPTH = 2;

// --- the persona --------------------------------------------------------------------------

export type PersonaInput = Schemas['PersonaInput'];
export type Persona = Schemas['Persona'];
export interface PersonaForm {
  name: string; description: string; goals: string[]; pains: string[]; emoji: string; picture_url: string; rule: GroupRow;
}

export function blankPersonaForm(): PersonaForm {
  return { name: '', description: '', goals: [''], pains: [''], emoji: '', picture_url: '', rule: blankGroup() };
}

export function personaToForm(p: PersonaInput): PersonaForm {
  return {
    name: p.name, description: p.description ?? '', goals: [...(p.goals ?? [])], pains: [...(p.pains ?? [])],
    emoji: p.emoji ?? '', picture_url: p.picture_url ?? '', rule: ruleToForm(p.rule),
  };
}

// The form as it is sent: texts trimmed, blank goals and pains left out (so the positions the
// server names, "goals[2]", are the form's once it shows this).
export function compactForm(f: PersonaForm): PersonaForm {
  const list = (xs: string[]) => xs.map((x) => x.trim()).filter(Boolean);
  return { ...f, name: f.name.trim(), description: f.description.trim(), emoji: f.emoji.trim(), picture_url: f.picture_url.trim(),
    goals: list(f.goals), pains: list(f.pains) };
}

export function formToPersona(f: PersonaForm, attrs: AttributeDef[]): PersonaInput {
  const c = compactForm(f);
  return { name: c.name, description: c.description, goals: c.goals, pains: c.pains, emoji: c.emoji, picture_url: c.picture_url,
    rule: formToRule(c.rule, attrs) };
}

export type Problem = 'required' | 'number' | 'empty';

// What the form can tell before asking the server: the name, an attribute chosen, values given,
// numbers that are numbers, and no group left empty (an empty "any" matches no one, an empty
// "all" inside another group adds nothing; only the whole rule may be an empty "all": everyone).
// Keys are input names (the JSON paths); the server checks the rest.
export function checkPersonaForm(f: PersonaForm, attrs: AttributeDef[]): Record<string, Problem> {
  const out: Record<string, Problem> = {};
  if (!f.name.trim()) out.name = 'required';
  walk(f.rule, (row, path) => {
    if (row.kind === 'group') {
      if (!row.items.length && (row.any || path !== 'rule')) out[`${path}.match`] = 'empty';
    } else if (row.kind === 'attribute') {
      if (!row.attribute) { out[`${path}.attribute`] = 'required'; return; }
      if (NO_VALUE_OPS.includes(row.op)) return;
      const type = typeOf(row, attrs);
      const list = LIST_OPS.includes(row.op) ? (type === 'choice' ? row.values : splitList(row.value)) : [row.value.trim()];
      if (!list.length || list.some((v) => v === '')) out[`${path}.value`] = 'required';
      else if (type === 'number' && list.some((v) => Number.isNaN(parseNumber(v)))) out[`${path}.value`] = 'number';
    } else if (row.kind === 'interactions') {
      if (!row.value.trim()) out[`${path}.value`] = 'required';
      else if (Number.isNaN(parseNumber(row.value))) out[`${path}.value`] = 'number';
      if (row.within_days.trim() && Number.isNaN(parseNumber(row.within_days))) out[`${path}.interactions.within_days`] = 'number';
    }
  });
  return out;
}

// Where a server error goes in the form: an input of the rule (by its path), a goal or pain
// ("goals[2]"), a field of the profile; null for anything else (shown as a general error).
export function personaTarget(field: string, f: PersonaForm): string | null {
  const rule = ruleTarget(field, f.rule);
  if (rule) return rule.input;
  const item = /^(goals|pains)\[(\d+)\]$/.exec(field);
  if (item) return Number(item[2]) < f[item[1] as 'goals' | 'pains'].length ? field : item[1];
  if (['name', 'description', 'emoji', 'picture_url', 'goals', 'pains'].includes(field)) return field;
  return null;
}

// The input name of the first problem, in the form's order (to bring it into view).
export function firstProblem(f: PersonaForm, problems: Record<string, unknown>): string | null {
  const order = ['name', 'emoji', 'picture_url', 'description', 'goals', ...f.goals.map((_, i) => `goals[${i}]`), 'pains', ...f.pains.map((_, i) => `pains[${i}]`)];
  for (const k of order) if (k in problems) return k;
  let found: string | null = null;
  walk(f.rule, (row, path) => {
    if (found) return;
    found = Object.keys(problems).find((k) => k === path + '.match' || k.startsWith(path + '.') && !/\.(all|any)\[/.test(k.slice(path.length))) ?? null;
  });
  return found ?? Object.keys(problems)[0] ?? null;
}
