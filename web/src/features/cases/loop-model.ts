// The loop's measures as the inbox shows them, as pure functions (unit-tested without a
// browser): a share as a percentage with its interval (nothing below the minimum n, the
// server's null), hours with one decimal, and a month of the organisation's calendar.
import type { Schemas } from '../../lib/api';
import { fmtNumber, fmtPercent, type Locale } from '../../lib/format';

export type LoopMetrics = Schemas['LoopMetrics'];
export type LoopShare = Schemas['LoopShare'];
export type LoopDuration = Schemas['LoopDuration'];

export interface ShareText { value: string | null; low: string | null; high: string | null; n: number; min: number }

// `min`: what the share needs to be printed (its n, for the "too few" sentence).
export function shareText(s: LoopShare | undefined, l: Locale, min = 30): ShareText {
  const n = s?.n ?? 0;
  if (!s || s.share === null || s.share === undefined || !s.enough) return { value: null, low: null, high: null, n, min };
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : fmtPercent(v, l, 0));
  return { value: pct(s.share), low: pct(s.ci_low), high: pct(s.ci_high), n, min };
}

export interface DurationText { median: string; medianLow: string; medianHigh: string; p90: string }

export function durationText(d: LoopDuration | undefined, l: Locale): DurationText | null {
  if (!d?.enough || !d.median_hours || d.median_hours.value === null || d.median_hours.value === undefined) return null;
  const h = (v: number | null | undefined) => (v === null || v === undefined ? '…' : fmtNumber(v, l, 1));
  return {
    median: h(d.median_hours.value),
    medianLow: h(d.median_hours.ci_low),
    medianHigh: h(d.median_hours.ci_high),
    p90: h(d.p90_hours?.value),
  };
}

// "1405-08" / "2026-11" -> "۱۴۰۵/۸" / "2026/11": the year and month in the reader's digits.
export function monthLabel(label: string, l: Locale): string {
  const [y, m] = label.split('-').map(Number);
  if (!y || !m) return label;
  const digits = (v: number) => new Intl.NumberFormat(l.digits === 'persian' ? 'fa-IR' : 'en-GB', { useGrouping: false }).format(v);
  return `${digits(y)}/${digits(m)}`;
}
