import { describe, expect, it } from 'vitest';
import { impactMessages } from '../src/features/impact/messages';
import {
  ranked, relationshipSurvey, takeaway, takeawayMessage, touchpointName, uncertainLead, whiskers,
  type ImpactTouchpoint,
} from '../src/features/impact/model';
import { fill } from '../src/lib/i18n';

function tp(touchpoint: string, share: number, satisfied: number, quadrant: ImpactTouchpoint['quadrant'], ci: [number, number] | null = null, name?: ImpactTouchpoint['name']): ImpactTouchpoint {
  return { touchpoint, name, contacts: 100, mean: 4, satisfied_share: satisfied, lmg: share / 10, lmg_share: share, ci_low: ci?.[0] ?? null,
    ci_high: ci?.[1] ?? null, relative_weight: share / 10, relative_weight_pct: share * 100, quadrant };
}
const pct = (x: number) => Math.round(x * 100) + '%';
const say = (lang: 'en' | 'fa', m: { key: keyof (typeof impactMessages)['en']; vars: Record<string, string> }) => fill(impactMessages[lang][m.key], m.vars);

describe('touchpoint impact', () => {
  it('says what to fix first in one sentence: the most important touchpoint lagging in satisfaction', () => {
    const report = { touchpoints: [tp('phone_support', 0.3, 0.63, 'fix_first'), tp('delivery', 0.37, 0.55, 'fix_first', null, { en: 'delivery', fa: 'ارسال و تحویل' }),
      tp('website', 0.2, 0.8, 'keep')] };
    const tk = takeaway(report)!;
    expect(tk.kind).toBe('fix');
    expect(tk.touchpoint.touchpoint).toBe('delivery');
    const m = takeawayMessage(tk, touchpointName(tk.touchpoint, 'en'), pct);
    expect(say('en', m)).toBe('Fix first: delivery — it explains 37% of what moves relationship NPS and only 55% are satisfied.');
    expect(say('fa', takeawayMessage(tk, touchpointName(tk.touchpoint, 'fa'), pct))).toBe(
      'اول این را بهتر کنید: ارسال و تحویل — 37% از آنچه NPS رابطه را جابه‌جا می‌کند را توضیح می‌دهد و فقط 55% راضی‌اند.');
  });

  it('says what to protect when nothing important lags, and names the leader otherwise', () => {
    const keep = takeaway({ touchpoints: [tp('app', 0.5, 0.9, 'keep'), tp('website', 0.1, 0.4, 'low_priority')] })!;
    expect(say('en', takeawayMessage(keep, 'Mobile app', pct))).toBe('Protect Mobile app: it explains 50% of what moves relationship NPS and 90% are satisfied.');
    const lead = takeaway({ touchpoints: [tp('website', 0.2, 0.4, 'low_priority'), tp('app', 0.6, 0.9, 'monitor')] })!;
    expect(lead).toMatchObject({ kind: 'lead', touchpoint: { touchpoint: 'app' } });
    expect(takeaway({ touchpoints: [] })).toBeNull();
  });

  it('ranks by importance and warns when the first two could swap places', () => {
    const close = { touchpoints: [tp('b', 0.3, 0.6, 'fix_first', [0.1, 0.5]), tp('a', 0.35, 0.7, 'keep', [0.2, 0.6]), tp('c', 0.05, 0.9, 'monitor', [0, 0.1])] };
    expect(ranked(close).map((x) => x.touchpoint)).toEqual(['a', 'b', 'c']);
    expect(uncertainLead(close)?.map((x) => x.touchpoint)).toEqual(['a', 'b']);
    const clear = { touchpoints: [tp('a', 0.7, 0.7, 'keep', [0.55, 0.8]), tp('b', 0.3, 0.6, 'fix_first', [0.1, 0.45])] };
    expect(uncertainLead(clear)).toBeNull();
    expect(uncertainLead({ touchpoints: [tp('a', 1, 0.7, 'keep')] })).toBeNull();
    expect(whiskers(ranked(close))).toEqual([{ row: 0, low: 0.2, high: 0.6 }, { row: 1, low: 0.1, high: 0.5 }, { row: 2, low: 0, high: 0.1 }]);
    expect(whiskers([tp('x', 0.5, 0.5, 'keep')])).toEqual([]);
  });

  it('names a touchpoint in the reader\'s language, else the other, else by key', () => {
    expect(touchpointName(tp('delivery', 1, 1, 'keep', null, { fa: 'ارسال', en: 'Delivery' }), 'en')).toBe('Delivery');
    expect(touchpointName(tp('delivery', 1, 1, 'keep', null, { fa: 'ارسال' }), 'en')).toBe('ارسال');
    expect(touchpointName(tp('kiosk', 1, 1, 'keep'), 'fa')).toBe('kiosk');
  });

  it('starts from the survey made from the relationship NPS template, else the first with an NPS question', () => {
    const template = { id: 'relationship_nps', name: { en: 'Relationship NPS', fa: 'شاخص خالص مروجان (رابطه)' },
      definition: { questions: [{ id: 'nps', type: 'nps' }, { id: 'reason', type: 'text' }, { id: 'improve', type: 'multiple_choice' }] } };
    const purchase = { id: 3, name: 'پس از خرید', definition: { questions: [{ id: 'csat', type: 'csat' }, { id: 'nps', type: 'nps' }] } };
    const support = { id: 2, name: 'Support', definition: { questions: [{ id: 'csat', type: 'csat' }] } };
    const relationship = { id: 7, name: 'Our yearly check-in', definition: template.definition };
    const renamed = { id: 8, name: 'شاخص خالص مروجان (رابطه)', definition: { questions: [{ id: 'score', type: 'nps' }] } };
    expect(relationshipSurvey([support, purchase, relationship], template)).toEqual({ id: 7, outcome: 'nps' });
    expect(relationshipSurvey([support, purchase, renamed], template)).toEqual({ id: 8, outcome: 'score' });
    expect(relationshipSurvey([support, purchase], template)).toEqual({ id: 3, outcome: 'nps' });
    expect(relationshipSurvey([support, { id: 4, name: 'Pulse', definition: { questions: [{ id: 'enps', type: 'nps' }] } }])).toEqual({ id: 4, outcome: 'enps' });
    expect(relationshipSurvey([support], template)).toBeNull();
    expect(relationshipSurvey([{ id: 9, name: 'Relationship NPS' }], template)).toBeNull();  // its definition unread: no NPS question known
  });
});
