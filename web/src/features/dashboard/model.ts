// The dashboard's figures from the metrics API's reports (GET …/metrics): the headline number of
// a score, its margin, the value a chart draws, the trend's bucket for a period. Pure.
import { fmtNumber, fmtPercent, fmtSigned, type Locale } from '../../lib/format';
import type { Filters } from '../../ui/filters';

export type Metric = 'nps' | 'csat' | 'ces';
export const METRICS: Metric[] = ['nps', 'csat', 'ces'];

export interface Group { key?: string; bucket?: string; bucket_start?: string; n: number; status: string; message?: string; score: any; distribution: number[] | null }
export interface Report { overall: Group; groups: Group[]; comparison?: { difference: number; p_value: number; verdict: string; baseline: Group }; min_n: number; question: string }

export function headline(metric: Metric, g: Group, l: Locale): string {
  if (metric === 'nps') return fmtSigned(g.score.nps, l, 1);
  return fmtPercent(g.score.favourable, l, 1);
}

export function margin(metric: Metric, g: Group, l: Locale): string {
  if (metric === 'nps') return fmtNumber(g.score.margin, l, 1);
  return fmtNumber(((g.score.favourable_ci_high - g.score.favourable_ci_low) / 2) * 100, l, 1);
}

export function value(metric: Metric, g: Group): number | null {
  if (g.status !== 'ok') return null;
  return metric === 'nps' ? g.score.nps : g.score.favourable * 100;
}

export function bucketFor(f: Filters) {
  return f.period === '7d' || f.period === '30d' ? (f.period === '7d' ? 'day' : 'week') : 'month';
}
