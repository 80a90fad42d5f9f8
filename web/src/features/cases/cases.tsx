// Cases: the inbox (inbox.tsx) and one case (case-page.tsx), at /o/<org>/cases[/<id>].
import type { Org } from '../../lib/session';
import { useRoute } from '../../lib/router';
import { CasePage } from './case-page';
import { Inbox } from './inbox';

export default function Cases({ org }: { org: Org }) {
  const route = useRoute();
  return route.id && /^\d+$/.test(route.id) ? <CasePage key={route.id} org={org} id={Number(route.id)} /> : <Inbox org={org} />;
}
