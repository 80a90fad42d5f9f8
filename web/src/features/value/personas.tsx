// Value by persona: each persona's scored members with their revenue, mean CLV and churn
// (95% ranges) and the revenue at risk among them. A contact may be in several personas.
import { get } from '../../lib/api';
import type { Locale } from '../../lib/format';
import { personaLabel } from '../../lib/persona-names';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { ValueCells } from './cells';
import { money } from './model';
import { t } from './messages';

export function ByPersona({ org, l, digits, currency, fitId }: { org: Org; l: Locale; digits: number; currency: string; fitId: number }) {
  const value = useLoad(() => get('/api/v1/orgs/{org}/outcomes/value/personas', { org: org.id }), [org.id, fitId]);
  if (!value.data) return <Card title={t('va.byPersona')}>{value.error ? <ErrorBox error={value.error} /> : <Spinner />}</Card>;
  const personas = value.data.personas ?? [];
  return (
    <Card title={t('va.byPersona')} testid="value-by-persona">
      {personas.length === 0 ? <p class="empty">{t('va.noPersonas')}</p> : (
        <table class="table">
          <thead><tr><th>{t('va.col.persona')}</th><th>{t('va.col.customers')}</th><th>{t('va.col.revenue')}</th><th>{t('va.col.clv')}</th>
            <th>{t('va.col.churn')}</th><th>{t('va.col.atRisk')} ({currency})</th></tr></thead>
          <tbody>{personas.map((p) => (
            <tr data-testid="value-persona" data-persona={p.persona_id}>
              <td dir="auto">{personaLabel({ name: p.name, emoji: p.emoji })}</td>
              <ValueCells v={p} minN={value.data!.min_n ?? 30} digits={digits} l={l} />
              <td dir="ltr">{money(p.revenue_at_risk, digits, l)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      <p class="muted small">{t('va.personaHelp')}</p>
    </Card>
  );
}
