// The ROI calculator: the what-if of moving N detractors to passives or promoters (the change
// in customer value and in customers expected to leave, with 95% ranges and the server's caveat
// that it is an association), and an action plan's return on it given the plan's cost.
import { useState } from 'preact/hooks';
import { get, type Schemas } from '../../lib/api';
import { fmtNumber, fmtPercent, fmtSigned, parseNumber, type Locale } from '../../lib/format';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner, TextField } from '../../ui/components';
import { major, roi } from './model';
import { t } from './messages';

type NpsValue = Schemas['NpsValue'];
type Target = 'passive' | 'promoter';

export function RoiCalculator({ org, l, digits, hasFit }: { org: Org; l: Locale; digits: number; hasFit: boolean }) {
  const [move, setMove] = useState('');
  const [to, setTo] = useState<Target>('passive');
  const [cost, setCost] = useState('');
  const [asked, setAsked] = useState<{ move: number; to: Target } | null>(null);
  const nps = useLoad(() => (asked ? get('/api/v1/orgs/{org}/outcomes/value/nps', { org: org.id, move: asked.move, move_to: asked.to }) : Promise.resolve(null)),
    [org.id, asked?.move, asked?.to]);
  if (!hasFit) return <p class="empty" data-testid="value-empty">{t('va.noFit')}</p>;
  return (
    <>
      <Card title={t('va.whatIf')} testid="value-whatif">
        <form class="inline-form" onSubmit={(e) => { e.preventDefault(); setAsked({ move: Number(parseNumber(move)) || 0, to }); }}>
          <TextField label={t('va.move')} name="move" value={move} onInput={setMove} inputMode="numeric" />
          <label class="field"><span>{t('va.moveTo')}</span>
            <select name="move_to" value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value as Target)}>
              <option value="passive">{t('va.group.passive')}</option>
              <option value="promoter">{t('va.group.promoter')}</option>
            </select>
          </label>
          <div class="form-actions"><button type="submit" data-testid="value-whatif-show">{t('va.show')}</button></div>
        </form>
        {asked && (nps.error ? <ErrorBox error={nps.error} /> : !nps.data ? <Spinner /> : nps.data.what_if && <WhatIf v={nps.data} l={l} digits={digits} />)}
      </Card>
      <Card title={t('va.roi')} testid="value-roi">
        <p class="muted small">{t('va.roiHelp')}</p>
        <TextField label={`${t('va.planCost')} (${nps.data?.currency ?? ''})`} name="plan_cost" value={cost} onInput={setCost} inputMode="numeric" />
        <Return v={nps.data ?? undefined} cost={Number(parseNumber(cost))} l={l} digits={digits} />
      </Card>
    </>
  );
}

function WhatIf({ v, l, digits }: { v: NpsValue; l: Locale; digits: number }) {
  const w = v.what_if!;
  if (w.status === 'not_enough_customers') return <p class="muted" data-testid="value-whatif-result">{t('va.whatIfNotEnough', { min: fmtNumber(v.min_n ?? 30, l) })}</p>;
  const m = (x: number | undefined) => fmtSigned(major(x ?? 0, digits), l, digits);
  return (
    <div data-testid="value-whatif-result">
      <p><strong>{t('va.valueChange')}:</strong> <span dir="ltr" data-testid="value-change">{m(w.value_change)} {v.currency}</span>
        <span class="muted small"> {t('va.range', { low: m(w.value_interval?.[0]), high: m(w.value_interval?.[1]) })}</span></p>
      <p><strong>{t('va.churnChange')}:</strong> <span dir="ltr">{fmtSigned(w.churn_change ?? 0, l, 1)}</span>
        <span class="muted small"> {t('va.range', { low: fmtSigned(w.churn_interval?.[0] ?? 0, l, 1), high: fmtSigned(w.churn_interval?.[1] ?? 0, l, 1) })}</span></p>
      <p class="muted small" dir="ltr" data-testid="value-caveat">{w.caveat}</p>
    </div>
  );
}

// The plan's cost is typed in the major unit; the what-if's change is in minor units.
function Return({ v, cost, l, digits }: { v: NpsValue | undefined; cost: number; l: Locale; digits: number }) {
  const w = v?.what_if;
  const r = w && w.status !== 'not_enough_customers' && w.value_change !== undefined
    ? roi(cost, major(w.value_change, digits), w.value_interval?.map((x) => major(x, digits))) : null;
  if (!r) return <p class="muted" data-testid="value-roi-result">{t('va.roiNeedsWhatIf')}</p>;
  return (
    <div data-testid="value-roi-result">
      <p><strong>{t('va.net')}:</strong> <span dir="ltr">{fmtSigned(r.net, l, digits)} {v?.currency}</span></p>
      <p><strong>{t('va.roiRatio')}:</strong> <span dir="ltr" data-testid="value-roi-ratio">{fmtPercent(r.ratio, l, 0)}</span>
        <span class="muted small"> {t('va.range', { low: fmtPercent(r.low, l, 0), high: fmtPercent(r.high, l, 0) })}</span></p>
      <p class="muted small" dir="ltr">{w?.caveat}</p>
    </div>
  );
}
