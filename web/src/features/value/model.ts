// Pure helpers of the customer value page: money from the API's minor units, the chart of mean
// CLV by NPS group with its intervals (a group without enough customers has no bar), the CLV
// histogram's bars, retention curves by cohort and pooled, and an action plan's return.
import { fmtNumber, type Locale } from '../../lib/format';

export type Group = 'promoter' | 'passive' | 'detractor';
export const GROUPS: Group[] = ['promoter', 'passive', 'detractor'];

export interface GroupValue {
  group?: string;
  customers?: number;
  revenue?: number;
  mean_clv?: number;
  clv_interval?: number[];
  churn?: number;
  churn_interval?: number[];
  status?: string;
}

// An amount in the currency's minor unit as the major unit (rials stay rials: 0 digits).
export function major(minor: number, minorDigits = 0): number {
  return minor / 10 ** minorDigits;
}

// An amount typed in the major unit as whole minor units; null when it is not a number, is
// negative, or has more decimals than the currency (2.345 euros).
export function toMinor(major: number, minorDigits = 0): number | null {
  if (!Number.isFinite(major) || major < 0) return null;
  const minor = major * 10 ** minorDigits;
  const whole = Math.round(minor);
  return Math.abs(minor - whole) < 1e-6 ? whole : null;
}

// An amount in minor units written in the major unit, with the currency's digits.
export function money(minor: number | undefined | null, digits: number, l: Locale): string {
  return fmtNumber(major(minor ?? 0, digits), l, digits);
}

export interface ClvSeries {
  values: (number | null)[];
  lows: (number | null)[];
  highs: (number | null)[];
}

// The bars in GROUPS order, in the major unit; null where the server said not enough.
export function clvSeries(groups: GroupValue[], minorDigits = 0): ClvSeries {
  const out: ClvSeries = { values: [], lows: [], highs: [] };
  for (const g of GROUPS) {
    const v = groups.find((x) => x.group === g);
    const ok = v && v.status !== 'not_enough_customers' && typeof v.mean_clv === 'number';
    out.values.push(ok ? major(v.mean_clv!, minorDigits) : null);
    out.lows.push(ok && v.clv_interval ? major(v.clv_interval[0], minorDigits) : null);
    out.highs.push(ok && v.clv_interval ? major(v.clv_interval[1], minorDigits) : null);
  }
  return out;
}

// --- the CLV histogram ----------------------------------------------------------------------

export interface HistogramData { edges?: number[]; counts?: number[]; open_ended?: boolean }

// One bar per bin: its lower and upper edge in the major unit and its count; the last bin of
// an open-ended histogram has no upper edge (it holds everything above).
export function histogramBars(h: HistogramData | undefined, minorDigits = 0): { low: number; high: number | null; count: number }[] {
  const edges = h?.edges ?? [];
  const counts = h?.counts ?? [];
  return counts.map((count, i) => ({
    low: major(edges[i] ?? 0, minorDigits),
    high: h?.open_ended && i === counts.length - 1 ? null : major(edges[i + 1] ?? 0, minorDigits),
    count,
  }));
}

// --- retention curves -----------------------------------------------------------------------

export interface CohortData { month?: string; customers?: number; active?: number[]; retention?: number[]; scored?: number; predicted_churn?: number | null }

// The curves drawn: the latest `max` cohorts with customers, each as percentages of the cohort
// still buying k months after its first purchase (k = 0 is 100%), oldest first. The x axis
// runs to the longest curve.
export function retentionCurves(cohorts: CohortData[], max = 12): { month: string; customers: number; percent: number[] }[] {
  return cohorts
    .filter((c) => (c.customers ?? 0) > 0)
    .slice(-max)
    .map((c) => ({ month: c.month ?? '', customers: c.customers ?? 0, percent: (c.retention ?? []).map((r) => Math.round(r * 1000) / 10) }));
}

// The retention of all cohorts together, k months after the first purchase: Σ active[k] over
// Σ customers of the cohorts old enough to have a month k.
export function pooledRetention(cohorts: CohortData[]): number[] {
  const out: number[] = [];
  for (let k = 0; ; ++k) {
    let active = 0;
    let customers = 0;
    for (const c of cohorts) {
      if ((c.active?.length ?? 0) > k && (c.customers ?? 0) > 0) {
        active += c.active![k];
        customers += c.customers!;
      }
    }
    if (customers === 0) return out;
    out.push(active / customers);
  }
}

// --- return on an action plan ---------------------------------------------------------------

export interface Roi { net: number; ratio: number; low: number; high: number }

// What an action plan returns when it moves detractors as the what-if says: the value change
// less the plan's cost, and that over the cost (with the value change's 95% range). Null
// without a positive cost.
export function roi(cost: number, valueChange: number, interval: [number, number] | number[] | undefined): Roi | null {
  if (!(cost > 0)) return null;
  const [lo, hi] = interval && interval.length === 2 ? interval : [valueChange, valueChange];
  return { net: valueChange - cost, ratio: (valueChange - cost) / cost, low: (lo - cost) / cost, high: (hi - cost) / cost };
}
