import { describe, expect, it } from 'vitest';
import {
  blankRuleForm, causeToForm, checkRuleForm, conditionText, conditionToRow, formToCause, formToRule, formToSettings, opsFor,
  rowToCondition, ruleToForm, settingsToForm, splitList, toMinutes, type AlertRule,
} from '../src/features/alerts/model';

describe('the condition builder', () => {
  it.each([
    [{ kind: 'answer', key: 'csat', op: '<=', value: '2' }, { field: 'answer.csat', op: '<=', value: 2 }],
    [{ kind: 'answer', key: 'csat', op: '<=', value: '۲' }, { field: 'answer.csat', op: '<=', value: 2 }],
    [{ kind: 'answer', key: 'reason', op: 'in', value: 'price, delivery' }, { field: 'answer.reason', op: 'in', value: ['price', 'delivery'] }],
    [{ kind: 'answer', key: 'nps', op: 'answered', value: 'x' }, { field: 'answer.nps', op: 'answered' }],
    [{ kind: 'sentiment', key: '', op: '=', value: 'negative' }, { field: 'sentiment', op: '=', value: 'negative' }],
    [{ kind: 'topic', key: '', op: 'in', value: 'delivery، wait_time' }, { field: 'topic', op: 'in', value: ['delivery', 'wait_time'] }],
    [{ kind: 'comment', key: '', op: 'contains_any', value: 'لغو, refund' }, { field: 'comment', op: 'contains_any', value: ['لغو', 'refund'] }],
    [{ kind: 'agent', key: '', op: '=', value: '12' }, { field: 'agent', op: '=', value: '12' }],
    [{ kind: 'hidden', key: 'city', op: '!=', value: 'Tehran' }, { field: 'hidden.city', op: '!=', value: 'Tehran' }],
    [{ kind: 'persona', key: '', op: '=', value: '4' }, { field: 'persona', op: '=', value: 4 }],
  ] as const)('%o is %o in the API, and back', (row, api) => {
    expect(rowToCondition({ ...row })).toEqual(api);
    const back = conditionToRow(api);
    expect(rowToCondition(back)).toEqual(api);
  });

  it('offers the ops the server allows for each field', () => {
    expect(opsFor('comment')).toEqual(['contains', 'contains_any']);
    expect(opsFor('sentiment')).toEqual(['=', 'in', 'not_in']);
    expect(opsFor('answer', 'csat')).toContain('<=');
    expect(opsFor('answer', 'single_choice')).not.toContain('<=');
    expect(opsFor('touchpoint')).not.toContain('contains');
  });

  it('splits lists on Latin and Persian commas', () => {
    expect(splitList(' a, b ،c,, ')).toEqual(['a', 'b', 'c']);
  });

  it('says a condition in a line', () => {
    expect(conditionText({ field: 'answer.csat', op: '<=', value: 2 })).toBe('answer.csat ≤ 2');
    expect(conditionText({ field: 'topic', op: 'in', value: ['delivery', 'price'] })).toBe('topic in [delivery, price]');
  });
});

describe('an alert rule as a form', () => {
  const stored: AlertRule = {
    id: 7, name: 'Unhappy after support', enabled: true, survey_id: 2, match: 'any',
    conditions: [{ field: 'answer.csat', op: '<=', value: 2 }, { field: 'sentiment', op: '=', value: 'negative' }],
    notify: { users: [3], roles: ['analyst'], touchpoint_owner: true, channels: ['in_app', 'email'] },
    open_case: true, priority: 'high', dedupe_minutes: 60, max_per_hour: 5, created_at: 'x', updated_at: 'y',
  };

  it('round-trips a stored rule', () => {
    const { id: _i, created_at: _c, updated_at: _u, ...input } = stored;
    expect(formToRule(ruleToForm(stored))).toEqual(input);
  });

  it('sends the channels ticked and no survey when none is chosen', () => {
    const f = { ...blankRuleForm(), name: 'x', conditions: [{ kind: 'sentiment' as const, key: '', op: '=' as const, value: 'negative' }], email: true };
    const body = formToRule(f);
    expect(body.notify?.channels).toEqual(['in_app', 'email']);
    expect('survey_id' in body).toBe(false);
  });

  it('names the API\'s fields for what it can tell before sending', () => {
    const f = { ...blankRuleForm(), dedupe_minutes: 'abc' };
    expect(checkRuleForm(f)).toEqual({ name: 'required', dedupe_minutes: 'number', 'conditions[0].field': 'required', 'conditions[0].value': 'required' });
  });
});

describe('root causes', () => {
  it('sends the key only on creation and everything the cause points at', () => {
    const f = { key: 'late_courier', fa: 'تأخیر پیک', en: '', driver: '', topic: 'delivery', touchpoint: ' delivery ', active: true };
    expect(formToCause(f, true)).toEqual({ key: 'late_courier', name: { fa: 'تأخیر پیک' }, points_at: { topic: 'delivery', touchpoint: 'delivery' }, active: true });
    expect(formToCause({ ...f, topic: '', touchpoint: '' }, false)).toEqual({ name: { fa: 'تأخیر پیک' }, points_at: {}, active: true });
  });

  it('keeps every pointer of a stored cause when edited', () => {
    const stored = { id: 1, key: 'long_wait', name: { fa: 'انتظار', en: 'Wait' }, points_at: { topic: 'wait_time', touchpoint: 'phone_support' }, active: false };
    expect(formToCause(causeToForm(stored), false)).toEqual({ name: { fa: 'انتظار', en: 'Wait' }, points_at: { topic: 'wait_time', touchpoint: 'phone_support' }, active: false });
  });
});

describe('the act settings', () => {
  const api = {
    calendar: { time_zone: 'Asia/Tehran', week: { sat: [['08:00', '16:00']], sun: [], mon: [], tue: [], wed: [], thu: [['08:00', '12:00']], fri: [] },
                holidays: [{ month: 1, day: 1, calendar: 'jalali', name: 'Nowruz' }, { date: '2026-12-25', calendar: 'gregorian' }] },
    sla: { low: { first_response_minutes: 960, resolution_minutes: 4800 }, normal: { first_response_minutes: 480, resolution_minutes: 2400 },
           high: { first_response_minutes: 240, resolution_minutes: 970 }, urgent: { first_response_minutes: 60, resolution_minutes: 480 } },
    warn_at: 0.8,
    assignment: { rules: [{ touchpoint: 'phone_support', users: [2, 3] }, { priority: 'urgent', users: [4] }], default: [1] },
    saved: true,
  };

  it('round-trips the settings through the form', () => {
    const { saved: _s, ...sent } = api;
    expect(formToSettings(settingsToForm(api))).toEqual(sent);
  });

  it('keeps targets in working hours and minutes', () => {
    const f = settingsToForm(api);
    expect(f.sla.high).toEqual({ first_h: '4', first_m: '0', res_h: '16', res_m: '10' });
    expect(toMinutes('۱', '۳۰')).toBe(90);
    expect(toMinutes('', '45')).toBe(45);
  });

  it('reads Persian digits in hours and dates', () => {
    const f = settingsToForm(api);
    f.week.sat = [{ start: '۰۸:۰۰', end: '۱۶:۳۰' }];
    f.holidays[1].date = '۲۰۲۶-۱۲-۲۵';
    const out = formToSettings(f) as { calendar: { week: Record<string, string[][]>; holidays: { date?: string }[] } };
    expect(out.calendar.week.sat).toEqual([['08:00', '16:30']]);
    expect(out.calendar.holidays[1].date).toBe('2026-12-25');
  });
});

import { ruleInput, watchText } from '../src/features/alerts/model';

describe('a rule that watches a score', () => {
  const stored: AlertRule = {
    id: 9, name: 'NPS fell', enabled: true, survey_id: 1, match: 'all', conditions: [],
    watch: { metric: 'nps', by: 'touchpoint', days: 7, min_drop: 10 },
    notify: { users: [], roles: ['admin'], touchpoint_owner: true, channels: ['in_app'] },
    open_case: true, priority: 'high', dedupe_minutes: 1440, max_per_hour: 0, created_at: 'x', updated_at: 'y',
  };

  it('round-trips as a watch, without conditions', () => {
    const f = ruleToForm(stored);
    expect(f.mode).toBe('watch');
    expect(f.watch).toEqual({ metric: 'nps', by: 'touchpoint', days: '7', min_drop: '10' });
    const body = formToRule(f);
    expect(body.watch).toEqual({ metric: 'nps', by: 'touchpoint', days: 7, min_drop: 10 });
    expect('conditions' in body).toBe(false);
    expect('match' in body).toBe(false);
    expect('conditions' in ruleInput(stored)).toBe(false);
  });

  it('needs a survey and numbers', () => {
    const f = { ...blankRuleForm(), name: 'x', mode: 'watch' as const, watch: { metric: 'csat' as const, by: '' as const, days: 'a week', min_drop: '0' } };
    expect(checkRuleForm(f)).toEqual({ survey_id: 'required', 'watch.days': 'number' });
    expect(formToRule({ ...f, survey_id: '2', watch: { ...f.watch, days: '۱۴' } }).watch).toEqual({ metric: 'csat', by: null, days: 14, min_drop: 0 });
  });

  it('reads in one line', () => {
    const en: Record<string, string> = { 'al.metric.nps': 'NPS', 'al.by.touchpoint': 'touchpoint', 'al.days': '{n} d' };
    expect(watchText({ metric: 'nps', by: 'touchpoint', days: 7 }, (k) => en[k] ?? k)).toBe('NPS ↓ · touchpoint · 7 d');
  });
});
