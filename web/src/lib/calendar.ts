// Calendar days as numbers and back, in the Jalali (Persian solar hijri) and Gregorian
// calendars, for the date picker and for writing a day read in one calendar in the other.
// A day number counts days since 1970-01-01 (as src/core/jalali.h does). The Jalali year
// starts on Nowruz, computed with Borkowski's arithmetic (the jalaali-js algorithm, the same
// as the server's): months 1-6 have 31 days, 7-11 have 30, Esfand 29 or 30 in a leap year.
// Supported Jalali years 1..3177 (the break table's end); outside it, null.

export type CalendarName = 'jalali' | 'gregorian';
export interface Ymd { y: number; m: number; d: number }

const BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];
const div = (a: number, b: number) => Math.trunc(a / b);
const mod = (a: number, b: number) => a - Math.trunc(a / b) * b;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
export function gregorianToDay({ y, m, d }: Ymd): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dayToGregorian(day: number): Ymd {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

// The Gregorian year's March day of Nowruz of Jalali year `jy`, and whether jy is leap
// (jalaali-js's jalCal).
function jalCal(jy: number): { leap: boolean; march: number } | null {
  if (jy < BREAKS[0] + 1 || jy >= BREAKS[BREAKS.length - 1]) return null;
  const gy = jy + 621;
  let leapJ = -14, jp = BREAKS[0], jump = 0;
  let i = 1;
  for (; i < BREAKS.length; i++) {
    const jm = BREAKS[i];
    jump = jm - jp;
    if (jy < jm) break;
    leapJ += div(jump, 33) * 8 + div(mod(jump, 33), 4);
    jp = jm;
  }
  let n = jy - jp;
  leapJ += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
  if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
  const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
  const march = 20 + leapJ - leapG;
  if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
  let leap = mod(mod(n + 1, 33) - 1, 4);
  if (leap === -1) leap = 4;
  return { leap: leap === 0, march };
}

const nowruz = (jy: number) => { const c = jalCal(jy); return c ? gregorianToDay({ y: jy + 621, m: 3, d: c.march }) : null; };

export function isJalaliLeap(jy: number): boolean { return jalCal(jy)?.leap ?? false; }

export function monthLength(cal: CalendarName, y: number, m: number): number {
  if (cal === 'gregorian') return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return m <= 6 ? 31 : m <= 11 ? 30 : isJalaliLeap(y) ? 30 : 29;
}

// The day number of a date that exists in `cal`, else null.
export function toDay(cal: CalendarName, date: Ymd): number | null {
  const { y, m, d } = date;
  if (![y, m, d].every(Number.isInteger) || m < 1 || m > 12 || d < 1 || d > monthLength(cal, y, m)) return null;
  if (cal === 'gregorian') return gregorianToDay(date);
  const start = nowruz(y);
  return start === null ? null : start + (m <= 7 ? (m - 1) * 31 : 186 + (m - 7) * 30) + d - 1;
}

export function fromDay(cal: CalendarName, day: number): Ymd {
  if (cal === 'gregorian') return dayToGregorian(day);
  let y = dayToGregorian(day).y - 621;
  let start = nowruz(y) ?? day;
  if (day < start) { y -= 1; start = nowruz(y) ?? day; }
  const k = day - start;
  return k < 186 ? { y, m: Math.floor(k / 31) + 1, d: (k % 31) + 1 } : { y, m: Math.floor((k - 186) / 30) + 7, d: ((k - 186) % 30) + 1 };
}

// "1403-12-30" <-> a day number; null for text that is not a date of `cal`.
export function parseDay(cal: CalendarName, text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match ? toDay(cal, { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) }) : null;
}

export function formatDay(cal: CalendarName, day: number): string {
  const { y, m, d } = fromDay(cal, day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// The same day written in another calendar ("1403-12-30", jalali -> gregorian: "2025-03-20");
// text that is not a date is returned as it is (for the server to name the field).
export function convertDay(text: string, from: CalendarName, to: CalendarName): string {
  if (from === to) return text;
  const day = parseDay(from, text);
  return day === null ? text : formatDay(to, day);
}
