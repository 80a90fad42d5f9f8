// Key driver analysis as the drivers page reads it: the API's answer
// (GET …/surveys/{id}/drivers) and pure helpers for the priority matrix and the ranked list.
import type { Schemas } from '../../lib/api';
import type { Lang } from '../../lib/format';

export type ScaleQuestion = Schemas['ScaleQuestion'];
// A driver's importance, its interval and performance (0-100: the mean as a share of its scale).
export type Driver = Schemas['DriverImportance'];
// The drivers come ranked, most important first.
export type DriverReport = Schemas['DriverReport'];

// The server's cap on drivers per analysis (exact Shapley doubles in cost with each).
export const MAX_DRIVERS = 15;

// A question's text in the reader's language, else in the survey's other language, else its id.
export function labelOf(q: ScaleQuestion, lang: Lang): string {
  return q.label[lang] || Object.values(q.label).find(Boolean) || q.id;
}

// At most `max` characters, an ellipsis marking the cut (chart labels stay on one line).
export function shorten(text: string, max = 28): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('').trimEnd() + '…';
}

// The drivers to fix first, most important first.
export function fixFirst(drivers: Driver[]): Driver[] {
  return drivers.filter((d) => d.quadrant === 'fix_first');
}

// The drivers to protect: important and performing (most important first).
export function strengths(drivers: Driver[]): Driver[] {
  return drivers.filter((d) => d.quadrant === 'keep');
}

// When nothing important lags: the most important of the drivers performing below the others,
// the next place where effort moves the outcome most.
export function nextToImprove(drivers: Driver[]): Driver | undefined {
  return drivers.find((d) => d.quadrant === 'low_priority');
}

// The driver ids after checking or unchecking one, in the survey's order; at least one stays,
// at most MAX_DRIVERS are kept.
export function toggleDriver(current: string[], id: string, order: string[]): string[] {
  const chosen = new Set(current);
  if (chosen.has(id)) {
    if (chosen.size === 1) return current;
    chosen.delete(id);
  } else {
    if (chosen.size >= MAX_DRIVERS) return current;
    chosen.add(id);
  }
  return order.filter((x) => chosen.has(x));
}

// The widths of a ranked-list row's bar and interval, as percentages of the largest value
// shown (the largest upper bound, or share, of all drivers).
export function barGeometry(d: Driver, scaleMax: number) {
  const pct = (v: number) => (scaleMax > 0 ? Math.max(0, Math.min(100, (v / scaleMax) * 100)) : 0);
  return {
    bar: pct(d.lmg_share),
    ci: d.ci_low !== null && d.ci_high !== null ? { from: pct(d.ci_low), to: pct(d.ci_high) } : null,
  };
}

export function barScale(drivers: Driver[]): number {
  return Math.max(0, ...drivers.map((d) => Math.max(d.lmg_share, d.ci_high ?? 0)));
}

type Quadrant = Driver['quadrant'];
// The order the drivers ask for attention in: what to fix first, the strengths to protect,
// then what matters little (lagging before performing).
export const PRIORITY: Quadrant[] = ['fix_first', 'keep', 'low_priority', 'monitor'];

// The drivers in that order, most important first within each (the API ranks by importance).
export function byPriority(drivers: Driver[]): Driver[] {
  return PRIORITY.flatMap((q) => drivers.filter((d) => d.quadrant === q));
}

// What the headline says: the drivers to fix first, else the strengths to protect (there is
// always one: some driver weighs at least the average), and the next to improve. Its first
// name is byPriority's first row, so the headline, the list and the labels agree.
export function headline(drivers: Driver[]): { kind: 'fix' | 'keep'; named: Driver[]; next?: Driver } {
  const fix = fixFirst(drivers);
  if (fix.length) return { kind: 'fix', named: fix };
  const keep = strengths(drivers);
  return { kind: 'keep', named: keep.length ? keep : byPriority(drivers).slice(0, 1), next: nextToImprove(drivers) };
}

// A question left out of the default drivers (it measures the outcome itself), and why.
export type Excluded = Schemas['ExcludedDriver'];
