// One action plan: its status and the steps the server allows (`next`), what it aims at, owner,
// due date and cost, its tasks (ticked, added, removed by those who manage the program), the
// metric before and after with margins and the verdict (as numbers and as a chart), and its
// history. Changes are sent from the version read; a 409 on `version` says someone else changed
// it and shows their change.
import { useState } from 'preact/hooks';
import { ApiError, get, send } from '../../lib/api';
import { axisTooltip, Chart, type ChartOption } from '../../lib/chart';
import { fmtDate, fmtDay, fmtNumber } from '../../lib/format';
import { lang, localized } from '../../lib/i18n';
import { href } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Spinner } from '../../ui/components';
import { memberName, useMembers } from '../../ui/members';
import { t } from './messages';
import { changeText, chartSeries, fmtValue, measurementText, verdictClass, type Measurement, type PlanDetail, type PlanStatus } from './model';

type Locale = ReturnType<typeof localeOf>;

export function PlanPage({ org, id }: { org: Org; id: number }) {
  const l = localeOf(org, lang());
  const manager = can(org, 'manage_program');
  const detail = useLoad(() => get('/api/v1/orgs/{org}/action-plans/{plan}', { org: org.id, plan: id }), [org.id, id]);
  const members = useMembers(org);
  const causes = useLoad(() => get('/api/v1/orgs/{org}/root-causes', { org: org.id }).then((r) => r.items ?? []).catch(() => []), [org.id]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  if (!detail.data) return detail.error ? <ErrorBox error={detail.error} /> : <Spinner />;
  const p: PlanDetail = detail.data;
  const who = (uid: unknown) => (typeof uid === 'number' ? memberName(members.data, uid, '') : t('pl.nobody'));
  const unit = p.effect?.unit;
  const metricName = t(`pl.metric.${(p.metric?.metric ?? 'nps') as 'nps' | 'csat' | 'ces'}`);
  const aims = p.aims_at;
  const aimsText = !aims?.kind ? '—' : aims.kind === 'root_cause'
    ? localized(causes.data?.find((c) => c.id === aims.root_cause_id)?.name, `#${aims.root_cause_id ?? ''}`)
    : aims.key ?? '';

  const act = async (call: () => Promise<unknown>) => {
    setErrors({}); setBusy(true);
    try { await call(); detail.reload(); } catch (e) {
      const field = e instanceof ApiError ? e.field ?? 'other' : 'other';
      if (field === 'version') { setErrors({ version: t('pl.changedMeanwhile') }); detail.reload(); }
      else setErrors({ [field]: e instanceof ApiError ? e.message : String(e) });
    } finally { setBusy(false); }
  };
  const move = (to: PlanStatus) => act(() => send('patch', '/api/v1/orgs/{org}/action-plans/{plan}', { org: org.id, plan: id }, { status: to, version: p.version ?? 0 }));

  return (
    <div data-testid="plan-page">
      <div class="page-head">
        <a href={href(org.id, 'plans')}>{t('common.back')}</a>
        <h1 dir="auto" data-testid="plan-heading">{p.title}</h1>
        <span class={'badge pl-' + p.status} data-testid="plan-status">{t(`pl.status.${p.status ?? 'draft'}`)}</span>
      </div>
      {errors.version && <p class="notice" role="alert" data-testid="plan-conflict">{errors.version}</p>}
      <ErrorBox error={errors.other} />
      <div class="two-col">
        <div>
          <Effect p={p} l={l} unit={unit} metricName={metricName} />
          {manager && (
            <Card testid="plan-actions">
              <div class="form-actions" data-testid="plan-next">
                {(p.next ?? []).map((s) => (
                  <button type="button" class={s === 'cancelled' || s === 'draft' ? 'secondary' : ''} disabled={busy} data-testid={'plan-to-' + s}
                          onClick={() => move(s as PlanStatus)}>{t(`pl.to.${s as PlanStatus}`)}</button>
                ))}
                {(p.next ?? []).length === 0 && <span class="muted">{t('pl.noSteps')}</span>}
              </div>
              <FieldError message={errors.status ?? errors.owner} field="status" />
            </Card>
          )}
          <Tasks org={org} p={p} manager={manager} who={who} onChanged={detail.reload} />
          <Card title={t('pl.history')} testid="plan-history">
            <ol class="timeline">
              {[...(p.history ?? [])].reverse().map((e) => {
                const d = (e.detail ?? {}) as Record<string, unknown>;
                const text = e.kind === 'status'
                  ? t('pl.ev.status', { from: t(`pl.status.${String(d.from) as PlanStatus}`), to: t(`pl.status.${String(d.to) as PlanStatus}`) })
                  : e.kind === 'task' ? t('pl.ev.task', { text: String(d.added ?? d.removed ?? d.task ?? '') })
                  : e.kind === 'created' ? t('pl.ev.created') : t('pl.ev.edited');
                return <li data-testid={'plan-event-' + e.kind}><time dateTime={e.at}>{e.at ? fmtDate(e.at, l, true) : ''} · <span dir="auto">{who(e.actor)}</span></time><span dir="auto">{text}</span></li>;
              })}
            </ol>
          </Card>
        </div>
        <div>
          <Card title={t('pl.details')} testid="plan-details">
            <dl class="meta">
              <dt>{t('pl.field.aims')}</dt><dd dir="auto">{aims?.kind ? `${t(`pl.aims.${aims.kind}`)}: ${aimsText}` : '—'}</dd>
              <dt>{t('pl.field.owner')}</dt><dd dir="auto">{who(p.owner)}</dd>
              <dt>{t('pl.field.due')}</dt><dd>{p.due ? fmtDay(p.due, l) : '—'}</dd>
              {p.cost && <><dt>{t('pl.field.cost')}</dt><dd>{t('pl.costValue', { amount: fmtNumber(p.cost.amount ?? 0, l), currency: p.cost.currency ?? '' })}</dd></>}
              <dt>{t('pl.field.metric')}</dt><dd dir="auto">{metricName}{p.metric?.segment?.touchpoint ? ` · ${p.metric.segment.touchpoint}` : ''}</dd>
              {p.activated_at && <><dt>{t('pl.status.active')}</dt><dd>{fmtDate(p.activated_at, l)}</dd></>}
              {p.done_at && <><dt>{t('pl.status.done')}</dt><dd>{fmtDate(p.done_at, l)}</dd></>}
            </dl>
            {p.description && <p class="note-text" dir="auto">{p.description}</p>}
          </Card>
        </div>
      </div>
    </div>
  );
}

function Side({ label, m, unit, l, empty, testid }: { label: string; m: Measurement | null | undefined; unit?: string; l: Locale; empty: string; testid: string }) {
  const text = measurementText(m, unit, l);
  return (
    <div class="effect-side" data-testid={testid}>
      <span class="muted small">{label}</span>
      <strong class="effect-value" dir="ltr" data-testid={testid + '-value'}>{text ?? (m ? t('pl.notEnough', { n: fmtNumber(m.n ?? 0, l) }) : '—')}</strong>
      <small class="muted">{m ? t('pl.beforeWindow', { from: fmtDay(m.from ?? '', l), to: fmtDay(m.to ?? '', l), n: fmtNumber(m.n ?? 0, l) }) : empty}</small>
    </div>
  );
}

// Before, after, the change and its verdict; a chart of both with their intervals.
function Effect({ p, l, unit, metricName }: { p: PlanDetail; l: Locale; unit?: string; metricName: string }) {
  const e = p.effect;
  const change = e?.change;
  const series = chartSeries(e);
  const afterEmpty = e?.after_starts ? t('pl.afterStarts', { date: fmtDay(e.after_starts, l) }) : t('pl.afterWhenDone');
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v) => fmtValue(v, unit, l)) },
    xAxis: { type: 'category', data: [t('pl.before'), t('pl.after')] },
    yAxis: { type: 'value', min: unit === 'percent' ? 0 : -100, max: 100 },
    series: [
      { name: metricName, type: 'bar', data: series.values, barWidth: '40%', itemStyle: { color: '#4a63d8' } },
      { name: '−', type: 'scatter', data: series.lows, symbol: 'rect', symbolSize: [28, 3], itemStyle: { color: '#1f2a44' } },
      { name: '+', type: 'scatter', data: series.highs, symbol: 'rect', symbolSize: [28, 3], itemStyle: { color: '#1f2a44' } },
    ],
  };
  return (
    <Card title={t('pl.effect', { metric: metricName })} testid="plan-effect">
      <div class="effect">
        <Side label={t('pl.before')} m={e?.before} unit={unit} l={l} empty={t('pl.notCaptured')} testid="effect-before" />
        <Side label={t('pl.after') + (e?.after && !e.window_complete ? ' · ' + t('pl.soFar', { n: fmtNumber(e.after.n ?? 0, l) }) : '')}
              m={e?.after} unit={unit} l={l} empty={afterEmpty} testid="effect-after" />
        <div class="effect-side" data-testid="effect-change">
          <span class="muted small">{t('pl.change')}</span>
          <strong class="effect-value" dir="ltr" data-testid="effect-change-value">{changeText(change, l) ?? '—'}</strong>
          {change && <span class={'badge ' + verdictClass(change.verdict)} data-testid="effect-verdict">{t(`pl.verdict.${change.verdict ?? 'not_enough_data'}`)}</span>}
        </div>
      </div>
      {(series.values[0] !== null || series.values[1] !== null) && <Chart option={option} height={220} testid="effect-chart" label={t('pl.chart')} />}
      <p class="muted small">{t('pl.margin', { level: fmtNumber(100 * (change?.confidence_level ?? 0.95), l) })}</p>
    </Card>
  );
}

function Tasks({ org, p, manager, who, onChanged }: { org: Org; p: PlanDetail; manager: boolean; who: (id: unknown) => string; onChanged: () => void }) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>(null);
  const params = { org: org.id, plan: p.id ?? 0 };
  const run = async (call: () => Promise<unknown>) => { setError(null); try { await call(); onChanged(); } catch (e) { setError(e); } };
  return (
    <Card title={t('pl.tasks')} testid="plan-tasks">
      <ul class="task-list">
        {(p.tasks ?? []).map((task) => (
          <li data-testid="plan-task">
            <label class="check">
              <input type="checkbox" checked={task.done} disabled={!manager} data-testid="task-done"
                     onChange={(e) => run(() => send('put', '/api/v1/orgs/{org}/action-plans/{plan}/tasks/{task}', { ...params, task: task.id ?? 0 }, { done: (e.target as HTMLInputElement).checked }))} />
              <span dir="auto" class={task.done ? 'done' : ''}>{task.title}</span>
            </label>
            {task.owner && <small class="muted" dir="auto"> · {who(task.owner)}</small>}
            {manager && <button type="button" class="link small" onClick={() => run(() => send('delete', '/api/v1/orgs/{org}/action-plans/{plan}/tasks/{task}', { ...params, task: task.id ?? 0 }))}>{t('pl.removeTask')}</button>}
          </li>
        ))}
      </ul>
      {manager && (
        <form class="inline-form" onSubmit={(e) => { e.preventDefault(); if (title.trim()) run(() => send('post', '/api/v1/orgs/{org}/action-plans/{plan}/tasks', params, { title: title.trim() }).then(() => setTitle(''))); }}>
          <input name="task" dir="auto" value={title} placeholder={t('pl.taskPlaceholder')} aria-label={t('pl.taskPlaceholder')} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          <button type="submit" class="secondary" disabled={!title.trim()} data-testid="add-task">{t('pl.addTask')}</button>
        </form>
      )}
      <ErrorBox error={error} />
    </Card>
  );
}
