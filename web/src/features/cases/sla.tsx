// An SLA clock as a badge: its colour and, always, its words ("3 h 20 min left", "overdue by
// 45 min", "paused", "met late"), the time in working hours of the organisation's calendar.
import { fmtDate, fmtNumber, type Locale } from '../../lib/format';
import { t } from './messages';
import { durationParts, slaBadge, type SlaClock } from './model';

// Working minutes as "2 h 15 min" (in the reader's digits).
export function workingTime(minutes: number, l: Locale): string {
  const { h, m } = durationParts(minutes);
  if (h && m) return t('sla.hm', { h: fmtNumber(h, l), m: fmtNumber(m, l) });
  if (h) return t('sla.h', { h: fmtNumber(h, l) });
  return t('sla.m', { m: fmtNumber(m, l) });
}

export function SlaBadge({ clock, l, testid, withDue = false }: { clock: SlaClock | undefined; l: Locale; testid?: string; withDue?: boolean }) {
  const b = slaBadge(clock);
  const text = t(b.key, { time: b.minutes === null ? '' : workingTime(b.minutes, l) });
  const due = clock?.due_at && b.state !== 'met' && b.state !== 'met_late' ? t('sla.due', { at: fmtDate(clock.due_at, l, true) }) : '';
  return (
    <span class="sla">
      <span class={'badge sla-' + b.state} data-testid={testid} data-state={b.state} title={due || undefined}>{text}</span>
      {withDue && due && <small class="muted sla-due">{due}</small>}
    </span>
  );
}
