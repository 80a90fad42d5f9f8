#include "act/every_org.h"

#include <spdlog/spdlog.h>

#include "core/try.h"

namespace nazar::act {

Result<int64_t> SumOverOrganisations(Store& store, std::string_view what,
                                     const std::function<Result<int64_t>(OrgId)>& one) {
  TRY_ASSIGN(const std::vector<OrgId> orgs, store.responses().ListOrganisationIds());
  int64_t sum = 0;
  for (OrgId org : orgs) {
    auto n = one(org);
    if (!n) spdlog::warn("{}, organisation {}: {}", what, org.value, n.error().ToString());
    else sum += *n;
  }
  return sum;
}

}  // namespace nazar::act
