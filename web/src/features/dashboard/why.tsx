// "Why did it move?": opened from a tile's change, the score's move from the previous period
// split into the parts of each segment (touchpoint, channel, agent, language, sentiment): the
// largest parts across them first, each with its margin and whether it is beyond chance, then
// a complete table per dimension (share and score then and now, the part from the segment's
// own score and the part from its share of the answers).
import { get } from '../../lib/api';
import { Chart } from '../../lib/chart';
import { fmtNumber, fmtPercent, fmtSigned, type Locale } from '../../lib/format';
import { type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { type Dimension, type Names } from '../../ui/filters';
import { keyName } from './breakdown';
import { t } from './messages';
import type { Metric } from './model';
import { beyondMargin, fmtSegmentScore, largestParts, shareOfMove, WHY_DIMENSIONS, type ChangeReport, type Segment } from './why-model';

// Isolated left to right, so a sign stays before its digits in a Persian sentence.
const ltr = (s: string) => '\u2066' + s + '\u2069';

function PartCell({ s, l }: { s: Segment; l: Locale }) {
  return (
    <>
      <td class="num" data-testid="part">{ltr(fmtSigned(s.contribution, l, 1))}</td>
      <td class="num muted">{s.margin === null ? '' : '±' + fmtNumber(s.margin, l, 1)}</td>
      <td>{beyondMargin(s) ? <span class={'badge ' + (s.contribution < 0 ? 'below' : 'above')}>{t('why.beyond')}</span>
        : <span class="muted">{t('dash.withinMargin')}</span>}</td>
    </>
  );
}

function DimensionTable({ dim, segments, metric, l, names }: { dim: Dimension; segments: Segment[]; metric: Metric; l: Locale; names: Names }) {
  return (
    <div class="table-scroll">
      <table class="table why-table" data-testid={'why-table-' + dim}>
        <caption>{t('dash.by', { dim: t(`dim.${dim}`) })}</caption>
        <thead><tr>
          <th>{t(`dim.${dim}`)}</th><th class="num">{t('why.share')}</th><th class="num">{t('why.score', { metric: t(`dash.${metric}`) })}</th>
          <th class="num">{t('why.part')}</th><th class="num">{t('dash.marginCol')}</th><th>{t('why.chance')}</th>
          <th class="num">{t('why.within')}</th><th class="num">{t('why.mix')}</th>
        </tr></thead>
        <tbody>
          {segments.map((s) => (
            <tr data-key={s.key}>
              <th dir="auto">{keyName(dim, s.key, names)}</th>
              <td class="num">{ltr(fmtPercent(s.baseline_share, l, 0) + ' → ' + fmtPercent(s.current_share, l, 0))}</td>
              <td class="num">{ltr(fmtSegmentScore(metric, s.baseline_score, l) + ' → ' + fmtSegmentScore(metric, s.current_score, l))}</td>
              <PartCell s={s} l={l} />
              <td class="num muted">{ltr(fmtSigned(s.within, l, 1))}</td>
              <td class="num muted">{ltr(fmtSigned(s.mix, l, 1))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WhyCard({ org, metric, question, query, compare, l, names, onClose }: {
  org: Org; metric: Metric; question: string; query: Record<string, string | undefined>;
  compare: Record<string, string | undefined>; l: Locale; names: Names; onClose: () => void;
}) {
  const data = useLoad(
    () => get('/api/v1/orgs/{org}/metrics/change', { org: org.id, ...query, ...compare, metric, question, by: WHY_DIMENSIONS.join(',') }) as Promise<ChangeReport>,
    [org.id, JSON.stringify(query), JSON.stringify(compare), metric, question]);
  const r = data.data;
  const c = r?.comparison;
  const parts = r ? largestParts(r, 6) : [];
  const unit = metric === 'nps' ? t('why.unit.points') : t('why.unit.pp');
  return (
    <Card title={t('why.title', { metric: t(`dash.${metric}`) })} testid="why-card" class="why"
          actions={<button type="button" class="small secondary" data-testid="why-close" onClick={onClose}>{t('why.close')}</button>}>
      <ErrorBox error={data.error} />
      {!r ? <Spinner /> : !c || c.difference === null ? <p class="muted">{t('why.noBaseline')}</p> : (
        <>
          <p class="why-headline" data-testid="why-headline">
            {t('why.moved', { d: ltr(fmtSigned(c.difference, l, 1)), m: fmtNumber(c.margin ?? NaN, l, 1), unit })}
            {' · '}{c.verdict === 'no_significant_change' ? t('dash.notSignificant') : t('dash.significant')}
          </p>
          {parts.length > 0 && (
            <>
              <h3>{t('why.largest')}</h3>
              <Chart testid="why-chart" label={t('why.largest')} height={parts.length * 30 + 40} option={{
                grid: { left: 150, right: 24, top: 8, bottom: 24 },
                tooltip: { trigger: 'item', valueFormatter: (v) => fmtSigned(Number(v), l, 1) },
                // Wide enough for every whisker (ECharts drops a mark line that leaves the axis).
                xAxis: { type: 'value', min: Math.floor(Math.min(0, ...parts.map((p) => p.segment.contribution - (p.segment.margin ?? 0)))),
                         max: Math.ceil(Math.max(0, ...parts.map((p) => p.segment.contribution + (p.segment.margin ?? 0)))), axisLabel: { formatter: (v: number) => fmtNumber(v, l, Number.isInteger(v) ? 0 : 1) } },
                yAxis: { type: 'category', inverse: true, axisLabel: { width: 142, overflow: 'truncate' },
                         data: parts.map((p) => t(`dim.${p.dim}`) + ': ' + keyName(p.dim, p.segment.key, names)) },
                series: [{
                  type: 'bar', name: t('why.part'),
                  data: parts.map((p) => ({ value: p.segment.contribution, itemStyle: { color: !beyondMargin(p.segment) ? '#c9cedb' : p.segment.contribution < 0 ? '#b42318' : '#12805c' } })),
                  markLine: { silent: true, symbol: ['none', 'none'], label: { show: false }, lineStyle: { color: '#1d2433', width: 1.5, type: 'solid' },
                              data: parts.flatMap((p, row) => p.segment.margin === null ? [] : [[
                                { coord: [p.segment.contribution - p.segment.margin, row] }, { coord: [p.segment.contribution + p.segment.margin, row] }]]) },
                }],
              }} />
              <ol class="why-parts" data-testid="why-parts">
                {parts.map((p) => {
                  const share = shareOfMove(r, p.segment);
                  return (
                    <li data-dim={p.dim} data-key={p.segment.key} data-beyond={beyondMargin(p.segment) ? 'yes' : 'no'}>
                      <b dir="auto">{t(`dim.${p.dim}`)}: {keyName(p.dim, p.segment.key, names)}</b>{' '}
                      {t('why.partOf', { d: ltr(fmtSigned(p.segment.contribution, l, 1)), m: fmtNumber(p.segment.margin ?? NaN, l, 1), unit })}
                      {share !== null && share > 0 && beyondMargin(p.segment) && <> · {t('why.explains', { p: fmtPercent(share, l, 0) })}</>}
                    </li>
                  );
                })}
              </ol>
            </>
          )}
          <p class="muted small-print">{t('why.how')}</p>
          {r.by.map((d) => <DimensionTable dim={d.dimension as Dimension} segments={d.segments} metric={metric} l={l} names={names} />)}
        </>
      )}
    </Card>
  );
}
