// Action plans as the app shows them, as pure functions (unit-tested without a browser): the
// status flow's steps, a measurement as words (a number with its margin, or "not enough
// responses"), the change's verdict as a badge, and the before/after chart's series.
import type { Schemas } from '../../lib/api';
import { fmtNumber, fmtSigned, type Locale } from '../../lib/format';

export type Plan = Schemas['ActionPlan'];
export type PlanDetail = Schemas['ActionPlanDetail'];
export type PlanStatus = NonNullable<Plan['status']>;
export type Measurement = Schemas['PlanMeasurement'];
export type Change = Schemas['MetricChange'];
export type Verdict = NonNullable<Change['verdict']>;

export const PLAN_STATUSES: PlanStatus[] = ['draft', 'active', 'done', 'cancelled'];
export const METRICS = ['nps', 'csat', 'ces'] as const;
export type MetricName = (typeof METRICS)[number];

// A value in its unit: NPS in points ("+12.3"), CSAT/CES in percent ("84.0%").
export function fmtValue(v: number, unit: string | undefined, l: Locale): string {
  return unit === 'percent' ? fmtNumber(v, l, 1) + '%' : fmtNumber(v, l, 1);
}

// A measurement as text: "42.0 ± 8.3" or null below the minimum n (the caller says so).
export function measurementText(m: Measurement | null | undefined, unit: string | undefined, l: Locale): string | null {
  if (!m || m.status !== 'ok' || typeof m.value !== 'number') return null;
  return `${fmtValue(m.value, unit, l)} ± ${fmtNumber(m.margin ?? 0, l, 1)}`;
}

// The change as text: "+50.0 ± 20.8" (points of the unit), or null when it cannot be told.
export function changeText(c: Change | null | undefined, l: Locale): string | null {
  if (!c || typeof c.difference !== 'number') return null;
  return `${fmtSigned(c.difference, l, 1)} ± ${fmtNumber(c.margin ?? 0, l, 1)}`;
}

// The verdict's badge class: good news green, bad news red, no news grey.
export function verdictClass(v: Verdict | undefined): string {
  if (v === 'significant_increase') return 'v-up';
  if (v === 'significant_decrease') return 'v-down';
  if (v === 'no_significant_change') return 'v-flat';
  return 'v-none';
}

// The before/after chart's bars and interval ends, in the order [before, after]; null where a
// side has no number.
export function chartSeries(e: Schemas['PlanEffect'] | undefined): { values: (number | null)[]; lows: (number | null)[]; highs: (number | null)[] } {
  const pick = (m: Measurement | null | undefined, k: 'value' | 'ci_low' | 'ci_high') =>
    m && m.status === 'ok' && typeof m[k] === 'number' ? (m[k] as number) : null;
  const sides = [e?.before, e?.after];
  return { values: sides.map((m) => pick(m, 'value')), lows: sides.map((m) => pick(m, 'ci_low')), highs: sides.map((m) => pick(m, 'ci_high')) };
}

// Tasks done of all as "2/3".
export function taskProgress(p: Pick<Plan, 'tasks_done' | 'tasks_total'>, l: Locale): string {
  return `${fmtNumber(p.tasks_done ?? 0, l)}/${fmtNumber(p.tasks_total ?? 0, l)}`;
}

// Where a server error about a plan belongs on the form ("metric.survey_id" -> "metric").
export function formPlace(field: string | null): string {
  if (!field) return 'other';
  const top = field.split(/[.[]/)[0];
  return ['title', 'description', 'aims_at', 'owner', 'due', 'cost', 'metric', 'baseline_days', 'window_days', 'status', 'version'].includes(top) ? top : 'other';
}
