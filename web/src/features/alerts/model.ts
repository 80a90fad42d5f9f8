// Alert rules, root causes and the act settings as the forms edit them, and the API's JSON
// built from the forms, as pure functions (unit-tested without a browser).
//
// A rule's condition (src/act/alert_conditions.h) is {"field", "op", "value"?}: field
// answer.<question>, hidden.<name>, sentiment, topic, comment, touchpoint, channel, agent,
// language or persona. The form keeps one row per condition in the JSON's order, so the
// server's error path ("conditions[1].op") names a row and an input of the form.
import type { Schemas } from '../../lib/api';
import { parseNumber, toLatinDigits } from '../../lib/format';

export type AlertRule = Schemas['AlertRule'];
export type AlertRuleInput = Schemas['AlertRuleInput'];
export type ApiCondition = NonNullable<AlertRuleInput['conditions']>[number];
export type Watch = Schemas['AlertWatch'];
export const WATCH_METRICS = ['nps', 'csat', 'ces'] as const;
export const WATCH_BY = ['', 'touchpoint', 'agent', 'channel'] as const;
export type CondOp = ApiCondition['op'];
export type Priority = NonNullable<AlertRuleInput['priority']>;
export type Role = Schemas['Role'];

export const FIELD_KINDS = ['answer', 'sentiment', 'topic', 'comment', 'touchpoint', 'channel', 'agent', 'language', 'hidden', 'persona'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];
export const SENTIMENTS = ['negative', 'neutral', 'positive', 'mixed'] as const;
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];
export const ROLES: Role[] = ['owner', 'admin', 'analyst', 'agent', 'viewer'];
// Ops that take a list of values, and the one that takes none.
const LIST_OPS: CondOp[] = ['in', 'not_in', 'contains_any'];
const ORDERING: CondOp[] = ['<', '<=', '>', '>='];

// The question types whose answers are numbers (ordering makes sense).
const NUMERIC_TYPES = ['nps', 'csat', 'ces', 'rating', 'number'];

// The ops a field allows (as the server's Allowed()), in the order the form offers them.
export function opsFor(kind: FieldKind, questionType?: string): CondOp[] {
  switch (kind) {
    case 'answer':
      if (questionType && NUMERIC_TYPES.includes(questionType)) return ['<=', '<', '=', '!=', '>=', '>', 'in', 'not_in', 'answered'];
      if (questionType === 'single_choice' || questionType === 'multiple_choice') return ['=', '!=', 'in', 'not_in', 'answered'];
      return ['=', '!=', '<=', '<', '>=', '>', 'in', 'not_in', 'answered'];
    case 'comment': return ['contains', 'contains_any'];
    case 'sentiment': case 'topic': case 'persona': return ['=', 'in', 'not_in'];
    default: return ['=', '!=', 'in', 'not_in'];
  }
}

export interface ConditionRow { kind: FieldKind; key: string; op: CondOp; value: string }
// A rule on each response (conditions) or on a score over time (watch).
export interface WatchForm { metric: (typeof WATCH_METRICS)[number]; by: (typeof WATCH_BY)[number]; days: string; min_drop: string }
export interface RuleForm {
  mode: 'responses' | 'watch'; watch: WatchForm;
  name: string; enabled: boolean; survey_id: string; match: 'all' | 'any'; conditions: ConditionRow[];
  priority: Priority; open_case: boolean; users: number[]; roles: Role[]; touchpoint_owner: boolean;
  in_app: boolean; email: boolean; dedupe_minutes: string; max_per_hour: string;
}

export function blankRuleForm(): RuleForm {
  return {
    mode: 'responses', watch: { metric: 'nps', by: '', days: '7', min_drop: '0' },
    name: '', enabled: true, survey_id: '', match: 'all', conditions: [{ kind: 'answer', key: '', op: '<=', value: '' }],
    priority: 'normal', open_case: true, users: [], roles: [], touchpoint_owner: false, in_app: true, email: false,
    dedupe_minutes: '1440', max_per_hour: '0',
  };
}

// "answer.csat" → kind answer, key csat; "sentiment" → kind sentiment.
export function splitField(field: string): { kind: FieldKind; key: string } {
  const dot = field.indexOf('.');
  const head = dot < 0 ? field : field.slice(0, dot);
  if ((head === 'answer' || head === 'hidden') && dot > 0) return { kind: head, key: field.slice(dot + 1) };
  return { kind: (FIELD_KINDS as readonly string[]).includes(field) ? (field as FieldKind) : 'answer', key: (FIELD_KINDS as readonly string[]).includes(field) ? '' : field };
}

export function fieldOf(row: Pick<ConditionRow, 'kind' | 'key'>): string {
  return row.kind === 'answer' || row.kind === 'hidden' ? `${row.kind}.${row.key.trim()}` : row.kind;
}

// One value as the API takes it: a number where the field compares numbers (ordering, persona
// ids, answers that look like numbers), else the text as typed.
function valueOf(text: string, kind: FieldKind, op: CondOp): string | number {
  const t = text.trim();
  const n = parseNumber(t);
  if (kind === 'persona' || ORDERING.includes(op)) return Number.isNaN(n) ? t : n;
  if (kind === 'answer' && !Number.isNaN(n)) return n;
  return t;
}

// A list typed with commas (Latin or Persian) into its values.
export function splitList(text: string): string[] {
  return text.split(/[,،]/).map((s) => s.trim()).filter(Boolean);
}

export function rowToCondition(row: ConditionRow): ApiCondition {
  const field = fieldOf(row);
  if (row.op === 'answered') return { field, op: row.op };
  if (LIST_OPS.includes(row.op)) return { field, op: row.op, value: splitList(row.value).map((v) => valueOf(v, row.kind, row.op)) };
  return { field, op: row.op, value: valueOf(row.value, row.kind, row.op) };
}

export function conditionToRow(c: ApiCondition): ConditionRow {
  const { kind, key } = splitField(c.field);
  const v = c.value;
  const value = Array.isArray(v) ? v.map(String).join(', ') : v === undefined || v === null ? '' : String(v);
  return { kind, key, op: c.op, value };
}

export function ruleToForm(r: AlertRule): RuleForm {
  const channels = r.notify?.channels ?? ['in_app'];
  const w = r.watch ?? null;
  return {
    mode: w ? 'watch' : 'responses',
    watch: { metric: w?.metric ?? 'nps', by: (w?.by ?? '') as WatchForm['by'], days: String(w?.days ?? 7), min_drop: String(w?.min_drop ?? 0) },
    name: r.name ?? '', enabled: r.enabled ?? true, survey_id: r.survey_id ? String(r.survey_id) : '', match: r.match ?? 'all',
    conditions: (r.conditions ?? []).length ? (r.conditions ?? []).map(conditionToRow) : [{ kind: 'answer', key: '', op: '<=', value: '' }], priority: r.priority ?? 'normal', open_case: r.open_case ?? true,
    users: r.notify?.users ?? [], roles: r.notify?.roles ?? [], touchpoint_owner: r.notify?.touchpoint_owner ?? false,
    in_app: channels.includes('in_app'), email: channels.includes('email'),
    dedupe_minutes: String(r.dedupe_minutes ?? 1440), max_per_hour: String(r.max_per_hour ?? 0),
  };
}

export function formToRule(f: RuleForm): AlertRuleInput {
  const channels: ('in_app' | 'email')[] = [];
  if (f.in_app) channels.push('in_app');
  if (f.email) channels.push('email');
  const when = f.mode === 'watch'
    ? { watch: { metric: f.watch.metric, by: f.watch.by || null, days: parseNumber(f.watch.days), min_drop: parseNumber(f.watch.min_drop) } }
    : { match: f.match, conditions: f.conditions.map(rowToCondition) };
  return {
    name: f.name.trim(), enabled: f.enabled, ...(f.survey_id ? { survey_id: Number(f.survey_id) } : {}), ...when,
    priority: f.priority, open_case: f.open_case,
    notify: { users: f.users, roles: f.roles, touchpoint_owner: f.touchpoint_owner, channels },
    dedupe_minutes: parseNumber(f.dedupe_minutes), max_per_hour: parseNumber(f.max_per_hour),
  };
}

// The input of a stored rule (for PUT, e.g. switching it on or off).
export function ruleInput(r: AlertRule): AlertRuleInput {
  const { id: _id, created_at: _c, updated_at: _u, watch, match, conditions, ...input } = r;
  return { ...input, name: input.name ?? '', ...(watch ? { watch } : { match, conditions: conditions ?? [] }) };
}

// What the form can tell before asking the server.
export type FormProblem = 'required' | 'number';
export function checkRuleForm(f: RuleForm): Record<string, FormProblem> {
  const out: Record<string, FormProblem> = {};
  if (!f.name.trim()) out.name = 'required';
  for (const k of ['dedupe_minutes', 'max_per_hour'] as const) if (Number.isNaN(parseNumber(f[k]))) out[k] = 'number';
  if (f.mode === 'watch') {
    if (!f.survey_id) out.survey_id = 'required';
    for (const k of ['days', 'min_drop'] as const) if (Number.isNaN(parseNumber(f.watch[k]))) out[`watch.${k}`] = 'number';
    return out;
  }
  f.conditions.forEach((c, i) => {
    if ((c.kind === 'answer' || c.kind === 'hidden') && !c.key.trim()) out[`conditions[${i}].field`] = 'required';
    if (c.op !== 'answered' && !c.value.trim()) out[`conditions[${i}].value`] = 'required';
  });
  return out;
}

// A condition in a line, for the rules list: "answer.csat ≤ 2".
const OP_TEXT: Partial<Record<CondOp, string>> = { '<=': '≤', '>=': '≥', '!=': '≠' };
export function conditionText(c: ApiCondition): string {
  const v = c.value === undefined ? '' : Array.isArray(c.value) ? ' [' + c.value.join(', ') + ']' : ' ' + String(c.value);
  return `${c.field} ${OP_TEXT[c.op] ?? c.op}${v}`;
}

// A watch in a line, for the rules list: "NPS ↓ · touchpoint · 7 d".
export function watchText(w: Watch, label: (key: string) => string): string {
  return [label(`al.metric.${w.metric}`) + ' ↓', w.by ? label(`al.by.${w.by}`) : label('al.by.all'), label('al.days').replace('{n}', String(w.days ?? 7))].join(' · ');
}

// --- root causes ----------------------------------------------------------------------------

export type RootCause = Schemas['RootCause'];
export type RootCauseInput = Schemas['RootCauseInput'];
// A cause may point at a driver, a topic and a touchpoint at once: one field each (empty: none).
export interface CauseForm { key: string; fa: string; en: string; driver: string; topic: string; touchpoint: string; active: boolean }
export const POINTS = ['driver', 'topic', 'touchpoint'] as const;

export function blankCauseForm(): CauseForm { return { key: '', fa: '', en: '', driver: '', topic: '', touchpoint: '', active: true }; }

export function causeToForm(c: RootCause): CauseForm {
  const p = c.points_at ?? {};
  return { key: c.key ?? '', fa: c.name?.fa ?? '', en: c.name?.en ?? '', driver: p.driver ?? '', topic: p.topic ?? '', touchpoint: p.touchpoint ?? '', active: c.active ?? true };
}

export function formToCause(f: CauseForm, isNew: boolean): RootCauseInput {
  const name: { fa?: string; en?: string } = {};
  if (f.fa.trim()) name.fa = f.fa.trim();
  if (f.en.trim()) name.en = f.en.trim();
  const points_at: Partial<Record<(typeof POINTS)[number], string>> = {};
  for (const k of POINTS) if (f[k].trim()) points_at[k] = f[k].trim();
  return { ...(isNew ? { key: f.key.trim() } : {}), name, points_at, active: f.active };
}

// --- act settings: the working week, holidays, SLA targets, assignment ------------------------

export const WEEKDAYS = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export interface Interval { start: string; end: string }
export interface HolidayRow { calendar: 'jalali' | 'gregorian'; every_year: boolean; date: string; month: string; day: string; name: string }
export interface TargetRow { first_h: string; first_m: string; res_h: string; res_m: string }
export interface AssignmentRow { touchpoint: string; agent: string; priority: '' | Priority; users: number[] }
export interface SettingsForm {
  time_zone: string; week: Record<Weekday, Interval[]>; holidays: HolidayRow[];
  sla: Record<Priority, TargetRow>; warn_percent: string;
  rules: AssignmentRow[]; default_users: number[];
}

interface ApiHoliday { date?: string; month?: number; day?: number; calendar?: string; name?: string }
interface ApiCalendar { time_zone?: string; week?: Partial<Record<Weekday, [string, string][]>>; holidays?: ApiHoliday[] }
interface ApiTarget { first_response_minutes?: number; resolution_minutes?: number }
interface ApiAssignment { rules?: { touchpoint?: string; agent?: string; priority?: string; users?: number[] }[]; default?: number[] }
export type ActSettings = Schemas['ActSettings'];

const hm = (minutes: number | undefined) => ({ h: String(Math.floor((minutes ?? 0) / 60)), m: String((minutes ?? 0) % 60) });

export function settingsToForm(s: ActSettings): SettingsForm {
  const cal = (s.calendar ?? {}) as ApiCalendar;
  const sla = (s.sla ?? {}) as Partial<Record<Priority, ApiTarget>>;
  const a = (s.assignment ?? {}) as ApiAssignment;
  const week = Object.fromEntries(WEEKDAYS.map((d) => [d, (cal.week?.[d] ?? []).map(([start, end]) => ({ start, end }))])) as Record<Weekday, Interval[]>;
  return {
    time_zone: cal.time_zone ?? 'UTC', week,
    holidays: (cal.holidays ?? []).map((h) => ({
      calendar: h.calendar === 'gregorian' ? 'gregorian' : 'jalali', every_year: !h.date, date: h.date ?? '',
      month: h.month ? String(h.month) : '', day: h.day ? String(h.day) : '', name: h.name ?? '',
    })),
    sla: Object.fromEntries(PRIORITIES.map((p) => {
      const f = hm(sla[p]?.first_response_minutes), r = hm(sla[p]?.resolution_minutes);
      return [p, { first_h: f.h, first_m: f.m, res_h: r.h, res_m: r.m }];
    })) as Record<Priority, TargetRow>,
    warn_percent: String(Math.round((s.warn_at ?? 0.75) * 100)),
    rules: (a.rules ?? []).map((r) => ({ touchpoint: r.touchpoint ?? '', agent: r.agent ?? '', priority: (r.priority ?? '') as AssignmentRow['priority'], users: r.users ?? [] })),
    default_users: a.default ?? [],
  };
}

// Hours and minutes typed into working minutes (NaN when either is not a number).
export function toMinutes(h: string, m: string): number {
  const hh = h.trim() ? parseNumber(h) : 0, mm = m.trim() ? parseNumber(m) : 0;
  return Math.round(hh * 60 + mm);
}

export function formToSettings(f: SettingsForm): ActSettings {
  const holidays: ApiHoliday[] = f.holidays.map((h) => {
    const out: ApiHoliday = { calendar: h.calendar };
    if (h.every_year) { out.month = parseNumber(h.month); out.day = parseNumber(h.day); } else out.date = toLatinDigits(h.date.trim());
    if (h.name.trim()) out.name = h.name.trim();
    return out;
  });
  const assignment: ApiAssignment = {
    rules: f.rules.map((r) => ({
      ...(r.touchpoint.trim() ? { touchpoint: r.touchpoint.trim() } : {}), ...(r.agent.trim() ? { agent: r.agent.trim() } : {}),
      ...(r.priority ? { priority: r.priority } : {}), users: r.users,
    })),
  };
  if (f.default_users.length) assignment.default = f.default_users;
  return {
    calendar: {
      time_zone: f.time_zone.trim(),
      week: Object.fromEntries(WEEKDAYS.map((d) => [d, f.week[d].map((i) => [toLatinDigits(i.start.trim()), toLatinDigits(i.end.trim())])])),
      holidays,
    },
    sla: Object.fromEntries(PRIORITIES.map((p) => [p, {
      first_response_minutes: toMinutes(f.sla[p].first_h, f.sla[p].first_m), resolution_minutes: toMinutes(f.sla[p].res_h, f.sla[p].res_m),
    }])),
    warn_at: parseNumber(f.warn_percent) / 100,
    assignment: assignment as Record<string, unknown>,
  };
}
