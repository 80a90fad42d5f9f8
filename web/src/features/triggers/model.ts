// Trigger rules as the form edits them, and the rule JSON of the API (TriggerRuleInput in
// docs/openapi.json) built from the form, as pure functions (unit-tested without a browser).
// The form keeps what people type (text, a percent, a delay with its unit); the server's
// errors name the API's fields, which the form shows beside the inputs of the same name.
import type { Schemas } from '../../lib/api';
import { fmtNumber, parseNumber, type Locale } from '../../lib/format';

// A rule as the API takes it (POST, PUT) and as it stores it.
export type RuleInput = Schemas['TriggerRuleInput'];
export type TriggerRule = Schemas['TriggerRule'];
export type FactCondition = Schemas['FactCondition'];

export type Delivery = RuleInput['delivery'];
export const DELIVERIES: Delivery[] = ['email', 'sms', 'webhook', 'ivr'];
export type FactOp = FactCondition['op'];
export const FACT_OPS: FactOp[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];
export const OP_SYMBOL: Record<FactOp, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥', eq: '=', neq: '≠' };
// Facts interactions usually carry (queue_log calls, the demo's contact centre, orders).
export const KNOWN_FACTS = ['wait_s', 'talk_s', 'handle_s', 'answered', 'abandoned', 'order_value'];
// What a rule's message may say ({{link}} is required in email and SMS bodies).
export const MESSAGE_PLACEHOLDERS = ['link', 'name', 'touchpoint', 'agent'] as const;
export type DelayUnit = 'minutes' | 'hours' | 'days';
export const DELAY_UNITS: DelayUnit[] = ['minutes', 'hours', 'days'];
const UNIT_S: Record<DelayUnit, number> = { minutes: 60, hours: 3600, days: 86400 };
export const TEMPLATE_LANGS = ['fa', 'en'] as const;
export type TemplateLang = (typeof TEMPLATE_LANGS)[number];

// The message a rule without its own sends (as DefaultMessage in src/outreach/triggers.cc).
export const BUILT_IN_MESSAGES: Record<TemplateLang, { subject: string; body: string }> = {
  fa: { subject: 'نظر شما درباره‌ی {{touchpoint}} چیست؟',
        body: 'سلام،\n\nاز این‌که با ما در تماس بودید سپاسگزاریم. لطفاً در یک دقیقه بگویید تجربه‌ی شما چطور بود:\n{{link}}\n\nنظر شما به ما کمک می‌کند بهتر شویم.' },
  en: { subject: 'How was your {{touchpoint}}?',
        body: 'Hello,\n\nThank you for getting in touch. Please take a minute to tell us how it went:\n{{link}}\n\nYour answer helps us do better.' },
};

// A message with its placeholders filled (a preview); unknown ones stay as written.
export function fillMessage(text: string, values: Partial<Record<(typeof MESSAGE_PLACEHOLDERS)[number], string>>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, name: string) => (values as Record<string, string>)[name] ?? all);
}

export interface ConditionRow { fact: string; op: FactOp; value: string }
export interface RuleForm {
  name: string; enabled: boolean; survey_id: string; touchpoint: string; channel: string;
  conditions: ConditionRow[]; delivery: Delivery; delay: string; delayUnit: DelayUnit;
  sampling: string;  // percent
  frequency_cap_days: string; quiet: boolean; quiet_start: string; quiet_end: string;
  reminder_after_hours: string; templates: Record<TemplateLang, { subject: string; body: string }>;
  latest_call_only: boolean;  // a later call from the same caller supersedes a waiting invitation
}

export function blankRuleForm(): RuleForm {
  return {
    name: '', enabled: true, survey_id: '', touchpoint: '', channel: '', conditions: [],
    delivery: 'email', delay: '0', delayUnit: 'minutes', sampling: '100', frequency_cap_days: '30',
    quiet: true, quiet_start: '21', quiet_end: '8', reminder_after_hours: '0',
    templates: { fa: { subject: '', body: '' }, en: { subject: '', body: '' } }, latest_call_only: false,
  };
}

// A number as people read it: no float noise (0.07 × 100 is 7, not 7.000000000000001).
function plain(n: number): string {
  return String(Number(n.toFixed(6)));
}

// The delay in the largest whole unit: 600 s is 10 minutes, 7200 s 2 hours, 86400 s 1 day.
export function splitDelay(seconds: number): { delay: string; delayUnit: DelayUnit } {
  if (seconds > 0 && seconds % UNIT_S.days === 0) return { delay: String(seconds / UNIT_S.days), delayUnit: 'days' };
  if (seconds > 0 && seconds % UNIT_S.hours === 0) return { delay: String(seconds / UNIT_S.hours), delayUnit: 'hours' };
  return { delay: plain(seconds / 60), delayUnit: 'minutes' };
}

export function ruleToForm(r: TriggerRule | RuleInput): RuleForm {
  const blank = blankRuleForm();
  const tpl = (l: TemplateLang) => ({ subject: r.templates?.[l]?.subject ?? '', body: r.templates?.[l]?.body ?? '' });
  return {
    name: r.name, enabled: r.enabled ?? true, survey_id: String(r.survey_id), touchpoint: r.touchpoint, channel: r.channel ?? '',
    conditions: (r.conditions ?? []).map((c) => ({ fact: c.fact, op: c.op, value: plain(c.value) })),
    delivery: r.delivery, ...splitDelay(r.delay_s ?? 0),
    sampling: plain((r.sampling ?? 1) * 100), frequency_cap_days: String(r.frequency_cap_days ?? 0),
    quiet: !!r.quiet_hours, quiet_start: String(r.quiet_hours?.start ?? blank.quiet_start), quiet_end: String(r.quiet_hours?.end ?? blank.quiet_end),
    reminder_after_hours: String(r.reminder_after_hours ?? 0),
    templates: { fa: tpl('fa'), en: tpl('en') }, latest_call_only: r.latest_call_only ?? false,
  };
}

export type FormProblem = 'required' | 'number';

// What the form can tell before asking the server: required fields and numbers. The server
// checks the rest (ranges, the survey and touchpoint existing, templates' placeholders).
// Keys are the API's field names, as the server's errors are.
export function checkRuleForm(f: RuleForm): Record<string, FormProblem> {
  const out: Record<string, FormProblem> = {};
  if (!f.name.trim()) out.name = 'required';
  if (!f.survey_id) out.survey_id = 'required';
  if (!f.touchpoint) out.touchpoint = 'required';
  const numbers: [string, string][] = [['delay_s', f.delay], ['sampling', f.sampling], ['frequency_cap_days', f.frequency_cap_days]];
  if (f.delivery !== 'ivr') numbers.push(['reminder_after_hours', f.reminder_after_hours]);
  for (const [field, text] of numbers) if (Number.isNaN(parseNumber(text))) out[field] = 'number';
  f.conditions.forEach((c, i) => {
    if (!c.fact.trim()) out[`conditions[${i}].fact`] = 'required';
    if (Number.isNaN(parseNumber(c.value))) out[`conditions[${i}].value`] = 'number';
  });
  return out;
}

// The rule JSON for POST and PUT. Message templates are sent only for the languages with a
// body (none: the built-in message); IVR has neither messages nor reminders.
export function formToRule(f: RuleForm): RuleInput {
  const templates: RuleInput['templates'] = {};
  if (f.delivery !== 'ivr') {
    for (const l of TEMPLATE_LANGS) {
      const { subject, body } = f.templates[l];
      if (!body.trim()) continue;
      templates[l] = f.delivery === 'email' && subject.trim() ? { subject: subject.trim(), body } : { body };
    }
  }
  return {
    name: f.name.trim(),
    enabled: f.enabled,
    survey_id: Number(f.survey_id),
    touchpoint: f.touchpoint,
    channel: f.channel.trim(),
    conditions: f.conditions.map((c) => ({ fact: c.fact.trim(), op: c.op, value: parseNumber(c.value) })),
    delivery: f.delivery,
    delay_s: Math.round(parseNumber(f.delay) * UNIT_S[f.delayUnit]),
    // Two decimals of a percent at most, so 12.5% is 0.125 exactly as typed.
    sampling: Number((parseNumber(f.sampling) / 100).toFixed(6)),
    frequency_cap_days: parseNumber(f.frequency_cap_days),
    quiet_hours: f.quiet ? { start: Number(f.quiet_start), end: Number(f.quiet_end) } : null,
    reminder_after_hours: f.delivery === 'ivr' ? 0 : parseNumber(f.reminder_after_hours),
    templates,
    latest_call_only: f.latest_call_only,
  };
}

// The input of a stored rule (for PUT): the server refuses fields it does not take.
export function ruleInput(r: TriggerRule): RuleInput {
  const { id: _id, created_at: _c, updated_at: _u, ...input } = r;
  return input;
}

// Where a server error goes in the form: the API's field names, with `quiet_hours` and the
// template languages' parts shown at their group.
export function formFieldOf(field: string): string {
  if (field === 'quiet_hours.start' || field === 'quiet_hours.end') return field;
  if (/^templates\.(fa|en)$/.test(field)) return field + '.body';
  return field;
}

// Where a fact condition stands in a sentence: "wait_s > 60".
export function conditionText(c: FactCondition, num: (n: number) => string): string {
  return `${c.fact} ${OP_SYMBOL[c.op]} ${num(c.value)}`;
}

// The delay in its unit, e.g. for "10 minutes after".
export function delayParts(seconds: number): { n: number; unit: DelayUnit } | null {
  if (!seconds) return null;
  const { delay, delayUnit } = splitDelay(seconds);
  return { n: Number(delay), unit: delayUnit };
}

// An hour of the day as a clock reads it: "08:00" (in the reader's digits).
export function hour(h: number, l: Locale) {
  return String(h).padStart(2, '0').replace(/\d/g, (d) => fmtNumber(Number(d), l)) + ':' + fmtNumber(0, l) + fmtNumber(0, l);
}
