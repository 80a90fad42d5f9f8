// The customer value page: what the organisation's customers are worth (from the latest
// refit: CLV total and mean, expected churn, last year's revenue, acquisition spend and cost to
// serve), value by NPS group (revenue, mean CLV and churn with their 95% bootstrap ranges, a
// chart of mean CLV by group; "not enough customers" below the server's minimum), the revenue
// at risk from detractors, and the what-if of moving detractors with its range and the
// server's caveat that it is an association. Read by those who hold read_value.
import { useState } from 'preact/hooks';
import { get, type Schemas } from '../../lib/api';
import { axisTooltip, Chart, type ChartOption } from '../../lib/chart';
import { fmtDay, fmtNumber, fmtPercent, fmtSigned, parseNumber, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner, TextField } from '../../ui/components';
import { clvSeries, GROUPS, major, type GroupValue } from './model';
import { t } from './messages';

type Summary = Schemas['ValueSummary'];
type NpsValue = Schemas['NpsValue'];

function money(minor: number | undefined, digits: number, l: Locale) {
  return fmtNumber(major(minor ?? 0, digits), l, digits);
}

export default function Value({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const [move, setMove] = useState('');
  const [to, setTo] = useState<'passive' | 'promoter'>('passive');
  const [asked, setAsked] = useState<{ move: number; to: 'passive' | 'promoter' } | null>(null);
  const summary = useLoad(() => get('/api/v1/orgs/{org}/outcomes/value', { org: org.id }), [org.id]);
  const nps = useLoad(() => get('/api/v1/orgs/{org}/outcomes/value/nps', { org: org.id, move: asked?.move ?? null, move_to: asked?.to ?? null }),
    [org.id, asked?.move, asked?.to]);
  if (!summary.data) return summary.error ? <ErrorBox error={summary.error} /> : <Spinner />;
  const s: Summary = summary.data;
  const digits = s.minor_digits ?? 0;
  const fit = s.fit;
  return (
    <div data-testid="value-page">
      <div class="page-head"><h1>{t('va.title')}</h1></div>
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
      {fit && <ByNps value={nps.data} error={nps.error} l={l} digits={digits} currency={s.currency ?? ''} />}
      {fit && (
        <Card title={t('va.whatIf')} testid="value-whatif">
          <form class="inline-form" onSubmit={(e) => { e.preventDefault(); setAsked({ move: Number(parseNumber(move)) || 0, to }); }}>
            <TextField label={t('va.move')} name="move" value={move} onInput={setMove} inputMode="numeric" />
            <label class="field"><span>{t('va.moveTo')}</span>
              <select name="move_to" value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value as 'passive' | 'promoter')}>
                <option value="passive">{t('va.group.passive')}</option>
                <option value="promoter">{t('va.group.promoter')}</option>
              </select>
            </label>
            <div class="form-actions"><button type="submit" data-testid="value-whatif-show">{t('va.show')}</button></div>
          </form>
          {nps.data?.what_if && <WhatIf v={nps.data} l={l} digits={digits} />}
        </Card>
      )}
      <Card title={t('va.cost')} testid="value-costs">
        <p>{t('va.acquisition')}: <strong dir="ltr">{money(s.acquisition?.total as number | undefined, digits, l)} {s.currency}</strong></p>
        <p>{t('va.cost')}: <strong dir="ltr">{money(s.cost_to_serve?.total as number | undefined, digits, l)} {s.currency}</strong>
          {' · '}{t('va.perCustomer', { amount: money(s.cost_to_serve?.per_customer as number | undefined, digits, l) })}</p>
      </Card>
    </div>
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
  const range = (i: number[] | undefined, f: (v: number) => string) => (i ? ` (${f(i[0])} – ${f(i[1])})` : '');
  return (
    <Card title={t('va.byNps')} testid="value-by-nps">
      <Chart option={option} label={t('va.byNps')} testid="value-chart" />
      <table class="table">
        <thead><tr><th>{t('va.col.group')}</th><th>{t('va.col.customers')}</th><th>{t('va.col.revenue')}</th><th>{t('va.col.clv')}</th><th>{t('va.col.churn')}</th></tr></thead>
        <tbody>{GROUPS.map((g) => {
          const v = groups.find((x) => x.group === g) ?? {};
          const enough = v.status !== 'not_enough_customers';
          return (
            <tr data-testid="value-group" data-group={g}>
              <td>{t(`va.group.${g}`)}</td>
              <td dir="ltr">{fmtNumber(v.customers ?? 0, l)}</td>
              <td dir="ltr">{money(v.revenue, digits, l)}</td>
              {enough ? (
                <>
                  <td dir="ltr">{money(v.mean_clv, digits, l)}{range(v.clv_interval, (x) => money(x, digits, l))}</td>
                  <td dir="ltr">{fmtPercent(v.churn ?? 0, l)}{range(v.churn_interval, (x) => fmtPercent(x, l))}</td>
                </>
              ) : <td colSpan={2} class="muted">{t('va.notEnough', { n: fmtNumber(v.customers ?? 0, l), min: fmtNumber(value.min_n ?? 30, l) })}</td>}
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

function WhatIf({ v, l, digits }: { v: NpsValue; l: Locale; digits: number }) {
  const w = v.what_if!;
  if (w.status === 'not_enough_customers') return <p class="muted" data-testid="value-whatif-result">{t('va.whatIfNotEnough', { min: fmtNumber(v.min_n ?? 30, l) })}</p>;
  const m = (x: number | undefined) => fmtSigned(major(x ?? 0, digits), l, digits);
  return (
    <div data-testid="value-whatif-result">
      <p><strong>{t('va.valueChange')}:</strong> <span dir="ltr">{m(w.value_change)} {v.currency}</span>
        <span class="muted small"> {t('va.range', { low: m(w.value_interval?.[0]), high: m(w.value_interval?.[1]) })}</span></p>
      <p><strong>{t('va.churnChange')}:</strong> <span dir="ltr">{fmtSigned(w.churn_change ?? 0, l, 1)}</span>
        <span class="muted small"> {t('va.range', { low: fmtSigned(w.churn_interval?.[0] ?? 0, l, 1), high: fmtSigned(w.churn_interval?.[1] ?? 0, l, 1) })}</span></p>
      <p class="muted small" dir="ltr" data-testid="value-caveat">{w.caveat}</p>
    </div>
  );
}
