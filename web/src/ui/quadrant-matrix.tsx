// The priority matrix shared by a survey's key drivers and the touchpoints that move
// relationship NPS: importance (a share of R²) across, performance up, a colour per quadrant,
// dashed lines at the thresholds. Mirrored for Persian by lib/chart.tsx.
import type { Schemas } from '../lib/api';
import { axisRange, Chart, escapeHtml, isolate, type ChartOption } from '../lib/chart';
import { fmtNumber, fmtPercent, type Locale } from '../lib/format';
import { t } from '../lib/i18n';

// Where a driver or a touchpoint stands: important or not, performing or not.
export type Quadrant = Schemas['DriverImportance']['quadrant'];
export const QUADRANTS: Quadrant[] = ['fix_first', 'keep', 'monitor', 'low_priority'];
export const QUADRANT_COLOURS: Record<Quadrant, string> = { fix_first: '#d92d20', keep: '#12805c', monitor: '#3451b2', low_priority: '#98a2b3' };

export { isolate } from '../lib/chart';

// Both 0-100. With `mark` (a driver's importance rank) the point shows the number, and a list
// under the matrix names each: numbers never run into each other as long names do.
export interface MatrixPoint { id?: string; name: string; full: string; mark?: number; importance: number; performance: number; quadrant: Quadrant }

// The quadrant where a point is drawn: against the dashed lines, at or above a line counting
// as above it (as the server classifies, with its slack for ties). Any units, the same for a
// value and its line.
export function placedQuadrant(importance: number, performance: number, th: { importance: number; performance: number }): Quadrant {
  const above = (v: number, line: number) => v >= line - 1e-9 * Math.max(1, Math.abs(line));
  const important = above(importance, th.importance), performing = above(performance, th.performance);
  return important ? (performing ? 'keep' : 'fix_first') : (performing ? 'monitor' : 'low_priority');
}

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
  const numbered = points.length > 0 && points.every((p) => p.mark !== undefined);
  const option: ChartOption = {
    animation: false,  // drawn at once: the matrix is read, not watched
    grid: { left: 56, right: 56, top: 40, bottom: 56 },
    legend: { top: 0, data: QUADRANTS.map((q) => t(`quadrant.${q}`)) },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        const point = groups[p.seriesIndex ?? 0]?.[p.dataIndex];
        return point ? `${point.mark !== undefined ? fmtNumber(point.mark, l) + '. ' : ''}${escapeHtml(point.full)}<br/>${escapeHtml(xLabel)}: ${pct(point.importance)}<br/>${escapeHtml(yLabel)}: ${pct(point.performance)}` : '';
      },
    },
    xAxis: { type: 'value', min: xMin, max: xMax, name: isolate(xLabel), nameLocation: 'middle', nameGap: 30,
             splitLine: { show: false }, axisLabel: { formatter: pct } },
    yAxis: { type: 'value', min: yMin, max: yMax, name: isolate(yLabel), nameLocation: 'middle', nameGap: 40,
             splitLine: { show: false }, axisLabel: { formatter: pct } },
    series: QUADRANTS.map((quadrant, i) => ({
      type: 'scatter', name: t(`quadrant.${quadrant}`), symbolSize: numbered ? 22 : 14, itemStyle: { color: QUADRANT_COLOURS[quadrant] },
      label: numbered ? { show: true, position: 'inside', formatter: '{b}', color: quadrant === 'low_priority' ? '#1d2433' : '#fff', fontSize: 11, fontWeight: 'bold' }
        : { show: true, position: 'top', formatter: '{b}', color: '#344054', fontSize: 11 },
      // Labels that would overlap are moved apart up and down.
      labelLayout: { moveOverlap: 'shiftY' },
      data: groups[i].map((p) => ({ name: numbered ? fmtNumber(p.mark!, l) : p.name, value: [p.importance, p.performance] })),
      markLine: i === 0 ? {
        silent: true, symbol: 'none', label: { show: false }, lineStyle: { type: 'dashed', color: '#98a2b3' },
        data: [{ xAxis: thresholds.importance }, { yAxis: thresholds.performance }],
      } : undefined,
    })),
  };
  // The SVG is laid out left to right (mirror() flips the axes for Persian): in a right-to-left
  // context its text anchors flip and legend labels run over their markers.
  // data-placed: each point's quadrant as drawn (tests compare it with the labels).
  const placed = Object.fromEntries(points.map((p) => [p.id ?? p.name, placedQuadrant(p.importance, p.performance, thresholds)]));
  return (
    <>
      <div dir="ltr" data-placed={JSON.stringify(placed)}><Chart testid={testid} label={label} height={380} option={option} /></div>
      {numbered && (
        <ol class="matrix-legend" data-testid={testid + '-legend'}>
          {[...points].sort((a, b) => a.mark! - b.mark!).map((p) => (
            <li data-mark={p.mark} data-id={p.id}>
              <span class="mark" style={{ borderColor: QUADRANT_COLOURS[p.quadrant] }}>{fmtNumber(p.mark!, l)}</span>
              <span dir="auto">{p.full}</span> <span class="muted">· {t(`quadrant.${p.quadrant}`)}</span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
