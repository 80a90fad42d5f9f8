// The catalogue rules and invitations speak of: touchpoints and journey stages, by their names.
import { getAll, type Schemas } from '../../lib/api';
import { localized } from '../../lib/i18n';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';

type Named = Pick<Schemas['Touchpoint'], 'name'>;
export const label = (x: Named | undefined, key: string) => localized(x?.name, key);

export function useCatalogue(org: Org) {
  return useLoad(async () => {
    const [touchpoints, stages] = await Promise.all([getAll('/api/v1/orgs/{org}/touchpoints', { org: org.id }), getAll('/api/v1/orgs/{org}/journey-stages', { org: org.id })]);
    return { touchpoints, stages };
  }, [org.id]);
}
