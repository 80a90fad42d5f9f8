// The Comments page's list of comments: the newest first, filtered like the page (survey,
// period, touchpoint, channel, agent, language, sentiment, topic: with both, what the comment
// says about that topic) and by words they contain,
// a page at a time; each with its sentiment and topics, the analysts' tags and the
// classifier's suggestions, taggable in place.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { get } from '../../lib/api';
import { fmtDate, fmtNumber, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href, setParams, useRoute } from '../../lib/router';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { DIMENSIONS, loadNames, valueLabel, type Filters, type SurveySummary } from '../../ui/filters';
import { CommentTags, SentimentBadge, TopicChips, useTopicName } from './comment-tags';
import { t } from './messages';
import { SCORE_MAX, scoreOf } from './comment-score';
import { CommentFeed, type CommentItem, type ListedResponse } from './model';

const PAGE = 20;
// Tags come with a response read on its own (GET …/responses/{id}); at most this many at once.
const PARALLEL = 6;

async function tagsOf(org: Org, ids: number[]): Promise<Record<number, Record<string, string[]>>> {
  const out: Record<number, Record<string, string[]>> = {};
  const queue = [...ids];
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const r = await get('/api/v1/orgs/{org}/responses/{response}', { org: org.id, response: id });
      out[id] = r.tags ?? {};
    }
  }));
  return out;
}

// The customer's score beside their comment ("NPS 3 of 10"), and the touchpoint by name.
function Score({ r, l }: { r: ListedResponse; l: Locale }) {
  const s = scoreOf(r);
  if (!s) return null;
  return <span class="badge" data-testid="comment-score">{t('tx.list.score', { metric: t(`dash.${s.metric}`), v: fmtNumber(s.value, l), max: fmtNumber(SCORE_MAX[s.metric], l) })}</span>;
}

export function CommentList({ org, f, surveys }: { org: Org; f: Filters; surveys: SurveySummary[] }) {
  const { params } = useRoute();
  const l = localeOf(org, lang());
  const topicName = useTopicName(org);
  const names = useLoad(() => loadNames(org), [org.id]);
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const sources = f.survey ? [f.survey] : surveys.map((s) => String(s.id));
  const key = JSON.stringify([org.id, sources, f.range.from, f.range.to, f.segment, q]);
  const feed = useMemo(() => new CommentFeed(sources, (survey, cursor) =>
    get('/api/v1/orgs/{org}/surveys/{survey}/responses', { org: org.id, survey: Number(survey), order: 'newest', status: 'complete', limit: 100, cursor, from: f.range.from, to: f.range.to, q,
      ...Object.fromEntries(DIMENSIONS.map((d) => [d, f.segment[d]])) }),
    { sentiment: f.segment.sentiment, topic: f.segment.topic }), [key]);
  const [state, setState] = useState<{ items: CommentItem[]; tags: Record<number, Record<string, string[]>>; done: boolean; loading: boolean; error?: unknown }>(
    { items: [], tags: {}, done: false, loading: true });

  const latest = useRef(feed);
  latest.current = feed;
  const more = async (replace: boolean) => {
    const mine = feed;
    setState((s) => ({ ...(replace ? { items: [], tags: {}, done: false } : s), loading: true, error: undefined }));
    try {
      const got = await mine.next(PAGE);
      const ids = [...new Set(got.items.filter((c) => !c.response.tags).map((c) => c.response.id))];
      const tags = await tagsOf(org, ids);
      for (const c of got.items) if (c.response.tags) tags[c.response.id] = c.response.tags;
      if (mine !== latest.current) return;  // the filters changed meanwhile
      setState((s) => ({ items: [...s.items, ...got.items], tags: { ...s.tags, ...tags }, done: got.done, loading: false }));
    } catch (error) {
      if (mine === latest.current) setState((s) => ({ ...s, loading: false, error }));
    }
  };
  useEffect(() => { more(true); }, [feed]);
  useEffect(() => setSearch(q), [q]);

  const surveyName = (id: number) => surveys.find((s) => s.id === id)?.name ?? '#' + id;
  return (
    <Card testid="comment-list" title={t('tx.tab.list')}
          actions={state.items.length > 0 && <span class="muted small" data-testid="comment-count">
            {t('tx.list.shown', { n: fmtNumber(state.items.length, l) })} · {t('tx.list.scanned', { n: fmtNumber(feed.scanned, l) })}</span>}>
      <p class="muted">{t('tx.list.help')}</p>
      <form class="row search" role="search" onSubmit={(e) => { e.preventDefault(); setParams({ q: search }); }}>
        <input type="search" name="q" dir="auto" placeholder={t('filter.search')} aria-label={t('filter.search')} value={search}
               onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        <button type="submit" class="secondary">{t('filter.search')}</button>
      </form>
      <ErrorBox error={state.error} />
      {state.items.length === 0 && state.done ? <p class="empty" data-testid="comments-list-empty">{t('tx.list.empty')}</p> : (
        <ul class="comment-list">
          {state.items.map((c) => (
            <li class="comment-item" data-testid="comment-item" data-response={c.response.id} data-question={c.question} key={c.response.id + '/' + c.question}>
              <p class="comment-text" dir="auto" data-testid="comment-text">{c.text}</p>
              <div class="comment-meta">
                <a href={href(org.id, 'responses', c.response.id)} data-testid="comment-response">{t('tx.list.open', { id: fmtNumber(c.response.id, l) })}</a>
                <span class="muted">{fmtDate(c.response.created_at, l, true)}</span>
                <span class="muted" dir="auto">{surveyName(c.response.survey_id)}</span>
                {c.response.touchpoint && <span class="muted" dir="auto">{valueLabel('touchpoint', c.response.touchpoint, names.data)}</span>}
                <Score r={c.response} l={l} />
                <SentimentBadge label={c.analysis.label} />
                <TopicChips topics={c.analysis.topics} sentiment={c.analysis.topic_sentiment} name={topicName} />
              </div>
              <CommentTags org={org} response={c.response.id} question={c.question}
                           tags={state.tags[c.response.id]?.[c.question] ?? []} predicted={c.analysis.labels} />
            </li>
          ))}
        </ul>
      )}
      {state.loading ? <Spinner />
        : !state.done && <button class="secondary" data-testid="comments-more" onClick={() => more(false)}>{t('common.more')}</button>}
    </Card>
  );
}
