// Pure helpers of the customer value page: money from the API's minor units, and the chart of
// mean CLV by NPS group with its intervals (a group without enough customers has no bar).
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
