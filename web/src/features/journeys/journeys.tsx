// Journeys: the flows between touchpoints (a Sankey of what customers do next) with the
// score at each touchpoint and stage, personas, which touchpoints move relationship NPS,
// contacts and their timelines (their personas; data-subject export and erasure), the
// catalogue of stages, touchpoints and contact attributes, call-centre staffing with
// Erlang C, and importing contacts and interactions from files.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, get, getAll, orgPath, query } from '../../lib/api';
import { Chart } from '../../lib/chart';
import { useFilters } from '../../ui/filters';
import { fmtDate, fmtNumber, fmtPercent, fmtSigned, PERIODS, type Locale } from '../../lib/format';
import { lang, t } from '../../lib/i18n';
import { href, navigate, setParams, useRoute } from '../../lib/router';
import { toSankey, type Dfg } from './sankey';
import { can, localeOf, type Org } from '../../lib/session';
import { Card, ErrorBox, Select, Spinner, TextField, useLoad } from '../../ui/components';
import { personaLabel } from '../../lib/persona-names';
import { Imports } from '../imports/imports';

type Named = { key: string; name: Record<string, string> };
const label = (x: Named) => x.name?.[lang()] || x.name?.fa || x.name?.en || x.key;

export default function Journeys({ org }: { org: Org }) {
  const route = useRoute();
  const tab = route.id ?? 'flows';
  const tabs: [string, string][] = [['flows', t('jr.flows')], ['personas', t('jr.personas')], ['impact', t('jr.impact')],
    ...(can(org, 'read_contacts') ? [['contacts', t('jr.contacts')] as [string, string]] : []),
    ['catalogue', t('jr.catalogue')], ['staffing', t('jr.staffing')], ...(can(org, 'manage_journeys') ? [['import', t('jr.import')] as [string, string]] : [])];
  return (
    <div>
      <div class="page-head"><h1>{t('nav.journeys')}</h1>
        <nav class="tabs">{tabs.map(([k, l]) => <a href={href(org.id, 'journeys', k)} class={tab === k ? 'active' : ''} data-testid={'jr-' + k}>{l}</a>)}</nav>
      </div>
      {tab === 'personas' || tab === 'impact' ? <LazyTab name={tab} org={org} sub={route.tab} />
        : tab === 'contacts' && can(org, 'read_contacts') ? (route.tab ? <Timeline org={org} id={route.tab} /> : <Contacts org={org} />)
        : tab === 'catalogue' ? <Catalogue org={org} />
        : tab === 'staffing' ? <Staffing org={org} />
        : tab === 'import' && can(org, 'manage_journeys') ? <Imports org={org} />
        : <Flows org={org} />}
    </div>
  );
}

// Personas and touchpoint impact, each its own chunk (with their strings), loaded when opened.
const LAZY_TABS: Record<'personas' | 'impact', () => Promise<ComponentType<{ org: Org; sub: string | null }>>> = {
  personas: () => import('../personas/personas').then((m) => m.Personas),
  impact: () => import('../impact/impact').then((m) => m.TouchpointImpact),
};

function LazyTab({ name, org, sub }: { name: 'personas' | 'impact'; org: Org; sub: string | null }) {
  const [Tab, setTab] = useState<{ c: ComponentType<{ org: Org; sub: string | null }> } | null>(null);
  useEffect(() => {
    let live = true;
    setTab(null);
    LAZY_TABS[name]().then((c) => live && setTab({ c }));
    return () => { live = false; };
  }, [name]);
  return Tab ? <Tab.c org={org} sub={sub} /> : <Spinner />;
}

function Flows({ org }: { org: Org }) {
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
    for (const tp of d.touchpoints) { stageOf[tp.key] = position[tp.stage] ?? 999; names[tp.key] = label(tp); }
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
                <tr><td dir="auto">{label(stage)}</td><td class="num">{score(report?.overall)}</td><td class="muted">{report ? margin(report.overall) : t('jr.noTouchpoints')}</td></tr>
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

function Contacts({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const { params } = useRoute();
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [more, setMore] = useState<{ items: any[]; next: string | null } | null>(null);
  const list = useLoad(() => { setMore(null); return get<any>(orgPath(org.id, '/contacts' + query({ q, limit: 100 }))); }, [org.id, q]);
  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : list.data?.next_cursor ?? null;
  return (
    <Card testid="contacts">
      <form class="row search" role="search" onSubmit={(e) => { e.preventDefault(); setParams({ q: search }); }}>
        <input type="search" name="q" dir="auto" placeholder={t('jr.searchContacts')} aria-label={t('jr.searchContacts')} value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        <button class="secondary" type="submit">{t('filter.search')}</button>
        {list.data && <span class="muted">{t('jr.contactCount', { n: fmtNumber(items.length, l), total: fmtNumber(list.data.total, l) })}</span>}
      </form>
      <ErrorBox error={list.error} />
      {!list.data ? <Spinner /> : (
        <table class="table" data-testid="contact-list">
          <thead><tr><th>{t('jr.externalId')}</th><th>{t('members.email')}</th><th>{t('jr.phone')}</th><th>{t('filter.language')}</th><th>{t('jr.attributes')}</th></tr></thead>
          <tbody>{items.map((c: any) => (
            <tr class="clickable" onClick={() => navigate(href(org.id, 'journeys', 'contacts', String(c.id)))}>
              <td dir="ltr"><a href={href(org.id, 'journeys', 'contacts', String(c.id))}>{c.external_id}</a></td>
              <td dir="ltr">{c.email}</td><td dir="ltr">{c.phone}</td><td>{c.language ? t(('lang.' + c.language) as any) : ''}</td>
              <td dir="auto">{Object.entries(c.attributes).map(([k, v]) => `${k}: ${v}`).join(' · ')}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {next && <button class="secondary" onClick={async () => {
        const page = await get<any>(orgPath(org.id, '/contacts' + query({ q, limit: 100, cursor: next })));
        setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next_cursor });
      }}>{t('common.more')}</button>}
    </Card>
  );
}

function Timeline({ org, id }: { org: Org; id: string }) {
  const l = localeOf(org, lang());
  const data = useLoad(() => get<any>(orgPath(org.id, `/contacts/${id}`)), [org.id, id]);
  const [error, setError] = useState<unknown>(null);
  if (!data.data) return data.error ? <ErrorBox error={data.error} /> : <Spinner />;
  // `responses` only comes to those who may read them.
  const { contact, interactions, responses = [], personas, invitations = [] } = data.data;
  const events = [
    ...interactions.map((i: any) => ({ at: i.occurred_at, kind: 'interaction', i })),
    ...invitations.map((v: any) => ({ at: v.created_at, kind: 'invitation', v })),
    ...responses.map((r: any) => ({ at: r.created_at, kind: 'response', r })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const mayErase = can(org, 'erase_contacts');
  return (
    <div data-testid="timeline">
      <Card title={<span dir="ltr">{contact.external_id}</span>} actions={mayErase && (
        <>
          <button class="secondary small" data-testid="contact-export" onClick={async () => {
            try {
              const data = await api('POST', orgPath(org.id, `/contacts/${id}/export`), {});
              const a = document.createElement('a');
              a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
              a.download = `contact-${id}.json`;
              a.click();
              setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
            } catch (e) { setError(e); }
          }}>{t('jr.export')}</button>
          <button class="small danger secondary" data-testid="contact-erase" onClick={async () => {
            if (!confirm(t('jr.eraseConfirm'))) return;
            try { await api('DELETE', orgPath(org.id, `/contacts/${id}`)); navigate(href(org.id, 'journeys', 'contacts')); } catch (e) { setError(e); }
          }}>{t('jr.erase')}</button>
        </>
      )}>
        <dl class="meta">
          <dt>{t('members.email')}</dt><dd dir="ltr">{contact.email || '—'}</dd>
          <dt>{t('jr.phone')}</dt><dd dir="ltr">{contact.phone || '—'}</dd>
          <dt>{t('filter.language')}</dt><dd>{contact.language ? t(('lang.' + contact.language) as any) : '—'}</dd>
          {Object.entries(contact.attributes).map(([k, v]) => <><dt dir="ltr">{k}</dt><dd dir="auto">{String(v)}</dd></>)}
          {personas && <><dt>{t('jr.personas')}</dt><dd><PersonaChips org={org} personas={personas} /></dd></>}
        </dl>
        <ErrorBox error={error} />
      </Card>
      <Card title={t('jr.timeline')}>
        <ol class="timeline">
          {events.map((e: any) => (
            <li class={e.kind}>
              <time>{fmtDate(e.at, l, true)}</time>
              {e.kind === 'invitation' ? (
                <span dir="auto" data-testid="timeline-invitation">{t('jr.invitation', { channel: e.v.channel })}
                  <span class="badge">{t(('inv.status.' + e.v.status) as any)}</span>
                  {e.v.touchpoint ? ' · ' + e.v.touchpoint : ''}</span>
              ) : e.kind === 'interaction' ? (
                <span dir="auto"><strong>{e.i.touchpoint}</strong> · {e.i.channel}{e.i.agent ? ' · ' + e.i.agent : ''}{e.i.reference ? ' · ' + e.i.reference : ''}
                  {Object.entries(e.i.facts).map(([k, v]) => <span class="badge">{k}: {fmtNumber(Number(v), l)}</span>)}</span>
              ) : (
                <span dir="auto"><a href={href(org.id, 'responses', e.r.id)}>{t('resp.detail', { id: fmtNumber(e.r.id, l) })}</a> · {e.r.touchpoint}
                  {Object.entries(e.r.answers).filter(([, v]) => typeof v === 'number').map(([k, v]) => <span class="badge">{k}: {fmtNumber(Number(v), l)}</span>)}</span>
              )}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

// A contact's personas, as chips that open the persona's scores.
function PersonaChips({ org, personas }: { org: Org; personas: { id: number; name: string; emoji?: string }[] }) {
  return (
    <span class="persona-chips" data-testid="contact-personas">
      {personas.length === 0 ? <span class="muted">{t('jr.inNoPersona')}</span> : personas.map((p) => (
        <a class="chip persona-chip" data-testid="persona-chip" href={href(org.id, 'dashboard', null, null, query({ persona: p.id }).slice(1))} dir="auto">{personaLabel(p)}</a>
      ))}
    </span>
  );
}

function Catalogue({ org }: { org: Org }) {
  const stages = useLoad(() => getAll<any>(orgPath(org.id, '/journey-stages')), [org.id]);
  const touchpoints = useLoad(() => getAll<any>(orgPath(org.id, '/touchpoints')), [org.id]);
  const attributes = useLoad(() => getAll<any>(orgPath(org.id, '/contact-attributes')), [org.id]);
  const may = can(org, 'manage_journeys');
  const [error, setError] = useState<unknown>(null);
  const [stage, setStage] = useState({ key: '', fa: '', en: '', position: '1' });
  const [tp, setTp] = useState({ key: '', fa: '', en: '', channel: 'web', stage: '', owner: '' });
  const [attr, setAttr] = useState({ name: '', type: 'text', choices: '' });
  const act = (f: () => Promise<unknown>, after: () => void) => async (e: Event) => {
    e.preventDefault(); setError(null);
    try { await f(); after(); } catch (err) { setError(err); }
  };
  return (
    <div data-testid="catalogue">
      <ErrorBox error={error} />
      <Card title={t('jr.stages')}>
        <ol class="stages">{(stages.data ?? []).map((s: any) => <li><span dir="auto">{label(s)}</span> <code dir="ltr">{s.key}</code></li>)}</ol>
        {may && (
          <form class="row" onSubmit={act(() => api('POST', orgPath(org.id, '/journey-stages'), { key: stage.key, name: { fa: stage.fa, en: stage.en }, position: Number(stage.position) }), stages.reload)}>
            <TextField label={t('jr.key')} name="stage-key" dir="ltr" value={stage.key} onInput={(v) => setStage({ ...stage, key: v })} required />
            <TextField label={t('lang.fa')} name="stage-fa" dir="rtl" value={stage.fa} onInput={(v) => setStage({ ...stage, fa: v })} />
            <TextField label={t('lang.en')} name="stage-en" dir="ltr" value={stage.en} onInput={(v) => setStage({ ...stage, en: v })} />
            <TextField label={t('jr.position')} name="stage-position" type="number" value={stage.position} onInput={(v) => setStage({ ...stage, position: v })} />
            <button type="submit">{t('common.save')}</button>
          </form>
        )}
      </Card>
      <Card title={t('jr.touchpoints')}>
        <table class="table" data-testid="touchpoint-list"><thead><tr><th>{t('jr.key')}</th><th>{t('common.name')}</th><th>{t('filter.channel')}</th><th>{t('jr.stage')}</th><th>{t('jr.owner')}</th></tr></thead>
          <tbody>{(touchpoints.data ?? []).map((x: any) => (
            <tr class="clickable" onClick={() => setTp({ key: x.key, fa: x.name?.fa ?? '', en: x.name?.en ?? '', channel: x.channel, stage: x.stage, owner: x.owner })}>
              <td dir="ltr"><code>{x.key}</code></td><td dir="auto">{label(x)}</td><td>{x.channel}</td><td>{x.stage}</td><td dir="auto">{x.owner}</td></tr>
          ))}</tbody></table>
        {may && (
          <form class="row" onSubmit={act(() => api('POST', orgPath(org.id, '/touchpoints'), { key: tp.key, name: { fa: tp.fa, en: tp.en }, channel: tp.channel, stage: tp.stage, owner: tp.owner }), touchpoints.reload)}>
            <TextField label={t('jr.key')} name="tp-key" dir="ltr" value={tp.key} onInput={(v) => setTp({ ...tp, key: v })} required />
            <TextField label={t('lang.fa')} name="tp-fa" dir="rtl" value={tp.fa} onInput={(v) => setTp({ ...tp, fa: v })} />
            <TextField label={t('lang.en')} name="tp-en" dir="ltr" value={tp.en} onInput={(v) => setTp({ ...tp, en: v })} />
            <TextField label={t('filter.channel')} name="tp-channel" dir="ltr" value={tp.channel} onInput={(v) => setTp({ ...tp, channel: v })} />
            <Select label={t('jr.stage')} value={tp.stage} onChange={(v) => setTp({ ...tp, stage: v })} options={[{ value: '', label: '—' }, ...(stages.data ?? []).map((s: any) => ({ value: s.key, label: label(s) }))]} />
            <TextField label={t('jr.owner')} name="tp-owner" value={tp.owner} onInput={(v) => setTp({ ...tp, owner: v })} />
            <button type="submit">{t('common.save')}</button>
          </form>
        )}
      </Card>
      <Card title={t('jr.attributes')}>
        <ul>{(attributes.data ?? []).map((a: any) => <li><code dir="ltr">{a.name}</code> · {t(('jr.type.' + a.type) as any)}{a.choices ? ' (' + a.choices.join(', ') + ')' : ''}</li>)}</ul>
        {may && (
          <form class="row" onSubmit={act(() => api('POST', orgPath(org.id, '/contact-attributes'), { name: attr.name, type: attr.type, ...(attr.type === 'choice' ? { choices: attr.choices.split(',').map((c) => c.trim()).filter(Boolean) } : {}) }), attributes.reload)}>
            <TextField label={t('common.name')} name="attr-name" dir="ltr" value={attr.name} onInput={(v) => setAttr({ ...attr, name: v })} required />
            <Select label={t('builder.type')} value={attr.type} onChange={(v) => setAttr({ ...attr, type: v })} options={['text', 'number', 'date', 'choice'].map((x) => ({ value: x, label: t(('jr.type.' + x) as any) }))} />
            {attr.type === 'choice' && <TextField label={t('builder.choices')} name="attr-choices" value={attr.choices} onInput={(v) => setAttr({ ...attr, choices: v })} />}
            <button type="submit">{t('common.add')}</button>
          </form>
        )}
      </Card>
    </div>
  );
}

function Staffing({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const [form, setForm] = useState({ calls: '100', interval_min: '30', aht_s: '180', target_sl: '0.8', target_answer_s: '20', agents: '' });
  const [asked, setAsked] = useState(form);
  const data = useLoad(() => get<any>('/api/v1/staffing/erlang' + query(asked)), [JSON.stringify(asked)]);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const d = data.data;
  return (
    <div data-testid="staffing">
      <Card>
        <form class="row" onSubmit={(e) => { e.preventDefault(); setAsked(form); }}>
          <TextField label={t('jr.calls')} name="calls" type="number" value={form.calls} onInput={set('calls')} />
          <TextField label={t('jr.interval')} name="interval_min" type="number" value={form.interval_min} onInput={set('interval_min')} />
          <TextField label={t('jr.aht')} name="aht_s" type="number" value={form.aht_s} onInput={set('aht_s')} />
          <TextField label={t('jr.targetSl')} name="target_sl" type="number" value={form.target_sl} onInput={set('target_sl')} />
          <TextField label={t('jr.targetAnswer')} name="target_answer_s" type="number" value={form.target_answer_s} onInput={set('target_answer_s')} />
          <TextField label={t('jr.agents')} name="agents" type="number" value={form.agents} onInput={set('agents')} placeholder={t('jr.fewest')} />
          <button type="submit">{t('jr.compute')}</button>
        </form>
        <ErrorBox error={data.error} />
      </Card>
      {d && (
        <div class="two-col">
          <Card title={t('jr.result', { n: fmtNumber(d.agents, l) })} testid="staffing-result">
            <dl class="meta">
              <dt>{t('jr.fewestAgents')}</dt><dd data-testid="fewest">{fmtNumber(d.fewest_agents, l)}</dd>
              <dt>{t('jr.traffic')}</dt><dd>{fmtNumber(d.traffic_erlangs, l, 2)}</dd>
              <dt>{t('jr.serviceLevel')}</dt><dd data-testid="service-level">{fmtPercent(d.service_level, l, 2)}</dd>
              <dt>{t('jr.pWait')}</dt><dd>{fmtPercent(d.p_wait, l, 2)}</dd>
              <dt>{t('jr.asa')}</dt><dd>{d.asa_s === null ? '∞' : fmtNumber(d.asa_s, l, 1)}</dd>
              <dt>{t('jr.occupancy')}</dt><dd>{fmtPercent(d.occupancy, l, 1)}</dd>
            </dl>
            {!d.stable && <p class="error">{t('jr.unstable')}</p>}
          </Card>
          <Card title={t('jr.curve')}>
            <Chart testid="staffing-chart" label={t('jr.curve')} option={{
              grid: { left: 48, right: 48, top: 16, bottom: 32 },
              tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmtPercent(v, l, 1) },
              xAxis: { type: 'category', data: d.curve.map((c: any) => fmtNumber(c.agents, l)) },
              yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => fmtPercent(v, l, 0) } },
              series: [{ type: 'bar', data: d.curve.map((c: any) => ({ value: c.service_level, itemStyle: { color: c.service_level >= Number(asked.target_sl) ? '#30a46c' : '#e5484d' } })),
                         markLine: { silent: true, symbol: 'none', data: [{ yAxis: Number(asked.target_sl) }] } }],
            }} />
          </Card>
        </div>
      )}
    </div>
  );
}
