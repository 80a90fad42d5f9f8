// The catalogue rules and invitations speak of: touchpoints and journey stages, by their names.
import { getAll, orgPath } from '../../lib/api';
import { localized } from '../../lib/i18n';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';

type Named = { key: string; name?: Record<string, string> };
export const label = (x: Named | undefined, key: string) => localized(x?.name, key);

export function useCatalogue(org: Org) {
  return useLoad(async () => {
    const [touchpoints, stages] = await Promise.all([getAll<any>(orgPath(org.id, '/touchpoints')), getAll<any>(orgPath(org.id, '/journey-stages'))]);
    return { touchpoints, stages };
  }, [org.id]);
}
