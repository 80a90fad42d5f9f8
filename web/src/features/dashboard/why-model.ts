// "Why did it move?": the change of a score decomposed by segment (GET …/metrics/change), read
// for the view: which parts are beyond chance, the largest parts across dimensions. Pure.
import type { Schemas } from '../../lib/api';
import { fmtPercent, fmtSigned, type Locale } from '../../lib/format';
import type { Dimension } from '../../ui/filters';
import type { Metric } from './model';

export type ChangeReport = Schemas['ScoreChangeReport'];
export type Segment = Schemas['ChangeSegment'];

// The dimensions a change is decomposed by: those that put each answer in one segment.
export const WHY_DIMENSIONS: Dimension[] = ['touchpoint', 'channel', 'agent', 'language', 'sentiment'];

// A part larger than its margin is beyond chance (95%).
export function beyondMargin(s: Segment): boolean {
  return s.margin !== null && Math.abs(s.contribution) > s.margin;
}

export interface Part { dim: Dimension; segment: Segment }

// The largest parts of the move across every dimension, largest first; those beyond chance
// before those within it.
export function largestParts(report: ChangeReport, count: number): Part[] {
  const parts = report.by.flatMap((d) => d.segments.map((segment) => ({ dim: d.dimension as Dimension, segment })));
  parts.sort((a, b) => Number(beyondMargin(b.segment)) - Number(beyondMargin(a.segment))
                       || Math.abs(b.segment.contribution) - Math.abs(a.segment.contribution));
  return parts.slice(0, count);
}

// The share of the move a part explains, when the move is not ~0 (then shares mean little).
export function shareOfMove(report: ChangeReport, s: Segment): number | null {
  const d = report.comparison?.difference;
  return d === null || d === undefined || Math.abs(d) < 0.5 ? null : s.contribution / d;
}

// A segment's score in the report's unit: NPS points, or % favourable.
export function fmtSegmentScore(metric: Metric, v: number | null, l: Locale): string {
  if (v === null) return '—';
  return metric === 'nps' ? fmtSigned(v, l, 1) : fmtPercent(v / 100, l, 1);
}
