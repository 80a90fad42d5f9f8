// The topics table's orders: most mentioned, most negative comments, highest share negative,
// lowest net sentiment (share positive minus share negative). Ties: most mentioned first. Pure.
import type { Schemas } from '../../lib/api';

export type TopicRow = Schemas['TopicReport']['topics'][number];
export type TopicSort = 'mentions' | 'negative' | 'share_negative' | 'net';
export const TOPIC_SORTS: TopicSort[] = ['mentions', 'negative', 'share_negative', 'net'];

export function netSentiment(row: TopicRow): number {
  return (row.sentiment.shares.positive ?? 0) - (row.sentiment.shares.negative ?? 0);
}

export function sortTopics(rows: TopicRow[], by: TopicSort): TopicRow[] {
  const key: Record<TopicSort, (r: TopicRow) => number> = {
    mentions: (r) => r.comments,
    negative: (r) => r.sentiment.counts.negative ?? 0,
    share_negative: (r) => r.sentiment.shares.negative ?? 0,
    net: (r) => -netSentiment(r),
  };
  return [...rows].sort((a, b) => key[by](b) - key[by](a) || b.comments - a.comments);
}
