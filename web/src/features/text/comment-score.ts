// The score a customer gave beside a comment, for the comment list. Pure.
import type { ListedResponse } from './model';

// The score the customer gave beside the comment: the first of NPS (0–10), CSAT (1–5) and CES
// (1–7) the response answers, with its scale's top; null without one.
export const SCORE_MAX = { nps: 10, csat: 5, ces: 7 } as const;
export function scoreOf(r: ListedResponse): { metric: keyof typeof SCORE_MAX; value: number } | null {
  for (const metric of ['nps', 'csat', 'ces'] as const) {
    const v = r.answers?.[metric];
    if (typeof v === 'number') return { metric, value: v };
  }
  return null;
}
