// The flows between touchpoints (a Sankey of what customers do next) with the score at each
// touchpoint and stage, and the calls: abandonment and waits per queue, abandonment and
// satisfaction by how long callers waited.
import { useState } from 'preact/hooks';
import { get, orgPath, query } from '../../lib/api';
import { Chart } from '../../lib/chart';
import { fmtNumber, fmtPercent, fmtSigned, PERIODS, type Locale } from '../../lib/format';
import { lang, localized } from '../../lib/i18n';
import { setParams } from '../../lib/router';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Select, Spinner } from '../../ui/components';
import { useFilters } from '../../ui/filters';
import { t } from './messages';
import { toSankey, type Dfg } from './sankey';

export function Flows({ org }: { org: Org }) {
  const f = useFilters(org);
  const l = localeOf(org, lang());
  const [metric, setMetric] = useState<'csat' | 'nps'>('csat');
  const data = useLoad(async () => {
    const range = { from: f.range.from, to: f.range.to };
    const [flows, stages, touchpoints] = await Promise.all([
      get<Dfg>(orgPath(org.id, '/journey/flows' + query(range))),
      get<{ items: any[] }>(orgPath(org.id, '/journey-stages')),
      get<{ items: any[] }>(orgPath(org.id, '/touchpoints')),
    ]);
    const byTouchpoint = await get<any>(orgPath(org.id, '/metrics' + query({ ...range, metric, group_by: 'touchpoint' }))).catch(() => null);
    const byStage = await Promise.all(stages.items.map(async (s: any) => {
      const keys = touchpoints.items.filter((x: any) => x.stage === s.key).map((x: any) => x.key);
      if (!keys.length) return { stage: s, report: null };
      const report = await get<any>(orgPath(org.id, '/metrics' + query({ ...range, metric, touchpoint: keys.join(',') }))).catch(() => null);
      return { stage: s, report };
    }));
    const calls = await get<any>(orgPath(org.id, '/journey/calls' + query(range))).catch(() => null);
    return { flows, stages: stages.items, touchpoints: touchpoints.items, byTouchpoint, byStage, calls };
  }, [org.id, f.range.from, f.range.to, metric]);
  const d = data.data;
  const stageOf: Record<string, number> = {};
  const names: Record<string, string> = {};
  if (d) {
    const position = Object.fromEntries(d.stages.map((s: any) => [s.key, s.position]));
    for (const tp of d.touchpoints) { stageOf[tp.key] = position[tp.stage] ?? 999; names[tp.key] = localized(tp.name, tp.key); }
  }
  const sankey = d ? toSankey(d.flows, stageOf) : null;
  const score = (g: any) => g?.status === 'ok' ? (metric === 'nps' ? fmtSigned(g.score.nps, l) : fmtPercent(g.score.favourable, l)) : '—';
  const margin = (g: any) => g?.status === 'ok' ? '±' + fmtNumber(metric === 'nps' ? g.score.margin : (g.score.favourable_ci_high - g.score.favourable_ci_low) * 50, l, 1) : t('dash.notEnough', { n: fmtNumber(g?.n ?? 0, l), min: fmtNumber(30, l) });
  return (
    <div>
      <div class="filterbar">
        <Select label={t('filter.period')} name="period" value={f.period} onChange={(v) => setParams({ period: v === '90d' ? null : v })}
                options={PERIODS.map((p) => ({ value: p, label: t(('period.' + p) as any) }))} />
        <Select label={t('jr.metric')} name="metric" value={metric} onChange={(v) => setMetric(v as any)}
                options={[{ value: 'csat', label: t('dash.csat') }, { value: 'nps', label: t('dash.nps') }]} />
      </div>
      <ErrorBox error={data.error} />
      {!d || !sankey ? <Spinner /> : (
        <>
          <Card title={t('jr.flowsTitle', { n: fmtNumber(d.flows.cases, l), e: fmtNumber(d.flows.events, l) })} testid="flows">
            {sankey.links.length === 0 ? <p class="muted">{t('jr.noFlows')}</p> : (
              <div dir="ltr">
                <Chart testid="sankey" label={t('jr.flows')} height={Math.max(280, sankey.nodes.length * 34)} option={{
                  tooltip: { trigger: 'item' }, animation: false,
                  series: [{ type: 'sankey', left: 8, right: 140, nodeGap: 14, emphasis: { focus: 'adjacency' },
                    data: sankey.nodes.map((n) => ({ name: n.name })),
                    label: { formatter: (p: any) => names[p.name] ?? p.name },
                    links: sankey.links, lineStyle: { color: 'gradient', opacity: 0.35 } }],
                }} />
              </div>
            )}
            {sankey.loops.length > 0 && (
              <details><summary>{t('jr.loops', { n: fmtNumber(sankey.loops.length, l) })}</summary>
                <table class="mini"><tbody>{sankey.loops.map((a) => <tr><td dir="auto">{names[a.from] ?? a.from} → {names[a.to] ?? a.to}</td><td>{fmtNumber(a.count, l)}</td></tr>)}</tbody></table>
              </details>
            )}
          </Card>
          <div class="two-col">
            <Card title={t('jr.byTouchpoint')} testid="touchpoint-scores">
              <table class="table"><thead><tr><th>{t('filter.touchpoint')}</th><th>{t('resp.score')}</th><th /><th>n</th></tr></thead>
                <tbody>{(d.byTouchpoint?.groups ?? []).filter((g: any) => g.key).sort((a: any, b: any) => b.n - a.n).map((g: any) => (
                  <tr><td dir="auto">{names[g.key] ?? g.key}</td><td class="num">{score(g)}</td><td class="muted">{margin(g)}</td><td class="num">{fmtNumber(g.n, l)}</td></tr>
                ))}</tbody></table>
            </Card>
            <Card title={t('jr.byStage')} testid="stage-scores">
              <table class="table"><tbody>{d.byStage.map(({ stage, report }: any) => (
                <tr><td dir="auto">{localized(stage.name, stage.key)}</td><td class="num">{score(report?.overall)}</td><td class="muted">{report ? margin(report.overall) : t('jr.noTouchpoints')}</td></tr>
              ))}</tbody></table>
            </Card>
          </div>
          {d.calls && d.calls.queues.length > 0 && <Calls calls={d.calls} names={names} l={l} />}
        </>
      )}
    </div>
  );
}

// Calls: abandonment and waits per queue; abandonment and CSAT by how long callers waited.
function Calls({ calls, names, l }: { calls: any; names: Record<string, string>; l: Locale }) {
  const share = (p: any) => (p ? fmtPercent(p.share, l) : '—');
  const band = (b: any) => (b.to_s === null ? `≥ ${fmtNumber(b.from_s, l)}` : `${fmtNumber(b.from_s, l)}–${fmtNumber(b.to_s, l)}`) + ' ' + t('jr.seconds');
  return (
    <div class="two-col">
      <Card title={t('jr.calls.byQueue')} testid="calls">
        <table class="table"><thead><tr><th>{t('jr.queue')}</th><th>{t('jr.callsN')}</th><th>{t('jr.abandoned')}</th><th>{t('jr.wait')}</th></tr></thead>
          <tbody>{calls.queues.map((q: any) => (
            <tr><td dir="auto">{names[q.queue] ?? q.queue}</td><td class="num">{fmtNumber(q.calls, l)}</td>
              <td class="num">{share(q.abandoned)} <span class="muted">({share({ share: q.abandoned.ci_low })}–{share({ share: q.abandoned.ci_high })})</span></td>
              <td class="num">{fmtNumber(q.median_wait_s, l)} / {fmtNumber(q.p90_wait_s, l)}</td></tr>
          ))}</tbody></table>
        <p class="muted">{t('jr.waitNote')}</p>
      </Card>
      <Card title={t('jr.calls.byWait')}>
        <Chart testid="calls-chart" label={t('jr.calls.byWait')} option={{
          grid: { left: 48, right: 48, top: 32, bottom: 32 }, legend: { top: 0 },
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => (v == null ? '—' : fmtPercent(v, l)) },
          xAxis: { type: 'category', data: calls.bands.map(band) },
          yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => fmtPercent(v, l, 0) } },
          series: [
            { type: 'bar', name: t('jr.abandoned'), data: calls.bands.map((b: any) => b.abandoned?.share ?? null), itemStyle: { color: '#e5484d' } },
            { type: 'bar', name: t('jr.satisfied'), data: calls.bands.map((b: any) => b.satisfied?.share ?? null), itemStyle: { color: '#30a46c' } },
          ],
        }} />
      </Card>
    </div>
  );
}
