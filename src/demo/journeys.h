// The demo organisation's journeys: stages (buy, deliver, get help), its five touchpoints in
// the catalogue, contacts C-0000001 … with a tier attribute, and their interactions over the
// period: an order on the website or the app, its delivery a few days later, sometimes a
// call or an e-mail to support (with wait and handle times, longer in busy seasons), and
// repeat orders. Deterministic from the seed; written in batches of transactions.
#pragma once

#include <cstdint>

#include "core/error.h"
#include "store/store.h"

namespace nazar::demo {

struct JourneyCounts {
  int64_t contacts = 0;
  int64_t interactions = 0;
  // The store ids of contacts C-0000001, C-0000002, … in that order.
  std::vector<int64_t> contact_ids;
};

// The demo's personas (a tier, frequent callers, app shoppers), created at `now_ms`, with
// their members as of the real time. Returns how many were made.
Result<int64_t> WritePersonas(Store& store, OrgId org, int64_t now_ms);

// At most `max_contacts` contacts (the first of the demo's contact ids) get journeys.
Result<JourneyCounts> WriteJourneys(Store& store, OrgId org, uint64_t seed, int64_t contacts,
                                    int64_t start_ms, int64_t end_ms, int64_t max_contacts = 5'000);

}  // namespace nazar::demo
