// Home dashboard: NPS, CSAT and CES with their margins and change against the previous
// period (marked significant or not), a trend, and breakdowns by touchpoint, channel,
// agent, language, the comments' sentiment and topics, and persona (by emoji and name). Follows the filters in the address; refreshes itself every 10 s.
import { get } from '../../lib/api';
import { Chart } from '../../lib/chart';
import { fmtDate, fmtDay, fmtNumber, fmtSigned, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import type { PersonaName } from '../../lib/persona-names';
import { setParams, useRoute } from '../../lib/router';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import {
  ALL_DIMENSIONS, FilterBar, filterQuery, listPersonas, questionsOf, useFilters, useSurveys, valueLabel,
  type Dimension,
} from '../../ui/filters';
import { t } from './messages';
import { bucketFor, headline, margin, METRICS, npsOf, topBoxOf, value, type Group, type Metric, type Report } from './model';

const LIVE_MS = 10_000;

function Tile({ metric, report, l }: { metric: Metric; report?: Report; l: Locale }) {
  const g = report?.overall;
  const c = report?.comparison;
  return (
    <section class="tile" data-testid={'tile-' + metric}>
      <h3>{t(`dash.${metric}`)}</h3>
      {!g ? <p class="muted">—</p> : g.status !== 'ok' ? (
        <p class="not-enough" data-testid={'tile-' + metric + '-not-enough'}>
          {g.n === 0 ? t('dash.noData') : t('dash.notEnough', { n: fmtNumber(g.n, l), min: fmtNumber(report!.min_n, l) })}
        </p>
      ) : (
        <>
          <div class="big" data-testid={'tile-' + metric + '-value'}>{headline(metric, g, l)}</div>
          <div class="muted">{t('dash.margin', { m: margin(metric, g, l) })} · <span data-testid={'tile-' + metric + '-n'}>{t('dash.responses', { n: fmtNumber(g.n, l) })}</span></div>
          {metric !== 'nps' && <div class="muted">{t('dash.mean', { m: fmtNumber(topBoxOf(g)?.mean ?? NaN, l, 2) })}</div>}
          {c && c.baseline.status === 'ok' && c.difference !== null && (
            <div class={'delta ' + (c.verdict === 'no_significant_change' ? 'flat' : c.difference > 0 ? 'up' : 'down')} data-testid={'tile-' + metric + '-delta'}>
              {t('dash.vsPrev', { d: fmtSigned(metric === 'nps' ? c.difference : c.difference * 100, l, 1) })}
              {' · '}{c.verdict === 'no_significant_change' ? t('dash.notSignificant') : t('dash.significant')}
            </div>
          )}
          {metric === 'nps' && (
            <div class="npsbar" aria-hidden="true">
              <span class="det" style={{ flex: npsOf(g)?.detractors }} title={t('dash.detractors')} />
              <span class="pas" style={{ flex: npsOf(g)?.passives }} title={t('dash.passives')} />
              <span class="pro" style={{ flex: npsOf(g)?.promoters }} title={t('dash.promoters')} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

export default function Dashboard({ org }: { org: Org }) {
  const f = useFilters(org);
  const { params } = useRoute();
  const metric = (params.get('metric') as Metric) || 'nps';
  const l = localeOf(org, lang());
  const surveys = useSurveys(org);
  const base = filterQuery(f);
  const key = [org.id, JSON.stringify(base), f.range.prevFrom, metric];
  const data = useLoad(async () => {
    const qs = await questionsOf(org, f.survey);
    const metricQuery = (m: Metric, extra: Record<string, string | number | undefined>) =>
      qs[m] ? get('/api/v1/orgs/{org}/metrics', { org: org.id, ...base, metric: m, question: qs[m], ...extra }) : Promise.resolve(undefined);
    const compare = f.range.prevFrom ? { 'compare.from': f.range.prevFrom, 'compare.to': f.range.prevTo } : {};
    const [tiles, trend, personas, ...breakdowns] = await Promise.all([
      Promise.all(METRICS.map((m) => metricQuery(m, compare))),
      metricQuery(metric, { trend: bucketFor(f) }),
      listPersonas(org).catch(() => [] as PersonaName[]),
      ...ALL_DIMENSIONS.map((d) => metricQuery(metric, { group_by: d })),
    ]);
    return { tiles, trend, personas, breakdowns: breakdowns as (Report | undefined)[] };
  }, key, LIVE_MS);

  const d = data.data;
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
          <div class="tiles">{METRICS.map((m, i) => <Tile metric={m} report={d.tiles[i]} l={l} />)}</div>
          <div class="metric-switch" role="tablist">
            {METRICS.map((m) => (
              <button role="tab" aria-selected={m === metric} class={m === metric ? 'active' : ''} onClick={() => setParams({ metric: m === 'nps' ? null : m })}>{t(`dash.${m}`)}</button>
            ))}
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
            {ALL_DIMENSIONS.map((dim, i) => <Breakdown dim={dim} report={d.breakdowns[i]} metric={metric} l={l} personas={d.personas} />)}
          </div>
        </>
      )}
    </div>
  );
}

function Breakdown({ dim, report, metric, l, personas }: { dim: Dimension; report?: Report; metric: Metric; l: Locale; personas: PersonaName[] }) {
  const groups = (report?.groups ?? []).slice().sort((a, b) => b.n - a.n).slice(0, 12);
  // The group without a key: for personas, the customers in none (or anonymous).
  const name = (g: Group) => (g.key ? valueLabel(dim, g.key, personas) : dim === 'persona' ? t('dash.noPersona') : '—');
  return (
    <Card title={t('dash.by', { dim: t(`dim.${dim}`) })} testid={'breakdown-' + dim}>
      {groups.length === 0 ? <p class="muted">{t('dash.noData')}</p> : (
        <>
          <Chart testid={'breakdown-chart-' + dim} label={t('dash.by', { dim: t(`dim.${dim}`) })} height={Math.max(120, groups.length * 28 + 40)} option={{
            grid: { left: 110, right: 40, top: 8, bottom: 24, containLabel: false },
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (v == null ? '—' : fmtNumber(Number(v), l, 1)) },
            xAxis: { type: 'value', min: metric === 'nps' ? -100 : 0, max: 100, axisLabel: { formatter: (v: number) => fmtNumber(v, l) } },
            yAxis: { type: 'category', inverse: true, data: groups.map(name) },
            series: [{ type: 'bar', data: groups.map((g) => value(metric, g)), itemStyle: { color: '#3451b2' }, barMaxWidth: 18 }],
          }} />
          <table class="mini">
            <tbody>
              {groups.map((g) => (
                <tr><th dir="auto">{name(g)}</th>
                  <td>{g.status === 'ok' ? headline(metric, g, l) : '—'}</td>
                  <td class="muted">{g.status === 'ok' ? '±' + margin(metric, g, l) : t('dash.notEnough', { n: fmtNumber(g.n, l), min: fmtNumber(report!.min_n, l) })}</td>
                  <td class="muted">n={fmtNumber(g.n, l)}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
