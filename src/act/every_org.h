// The act workers' loop over organisations (the SLA sweep, the metric watch, digests): one
// organisation's failure is logged and does not stop the others.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "store/store.h"

namespace nazar::act {

// Runs `one` for every organisation and sums what it returns; an error is logged as
// "<what>, organisation <id>: <error>". Fails only when the organisations cannot be listed.
Result<int64_t> SumOverOrganisations(Store& store, std::string_view what,
                                     const std::function<Result<int64_t>(OrgId)>& one);

}  // namespace nazar::act
