// Triggered feedback: the rules that invite a contact right after an interaction (list with
// an on/off switch and each rule's last 30 days, and the rule as a form: touchpoint, channel,
// conditions on the interaction's facts, survey, delivery, delay, quiet hours, sampling,
// frequency cap, reminder, messages in Persian and English), the invitations (response rate
// sent → opened → started → completed by channel, rule or survey, and the invitations with
// their status, filters and paging, one in detail with its deliveries) and, for those who may,
// the channels invitations leave through.
import { useEffect, useState } from 'preact/hooks';
import { api, get, getAll, orgPath, query } from '../../lib/api';
import { Chart } from '../../lib/chart';
import { escapeHtml } from '../drivers/model';
import { useFilters, useSurveys, type SurveySummary } from '../../ui/filters';
import { errorAt, splitError, within, type FieldErrors } from '../../lib/forms';
import { fmtDate, fmtNumber, fmtPercent, PERIODS, type Locale } from '../../lib/format';
import { lang, t } from '../../lib/i18n';
import { href, navigate, setParams, useRoute } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import {
  blankRuleForm, BUILT_IN_MESSAGES, checkRuleForm, fillMessage, conditionText, delayParts, DELAY_UNITS, DELIVERIES, FACT_OPS, formFieldOf, formToRule,
  KNOWN_FACTS, MESSAGE_PLACEHOLDERS, ruleInput, ruleToForm, TEMPLATE_LANGS,
  type ConditionRow, type Delivery, type RuleForm, type TemplateLang, type TriggerRule,
} from './model';
import { Card, ErrorBox, FieldError, Select, Spinner, TextField, useLoad } from '../../ui/components';
import { Channels } from '../channels/channels';

type Named = { key: string; name?: Record<string, string> };
const label = (x: Named | undefined, key: string) => x?.name?.[lang()] || x?.name?.fa || x?.name?.en || key;

export const STATUSES = ['queued', 'sent', 'opened', 'started', 'completed', 'failed', 'suppressed'] as const;
const FUNNEL = ['invited', 'sent', 'opened', 'started', 'completed'] as const;
const FUNNEL_COLOURS: Record<string, string> = { sent: '#9aa9dd', opened: '#6c84d6', started: '#3451b2', completed: '#12805c' };

export default function Triggers({ org }: { org: Org }) {
  const route = useRoute();
  const tabs: [string, string][] = [['rules', t('tr.rules')], ['invitations', t('tr.invitations')],
    ...(can(org, 'manage_channels') ? [['channels', t('tr.channels')] as [string, string]] : [])];
  const tab = route.id ?? 'rules';
  return (
    <div>
      <div class="page-head"><h1>{t('tr.title')}</h1>
        <nav class="tabs">{tabs.map(([k, l]) => <a href={href(org.id, 'triggers', k)} class={tab === k ? 'active' : ''} data-testid={'tr-' + k}>{l}</a>)}</nav>
      </div>
      {tab === 'invitations' ? (route.tab ? <InvitationDetail org={org} id={route.tab} /> : <Invitations org={org} />)
        : tab === 'channels' && can(org, 'manage_channels') ? <Channels org={org} />
        : route.tab && can(org, 'manage_journeys') ? <RuleEditor key={route.tab} org={org} id={route.tab} /> : <Rules org={org} />}
    </div>
  );
}

// --- rules --------------------------------------------------------------------------------

function useCatalogue(org: Org) {
  return useLoad(async () => {
    const [touchpoints, stages] = await Promise.all([getAll<any>(orgPath(org.id, '/touchpoints')), getAll<any>(orgPath(org.id, '/journey-stages'))]);
    return { touchpoints, stages };
  }, [org.id]);
}

function hour(h: number, l: Locale) {
  return String(h).padStart(2, '0').replace(/\d/g, (d) => fmtNumber(Number(d), l)) + ':' + fmtNumber(0, l) + fmtNumber(0, l);
}

function delayText(seconds: number, l: Locale) {
  const d = delayParts(seconds);
  return d ? t(('tr.after.' + d.unit) as any, { n: fmtNumber(d.n, l, Number.isInteger(d.n) ? 0 : 1) }) : t('tr.immediately');
}

function Rules({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const may = can(org, 'manage_journeys');
  const rules = useLoad(() => get<{ items: TriggerRule[] }>(orgPath(org.id, '/trigger-rules')).then((r) => r.items), [org.id]);
  const surveys = useSurveys(org);
  const catalogue = useCatalogue(org);
  const rates = useLoad(() => get<any>(orgPath(org.id, '/response-rates?by=rule')).catch(() => null), [org.id]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const surveyName = (id: number) => surveys.data?.find((s) => s.id === id)?.name ?? '#' + id;
  const tp = (key: string) => label(catalogue.data?.touchpoints.find((x: any) => x.key === key), key);
  const rateOf = (id: number) => rates.data?.items?.find((r: any) => r.rule_id === id);
  const toggle = async (r: TriggerRule) => {
    setError(null); setBusy(r.id);
    try { await api('PUT', orgPath(org.id, `/trigger-rules/${r.id}`), { ...ruleInput(r), enabled: !r.enabled }); rules.reload(); } catch (e) { setError(e); }
    setBusy(null);
  };
  const remove = async (r: TriggerRule) => {
    if (!confirm(t('tr.deleteConfirm'))) return;
    setError(null);
    try { await api('DELETE', orgPath(org.id, `/trigger-rules/${r.id}`)); rules.reload(); } catch (e) { setError(e); }
  };
  return (
    <Card title={t('tr.rules')} testid="rules" actions={may && <a class="button primary" href={href(org.id, 'triggers', 'rules', 'new')} data-testid="new-rule">{t('tr.newRule')}</a>}>
      <p class="muted">{t('tr.rulesHelp')}</p>
      <ErrorBox error={error ?? rules.error} />
      {!rules.data ? <Spinner /> : rules.data.length === 0 ? <p class="empty" data-testid="rules-empty">{t('tr.noRules')}</p> : (
        <table class="table rules" data-testid="rule-list">
          <thead><tr><th>{t('tr.enabled')}</th><th>{t('tr.col.rule')}</th><th>{t('tr.col.when')}</th><th>{t('tr.col.invite')}</th><th>{t('tr.col.limits')}</th><th>{t('tr.col.last30')}</th>{may && <th />}</tr></thead>
          <tbody>{rules.data.map((r) => {
            const rate = rateOf(r.id);
            return (
              <tr data-testid="rule-row" class={r.enabled ? '' : 'off'}>
                <td><label class="switch" title={r.enabled ? t('tr.on') : t('tr.off')}>
                  <input type="checkbox" role="switch" checked={r.enabled} disabled={!may || busy === r.id} data-testid="rule-enabled"
                         aria-label={t('tr.enabledFor', { name: r.name })} onChange={() => toggle(r)} /><span aria-hidden="true" /></label></td>
                <td>{may ? <a href={href(org.id, 'triggers', 'rules', String(r.id))} dir="auto" data-testid="rule-name">{r.name}</a> : <span dir="auto" data-testid="rule-name">{r.name}</span>}
                  <div class="muted small" dir="auto">{surveyName(r.survey_id)}</div></td>
                <td><span dir="auto">{tp(r.touchpoint)}</span>{' · '}{r.channel ? <span dir="ltr">{r.channel}</span> : <span class="muted">{t('tr.anyChannel')}</span>}
                  {r.conditions.map((c) => <span class="chip" dir="ltr">{conditionText(c, (n) => fmtNumber(n, l, Number.isInteger(n) ? 0 : 2))}</span>)}</td>
                <td>{t(('delivery.' + r.delivery) as any)} · {delayText(r.delay_s, l)}
                  {r.quiet_hours && <div class="muted small">{t('tr.quietSummary', { start: hour(r.quiet_hours.start, l), end: hour(r.quiet_hours.end, l) })}</div>}
                  {r.reminder_after_hours > 0 && <div class="muted small">{t('tr.reminderSummary', { n: fmtNumber(r.reminder_after_hours, l) })}</div>}</td>
                <td>{t('tr.sampled', { p: fmtPercent(r.sampling, l, Number.isInteger(Number((r.sampling * 100).toFixed(6))) ? 0 : 1) })}
                  <div class="muted small">{r.frequency_cap_days ? t('tr.capDays', { n: fmtNumber(r.frequency_cap_days, l) }) : t('tr.noCap')}</div></td>
                <td>{rate ? <>
                  <a href={href(org.id, 'triggers', 'invitations', null, 'rule=' + r.id)}>{t('tr.invitedN', { n: fmtNumber(rate.invited, l) })}</a>
                  <div class="muted small">{rate.response_rate === null ? '—' : t('tr.responded', { p: fmtPercent(rate.response_rate, l, 0) })}</div></> : <span class="muted">—</span>}</td>
                {may && <td class="actions">
                  <a href={href(org.id, 'triggers', 'rules', String(r.id))} class="small">{t('tr.edit')}</a>
                  <button class="link danger small" onClick={() => remove(r)}>{t('common.delete')}</button></td>}
              </tr>
            );
          })}</tbody>
        </table>
      )}
    </Card>
  );
}

// The API's fields the form shows beside an input (a server error naming another stays general).
const FORM_FIELDS = ['name', 'survey_id', 'touchpoint', 'channel', 'delivery', 'delay_s', 'sampling', 'frequency_cap_days',
  'quiet_hours', 'reminder_after_hours', 'conditions', 'templates'];

function RuleEditor({ org, id }: { org: Org; id: string }) {
  const l = localeOf(org, lang());
  const isNew = id === 'new';
  const surveys = useSurveys(org);
  const catalogue = useCatalogue(org);
  const channels = useLoad(() => (can(org, 'manage_channels') ? get<any>(orgPath(org.id, '/channel-settings')) : Promise.resolve(null)), [org.id]);
  const [form, setForm] = useState<RuleForm | null>(isNew ? blankRuleForm() : null);
  const loaded = useLoad(async () => {
    if (isNew) return null;
    const r = await get<TriggerRule>(orgPath(org.id, `/trigger-rules/${id}`));
    setForm(ruleToForm(r));
    return r;
  }, [org.id, id]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  // The first complaint is brought into view (the form is long).
  useEffect(() => { document.querySelector('.rule-form .field-error')?.scrollIntoView({ block: 'center' }); }, [errors]);
  if (!form) return loaded.error ? <ErrorBox error={loaded.error} /> : <Spinner />;

  const set = (patch: Partial<RuleForm>) => setForm({ ...form, ...patch });
  const setCond = (i: number, patch: Partial<ConditionRow>) => set({ conditions: form.conditions.map((c, k) => (k === i ? { ...c, ...patch } : c)) });
  const setTpl = (lg: TemplateLang, patch: Partial<RuleForm['templates']['fa']>) => set({ templates: { ...form.templates, [lg]: { ...form.templates[lg], ...patch } } });
  const err = (field: string, below = false) => errorAt(errors, field, below);
  const problem = (p: string) => (p === 'required' ? t('tr.required') : t('tr.notNumber'));

  const save = async (e: Event) => {
    e.preventDefault();
    setOther(null);
    const local = checkRuleForm(form);
    if (Object.keys(local).length) {
      setErrors(Object.fromEntries(Object.entries(local).map(([k, p]) => [k, problem(p)])));
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const body = formToRule(form);
      if (isNew) await api('POST', orgPath(org.id, '/trigger-rules'), body);
      else await api('PUT', orgPath(org.id, `/trigger-rules/${id}`), body);
      navigate(href(org.id, 'triggers', 'rules'));
    } catch (ex) {
      const { fields, other } = splitError(ex, (f) => FORM_FIELDS.some((p) => within(f, p)));
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [formFieldOf(k), v])));
      setOther(other);
    } finally { setSaving(false); }
  };

  const touchpoints = catalogue.data?.touchpoints ?? [];
  const stages = catalogue.data?.stages ?? [];
  const channelOptions = [...new Set(touchpoints.map((x: any) => x.channel).filter(Boolean) as string[])];
  const orderedSurveys = [...(surveys.data ?? [])].sort((a, b) => Number(b.status === 'published') - Number(a.status === 'published'));
  const surveyLabel = (s: SurveySummary) => s.name + (s.status === 'published' ? '' : ' ' + t('tr.notPublished'));
  const chosenSurvey = surveys.data?.find((s) => String(s.id) === form.survey_id);
  const notSetUp = channels.data && (form.delivery === 'email' ? !channels.data.smtp : form.delivery === 'sms' ? !channels.data.sms_gateway : form.delivery === 'webhook' ? !channels.data.webhook_gateway : false);
  // Example values for the message previews: this touchpoint's name in the message's language.
  const tpChosen = touchpoints.find((x: any) => x.key === form.touchpoint);
  const sampleValues = (lg: TemplateLang) => ({
    // In Persian the address is isolated left to right, or its parts would run backwards.
    link: lg === 'fa' ? `\u2066${location.origin}/i/…\u2069` : `${location.origin}/i/…`, name: lg === 'fa' ? 'سارا' : 'Sara', agent: 'a-12',
    touchpoint: tpChosen?.name?.[lg] || form.touchpoint || t('filter.touchpoint'),
  });
  const hours = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hour(h, l) }));
  const anyErrors = Object.keys(errors).length > 0;
  return (
    <form class="rule-form" data-testid="rule-form" onSubmit={save} noValidate>
      <div class="page-head">
        <h2>{isNew ? t('tr.newRule') : t('tr.editRule')}</h2>
        <a href={href(org.id, 'triggers', 'rules')}>{t('common.back')}</a>
      </div>
      <Card>
        <div class="row">
          <TextField label={t('tr.ruleName')} name="name" value={form.name} onInput={(v) => set({ name: v })} required error={err('name')} />
          <label class="inline switch-field"><span class="switch"><input type="checkbox" role="switch" name="enabled" checked={form.enabled} onChange={() => set({ enabled: !form.enabled })} /><span aria-hidden="true" /></span>
            {form.enabled ? t('tr.on') : t('tr.off')}</label>
        </div>
      </Card>

      <Card title={t('tr.section.when')}>
        <div class="grid3">
          <Select label={t('tr.touchpoint')} name="touchpoint" value={form.touchpoint} error={err('touchpoint')} onChange={(v) => set({ touchpoint: v })}
                  options={[{ value: '', label: '—' }, ...stages.flatMap((s: any) => touchpoints.filter((x: any) => x.stage === s.key).map((x: any) => ({ value: x.key, label: `${label(s, s.key)} › ${label(x, x.key)}` }))),
                            ...touchpoints.filter((x: any) => !stages.some((s: any) => s.key === x.stage)).map((x: any) => ({ value: x.key, label: label(x, x.key) }))]} />
          <TextField label={t('tr.channel')} name="channel" dir="ltr" value={form.channel} onInput={(v) => set({ channel: v })} list="tr-channels"
                     placeholder={t('tr.anyChannel')} help={t('tr.channelHelp')} error={err('channel')} />
          <datalist id="tr-channels">{channelOptions.map((c) => <option value={c} />)}</datalist>
        </div>
        <fieldset class="conditions-box" data-testid="conditions">
          <legend>{t('tr.conditions')}</legend>
          {form.conditions.length === 0 && <p class="muted small">{t('tr.noConditions')}</p>}
          {form.conditions.map((c, i) => (
            <div class="cond-row" data-testid={'condition-' + i}>
              <TextField label={t('tr.fact')} name={`conditions[${i}].fact`} dir="ltr" list="tr-facts" value={c.fact} onInput={(v) => setCond(i, { fact: v })} error={err(`conditions[${i}].fact`)} />
              <Select label={t('tr.op')} name={`conditions[${i}].op`} value={c.op} onChange={(v) => setCond(i, { op: v })}
                      options={FACT_OPS.map((o) => ({ value: o, label: t(('op.' + o) as any) }))} error={err(`conditions[${i}].op`)} />
              <TextField label={t('tr.value')} name={`conditions[${i}].value`} dir="ltr" inputMode="decimal" value={c.value} onInput={(v) => setCond(i, { value: v })} error={err(`conditions[${i}].value`) ?? err(`conditions[${i}]`)} />
              <button type="button" class="icon" aria-label={t('builder.remove')} title={t('builder.remove')} onClick={() => set({ conditions: form.conditions.filter((_, k) => k !== i) })}>✕</button>
            </div>
          ))}
          <datalist id="tr-facts">{KNOWN_FACTS.map((f) => <option value={f} />)}</datalist>
          <FieldError message={err('conditions')} field="conditions" />
          <button type="button" class="secondary small" data-testid="add-condition" disabled={form.conditions.length >= 20}
                  onClick={() => set({ conditions: [...form.conditions, { fact: form.conditions.length ? '' : 'wait_s', op: 'gt', value: '' }] })}>{t('tr.addCondition')}</button>
        </fieldset>
      </Card>

      <Card title={t('tr.section.invite')}>
        <div class="grid3">
          <Select label={t('filter.survey')} name="survey_id" value={form.survey_id} error={err('survey_id')} onChange={(v) => set({ survey_id: v })}
                  options={[{ value: '', label: '—' }, ...orderedSurveys.map((s) => ({ value: String(s.id), label: surveyLabel(s) }))]} />
          <Select<Delivery> label={t('tr.delivery')} name="delivery" value={form.delivery} error={err('delivery')} onChange={(v) => set({ delivery: v })}
                  options={DELIVERIES.map((d) => ({ value: d, label: t(('delivery.' + d) as any) }))} />
          <div class="field-pair">
            <TextField label={t('tr.delay')} name="delay_s" dir="ltr" inputMode="decimal" value={form.delay} onInput={(v) => set({ delay: v })} error={err('delay_s')} help={t('tr.delayHelp')} />
            <Select label={t('tr.unit')} name="delay_unit" value={form.delayUnit} onChange={(v) => set({ delayUnit: v })}
                    options={DELAY_UNITS.map((u) => ({ value: u, label: t(('tr.unit.' + u) as any) }))} />
          </div>
        </div>
        {chosenSurvey && chosenSurvey.status !== 'published' && <p class="notice small">{t('tr.surveyNotPublished')}</p>}
        {notSetUp && <p class="notice small" data-testid="channel-not-set-up">{t('tr.channelNotSetUp', { channel: t(('delivery.' + form.delivery) as any) })}{' '}
          <a href={href(org.id, 'triggers', 'channels')}>{t('tr.channels')}</a></p>}
        {form.delivery === 'ivr' && <p class="muted small">{t('tr.ivrNote')}</p>}
        <div class="grid3">
          <fieldset class={'quiet' + (err('quiet_hours', true) ? ' invalid' : '')} data-testid="quiet-hours">
            <legend><label class="inline"><input type="checkbox" name="quiet" checked={form.quiet} onChange={() => set({ quiet: !form.quiet })} />{t('tr.quiet')}</label></legend>
            {form.quiet && <div class="row">
              <Select label={t('filter.from')} name="quiet_hours.start" value={form.quiet_start} onChange={(v) => set({ quiet_start: v })} options={hours} error={err('quiet_hours.start')} />
              <Select label={t('filter.to')} name="quiet_hours.end" value={form.quiet_end} onChange={(v) => set({ quiet_end: v })} options={hours} error={err('quiet_hours.end')} />
            </div>}
            <FieldError message={err('quiet_hours')} field="quiet_hours" />
            <small class="help">{t('tr.quietHelp', { zone: org.time_zone })}</small>
          </fieldset>
          {form.delivery !== 'ivr' && (
            <TextField label={t('tr.reminder')} name="reminder_after_hours" dir="ltr" inputMode="numeric" value={form.reminder_after_hours}
                       onInput={(v) => set({ reminder_after_hours: v })} help={t('tr.reminderHelp')} error={err('reminder_after_hours')} />
          )}
        </div>
      </Card>

      <Card title={t('tr.section.who')}>
        <div class="grid3">
          <TextField label={t('tr.sampling')} name="sampling" dir="ltr" inputMode="decimal" value={form.sampling} onInput={(v) => set({ sampling: v })}
                     help={t('tr.samplingHelp')} error={err('sampling')} />
          <TextField label={t('tr.cap')} name="frequency_cap_days" dir="ltr" inputMode="numeric" value={form.frequency_cap_days}
                     onInput={(v) => set({ frequency_cap_days: v })} help={t('tr.capHelp')} error={err('frequency_cap_days')} />
        </div>
      </Card>

      {form.delivery !== 'ivr' && (
        <Card title={t('tr.section.message')} testid="templates">
          <p class="muted small">{t('tr.templatesHelp')}</p>
          <ul class="placeholders">{MESSAGE_PLACEHOLDERS.map((p) => <li><code dir="ltr">{'{{' + p + '}}'}</code> {t(('tr.ph.' + p) as any)}</li>)}</ul>
          <FieldError message={err('templates')} field="templates" />
          <div class="two-equal">
            {TEMPLATE_LANGS.map((lg) => (
              <fieldset class="template" data-testid={'template-' + lg}>
                <legend>{t(('lang.' + lg) as any)}</legend>
                {form.delivery === 'email' && <TextField label={t('tr.subject')} name={`templates.${lg}.subject`} dir={lg === 'fa' ? 'rtl' : 'ltr'} value={form.templates[lg].subject}
                  onInput={(v) => setTpl(lg, { subject: v })} error={err(`templates.${lg}.subject`)} placeholder={BUILT_IN_MESSAGES[lg].subject} />}
                <TextField label={t('tr.body')} name={`templates.${lg}.body`} dir={lg === 'fa' ? 'rtl' : 'ltr'} multiline rows={6} value={form.templates[lg].body}
                  onInput={(v) => setTpl(lg, { body: v })} error={err(`templates.${lg}.body`)} placeholder={BUILT_IN_MESSAGES[lg].body} />
                <div class="message-preview" dir={lg === 'fa' ? 'rtl' : 'ltr'} data-testid={'preview-' + lg}>
                  <span class="muted small">{form.templates[lg].body.trim() ? t('tr.preview') : t('tr.previewBuiltIn')}</span>
                  {form.delivery === 'email' && <strong>{fillMessage(form.templates[lg].subject.trim() || BUILT_IN_MESSAGES[lg].subject, sampleValues(lg))}</strong>}
                  <p>{fillMessage(form.templates[lg].body.trim() ? form.templates[lg].body : BUILT_IN_MESSAGES[lg].body, sampleValues(lg))}</p>
                </div>
              </fieldset>
            ))}
          </div>
        </Card>
      )}

      <div class="form-actions">
        <button type="submit" disabled={saving} data-testid="save-rule">{t('common.save')}</button>
        <a href={href(org.id, 'triggers', 'rules')}>{t('common.cancel')}</a>
        {anyErrors && <span class="error" role="alert" data-testid="rule-form-errors">{t('tr.fixFields')}</span>}
      </div>
      <ErrorBox error={other} />
    </form>
  );
}

// --- invitations ----------------------------------------------------------------------------

function Invitations({ org }: { org: Org }) {
  return (
    <div>
      <ResponseRates org={org} />
      {can(org, 'read_contacts') && <InvitationList org={org} />}
    </div>
  );
}

type RateGroup = 'channel' | 'rule' | 'survey';

function ResponseRates({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const f = useFilters(org);
  const { params } = useRoute();
  const by = (params.get('by') as RateGroup) || 'channel';
  const data = useLoad(async () => {
    const [rates, rules, surveys] = await Promise.all([
      get<any>(orgPath(org.id, '/response-rates' + query({ by, from: f.range.from, to: f.range.to }))),
      by === 'rule' ? get<{ items: TriggerRule[] }>(orgPath(org.id, '/trigger-rules')).then((r) => r.items) : Promise.resolve([] as TriggerRule[]),
      by === 'survey' ? get<{ items: SurveySummary[] }>(orgPath(org.id, '/surveys?limit=200')).then((r) => r.items) : Promise.resolve([] as SurveySummary[]),
    ]);
    return { rates, rules, surveys };
  }, [org.id, by, f.range.from, f.range.to]);
  const d = data.data;
  const groupName = (g: any) => by === 'channel' ? t(('delivery.' + g.channel) as any)
    : by === 'rule' ? d!.rules.find((r) => r.id === g.rule_id)?.name ?? '#' + g.rule_id
    : d!.surveys.find((s) => s.id === g.survey_id)?.name ?? '#' + g.survey_id;
  const total = d?.rates.total;
  const items: any[] = d?.rates.items ?? [];
  const rateText = (g: any) => g.response_rate === null ? '—' : fmtPercent(g.response_rate, l, 1);
  return (
    <>
      <div class="filterbar">
        <Select label={t('filter.period')} name="period" value={f.period === 'custom' ? '30d' : f.period} onChange={(v) => setParams({ period: v === '90d' ? null : v })}
                options={PERIODS.map((p) => ({ value: p, label: t(('period.' + p) as any) }))} />
        <Select<RateGroup> label={t('inv.groupBy')} name="by" value={by} onChange={(v) => setParams({ by: v === 'channel' ? null : v })}
                options={(['channel', 'rule', 'survey'] as RateGroup[]).map((b) => ({ value: b, label: t(('inv.by.' + b) as any) }))} />
      </div>
      <ErrorBox error={data.error} />
      {!d ? <Spinner /> : (
        <Card title={t('inv.rates')} testid="response-rates">
          <ol class="funnel" data-testid="funnel">
            {FUNNEL.map((s, i) => (
              <li class={'step s-' + s}>
                <span class="label">{t(('inv.status.' + s) as any)}</span>
                <strong class="n">{fmtNumber(total[s], l)}</strong>
                {i > 1 && <span class="muted small">{total.sent ? t('inv.ofSent', { p: fmtPercent(total[s] / total.sent, l, 0) }) : '—'}</span>}
              </li>
            ))}
          </ol>
          <p data-testid="response-rate">
            {total.response_rate === null ? <span class="muted">{t('inv.noneSent')}</span> : <>
              <strong>{t('inv.rateLine', { rate: rateText(total) })}</strong>{' '}
              <span class="muted">{t('inv.interval', { low: fmtPercent(total.ci_low, l, 1), high: fmtPercent(total.ci_high, l, 1) })}</span></>}
            {total.failed + total.suppressed > 0 && <span class="muted"> · {t('inv.failedSuppressed', { failed: fmtNumber(total.failed, l), suppressed: fmtNumber(total.suppressed, l) })}</span>}
          </p>
          {total.response_rate !== null && !total.enough && <p class="not-enough small">{t('inv.notEnough')}</p>}
          {items.length === 0 ? <p class="muted">{t('inv.none')}</p> : (
            <div class="two-col">
              <Chart testid="rates-chart" label={t('inv.rates')} height={Math.max(220, 60 + items.length * 40)} option={{
                animation: false,
                grid: { left: 48, right: 16, top: 36, bottom: 32, containLabel: true }, legend: { top: 0 },
                // ECharts tooltips are HTML: names (rules and surveys are typed by people) are escaped.
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (ps: any[]) => `${escapeHtml(String(ps[0]?.name ?? ''))}<br/>` +
                  ps.map((p) => `${p.marker}${escapeHtml(p.seriesName)}: ${fmtNumber(p.value, l)}`).join('<br/>') },
                xAxis: { type: 'category', data: items.map(groupName), axisLabel: { interval: 0, overflow: 'truncate', width: 120 } },
                yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmtNumber(v, l) } },
                series: (['sent', 'opened', 'started', 'completed'] as const).map((s) => ({
                  type: 'bar', name: t(('inv.status.' + s) as any), data: items.map((g) => g[s]), itemStyle: { color: FUNNEL_COLOURS[s] },
                })),
              }} />
              <table class="table" data-testid="rates-table">
                <thead><tr><th>{t(('inv.by.' + by) as any)}</th><th class="num">{t('inv.status.sent')}</th><th class="num">{t('inv.status.completed')}</th><th class="num">{t('inv.rates')}</th></tr></thead>
                <tbody>{items.map((g) => (
                  <tr><td dir="auto">{groupName(g)}</td><td class="num">{fmtNumber(g.sent, l)}</td><td class="num">{fmtNumber(g.completed, l)}</td>
                    <td class="num" title={g.response_rate === null ? '' : t('inv.interval', { low: fmtPercent(g.ci_low, l, 1), high: fmtPercent(g.ci_high, l, 1) })}>
                      {rateText(g)}{g.response_rate !== null && !g.enough && <span class="muted"> *</span>}</td></tr>
                ))}</tbody>
              </table>
            </div>
          )}
        </Card>
      )}
    </>
  );
}

function StatusBadge({ status }: { status: string }) {
  return <span class={'badge st-' + status} data-testid="invitation-status">{t(('inv.status.' + status) as any)}</span>;
}

function InvitationList({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const { params } = useRoute();
  const filters = { status: params.get('status') ?? '', rule: params.get('rule') ?? '', survey: params.get('survey') ?? '' };
  const rules = useLoad(() => get<{ items: TriggerRule[] }>(orgPath(org.id, '/trigger-rules')).then((r) => r.items), [org.id]);
  const surveys = useSurveys(org);
  const catalogue = useCatalogue(org);
  const tp = (key: string) => label(catalogue.data?.touchpoints.find((x: any) => x.key === key), key);
  const [more, setMore] = useState<{ items: any[]; next: string | null } | null>(null);
  const list = useLoad(() => { setMore(null); return get<any>(orgPath(org.id, '/invitations' + query({ ...filters, limit: 50 }))); }, [org.id, filters.status, filters.rule, filters.survey]);
  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : list.data?.next_cursor ?? null;
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ruleName = (id: number) => rules.data?.find((r) => r.id === id)?.name ?? '#' + id;
  const surveyName = (id: number) => surveys.data?.find((s) => s.id === id)?.name ?? '#' + id;
  return (
    <Card title={t('inv.list')} testid="invitations">
      <div class="row filters-inline">
        <Select label={t('common.status')} name="status" value={filters.status} onChange={(v) => setParams({ status: v })}
                options={[{ value: '', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: t(('inv.status.' + s) as any) }))]} />
        <Select label={t('inv.by.rule')} name="rule" value={filters.rule} onChange={(v) => setParams({ rule: v })}
                options={[{ value: '', label: t('common.all') }, ...(rules.data ?? []).map((r) => ({ value: String(r.id), label: r.name }))]} />
        <Select label={t('filter.survey')} name="survey" value={filters.survey} onChange={(v) => setParams({ survey: v })}
                options={[{ value: '', label: t('common.all') }, ...(surveys.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))]} />
        {list.data && <span class="muted">{t('inv.shown', { n: fmtNumber(items.length, l) })}{next ? '+' : ''}</span>}
      </div>
      <ErrorBox error={list.error ?? error} />
      {!list.data ? <Spinner /> : items.length === 0 ? <p class="muted" data-testid="invitations-empty">{t('inv.empty')}</p> : (
        <div class="scroll-x">
          <table class="table" data-testid="invitation-list">
            <thead><tr><th>{t('common.created')}</th><th>{t('common.status')}</th><th>{t('tr.delivery')}</th><th>{t('inv.address')}</th>
              <th>{t('filter.touchpoint')}</th><th>{t('resp.contact')}</th><th>{t('inv.by.rule')}</th><th>{t('filter.survey')}</th><th class="num">{t('inv.attempts')}</th><th>{t('inv.lastError')}</th></tr></thead>
            <tbody>{items.map((i) => (
              <tr class="clickable" data-testid="invitation-row" onClick={() => navigate(href(org.id, 'triggers', 'invitations', String(i.id)))}>
                <td><a href={href(org.id, 'triggers', 'invitations', String(i.id))}>{fmtDate(i.created_at, l, true)}</a></td>
                <td><StatusBadge status={i.status} /></td>
                <td>{t(('delivery.' + i.channel) as any)}</td>
                <td dir="ltr" class="ellipsis">{i.address || '—'}</td>
                <td dir="auto">{tp(i.touchpoint)}</td>
                <td><a href={href(org.id, 'journeys', 'contacts', String(i.contact_id))} onClick={(e) => e.stopPropagation()}>#{fmtNumber(i.contact_id, l)}</a></td>
                <td dir="auto">{ruleName(i.rule_id)}</td>
                <td dir="auto">{surveyName(i.survey_id)}</td>
                <td class="num">{fmtNumber(i.attempts, l)}</td>
                <td class="muted small ellipsis" dir="auto" title={i.last_error}>{i.last_error}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
      {next && <button class="secondary" disabled={loadingMore} data-testid="invitations-more" onClick={async () => {
        setLoadingMore(true);
        try {
          const page = await get<any>(orgPath(org.id, '/invitations' + query({ ...filters, limit: 50, cursor: next })));
          setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next_cursor });
        } catch (e) { setError(e); }
        setLoadingMore(false);
      }}>{t('common.more')}</button>}
    </Card>
  );
}

function InvitationDetail({ org, id }: { org: Org; id: string }) {
  const l = localeOf(org, lang());
  const data = useLoad(async () => {
    const inv = await get<any>(orgPath(org.id, `/invitations/${id}`));
    const rule = await get<TriggerRule>(orgPath(org.id, `/trigger-rules/${inv.rule_id}`)).catch(() => null);
    const survey = await get<any>(orgPath(org.id, `/surveys/${inv.survey_id}`)).catch(() => null);
    const touchpoint = (await getAll<any>(orgPath(org.id, '/touchpoints')).catch(() => [])).find((x: any) => x.key === inv.touchpoint);
    return { inv, rule, survey, touchpoint };
  }, [org.id, id]);
  if (!data.data) return data.error ? <ErrorBox error={data.error} /> : <Spinner />;
  const { inv, rule, survey, touchpoint } = data.data;
  const steps: [string, string | null][] = [['inv.status.queued', inv.created_at], ['inv.status.sent', inv.sent_at], ['inv.reminderSent', inv.reminder_sent_at],
    ['inv.status.opened', inv.opened_at], ['inv.status.started', inv.started_at], ['inv.status.completed', inv.completed_at], ['inv.status.failed', inv.failed_at]];
  return (
    <div data-testid="invitation-detail">
      <div class="page-head"><h2>{t('inv.detail', { id: fmtNumber(inv.id, l) })}</h2><StatusBadge status={inv.status} />
        <a href={href(org.id, 'triggers', 'invitations')}>{t('common.back')}</a></div>
      <div class="two-col">
        <Card title={t('inv.history')}>
          <ol class="timeline">
            {steps.filter(([, at]) => at).map(([k, at]) => <li class={k === 'inv.status.failed' ? 'failed' : k === 'inv.status.completed' ? 'response' : ''}><time>{fmtDate(at!, l, true)}</time><span>{t(k as any)}</span></li>)}
            {inv.status === 'queued' && <li class="pending"><time>{fmtDate(inv.next_attempt_at ?? inv.due_at, l, true)}</time><span>{t('inv.due')}</span></li>}
          </ol>
          {inv.last_error && <p class={inv.status === 'suppressed' || inv.status === 'failed' ? 'error' : 'muted'} dir="auto">{t('inv.lastError')}: {inv.last_error}</p>}
          <h3>{t('inv.deliveries')}</h3>
          {inv.deliveries?.length ? (
            <table class="table" data-testid="deliveries">
              <thead><tr><th>{t('inv.kind')}</th><th>{t('common.status')}</th><th class="num">{t('inv.attempts')}</th><th>{t('resp.when')}</th><th>{t('inv.lastError')}</th></tr></thead>
              <tbody>{inv.deliveries.map((d: any) => (
                <tr><td>{t(('inv.kind.' + d.kind) as any)}</td><td>{t(('inv.delivery.' + d.status) as any)}</td><td class="num">{fmtNumber(d.attempts, l)}</td>
                  <td>{fmtDate(d.done_at ?? d.due_at, l, true)}</td><td class="muted small" dir="auto">{d.last_error}</td></tr>
              ))}</tbody>
            </table>
          ) : <p class="muted">—</p>}
        </Card>
        <Card title={t('resp.meta')}>
          <dl class="meta">
            <dt>{t('inv.by.rule')}</dt><dd dir="auto">{rule ? <a href={href(org.id, 'triggers', 'rules', String(rule.id))}>{rule.name}</a> : '#' + inv.rule_id}</dd>
            <dt>{t('filter.survey')}</dt><dd dir="auto">{survey ? <a href={href(org.id, 'surveys', survey.id)}>{survey.name}</a> : '#' + inv.survey_id}</dd>
            <dt>{t('tr.delivery')}</dt><dd>{t(('delivery.' + inv.channel) as any)}</dd>
            <dt>{t('inv.address')}</dt><dd dir="ltr">{inv.address || '—'}</dd>
            <dt>{t('resp.contact')}</dt><dd><a href={href(org.id, 'journeys', 'contacts', String(inv.contact_id))}>#{fmtNumber(inv.contact_id, l)}</a></dd>
            <dt>{t('filter.touchpoint')}</dt><dd dir="auto">{label(touchpoint, inv.touchpoint)}{inv.interaction_channel ? ' · ' + inv.interaction_channel : ''}</dd>
            <dt>{t('filter.agent')}</dt><dd dir="auto">{inv.agent || '—'}</dd>
            <dt>{t('inv.attempts')}</dt><dd>{fmtNumber(inv.attempts, l)}</dd>
            {inv.response_id && can(org, 'read_responses') && <><dt>{t('nav.responses')}</dt><dd><a href={href(org.id, 'responses', inv.response_id)}>{t('resp.detail', { id: fmtNumber(inv.response_id, l) })}</a></dd></>}
          </dl>
        </Card>
      </div>
    </div>
  );
}
