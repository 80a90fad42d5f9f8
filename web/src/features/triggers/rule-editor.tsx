// One trigger rule as a form: touchpoint, channel, conditions on the interaction's facts,
// survey, delivery, delay, quiet hours, sampling, frequency cap, reminder, messages in Persian
// and English with their previews; the server's errors beside the fields they name.
import { useEffect, useState } from 'preact/hooks';
import { get, send } from '../../lib/api';
import { errorAt, splitError, within, type FieldErrors } from '../../lib/forms';
import { fmtNumber } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href, navigate } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Select, Spinner, TextField } from '../../ui/components';
import { useSurveys, type SurveySummary } from '../../ui/filters';
import { label, useCatalogue } from './catalogue';
import { t } from './messages';
import { smsParts } from './sms';
import {
  blankRuleForm, BUILT_IN_MESSAGES, checkRuleForm, DELAY_UNITS, DELIVERIES, FACT_OPS, fillMessage, formFieldOf,
  formToRule, hour, KNOWN_FACTS, MESSAGE_PLACEHOLDERS, ruleToForm, TEMPLATE_LANGS, type ConditionRow,
  type Delivery, type RuleForm, type TemplateLang,
} from './model';

// The API's fields the form shows beside an input (a server error naming another stays general).
const FORM_FIELDS = ['name', 'survey_id', 'touchpoint', 'channel', 'delivery', 'delay_s', 'sampling', 'frequency_cap_days', 'latest_call_only',
  'quiet_hours', 'reminder_after_hours', 'conditions', 'templates'];

export function RuleEditor({ org, id }: { org: Org; id: string }) {
  const l = localeOf(org, lang());
  const isNew = id === 'new';
  const surveys = useSurveys(org);
  const catalogue = useCatalogue(org);
  const channels = useLoad(() => (can(org, 'manage_channels') ? get('/api/v1/orgs/{org}/channel-settings', { org: org.id }) : Promise.resolve(null)), [org.id]);
  const [form, setForm] = useState<RuleForm | null>(isNew ? blankRuleForm() : null);
  const loaded = useLoad(async () => {
    if (isNew) return null;
    const r = await get('/api/v1/orgs/{org}/trigger-rules/{rule}', { org: org.id, rule: Number(id) });
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
      if (isNew) await send('post', '/api/v1/orgs/{org}/trigger-rules', { org: org.id }, body);
      else await send('put', '/api/v1/orgs/{org}/trigger-rules/{rule}', { org: org.id, rule: Number(id) }, body);
      navigate(href(org.id, 'triggers', 'rules'));
    } catch (ex) {
      const { fields, other } = splitError(ex, (f) => FORM_FIELDS.some((p) => within(f, p)));
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [formFieldOf(k), v])));
      setOther(other);
    } finally { setSaving(false); }
  };

  const touchpoints = catalogue.data?.touchpoints ?? [];
  const stages = catalogue.data?.stages ?? [];
  const channelOptions = [...new Set(touchpoints.map((x) => x.channel).filter(Boolean) as string[])];
  const orderedSurveys = [...(surveys.data ?? [])].sort((a, b) => Number(b.status === 'published') - Number(a.status === 'published'));
  const surveyLabel = (s: SurveySummary) => s.name + (s.status === 'published' ? '' : ' ' + t('tr.notPublished'));
  const chosenSurvey = surveys.data?.find((s) => String(s.id) === form.survey_id);
  const notSetUp = channels.data && (form.delivery === 'email' ? !channels.data.smtp : form.delivery === 'sms' ? !channels.data.sms_gateway : form.delivery === 'webhook' ? !channels.data.webhook_gateway : false);
  // Example values for the message previews: this touchpoint's name in the message's language.
  const tpChosen = touchpoints.find((x) => x.key === form.touchpoint);
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
                  options={[{ value: '', label: '—' }, ...stages.flatMap((s) => touchpoints.filter((x) => x.stage === s.key).map((x) => ({ value: x.key, label: `${label(s, s.key)} › ${label(x, x.key)}` }))),
                            ...touchpoints.filter((x) => !stages.some((s) => s.key === x.stage)).map((x) => ({ value: x.key, label: label(x, x.key) }))]} />
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
                      options={FACT_OPS.map((o) => ({ value: o, label: t(`op.${o}`) }))} error={err(`conditions[${i}].op`)} />
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
                  options={DELIVERIES.map((d) => ({ value: d, label: t(`delivery.${d}`) }))} />
          <div class="field-pair">
            <TextField label={t('tr.delay')} name="delay_s" dir="ltr" inputMode="decimal" value={form.delay} onInput={(v) => set({ delay: v })} error={err('delay_s')} help={t('tr.delayHelp')} />
            <Select label={t('tr.unit')} name="delay_unit" value={form.delayUnit} onChange={(v) => set({ delayUnit: v })}
                    options={DELAY_UNITS.map((u) => ({ value: u, label: t(`tr.unit.${u}`) }))} />
          </div>
        </div>
        {chosenSurvey && chosenSurvey.status !== 'published' && <p class="notice small">{t('tr.surveyNotPublished')}</p>}
        {notSetUp && <p class="notice small" data-testid="channel-not-set-up">{t('tr.channelNotSetUp', { channel: t(`delivery.${form.delivery}`) })}{' '}
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
          <label class="inline"><input type="checkbox" name="latest_call_only" checked={form.latest_call_only}
                                       onChange={() => set({ latest_call_only: !form.latest_call_only })} />{t('tr.latestCallOnly')}</label>
        </div>
      </Card>

      {form.delivery !== 'ivr' && (
        <Card title={t('tr.section.message')} testid="templates">
          <p class="muted small">{t('tr.templatesHelp')}</p>
          <ul class="placeholders">{MESSAGE_PLACEHOLDERS.map((p) => <li><code dir="ltr">{'{{' + p + '}}'}</code> {t(`tr.ph.${p}`)}</li>)}</ul>
          <FieldError message={err('templates')} field="templates" />
          <div class="two-equal">
            {TEMPLATE_LANGS.map((lg) => (
              <fieldset class="template" data-testid={'template-' + lg}>
                <legend>{t(`lang.${lg}`)}</legend>
                {form.delivery === 'email' && <TextField label={t('tr.subject')} name={`templates.${lg}.subject`} dir={lg === 'fa' ? 'rtl' : 'ltr'} value={form.templates[lg].subject}
                  onInput={(v) => setTpl(lg, { subject: v })} error={err(`templates.${lg}.subject`)} placeholder={BUILT_IN_MESSAGES[lg].subject} />}
                <TextField label={t('tr.body')} name={`templates.${lg}.body`} dir={lg === 'fa' ? 'rtl' : 'ltr'} multiline rows={6} value={form.templates[lg].body}
                  onInput={(v) => setTpl(lg, { body: v })} error={err(`templates.${lg}.body`)} placeholder={BUILT_IN_MESSAGES[lg].body} />
                <div class="message-preview" dir={lg === 'fa' ? 'rtl' : 'ltr'} data-testid={'preview-' + lg}>
                  <span class="muted small">{form.templates[lg].body.trim() ? t('tr.preview') : t('tr.previewBuiltIn')}</span>
                  {form.delivery === 'email' && <strong>{fillMessage(form.templates[lg].subject.trim() || BUILT_IN_MESSAGES[lg].subject, sampleValues(lg))}</strong>}
                  <p>{fillMessage(form.templates[lg].body.trim() ? form.templates[lg].body : BUILT_IN_MESSAGES[lg].body, sampleValues(lg))}</p>
                  {form.delivery === 'sms' && <SmsCost text={fillMessage(form.templates[lg].body.trim() ? form.templates[lg].body : BUILT_IN_MESSAGES[lg].body, sampleValues(lg))} testid={'sms-parts-' + lg} />}
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

// What the previewed SMS costs: its parts and how full the last one is.
function SmsCost({ text, testid }: { text: string; testid: string }) {
  const l = localeOf(undefined, lang());
  const p = smsParts(text);
  return (
    <span class={'small ' + (p.parts > 1 ? 'warn' : 'muted')} data-testid={testid} data-parts={p.parts}>
      {t('tr.smsParts', { parts: fmtNumber(p.parts, l), units: fmtNumber(p.units, l), max: fmtNumber(p.parts * p.perPart, l) })}
      {p.encoding === 'ucs2' ? ' · ' + t('tr.smsUnicode') : ''}
    </span>
  );
}

