// Alerts and the act settings, for those who manage them (manage_alerts): the alert rules
// (rules.tsx; one as a form in rule-editor.tsx), the alerts they fired lately with those held
// back (recent.tsx), the organisation's root causes (root-causes.tsx) and the SLA, working
// week, holidays and case assignment (act-settings.tsx).
import { href, useRoute } from '../../lib/router';
import type { Org } from '../../lib/session';
import { ActSettingsPage } from './act-settings';
import { t } from './messages';
import { RecentAlerts } from './recent';
import { RootCauses } from './root-causes';
import { RuleEditor } from './rule-editor';
import { Rules } from './rules';

export default function Alerts({ org }: { org: Org }) {
  const route = useRoute();
  const tabs: [string, string][] = [['rules', t('al.rules')], ['recent', t('al.recent')], ['causes', t('al.causes')], ['settings', t('al.settings')]];
  const tab = route.id ?? 'rules';
  return (
    <div>
      <div class="page-head"><h1>{t('nav.alerts')}</h1>
        <nav class="tabs">{tabs.map(([k, label]) => <a href={href(org.id, 'alerts', k)} class={tab === k ? 'active' : ''} data-testid={'al-' + k}>{label}</a>)}</nav>
      </div>
      {tab === 'recent' ? <RecentAlerts org={org} />
        : tab === 'causes' ? <RootCauses org={org} />
        : tab === 'settings' ? <ActSettingsPage org={org} />
        : route.tab ? <RuleEditor key={route.tab} org={org} id={route.tab} /> : <Rules org={org} />}
    </div>
  );
}
