import { describe, expect, it } from 'vitest';
import { clvSeries, major } from '../src/features/value/model';

describe('customer value', () => {
  it('shows money in the major unit', () => {
    expect(major(1_250_000)).toBe(1_250_000);  // rials: no minor digits
    expect(major(12_345, 2)).toBeCloseTo(123.45);
  });

  it('charts mean CLV by group in order, with no bar where there are too few customers', () => {
    const s = clvSeries([
      { group: 'detractor', customers: 12, status: 'not_enough_customers' },
      { group: 'promoter', customers: 40, mean_clv: 2_500_000, clv_interval: [2_100_000, 2_900_000] },
      { group: 'passive', customers: 35, mean_clv: 1_200_000, clv_interval: [1_000_000, 1_400_000] },
    ]);
    expect(s.values).toEqual([2_500_000, 1_200_000, null]);
    expect(s.lows).toEqual([2_100_000, 1_000_000, null]);
    expect(s.highs).toEqual([2_900_000, 1_400_000, null]);
    expect(clvSeries([{ group: 'promoter', mean_clv: 250, clv_interval: [200, 300] }], 2).values[0]).toBeCloseTo(2.5);
  });
});
