// The flows between touchpoints (a Sankey of what customers do next) with the score at each
// touchpoint and stage, and the calls: abandonment and waits per queue, abandonment and
// satisfaction by how long callers waited.
import { useState } from 'preact/hooks';
import { get, type Schemas } from '../../lib/api';
import { Chart } from '../../lib/chart';
import { fmtNumber, fmtPercent, fmtSigned, PERIODS, type Locale } from '../../lib/format';
import { lang, localized } from '../../lib/i18n';
import { setParams } from '../../lib/router';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Select, Spinner } from '../../ui/components';
import { useFilters } from '../../ui/filters';
import { npsOf, topBoxOf, type Group } from '../dashboard/model';
import { t } from './messages';
import { toSankey } from './sankey';

export function Flows({ org }: { org: Org }) {
  const f = useFilters(org);
  const l = localeOf(org, lang());
  const [metric, setMetric] = useState<'csat' | 'nps'>('csat');
  const data = useLoad(async () => {
    const range = { from: f.range.from, to: f.range.to };
    const [flows, stages, touchpoints] = await Promise.all([
      get('/api/v1/orgs/{org}/journey/flows', { org: org.id, ...range }),
      get('/api/v1/orgs/{org}/journey-stages', { org: org.id }),
      get('/api/v1/orgs/{org}/touchpoints', { org: org.id }),
    ]);
    const byTouchpoint = await get('/api/v1/orgs/{org}/metrics', { org: org.id, ...range, metric, group_by: 'touchpoint' }).catch(() => null);
    const byStage = await Promise.all(stages.items.map(async (s) => {
      const keys = touchpoints.items.filter((x) => x.stage === s.key).map((x) => x.key);
      if (!keys.length) return { stage: s, report: null };
      const report = await get('/api/v1/orgs/{org}/metrics', { org: org.id, ...range, metric, touchpoint: keys.join(',') }).catch(() => null);
      return { stage: s, report };
    }));
    const calls = await get('/api/v1/orgs/{org}/journey/calls', { org: org.id, ...range }).catch(() => null);
    return { flows, stages: stages.items, touchpoints: touchpoints.items, byTouchpoint, byStage, calls };
  }, [org.id, f.range.from, f.range.to, metric]);
  const d = data.data;
  const stageOf: Record<string, number> = {};
  const names: Record<string, string> = {};
  if (d) {
    const position = Object.fromEntries(d.stages.map((s) => [s.key, s.position]));
    for (const tp of d.touchpoints) { stageOf[tp.key] = position[tp.stage] ?? 999; names[tp.key] = localized(tp.name, tp.key); }
  }
  const sankey = d ? toSankey(d.flows, stageOf) : null;
  const score = (g: Group | undefined) => {
    const nps = g && npsOf(g), top = g && topBoxOf(g);
    return g?.status !== 'ok' ? '—' : metric === 'nps' ? (nps ? fmtSigned(nps.nps, l) : '—') : top ? fmtPercent(top.favourable, l) : '—';
  };
  const margin = (g: Group | undefined) => {
    const nps = g && npsOf(g), top = g && topBoxOf(g);
    if (g?.status !== 'ok') return t('dash.notEnough', { n: fmtNumber(g?.n ?? 0, l), min: fmtNumber(30, l) });
    const m = metric === 'nps' ? nps?.margin : top ? (top.favourable_ci_high - top.favourable_ci_low) * 50 : undefined;
    return m === undefined ? '—' : '±' + fmtNumber(m, l, 1);
  };
  return (
    <div>
      <div class="filterbar">
        <Select label={t('filter.period')} name="period" value={f.period} onChange={(v) => setParams({ period: v === '90d' ? null : v })}
                options={PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) }))} />
        <Select label={t('jr.metric')} name="metric" value={metric} onChange={setMetric}
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
                    label: { formatter: (p) => names[p.name] ?? p.name },
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
              <table class="table"><thead><tr><th>{t('filter.touchpoint')}</th><th>{t('resp.score')}</th><th /><th>{t('jr.nCol')}</th></tr></thead>
                <tbody>{(d.byTouchpoint?.groups ?? []).filter((g) => g.key).sort((a, b) => b.n - a.n).map((g) => (
                  <tr><td dir="auto">{names[g.key!] ?? g.key}</td><td class="num">{score(g)}</td><td class="muted">{margin(g)}</td><td class="num">{fmtNumber(g.n, l)}</td></tr>
                ))}</tbody></table>
            </Card>
            <Card title={t('jr.byStage')} testid="stage-scores">
              <table class="table"><tbody>{d.byStage.map(({ stage, report }) => (
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
function Calls({ calls, names, l }: { calls: Schemas['CallReport']; names: Record<string, string>; l: Locale }) {
  const share = (p: { share: number } | null) => (p ? fmtPercent(p.share, l) : '—');
  const band = (b: Schemas['CallReport']['bands'][number]) => (b.to_s === null ? `≥ ${fmtNumber(b.from_s, l)}` : `${fmtNumber(b.from_s, l)}–${fmtNumber(b.to_s, l)}`) + ' ' + t('jr.seconds');
  return (
    <div class="two-col">
      <Card title={t('jr.calls.byQueue')} testid="calls">
        <table class="table"><thead><tr><th>{t('jr.queue')}</th><th>{t('jr.callsN')}</th><th>{t('jr.abandoned')}</th><th>{t('jr.wait')}</th></tr></thead>
          <tbody>{calls.queues.map((q) => (
            <tr><td dir="auto">{names[q.queue] ?? q.queue}</td><td class="num">{fmtNumber(q.calls, l)}</td>
              <td class="num">{share(q.abandoned)} {q.abandoned && <span class="muted">({share({ share: q.abandoned.ci_low })}–{share({ share: q.abandoned.ci_high })})</span>}</td>
              <td class="num">{fmtNumber(q.median_wait_s, l)} / {fmtNumber(q.p90_wait_s, l)}</td></tr>
          ))}</tbody></table>
        <p class="muted">{t('jr.waitNote')}</p>
      </Card>
      <Card title={t('jr.calls.byWait')}>
        <Chart testid="calls-chart" label={t('jr.calls.byWait')} option={{
          grid: { left: 48, right: 48, top: 32, bottom: 32 }, legend: { top: 0 },
          tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : fmtPercent(Number(v), l)) },
          xAxis: { type: 'category', data: calls.bands.map(band) },
          yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => fmtPercent(v, l, 0) } },
          series: [
            { type: 'bar', name: t('jr.abandoned'), data: calls.bands.map((b) => b.abandoned?.share ?? null), itemStyle: { color: '#e5484d' } },
            { type: 'bar', name: t('jr.satisfied'), data: calls.bands.map((b) => b.satisfied?.share ?? null), itemStyle: { color: '#30a46c' } },
          ],
        }} />
      </Card>
    </div>
  );
}
