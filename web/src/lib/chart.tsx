// Charts with Apache ECharts, loaded on first use (its own chunk) with only the parts we
// draw: lines, bars, scatter, the SVG renderer. Right-to-left pages mirror the axes: time runs
// from right to left and the value axis sits on the right.
import type { EChartsOption, TooltipComponentFormatterCallbackParams } from 'echarts';
import { useEffect, useRef } from 'preact/hooks';
import { lang } from './i18n';

type ECharts = typeof import('./echarts');
let loading: Promise<ECharts> | null = null;
export function loadECharts() {
  loading ??= import('./echarts');
  return loading;
}

export type ChartOption = EChartsOption;

// Right-to-left text inside the chart's left-to-right SVG (and its tooltips), isolated so its
// runs keep their order: a Jalali day "۱ آذر ۱۴۰۵" would otherwise draw as "آذر ۱۴۰۵ ۱", and
// brackets or a Latin "R²" would jump to the wrong end.
export function isolate(text: string): string {
  return lang() === 'fa' && !text.startsWith('\u2067') ? '\u2067' + text + '\u2069' : text;
}

// An axis tooltip: the category, then each series' name and value as `value` writes it. ECharts
// tooltips are HTML: the names (people's text) are escaped.
export function axisTooltip(value: (v: number) => string) {
  return (params: TooltipComponentFormatterCallbackParams) => {
    const ps = Array.isArray(params) ? params : [params];
    return `${escapeHtml(String(ps[0]?.name ?? ''))}<br/>` + ps.map((p) => `${p.marker}${escapeHtml(p.seriesName ?? '')}: ${value(Number(p.value))}`).join('<br/>');
  };
}

export function Chart({ option, height = 260, testid, label }: { option: ChartOption; height?: number; testid?: string; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<ECharts['echarts']['init']> | null>(null);
  useEffect(() => {
    let disposed = false;
    loadECharts().then((ec) => {
      if (disposed || !el.current) return;
      chart.current ??= ec.echarts.init(el.current, undefined, { renderer: 'svg' });
      chart.current.setOption(mirror(option), true);
      el.current.dataset.ready = '1';
      window.dispatchEvent(new CustomEvent('nazar:chart', { detail: testid }));
    });
    return () => { disposed = true; };
  }, [JSON.stringify(option), lang(), document.documentElement.dir]);
  useEffect(() => {
    const onResize = () => chart.current?.resize();
    addEventListener('resize', onResize);
    return () => { removeEventListener('resize', onResize); chart.current?.dispose(); chart.current = null; };
  }, []);
  // The SVG is laid out left to right (mirror() flips it for Persian): in a right-to-left
  // context its text anchors would flip too, and labels run over their axes and markers.
  return <div ref={el} class="chart" dir="ltr" style={{ height }} data-testid={testid} role="img" aria-label={label} />;
}

// Right-to-left: horizontal axes reversed, vertical axes on the right (with the room kept for
// their labels), legend on the right, categories (days, names) isolated.
export function mirror(option: ChartOption): ChartOption {
  if (lang() !== 'fa') return option;
  const list = <T,>(x: T | T[] | undefined): T[] | undefined => (x === undefined ? undefined : Array.isArray(x) ? x : [x]);
  const isolated = <A extends { type?: string; data?: unknown }>(a: A): A =>
    a.type === 'category' && Array.isArray(a.data) ? { ...a, data: a.data.map((d) => (typeof d === 'string' ? isolate(d) : d)) } : a;
  const { legend, grid } = option;
  return {
    ...option,
    textStyle: { fontFamily: 'Vazirmatn, system-ui, sans-serif' },
    xAxis: list(option.xAxis)?.map((a) => isolated({ ...a, inverse: !a.inverse })),
    yAxis: list(option.yAxis)?.map((a) => isolated({ ...a, position: 'right' as const })),
    legend: legend && !Array.isArray(legend) ? { ...legend, right: 0, left: 'auto' } : undefined,
    grid: grid && !Array.isArray(grid) ? { ...grid, left: grid.right, right: grid.left } : undefined,
  };
}

// A value axis's range that holds every value with some room, on multiples of `step`, within
// [lo, hi].
export function axisRange(values: number[], step: number, lo: number, hi: number): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [lo, hi];
  const min = Math.max(lo, Math.floor((Math.min(...finite) - step / 2) / step) * step);
  const max = Math.min(hi, Math.ceil((Math.max(...finite) + step / 2) / step) * step);
  return min < max ? [min, max] : [lo, hi];
}

// Text for an HTML context (ECharts tooltips are HTML).
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
