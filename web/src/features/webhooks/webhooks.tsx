// Webhooks for integrators (owners and admins): the organisation's endpoints with the events
// they receive; a new endpoint's secret shown once with a copy button (and again only after a
// rotation); each endpoint's delivery log with replays and a test event. The server's errors
// land beside the field they name.
import { useState } from 'preact/hooks';
import { get, send } from '../../lib/api';
import { fmtDate, fmtNumber } from '../../lib/format';
import { errorAt, splitError, type FieldErrors } from '../../lib/forms';
import { lang } from '../../lib/i18n';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, CopyButton, ErrorBox, FieldError, Select, Spinner, TextField } from '../../ui/components';
import { t } from './messages';
import {
  bodyOf, emptyForm, EVENT_TYPES, formOf, outcomeClass, patchOf, replayable, toggleEvent,
  type Delivery, type Endpoint, type EndpointForm, type EventType,
} from './model';

export default function Webhooks({ org }: { org: Org }) {
  const list = useLoad(() => get('/api/v1/orgs/{org}/webhooks', { org: org.id }), [org.id]);
  const [secret, setSecret] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  if (!list.data) return list.error ? <ErrorBox error={list.error} /> : <Spinner />;
  const shown = (s: string) => { setSecret(s); list.reload(); };
  return (
    <div data-testid="webhooks">
      <p class="muted">{t('wh.help')} {t('wh.retries')}</p>
      {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
      {creating
        ? <EndpointEditor org={org} onDone={(s) => { setCreating(false); if (s) shown(s); }} />
        : <button data-testid="webhook-new" onClick={() => setCreating(true)}>{t('wh.new')}</button>}
      {!list.data.items.length && !creating && <p class="muted" data-testid="webhooks-empty">{t('wh.none')}</p>}
      {list.data.items.map((e) => <EndpointCard key={e.id} org={org} endpoint={e} onChanged={list.reload} onSecret={shown} />)}
    </div>
  );
}

function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <Card class="secret-once" testid="webhook-secret">
      <p>{t('wh.secretOnce')}</p>
      <p class="row"><code dir="ltr" class="grow" data-testid="webhook-secret-value">{secret}</code> <CopyButton text={secret} testid="webhook-secret-copy" /></p>
      <button class="secondary" onClick={onDone}>{t('wh.secretDone')}</button>
    </Card>
  );
}

// Creates an endpoint (`endpoint` unset: the secret goes to onDone) or changes one.
function EndpointEditor({ org, endpoint, onDone }: { org: Org; endpoint?: Endpoint; onDone: (secret?: string) => void }) {
  const [form, setForm] = useState<EndpointForm>(endpoint ? formOf(endpoint) : emptyForm());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shows = (f: string) => f === 'url' || f === 'description' || f === 'events' || f.startsWith('events[');
  const save = async () => {
    setErrors({}); setOther(null); setBusy(true);
    try {
      if (!endpoint) {
        const made = await send('post', '/api/v1/orgs/{org}/webhooks', { org: org.id }, bodyOf(form));
        onDone(made.secret);
      } else {
        const patch = patchOf(endpoint, form);
        if (patch) await send('patch', '/api/v1/orgs/{org}/webhooks/{webhook}', { org: org.id, webhook: endpoint.id }, patch);
        onDone();
      }
    } catch (e) {
      const { fields, other } = splitError(e, shows);
      setErrors(fields); setOther(other);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={endpoint ? endpoint.url : t('wh.new')} testid="webhook-editor">
      <form onSubmit={(e) => { e.preventDefault(); save(); }}>
        <TextField label={t('wh.url')} name="url" dir="ltr" value={form.url} placeholder="https://" onInput={(v) => setForm({ ...form, url: v })} error={errorAt(errors, 'url')} />
        <TextField label={t('wh.description')} name="description" value={form.description} onInput={(v) => setForm({ ...form, description: v })} error={errorAt(errors, 'description')} />
        <fieldset data-testid="webhook-events">
          <legend>{t('wh.events')}</legend>
          {EVENT_TYPES.map((ev) => (
            <label class="check">
              <input type="checkbox" name={'event-' + ev} checked={form.events.includes(ev)} onChange={() => setForm({ ...form, events: toggleEvent(form.events, ev) })} />
              <code dir="ltr">{ev}</code> {t(`wh.ev.${ev}`)}
            </label>
          ))}
          <FieldError message={errorAt(errors, 'events', true)} field="events" />
        </fieldset>
        <div class="form-actions">
          <button type="submit" disabled={busy} data-testid="webhook-save">{endpoint ? t('wh.save') : t('wh.create')}</button>
          <button type="button" class="link" onClick={() => onDone()}>{t('wh.cancel')}</button>
        </div>
        <ErrorBox error={other} />
      </form>
    </Card>
  );
}

function EndpointCard({ org, endpoint: e, onChanged, onSecret }: { org: Org; endpoint: Endpoint; onChanged: () => void; onSecret: (s: string) => void }) {
  const l = localeOf(org, lang());
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [testEvent, setTestEvent] = useState<EventType>(e.events[0] ?? 'response.completed');
  const [logTick, setLogTick] = useState(0);
  const params = { org: org.id, webhook: e.id };
  const act = async (work: () => Promise<string | void>) => {
    setError(null); setNote('');
    try { const said = await work(); if (said) setNote(said); setLogTick((n) => n + 1); } catch (err) { setError(err); }
  };
  if (editing) return <EndpointEditor org={org} endpoint={e} onDone={() => { setEditing(false); onChanged(); }} />;
  return (
    <Card title={<span dir="ltr">{e.url}</span>} testid={'webhook-' + e.id}
          actions={<span class={'badge ' + (e.enabled ? 'published' : 'closed')} data-testid="webhook-state">{e.enabled ? t('wh.enabled') : t('wh.disabled')}</span>}>
      {e.description && <p dir="auto">{e.description}</p>}
      <p class="small">{e.events.map((ev) => <code dir="ltr" class="chip">{ev}</code>)}</p>
      {!e.enabled && e.disabled_reason && <p class="muted small">{t('wh.disabledBecause', { reason: e.disabled_reason })}</p>}
      {e.rotating_until && <p class="muted small">{t('wh.rotatingUntil', { time: fmtDate(e.rotating_until, l, true) })}</p>}
      <div class="form-actions wrap">
        <button class="secondary small" onClick={() => setEditing(true)}>{t('wh.edit')}</button>
        <button class="secondary small" data-testid="webhook-toggle" onClick={() => act(async () => {
          await send('patch', '/api/v1/orgs/{org}/webhooks/{webhook}', params, { enabled: !e.enabled }); onChanged();
        })}>{e.enabled ? t('wh.disable') : t('wh.enable')}</button>
        <span class="row">
          <Select label={t('wh.event')} name="test-event" value={testEvent} onChange={setTestEvent} options={EVENT_TYPES.map((ev) => ({ value: ev, label: ev }))} />
          <button class="secondary small" data-testid="webhook-test" onClick={() => act(async () => {
            const queued = await send('post', '/api/v1/orgs/{org}/webhooks/{webhook}/test', params, { event: testEvent });
            return t('wh.testQueued', { id: queued.webhook_id });
          })}>{t('wh.test')}</button>
        </span>
        <button class="secondary small" data-testid="webhook-replay-all" onClick={() => act(async () => {
          const r = await send('post', '/api/v1/orgs/{org}/webhooks/{webhook}/replay', params, {});
          return t('wh.replayed', { count: fmtNumber(r.replayed, l) });
        })}>{t('wh.replayAll')}</button>
        <button class="secondary small" data-testid="webhook-rotate" onClick={() => confirm(t('wh.rotateConfirm')) && act(async () => {
          const rotated = await send('post', '/api/v1/orgs/{org}/webhooks/{webhook}/rotate-secret', params, {});
          onSecret(rotated.secret);
        })}>{t('wh.rotate')}</button>
        <button class="link danger" onClick={() => confirm(t('wh.deleteConfirm')) && act(async () => {
          await send('delete', '/api/v1/orgs/{org}/webhooks/{webhook}', params); onChanged();
        })}>{t('wh.delete')}</button>
      </div>
      {note && <p class="ok" data-testid="webhook-note">{note}</p>}
      <ErrorBox error={error} />
      <DeliveryLog org={org} endpoint={e} tick={logTick} onReplay={(message) => act(async () => {
        await send('post', '/api/v1/orgs/{org}/webhooks/{webhook}/messages/{message}/replay', { ...params, message });
      })} />
    </Card>
  );
}

function DeliveryLog({ org, endpoint, tick, onReplay }: { org: Org; endpoint: Endpoint; tick: number; onReplay: (message: number) => void }) {
  const l = localeOf(org, lang());
  const [older, setOlder] = useState<Delivery[]>([]);
  const page = useLoad(() => get('/api/v1/orgs/{org}/webhooks/{webhook}/deliveries', { org: org.id, webhook: endpoint.id, limit: 20 }), [org.id, endpoint.id, tick], 5000);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  if (!page.data) return page.error ? <ErrorBox error={page.error} /> : <Spinner />;
  const rows = [...page.data.items, ...older];
  const next = cursor === undefined ? page.data.next_cursor : cursor;
  const canReplay = replayable(rows);
  const more = async () => {
    const p = await get('/api/v1/orgs/{org}/webhooks/{webhook}/deliveries', { org: org.id, webhook: endpoint.id, limit: 20, cursor: next });
    setOlder([...older, ...p.items]); setCursor(p.next_cursor);
  };
  return (
    <details class="delivery-log" open>
      <summary>{t('wh.log')} <button class="link small" onClick={(e) => { e.preventDefault(); page.reload(); }}>{t('wh.refresh')}</button></summary>
      {!rows.length ? <p class="muted small" data-testid="webhook-log-empty">{t('wh.logEmpty')}</p> : (
        <table class="table" data-testid="webhook-log">
          <thead><tr><th>{t('wh.at')}</th><th>{t('wh.event')}</th><th>{t('wh.attempt')}</th><th>{t('wh.status')}</th><th>{t('wh.latency')}</th><th>{t('wh.outcome')}</th><th>{t('wh.error')}</th><th /></tr></thead>
          <tbody>
            {rows.map((d) => (
              <tr data-testid="webhook-log-row">
                <td>{fmtDate(d.at, l, true)}</td>
                <td><code dir="ltr">{d.event}</code></td>
                <td>{fmtNumber(d.attempt, l)}</td>
                <td>{d.status_code === null ? '—' : fmtNumber(d.status_code, l)}</td>
                <td>{t('wh.ms', { n: fmtNumber(d.latency_ms, l) })}</td>
                <td><span class={'badge ' + outcomeClass(d.outcome)}>{t(`wh.outcome.${d.outcome}`)}</span></td>
                <td class="small" dir="auto">{d.error}</td>
                <td>{canReplay.has(d.id) && <button class="link small" data-testid="webhook-replay" onClick={() => onReplay(d.message_id)}>{t('wh.replay')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <button class="link small" onClick={more}>{t('wh.more')}</button>}
    </details>
  );
}
