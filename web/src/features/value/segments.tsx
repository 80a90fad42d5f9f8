// Value by experience beyond NPS group and persona: the scored customers grouped by their
// latest comment's sentiment, their latest case's outcome, or their latest score at a chosen
// touchpoint, each segment with revenue, mean CLV, churn and cost to serve (95% ranges; "not
// enough customers" below the server's minimum) and its revenue at risk.
import { useState } from 'preact/hooks';
import { get } from '../../lib/api';
import { fmtNumber, type Locale } from '../../lib/format';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { ValueCells } from './cells';
import { money } from './model';
import { t } from './messages';

const BY = ['sentiment', 'case_outcome', 'touchpoint_score'] as const;
type By = (typeof BY)[number];
const SEGMENT_NAMES = ['negative', 'neutral', 'positive', 'resolved', 'unresolved', 'none'] as const;

export function BySegment({ org, l, digits, currency, fitId }: { org: Org; l: Locale; digits: number; currency: string; fitId: number }) {
  const [by, setBy] = useState<By>('sentiment');
  const touchpoints = useLoad(() => get('/api/v1/orgs/{org}/touchpoints', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const [chosen, setChosen] = useState('');
  const touchpoint = chosen || (touchpoints.data?.[0]?.key ?? '');
  const ready = by !== 'touchpoint_score' || !!touchpoint;
  const value = useLoad(() => (ready
    ? get('/api/v1/orgs/{org}/outcomes/value/segments', { org: org.id, by, ...(by === 'touchpoint_score' ? { touchpoint } : {}) })
    : Promise.resolve(null)), [org.id, fitId, by, touchpoint, ready]);
  const name = (key: string) => ((SEGMENT_NAMES as readonly string[]).includes(key) ? t(`va.segment.${key as (typeof SEGMENT_NAMES)[number]}`) : key);
  return (
    <Card title={t('va.bySegment')} testid="value-by-segment">
      <div class="row">
        <div class="segmented" role="radiogroup" aria-label={t('va.bySegment')}>
          {BY.map((b) => <label class={by === b ? 'active' : ''} data-testid={'value-segment-by-' + b}>
            <input type="radio" name="segment_by" value={b} checked={by === b} onChange={() => setBy(b)} />{t(`va.by.${b}`)}</label>)}
        </div>
        {by === 'touchpoint_score' && (
          <label class="field"><span>{t('va.col.touchpoint')}</span>
            <select name="segment_touchpoint" value={touchpoint} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
              {(touchpoints.data ?? []).map((tp) => <option value={tp.key}>{tp.key}</option>)}
            </select></label>
        )}
      </div>
      <ErrorBox error={value.error} />
      {!value.data ? (value.error ? null : <Spinner />) : (
        <table class="table">
          <thead><tr><th>{t('va.col.segment')}</th><th>{t('va.col.customers')}</th><th>{t('va.col.revenue')}</th><th>{t('va.col.clv')}</th>
            <th>{t('va.col.churn')}</th><th>{t('va.col.serve')}</th><th>{t('va.col.atRisk')} ({currency})</th></tr></thead>
          <tbody>{(value.data.segments ?? []).map((g) => (
            <tr data-testid="value-segment" data-segment={g.segment}>
              <td dir="ltr">{name(g.segment ?? '')}</td>
              <ValueCells v={g} minN={value.data!.min_n ?? 30} digits={digits} l={l} />
              <td dir="ltr">{g.status === 'not_enough_customers' ? '—' : money(g.cost_to_serve, digits, l)}</td>
              <td dir="ltr">{money(g.revenue_at_risk, digits, l)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {value.data && <p class="muted small">{t('va.segmentHelp', { n: fmtNumber(value.data.unassigned ?? 0, l) })}</p>}
    </Card>
  );
}
