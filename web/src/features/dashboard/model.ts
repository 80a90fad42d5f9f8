// The dashboard's figures from the metrics API's reports (GET …/metrics): the headline number of
// a score, its margin, the value a chart draws, the trend's bucket for a period. Pure.
import type { Schemas } from '../../lib/api';
import { fmtNumber, fmtPercent, fmtSigned, type Locale } from '../../lib/format';
import type { Filters, ScoreMetric } from '../../ui/filters';

export type Metric = ScoreMetric;
export const METRICS: Metric[] = ['nps', 'csat', 'ces'];

export type Report = Schemas['MetricReport'];
export type Group = Schemas['MetricGroup'];

// A group's score as the metric reports it (NPS, or the favourable share of CSAT and CES).
export function npsOf(g: Group): Schemas['NpsScore'] | null {
  return g.score && 'nps' in g.score ? g.score : null;
}
export function topBoxOf(g: Group): Schemas['TopBoxScore'] | null {
  return g.score && 'favourable' in g.score ? g.score : null;
}

export function headline(metric: Metric, g: Group, l: Locale): string {
  const s = metric === 'nps' ? npsOf(g)?.nps : topBoxOf(g)?.favourable;
  if (s === undefined) return '—';
  return metric === 'nps' ? fmtSigned(s, l, 1) : fmtPercent(s, l, 1);
}

export function margin(metric: Metric, g: Group, l: Locale): string {
  if (metric === 'nps') { const s = npsOf(g); return s ? fmtNumber(s.margin, l, 1) : '—'; }
  const s = topBoxOf(g);
  return s ? fmtNumber(((s.favourable_ci_high - s.favourable_ci_low) / 2) * 100, l, 1) : '—';
}

export function value(metric: Metric, g: Group): number | null {
  if (g.status !== 'ok') return null;
  const s = metric === 'nps' ? npsOf(g)?.nps : topBoxOf(g)?.favourable;
  if (s === undefined) return null;
  return metric === 'nps' ? s : s * 100;
}

export function bucketFor(f: Filters) {
  return f.period === '7d' || f.period === '30d' ? (f.period === '7d' ? 'day' : 'week') : 'month';
}

// A breakdown's order: the lowest score first (where to look), the highest first, or the most
// answers first. Groups too small to score follow the scored ones, most answers first.
export type SortKey = 'worst' | 'best' | 'volume';
export const SORT_KEYS: SortKey[] = ['worst', 'best', 'volume'];

export function sortGroups(groups: Group[], metric: Metric, key: SortKey): Group[] {
  const scored = groups.filter((g) => value(metric, g) !== null);
  const rest = groups.filter((g) => value(metric, g) === null).sort((a, b) => b.n - a.n);
  const sign = key === 'worst' ? 1 : -1;
  if (key === 'volume') return [...groups].sort((a, b) => b.n - a.n);
  scored.sort((a, b) => sign * (value(metric, a)! - value(metric, b)!) || b.n - a.n);
  return [...scored, ...rest];
}

// Whether a group stands out from the rest beyond the margin (the server's test, adjusted for
// the number of groups): 'above', 'below', or null.
export function outlierOf(g: Group): 'above' | 'below' | null {
  const o = g.versus_rest?.outlier;
  return o === 'above' || o === 'below' ? o : null;
}

// The metric the dashboard opens on: the one asked for when the survey has it, else the
// survey's first score (NPS, CSAT, CES); null when it asks none of them.
export function pickMetric(asked: Metric | null, questions: Partial<Record<Metric, string>>): Metric | null {
  if (asked && questions[asked]) return asked;
  return METRICS.find((m) => questions[m]) ?? null;
}

// A group's 95% interval in the unit the charts draw (NPS points, or % favourable); null below
// the minimum n (no score is shown then either).
export function interval(metric: Metric, g: Group): [number, number] | null {
  if (g.status !== 'ok') return null;
  if (metric === 'nps') { const s = npsOf(g); return s ? [s.ci_low, s.ci_high] : null; }
  const s = topBoxOf(g);
  return s ? [s.favourable_ci_low * 100, s.favourable_ci_high * 100] : null;
}
