// Home dashboard: NPS, CSAT and CES with their margins and change against the previous
// period (marked significant or not), a trend, and breakdowns by touchpoint, channel,
// agent, language, the comments' sentiment and topics, and persona (by emoji and name). Follows the filters in the address; refreshes itself every 10 s.
import { get } from '../../lib/api';
import { Chart } from '../../lib/chart';
import { fmtDate, fmtDay, fmtNumber, fmtPercent, fmtSigned, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { setParams, useRoute } from '../../lib/router';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import {
  ALL_DIMENSIONS, FilterBar, filterQuery, loadNames, questionsOf, useFilters, useSurveys,
} from '../../ui/filters';
import { Breakdown } from './breakdown';
import { WhyCard } from './why';
import { t } from './messages';
import { bucketFor, headline, margin, METRICS, npsOf, pickMetric, topBoxOf, value, type Metric, type Report } from './model';

const LIVE_MS = 10_000;

function Tile({ metric, report, l, applies }: { metric: Metric; report?: Report; l: Locale; applies: boolean }) {
  const g = report?.overall;
  const c = report?.comparison;
  const nps = g && npsOf(g);
  return (
    <section class="tile" data-testid={'tile-' + metric}>
      <h3>{t(`dash.${metric}`)}</h3>
      <p class="scale-note" data-testid={'tile-' + metric + '-scale'}>{t(`dash.scale.${metric}`)}</p>
      {!applies ? <p class="muted" data-testid={'tile-' + metric + '-not-asked'}>{t('dash.notAsked', { metric: t(`dash.${metric}`) })}</p>
        : !g ? <p class="muted">—</p> : g.status !== 'ok' ? (
        <p class="not-enough" data-testid={'tile-' + metric + '-not-enough'}>
          {g.n === 0 ? t('dash.noData') : t('dash.notEnough', { n: fmtNumber(g.n, l), min: fmtNumber(report!.min_n, l) })}
        </p>
      ) : (
        <>
          <div class="big" data-testid={'tile-' + metric + '-value'}>{headline(metric, g, l)}</div>
          <div class="muted">{t('dash.margin', { m: margin(metric, g, l) })} · <span data-testid={'tile-' + metric + '-n'}>{t('dash.responses', { n: fmtNumber(g.n, l) })}</span></div>
          {metric !== 'nps' && <div class="muted">{t('dash.mean', { m: fmtNumber(topBoxOf(g)?.mean ?? NaN, l, 2), max: fmtNumber(report!.scale.max, l) })}</div>}
          {c && c.baseline.status === 'ok' && c.difference !== null && (
            <div class={'delta ' + (c.verdict === 'no_significant_change' ? 'flat' : c.difference > 0 ? 'up' : 'down')} data-testid={'tile-' + metric + '-delta'}>
              {t('dash.vsPrev', { d: fmtSigned(metric === 'nps' ? c.difference : c.difference * 100, l, 1) })}
              {' · '}{c.verdict === 'no_significant_change' ? t('dash.notSignificant') : t('dash.significant')}
              {' · '}<button type="button" class="link" data-testid={'tile-' + metric + '-why'} onClick={() => setParams({ why: metric })}>{t('why.open')}</button>
            </div>
          )}
          {nps && (
            <>
              <div class="npsbar" aria-hidden="true">
                <span class="det" style={{ flex: nps.detractors }} />
                <span class="pas" style={{ flex: nps.passives }} />
                <span class="pro" style={{ flex: nps.promoters }} />
              </div>
              <ul class="npslegend" data-testid="nps-legend">
                <li><i class="det" />{t('dash.detractors')} {fmtPercent(nps.detractors, l, 0)}</li>
                <li><i class="pas" />{t('dash.passives')} {fmtPercent(nps.passives, l, 0)}</li>
                <li><i class="pro" />{t('dash.promoters')} {fmtPercent(nps.promoters, l, 0)}</li>
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

export default function Dashboard({ org }: { org: Org }) {
  const f = useFilters(org);
  const { params } = useRoute();
  const asked = params.get('metric') as Metric | null;
  const why = params.get('why') as Metric | null;
  const l = localeOf(org, lang());
  const surveys = useSurveys(org);
  const base = filterQuery(f);
  const key = [org.id, JSON.stringify(base), f.range.prevFrom, asked];
  const data = useLoad(async () => {
    const qs = await questionsOf(org, f.survey);
    // Open on a metric the survey has: the one asked for, else its first score.
    const metric = pickMetric(asked, qs);
    const metricQuery = (m: Metric, extra: Record<string, string | number | undefined>) =>
      qs[m] ? get('/api/v1/orgs/{org}/metrics', { org: org.id, ...base, metric: m, question: qs[m], ...extra }) : Promise.resolve(undefined);
    const compare = f.range.prevFrom ? { 'compare.from': f.range.prevFrom, 'compare.to': f.range.prevTo } : {};
    const [tiles, trend, names, ...breakdowns] = await Promise.all([
      Promise.all(METRICS.map((m) => metricQuery(m, compare))),
      metric ? metricQuery(metric, { trend: bucketFor(f) }) : undefined,
      loadNames(org),
      ...ALL_DIMENSIONS.map((d) => (metric ? metricQuery(metric, { group_by: d }) : undefined)),
    ]);
    return { qs, metric, tiles, trend, names, breakdowns: breakdowns as (Report | undefined)[] };
  }, key, LIVE_MS);

  const d = data.data;
  const metric = d?.metric;
  return (
    <div class="dashboard">
      <div class="page-head">
        <h1>{t('dash.title')}</h1>
        <span class="live" data-testid="live">{data.at ? t('dash.updated', { time: fmtDate(data.at, l, true) }) : ''}{data.loading && <span class="dot" />}</span>
      </div>
      <FilterBar org={org} f={f} surveys={surveys.data ?? []} />
      <ErrorBox error={data.error} />
      {!d ? <Spinner /> : (
        <>
          <div class="tiles">{METRICS.map((m, i) => <Tile metric={m} report={d.tiles[i]} l={l} applies={!!d.qs[m]} />)}</div>
          {why && d.qs[why] && f.range.prevFrom && (
            <WhyCard org={org} metric={why} question={d.qs[why]!} query={base} l={l} names={d.names} onClose={() => setParams({ why: null })}
                     compare={{ 'compare.from': f.range.prevFrom, 'compare.to': f.range.prevTo }} />
          )}
          {!metric ? <p class="notice" data-testid="no-score-question">{t('dash.noScoreQuestion')}</p> : (
          <>
          <div class="metric-switch" role="tablist">
            {METRICS.filter((m) => d.qs[m]).map((m) => (
              <button role="tab" aria-selected={m === metric} class={m === metric ? 'active' : ''} data-testid={'metric-' + m}
                      onClick={() => setParams({ metric: m })}>{t(`dash.${m}`)}</button>
            ))}
            {METRICS.some((m) => !d.qs[m]) && (
              <span class="muted" data-testid="metrics-not-asked">{t('dash.notAskedList', { metrics: METRICS.filter((m) => !d.qs[m]).map((m) => t(`dash.${m}`)).join(t('dash.listSep')) })}</span>
            )}
          </div>
          <Card title={t('dash.trend')} testid="trend-card">
            {d.trend && d.trend.groups.length ? (
              <Chart testid="trend-chart" label={t('dash.trend')} option={{
                grid: { left: 48, right: 48, top: 24, bottom: 32 },
                tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : fmtNumber(Number(v), l, 1)) },
                xAxis: { type: 'category', data: d.trend.groups.map((g) => fmtDay(g.bucket_start!, l)) },
                yAxis: { type: 'value', min: metric === 'nps' ? -100 : 0, max: 100, axisLabel: { formatter: (v: number) => fmtNumber(v, l) } },
                series: [{
                  type: 'line', name: t(`dash.${metric}`), smooth: true, connectNulls: false, symbolSize: 7,
                  data: d.trend.groups.map((g) => value(metric, g)),
                  markLine: metric === 'nps' ? { silent: true, symbol: 'none', label: { show: false }, data: [{ yAxis: 0 }] } : undefined,
                }],
              }} />
            ) : <p class="muted">{t('dash.noData')}</p>}
          </Card>
          <div class="breakdowns">
            {ALL_DIMENSIONS.map((dim, i) => <Breakdown dim={dim} report={d.breakdowns[i]} metric={metric} l={l} names={d.names} />)}
          </div>
          </>
          )}
        </>
      )}
    </div>
  );
}
