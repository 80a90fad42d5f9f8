// The trigger rules: a list with an on/off switch per rule, what each does in a sentence and
// its last 30 days; deleting a rule.
import { useState } from 'preact/hooks';
import { get, send } from '../../lib/api';
import { fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { useSurveys } from '../../ui/filters';
import { label, useCatalogue } from './catalogue';
import { t } from './messages';
import { conditionText, delayParts, hour, ruleInput, type TriggerRule } from './model';

function delayText(seconds: number, l: Locale) {
  const d = delayParts(seconds);
  return d ? t(`tr.after.${d.unit}`, { n: fmtNumber(d.n, l, Number.isInteger(d.n) ? 0 : 1) }) : t('tr.immediately');
}

export function Rules({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const may = can(org, 'manage_journeys');
  const rules = useLoad(() => get('/api/v1/orgs/{org}/trigger-rules', { org: org.id }).then((r) => r.items), [org.id]);
  const surveys = useSurveys(org);
  const catalogue = useCatalogue(org);
  const rates = useLoad(() => get('/api/v1/orgs/{org}/response-rates', { org: org.id, by: 'rule' }).catch(() => null), [org.id]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const surveyName = (id: number) => surveys.data?.find((s) => s.id === id)?.name ?? '#' + id;
  const tp = (key: string) => label(catalogue.data?.touchpoints.find((x) => x.key === key), key);
  const rateOf = (id: number) => rates.data?.items?.find((r) => r.rule_id === id);
  const toggle = async (r: TriggerRule) => {
    setError(null); setBusy(r.id);
    try { await send('put', '/api/v1/orgs/{org}/trigger-rules/{rule}', { org: org.id, rule: r.id }, { ...ruleInput(r), enabled: !r.enabled }); rules.reload(); } catch (e) { setError(e); }
    setBusy(null);
  };
  const remove = async (r: TriggerRule) => {
    if (!confirm(t('tr.deleteConfirm'))) return;
    setError(null);
    try { await send('delete', '/api/v1/orgs/{org}/trigger-rules/{rule}', { org: org.id, rule: r.id }); rules.reload(); } catch (e) { setError(e); }
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
                <td>{t(`delivery.${r.delivery}`)} · {delayText(r.delay_s, l)}
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
