// The alerts fired lately, newest first, with those held back marked: a duplicate (the same
// contact within the rule's window) or over the rule's hourly cap. An alert that opened a case
// links to it.
import { get } from '../../lib/api';
import { fmtDate, fmtNumber } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { t } from './messages';

export function RecentAlerts({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const alerts = useLoad(() => get('/api/v1/orgs/{org}/alerts', { org: org.id, limit: 100 }).then((r) => r.items ?? []), [org.id], 60_000);
  const rules = useLoad(() => get('/api/v1/orgs/{org}/alert-rules', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const ruleName = (id: number | undefined) => rules.data?.find((r) => r.id === id)?.name ?? (id ? '#' + id : '');
  return (
    <Card title={t('al.recent')} testid="recent-alerts">
      <ErrorBox error={alerts.error} />
      {!alerts.data ? <Spinner /> : alerts.data.length === 0 ? <p class="empty">{t('al.noAlerts')}</p> : (
        <div class="scroll-x"><table class="table">
          <thead><tr><th>{t('al.col.at')}</th><th>{t('al.col.rule')}</th><th>{t('al.col.response')}</th><th>{t('al.col.outcome')}</th></tr></thead>
          <tbody>{alerts.data.map((a) => (
            <tr data-testid="alert-row" class={a.suppressed ? 'off' : ''}>
              <td class="nowrap">{a.created_at ? fmtDate(a.created_at, l, true) : ''}</td>
              <td dir="auto">{ruleName(a.rule_id)}</td>
              <td>{a.response_id && (can(org, 'read_responses') ? <a href={href(org.id, 'responses', a.response_id)} dir="ltr">#{fmtNumber(a.response_id, l)}</a> : <span dir="ltr">#{fmtNumber(a.response_id, l)}</span>)}</td>
              <td>{a.suppressed ? <span class="badge suppressed" data-testid="alert-suppressed">{t(a.suppressed === 'duplicate' ? 'al.duplicate' : 'al.overCap')}</span>
                : a.case_id ? <a href={href(org.id, 'cases', a.case_id)}>{t('al.caseN', { n: fmtNumber(a.case_id, l) })}</a>
                : <span class="muted">{t('al.notified')}</span>}</td>
            </tr>
          ))}</tbody>
        </table></div>
      )}
    </Card>
  );
}
