// Action plans: the list with a form for a new one (list.tsx) and one plan (plan-page.tsx), at
// /o/<org>/plans[/<id>].
import type { Org } from '../../lib/session';
import { useRoute } from '../../lib/router';
import { PlanList } from './list';
import { PlanPage } from './plan-page';

export default function Plans({ org }: { org: Org }) {
  const route = useRoute();
  return route.id && /^\d+$/.test(route.id) ? <PlanPage key={route.id} org={org} id={Number(route.id)} /> : <PlanList org={org} />;
}
