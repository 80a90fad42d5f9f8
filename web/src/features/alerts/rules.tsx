// The alert rules: a list with an on/off switch each, what it watches in a line, what it does
// (priority, case, who is told and how); deleting one.
import { useState } from 'preact/hooks';
import { get, send } from '../../lib/api';
import { href } from '../../lib/router';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { useSurveys } from '../../ui/filters';
import { t } from './messages';
import { conditionText, watchText, ruleInput, type AlertRule } from './model';

export function Rules({ org }: { org: Org }) {
  const rules = useLoad(() => get('/api/v1/orgs/{org}/alert-rules', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const surveys = useSurveys(org);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const surveyName = (id: number | undefined) => (id ? surveys.data?.find((s) => s.id === id)?.name ?? '#' + id : t('al.anySurvey'));
  const toggle = async (r: AlertRule) => {
    setError(null); setBusy(r.id ?? null);
    try { await send('put', '/api/v1/orgs/{org}/alert-rules/{alert_rule}', { org: org.id, alert_rule: r.id ?? 0 }, { ...ruleInput(r), enabled: !r.enabled }); rules.reload(); } catch (e) { setError(e); }
    setBusy(null);
  };
  const remove = async (r: AlertRule) => {
    if (!confirm(t('al.deleteConfirm'))) return;
    setError(null);
    try { await send('delete', '/api/v1/orgs/{org}/alert-rules/{alert_rule}', { org: org.id, alert_rule: r.id ?? 0 }); rules.reload(); } catch (e) { setError(e); }
  };
  return (
    <Card title={t('al.rules')} testid="alert-rules" actions={<a class="button primary" href={href(org.id, 'alerts', 'rules', 'new')} data-testid="new-alert-rule">{t('al.newRule')}</a>}>
      <p class="muted">{t('al.rulesHelp')}</p>
      <ErrorBox error={error ?? rules.error} />
      {!rules.data ? <Spinner /> : rules.data.length === 0 ? <p class="empty">{t('al.noRules')}</p> : (
        <div class="scroll-x"><table class="table rules" data-testid="alert-rule-list">
          <thead><tr><th>{t('al.on')}</th><th>{t('al.col.rule')}</th><th>{t('al.col.when')}</th><th>{t('al.col.then')}</th><th /></tr></thead>
          <tbody>{rules.data.map((r) => (
            <tr data-testid="alert-rule-row" class={r.enabled ? '' : 'off'}>
              <td><label class="switch" title={r.enabled ? t('al.on') : t('al.off')}>
                <input type="checkbox" role="switch" checked={r.enabled} disabled={busy === r.id} data-testid="alert-rule-enabled"
                       aria-label={t('al.enabledFor', { name: r.name ?? '' })} onChange={() => toggle(r)} /><span aria-hidden="true" /></label></td>
              <td><a href={href(org.id, 'alerts', 'rules', String(r.id))} dir="auto" data-testid="alert-rule-name">{r.name}</a>
                <div class="muted small" dir="auto">{surveyName(r.survey_id)}</div></td>
              <td>{r.watch ? <span class="chip" data-testid="alert-rule-watch">{watchText(r.watch, (k) => t(k as never))}</span> : <>
                <span class="muted small">{r.match === 'any' ? t('al.matchAny') : t('al.matchAll')}</span>{' '}
                {(r.conditions ?? []).map((c) => <span class="chip" dir="ltr">{conditionText(c)}</span>)}</>}</td>
              <td><span class={'badge pr-' + r.priority}>{t(`priority.${r.priority ?? 'normal'}`)}</span>{' '}
                {r.open_case ? t('al.opensCase') : t('al.noCase')}
                <div class="muted small">{(r.notify?.channels ?? []).map((ch) => t(`al.channel.${ch}`)).join(' · ')}</div></td>
              <td class="actions"><a href={href(org.id, 'alerts', 'rules', String(r.id))} class="small">{t('al.edit')}</a>
                <button class="link danger small" onClick={() => remove(r)}>{t('common.delete')}</button></td>
            </tr>
          ))}</tbody>
        </table></div>
      )}
    </Card>
  );
}
