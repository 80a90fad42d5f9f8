import { describe, expect, it } from 'vitest';
import { beyondMargin, largestParts, shareOfMove, type ChangeReport, type Segment } from '../src/features/dashboard/why-model';

const seg = (key: string, contribution: number, margin: number | null): Segment => ({
  key, baseline_n: 50, current_n: 50, baseline_share: 0.5, current_share: 0.5, baseline_score: 10, current_score: 10,
  contribution, margin, within: contribution, mix: 0,
});
const report: ChangeReport = {
  metric: 'nps', question: 'nps', scale: { min: 0, max: 10 }, unit: 'points', min_n: 30, confidence_level: 0.95,
  comparison: { baseline_n: 100, current_n: 100, difference: -12, margin: 6, p_value: 0.001, verdict: 'significant_decrease' },
  by: [
    { dimension: 'touchpoint', baseline_score: 20, current_score: 8, change: -12, segments: [seg('delivery', -7.8, 3), seg('app', -4.2, 5)] },
    { dimension: 'agent', baseline_score: 20, current_score: 8, change: -12, segments: [seg('a1', -9, 12), seg('a2', -3, 2)] },
  ],
};

describe('why did it move', () => {
  it('calls a part beyond chance only when it is larger than its margin', () => {
    expect(beyondMargin(seg('x', -7.8, 3))).toBe(true);
    expect(beyondMargin(seg('x', -4.2, 5))).toBe(false);
    expect(beyondMargin(seg('x', 4, null))).toBe(false);
  });
  it('lists the parts beyond chance first, largest first, across dimensions', () => {
    expect(largestParts(report, 3).map((p) => `${p.dim}:${p.segment.key}`)).toEqual(['touchpoint:delivery', 'agent:a2', 'agent:a1']);
  });
  it('gives the share of the move a part explains, none for a move of about nothing', () => {
    expect(shareOfMove(report, seg('x', -7.8, 3))).toBeCloseTo(0.65, 10);
    expect(shareOfMove({ ...report, comparison: { ...report.comparison!, difference: 0.2 } }, seg('x', -7.8, 3))).toBeNull();
  });
});
