import { describe, expect, it } from 'vitest';
import { fmtDay, fmtNumber, fmtSigned, orgDay, periodRange, toLatinDigits } from '../src/lib/format';

const fa = { lang: 'fa' as const, digits: 'persian' as const, calendar: 'jalali' as const, timeZone: 'Asia/Tehran' };
const en = { lang: 'en' as const, digits: 'latin' as const, calendar: 'gregorian' as const, timeZone: 'UTC' };

describe('format', () => {
  it('writes Persian or Latin digits', () => {
    expect(fmtNumber(1234, fa)).toBe('۱٬۲۳۴');
    expect(fmtNumber(1234, en)).toBe('1,234');
    expect(fmtSigned(12.34, en)).toBe('+12.3');
    expect(toLatinDigits('۱۴۰۳-۰۱-۰۱')).toBe('1403-01-01');
  });
  it('finds the local day in the Jalali calendar across Nowruz', () => {
    // 2024-03-19 20:00 UTC is 23:30 on 29 Esfand 1402 in Tehran; two hours later, Nowruz.
    expect(orgDay(Date.UTC(2024, 2, 19, 20), 'jalali', 'Asia/Tehran')).toBe('1402-12-29');
    expect(orgDay(Date.UTC(2024, 2, 19, 22), 'jalali', 'Asia/Tehran')).toBe('1403-01-01');
    expect(orgDay(Date.UTC(2024, 2, 19, 22), 'gregorian', 'UTC')).toBe('2024-03-19');
  });
  it('gives a period and the one of equal length before it', () => {
    const now = Date.UTC(2026, 10, 22, 12);
    expect(periodRange('7d', now, 'gregorian', 'UTC')).toEqual({ from: '2026-11-16', to: '2026-11-22', prevFrom: '2026-11-09', prevTo: '2026-11-15' });
    expect(periodRange('all', now, 'gregorian', 'UTC')).toEqual({});
    expect(periodRange('custom', now, 'jalali', 'Asia/Tehran', { from: '1405-01-01' })).toEqual({ from: '1405-01-01', to: undefined });
  });
  it('counts whole calendar days across a daylight-saving change', () => {
    // New York springs forward on 2026-03-08; at 00:30 local on 03-10 a 7-day period is 03-04..03-10.
    const now = Date.UTC(2026, 2, 10, 4, 30);
    expect(periodRange('7d', now, 'gregorian', 'America/New_York')).toEqual({ from: '2026-03-04', to: '2026-03-10', prevFrom: '2026-02-25', prevTo: '2026-03-03' });
  });
  it('writes a local day as it is, whatever the time zone', () => {
    const ny = { ...en, timeZone: 'America/New_York' };
    expect(fmtDay('2026-03-01', ny)).toBe('1 Mar 2026');
    expect(fmtDay('2026-03-21', fa)).toBe('۱ فروردین ۱۴۰۵');
  });
});
