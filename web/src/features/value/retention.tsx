// Churn and retention: the share of each first-purchase cohort still buying k months later
// (the latest twelve cohorts as curves, all cohorts pooled as a thicker one), and per cohort
// its size, retention after one and three months and the churn the latest fit predicts.
import { get } from '../../lib/api';
import { Chart, type ChartOption } from '../../lib/chart';
import { fmtDay, fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { pooledRetention, retentionCurves, type CohortData } from './model';
import { t } from './messages';

export function Retention({ org, l }: { org: Org; l: Locale }) {
  const report = useLoad(() => get('/api/v1/orgs/{org}/outcomes/retention', { org: org.id }), [org.id]);
  if (!report.data) return report.error ? <ErrorBox error={report.error} /> : <Spinner />;
  const cohorts = (report.data.cohorts ?? []) as CohortData[];
  const withCustomers = cohorts.filter((c) => (c.customers ?? 0) > 0);
  if (withCustomers.length === 0) return <p class="empty" data-testid="value-retention-empty">{t('va.noCohorts')}</p>;
  const curves = retentionCurves(cohorts);
  const pooled = pooledRetention(cohorts);
  const day = (m: string) => fmtDay(`${m}-01`, l);
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 16, bottom: 72 },
    tooltip: { trigger: 'item', formatter: (p: unknown) => {
      const q = p as { seriesName?: string; value?: number; dataIndex?: number };
      return `${q.seriesName ?? ''}<br/>${fmtNumber(q.dataIndex ?? 0, l)}: ${fmtNumber(Number(q.value ?? 0), l, 1)}%`;
    } },
    legend: { bottom: 0, type: 'scroll' },
    xAxis: { type: 'category', name: t('va.monthsAfter'), nameLocation: 'middle', nameGap: 28,
      data: pooled.map((_, k) => fmtNumber(k, l)) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: (v: number) => `${fmtNumber(v, l)}%` } },
    series: [
      ...curves.map((c) => ({ name: t('va.cohort', { day: day(c.month) }), type: 'line' as const, data: c.percent, symbolSize: 4, lineStyle: { width: 1 } })),
      { name: t('va.allCohorts'), type: 'line' as const, data: pooled.map((r) => Math.round(r * 1000) / 10), lineStyle: { width: 4 }, itemStyle: { color: '#1f2a44' } },
    ],
  };
  const share = (c: CohortData, k: number) => ((c.active?.length ?? 0) > k && c.customers ? fmtPercent(c.active![k] / c.customers, l) : '—');
  return (
    <>
      <Card title={t('va.retention')} testid="value-retention">
        <p class="muted small">{t('va.retentionHelp')}</p>
        <Chart option={option} height={320} label={t('va.retention')} testid="value-retention-chart" />
      </Card>
      <Card title={t('va.col.predicted')}>
        <table class="table">
          <thead><tr><th>{t('va.col.cohort')}</th><th>{t('va.col.customers')}</th><th>{t('va.col.month1')}</th><th>{t('va.col.month3')}</th><th>{t('va.col.predicted')}</th></tr></thead>
          <tbody>{withCustomers.map((c) => (
            <tr data-testid="value-cohort" data-month={c.month}>
              <td>{day(c.month ?? '')}</td>
              <td dir="ltr">{fmtNumber(c.customers ?? 0, l)}</td>
              <td dir="ltr">{share(c, 1)}</td>
              <td dir="ltr">{share(c, 3)}</td>
              <td dir="ltr" data-testid="value-cohort-churn">{c.predicted_churn === null || c.predicted_churn === undefined ? '—' : fmtPercent(c.predicted_churn, l)}</td>
            </tr>
          ))}</tbody>
        </table>
        <p class="muted small">{t('va.predictedHelp')}</p>
      </Card>
    </>
  );
}
