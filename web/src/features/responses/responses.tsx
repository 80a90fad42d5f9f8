// Responses of one survey: a table with the shared filters and a search in comments (each
// comment with its sentiment, topics and the classifier's suggested labels), one response in
// detail (answers with their questions, what each comment says and its analysts' tags, editable
// by those who may, touchpoint, agent, hidden fields, metadata), and exports (CSV, XLSX)
// streamed with a progress indicator.
import { useEffect, useState } from 'preact/hooks';
import { get, pathOf, send, type Schemas } from '../../lib/api';
import { fmtDate, fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { lang, named } from '../../lib/i18n';
import { href, navigate, setParams, useRoute } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { DIMENSIONS, FilterBar, useFilters, useSurveys, type Filters } from '../../ui/filters';
import { editable, type Definition } from '../surveys/model';
import { CommentTags, SentimentBadge, TopicChips, useTopicName } from '../text/comment-tags';
import { t as tt } from '../text/messages';
import type { CommentAnalysis } from '../text/model';
import { t } from './messages';
import { answerText, commentOf, scoreOf, textOf } from './model';

export default function Responses({ org }: { org: Org }) {
  const route = useRoute();
  const f = useFilters(org);
  const surveys = useSurveys(org);
  const l = localeOf(org, lang());
  const survey = f.survey || (surveys.data?.[0] ? String(surveys.data[0].id) : '');
  const q = route.params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const def = useLoad(() => (survey ? get('/api/v1/orgs/{org}/surveys/{survey}', { org: org.id, survey: Number(survey) }).then((s) => editable(s.definition)) : Promise.resolve(undefined)), [org.id, survey]);
  if (route.id) return <ResponseDetail org={org} id={route.id} l={l} />;
  return (
    <div>
      <div class="page-head"><h1>{t('resp.title')}</h1></div>
      <FilterBar org={org} f={{ ...f, survey }} surveys={surveys.data ?? []} allowAllSurveys={false} withComments={false} />
      <form class="row search" role="search" onSubmit={(e) => { e.preventDefault(); setParams({ q: search }); }}>
        <input type="search" name="q" dir="auto" placeholder={t('filter.search')} aria-label={t('filter.search')} value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        <button type="submit" class="secondary">{t('filter.search')}</button>
        <span class="spacer" />
        {survey && can(org, 'export') && <ExportButtons org={org} survey={survey} l={l} />}
      </form>
      {!survey ? <p class="muted">{t('resp.pickSurvey')}</p> : <ResponseTable key={survey + route.params.toString()} org={org} survey={survey} f={f} q={q} def={def.data} l={l} />}
    </div>
  );
}

function ResponseTable({ org, survey, f, q, def, l }: { org: Org; survey: string; f: Filters; q: string; def?: Definition; l: Locale }) {
  const topicName = useTopicName(org);
  const [pages, setPages] = useState<{ items: Schemas['SurveyResponse'][]; next: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async (cursor: string | null) => {
    try {
      const r = await get('/api/v1/orgs/{org}/surveys/{survey}/responses', { org: org.id, survey: Number(survey), order: 'newest', limit: 50, cursor, from: f.range.from, to: f.range.to, q,
        ...Object.fromEntries(DIMENSIONS.map((d) => [d, f.segment[d]])) });
      setPages((p) => ({ items: [...(cursor && p ? p.items : []), ...r.items], next: r.next_cursor }));
    } catch (e) { setError(e); }
  };
  useEffect(() => { load(null); }, []);
  if (!pages && !error) return <Spinner />;
  return (
    <Card>
      <ErrorBox error={error} />
      {pages && pages.items.length === 0 ? <p class="muted" data-testid="responses-empty">{t('resp.empty')}</p> : (
        <table class="table responses" data-testid="responses-table">
          <thead><tr><th>{t('resp.when')}</th><th>{t('resp.score')}</th><th>{t('resp.comment')}</th><th>{t('filter.touchpoint')}</th><th>{t('filter.agent')}</th><th>{t('filter.channel')}</th><th>{t('filter.language')}</th><th>{t('common.status')}</th></tr></thead>
          <tbody>
            {pages?.items.map((r) => {
              const comment = commentOf(def, r.answers);
              const score = scoreOf(def, r.answers);
              const analysis: CommentAnalysis | undefined = comment && r.text?.[comment.id];
              return (
              <tr class="clickable" data-testid="response-row" onClick={() => navigate(href(org.id, 'responses', r.id))}>
                <td><a href={href(org.id, 'responses', r.id)}>{fmtDate(r.created_at, l, true)}</a></td>
                <td class="num">{typeof score === 'number' ? fmtNumber(score, l) : ''}</td>
                <td class="comment">
                  <span dir="auto" data-testid="response-comment">{comment?.text ?? ''}</span>
                  {analysis && <span class="analysis"><SentimentBadge label={analysis.label} /><TopicChips topics={analysis.topics} sentiment={analysis.topic_sentiment} name={topicName} />
                    {Object.entries(analysis.labels ?? {}).map(([label, p]) => (
                      <span class="chip predicted" data-testid="predicted-label" dir="auto" title={tt('tx.predicted')}><bdi>{label}</bdi> <span class="prob">{fmtPercent(Math.floor(p * 100) / 100, l, 0)}</span></span>))}</span>}
                </td>
                <td dir="auto">{r.touchpoint}</td><td dir="auto">{r.agent}</td><td>{r.channel}</td>
                <td>{r.language ? t(`lang.${r.language}`) : ''}</td><td>{t(r.status === 'complete' ? 'resp.complete' : 'resp.partial')}</td>
              </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pages?.next && <button class="secondary" onClick={() => load(pages.next)}>{t('common.more')}</button>}
    </Card>
  );
}

function ResponseDetail({ org, id, l }: { org: Org; id: string; l: Locale }) {
  const data = useLoad(async () => {
    const r = await get('/api/v1/orgs/{org}/responses/{response}', { org: org.id, response: Number(id) });
    const s = await get('/api/v1/orgs/{org}/surveys/{survey}/versions/{version}', { org: org.id, survey: r.survey_id, version: r.version }).catch(() => null);
    return { r, def: s ? editable(s.definition) : null };
  }, [org.id, id]);
  const topicName = useTopicName(org);
  const [opening, setOpening] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  if (!data.data) return data.error ? <ErrorBox error={data.error} /> : <Spinner />;
  const { r, def } = data.data;
  const ul = lang();
  const questions = def?.questions ?? [];
  const ids = [...questions.map((q) => q.id), ...Object.keys(r.answers).filter((k) => !questions.some((q) => q.id === k))];
  return (
    <div data-testid="response-detail">
      <div class="page-head"><h1>{t('resp.detail', { id: fmtNumber(r.id, l) })}</h1><a href={href(org.id, 'responses', null, null, 'survey=' + r.survey_id)}>{t('common.back')}</a>
        {can(org, 'work_cases') && (
          <button type="button" class="secondary" disabled={opening.busy} data-testid="open-case" onClick={async () => {
            setOpening({ busy: true, error: null });
            try {
              const made = await send('post', '/api/v1/orgs/{org}/cases', { org: org.id }, { title: t('resp.caseTitle', { id: String(r.id) }), response_id: r.id });
              navigate(href(org.id, 'cases', made.id));
            } catch (e) { setOpening({ busy: false, error: e }); }
          }}>{t('resp.openCase')}</button>
        )}
      </div>
      <ErrorBox error={opening.error} />
      <div class="two-col">
        <Card title={t('resp.answers')}>
          <dl class="answers">
            {ids.filter((k) => r.answers[k] !== undefined).map((k) => {
              const q = questions.find((x) => x.id === k);
              return <><dt dir="auto">{q ? textOf(q.text, ul) || k : k}</dt><dd dir="auto" data-testid={'answer-' + k}>{answerText(q, r.answers[k], ul, (n) => fmtNumber(n, l, Number.isInteger(n) ? 0 : 1))}</dd></>;
            })}
          </dl>
          {[...new Set([...Object.keys(r.text ?? {}), ...Object.keys(r.tags ?? {})])].filter((k) => typeof r.answers[k] === 'string').map((k) => (
            <CommentDetail org={org} response={r.id} questionId={k} question={textOf(questions.find((x) => x.id === k)?.text, ul) || k}
                           a={r.text?.[k]} tags={r.tags?.[k] ?? []} l={l} topicName={topicName} />
          ))}
        </Card>
        <Card title={t('resp.meta')}>
          <dl class="meta">
            <dt>{t('resp.when')}</dt><dd>{fmtDate(r.created_at, l, true)}</dd>
            <dt>{t('common.status')}</dt><dd>{t(r.status === 'complete' ? 'resp.complete' : 'resp.partial')}</dd>
            <dt>{t('filter.touchpoint')}</dt><dd dir="auto">{r.touchpoint || '—'}</dd>
            <dt>{t('filter.agent')}</dt><dd dir="auto">{r.agent || '—'}</dd>
            <dt>{t('filter.channel')}</dt><dd>{r.channel || '—'}</dd>
            <dt>{t('filter.language')}</dt><dd>{r.language}</dd>
            <dt>{t('resp.contact')}</dt><dd dir="auto">{r.hidden?.contact ?? r.hidden?.customer ?? '—'}</dd>
            <dt>{t('resp.version')}</dt><dd>{fmtNumber(r.version, l)}</dd>
          </dl>
          {Object.keys(r.hidden ?? {}).length > 0 && (
            <>
              <h3>{t('resp.hidden')}</h3>
              <dl class="meta">{Object.entries(r.hidden).map(([k, v]) => <><dt dir="ltr">{k}</dt><dd dir="auto">{String(v)}</dd></>)}</dl>
            </>
          )}
        </Card>
      </div>
    </div>
  );
}

// A comment's analysis: its sentiment (label and score), the emotions it carries, its topics;
// the analysts' tags and the classifier's suggested labels.
function CommentDetail({ org, response, questionId, question, a, tags, l, topicName }: {
  org: Org; response: number; questionId: string; question: string; a?: CommentAnalysis; tags: string[]; l: Locale; topicName: (id: string) => string;
}) {
  const emotions = Object.entries(a?.emotions ?? {});
  return (
    <section class="comment-analysis" data-testid="comment-analysis" data-question={questionId}>
      <h3>{t('resp.analysis')} <span class="muted" dir="auto">({question})</span></h3>
      <dl class="meta">
        {a && <>
          <dt>{t('resp.sentiment')}</dt>
          <dd><SentimentBadge label={a.label} /> <span class="muted">{t('resp.sentimentScore', { s: fmtNumber(a.score, l, 2) })}</span></dd>
          <dt>{t('resp.emotions')}</dt>
          <dd data-testid="emotions">{emotions.length === 0 ? <span class="muted">{t('resp.noEmotions')}</span>
            : emotions.map(([e, v]) => <span class="chip emotion">{named('emotion.', e)} {fmtPercent(v, l, 0)}</span>)}</dd>
          <dt>{t('resp.topics')}</dt>
          <dd>{a.topics.length ? <TopicChips topics={a.topics} sentiment={a.topic_sentiment} name={topicName} /> : '—'}</dd>
        </>}
        <dt>{tt('tx.tags')}</dt>
        <dd><CommentTags org={org} response={response} question={questionId} tags={tags} predicted={a?.labels} titled={false} /></dd>
      </dl>
    </section>
  );
}

// Streams the export, counting rows as they arrive, then hands the file to the browser.
function ExportButtons({ org, survey, l }: { org: Org; survey: string; l: Locale }) {
  const [state, setState] = useState<{ busy: boolean; rows: number; bytes: number; done?: boolean; error?: unknown }>({ busy: false, rows: 0, bytes: 0 });
  const run = async (format: 'csv' | 'xlsx') => {
    setState({ busy: true, rows: 0, bytes: 0 });
    try {
      const res = await fetch(pathOf('/api/v1/orgs/{org}/surveys/{survey}/export', { org: org.id, survey, format, status: 'complete' }), { credentials: 'same-origin' });
      if (!res.ok || !res.body) throw new Error(`${res.status} ${res.statusText}`);
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let rows = 0, bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        if (format === 'csv') for (const b of value) if (b === 10) rows++;
        setState({ busy: true, rows, bytes });
      }
      const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `survey-${survey}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      setState({ busy: false, rows: Math.max(0, rows - 1), bytes, done: true });
    } catch (error) { setState({ busy: false, rows: 0, bytes: 0, error }); }
  };
  return (
    <div class="export" data-testid="export">
      <button type="button" class="secondary" disabled={state.busy} data-testid="export-csv" onClick={() => run('csv')}>{t('resp.export')} CSV</button>
      <button type="button" class="secondary" disabled={state.busy} data-testid="export-xlsx" onClick={() => run('xlsx')}>{t('resp.export')} XLSX</button>
      {state.busy && <span class="progress" role="progressbar" aria-busy="true" data-testid="export-progress"><span class="bar" />{state.rows ? t('resp.exporting', { n: fmtNumber(state.rows, l) }) : fmtNumber(Math.round(state.bytes / 1024), l) + ' KB'}</span>}
      {state.done && <span class="ok" data-testid="export-done">{state.rows ? t('resp.exported', { n: fmtNumber(state.rows, l) }) : fmtNumber(Math.round(state.bytes / 1024), l) + ' KB'}</span>}
      <ErrorBox error={state.error} />
    </div>
  );
}
