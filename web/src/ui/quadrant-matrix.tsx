// The priority matrix shared by a survey's key drivers and the touchpoints that move
// relationship NPS: importance (a share of R²) across, performance up, a colour per quadrant,
// dashed lines at the thresholds. Mirrored for Persian by lib/chart.tsx.
import type { Schemas } from '../lib/api';
import { axisRange, Chart, escapeHtml, isolate, type ChartOption } from '../lib/chart';
import { fmtPercent, type Locale } from '../lib/format';
import { t } from '../lib/i18n';

// Where a driver or a touchpoint stands: important or not, performing or not.
export type Quadrant = Schemas['DriverImportance']['quadrant'];
export const QUADRANTS: Quadrant[] = ['fix_first', 'keep', 'monitor', 'low_priority'];
export const QUADRANT_COLOURS: Record<Quadrant, string> = { fix_first: '#d92d20', keep: '#12805c', monitor: '#3451b2', low_priority: '#98a2b3' };

export { isolate } from '../lib/chart';

export interface MatrixPoint { name: string; full: string; importance: number; performance: number; quadrant: Quadrant }  // both 0-100

export function QuadrantMatrix({ points, thresholds, xLabel, yLabel, label, testid, l }: {
  points: MatrixPoint[]; thresholds: { importance: number; performance: number };  // 0-100
  xLabel: string; yLabel: string; label: string; testid: string; l: Locale;
}) {
  const x = points.map((p) => p.importance);
  const y = points.map((p) => p.performance);
  const [xMin, xMax] = axisRange([...x, thresholds.importance, 0], 5, 0, 100);
  const [yMin, yMax] = axisRange([...y, thresholds.performance], 10, 0, 100);
  const pct = (v: number) => fmtPercent(v / 100, l, 0);
  // The points of each quadrant's series, so a tooltip finds its point by series and index.
  const groups = QUADRANTS.map((quadrant) => points.filter((p) => p.quadrant === quadrant));
  const option: ChartOption = {
    animation: false,  // drawn at once: the matrix is read, not watched
    grid: { left: 56, right: 56, top: 40, bottom: 56 },
    legend: { top: 0, data: QUADRANTS.map((q) => t(`quadrant.${q}`)) },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        const point = groups[p.seriesIndex ?? 0]?.[p.dataIndex];
        return point ? `${escapeHtml(point.full)}<br/>${escapeHtml(xLabel)}: ${pct(point.importance)}<br/>${escapeHtml(yLabel)}: ${pct(point.performance)}` : '';
      },
    },
    xAxis: { type: 'value', min: xMin, max: xMax, name: isolate(xLabel), nameLocation: 'middle', nameGap: 30,
             splitLine: { show: false }, axisLabel: { formatter: pct } },
    yAxis: { type: 'value', min: yMin, max: yMax, name: isolate(yLabel), nameLocation: 'middle', nameGap: 40,
             splitLine: { show: false }, axisLabel: { formatter: pct } },
    series: QUADRANTS.map((quadrant, i) => ({
      type: 'scatter', name: t(`quadrant.${quadrant}`), symbolSize: 14, itemStyle: { color: QUADRANT_COLOURS[quadrant] },
      label: { show: true, position: 'top', formatter: '{b}', color: '#344054', fontSize: 11 },
      data: groups[i].map((p) => ({ name: p.name, value: [p.importance, p.performance] })),
      markLine: i === 0 ? {
        silent: true, symbol: 'none', label: { show: false }, lineStyle: { type: 'dashed', color: '#98a2b3' },
        data: [{ xAxis: thresholds.importance }, { yAxis: thresholds.performance }],
      } : undefined,
    })),
  };
  // The SVG is laid out left to right (mirror() flips the axes for Persian): in a right-to-left
  // context its text anchors flip and legend labels run over their markers.
  return <div dir="ltr"><Chart testid={testid} label={label} height={380} option={option} /></div>;
}
