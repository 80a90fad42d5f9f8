// One alert rule as a form: name, survey, match all / any, the condition builder (a field: an
// answer to one of the survey's questions, sentiment, topic, a phrase in the comment,
// touchpoint, channel, agent, language, a hidden field or a persona; an operator; a value),
// then what happens: priority, whether a case is opened, who is told (members, roles, the
// touchpoint's owner) and how (in the app, e-mail), de-duplication and the hourly cap. The
// server's errors land beside the field they name ("conditions[1].op").
import { useEffect, useState } from 'preact/hooks';
import { get, send } from '../../lib/api';
import { errorAt, splitError, within, type FieldErrors } from '../../lib/forms';
import { localized, messages } from '../../lib/i18n';
import { href, navigate } from '../../lib/router';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Select, Spinner, TextField } from '../../ui/components';
import { useSurveys } from '../../ui/filters';
import { MemberPicker, useMembers } from '../../ui/members';
import { t } from './messages';
import {
  blankRuleForm, checkRuleForm, FIELD_KINDS, formToRule, opsFor, PRIORITIES, ROLES, ruleToForm, SENTIMENTS, WATCH_BY, WATCH_METRICS,
  type CondOp, type ConditionRow, type FieldKind, type Priority, type RuleForm, type WatchForm,
} from './model';

const FORM_FIELDS = ['name', 'survey_id', 'match', 'conditions', 'watch', 'priority', 'open_case', 'notify', 'dedupe_minutes', 'max_per_hour', 'enabled'];
const TOPICS = Object.keys(messages.en).filter((k) => k.startsWith('topic.')).map((k) => k.slice(6));
interface QuestionShown { id: string; type: string; text?: Record<string, string> | string; choices?: { id: string }[] }

export function RuleEditor({ org, id }: { org: Org; id: string }) {
  const isNew = id === 'new';
  const surveys = useSurveys(org);
  const members = useMembers(org);
  const personas = useLoad(() => get('/api/v1/orgs/{org}/personas', { org: org.id }).then((r) => r.items ?? []).catch(() => []), [org.id]);
  const [form, setForm] = useState<RuleForm | null>(isNew ? blankRuleForm() : null);
  const loaded = useLoad(async () => {
    if (isNew) return null;
    const r = await get('/api/v1/orgs/{org}/alert-rules/{alert_rule}', { org: org.id, alert_rule: Number(id) });
    setForm(ruleToForm(r));
    return r;
  }, [org.id, id]);
  const surveyId = form?.survey_id ?? '';
  const survey = useLoad(() => (surveyId ? get('/api/v1/orgs/{org}/surveys/{survey}', { org: org.id, survey: Number(surveyId) }) : Promise.resolve(null)), [org.id, surveyId]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => { document.querySelector('.alert-rule-form .field-error')?.scrollIntoView({ block: 'center' }); }, [errors]);
  if (!form) return loaded.error ? <ErrorBox error={loaded.error} /> : <Spinner />;

  const questions = ((survey.data?.definition as { questions?: QuestionShown[] } | undefined)?.questions ?? []).filter((q) => q.type !== 'matrix');
  const set = (patch: Partial<RuleForm>) => setForm({ ...form, ...patch });
  const setCond = (i: number, patch: Partial<ConditionRow>) => set({ conditions: form.conditions.map((c, k) => (k === i ? { ...c, ...patch } : c)) });
  const err = (field: string, below = false) => errorAt(errors, field, below);
  const qType = (key: string) => questions.find((q) => q.id === key)?.type;
  const problem = (p: string) => (p === 'required' ? t('al.required') : t('al.notNumber'));
  // A field changed: keep the op if the new field allows it, else its first.
  const setKind = (i: number, kind: FieldKind) => {
    const ops = opsFor(kind);
    setCond(i, { kind, key: '', op: ops.includes(form.conditions[i].op) ? form.conditions[i].op : ops[0], value: '' });
  };
  const setQuestion = (i: number, key: string) => {
    const ops = opsFor('answer', qType(key));
    setCond(i, { key, op: ops.includes(form.conditions[i].op) ? form.conditions[i].op : ops[0] });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setOther(null);
    const local = checkRuleForm(form);
    if (Object.keys(local).length) { setErrors(Object.fromEntries(Object.entries(local).map(([k, p]) => [k, problem(p)]))); return; }
    setErrors({}); setSaving(true);
    try {
      const body = formToRule(form);
      if (isNew) await send('post', '/api/v1/orgs/{org}/alert-rules', { org: org.id }, body);
      else await send('put', '/api/v1/orgs/{org}/alert-rules/{alert_rule}', { org: org.id, alert_rule: Number(id) }, body);
      navigate(href(org.id, 'alerts', 'rules'));
    } catch (ex) {
      const { fields, other } = splitError(ex, (f) => FORM_FIELDS.some((p) => within(f, p)));
      setErrors(fields); setOther(other);
    } finally { setSaving(false); }
  };

  const valueInput = (c: ConditionRow, i: number) => {
    const name = `conditions[${i}].value`;
    const list = c.op === 'in' || c.op === 'not_in' || c.op === 'contains_any';
    if (c.op === 'answered') return <span class="muted small cond-novalue">{t('al.noValue')}</span>;
    if (c.kind === 'sentiment' && !list) {
      return <Select label={t('al.value')} name={name} value={c.value} error={err(name)} onChange={(v) => setCond(i, { value: v })}
                     options={[{ value: '', label: '—' }, ...SENTIMENTS.map((s) => ({ value: s, label: t(`sentiment.${s}`) }))]} />;
    }
    if (c.kind === 'persona' && !list && personas.data?.length) {
      return <Select label={t('al.value')} name={name} value={c.value} error={err(name)} onChange={(v) => setCond(i, { value: v })}
                     options={[{ value: '', label: '—' }, ...personas.data.map((p) => ({ value: String(p.id), label: p.name ?? String(p.id) }))]} />;
    }
    const listId = c.kind === 'topic' ? 'al-topics' : c.kind === 'sentiment' ? 'al-sentiments' : c.kind === 'language' ? 'al-languages'
      : c.kind === 'answer' && questions.find((q) => q.id === c.key)?.choices ? `al-choices-${i}` : undefined;
    return (
      <>
        <TextField label={t('al.value')} name={name} value={c.value} onInput={(v) => setCond(i, { value: v })} error={err(name)} list={listId}
                   dir={c.kind === 'comment' ? 'auto' : 'ltr'} help={list ? t('al.listHelp') : undefined} />
        {listId?.startsWith('al-choices-') && <datalist id={listId}>{questions.find((q) => q.id === c.key)?.choices?.map((ch) => <option value={ch.id} />)}</datalist>}
      </>
    );
  };

  return (
    <form class="rule-form alert-rule-form" data-testid="alert-rule-form" onSubmit={save} noValidate>
      <div class="page-head"><h2>{isNew ? t('al.newRule') : t('al.editRule')}</h2><a href={href(org.id, 'alerts', 'rules')}>{t('common.back')}</a></div>
      <Card>
        <div class="row">
          <div class="grow"><TextField label={t('al.ruleName')} name="name" value={form.name} onInput={(v) => set({ name: v })} required error={err('name')} /></div>
          <label class="inline switch-field"><span class="switch"><input type="checkbox" role="switch" name="enabled" checked={form.enabled} onChange={() => set({ enabled: !form.enabled })} /><span aria-hidden="true" /></span>
            {form.enabled ? t('al.on') : t('al.off')}</label>
        </div>
      </Card>

      <Card title={t('al.section.when')}>
        <div class="grid3">
          <Select<RuleForm['mode']> label={t('al.mode')} name="mode" value={form.mode} onChange={(v) => set({ mode: v })}
                  options={[{ value: 'responses', label: t('al.mode.responses') }, { value: 'watch', label: t('al.mode.watch') }]} />
          <Select label={t('filter.survey')} name="survey_id" value={form.survey_id} error={err('survey_id')} onChange={(v) => set({ survey_id: v })}
                  options={[{ value: '', label: form.mode === 'watch' ? '—' : t('al.anySurvey') }, ...(surveys.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))]} />
          {form.mode === 'responses' && <Select<'all' | 'any'> label={t('al.match')} name="match" value={form.match} error={err('match')} onChange={(v) => set({ match: v })}
                  options={[{ value: 'all', label: t('al.matchAll') }, { value: 'any', label: t('al.matchAny') }]} />}
        </div>
        {form.mode === 'watch' ? (
          <fieldset class="conditions-box" data-testid="alert-watch">
            <legend>{t('al.watch')}</legend>
            <div class="grid3">
              <Select<WatchForm['metric']> label={t('al.watchMetric')} name="watch.metric" value={form.watch.metric} error={err('watch.metric')}
                      onChange={(v) => set({ watch: { ...form.watch, metric: v } })} options={WATCH_METRICS.map((m) => ({ value: m, label: t(`al.metric.${m}`) }))} />
              <Select<WatchForm['by']> label={t('al.watchBy')} name="watch.by" value={form.watch.by} error={err('watch.by')}
                      onChange={(v) => set({ watch: { ...form.watch, by: v } })} options={WATCH_BY.map((b) => ({ value: b, label: t(b ? `al.by.${b}` : 'al.by.all') }))} />
              <TextField label={t('al.watchDays')} name="watch.days" dir="ltr" inputMode="numeric" value={form.watch.days} error={err('watch.days')}
                         onInput={(v) => set({ watch: { ...form.watch, days: v } })} />
              <TextField label={t('al.watchMinDrop')} name="watch.min_drop" dir="ltr" inputMode="decimal" value={form.watch.min_drop} error={err('watch.min_drop')}
                         help={t('al.watchMinDropHelp')} onInput={(v) => set({ watch: { ...form.watch, min_drop: v } })} />
            </div>
            <p class="muted small">{t('al.watchHelp')}</p>
            <FieldError message={err('watch')} field="watch" />
          </fieldset>
        ) : (
        <fieldset class="conditions-box" data-testid="alert-conditions">
          <legend>{t('al.conditions')}</legend>
          {form.conditions.map((c, i) => (
            <div class="cond-row" data-testid={'alert-condition-' + i}>
              <Select<FieldKind> label={t('al.field')} name={`conditions[${i}].kind`} value={c.kind} onChange={(v) => setKind(i, v)}
                      options={FIELD_KINDS.map((k) => ({ value: k, label: t(`al.field.${k}`) }))} />
              {c.kind === 'answer' && (questions.length ? (
                <Select label={t('al.question')} name={`conditions[${i}].field`} value={c.key} error={err(`conditions[${i}].field`)} onChange={(v) => setQuestion(i, v)}
                        options={[{ value: '', label: '—' }, ...questions.map((q) => ({ value: q.id, label: `${localized(typeof q.text === 'string' ? { en: q.text } : q.text, q.id)} (${q.id})` }))]} />
              ) : <TextField label={t('al.questionId')} name={`conditions[${i}].field`} dir="ltr" value={c.key} onInput={(v) => setCond(i, { key: v })} error={err(`conditions[${i}].field`)} />)}
              {c.kind === 'hidden' && <TextField label={t('al.hiddenName')} name={`conditions[${i}].field`} dir="ltr" value={c.key} onInput={(v) => setCond(i, { key: v })} error={err(`conditions[${i}].field`)} />}
              {c.kind !== 'answer' && c.kind !== 'hidden' && <FieldError message={err(`conditions[${i}].field`)} field={`conditions[${i}].field`} />}
              <Select<CondOp> label={t('al.op')} name={`conditions[${i}].op`} value={c.op} error={err(`conditions[${i}].op`)} onChange={(v) => setCond(i, { op: v })}
                      options={opsFor(c.kind, qType(c.key)).map((o) => ({ value: o, label: t(`al.op.${o}`) }))} />
              {valueInput(c, i)}
              <button type="button" class="icon" aria-label={t('al.removeCondition')} disabled={form.conditions.length <= 1}
                      onClick={() => set({ conditions: form.conditions.filter((_, k) => k !== i) })}>×</button>
              <FieldError message={err(`conditions[${i}]`)} field={`conditions[${i}]`} />
            </div>
          ))}
          <datalist id="al-topics">{TOPICS.map((x) => <option value={x} />)}</datalist>
          <datalist id="al-sentiments">{SENTIMENTS.map((x) => <option value={x} />)}</datalist>
          <datalist id="al-languages"><option value="fa" /><option value="en" /></datalist>
          <FieldError message={err('conditions')} field="conditions" />
          <button type="button" class="secondary small" data-testid="add-alert-condition" disabled={form.conditions.length >= 20}
                  onClick={() => set({ conditions: [...form.conditions, { kind: 'answer', key: '', op: '<=', value: '' }] })}>{t('al.addCondition')}</button>
        </fieldset>
        )}
      </Card>

      <Card title={t('al.section.then')}>
        <div class="grid3">
          <Select<Priority> label={t('al.priority')} name="priority" value={form.priority} error={err('priority')} onChange={(v) => set({ priority: v })}
                  options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
          <label class="inline"><input type="checkbox" name="open_case" checked={form.open_case} onChange={() => set({ open_case: !form.open_case })} />{t('al.openCase')}</label>
        </div>
        <div class="grid3">
          <MemberPicker label={t('al.tellMembers')} addLabel={t('al.addMember')} removeLabel={t('al.remove')} name="notify.users" members={members.data ?? []}
                        value={form.users} onChange={(users) => set({ users })} error={err('notify.users')} />
          <fieldset class={'role-picks' + (err('notify.roles') ? ' invalid' : '')}>
            <legend>{t('al.tellRoles')}</legend>
            {ROLES.map((r) => (
              <label class="inline"><input type="checkbox" name={'notify.roles.' + r} checked={form.roles.includes(r)}
                                           onChange={() => set({ roles: form.roles.includes(r) ? form.roles.filter((x) => x !== r) : [...form.roles, r] })} />{t(`al.role.${r}`)}</label>
            ))}
            <label class="inline"><input type="checkbox" name="notify.touchpoint_owner" checked={form.touchpoint_owner} onChange={() => set({ touchpoint_owner: !form.touchpoint_owner })} />{t('al.touchpointOwner')}</label>
            <FieldError message={err('notify.roles')} field="notify.roles" />
          </fieldset>
          <fieldset class={err('notify.channels') ? 'invalid' : ''}>
            <legend>{t('al.how')}</legend>
            <label class="inline"><input type="checkbox" name="notify.channels.in_app" checked={form.in_app} onChange={() => set({ in_app: !form.in_app })} />{t('al.channel.in_app')}</label>
            <label class="inline"><input type="checkbox" name="notify.channels.email" checked={form.email} onChange={() => set({ email: !form.email })} />{t('al.channel.email')}</label>
            <FieldError message={err('notify.channels') ?? err('notify')} field="notify.channels" />
          </fieldset>
        </div>
        <div class="grid3">
          <TextField label={t('al.dedupe')} name="dedupe_minutes" dir="ltr" inputMode="numeric" value={form.dedupe_minutes} onInput={(v) => set({ dedupe_minutes: v })}
                     help={t('al.dedupeHelp')} error={err('dedupe_minutes')} />
          <TextField label={t('al.cap')} name="max_per_hour" dir="ltr" inputMode="numeric" value={form.max_per_hour} onInput={(v) => set({ max_per_hour: v })}
                     help={t('al.capHelp')} error={err('max_per_hour')} />
        </div>
      </Card>

      <div class="form-actions">
        <button type="submit" disabled={saving} data-testid="save-alert-rule">{t('common.save')}</button>
        <a href={href(org.id, 'alerts', 'rules')}>{t('common.cancel')}</a>
        {Object.keys(errors).length > 0 && <span class="error" role="alert" data-testid="alert-rule-errors">{t('al.fixFields')}</span>}
      </div>
      <ErrorBox error={other} />
    </form>
  );
}
