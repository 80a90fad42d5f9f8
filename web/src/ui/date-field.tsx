// A day typed or chosen from a small calendar: the reader's calendar (a Jalali month grid in
// Persian months, weeks from Saturday, right to left in Persian; a Gregorian one from Monday)
// and digits. The field holds "YYYY-MM-DD" in that calendar with Latin digits (the caller
// writes it in the API's calendar: lib/calendar.ts convertDay). Keyboard: the button opens
// the grid on the chosen day; arrows move by day and week (mirrored right to left), Page
// Up/Down by month, Home/End to the week's ends, Enter or Space chooses, Escape closes.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { fromDay, monthLength, parseDay, toDay, formatDay, type CalendarName } from '../lib/calendar';
import { fmtDayNumber, fmtMonth, fmtNumber, fmtWeekday, localDigits, toLatinDigits, type Locale } from '../lib/format';
import { extend } from '../lib/i18n';
import { FieldError } from './components';

// Loaded with the custom period only (ui/custom-period.tsx), its strings with it.
const en = {
  'date.choose': 'Choose a date: {field}', 'date.prev': 'Previous month', 'date.next': 'Next month',
  'date.invalid': 'Write a date as {example}, or choose one from the calendar.', 'date.keys': 'Arrows move by day and week, Page Up and Page Down by month, Enter chooses, Escape closes.',
};
const fa: Record<keyof typeof en, string> = {
  'date.choose': 'انتخاب تاریخ: {field}', 'date.prev': 'ماه قبل', 'date.next': 'ماه بعد',
  'date.invalid': 'تاریخ را به شکل {example} بنویسید یا از تقویم انتخاب کنید.', 'date.keys': 'پیکان‌ها روز و هفته را جابه‌جا می‌کنند، Page Up و Page Down ماه را، Enter انتخاب می‌کند و Escape می‌بندد.',
};
export const dateMessages = { en, fa };
const t = extend(dateMessages);

const DAY_MS = 86_400_000;
const today = () => Math.floor(Date.now() / DAY_MS);

// The first day shown in a month's grid: the week's start on or before the month's first day
// (Saturday for Jalali, Monday for Gregorian; 1970-01-01 was a Thursday).
export function gridStart(first: number, cal: CalendarName): number {
  const weekday = ((first % 7) + 7 + 4) % 7;  // 0 = Sunday
  const start = cal === 'jalali' ? 6 : 1;
  return first - ((weekday - start + 7) % 7);
}

// The day `months` months from `day`, its day of month kept where the month has it.
export function addMonths(day: number, months: number, cal: CalendarName): number {
  const { y, m, d } = fromDay(cal, day);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12), nm = (index % 12) + 1;
  return toDay(cal, { y: ny, m: nm, d: Math.min(d, monthLength(cal, ny, nm)) }) ?? day;
}

export function DateField({ label, name, value, calendar, l, onChange }: {
  label: string; name: string; value: string; calendar: CalendarName; l: Locale; onChange: (v: string) => void;
}) {
  const [text, setText] = useState(localDigits(value, l));
  const [open, setOpen] = useState(false);
  const [focus, setFocus] = useState(0);
  const [bad, setBad] = useState(false);
  const grid = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => { setText(localDigits(value, l)); setBad(false); }, [value, l.digits]);
  // The focus follows the focused day as soon as the grid is drawn.
  useLayoutEffect(() => { if (open) grid.current?.querySelector<HTMLElement>('[tabindex="0"]')?.focus(); }, [open, focus]);
  const chosen = parseDay(calendar, value);
  const example = formatDay(calendar, today());
  const rtl = l.lang === 'fa';

  const commit = (typed: string) => {
    const latin = toLatinDigits(typed.trim());
    if (parseDay(calendar, latin) === null) { setBad(true); return; }
    setBad(false);
    onChange(latin);
  };
  const choose = (day: number) => { setOpen(false); onChange(formatDay(calendar, day)); button.current?.focus(); };
  const openGrid = () => { setFocus(chosen ?? today()); setOpen(true); };
  const onKey = (e: KeyboardEvent) => {
    const step = rtl ? -1 : 1;
    const moves: Record<string, number | undefined> = { ArrowRight: step, ArrowLeft: -step, ArrowDown: 7, ArrowUp: -7 };
    let next: number | null = null;
    if (moves[e.key] !== undefined) next = focus + moves[e.key]!;
    else if (e.key === 'PageUp' || e.key === 'PageDown') next = addMonths(focus, (e.key === 'PageDown' ? 1 : -1) * (e.shiftKey ? 12 : 1), calendar);
    else if (e.key === 'Home') next = gridStart(focus, calendar);
    else if (e.key === 'End') next = gridStart(focus, calendar) + 6;
    else if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(focus); return; }
    else if (e.key === 'Escape') { e.preventDefault(); setOpen(false); button.current?.focus(); return; }
    else return;
    e.preventDefault();
    setFocus(next);
  };

  const { y, m } = fromDay(calendar, focus);
  const first = toDay(calendar, { y, m, d: 1 })!;
  const start = gridStart(first, calendar);
  const length = monthLength(calendar, y, m);
  const weeks = Math.ceil((first - start + length) / 7);
  const fieldId = `date-${name}`;
  return (
    <div class={'field date-field' + (bad ? ' invalid' : '')}>
      <label for={fieldId}>{label}</label>
      <div class="date-input">
        <input id={fieldId} name={name} dir="ltr" inputMode="numeric" placeholder={localDigits(example, l)} value={text} size={10}
               aria-invalid={bad ? true : undefined}
               onInput={(e) => setText((e.target as HTMLInputElement).value)}
               onChange={(e) => commit((e.target as HTMLInputElement).value)} />
        <button type="button" ref={button} class="secondary small" data-testid={`date-open-${name}`} aria-haspopup="dialog" aria-expanded={open}
                aria-label={t('date.choose', { field: label })} onClick={() => (open ? setOpen(false) : openGrid())}>
          <span aria-hidden="true">📅</span>
        </button>
      </div>
      {bad && <FieldError message={t('date.invalid', { example: localDigits(example, l) })} field={name} />}
      {open && (
        <div class="date-popover" role="dialog" aria-modal="false" aria-label={fmtMonth(first, l)} dir={rtl ? 'rtl' : 'ltr'} data-testid={`date-picker-${name}`}>
          <div class="date-head">
            <button type="button" class="link" aria-label={t('date.prev')} data-testid="date-prev" onClick={() => setFocus(addMonths(focus, -1, calendar))}>{rtl ? '›' : '‹'}</button>
            <strong aria-live="polite" data-testid="date-month">{fmtMonth(first, l)}</strong>
            <button type="button" class="link" aria-label={t('date.next')} data-testid="date-next" onClick={() => setFocus(addMonths(focus, 1, calendar))}>{rtl ? '‹' : '›'}</button>
          </div>
          <div role="grid" ref={grid} class="date-grid" aria-label={fmtMonth(first, l)} onKeyDown={onKey}>
            <div role="row" class="date-row">
              {Array.from({ length: 7 }, (_, i) => <span role="columnheader" class="date-weekday">{fmtWeekday(start + i, l)}</span>)}
            </div>
            {Array.from({ length: weeks }, (_, w) => (
              <div role="row" class="date-row">
                {Array.from({ length: 7 }, (_, i) => {
                  const day = start + w * 7 + i;
                  const inMonth = day >= first && day < first + length;
                  return (
                    <span role="gridcell" aria-selected={day === chosen}>
                      {inMonth && (
                        <button type="button" tabindex={day === focus ? 0 : -1} data-day={formatDay(calendar, day)}
                                class={'date-day' + (day === chosen ? ' chosen' : '') + (day === today() ? ' today' : '')}
                                aria-label={fmtDayNumber(day, l)} onClick={() => choose(day)} onFocus={() => setFocus(day)}>
                          {fmtNumber(fromDay(calendar, day).d, l)}
                        </button>
                      )}
                    </span>
                  );
                })}
              </div>
            ))}
          </div>
          <p class="small muted date-keys">{t('date.keys')}</p>
        </div>
      )}
    </div>
  );
}
