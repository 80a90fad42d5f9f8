// End-to-end, issue 14's calendar parts: a member of the demo's Jalali organisation chooses
// Gregorian for themselves in Settings and reads the trend's axis and the custom period's
// fields in it (while the address and the API keep the organisation's Jalali days); then, back
// on the organisation's calendar, the date picker: Persian months and digits, right to left,
// a week from Saturday, driven by the keyboard and by the mouse, each choice written to the
// API as the Jalali day it shows.
//
// Called by run.mjs with its signed-in Persian page (the demo admin).
import { join } from 'node:path';

// "۱۴۰۵-۰۹-۰۱" -> "1405-09-01".
const latin = (s) => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));
// A Gregorian day ("2026-11-22") in the Persian calendar by the browser's own ICU: "1405-09-01".
const jalaliOf = (page, iso) => page.evaluate((d) => {
  const parts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(d + 'T00:00:00Z'));
  const get = (t) => parts.find((p) => p.type === t).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}, iso);
const param = (page, name) => new URL(page.url()).searchParams.get(name);

async function axisLabels(page) {
  await page.waitForSelector('[data-testid=trend-chart][data-ready]', { timeout: 30000 });
  return (await page.locator('[data-testid=trend-chart] svg text').allTextContents()).map((s) => s.replace(/[\u2066-\u2069]/g, ''));
}

async function choosePreferences(page, base, calendar) {
  await page.goto(`${base}/o/1/settings/display`);
  await page.waitForSelector('[data-testid=display-form] select[name=calendar]');
  await page.selectOption('[data-testid=display-form] select[name=calendar]', calendar);
  await page.click('[data-testid=display-form] button[type=submit]');
  await page.waitForSelector('[data-testid=display-saved]');
}

export async function calendarChecks({ page, base, check, shots }) {
  const session = () => page.evaluate(async () => (await (await fetch('/api/v1/session')).json()).organisations.find((o) => o.id === 1));
  await page.goto(`${base}/o/1/dashboard`);
  const before = await axisLabels(page);
  check(before.some((s) => /۱۴۰[۰-۹]/.test(s)) && !before.some((s) => /۲۰[۲۳][۰-۹]/.test(s)),
        `the Jalali organisation's trend axis reads Jalali days by default (${before.find((s) => /۱۴۰/.test(s))})`);

  // --- my calendar: Gregorian in a Jalali organisation ------------------------------------
  await choosePreferences(page, base, 'gregorian');
  const org = await session();
  check(org.calendar === 'jalali' && org.preferences.calendar === 'gregorian' && org.preferences.digits === 'organisation',
        'the session keeps the member\'s Gregorian beside the organisation\'s Jalali');
  const sample = await page.textContent('[data-testid=display-sample]');
  check(/۲۰[۲۳][۰-۹]/.test(sample), `the settings show today as it will read (${sample})`);
  await page.locator('[data-testid=display-form]').screenshot({ path: join(shots, 'settings-display-fa.png') });

  await page.goto(`${base}/o/1/dashboard`);
  const after = await axisLabels(page);
  const gregorian = after.filter((s) => /۲۰[۲۳][۰-۹]/.test(s));
  check(gregorian.length > 0 && !after.some((s) => /۱۴۰[۰-۹]/.test(s)),
        `the trend's axis reads Gregorian days for this member (${gregorian[0]})`);
  await page.selectOption('select[name=period]', 'custom');
  await page.waitForSelector('input[name=from]');
  const shownFrom = latin(await page.inputValue('input[name=from]'));
  const urlFrom = param(page, 'from');
  check(/^20\d\d-\d\d-\d\d$/.test(shownFrom) && /^14\d\d-\d\d-\d\d$/.test(urlFrom) && await jalaliOf(page, shownFrom) === urlFrom,
        `the custom period's field shows the Gregorian day (${shownFrom}) of the organisation's Jalali day the API reads (${urlFrom})`);
  // A day typed in the member's calendar goes to the API in the organisation's.
  const asked = page.waitForRequest((r) => r.url().includes('/metrics') && new URL(r.url()).searchParams.get('from') === '1403-12-30');
  await page.fill('input[name=from]', '2025-03-20');
  await page.press('input[name=from]', 'Tab');
  await asked;
  check(param(page, 'from') === '1403-12-30', 'typing 2025-03-20 asks the API from 1403-12-30 (Esfand 30 of a leap year)');
  // Not a day: the app's own message beside the field, nothing sent.
  await page.fill('input[name=from]', '2025-02-30');
  await page.press('input[name=from]', 'Tab');
  const complaint = await page.textContent('[data-testid=field-error-from]');
  check(/[آ-ی]/.test(complaint) && param(page, 'from') === '1403-12-30', `a day that does not exist is refused beside the field in Persian (${complaint})`);

  // --- back to the organisation's calendar: the Jalali date picker --------------------------
  await choosePreferences(page, base, 'organisation');
  check((await session()).preferences.calendar === 'organisation', 'and back to the organisation\'s calendar');
  await page.goto(`${base}/o/1/dashboard?period=custom&from=1405-08-20&to=1405-09-10`);
  await page.waitForSelector('input[name=from]');
  check(await page.inputValue('input[name=from]') === '۱۴۰۵-۰۸-۲۰', 'the field shows the Jalali day in Persian digits');
  await page.click('[data-testid=date-open-from]');
  const picker = page.locator('[data-testid=date-picker-from]');
  await picker.waitFor();
  const month = await picker.locator('[data-testid=date-month]').textContent();
  const weekdays = await picker.locator('[role=columnheader]').allTextContents();
  check(await picker.getAttribute('dir') === 'rtl' && /آبان/.test(month) && /۱۴۰۵/.test(month) && /^ش/.test(weekdays[0]),
        `the picker opens on Aban 1405 in Persian, right to left, weeks from Saturday (${month}; ${weekdays.join(' ')})`);
  const focused = () => page.evaluate(() => document.activeElement?.dataset?.day);
  // The day the focus reaches, waited for (a key's new focus lands with the next render).
  const reaches = (day) => page.waitForFunction((d) => document.activeElement?.dataset?.day === d, day, { timeout: 5000 }).then(() => true, () => false);
  check(await reaches('1405-08-20'), 'the chosen day has the focus');
  await page.keyboard.press('ArrowLeft');  // right to left: the next day
  await reaches('1405-08-21');
  await page.keyboard.press('ArrowDown');  // a week on
  check(await reaches('1405-08-28'), `arrows move by day (mirrored) and week (${await focused()})`);
  await page.keyboard.press('PageDown');
  check(await reaches('1405-09-28') && /آذر/.test(await picker.locator('[data-testid=date-month]').textContent()), 'Page Down moves a month, to Azar');
  await page.keyboard.press('PageUp');
  await reaches('1405-08-28');
  const sent = page.waitForRequest((r) => r.url().includes('/metrics') && new URL(r.url()).searchParams.get('from') === '1405-08-28');
  await page.keyboard.press('Enter');
  await sent;
  check(param(page, 'from') === '1405-08-28' && await page.inputValue('input[name=from]') === '۱۴۰۵-۰۸-۲۸' && await picker.count() === 0,
        'Enter chooses the day: the API is asked from 1405-08-28, the field reads it in Persian digits, the picker closes');
  check(await page.evaluate(() => document.activeElement?.dataset?.testid) === 'date-open-from', 'the focus returns to the button');

  // The mouse, in a leap year's Esfand: its 30th is there to click.
  await page.goto(`${base}/o/1/dashboard?period=custom&from=1403-12-01&to=1403-12-10`);
  await page.click('[data-testid=date-open-to]');
  const toPicker = page.locator('[data-testid=date-picker-to]');
  await toPicker.waitFor();
  check(await toPicker.locator('button[data-day="1403-12-30"]').count() === 1, 'Esfand 1403 (a leap year) has its 30th');
  await page.screenshot({ path: join(shots, 'date-picker-fa.png') });
  await toPicker.locator('button[data-day="1403-12-30"]').click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('to') === '1403-12-30');
  check(await page.inputValue('input[name=to]') === '۱۴۰۳-۱۲-۳۰', 'a click on Esfand 30 writes 1403-12-30');
  await page.click('[data-testid=date-open-to]');
  await reaches('1403-12-30');
  await page.keyboard.press('Shift+PageDown');  // a year on: Esfand 1404 has no 30th
  await reaches('1404-12-29');
  check(/اسفند/.test(await toPicker.locator('[data-testid=date-month]').textContent()) && await toPicker.locator('button[data-day="1404-12-30"]').count() === 0
        && await toPicker.locator('button[data-day="1404-12-29"]').count() === 1, 'Esfand 1404 (not leap) ends on the 29th');
  await page.keyboard.press('Escape');
  check(await toPicker.count() === 0 && param(page, 'to') === '1403-12-30', 'Escape closes without choosing');
  await page.goto(`${base}/o/1/dashboard`);

  // --- the app's own words, not the browser's bubble, for a field left empty or malformed --
  const fresh = await page.context().browser().newContext({ viewport: { width: 1366, height: 900 } });
  const login = await fresh.newPage();
  await login.goto(`${base}/login`);
  await login.click('[data-testid=login-form] button[type=submit]');
  const missing = await login.textContent('[data-testid=field-error-email]');
  check(missing === 'این فیلد را پر کنید.' && await login.evaluate(() => document.activeElement?.getAttribute('name')) === 'email',
        `an empty sign-in says so beside the e-mail field in Persian, and the field has the focus (${missing})`);
  await login.fill('input[name=email]', 'not-an-address');
  check(await login.locator('[data-testid=field-error-email]').count() === 0, 'typing clears the message');
  await login.fill('input[name=password]', 'x');
  await login.click('[data-testid=login-form] button[type=submit]');
  check(/ایمیل/.test(await login.textContent('[data-testid=field-error-email]')), 'a malformed address is named in Persian too');
  await fresh.close();
}
