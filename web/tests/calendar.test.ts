import { describe, expect, it } from 'vitest';
import { convertDay, formatDay, fromDay, isJalaliLeap, monthLength, parseDay, toDay } from '../src/lib/calendar';
import { addMonths, gridStart } from '../src/ui/date-field';

describe('Jalali and Gregorian days', () => {
  it('knows the published dates', () => {
    // 1 Farvardin 1403 = 20 March 2024; 1403 is leap, so Esfand 30 exists: 20 March 2025,
    // and 1 Farvardin 1404 = 21 March 2025.
    expect(convertDay('1403-01-01', 'jalali', 'gregorian')).toBe('2024-03-20');
    expect(convertDay('1403-12-30', 'jalali', 'gregorian')).toBe('2025-03-20');
    expect(convertDay('1404-01-01', 'jalali', 'gregorian')).toBe('2025-03-21');
    expect(convertDay('2025-03-20', 'gregorian', 'jalali')).toBe('1403-12-30');
    // The epoch: 1970-01-01 = 1348-10-11; the demo's "1 Azar 1405" = 22 November 2026.
    expect(formatDay('jalali', 0)).toBe('1348-10-11');
    expect(convertDay('1405-09-01', 'jalali', 'gregorian')).toBe('2026-11-22');
  });

  it('has Esfand 30 in leap years only', () => {
    expect(isJalaliLeap(1403)).toBe(true);
    expect(isJalaliLeap(1399)).toBe(true);
    expect(isJalaliLeap(1404)).toBe(false);
    expect(isJalaliLeap(1408)).toBe(true);
    expect(monthLength('jalali', 1403, 12)).toBe(30);
    expect(monthLength('jalali', 1404, 12)).toBe(29);
    expect(parseDay('jalali', '1404-12-30')).toBeNull();
    expect(convertDay('1404-12-29', 'jalali', 'gregorian')).toBe('2026-03-20');
    expect(convertDay('1405-01-01', 'jalali', 'gregorian')).toBe('2026-03-21');
    // The last day of a year is the day before the next Nowruz, leap or not.
    for (const y of [1399, 1400, 1403, 1404, 1407, 1408])
      expect(toDay('jalali', { y, m: 12, d: monthLength('jalali', y, 12) })! + 1).toBe(toDay('jalali', { y: y + 1, m: 1, d: 1 }));
  });

  it('refuses dates that do not exist', () => {
    for (const [cal, text] of [['jalali', '1403-13-01'], ['jalali', '1403-07-31'], ['jalali', '1403-00-10'], ['gregorian', '2025-02-29'],
      ['gregorian', '2024-04-31'], ['gregorian', '25-03-20'], ['jalali', '۱۴۰۳-۰۱-۰۱']] as const)
      expect(parseDay(cal, text)).toBeNull();
    expect(parseDay('gregorian', '2024-02-29')).not.toBeNull();
    expect(convertDay('not a day', 'jalali', 'gregorian')).toBe('not a day');
  });

  it('agrees with the browser\'s Persian calendar on every day of 1340-1460 AP', () => {
    const persian = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
    const from = toDay('jalali', { y: 1340, m: 1, d: 1 })!, to = toDay('jalali', { y: 1460, m: 12, d: 29 })!;
    const wrong: string[] = [];
    for (let day = from; day <= to; day++) {
      const [m, d, y] = persian.format(new Date(day * 86_400_000)).split(/\D+/).map(Number);
      const j = fromDay('jalali', day);
      if (j.y !== y || j.m !== m || j.d !== d || toDay('jalali', j) !== day || toDay('gregorian', fromDay('gregorian', day)) !== day)
        wrong.push(`${day}: ${JSON.stringify(j)} vs ${y}-${m}-${d}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(to - from + 1).toBeGreaterThan(44_000);
  }, 30_000);
});

describe('the date picker\'s grid', () => {
  it('starts Jalali weeks on Saturday and Gregorian ones on Monday', () => {
    // 1 Azar 1405 = Sunday 22 November 2026.
    const azar1 = parseDay('jalali', '1405-09-01')!;
    expect(formatDay('gregorian', gridStart(azar1, 'jalali'))).toBe('2026-11-21');  // Saturday
    expect(formatDay('gregorian', gridStart(azar1, 'gregorian'))).toBe('2026-11-16');  // Monday
    const saturday = parseDay('gregorian', '2026-11-21')!;
    expect(gridStart(saturday, 'jalali')).toBe(saturday);
  });

  it('moves by months keeping the day where the month has it, Esfand 30 only in leap years', () => {
    expect(formatDay('jalali', addMonths(parseDay('jalali', '1403-11-30')!, 1, 'jalali'))).toBe('1403-12-30');
    expect(formatDay('jalali', addMonths(parseDay('jalali', '1404-11-30')!, 1, 'jalali'))).toBe('1404-12-29');
    expect(formatDay('jalali', addMonths(parseDay('jalali', '1403-12-30')!, 1, 'jalali'))).toBe('1404-01-30');
    expect(formatDay('jalali', addMonths(parseDay('jalali', '1404-01-31')!, -1, 'jalali'))).toBe('1403-12-30');
    expect(formatDay('jalali', addMonths(parseDay('jalali', '1403-12-30')!, 12, 'jalali'))).toBe('1404-12-29');
    expect(formatDay('gregorian', addMonths(parseDay('gregorian', '2024-01-31')!, 1, 'gregorian'))).toBe('2024-02-29');
  });
});
