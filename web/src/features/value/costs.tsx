// Costs: acquisition spend against the customers each channel won (CAC, none without
// customers), overall CAC set against mean CLV, and the cost to serve by touchpoint.
import type { Schemas } from '../../lib/api';
import { axisTooltip, Chart, type ChartOption } from '../../lib/chart';
import { fmtNumber, type Locale } from '../../lib/format';
import { Card } from '../../ui/components';
import { major, money } from './model';
import { t } from './messages';

export function Costs({ s, l }: { s: Schemas['ValueSummary']; l: Locale }) {
  const digits = s.minor_digits ?? 0;
  const a = s.acquisition;
  const channels = a?.by_channel ?? [];
  const serve = s.cost_to_serve?.by_touchpoint ?? [];
  const cac = (v: number | null | undefined) => (v === null || v === undefined ? t('va.noCac') : money(v, digits, l));
  const option: ChartOption = {
    grid: { left: 88, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v) => fmtNumber(v, l)) },
    xAxis: { type: 'category', data: channels.map((c) => c.channel) },
    yAxis: { type: 'value' },
    series: [{ name: t('va.col.cac'), type: 'bar', data: channels.map((c) => (c.cac === null || c.cac === undefined ? null : major(c.cac, digits))), barWidth: '40%', itemStyle: { color: '#4a63d8' } }],
  };
  const meanClv = s.clv?.mean ?? 0;
  return (
    <>
      <Card title={`${t('va.cac')} (${s.currency})`} testid="value-cac">
        <p class="muted small">{t('va.cacHelp')}</p>
        {channels.length > 0 && <Chart option={option} label={t('va.cac')} testid="value-cac-chart" />}
        <table class="table">
          <thead><tr><th>{t('va.col.channel')}</th><th>{t('va.col.spend')}</th><th>{t('va.col.newCustomers')}</th><th>{t('va.col.cac')}</th></tr></thead>
          <tbody>
            {channels.map((c) => (
              <tr data-testid="value-cac-row" data-channel={c.channel}>
                <td dir="auto">{c.channel}</td><td dir="ltr">{money(c.amount, digits, l)}</td>
                <td dir="ltr">{fmtNumber(c.new_customers ?? 0, l)}</td><td dir="ltr" data-testid="value-cac-value">{cac(c.cac)}</td>
              </tr>
            ))}
            <tr><th>{t('va.cacOverall')}</th><th dir="ltr">{money(a?.total, digits, l)}</th><th dir="ltr">{fmtNumber(a?.new_customers ?? 0, l)}</th>
              <th dir="ltr" data-testid="value-cac-overall">{cac(a?.cac)}</th></tr>
          </tbody>
        </table>
        {a?.cac && meanClv > 0 ? <p data-testid="value-clv-cac">{t('va.cacVsClv', { ratio: fmtNumber(meanClv / a.cac, l, 1) })}</p> : null}
      </Card>
      <Card title={`${t('va.serve')} (${s.currency})`} testid="value-serve">
        {serve.length === 0 ? <p class="empty">{t('va.noServe')}</p> : (
          <table class="table">
            <thead><tr><th>{t('va.col.touchpoint')}</th><th>{t('va.col.cost')}</th></tr></thead>
            <tbody>{serve.map((r) => <tr data-testid="value-serve-row"><td dir="auto">{r.touchpoint}</td><td dir="ltr">{money(r.amount, digits, l)}</td></tr>)}
              <tr><th>{t('va.cost')}</th><th dir="ltr">{money(s.cost_to_serve?.total, digits, l)}</th></tr></tbody>
          </table>
        )}
        <p class="muted small">{t('va.perCustomer', { amount: money(s.cost_to_serve?.per_customer, digits, l) })}</p>
      </Card>
    </>
  );
}
