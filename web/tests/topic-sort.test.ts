import { describe, expect, it } from 'vitest';
import { scoreOf } from '../src/features/text/comment-score';
import { netSentiment, sortTopics, type TopicRow } from '../src/features/text/topic-sort';

const row = (topic: string, neg: number, neu: number, pos: number): TopicRow => {
  const n = neg + neu + pos;
  return {
    topic, comments: n,
    sentiment: { counts: { negative: neg, neutral: neu, positive: pos, mixed: 0 }, shares: { negative: neg / n, neutral: neu / n, positive: pos / n, mixed: 0 } },
  } as unknown as TopicRow;
};
// delivery: 40 of 100 negative; price: 30 of 40 negative; staff: 5 of 10 negative, 5 positive.
const rows = [row('staff', 5, 0, 5), row('delivery', 40, 20, 40), row('price', 30, 6, 4)];

describe('topics in the order asked', () => {
  it('sorts by mentions, negative count, share negative and net sentiment', () => {
    expect(sortTopics(rows, 'mentions').map((r) => r.topic)).toEqual(['delivery', 'price', 'staff']);
    expect(sortTopics(rows, 'negative').map((r) => r.topic)).toEqual(['delivery', 'price', 'staff']);
    expect(sortTopics(rows, 'share_negative').map((r) => r.topic)).toEqual(['price', 'staff', 'delivery']);
    expect(sortTopics(rows, 'net').map((r) => r.topic)).toEqual(['price', 'delivery', 'staff']);
  });
  it('computes net sentiment as share positive minus share negative', () => {
    expect(netSentiment(rows[2])).toBeCloseTo(-0.65, 12);
    expect(netSentiment(rows[0])).toBe(0);
  });
});

describe('the score beside a comment', () => {
  it('is the first of NPS, CSAT and CES the response answers', () => {
    expect(scoreOf({ id: 1, survey_id: 1, created_at: '', answers: { csat: 2, ces: 6, comment: 'x' } } as never)).toEqual({ metric: 'csat', value: 2 });
    expect(scoreOf({ id: 1, survey_id: 1, created_at: '', answers: { comment: 'x' } } as never)).toBeNull();
  });
});
