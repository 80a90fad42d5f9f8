// Journeys: the flows between touchpoints with the score at each touchpoint and stage
// (flows.tsx), personas (../personas), which touchpoints move relationship NPS (../impact),
// contacts and their timelines (contacts.tsx), the catalogue of stages, touchpoints and contact
// attributes (catalogue.tsx), call-centre staffing with Erlang C (staffing.tsx), the call
// centre's default country and agent names (call-centre.tsx), and importing
// contacts and interactions from files (../imports).
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { href, useRoute } from '../../lib/router';
import { can, type Org } from '../../lib/session';
import { Spinner } from '../../ui/components';
import { Imports } from '../imports/imports';
import { CallCentre } from './call-centre';
import { Catalogue } from './catalogue';
import { Contacts, Timeline } from './contacts';
import { Flows } from './flows';
import { t } from './messages';
import { Staffing } from './staffing';

export default function Journeys({ org }: { org: Org }) {
  const route = useRoute();
  const tab = route.id ?? 'flows';
  const tabs: [string, string][] = [['flows', t('jr.flows')], ['personas', t('jr.personas')], ['impact', t('jr.impact')],
    ...(can(org, 'read_contacts') ? [['contacts', t('jr.contacts')] as [string, string]] : []),
    ['catalogue', t('jr.catalogue')], ['staffing', t('jr.staffing')], ['call-centre', t('jr.callCentre')], ...(can(org, 'manage_journeys') ? [['import', t('jr.import')] as [string, string]] : [])];
  return (
    <div>
      <div class="page-head"><h1>{t('nav.journeys')}</h1>
        <nav class="tabs">{tabs.map(([k, l]) => <a href={href(org.id, 'journeys', k)} class={tab === k ? 'active' : ''} data-testid={'jr-' + k}>{l}</a>)}</nav>
      </div>
      {tab === 'personas' || tab === 'impact' ? <LazyTab name={tab} org={org} sub={route.tab} />
        : tab === 'contacts' && can(org, 'read_contacts') ? (route.tab ? <Timeline org={org} id={route.tab} /> : <Contacts org={org} />)
        : tab === 'catalogue' ? <Catalogue org={org} />
        : tab === 'staffing' ? <Staffing org={org} />
        : tab === 'call-centre' ? <CallCentre org={org} />
        : tab === 'import' && can(org, 'manage_journeys') ? <Imports org={org} />
        : <Flows org={org} />}
    </div>
  );
}

// Personas and touchpoint impact, each its own chunk (with their strings), loaded when opened.
const LAZY_TABS: Record<'personas' | 'impact', () => Promise<ComponentType<{ org: Org; sub: string | null }>>> = {
  personas: () => import('../personas/personas').then((m) => m.Personas),
  impact: () => import('../impact/impact').then((m) => m.TouchpointImpact),
};

function LazyTab({ name, org, sub }: { name: 'personas' | 'impact'; org: Org; sub: string | null }) {
  const [Tab, setTab] = useState<{ c: ComponentType<{ org: Org; sub: string | null }> } | null>(null);
  useEffect(() => {
    let live = true;
    setTab(null);
    LAZY_TABS[name]().then((c) => live && setTab({ c }));
    return () => { live = false; };
  }, [name]);
  return Tab ? <Tab.c org={org} sub={sub} /> : <Spinner />;
}

