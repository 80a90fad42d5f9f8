// What comments say: the period's topics by sentiment (a stacked bar per topic, mirrored for
// Persian), each topic's score among the customers who mention it, and suggested new topics
// (phrases the taxonomy misses). Follows the shared filters in the address; a topic opens the
// dashboard filtered to it. Tabs: the comments themselves, tagged in place by analysts; the
// labels and the classifier trained on them; the organisation's topic taxonomy.
import { useState } from 'preact/hooks';
import { get, type Schemas } from '../../lib/api';
import { Chart } from '../../lib/chart';
import { fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href, useRoute } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { FilterBar, filterQuery, useFilters, useSurveys, valueLabel, type Filters } from '../../ui/filters';
import { headline, npsOf } from '../dashboard/model';
import { CommentList } from './comment-list';
import { LabelsPanel } from './labels';
import { t } from './messages';
import { TaxonomyEditor } from './taxonomy';
import { netSentiment, sortTopics, TOPIC_SORTS, type TopicSort } from './topic-sort';

const LABELS = ['negative', 'neutral', 'positive', 'mixed'] as const;
const COLOURS: Record<(typeof LABELS)[number], string> = {
  negative: '#b42318', neutral: '#98a2b3', positive: '#12805c', mixed: '#dc8a21',
};

type TopicReport = Schemas['TopicReport'];
type TopicRow = TopicReport['topics'][number];

// The topic's name: ours for the built-in taxonomy, else the server's, else its id.
function topicName(row: TopicRow): string {
  const named = valueLabel('topic', row.topic);
  return named !== row.topic ? named : row.name?.[lang()] || row.topic;
}

const TABS = ['topics', 'list', 'labels', 'taxonomy'] as const;
type Tab = (typeof TABS)[number];

export default function Comments({ org }: { org: Org }) {
  const f = useFilters(org);
  const { params, id } = useRoute();
  // The comment list is individual responses: only for those who may read them.
  const tabs = TABS.filter((k) => k !== 'list' || can(org, 'read_responses'));
  const tab: Tab = (tabs as readonly string[]).includes(id ?? '') ? id as Tab : 'topics';
  const surveys = useSurveys(org);
  // The tabs keep the filters in the address.
  const tabHref = (k: Tab) => href(org.id, 'comments', k === 'topics' ? null : k, null, params);
  return (
    <div data-testid="comments-page">
      <div class="page-head">
        <h1>{t('comments.title')}</h1>
        <nav class="tabs">{tabs.map((k) => (
          <a href={tabHref(k)} class={tab === k ? 'active' : ''} aria-current={tab === k ? 'page' : undefined} data-testid={'cm-' + k}>{t(`tx.tab.${k}`)}</a>
        ))}</nav>
      </div>
      {(tab === 'topics' || tab === 'list') && <FilterBar org={org} f={f} surveys={surveys.data ?? []} />}
      {tab === 'topics' ? <TopicsTab org={org} f={f} />
        : tab === 'list' ? (surveys.data ? <CommentList org={org} f={f} surveys={surveys.data} /> : (surveys.error ? <ErrorBox error={surveys.error} /> : <Spinner />))
        : tab === 'labels' ? <LabelsPanel org={org} />
        : <TaxonomyEditor org={org} />}
    </div>
  );
}

// What the period's comments talk about: topics by sentiment, each topic's score, suggestions.
function TopicsTab({ org, f }: { org: Org; f: Filters }) {
  const { params } = useRoute();
  const l = localeOf(org, lang());
  const base = filterQuery(f);
  const data = useLoad(() => get('/api/v1/orgs/{org}/text/topics', { org: org.id, ...base }), [org.id, JSON.stringify(base)]);
  const r = data.data;
  // A topic opens the dashboard for the customers who mention it, with the same filters.
  const hrefFor = (page: 'dashboard' | 'list', topic: string) => {
    const q = new URLSearchParams(params);
    q.set('topic', topic);
    return page === 'dashboard' ? href(org.id, 'dashboard', null, null, q) : href(org.id, 'comments', 'list', null, q);
  };
  // From a topic to its comments in one click, for those who may read them.
  const commentsFor = can(org, 'read_responses') ? (topic: string) => hrefFor('list', topic) : null;
  const [sort, setSort] = useState<TopicSort>('mentions');
  return (
    <>
      <ErrorBox error={data.error} />
      {!r ? (data.error ? null : <Spinner />) : r.topics.length === 0 ? <p class="muted" data-testid="comments-empty">{t('comments.none')}</p> : (
        <>
          <Card title={t('comments.byTopic')} testid="topics-card"
                actions={<span class="muted small" data-testid="comments-total">{t('comments.total', { n: fmtNumber(r.comments, l) })}</span>}>
            <p class="muted">{t('comments.help')}</p>
            <div class="sort-switch" role="group" aria-label={t('comments.sortBy')}>
              {TOPIC_SORTS.map((k) => (
                <button type="button" class={'small ' + (k === sort ? '' : 'secondary')} aria-pressed={k === sort}
                        data-testid={'topic-sort-' + k} onClick={() => setSort(k)}>{t(`comments.sort.${k}`)}</button>
              ))}
            </div>
            <TopicChart rows={sortTopics(r.topics, sort)} l={l} />
            <TopicTable report={r} rows={sortTopics(r.topics, sort)} l={l} dashboardFor={(x) => hrefFor('dashboard', x)} commentsFor={commentsFor} />
          </Card>
          <Suggestions report={r} l={l} />
        </>
      )}
    </>
  );
}

function TopicChart({ rows, l }: { rows: TopicRow[]; l: Locale }) {
  return (
    <Chart testid="topics-chart" label={t('comments.byTopic')} height={Math.max(160, rows.length * 30 + 70)} option={{
      animation: false,  // a table drawn as bars: shown as it is, not grown
      grid: { left: 160, right: 40, top: 36, bottom: 24 },
      legend: { top: 0, data: LABELS.map((s) => valueLabel('sentiment', s)) },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmtNumber(v, l) } },
      yAxis: { type: 'category', inverse: true, data: rows.map(topicName) },
      series: LABELS.map((s) => ({
        type: 'bar', stack: 'comments', name: valueLabel('sentiment', s), barMaxWidth: 20,
        itemStyle: { color: COLOURS[s] }, data: rows.map((row) => row.sentiment.counts[s] ?? 0),
      })),
    }} />
  );
}

function TopicTable({ report, rows, l, dashboardFor, commentsFor }: {
  report: TopicReport; rows: TopicRow[]; l: Locale; dashboardFor: (topic: string) => string; commentsFor: ((topic: string) => string) | null;
}) {
  const metric = t(`dash.${report.metric}`);
  return (
    <table class="table topics" data-testid="topics-table">
      <thead>
        <tr>
          <th>{t('comments.topic')}</th><th class="num">{t('comments.n')}</th>
          {LABELS.map((s) => <th class="num">{valueLabel('sentiment', s)}</th>)}
          <th class="num">{t('comments.net')}</th>
          <th class="num">{t('comments.score', { metric })}</th>
          {commentsFor && <th>{t('comments.read')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr data-testid="topic-row" data-topic={row.topic}>
            <th dir="auto"><a href={dashboardFor(row.topic)} data-testid={'topic-' + row.topic}>{topicName(row)}</a></th>
            <td class="num">{fmtNumber(row.comments, l)}</td>
            {LABELS.map((s) => <td class={'num s-' + s} data-label={s}>{fmtPercent(row.sentiment.shares[s] ?? 0, l, 0)} <span class="muted">({fmtNumber(row.sentiment.counts[s] ?? 0, l)})</span></td>)}
            <td class="num" dir="ltr">{fmtNumber(Math.round(netSentiment(row) * 100), l) }</td>
            <td class="num">
              {row.score.status === 'ok'
                ? <>{headline(report.metric, row.score, l)}{report.metric === 'nps' && <span class="muted"> ±{fmtNumber(npsOf(row.score)?.margin ?? NaN, l, 1)}</span>}</>
                : <span class="muted" title={t('dash.notEnough', { n: fmtNumber(row.score.n, l), min: fmtNumber(report.min_n, l) })}>—</span>}
            </td>
            {commentsFor && <td><a href={commentsFor(row.topic)} data-testid={'topic-comments-' + row.topic}>{t('comments.open', { n: fmtNumber(row.comments, l) })}</a></td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Suggestions({ report, l }: { report: TopicReport; l: Locale }) {
  const s = report.suggested;
  return (
    <Card title={t('comments.suggested')} testid="suggested-topics">
      <p class="muted">{t('comments.suggestedHelp', { n: fmtNumber(s.from_comments, l) })}</p>
      {s.topics.length === 0 ? <p class="muted">{t('comments.noSuggestions')}</p> : (
        <ul class="suggestions">
          {s.topics.map((x) => (
            <li data-testid="suggested-topic"><span class="chip" dir="auto">{x.phrase}</span> <span class="muted">{t('comments.inComments', { n: fmtNumber(x.comments, l) })}</span></li>
          ))}
        </ul>
      )}
    </Card>
  );
}
