import { describe, expect, it } from 'vitest';
import * as T from '../src/features/triggers/model';
import { ApiError } from '../src/lib/api';
import { parseNumber } from '../src/lib/format';
import { errorAt, splitError, within } from '../src/lib/forms';

const stored: T.TriggerRule = {
  id: 7, name: 'After a long wait', enabled: true, survey_id: 2, touchpoint: 'phone_support', channel: 'phone',
  conditions: [{ fact: 'wait_s', op: 'gt', value: 60 }], delivery: 'sms', delay_s: 600, sampling: 0.07,
  frequency_cap_days: 30, quiet_hours: { start: 21, end: 8 }, reminder_after_hours: 24,
  templates: { fa: { body: 'سلام {{name}}، {{link}}' } }, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
  latest_call_only: false,
};

describe('trigger rule form', () => {
  it('builds the rule JSON from the form', () => {
    const f = T.blankRuleForm();
    Object.assign(f, { name: ' Calls ', survey_id: '2', touchpoint: 'phone_support', channel: 'phone', delay: '2', delayUnit: 'hours',
      sampling: '۲۵', frequency_cap_days: '14', conditions: [{ fact: 'wait_s', op: 'gte', value: '۶۰' }, { fact: 'abandoned', op: 'eq', value: '0' }] });
    f.templates.en = { subject: ' How was it? ', body: 'Tell us: {{link}}' };
    const r = T.formToRule(f);
    expect(r).toEqual({
      name: 'Calls', enabled: true, survey_id: 2, touchpoint: 'phone_support', channel: 'phone',
      conditions: [{ fact: 'wait_s', op: 'gte', value: 60 }, { fact: 'abandoned', op: 'eq', value: 0 }],
      delivery: 'email', delay_s: 7200, sampling: 0.25, frequency_cap_days: 14, quiet_hours: { start: 21, end: 8 },
      reminder_after_hours: 0, templates: { en: { subject: 'How was it?', body: 'Tell us: {{link}}' } }, latest_call_only: false,
    });
  });

  it('sends no subject for SMS, no messages or reminder for IVR, no quiet hours when off', () => {
    const f = { ...T.ruleToForm(stored) };
    f.templates.fa.subject = 'ignored';
    expect(T.formToRule(f).templates).toEqual({ fa: { body: 'سلام {{name}}، {{link}}' } });
    const ivr = T.formToRule({ ...f, delivery: 'ivr', quiet: false });
    expect(ivr.templates).toEqual({});
    expect(ivr.reminder_after_hours).toBe(0);
    expect(ivr.quiet_hours).toBeNull();
  });

  it('reads a stored rule into the form and back unchanged', () => {
    const f = T.ruleToForm(stored);
    expect(f).toMatchObject({ delay: '10', delayUnit: 'minutes', sampling: '7', quiet: true, quiet_start: '21', quiet_end: '8', survey_id: '2' });
    expect(f.conditions).toEqual([{ fact: 'wait_s', op: 'gt', value: '60' }]);
    expect(T.formToRule(f)).toEqual(T.ruleInput(stored));
  });

  it('writes the delay in its largest whole unit', () => {
    expect(T.splitDelay(0)).toEqual({ delay: '0', delayUnit: 'minutes' });
    expect(T.splitDelay(90)).toEqual({ delay: '1.5', delayUnit: 'minutes' });
    expect(T.splitDelay(7200)).toEqual({ delay: '2', delayUnit: 'hours' });
    expect(T.splitDelay(3 * 86400)).toEqual({ delay: '3', delayUnit: 'days' });
    expect(T.delayParts(0)).toBeNull();
    expect(T.delayParts(86400)).toEqual({ n: 1, unit: 'days' });
  });

  it('checks required fields and numbers before asking the server, by the API field names', () => {
    const f = T.blankRuleForm();
    f.delay = 'soon';
    f.conditions = [{ fact: '', op: 'gt', value: 'x' }];
    expect(T.checkRuleForm(f)).toEqual({
      name: 'required', survey_id: 'required', touchpoint: 'required', delay_s: 'number',
      'conditions[0].fact': 'required', 'conditions[0].value': 'number',
    });
    expect(parseNumber('۱۲٫۵')).toBe(12.5);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('')).toBeNaN();
  });

  it('strips what the server does not take back', () => {
    expect(Object.keys(T.ruleInput(stored))).not.toContain('id');
    expect(Object.keys(T.ruleInput(stored))).not.toContain('created_at');
  });

  it('previews a message with its placeholders filled', () => {
    expect(T.fillMessage('Hi {{name}}, {{ link }} {{other}}', { name: 'Sara', link: 'https://x/i/t' })).toBe('Hi Sara, https://x/i/t {{other}}');
    expect(T.BUILT_IN_MESSAGES.fa.body).toContain('{{link}}');
  });

  it('writes a condition as a short sentence', () => {
    expect(T.conditionText({ fact: 'wait_s', op: 'gte', value: 60 }, String)).toBe('wait_s ≥ 60');
  });
});

describe('errors beside fields', () => {
  const e = new ApiError(400, 'invalid_argument', 'quiet hours end at another hour than they start', 'quiet_hours.end');
  it('puts a field the form shows beside it, anything else stays general', () => {
    expect(splitError(e, (f) => within(f, 'quiet_hours'))).toEqual({ fields: { 'quiet_hours.end': e.message }, other: null });
    expect(splitError(e, (f) => within(f, 'smtp')).other).toBe(e);
    expect(splitError(new Error('x'), () => true).fields).toEqual({});
  });
  it('finds a message for a field or inside it', () => {
    const errors = { 'sms_gateway.headers.a b': 'bad header', 'conditions[1].value': 'value must be a number' };
    expect(errorAt(errors, 'sms_gateway.headers')).toBeUndefined();
    expect(errorAt(errors, 'sms_gateway.headers', true)).toBe('bad header');
    expect(errorAt(errors, 'conditions', true)).toBe('value must be a number');
    expect(within('conditions[1].value', 'conditions')).toBe(true);
    expect(within('conditionsx', 'conditions')).toBe(false);
    expect(T.formFieldOf('templates.fa')).toBe('templates.fa.body');
  });
});
