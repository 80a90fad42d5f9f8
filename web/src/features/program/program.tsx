// The CX program page: the vision statement, the guiding principles and the program owner
// (shown to everyone who reads the program, edited by those who manage it, and printable for
// teams: the print stylesheet keeps only this sheet), and the scorecard: each KPI target against
// its actual with the margin of error, the trend against the period before, and its status
// badge (on track / at risk / off track by the server's one rule, explained under the table).
// Business KPIs (mean CLV, predicted churn, CAC, cost to serve per customer) come from the
// customer value module, in money or percent; lower is better for churn, CAC and cost.
import { useState } from 'preact/hooks';
import { ApiError, get, send, type Schemas } from '../../lib/api';
import { fmtDay, fmtNumber, parseNumber } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Spinner, TextField } from '../../ui/components';
import { memberName, useMembers } from '../../ui/members';
import { fmtValue, METRICS, type MetricName } from '../plans/model';
import { t } from './messages';

type KpiLine = Schemas['KpiLine'];
// The loop's measures a target may aim at (shares of cases, in percent; no survey).
const LOOP = ['contacted', 'sla_first_response', 'sla_resolution', 'recovery', 'resolved'] as const;
// Business KPIs from the customer value module (money, or percent for churn; no survey).
const BUSINESS = ['clv', 'churn', 'cac', 'cost_to_serve'] as const;
type KpiMetric = MetricName | (typeof LOOP)[number] | (typeof BUSINESS)[number];
const isLoop = (m: string) => (LOOP as readonly string[]).includes(m);
const isBusiness = (m: string) => (BUSINESS as readonly string[]).includes(m);

// A KPI's value in its unit: money as a whole amount with its currency, else as the plans do.
function kpiValue(v: number, unit: string | undefined, l: ReturnType<typeof localeOf>, currency?: string): string {
  return unit === 'money' ? `${fmtNumber(v, l, Math.abs(v) >= 100 ? 0 : 2)}${currency ? ' ' + currency : ''}` : fmtValue(v, unit, l);
}

export default function Program({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const manager = can(org, 'manage_program');
  const program = useLoad(() => get('/api/v1/orgs/{org}/program', { org: org.id }), [org.id]);
  const card = useLoad(() => get('/api/v1/orgs/{org}/program/scorecard', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const members = useMembers(org);
  const [editing, setEditing] = useState(false);
  if (!program.data) return program.error ? <ErrorBox error={program.error} /> : <Spinner />;
  const p = program.data;
  return (
    <div data-testid="program-page">
      <div class="page-head no-print"><h1>{t('pg.title')}</h1>
        <button type="button" class="secondary" data-testid="print-program" onClick={() => window.print()}>{t('pg.print')}</button>
        {manager && !editing && <button type="button" data-testid="edit-program" onClick={() => setEditing(true)}>{t('pg.edit')}</button>}
      </div>
      {editing ? <EditProgram org={org} p={p} onDone={() => { setEditing(false); program.reload(); }} /> : (
        <section class="card program-sheet" data-testid="program-sheet">
          <h2 class="print-only" dir="auto">{org.name} · {t('pg.title')}</h2>
          <h3>{t('pg.vision')}</h3>
          <p class="vision" dir="auto" data-testid="program-vision">{p.vision || <span class="muted">{t('pg.noVision')}</span>}</p>
          <h3>{t('pg.principles')}</h3>
          {(p.principles ?? []).length ? (
            <ol class="principles" data-testid="program-principles">{(p.principles ?? []).map((x) => <li dir="auto">{x}</li>)}</ol>
          ) : <p class="muted">{t('pg.noPrinciples')}</p>}
          <p class="small"><strong>{t('pg.owner')}:</strong> <span dir="auto">{p.owner ? memberName(members.data, p.owner, '') : t('pg.nobody')}</span></p>
        </section>
      )}
      <Card title={t('pg.scorecard')} testid="scorecard" class="scorecard">
        <ErrorBox error={card.error} />
        {!card.data ? <Spinner /> : card.data.length === 0 ? <p class="empty">{t('pg.noKpis')}</p> : (
          <table class="table">
            <thead><tr><th>{t('pg.col.kpi')}</th><th>{t('pg.col.target')}</th><th>{t('pg.col.actual')}</th><th>{t('pg.col.trend')}</th>
              <th>{t('common.status')}</th><th>{t('pg.col.due')}</th>{manager && <th class="no-print" />}</tr></thead>
            <tbody>{card.data.map((k: KpiLine) => <KpiRow k={k} l={l} manager={manager} org={org} onChanged={card.reload} />)}</tbody>
          </table>
        )}
        <p class="muted small">{t('pg.rule')}</p>
      </Card>
      {manager && <AddKpi org={org} onAdded={card.reload} />}
    </div>
  );
}

function KpiRow({ k, l, manager, org, onChanged }: { k: KpiLine; l: ReturnType<typeof localeOf>; manager: boolean; org: Org; onChanged: () => void }) {
  const a = k.actual;
  const value = (m: typeof a) => (m?.status === 'ok' && typeof m.value === 'number' ? kpiValue(m.value, k.unit, l, m.currency) : null);
  const dir = k.trend?.direction;
  const business = isBusiness(k.metric ?? '');
  const margin = a?.margin ? ` ± ${fmtNumber(a.margin, l, k.unit === 'money' && a.margin >= 100 ? 0 : 1)}` : '';
  const missing = business ? t('pg.notEnoughBusiness', { n: fmtNumber(a?.n ?? 0, l) }) : t('pg.notEnough', { n: fmtNumber(a?.n ?? 0, l) });
  return (
    <tr data-testid="kpi-row" data-kpi={k.id}>
      <td data-label={t('pg.col.kpi')} data-metric={k.metric}><strong>{t(`pg.metric.${(k.metric ?? 'nps') as KpiMetric}`)}</strong> <span dir="auto">{k.touchpoint ?? t('pg.overall')}</span>
        <div class="muted small">{t('pg.window', { n: fmtNumber(k.window_days ?? 0, l) })}{k.direction === 'lower_is_better' && <> · {t('pg.lowerBetter')}</>}</div></td>
      <td data-label={t('pg.col.target')} dir="ltr" data-testid="kpi-target">{kpiValue(k.target ?? 0, k.unit, l, a?.currency)}</td>
      <td data-label={t('pg.col.actual')} dir="ltr" data-testid="kpi-actual" title={a?.status === 'ok' ? a?.basis : a?.message}>{value(a) ? `${value(a)}${margin}` : missing}</td>
      <td data-label={t('pg.col.trend')}>{dir ? <span class={'trend trend-' + dir}>{dir === 'up' ? '▲' : dir === 'down' ? '▼' : '▬'} {t(`pg.trend.${dir as 'up' | 'down' | 'flat'}`)}</span> : '—'}
        {value(k.previous) && <div class="muted small" dir="auto">{t('pg.previous', { value: value(k.previous)! })}</div>}</td>
      <td data-label={t('common.status')}><span class={'badge kpi-' + k.status} data-testid="kpi-status">{t(`pg.status.${k.status ?? 'not_enough_data'}`)}</span></td>
      <td data-label={t('pg.col.due')} class="nowrap">{k.due ? fmtDay(k.due, l) : '—'}</td>
      {manager && <td class="no-print"><button type="button" class="link small" onClick={() => send('delete', '/api/v1/orgs/{org}/program/kpis/{kpi}', { org: org.id, kpi: k.id ?? 0 }).then(onChanged)}>{t('pg.remove')}</button></td>}
    </tr>
  );
}

function EditProgram({ org, p, onDone }: { org: Org; p: Schemas['CxProgram']; onDone: () => void }) {
  const members = useMembers(org);
  const [vision, setVision] = useState(p.vision ?? '');
  const [principles, setPrinciples] = useState((p.principles ?? []).join('\n'));
  const [owner, setOwner] = useState(String(p.owner ?? ''));
  const [error, setError] = useState<ApiError | unknown>(null);
  const field = error instanceof ApiError ? error.field ?? '' : '';
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await send('put', '/api/v1/orgs/{org}/program', { org: org.id }, {
        vision: vision.trim(), principles: principles.split('\n').map((x) => x.trim()).filter(Boolean), owner: owner ? Number(owner) : null,
      });
      onDone();
    } catch (ex) { setError(ex); }
  };
  return (
    <Card title={t('pg.title')} testid="program-form">
      <form onSubmit={save}>
        <TextField label={t('pg.vision')} name="vision" value={vision} onInput={setVision} multiline rows={3} error={field === 'vision' ? (error as ApiError).message : undefined} />
        <TextField label={t('pg.principles')} name="principles" value={principles} onInput={setPrinciples} multiline rows={5} help={t('pg.principlesHelp')}
                   error={field.startsWith('principles') ? (error as ApiError).message : undefined} />
        <label class={'field' + (field === 'owner' ? ' invalid' : '')}><span>{t('pg.owner')}</span>
          <select name="owner" value={owner} onChange={(e) => setOwner((e.target as HTMLSelectElement).value)}>
            <option value="">{t('pg.nobody')}</option>
            {(members.data ?? []).map((m) => <option value={String(m.user_id)}>{memberName(members.data, m.user_id, m.email ?? '')}</option>)}
          </select>
          <FieldError message={field === 'owner' ? (error as ApiError).message : undefined} field="owner" />
        </label>
        {!['vision', 'owner'].includes(field) && !field.startsWith('principles') && <ErrorBox error={error} />}
        <div class="form-actions">
          <button type="submit" data-testid="save-program">{t('common.save')}</button>
          <button type="button" class="secondary" onClick={onDone}>{t('common.cancel')}</button>
        </div>
      </form>
    </Card>
  );
}

function AddKpi({ org, onAdded }: { org: Org; onAdded: () => void }) {
  const surveys = useLoad(() => get('/api/v1/orgs/{org}/surveys', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const [f, setF] = useState({ survey: '', metric: 'nps' as KpiMetric, touchpoint: '', target: '', due: '', window: '90' });
  const [error, setError] = useState<unknown>(null);
  const field = error instanceof ApiError ? error.field ?? '' : '';
  const msg = (name: string) => (field === name ? (error as ApiError).message : undefined);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const survey = f.survey || String(surveys.data?.[0]?.id ?? '');
  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await send('post', '/api/v1/orgs/{org}/program/kpis', { org: org.id }, {
        ...(isLoop(f.metric) || isBusiness(f.metric) ? {} : { survey_id: Number(survey) }), metric: f.metric,
        touchpoint: isBusiness(f.metric) ? null : f.touchpoint.trim() || null, target: parseNumber(f.target),
        due: f.due || null, window_days: Number(parseNumber(f.window)),
      });
      setF({ ...f, target: '', touchpoint: '' });
      onAdded();
    } catch (ex) { setError(ex); }
  };
  return (
    <Card title={t('pg.addKpi')} testid="kpi-form" class="no-print">
      <form onSubmit={add}>
        <div class="grid3">
          <label class={'field' + (msg('survey_id') ? ' invalid' : '')}><span>{t('pg.survey')}</span>
            <select name="survey" value={survey} disabled={isLoop(f.metric) || isBusiness(f.metric)} onChange={(e) => set('survey')((e.target as HTMLSelectElement).value)}>
              {(surveys.data ?? []).map((s) => <option value={String(s.id)}>{s.name}</option>)}
            </select>
            <FieldError message={msg('survey_id')} field="survey_id" />
          </label>
          <label class={'field' + (msg('metric') ? ' invalid' : '')}><span>{t('pg.metric')}</span>
            <select name="metric" value={f.metric} onChange={(e) => set('metric')((e.target as HTMLSelectElement).value)}>
              <optgroup label={t('pg.metricsSurvey')}>{METRICS.map((m) => <option value={m}>{t(`pg.metric.${m}`)}</option>)}</optgroup>
              <optgroup label={t('pg.metricsLoop')}>{LOOP.map((m) => <option value={m}>{t(`pg.metric.${m}`)}</option>)}</optgroup>
              <optgroup label={t('pg.metricsBusiness')}>{BUSINESS.map((m) => <option value={m}>{t(`pg.metric.${m}`)}</option>)}</optgroup>
            </select>
            <FieldError message={msg('metric')} field="metric" />
          </label>
 {!isBusiness(f.metric) && <TextField label={t('pg.touchpoint')} name="touchpoint" value={f.touchpoint} onInput={set('touchpoint')} dir="ltr" error={msg('touchpoint')} />}
          <TextField label={isBusiness(f.metric) ? t(f.metric === 'churn' ? 'pg.targetChurn' : 'pg.targetMoney') : t('pg.target')} name="target" value={f.target} onInput={set('target')} inputMode="decimal" error={msg('target')} />
          <TextField label={t('pg.due')} name="due" type="date" value={f.due} onInput={set('due')} dir="ltr" error={msg('due')} />
          <TextField label={t('pg.windowDays')} name="window_days" value={f.window} onInput={set('window')} inputMode="numeric" error={msg('window_days')} />
        </div>
        {!['survey_id', 'metric', 'touchpoint', 'target', 'due', 'window_days'].includes(field) && <ErrorBox error={error} />}
        <div class="form-actions"><button type="submit" disabled={(!survey && !isLoop(f.metric) && !isBusiness(f.metric)) || !f.target.trim()} data-testid="add-kpi">{t('pg.addKpi')}</button></div>
      </form>
    </Card>
  );
}
