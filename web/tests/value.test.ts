import { describe, expect, it } from 'vitest';
import { clvSeries, histogramBars, major, pooledRetention, retentionCurves, roi, toMinor } from '../src/features/value/model';

describe('customer value', () => {
  it('shows money in the major unit', () => {
    expect(major(1_250_000)).toBe(1_250_000);  // rials: no minor digits
    expect(major(12_345, 2)).toBeCloseTo(123.45);
  });

  it('reads an amount typed in the major unit as whole minor units, or refuses it', () => {
    expect(toMinor(40_000)).toBe(40_000);
    expect(toMinor(123.45, 2)).toBe(12_345);
    expect(toMinor(0.1 + 0.2, 2)).toBe(30);  // floating-point noise is not a decimal
    expect(toMinor(2.345, 2)).toBeNull();
    expect(toMinor(1.5)).toBeNull();          // rials have no decimals
    expect(toMinor(-1)).toBeNull();
    expect(toMinor(NaN)).toBeNull();
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

describe('customer value charts', () => {
  it('turns the histogram into bars, the last open-ended', () => {
    const bars = histogramBars({ edges: [0, 100, 200], counts: [5, 2], open_ended: true }, 2);
    expect(bars).toEqual([{ low: 0, high: 1, count: 5 }, { low: 1, high: null, count: 2 }]);
    expect(histogramBars(undefined)).toEqual([]);
  });

  it('draws the latest cohorts with customers and pools retention over those old enough', () => {
    const cohorts = [
      { month: '2026-01', customers: 2, active: [2, 1, 1], retention: [1, 0.5, 0.5] },
      { month: '2026-02', customers: 4, active: [4, 1], retention: [1, 0.25] },
      { month: '2026-03', customers: 0, active: [0], retention: [0] },
    ];
    expect(retentionCurves(cohorts)).toEqual([
      { month: '2026-01', customers: 2, percent: [100, 50, 50] },
      { month: '2026-02', customers: 4, percent: [100, 25] },
    ]);
    expect(retentionCurves(cohorts, 1).map((c) => c.month)).toEqual(['2026-02']);
    // Month 1: (1 + 1) of (2 + 4); month 2: only January is old enough, 1 of 2.
    expect(pooledRetention(cohorts)).toEqual([1, 2 / 6, 0.5]);
  });

  it('gives an action plan its return with the what-if range', () => {
    expect(roi(1_000, 3_000, [2_000, 5_000])).toEqual({ net: 2_000, ratio: 2, low: 1, high: 4 });
    expect(roi(0, 3_000, [2_000, 5_000])).toBeNull();
    expect(roi(4_000, 2_000, undefined)).toEqual({ net: -2_000, ratio: -0.5, low: -0.5, high: -0.5 });
  });
});
