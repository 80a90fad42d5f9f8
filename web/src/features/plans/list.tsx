// The action plans list (newest first: status, owner, due date, tasks done and the measured
// effect) and, for those who manage the program, the form of a new plan: what it aims at, the
// metric it should move (survey, NPS/CSAT/CES, an optional touchpoint), its windows, owner,
// due date, cost and first tasks. The server's complaint lands beside the field it names.
import { useState } from 'preact/hooks';
import { ApiError, get, getAll, send, type Body } from '../../lib/api';
import { fmtDay, parseNumber } from '../../lib/format';
import { lang, localized } from '../../lib/i18n';
import { href, navigate } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Spinner, TextField } from '../../ui/components';
import { memberName, useMembers } from '../../ui/members';
import { t } from './messages';
import { changeText, formPlace, METRICS, taskProgress, verdictClass, type MetricName, type Plan } from './model';

export function PlanList({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const plans = useLoad(() => getAll('/api/v1/orgs/{org}/action-plans', { org: org.id }, 500), [org.id]);
  const members = useMembers(org);
  const [creating, setCreating] = useState(false);
  return (
    <div>
      <div class="page-head"><h1>{t('pl.title')}</h1>
        {can(org, 'manage_program') && !creating && <button type="button" data-testid="new-plan" onClick={() => setCreating(true)}>{t('pl.new')}</button>}
      </div>
      {creating && <NewPlan org={org} onCancel={() => setCreating(false)} />}
      <Card testid="plan-list">
        <ErrorBox error={plans.error} />
        {!plans.data ? <Spinner /> : plans.data.length === 0 ? <p class="empty">{t('pl.empty')}</p> : (
          <table class="table plans-table">
            <thead><tr><th>{t('pl.col.plan')}</th><th>{t('common.status')}</th><th>{t('pl.col.owner')}</th><th>{t('pl.col.due')}</th>
              <th>{t('pl.col.tasks')}</th><th>{t('pl.col.effect')}</th></tr></thead>
            <tbody>{plans.data.map((p: Plan) => {
              const change = p.effect?.change;
              return (
                <tr data-testid="plan-row" data-plan={p.id}>
                  <td data-label={t('pl.col.plan')}><a href={href(org.id, 'plans', p.id)} dir="auto" data-testid="plan-title">{p.title}</a></td>
                  <td data-label={t('common.status')}><span class={'badge pl-' + p.status} data-testid="plan-status">{t(`pl.status.${p.status ?? 'draft'}`)}</span></td>
                  <td data-label={t('pl.col.owner')} dir="auto">{p.owner ? memberName(members.data, p.owner, '') : <span class="muted">{t('pl.nobody')}</span>}</td>
                  <td data-label={t('pl.col.due')} class="nowrap">{p.due ? fmtDay(p.due, l) : '—'}</td>
                  <td data-label={t('pl.col.tasks')}>{taskProgress(p, l)}</td>
                  <td data-label={t('pl.col.effect')}>{change
                    ? <><span class={'badge ' + verdictClass(change.verdict)} data-testid="plan-verdict">{t(`pl.verdict.${change.verdict ?? 'not_enough_data'}`)}</span>
                        {changeText(change, l) && <span class="small nowrap" dir="ltr"> {changeText(change, l)}</span>}</>
                    : <span class="muted">—</span>}</td>
                </tr>
              );
            })}</tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

type PlanBody = Body<'/api/v1/orgs/{org}/action-plans', 'post'>;
const AIMS = ['root_cause', 'driver', 'topic', 'touchpoint'] as const;

function NewPlan({ org, onCancel }: { org: Org; onCancel: () => void }) {
  const surveys = useLoad(() => get('/api/v1/orgs/{org}/surveys', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const causes = useLoad(() => get('/api/v1/orgs/{org}/root-causes', { org: org.id }).then((r) => (r.items ?? []).filter((c) => c.active)).catch(() => []), [org.id]);
  const members = useMembers(org);
  const [f, setF] = useState({
    title: '', description: '', aims: 'root_cause' as (typeof AIMS)[number], aimsKey: '', owner: '', due: '', cost: '', currency: 'IRR',
    survey: '', metric: 'nps' as MetricName, touchpoint: '', baseline: '90', window: '90', tasks: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const survey = f.survey || String(surveys.data?.[0]?.id ?? '');
  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors({}); setOther(null); setBusy(true);
    const body: PlanBody = {
      title: f.title.trim(), description: f.description.trim(),
      metric: { survey_id: Number(survey), metric: f.metric, ...(f.touchpoint.trim() ? { segment: { touchpoint: f.touchpoint.trim() } } : {}) },
      baseline_days: Number(parseNumber(f.baseline)), window_days: Number(parseNumber(f.window)),
      tasks: f.tasks.split('\n').map((s) => s.trim()).filter(Boolean),
    };
    if (f.aims === 'root_cause' ? f.aimsKey : f.aimsKey.trim())
      body.aims_at = f.aims === 'root_cause' ? { kind: 'root_cause', root_cause_id: Number(f.aimsKey) } : { kind: f.aims, key: f.aimsKey.trim() };
    if (f.owner) body.owner = Number(f.owner);
    if (f.due) body.due = f.due;
    if (f.cost.trim()) body.cost = { amount: parseNumber(f.cost), currency: f.currency.trim().toUpperCase() };
    try {
      const made = await send('post', '/api/v1/orgs/{org}/action-plans', { org: org.id }, body);
      navigate(href(org.id, 'plans', made.id));
    } catch (ex) {
      const place = ex instanceof ApiError ? formPlace(ex.field) : 'other';
      if (place === 'other') setOther(ex); else setErrors({ [place]: (ex as ApiError).message });
    } finally { setBusy(false); }
  };
  return (
    <Card title={t('pl.new')} testid="new-plan-form">
      <form onSubmit={submit}>
        <div class="grid2">
          <TextField label={t('pl.field.title')} name="title" value={f.title} onInput={set('title')} required error={errors.title} />
          <label class={'field' + (errors.owner ? ' invalid' : '')}><span>{t('pl.field.owner')}</span>
            <select name="owner" value={f.owner} onChange={(e) => set('owner')((e.target as HTMLSelectElement).value)}>
              <option value="">{t('pl.nobody')}</option>
              {(members.data ?? []).map((m) => <option value={String(m.user_id)}>{memberName(members.data, m.user_id, m.email ?? '')}</option>)}
            </select>
            <FieldError message={errors.owner} field="owner" />
          </label>
        </div>
        <TextField label={t('pl.field.description')} name="description" value={f.description} onInput={set('description')} multiline rows={2} error={errors.description} />
        <div class="grid3">
          <label class="field"><span>{t('pl.field.aims')}</span>
            <select name="aims" value={f.aims} onChange={(e) => setF({ ...f, aims: (e.target as HTMLSelectElement).value as (typeof AIMS)[number], aimsKey: '' })}>
              {AIMS.map((a) => <option value={a}>{t(`pl.aims.${a}`)}</option>)}
            </select>
          </label>
          {f.aims === 'root_cause' ? (
            <label class={'field' + (errors.aims_at ? ' invalid' : '')}><span>{t('pl.field.aimsKey')}</span>
              <select name="aims_key" value={f.aimsKey} onChange={(e) => set('aimsKey')((e.target as HTMLSelectElement).value)}>
                <option value="">—</option>
                {(causes.data ?? []).map((c) => <option value={String(c.id)}>{localized(c.name, c.key ?? '')}</option>)}
              </select>
              <FieldError message={errors.aims_at} field="aims_at" />
            </label>
          ) : <TextField label={t('pl.field.aimsKey')} name="aims_key" value={f.aimsKey} onInput={set('aimsKey')} dir="ltr" error={errors.aims_at} />}
          <TextField label={t('pl.field.due')} name="due" type="date" value={f.due} onInput={set('due')} dir="ltr" error={errors.due} />
        </div>
        <div class="grid3">
          <label class={'field' + (errors.metric ? ' invalid' : '')}><span>{t('pl.field.survey')}</span>
            <select name="survey" value={survey} onChange={(e) => set('survey')((e.target as HTMLSelectElement).value)}>
              {(surveys.data ?? []).map((s) => <option value={String(s.id)}>{s.name}</option>)}
            </select>
            <FieldError message={errors.metric} field="metric" />
          </label>
          <label class="field"><span>{t('pl.field.metric')}</span>
            <select name="metric" value={f.metric} onChange={(e) => set('metric')((e.target as HTMLSelectElement).value)}>
              {METRICS.map((m) => <option value={m}>{t(`pl.metric.${m}`)}</option>)}
            </select>
          </label>
          <TextField label={t('pl.field.segment')} name="touchpoint" value={f.touchpoint} onInput={set('touchpoint')} dir="ltr" />
        </div>
        <div class="grid3">
          <TextField label={t('pl.field.baseline')} name="baseline_days" value={f.baseline} onInput={set('baseline')} inputMode="numeric" error={errors.baseline_days} />
          <TextField label={t('pl.field.window')} name="window_days" value={f.window} onInput={set('window')} inputMode="numeric" error={errors.window_days} />
          <div class="grid2">
            <TextField label={t('pl.field.cost')} name="cost" value={f.cost} onInput={set('cost')} inputMode="decimal" error={errors.cost} />
            <TextField label={t('pl.field.currency')} name="currency" value={f.currency} onInput={set('currency')} dir="ltr" />
          </div>
        </div>
        <TextField label={t('pl.field.tasks')} name="tasks" value={f.tasks} onInput={set('tasks')} multiline rows={3} />
        <ErrorBox error={other} />
        <div class="form-actions">
          <button type="submit" disabled={busy || !f.title.trim() || !survey} data-testid="create-plan">{t('pl.create')}</button>
          <button type="button" class="secondary" onClick={onCancel}>{t('common.cancel')}</button>
        </div>
      </form>
    </Card>
  );
}
