// Triggered feedback: the rules that invite a contact right after an interaction (rules.tsx, one
// as a form in rule-editor.tsx), the invitations and response rates (invitations.tsx) and, for
// those who may, the channels invitations leave through (../channels).
import { href, useRoute } from '../../lib/router';
import { can, type Org } from '../../lib/session';
import { Channels } from '../channels/channels';
import { InvitationDetail, Invitations } from './invitations';
import { t } from './messages';
import { RuleEditor } from './rule-editor';
import { Rules } from './rules';

export default function Triggers({ org }: { org: Org }) {
  const route = useRoute();
  const tabs: [string, string][] = [['rules', t('tr.rules')], ['invitations', t('tr.invitations')],
    ...(can(org, 'manage_channels') ? [['channels', t('tr.channels')] as [string, string]] : [])];
  const tab = route.id ?? 'rules';
  return (
    <div>
      <div class="page-head"><h1>{t('tr.title')}</h1>
        <nav class="tabs">{tabs.map(([k, l]) => <a href={href(org.id, 'triggers', k)} class={tab === k ? 'active' : ''} data-testid={'tr-' + k}>{l}</a>)}</nav>
      </div>
      {tab === 'invitations' ? (route.tab ? <InvitationDetail org={org} id={route.tab} /> : <Invitations org={org} />)
        : tab === 'channels' && can(org, 'manage_channels') ? <Channels org={org} />
        : route.tab && can(org, 'manage_journeys') ? <RuleEditor key={route.tab} org={org} id={route.tab} /> : <Rules org={org} />}
    </div>
  );
}
