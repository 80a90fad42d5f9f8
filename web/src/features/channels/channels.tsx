// The channels invitations leave through (owners and admins): the organisation's SMTP server
// (the password is write-only: never shown, kept unless typed again or removed) and the SMS
// and webhook gateways' HTTP request templates. Each part saves on its own, with the server's
// errors beside the field they name.
import { useState } from 'preact/hooks';
import { get, send, type Schemas } from '../../lib/api';
import { fmtDate } from '../../lib/format';
import { errorAt, splitError, within, type FieldErrors } from '../../lib/forms';
import { lang } from '../../lib/i18n';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Select, Spinner, TextField } from '../../ui/components';
import { t } from './messages';
import {
  GATEWAY_PARTS, GATEWAY_PLACEHOLDERS, gatewayFromForm, gatewayToForm, isAlwaysSecret, METHODS, sampleGateway, smtpFromForm, smtpToForm, TLS_MODES,
  type ChannelSettings, type GatewayForm, type GatewayPart, type GatewayPut, type SmtpForm, type SmtpPut,
} from './model';

export function Channels({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const [saved, setSaved] = useState<ChannelSettings | null>(null);
  const data = useLoad(() => get('/api/v1/orgs/{org}/channel-settings', { org: org.id }), [org.id]);
  const s = saved ?? data.data;
  if (!s) return data.error ? <ErrorBox error={data.error} /> : <Spinner />;
  return (
    <div data-testid="channels">
      <p class="muted">{t('ch.help')}{s.updated_at && <> · {t('ch.updated', { time: fmtDate(s.updated_at, l, true) })}</>}</p>
      <Smtp org={org} settings={s} onSaved={setSaved} />
      {GATEWAY_PARTS.map((p) => <Gateway key={p} org={org} part={p} settings={s} onSaved={setSaved} />)}
      <p class="muted small">{t('ch.templatesNote')}</p>
    </div>
  );
}

// Saves `body` (one part of the settings) and sorts the server's error: beside a field of
// `part`, or general.
type Update = Schemas['ChannelSettingsUpdate'];

function useSave<K extends keyof Update>(org: Org, part: K, onSaved: (s: ChannelSettings) => void) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<unknown>(null);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const save = async (body: Update[K]) => {
    setErrors({}); setOther(null); setState('saving');
    try {
      const update: Update = {};
      update[part] = body;
      const saved = await send('put', '/api/v1/orgs/{org}/channel-settings', { org: org.id }, update);
      setState('saved');
      onSaved(saved);
      return saved;
    } catch (e) {
      const { fields, other } = splitError(e, (f) => within(f, part) && f !== part);
      setErrors(fields); setOther(other); setState('idle');
      return null;
    }
  };
  return { errors, other, state, save, err: (field: string, below = false) => errorAt(errors, `${part}.${field}`, below) };
}

function Smtp({ org, settings, onSaved }: { org: Org; settings: ChannelSettings; onSaved: (s: ChannelSettings) => void }) {
  const [form, setForm] = useState<SmtpForm>(smtpToForm(settings.smtp));
  // What the server keeps is shown again; the typed password is forgotten at once.
  const { other, state, save: put, err } = useSave(org, 'smtp', onSaved);
  const save = async (body: SmtpPut | null) => { const s = await put(body); if (s) setForm(smtpToForm(s.smtp)); };
  const set = (patch: Partial<SmtpForm>) => setForm({ ...form, ...patch });
  return (
    <Card title={t('ch.smtp')} testid="smtp" actions={settings.smtp ? <span class="badge published">{t('ch.setUp')}</span> : <span class="badge">{t('ch.notSetUp')}</span>}>
      <form onSubmit={(e) => { e.preventDefault(); save(smtpFromForm(form)); }} autocomplete="off">
        <div class="grid3">
          <TextField label={t('ch.host')} name="smtp.host" dir="ltr" value={form.host} onInput={(v) => set({ host: v })} placeholder="smtp.example.com" error={err('host')} />
          <TextField label={t('ch.port')} name="smtp.port" dir="ltr" inputMode="numeric" value={form.port} onInput={(v) => set({ port: v })} error={err('port')} />
          <Select label={t('ch.tls')} name="smtp.tls" value={form.tls} onChange={(v) => set({ tls: v })} error={err('tls')}
                  options={TLS_MODES.map((m) => ({ value: m, label: t(`ch.tls.${m}`) }))} />
          <TextField label={t('ch.user')} name="smtp.user" dir="ltr" autocomplete="off" value={form.user} onInput={(v) => set({ user: v })} error={err('user')} />
          <div class="field-stack">
            <TextField label={t('ch.password')} name="smtp.password" type="password" dir="ltr" autocomplete="new-password" value={form.password}
                       onInput={(v) => set({ password: v, clearPassword: false })} error={err('password')}
                       placeholder={form.password_set && !form.clearPassword ? '••••••••' : ''}
                       help={form.password_set ? (form.clearPassword ? t('ch.passwordWillClear') : t('ch.passwordSet')) : t('ch.passwordNone')} />
            {form.password_set && !form.password && (
              <label class="inline small"><input type="checkbox" name="smtp.clear_password" checked={form.clearPassword} onChange={() => set({ clearPassword: !form.clearPassword })} />{t('ch.clearPassword')}</label>
            )}
          </div>
          <TextField label={t('ch.fromAddress')} name="smtp.from_address" type="email" dir="ltr" value={form.from_address} onInput={(v) => set({ from_address: v })} placeholder="feedback@example.com" error={err('from_address')} />
          <TextField label={t('ch.fromName')} name="smtp.from_name" value={form.from_name} onInput={(v) => set({ from_name: v })} error={err('from_name')} />
        </div>
        <div class="form-actions">
          <button type="submit" disabled={state === 'saving'} data-testid="smtp-save">{t('common.save')}</button>
          {settings.smtp && <button type="button" class="link danger" onClick={() => confirm(t('ch.removeConfirm')) && save(null)}>{t('ch.remove')}</button>}
          {state === 'saved' && <span class="ok" data-testid="smtp-saved">{t('common.saved')}</span>}
        </div>
        <ErrorBox error={other} />
      </form>
    </Card>
  );
}

function Gateway({ org, part, settings, onSaved }: { org: Org; part: GatewayPart; settings: ChannelSettings; onSaved: (s: ChannelSettings) => void }) {
  const current = settings[part];
  const [form, setForm] = useState<GatewayForm>(gatewayToForm(current));
  const { other, state, save: put, err } = useSave(org, part, onSaved);
  const save = async (body: GatewayPut | null) => { const s = await put(body); if (s) setForm(gatewayToForm(s[part])); };
  const set = (patch: Partial<GatewayForm>) => setForm({ ...form, ...patch });
  const setHeader = (i: number, patch: Partial<GatewayForm['headers'][number]>) => set({ headers: form.headers.map((h, k) => (k === i ? { ...h, ...patch } : h)) });
  const name = part === 'sms_gateway' ? 'sms' : 'webhook';
  return (
    <Card title={t(`ch.${name}`)} testid={part} actions={current ? <span class="badge published">{t('ch.setUp')}</span> : <span class="badge">{t('ch.notSetUp')}</span>}>
      <p class="muted small">{t(`ch.${name}Help`)}</p>
      <form onSubmit={(e) => { e.preventDefault(); save(gatewayFromForm(form)); }}>
        <div class="row">
          <Select label={t('ch.method')} name={`${part}.method`} value={form.method} onChange={(v) => set({ method: v })} error={err('method')}
                  options={METHODS.map((m) => ({ value: m, label: m }))} />
          <div class="grow">
            <TextField label={t('ch.url')} name={`${part}.url`} dir="ltr" value={form.url} onInput={(v) => set({ url: v })} placeholder="https://" error={err('url')} />
          </div>
        </div>
        <fieldset class="headers" data-testid={part + '-headers'}>
          <legend>{t('ch.headers')}</legend>
          {form.headers.map((h, i) => {
            const secret = !!h.secret || isAlwaysSecret(h.name);
            return (
              <div class={'cond-row' + (h.remove ? ' removed' : '')} data-testid={`${part}-header-${i}`}>
                <input aria-label={t('ch.headerName')} placeholder={t('ch.headerName')} dir="ltr" name={`${part}.headers[${i}].name`} value={h.name}
                       readOnly={h.stored} onInput={(e) => setHeader(i, { name: (e.target as HTMLInputElement).value })} />
                <input aria-label={t('ch.headerValue')} dir="ltr" class="grow" name={`${part}.headers[${i}].value`} value={h.value}
                       type={secret ? 'password' : 'text'} autocomplete="off" disabled={h.remove}
                       placeholder={h.stored ? t('ch.secretStored') : t('ch.headerValue')}
                       onInput={(e) => setHeader(i, { value: (e.target as HTMLInputElement).value })} />
                <label class="check small" title={t('ch.secretHelp')}>
                  <input type="checkbox" name={`${part}.headers[${i}].secret`} checked={secret} disabled={h.stored || isAlwaysSecret(h.name)}
                         onChange={(e) => setHeader(i, { secret: (e.target as HTMLInputElement).checked })} />
                  {t('ch.secret')}
                </label>
                {h.stored
                  ? <button type="button" class="icon" aria-label={t('builder.remove')} title={t('builder.remove')} onClick={() => setHeader(i, { remove: !h.remove, value: '' })}>{h.remove ? '↺' : '✕'}</button>
                  : <button type="button" class="icon" aria-label={t('builder.remove')} title={t('builder.remove')} onClick={() => set({ headers: form.headers.filter((_, k) => k !== i) })}>✕</button>}
              </div>
            );
          })}
          <p class="muted small">{t('ch.secretHelp')}</p>
          <FieldError message={err('headers', true)} field={part + '.headers'} />
          <button type="button" class="secondary small" onClick={() => set({ headers: [...form.headers, { name: '', value: '' }] })}>{t('ch.addHeader')}</button>
        </fieldset>
        <TextField label={t('ch.bodyTemplate')} name={`${part}.body`} dir="ltr" multiline rows={4} value={form.body} onInput={(v) => set({ body: v })} error={err('body')} />
        <TextField label={t('ch.successCodes')} name={`${part}.success_codes`} dir="ltr" value={form.success_codes} onInput={(v) => set({ success_codes: v })}
                   help={t('ch.successHelp')} error={err('success_codes')} />
        <details class="placeholders-box"><summary>{t('ch.placeholders')}</summary>
          <ul class="placeholders">{GATEWAY_PLACEHOLDERS.map((p) => <li><code dir="ltr">{'{{' + p + '}}'}</code> {t(`ch.ph.${p}`)}</li>)}</ul>
          <p class="muted small">{t('ch.escaping')} {t('ch.idempotency', { ph: '{{token}}' })}</p>
        </details>
        <div class="form-actions">
          <button type="submit" disabled={state === 'saving'} data-testid={part + '-save'}>{t('common.save')}</button>
          {!current && !form.url && <button type="button" class="secondary" onClick={() => setForm(sampleGateway(part))}>{t('ch.example')}</button>}
          {current && <button type="button" class="link danger" onClick={() => confirm(t('ch.removeConfirm')) && save(null)}>{t('ch.remove')}</button>}
          {state === 'saved' && <span class="ok">{t('common.saved')}</span>}
        </div>
        <ErrorBox error={other} />
      </form>
    </Card>
  );
}
