// Numbers, dates and calendar days as the reader expects them: Persian or Latin digits,
// the organisation's calendar (Jalali or Gregorian) and time zone. Only the browser's Intl.
export type Lang = 'fa' | 'en';
export interface Locale {
  lang: Lang;
  digits: 'persian' | 'latin';
  calendar: 'jalali' | 'gregorian';
  timeZone: string;
}

const DAY_MS = 86_400_000;

function intlLocale(l: Locale) {
  const base = l.lang === 'fa' ? 'fa-IR' : 'en-GB';
  const nu = l.digits === 'persian' ? 'arabext' : 'latn';
  const ca = l.calendar === 'jalali' ? 'persian' : 'gregory';
  return `${base}-u-ca-${ca}-nu-${nu}`;
}

export function fmtNumber(n: number, l: Locale, decimals = 0): string {
  return new Intl.NumberFormat(intlLocale(l), { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

// NPS and differences carry their sign: "+12.3", "−4.0".
export function fmtSigned(n: number, l: Locale, decimals = 1): string {
  return new Intl.NumberFormat(intlLocale(l), { minimumFractionDigits: decimals, maximumFractionDigits: decimals, signDisplay: 'exceptZero' }).format(n);
}

export function fmtPercent(share: number, l: Locale, decimals = 1): string {
  return new Intl.NumberFormat(intlLocale(l), { style: 'percent', minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(share);
}

export function fmtDate(iso: string | number | Date, l: Locale, withTime = false): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  return new Intl.DateTimeFormat(intlLocale(l), {
    timeZone: l.timeZone, year: 'numeric', month: 'short', day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  }).format(d);
}

// A local calendar day given as an ISO date ("2026-03-01", e.g. a trend bucket's start): it is
// already the organisation's day, so it is formatted as is, never shifted by a time zone.
export function fmtDay(isoDay: string, l: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(l), { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' })
    .format(new Date(isoDay + 'T00:00:00Z'));
}

// A month of a calendar day number ("آذر ۱۴۰۵", "November 2026") and the short name of a
// weekday ("ش", "Sat"), in the reader's calendar and digits (for the date picker).
export function fmtMonth(day: number, l: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(l), { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(new Date(day * DAY_MS));
}
export function fmtWeekday(day: number, l: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(l), { timeZone: 'UTC', weekday: l.lang === 'fa' ? 'narrow' : 'short' }).format(new Date(day * DAY_MS));
}
export function fmtDayNumber(day: number, l: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(l), { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(new Date(day * DAY_MS));
}

// Latin digits as the reader writes them: Persian digits for a Persian locale ("1405-09-01" ->
// "۱۴۰۵-۰۹-۰۱"); fields read back with toLatinDigits.
export function localDigits(s: string, l: Locale): string {
  return l.digits === 'persian' ? s.replace(/[0-9]/g, (c) => String.fromCharCode(0x06f0 + Number(c))) : s;
}

export function toLatinDigits(s: string): string {
  return s.replace(/[۰-۹]/g, (c) => String(c.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (c) => String(c.charCodeAt(0) - 0x0660));
}

// The local day of instant `at` in the organisation's calendar and zone: "1405-09-01".
export function orgDay(at: Date | number, calendar: Locale['calendar'], timeZone: string): string {
  const parts = new Intl.DateTimeFormat(calendar === 'jalali' ? 'en-US-u-ca-persian-nu-latn' : 'en-US-u-ca-gregory-nu-latn', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(typeof at === 'number' ? new Date(at) : at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

export const PERIODS = ['7d', '30d', '90d', '365d', 'all'] as const;
export type Period = (typeof PERIODS)[number] | 'custom';

export interface Range { from?: string; to?: string; prevFrom?: string; prevTo?: string }

// The days a preset covers (ending today) and the period of the same length before it.
export function periodRange(period: Period, now: number, calendar: Locale['calendar'], timeZone: string,
                            custom?: { from?: string; to?: string }): Range {
  if (period === 'custom') return { from: custom?.from || undefined, to: custom?.to || undefined };
  if (period === 'all') return {};
  const days = Number(period.slice(0, -1));
  // Today's date in the organisation's zone, then whole calendar days back from it (so a
  // daylight-saving change never shifts a day), written in the organisation's calendar.
  const [y, m, d] = orgDay(now, 'gregorian', timeZone).split('-').map(Number);
  const today = Date.UTC(y, m - 1, d);
  const day = (offset: number) => orgDay(today - offset * DAY_MS, calendar, 'UTC');
  return { from: day(days - 1), to: day(0), prevFrom: day(2 * days - 1), prevTo: day(days) };
}

// A number typed in a field (Persian digits and a Persian decimal separator allowed); NaN when
// it is not one.
export function parseNumber(text: string): number {
  const s = toLatinDigits(text).replace('٫', '.').replace(/[\s,،]/g, '');
  return s === '' || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) ? NaN : Number(s);
}
