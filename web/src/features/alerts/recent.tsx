// The alerts fired lately, newest first, with those held back marked: a duplicate (the same
// contact within the rule's window) or over the rule's hourly cap. An alert that opened a case
// links to it. Above them, the scores that fell (rules that watch a score): what, where, from
// what to what, over which days.
import { get } from '../../lib/api';
import { fmtDate, fmtDay, fmtNumber, fmtSigned } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { t } from './messages';

function FallenScores({ org, ruleName }: { org: Org; ruleName: (id: number | undefined) => string }) {
  const l = localeOf(org, lang());
  const fallen = useLoad(() => get('/api/v1/orgs/{org}/metric-alerts', { org: org.id, limit: 50 }).then((r) => r.items ?? []), [org.id], 300_000);
  if (!fallen.data?.length) return null;
  return (
    <Card title={t('al.fallen')} testid="metric-alerts">
      <div class="scroll-x"><table class="table">
        <thead><tr><th>{t('al.col.period')}</th><th>{t('al.col.rule')}</th><th>{t('al.col.where')}</th><th>{t('al.col.change')}</th><th>{t('al.col.outcome')}</th></tr></thead>
        <tbody>{fallen.data.map((a) => {
          const d = a.detail ?? {};
          return (
            <tr data-testid="metric-alert-row">
              <td class="nowrap">{d.period?.from ? fmtDay(d.period.from, l) : ''} – {d.period?.to ? fmtDay(d.period.to, l) : ''}</td>
              <td dir="auto">{ruleName(a.rule_id)}</td>
              <td dir="auto">{a.segment || t('al.by.all')}</td>
              <td class="nowrap" data-testid="metric-alert-change">{t(`al.metric.${(d.metric ?? 'nps') as 'nps'}`)} {fmtNumber(d.baseline ?? 0, l, 1)} → {fmtNumber(d.current ?? 0, l, 1)}
                {' '}<span class="delta down">({fmtSigned(d.difference ?? 0, l, 1)})</span>
                <div class="muted small">{t('al.ofN', { n: fmtNumber(d.n ?? 0, l), b: fmtNumber(d.baseline_n ?? 0, l) })}</div></td>
              <td>{a.case_id ? <a href={href(org.id, 'cases', a.case_id)}>{t('al.caseN', { n: fmtNumber(a.case_id, l) })}</a> : <span class="muted">{t('al.notified')}</span>}</td>
            </tr>
          );
        })}</tbody>
      </table></div>
    </Card>
  );
}

export function RecentAlerts({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const alerts = useLoad(() => get('/api/v1/orgs/{org}/alerts', { org: org.id, limit: 100 }).then((r) => r.items ?? []), [org.id], 60_000);
  const rules = useLoad(() => get('/api/v1/orgs/{org}/alert-rules', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const ruleName = (id: number | undefined) => rules.data?.find((r) => r.id === id)?.name ?? (id ? '#' + id : '');
  return (
    <>
    <FallenScores org={org} ruleName={ruleName} />
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
    </>
  );
}
