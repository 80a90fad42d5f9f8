// One breakdown of the dashboard's metric (by agent, touchpoint, channel, …): every group in a
// table with its name, score, margin and n, sortable worst first, best first or by answers,
// the groups that differ from the rest beyond the margin marked (the server's test, adjusted
// for the number of groups), and the same order drawn as bars with their intervals beside it.
import { useState } from 'preact/hooks';
import { axisTooltip, Chart } from '../../lib/chart';
import { fmtNumber, fmtSigned, type Locale } from '../../lib/format';
import { Card } from '../../ui/components';
import { valueLabel, type Dimension, type Names } from '../../ui/filters';
import { t } from './messages';
import { headline, interval, margin, outlierOf, SORT_KEYS, sortGroups, value, type Group, type Metric, type Report, type SortKey } from './model';

const BAR = '#3451b2', ABOVE = '#12805c', BELOW = '#b42318', SMALL = '#c9cedb';

// A group's name; the group without a value says what it is ("No comment", "No topic", …).
export function groupName(dim: Dimension, g: Group, names: Names): string {
  return keyName(dim, g.key, names);
}
export function keyName(dim: Dimension, key: string | undefined, names: Names): string {
  return key ? valueLabel(dim, key, names) : t(`dash.none.${dim}`);
}

// The difference from the rest in the metric's unit: NPS points, or percentage points of the
// favourable share.
function difference(metric: Metric, g: Group, l: Locale): string {
  const d = g.versus_rest?.difference;
  if (d === null || d === undefined) return '';
  // Isolated left to right, so the sign stays before the digits in a Persian sentence.
  return t('dash.points', { d: '\u2066' + fmtSigned(metric === 'nps' ? d : d * 100, l, 1) + '\u2069' });
}

export function Breakdown({ dim, report, metric, l, names }: { dim: Dimension; report?: Report; metric: Metric; l: Locale; names: Names }) {
  const [sort, setSort] = useState<SortKey>('worst');
  const title = t('dash.by', { dim: t(`dim.${dim}`) });
  const groups = sortGroups(report?.groups ?? [], metric, sort);
  const marked = groups.filter((g) => outlierOf(g) !== null).length;
  return (
    <Card title={title} testid={'breakdown-' + dim} class="breakdown" actions={groups.length > 1 && (
      <div class="sort-switch" role="group" aria-label={t('dash.sortBy')}>
        {SORT_KEYS.map((k) => (
          <button type="button" class={'small ' + (k === sort ? '' : 'secondary')} aria-pressed={k === sort}
                  data-testid={`sort-${dim}-${k}`} onClick={() => setSort(k)}>{t(`dash.sort.${k}`)}</button>
        ))}
      </div>
    )}>
      {groups.length === 0 ? <p class="muted">{t('dash.noData')}</p> : (
        <div class="breakdown-body">
          <Chart testid={'breakdown-chart-' + dim} label={title} height={Math.max(120, groups.length * 24 + 40)} option={{
            grid: { left: 120, right: 24, top: 8, bottom: 24, containLabel: false },
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: axisTooltip((v) => (Number.isFinite(v) ? fmtNumber(v, l, 1) : '—')) },
            xAxis: { type: 'value', min: metric === 'nps' ? -100 : 0, max: 100, axisLabel: { formatter: (v: number) => fmtNumber(v, l) } },
            yAxis: { type: 'category', inverse: true, data: groups.map((g) => groupName(dim, g, names)), axisLabel: { width: 112, overflow: 'truncate' } },
            series: [{
              type: 'bar', name: t(`dash.${metric}`), barMaxWidth: 16,
              data: groups.map((g) => {
                const o = outlierOf(g);
                return { value: value(metric, g) ?? undefined, itemStyle: { color: o === 'above' ? ABOVE : o === 'below' ? BELOW : g.status === 'ok' ? BAR : SMALL } };
              }),
              // Each group's 95% interval as a whisker across its bar.
              markLine: { silent: true, symbol: ['none', 'none'], label: { show: false }, lineStyle: { color: '#1d2433', width: 1.5, type: 'solid' },
                          data: groups.flatMap((g, row) => { const ci = interval(metric, g); return ci ? [[{ coord: [ci[0], row] }, { coord: [ci[1], row] }]] : []; }) },
            }],
          }} />
          <div class="table-scroll">
            <table class="table breakdown-table" data-testid={'breakdown-table-' + dim}>
              <thead><tr>
                <th>{t(`dim.${dim}`)}</th><th class="num">{t(`dash.${metric}`)}</th><th class="num">{t('dash.marginCol')}</th>
                <th class="num">{t('dash.nCol')}</th><th>{t('dash.vsRest')}</th>
              </tr></thead>
              <tbody>
                {groups.map((g) => {
                  const o = outlierOf(g);
                  return (
                    <tr class={o ?? ''} data-outlier={o ?? undefined} data-key={g.key ?? ''}>
                      <th dir="auto">{groupName(dim, g, names)}</th>
                      <td class="num" data-testid="score">{g.status === 'ok' ? headline(metric, g, l) : '—'}</td>
                      <td class="num muted">{g.status === 'ok' ? '±' + margin(metric, g, l) : ''}</td>
                      <td class="num">{fmtNumber(g.n, l)}</td>
                      <td>{g.status !== 'ok' ? <span class="muted">{t('dash.tooFew', { min: fmtNumber(report!.min_n, l) })}</span>
                        : o ? <span class={'badge ' + o} title={difference(metric, g, l)}>{t(`dash.outlier.${o}`)} {difference(metric, g, l)}</span>
                        : <span class="muted">{t('dash.withinMargin')}</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p class="muted small-print">{marked ? t('dash.outlierNote', { n: fmtNumber(marked, l) }) : t('dash.noOutliers')}</p>
        </div>
      )}
    </Card>
  );
}
