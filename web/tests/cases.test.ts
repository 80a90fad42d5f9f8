import { describe, expect, it } from 'vitest';
import {
  ageParts, countByStatus, currentClock, durationParts, inboxOrder, insertMention, matchesFilter, mentionCandidates,
  mentionQuery, mentionsIn, parseStatusFilter, placeOf, slaBadge, viewsFor, type Case, type SlaClock,
} from '../src/features/cases/model';

const clock = (state: SlaClock['state'], remaining_minutes: number): SlaClock => ({ state, remaining_minutes, elapsed_minutes: 0 });
const kase = (id: number, status: Case['status'], priority: Case['priority'], first: SlaClock, resolution: SlaClock, created_at = '2026-12-01T08:00:00Z'): Case =>
  ({ id, status, priority, created_at, sla: { first_response: first, resolution } });

describe('the inbox', () => {
  it('offers every view to those who read all cases and only their own to agents', () => {
    expect(viewsFor(['read_cases', 'work_cases'])).toEqual(['mine', 'unassigned', 'all']);
    expect(viewsFor(['work_cases'])).toEqual(['mine']);
  });

  it('counts cases per status, every status present', () => {
    expect(countByStatus([{ status: 'new' }, { status: 'new' }, { status: 'closed' }]))
      .toEqual({ new: 2, open: 0, waiting: 0, resolved: 0, closed: 1 });
  });

  it('reads the status filter from the address and applies it', () => {
    expect(parseStatusFilter(null)).toBe('active');
    expect(parseStatusFilter('waiting')).toBe('waiting');
    expect(parseStatusFilter('bogus')).toBe('active');
    const c = kase(1, 'waiting', 'normal', clock('met', 0), clock('paused', 30));
    expect(matchesFilter(c, 'active')).toBe(true);
    expect(matchesFilter({ ...c, status: 'resolved' }, 'active')).toBe(false);
    expect(matchesFilter({ ...c, status: 'resolved' }, 'any')).toBe(true);
  });

  it('puts breached first, then about to breach, then by priority and time left', () => {
    const cases = [
      kase(1, 'open', 'low', clock('met', 0), clock('running', 100)),
      kase(2, 'open', 'urgent', clock('met', 0), clock('running', 300)),
      kase(3, 'new', 'low', clock('breached', -20), clock('running', 900)),
      kase(4, 'open', 'normal', clock('met', 0), clock('warning', 10)),
      kase(5, 'open', 'urgent', clock('met', 0), clock('running', 50)),
    ];
    expect(inboxOrder(cases).map((c) => c.id)).toEqual([3, 4, 5, 2, 1]);
  });

  it('watches the first-response clock until it is met, then resolution', () => {
    const c = kase(1, 'new', 'high', clock('warning', 5), clock('running', 400));
    expect(currentClock(c)?.state).toBe('warning');
    expect(currentClock({ ...c, sla: { ...c.sla, first_response: clock('met_late', 0) } })?.remaining_minutes).toBe(400);
  });

  it('tells a case\'s age in its largest unit', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(ageParts('2026-12-05T11:15:00Z', now)).toEqual({ n: 45, unit: 'minutes' });
    expect(ageParts('2026-12-04T12:00:00Z', now)).toEqual({ n: 24, unit: 'hours' });
    expect(ageParts('2026-11-25T12:00:00Z', now)).toEqual({ n: 10, unit: 'days' });
  });
});

describe('SLA badges', () => {
  it.each([
    [clock('running', 135), 'running', 'sla.running', 135],
    [clock('warning', 20), 'warning', 'sla.warning', 20],
    [clock('breached', -45), 'breached', 'sla.breached', 45],
    [clock('breached', 0), 'breached', 'sla.breachedNow', null],
    [clock('paused', 300), 'paused', 'sla.paused', 300],
    [clock('met', 10), 'met', 'sla.met', null],
    [clock('met_late', -10), 'met_late', 'sla.metLate', null],
    [undefined, 'none', 'sla.none', null],
  ])('%o is %s, said as %s', (c, state, key, minutes) => {
    expect(slaBadge(c)).toEqual({ state, key, minutes });
  });

  it('splits working minutes into hours and minutes', () => {
    expect(durationParts(135)).toEqual({ h: 2, m: 15 });
    expect(durationParts(-45)).toEqual({ h: 0, m: 45 });
    expect(durationParts(480)).toEqual({ h: 8, m: 0 });
  });
});

describe('the case page', () => {
  it('puts the server\'s error on the field it names', () => {
    expect(placeOf('resolution')).toBe('resolution');
    expect(placeOf('version')).toBe('version');
    expect(placeOf('status')).toBe('status');
    expect(placeOf('title')).toBe('other');
    expect(placeOf(null)).toBe('other');
  });
});

describe('@mentions', () => {
  const members = [
    { user_id: 1, name: 'Sara Ahmadi', email: 'sara@example.com' },
    { user_id: 2, name: 'Sara', email: 'sara2@example.com' },
    { user_id: 3, name: 'رضا کریمی', email: 'reza@example.com' },
  ];

  it('finds the word typed after an @ at the caret', () => {
    expect(mentionQuery('ask @sa', 7)).toBe('sa');
    expect(mentionQuery('@', 1)).toBe('');
    expect(mentionQuery('mail a@b', 8)).toBeNull();  // an address, not a mention
    expect(mentionQuery('no mention', 10)).toBeNull();
  });

  it('offers members whose name or e-mail starts with it, in either script', () => {
    expect(mentionCandidates(members, 'sa').map((m) => m.user_id)).toEqual([1, 2]);
    expect(mentionCandidates(members, 'ahm').map((m) => m.user_id)).toEqual([1]);
    expect(mentionCandidates(members, 'رضا').map((m) => m.user_id)).toEqual([3]);
  });

  it('puts the chosen name in and finds who a note mentions', () => {
    const r = insertMention('ask @sa now', 7, members[0]);
    expect(r).toEqual({ text: 'ask @Sara Ahmadi  now', caret: 17 });
    expect(mentionsIn('@Sara Ahmadi and @رضا کریمی', members).sort()).toEqual([1, 3]);
    expect(mentionsIn('@Sara alone', members)).toEqual([2]);
    expect(mentionsIn('nobody', members)).toEqual([]);
  });
});

import { durationText, monthLabel, shareText } from '../src/features/cases/loop-model';

describe("the loop's measures", () => {
  const en = { lang: 'en', digits: 'latin', calendar: 'gregorian', timeZone: 'UTC' } as const;
  const fa = { lang: 'fa', digits: 'persian', calendar: 'jalali', timeZone: 'Asia/Tehran' } as const;

  it('prints a share with its interval only at or above the minimum n', () => {
    expect(shareText({ successes: 30, n: 40, share: 0.75, ci_low: 0.598, ci_high: 0.858, enough: true }, en))
      .toEqual({ value: '75%', low: '60%', high: '86%', n: 40, min: 30 });
    expect(shareText({ successes: 3, n: 4, share: null, ci_low: null, ci_high: null, enough: false }, en).value).toBeNull();
    expect(shareText(undefined, en).n).toBe(0);
  });

  it('prints hours with one decimal and no median below the minimum n', () => {
    const d = { n: 40, waiting: 1, enough: true, median_hours: { value: 10.25, ci_low: 8, ci_high: 12.5 }, p90_hours: { value: 18.05, ci_low: 16, ci_high: null } };
    expect(durationText(d, en)).toEqual({ median: '10.3', medianLow: '8.0', medianHigh: '12.5', p90: '18.1' });
    expect(durationText({ ...d, enough: false, median_hours: null }, en)).toBeNull();
  });

  it('labels months in the reader’s digits', () => {
    expect(monthLabel('2026-11', en)).toBe('2026/11');
    expect(monthLabel('1405-08', fa)).toBe('۱۴۰۵/۸');
  });
});
