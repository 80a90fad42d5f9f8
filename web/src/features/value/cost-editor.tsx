// Editing the costs behind CAC and cost to serve, for those who hold manage_outcomes: the
// acquisition spend of a channel in a month and what one interaction at a touchpoint costs,
// each typed in the currency's major unit (rials; euros with cents), listed with a way to
// remove it. The server's error shows beside the field it names; an amount with more
// decimals than the currency has is refused here, before sending, beside the amount.
import { useState } from 'preact/hooks';
import { ApiError, get, send } from '../../lib/api';
import { parseNumber, type Locale } from '../../lib/format';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, TextField } from '../../ui/components';
import { toMinor, money } from './model';
import { t } from './messages';

// The field an error belongs to and its message.
function useFieldErrors() {
  const [error, setError] = useState<unknown>(null);
  const field = error instanceof ApiError ? error.field ?? '' : error instanceof FieldProblem ? error.field : '';
  const msg = (name: string) => (field === name ? (error as Error).message : undefined);
  return { error, setError, field, msg };
}

class FieldProblem extends Error {
  constructor(readonly field: string, message: string) { super(message); }
}

// An amount typed in the major unit, as minor units; a FieldProblem naming "amount" otherwise.
function amountOf(text: string, digits: number): number {
  const minor = toMinor(parseNumber(text), digits);
  if (minor === null) throw new FieldProblem('amount', t('va.edit.badAmount', { digits: String(digits) }));
  return minor;
}

export function CostEditor({ org, digits, currency, l, onChanged }: { org: Org; digits: number; currency: string; l: Locale; onChanged: () => void }) {
  return (
    <div class="grid2" data-testid="value-cost-editor">
      <AcquisitionEditor org={org} digits={digits} currency={currency} l={l} onChanged={onChanged} />
      <ServeEditor org={org} digits={digits} currency={currency} l={l} onChanged={onChanged} />
    </div>
  );
}

function AcquisitionEditor({ org, digits, currency, l, onChanged }: { org: Org; digits: number; currency: string; l: Locale; onChanged: () => void }) {
  const costs = useLoad(() => get('/api/v1/orgs/{org}/outcomes/acquisition-costs', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const [f, setF] = useState({ channel: '', month: '', amount: '' });
  const { error, setError, field, msg } = useFieldErrors();
  const changed = () => { costs.reload(); onChanged(); };
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await send('post', '/api/v1/orgs/{org}/outcomes/acquisition-costs', { org: org.id },
        { channel: f.channel.trim(), month: f.month, amount: amountOf(f.amount, digits) });
      setF({ ...f, amount: '' });
      changed();
    } catch (ex) { setError(ex); }
  };
  return (
    <Card title={`${t('va.edit.acquisition')} (${currency})`} testid="value-edit-acquisition">
      <form onSubmit={save}>
        <div class="grid3">
          <TextField label={t('va.col.channel')} name="channel" value={f.channel} onInput={(v) => setF({ ...f, channel: v })} dir="auto" error={msg('channel')} />
          <TextField label={t('va.edit.month')} name="month" type="month" value={f.month} onInput={(v) => setF({ ...f, month: v })} dir="ltr" error={msg('month')} />
          <TextField label={t('va.edit.amount')} name="amount" value={f.amount} onInput={(v) => setF({ ...f, amount: v })} inputMode="decimal" dir="ltr" error={msg('amount')} />
        </div>
        {!['channel', 'month', 'amount'].includes(field) && <ErrorBox error={error} />}
        <div class="form-actions"><button type="submit" data-testid="value-add-acquisition" disabled={!f.channel.trim() || !f.amount.trim()}>{t('va.edit.save')}</button></div>
      </form>
      <table class="table">
        <thead><tr><th>{t('va.edit.month')}</th><th>{t('va.col.channel')}</th><th>{t('va.edit.amount')}</th><th /></tr></thead>
        <tbody>{(costs.data ?? []).map((c) => (
          <tr data-testid="value-acquisition-row" data-channel={c.channel} data-month={c.month}>
            <td dir="ltr">{c.month}</td><td dir="auto">{c.channel}</td><td dir="ltr">{money(c.amount, digits, l)}</td>
            <td><button type="button" class="link small" onClick={() => send('delete', '/api/v1/orgs/{org}/outcomes/acquisition-costs/{cost}', { org: org.id, cost: c.id ?? 0 }).then(changed, setError)}>{t('va.edit.remove')}</button></td>
          </tr>
        ))}</tbody>
      </table>
    </Card>
  );
}

function ServeEditor({ org, digits, currency, l, onChanged }: { org: Org; digits: number; currency: string; l: Locale; onChanged: () => void }) {
  const rates = useLoad(() => get('/api/v1/orgs/{org}/outcomes/serve-costs', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const touchpoints = useLoad(() => get('/api/v1/orgs/{org}/touchpoints', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const [f, setF] = useState({ touchpoint: '', amount: '' });
  const { error, setError, field, msg } = useFieldErrors();
  const touchpoint = f.touchpoint || (touchpoints.data?.[0]?.key ?? '');
  const changed = () => { rates.reload(); onChanged(); };
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await send('post', '/api/v1/orgs/{org}/outcomes/serve-costs', { org: org.id }, { touchpoint, amount: amountOf(f.amount, digits) });
      setF({ ...f, amount: '' });
      changed();
    } catch (ex) { setError(ex); }
  };
  return (
    <Card title={`${t('va.edit.serve')} (${currency})`} testid="value-edit-serve">
      <form onSubmit={save}>
        <div class="grid3">
          <label class={'field' + (msg('touchpoint') ? ' invalid' : '')}><span>{t('va.col.touchpoint')}</span>
            <select name="touchpoint" value={touchpoint} onChange={(e) => setF({ ...f, touchpoint: (e.target as HTMLSelectElement).value })}>
              {(touchpoints.data ?? []).map((tp) => <option value={tp.key}>{tp.key}</option>)}
            </select>
            <FieldError message={msg('touchpoint')} field="touchpoint" />
          </label>
          <TextField label={t('va.edit.perInteraction')} name="amount" value={f.amount} onInput={(v) => setF({ ...f, amount: v })} inputMode="decimal" dir="ltr" error={msg('amount')} />
        </div>
        {!['touchpoint', 'amount'].includes(field) && <ErrorBox error={error} />}
        <div class="form-actions"><button type="submit" data-testid="value-add-serve" disabled={!touchpoint || !f.amount.trim()}>{t('va.edit.save')}</button></div>
      </form>
      <table class="table">
        <thead><tr><th>{t('va.col.touchpoint')}</th><th>{t('va.edit.perInteraction')}</th><th /></tr></thead>
        <tbody>{(rates.data ?? []).map((r) => (
          <tr data-testid="value-serve-rate" data-touchpoint={r.touchpoint}>
            <td dir="auto">{r.touchpoint}</td><td dir="ltr">{money(r.amount, digits, l)}</td>
            <td><button type="button" class="link small" onClick={() => send('delete', '/api/v1/orgs/{org}/outcomes/serve-costs/{cost}', { org: org.id, cost: r.id ?? 0 }).then(changed, setError)}>{t('va.edit.remove')}</button></td>
          </tr>
        ))}</tbody>
      </table>
    </Card>
  );
}
