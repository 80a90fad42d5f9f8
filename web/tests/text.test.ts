import { describe, expect, it } from 'vitest';
import { t as tt } from '../src/features/text/messages';
import {
  addKeywords, blankTopic, checkLabel, checkTaxonomy, CommentFeed, commentsOf, ENRICH_POLL_MS, enrichPollDelay, enrichProgress,
  enrichSummary, enrichView, formToTaxonomy, labelOptions, openPredictions, slugId, splitKeywords, taxonomyChanged, taxonomyTarget,
  taxonomyToForm, topicLabel, trainability, withoutTag, withTag,
  type CommentAnalysis, type EnrichJob, type ListedResponse,
} from '../src/features/text/model';
import { filterQuery, type Filters } from '../src/ui/filters';

describe('labels and training', () => {
  it('says how far each label is from being learnt and whether training can start', () => {
    const t = trainability({ min_examples: 5, labels: [{ label: 'late', comments: 7 }, { label: 'rude', comments: 3 }, { label: 'price', comments: 5 }] });
    expect(t.rows.map((r) => [r.label, r.ready, r.missing, r.share])).toEqual([
      ['late', true, 0, 1], ['price', true, 0, 1], ['rude', false, 2, 0.6]]);
    expect(t).toMatchObject({ ready: 2, trainable: true, labelsMissing: 0 });
    const one = trainability({ min_examples: 5, labels: [{ label: 'late', comments: 9 }, { label: 'rude', comments: 4 }] });
    expect(one).toMatchObject({ ready: 1, trainable: false, labelsMissing: 1 });
    expect(trainability({ min_examples: 5, labels: [] })).toMatchObject({ ready: 0, trainable: false, labelsMissing: 2 });
  });

  it('checks a label as the server does: trimmed, 1 to 64 characters, one line', () => {
    expect(checkLabel('  late delivery ')).toEqual({ label: 'late delivery' });
    expect(checkLabel('   ')).toEqual({ error: 'empty' });
    expect(checkLabel('a\nb')).toEqual({ error: 'line' });
    expect(checkLabel('ت'.repeat(64))).toEqual({ label: 'ت'.repeat(64) });  // characters, not bytes
    expect(checkLabel('x'.repeat(65))).toEqual({ error: 'long' });
  });

  it('adds a tag once, at most twenty, and removes it', () => {
    expect(withTag(['late'], ' rude ')).toEqual({ tags: ['late', 'rude'] });
    const same = ['late'];
    expect((withTag(same, 'late') as { tags: string[] }).tags).toBe(same);
    expect(withTag(Array.from({ length: 20 }, (_, i) => 'l' + i), 'one more')).toEqual({ error: 'many' });
    expect(withTag([], '')).toEqual({ error: 'empty' });
    expect(withoutTag(['late', 'rude'], 'late')).toEqual(['rude']);
  });

  it('offers the classifier\'s labels not yet confirmed, most probable first', () => {
    expect(openPredictions({ rude: 0.62, late: 0.91, price: 0.55 }, ['price'])).toEqual([{ label: 'late', p: 0.91 }, { label: 'rude', p: 0.62 }]);
    expect(openPredictions(undefined, [])).toEqual([]);
  });

  it('offers labels in use while typing: matches first, then the most used, never those on the comment', () => {
    const known = [{ label: 'late delivery', comments: 3 }, { label: 'rude staff', comments: 9 }, { label: 'price', comments: 5 }, { label: 'Lateness', comments: 1 }];
    expect(labelOptions(known, [])).toEqual(['rude staff', 'price', 'late delivery', 'Lateness']);
    expect(labelOptions(known, ['rude staff'], 'LATE')).toEqual(['late delivery', 'Lateness', 'price']);
  });
});

const resp = (id: number, survey: number, at: string, text: ListedResponse['text'] = {}, answers: ListedResponse['answers'] = {}): ListedResponse =>
  ({ id, survey_id: survey, created_at: at, answers, text });

describe('comments from the response listing', () => {
  it('lists a response\'s analysed comments that match the sentiment and topic', () => {
    const r = resp(1, 1, '2026-01-01T00:00:00Z',
      { why: { lang: 'fa', label: 'negative', score: -0.5, emotions: {}, topics: ['delivery'], labels: { late: 0.8 } },
        other: { lang: 'fa', label: 'positive', score: 0.5, emotions: {}, topics: ['price'] },
        gone: { lang: 'fa', label: 'neutral', score: 0, emotions: {}, topics: [] } },
      { why: 'دیر رسید', other: 'ارزان بود', nps: 3 });
    expect(commentsOf(r).map((c) => c.question)).toEqual(['why', 'other']);  // no text, no comment
    expect(commentsOf(r, { sentiment: 'negative' }).map((c) => c.text)).toEqual(['دیر رسید']);
    expect(commentsOf(r, { topic: 'price' }).map((c) => c.question)).toEqual(['other']);
    expect(commentsOf(r, { sentiment: 'negative', topic: 'price' })).toEqual([]);
  });

  it('with a topic and a sentiment, matches what the comment says about that topic', () => {
    const mixed: CommentAnalysis = { lang: 'en', label: 'mixed', score: 0.1, emotions: {}, topics: ['delivery', 'product_quality'],
      topic_sentiment: { delivery: 'negative', product_quality: 'positive' } };
    const older: CommentAnalysis = { lang: 'en', label: 'negative', score: -0.4, emotions: {}, topics: ['delivery'] };
    const r = resp(1, 1, '2026-01-01T00:00:00Z', { a: mixed, b: older },
      { a: 'The delivery was late, but the product is great', b: 'Late again' });
    const texts = (m: { sentiment?: string; topic?: string }) => commentsOf(r, m).map((c) => c.question);
    expect(texts({ topic: 'delivery', sentiment: 'negative' })).toEqual(['a', 'b']);  // b: no per-topic label, its own
    expect(texts({ topic: 'product_quality', sentiment: 'positive' })).toEqual(['a']);
    expect(texts({ topic: 'product_quality', sentiment: 'negative' })).toEqual([]);
    expect(texts({ topic: 'delivery', sentiment: 'positive' })).toEqual([]);
    expect(texts({ topic: 'delivery,product_quality', sentiment: 'positive' })).toEqual(['a']);
    expect(texts({ topic: 'delivery', sentiment: 'mixed' })).toEqual(['a']);  // a whole comment's label
    expect(texts({ sentiment: 'negative' })).toEqual(['b']);
    expect(topicLabel(mixed, 'product_quality')).toBe('positive');
    expect(topicLabel(older, 'delivery')).toBe('negative');
  });

  it('asks the metrics for a topic\'s own sentiment when both are filtered', () => {
    const f = (segment: Filters['segment']): Filters => ({ survey: '3', period: '90d', range: { from: '2026-01-01', to: '2026-03-31' }, segment });
    expect(filterQuery(f({ topic: 'delivery', sentiment: 'negative', touchpoint: 'web' }))).toEqual(
      { survey: '3', from: '2026-01-01', to: '2026-03-31', touchpoint: 'web', topic_sentiment: 'delivery:negative' });
    expect(filterQuery(f({ topic: 'delivery,price', sentiment: 'positive' })).topic_sentiment).toBe('delivery:positive,price:positive');
    const period = { survey: '3', from: '2026-01-01', to: '2026-03-31' };
    expect(filterQuery(f({ topic: 'delivery', sentiment: 'mixed' }))).toEqual({ ...period, topic: 'delivery', sentiment: 'mixed' });
    expect(filterQuery(f({ sentiment: 'negative' }))).toEqual({ ...period, topic: undefined, sentiment: 'negative' });
    expect(filterQuery(f({ topic: 'price' }))).toEqual({ ...period, topic: 'price', sentiment: undefined });
  });

  it('merges several surveys newest first, a page at a time, reading each survey with its own cursor', async () => {
    const c = (label: CommentAnalysis['label']) => ({ c: { lang: 'en' as const, label, score: 0, emotions: {}, topics: [] } });
    const data: Record<string, ListedResponse[]> = {
      '1': [resp(10, 1, '2026-01-05T00:00:00Z', c('negative'), { c: 'a' }), resp(8, 1, '2026-01-03T00:00:00Z', c('positive'), { c: 'b' }),
            resp(5, 1, '2026-01-01T00:00:00Z', c('negative'), { c: 'c' })],
      '2': [resp(9, 2, '2026-01-04T00:00:00Z', c('negative'), { c: 'd' }), resp(7, 2, '2026-01-02T00:00:00Z', c('negative'), { c: 'e' })],
    };
    const calls: string[] = [];
    // Pages of two; the cursor is the position.
    const fetchPage = async (survey: string, cursor: string | null) => {
      calls.push(`${survey}@${cursor ?? 0}`);
      const at = Number(cursor ?? 0);
      const items = data[survey].slice(at, at + 2);
      return { items, next_cursor: at + 2 < data[survey].length ? String(at + 2) : null };
    };
    const feed = new CommentFeed(['1', '2'], fetchPage, { sentiment: 'negative' });
    const first = await feed.next(2);
    expect(first.items.map((x) => x.text)).toEqual(['a', 'd']);
    expect(first.done).toBe(false);
    const rest = await feed.next(10);
    expect(rest.items.map((x) => x.text)).toEqual(['e', 'c']);
    expect(rest.done).toBe(true);
    expect(calls).toEqual(['1@0', '2@0', '1@2']);
    expect(feed.scanned).toBe(5);
  });

  it('stops after a few pages when the filters match little, and says there is more', async () => {
    let n = 0;
    const feed = new CommentFeed(['1'], async () => ({ items: [resp(++n, 1, new Date(1e12 - n * 1000).toISOString())], next_cursor: 'more' }), {}, 3);
    const got = await feed.next(5);
    expect(got.items).toEqual([]);
    expect(got.done).toBe(false);
    expect(n).toBe(3);
  });
});

describe('the taxonomy form', () => {
  const tax = { custom: true, topics: [
    { id: 'delivery', name_fa: 'ارسال', name_en: 'Delivery', keywords: ['late', 'courier'] },
    { id: 'price', name_fa: 'قیمت', name_en: 'Price', keywords: ['expensive'] },
  ] };

  it('sends the topics and keywords in the form\'s order, one for one, trimmed', () => {
    const rows = taxonomyToForm(tax);
    rows[0].keywords[1] = ' courier ';
    rows.push({ ...blankTopic(), id: ' loyalty ', name_en: 'Loyalty', keywords: ['points', ''] });
    expect(formToTaxonomy(rows)).toEqual({ topics: [
      tax.topics[0], tax.topics[1], { id: 'loyalty', name_fa: '', name_en: 'Loyalty', keywords: ['points', ''] },
    ] });
    expect(taxonomyChanged(taxonomyToForm(tax), tax)).toBe(false);
    expect(taxonomyChanged(rows, tax)).toBe(true);
  });

  it('names the input of each field the server may name', () => {
    expect(taxonomyTarget('topics[2].keywords[0]')).toEqual({ topic: 2, part: 'keyword', keyword: 0, input: 'topics[2].keywords[0]' });
    expect(taxonomyTarget('topics[0].id')).toEqual({ topic: 0, part: 'id', input: 'topics[0].id' });
    expect(taxonomyTarget('topics[1].name_en')).toMatchObject({ part: 'name_en', input: 'topics[1].name_en' });
    expect(taxonomyTarget('topics[3].keywords')).toMatchObject({ part: 'keywords', input: 'topics[3].keywords' });
    expect(taxonomyTarget('topics[4]')).toMatchObject({ topic: 4, part: 'topic', input: 'topics[4].id' });
    expect(taxonomyTarget('topics')).toBeNull();
    expect(taxonomyTarget('labels[0]')).toBeNull();
    expect(taxonomyTarget(null)).toBeNull();
  });

  it('checks ids and keywords are there before asking the server', () => {
    const rows = taxonomyToForm(tax);
    rows.push({ ...blankTopic(), name_en: 'Loyalty' });
    rows[0].keywords.push('  ');
    expect(checkTaxonomy(rows, { required: 'required', needKeyword: 'a keyword' })).toEqual({
      'topics[0].keywords[2]': 'required', 'topics[2].id': 'required', 'topics[2].keywords': 'a keyword',
    });
  });

  it('makes an id from a name and splits keywords typed together', () => {
    expect(slugId('Loyalty points!')).toBe('loyalty_points');
    expect(slugId('  Wi-Fi & 5G ')).toBe('wi_fi_5g');
    expect(slugId('باشگاه مشتریان')).toBe('');
    expect(splitKeywords('late, courier،  دیر رسید ;\nparcel  box')).toEqual(['late', 'courier', 'دیر رسید', 'parcel box']);
    expect(addKeywords(['late'], 'late, early')).toEqual(['late', 'early']);
  });
});

describe('re-analysing the comments', () => {
  const job = (over: Partial<EnrichJob>): EnrichJob => ({
    state: 'running', total: 20000, read: 0, comments: 0, enriched: 0, started_at: '2026-03-01T10:00:00Z', finished_at: null, error: null, ...over,
  });

  it('measures the responses read against those counted, in whole percents rounded down', () => {
    expect(enrichProgress(job({ read: 0 }))).toEqual({ read: 0, total: 20000, share: 0 });
    expect(enrichProgress(job({ read: 5000 }))).toEqual({ read: 5000, total: 20000, share: 0.25 });
    expect(enrichProgress(job({ read: 19999 })).share).toBe(0.99);  // 100% only once all are read
    expect(enrichProgress(job({ read: 20000 })).share).toBe(1);
    expect(enrichProgress(job({ total: 3, read: 1 })).share).toBe(0.33);
  });

  it('keeps the bar within its ends: responses that arrived after the count, nothing to read', () => {
    expect(enrichProgress(job({ read: 20250 }))).toEqual({ read: 20000, total: 20000, share: 1 });
    expect(enrichProgress(job({ read: -1 })).read).toBe(0);
    expect(enrichProgress(job({ total: 0, read: 0 })).share).toBe(0);
    expect(enrichProgress(job({ state: 'done', total: 0, read: 0 })).share).toBe(1);
  });

  it('sums up a finished job: comments analysed, responses updated, the seconds it took', () => {
    const done = job({ state: 'done', read: 20000, comments: 13958, enriched: 13958, finished_at: '2026-03-01T10:00:04.600Z' });
    expect(enrichSummary(done)).toEqual({ comments: 13958, enriched: 13958, read: 20000, seconds: 5 });
    expect(enrichSummary({ ...done, started_at: null })?.seconds).toBeNull();
    expect(enrichSummary(job({ read: 100 }))).toBeNull();
    expect(enrichSummary(job({ state: 'failed', error: 'disk full' }))).toBeNull();
  });

  it('shows the bar while it runs, the result of the job it watched, an earlier one as such', () => {
    expect(enrichView(null, false)).toBe('none');
    expect(enrichView(job({ state: 'idle' }), false)).toBe('none');
    expect(enrichView(job({}), false)).toBe('running');
    expect(enrichView(job({ state: 'done' }), true)).toBe('done');
    expect(enrichView(job({ state: 'done' }), false)).toBe('earlier');
    expect(enrichView(job({ state: 'failed' }), false)).toBe('failed');
  });

  it('asks every second while it runs, less often after failed reads', () => {
    expect(enrichPollDelay(0)).toBe(ENRICH_POLL_MS);
    expect(ENRICH_POLL_MS).toBe(1000);
    expect([1, 2, 3, 4, 5, 6, 50].map(enrichPollDelay)).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('says what was done in the reader\'s language', () => {
    expect(tt('tx.enrich.done', { n: '۱۳٬۹۵۸' })).toBe('۱۳٬۹۵۸ نظر دوباره تحلیل شد؛ داشبوردها تا چند ثانیهٔ دیگر به‌روز می‌شوند.');
    expect(tt('tx.enrich.running', { read: '۵٬۰۰۰', total: '۲۰٬۰۰۰', p: '۲۵٪' })).toBe('در حال تحلیل دوباره… ۵٬۰۰۰ از ۲۰٬۰۰۰ پاسخ خوانده شد (۲۵٪)');
  });
});

describe('the pages\' own messages', () => {
  it('fill their placeholders in the reader\'s language', () => {
    expect(tt('tx.needsMore', { n: '۲' })).toBe('۲ نظر دیگر لازم است');
    expect(tt('tx.tab.labels')).toBe('برچسب‌ها و دسته‌بند');
  });
});
