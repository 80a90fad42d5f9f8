// The customer value page, in tabs. Overview: what the organisation's customers are worth
// from the latest refit (CLV total and mean, expected churn, last year's revenue, the CLV
// distribution), value by NPS group (revenue, mean CLV and churn with their 95% bootstrap
// ranges, a chart; "not enough customers" below the server's minimum), the revenue at risk
// from detractors, value by persona (personas.tsx) and by experience segment (segments.tsx); a refit for those who hold manage_outcomes. Churn and retention
// (retention.tsx), costs: CAC by channel and cost to serve (costs.tsx), the ROI calculator: the
// what-if of moving detractors with its range and caveat, and an action plan's return on it
// (roi.tsx). Read by those who hold read_value; those who hold manage_outcomes also edit the
// costs (cost-editor.tsx) and import transactions from a CSV (the imports feature's steps).
import { useState } from 'preact/hooks';
import { get, send, type Schemas } from '../../lib/api';
import { axisTooltip, Chart, type ChartOption } from '../../lib/chart';
import { fmtDay, fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href, useRoute } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { ValueCells } from './cells';
import { Imports } from '../imports/imports';
import { CostEditor } from './cost-editor';
import { Costs } from './costs';
import { clvSeries, GROUPS, histogramBars, money, type GroupValue } from './model';
import { t } from './messages';
import { ByPersona } from './personas';
import { BySegment } from './segments';
import { Retention } from './retention';
import { RoiCalculator } from './roi';

type Summary = Schemas['ValueSummary'];
type NpsValue = Schemas['NpsValue'];

const TABS = ['overview', 'retention', 'costs', 'roi', 'import'] as const;

export default function Value({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const route = useRoute();
  const tab = (TABS as readonly string[]).includes(route.id ?? '') ? route.id! : 'overview';
  const summary = useLoad(() => get('/api/v1/orgs/{org}/outcomes/value', { org: org.id }), [org.id]);
  return (
    <div data-testid="value-page">
      <div class="page-head"><h1>{t('va.title')}</h1>
        <nav class="tabs">{TABS.filter((k) => k !== 'import' || can(org, 'manage_outcomes')).map((k) => <a href={href(org.id, 'value', k)} class={tab === k ? 'active' : ''} data-testid={'value-tab-' + k}>{t(`va.tab.${k}`)}</a>)}</nav>
      </div>
      {!summary.data ? (summary.error ? <ErrorBox error={summary.error} /> : <Spinner />)
        : tab === 'retention' ? <Retention org={org} l={l} />
        : tab === 'costs' ? <>
            <Costs s={summary.data} l={l} />
            {can(org, 'manage_outcomes') && <CostEditor org={org} digits={summary.data.minor_digits ?? 0} currency={summary.data.currency ?? ''} l={l} onChanged={summary.reload} />}
          </>
        : tab === 'import' && can(org, 'manage_outcomes') ? <>
            <p class="muted">{t('va.importHelp')}</p>
            <Imports org={org} kinds={['transactions']} onDone={summary.reload} />
          </>
        : tab === 'roi' ? <RoiCalculator org={org} l={l} digits={summary.data.minor_digits ?? 0} hasFit={!!summary.data.fit} />
        : <Overview org={org} s={summary.data} l={l} onRefit={summary.reload} />}
    </div>
  );
}

function Overview({ org, s, l, onRefit }: { org: Org; s: Summary; l: Locale; onRefit: () => void }) {
  const nps = useLoad(() => get('/api/v1/orgs/{org}/outcomes/value/nps', { org: org.id }), [org.id, s.fit?.id]);
  const digits = s.minor_digits ?? 0;
  const fit = s.fit;
  return (
    <>
      {can(org, 'manage_outcomes') && <Refit org={org} onDone={onRefit} l={l} />}
      {s.latest_failed_fit && <p class="error" data-testid="value-failed">{t('va.failed', { message: s.latest_failed_fit.message ?? '' })}</p>}
      {!fit ? <p class="empty" data-testid="value-empty">{t('va.noFit')}</p> : (
        <>
          <div class="tiles" data-testid="value-tiles">
            <Tile label={t('va.customers')} value={fmtNumber(s.customers ?? 0, l)} testid="value-customers" />
            <Tile label={t('va.clvTotal') + ` (${s.currency})`} value={money(s.clv?.total, digits, l)} testid="value-clv-total" />
            <Tile label={t('va.clvMean') + ` (${s.currency})`} value={money(s.clv?.mean, digits, l)} testid="value-clv-mean" />
            <Tile label={t('va.churn')} value={fmtPercent(s.expected_churn ?? 0, l)} testid="value-churn" />
            <Tile label={t('va.revenueYear') + ` (${s.currency})`} value={money(s.revenue_last_year, digits, l)} testid="value-revenue" />
          </div>
          <p class="muted small" dir="auto">{t('va.fit', { n: fmtNumber(fit.customers ?? 0, l), date: fmtDay(fit.calibration_end ?? '', l),
            weeks: fmtNumber(fit.horizon_weeks ?? 0, l), rate: fmtPercent(fit.discount_rate ?? 0, l, 0) })}</p>
        </>
      )}
      {fit && <Distribution s={s} l={l} />}
      {fit && <ByNps value={nps.data} error={nps.error} l={l} digits={digits} currency={s.currency ?? ''} />}
      {fit && <ByPersona org={org} l={l} digits={digits} currency={s.currency ?? ''} fitId={fit.id ?? 0} />}
      {fit && <BySegment org={org} l={l} digits={digits} currency={s.currency ?? ''} fitId={fit.id ?? 0} />}
    </>
  );
}

// A refit on the stored transactions, to today; the server's error (e.g. no convergence) beside it.
function Refit({ org, onDone, l }: { org: Org; onDone: () => void; l: Locale }) {
  const [state, setState] = useState<{ busy: boolean; error?: unknown; n?: number }>({ busy: false });
  const [model, setModel] = useState<'bgnbd' | 'pareto'>('bgnbd');
  const run = async () => {
    setState({ busy: true });
    try {
      const fit = await send('post', '/api/v1/orgs/{org}/outcomes/refit', { org: org.id }, { model });
      setState({ busy: false, n: fit.customers ?? 0 });
      onDone();
    } catch (error) {
      setState({ busy: false, error });
      onDone();
    }
  };
  return (
    <div class="form-actions">
      <label class="inline">{t('va.model')}
        <select name="model" value={model} onChange={(e) => setModel((e.target as HTMLSelectElement).value as 'bgnbd' | 'pareto')}>
          <option value="bgnbd">BG/NBD</option><option value="pareto">Pareto/NBD</option>
        </select></label>
      <button type="button" onClick={run} disabled={state.busy} data-testid="value-refit">{state.busy ? t('va.refitting') : t('va.refit')}</button>
      {state.n !== undefined && <span class="muted small" data-testid="value-refitted">{t('va.refitted', { n: fmtNumber(state.n, l) })}</span>}
      {state.error !== undefined && <ErrorBox error={state.error} />}
    </div>
  );
}

function Distribution({ s, l }: { s: Summary; l: Locale }) {
  const digits = s.minor_digits ?? 0;
  const bars = histogramBars(s.clv?.histogram, digits);
  const label = (b: (typeof bars)[number]) => b.high === null ? t('va.above', { low: fmtNumber(b.low, l) }) : `${fmtNumber(b.low, l)}–${fmtNumber(b.high, l)}`;
  const option: ChartOption = {
    grid: { left: 56, right: 16, top: 16, bottom: 56 },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v) => fmtNumber(v, l)) },
    xAxis: { type: 'category', data: bars.map(label), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', name: t('va.customersN') },
    series: [{ name: t('va.customersN'), type: 'bar', data: bars.map((b) => b.count), barWidth: '90%', itemStyle: { color: '#4a63d8' } }],
  };
  return (
    <Card title={`${t('va.distribution')} (${s.currency})`} testid="value-distribution">
      <Chart option={option} label={t('va.distribution')} testid="value-histogram" />
    </Card>
  );
}

function Tile({ label, value, testid }: { label: string; value: string; testid: string }) {
  return <div class="tile"><div class="muted small">{label}</div><strong class="value-amount" dir="ltr" data-testid={testid}>{value}</strong></div>;
}

function ByNps({ value, error, l, digits, currency }: { value: NpsValue | undefined; error: unknown; l: Locale; digits: number; currency: string }) {
  if (!value) return <Card title={t('va.byNps')}>{error ? <ErrorBox error={error} /> : <Spinner />}</Card>;
  const groups = (value.groups ?? []) as GroupValue[];
  const series = clvSeries(groups, digits);
  const names = GROUPS.map((g) => t(`va.group.${g}`));
  const option: ChartOption = {
    grid: { left: 72, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v) => fmtNumber(v, l, digits)) },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value' },
    series: [
      { name: t('va.clvMean'), type: 'bar', data: series.values, barWidth: '40%', itemStyle: { color: '#4a63d8' } },
      { name: '−', type: 'scatter', data: series.lows, symbol: 'rect', symbolSize: [28, 3], itemStyle: { color: '#1f2a44' } },
      { name: '+', type: 'scatter', data: series.highs, symbol: 'rect', symbolSize: [28, 3], itemStyle: { color: '#1f2a44' } },
    ],
  };
  return (
    <Card title={t('va.byNps')} testid="value-by-nps">
      <Chart option={option} label={t('va.byNps')} testid="value-chart" />
      <table class="table">
        <thead><tr><th>{t('va.col.group')}</th><th>{t('va.col.customers')}</th><th>{t('va.col.revenue')}</th><th>{t('va.col.clv')}</th><th>{t('va.col.churn')}</th></tr></thead>
        <tbody>{GROUPS.map((g) => {
          const v = groups.find((x) => x.group === g) ?? {};
          return (
            <tr data-testid="value-group" data-group={g}>
              <td>{t(`va.group.${g}`)}</td>
              <ValueCells v={v} minN={value.min_n ?? 30} digits={digits} l={l} />
            </tr>
          );
        })}</tbody>
      </table>
      <p data-testid="value-at-risk"><strong>{t('va.atRisk')}:</strong> <span dir="ltr">{money(value.revenue_at_risk, digits, l)} {currency}</span></p>
      <p class="muted small">{t('va.atRiskHelp')}</p>
      {(value.scored_without_nps ?? 0) > 0 && <p class="muted small">{t('va.withoutNps', { n: fmtNumber(value.scored_without_nps ?? 0, l) })}</p>}
    </Card>
  );
}
