import { describe, expect, it } from 'vitest';
import { changeText, chartSeries, fmtValue, formPlace, measurementText, taskProgress, verdictClass } from '../src/features/plans/model';
import type { Locale } from '../src/lib/format';

const en: Locale = { lang: 'en', digits: 'latin', calendar: 'gregorian', timeZone: 'UTC' };
const fa: Locale = { lang: 'fa', digits: 'persian', calendar: 'jalali', timeZone: 'Asia/Tehran' };
const ok = (value: number, margin: number) => ({ status: 'ok' as const, n: 100, value, margin, ci_low: value - margin, ci_high: value + margin, from: '2026-01-01', to: '2026-01-30' });

describe('an action plan on screen', () => {
  it('writes a measurement in its unit with its margin, and no number below the minimum n', () => {
    expect(measurementText(ok(10, 16.28), 'points', en)).toBe('10.0 ± 16.3');
    expect(measurementText(ok(84, 3.1), 'percent', en)).toBe('84.0% ± 3.1');
    expect(measurementText(ok(10, 16.28), 'points', fa)).toBe('۱۰٫۰ ± ۱۶٫۳');
    expect(measurementText({ status: 'not_enough_responses', n: 5, value: null, margin: null }, 'points', en)).toBeNull();
    expect(measurementText(null, 'points', en)).toBeNull();
    expect(fmtValue(-4, 'points', en)).toBe('-4.0');
  });

  it('writes the change signed, and says nothing when it cannot be told', () => {
    expect(changeText({ difference: 50, margin: 20.835, verdict: 'significant_increase' }, en)).toBe('+50.0 ± 20.8');
    expect(changeText({ difference: null, margin: null, verdict: 'not_enough_data' }, en)).toBeNull();
  });

  it('colours verdicts: up good, down bad, no change neutral', () => {
    expect(verdictClass('significant_increase')).toBe('v-up');
    expect(verdictClass('significant_decrease')).toBe('v-down');
    expect(verdictClass('no_significant_change')).toBe('v-flat');
    expect(verdictClass('not_enough_data')).toBe('v-none');
  });

  it('draws before and after with their intervals, leaving out a side without a number', () => {
    expect(chartSeries({ before: ok(10, 16), after: ok(60, 13) })).toEqual({ values: [10, 60], lows: [-6, 47], highs: [26, 73] });
    expect(chartSeries({ before: ok(10, 16), after: null })).toEqual({ values: [10, null], lows: [-6, null], highs: [26, null] });
  });

  it('puts a server error beside the field it names', () => {
    expect(formPlace('metric.survey_id')).toBe('metric');
    expect(formPlace('aims_at.root_cause_id')).toBe('aims_at');
    expect(formPlace('tasks[2]')).toBe('other');
    expect(formPlace(null)).toBe('other');
    expect(taskProgress({ tasks_done: 2, tasks_total: 3 }, en)).toBe('2/3');
  });
});
