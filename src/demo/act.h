// The demo organisation's act side: a support lead and three agents (members who sign in
// with the demo password), the Iranian working week with its holidays and SLA targets,
// assignment by touchpoint, six root causes in Persian and English, four alert rules, and a
// year of cases opened by them on the demo's unhappy customers: most resolved and closed
// with a root cause and a resolution, some late, the newest still new, open or waiting on
// the customer; plus the admin's unread notifications. Deterministic from the seed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts.h"
#include "core/error.h"
#include "store/store.h"

namespace nazar::demo {

// A written response that an alert rule would have caught.
struct UnhappyResponse {
  int64_t id = 0;
  std::optional<int64_t> contact_id;
  std::string touchpoint;
  std::string agent;
  std::string language;
  int64_t completed_ms = 0;
  bool support = false;  // a CSAT after support (else an NPS detractor)
  std::optional<int64_t> nps;
};

// Whether `r` is one: CSAT <= 2 or NPS <= 4, one in `keep_one_in` of them (by id).
bool IsUnhappy(const Response& r, UnhappyResponse& out);

// Every NPS rating of each contact, (completed_ms, rating) in the order written: a case's
// next rating (the loop's recovery) comes from the customer's real later answer.
using Ratings = std::map<int64_t, std::vector<std::pair<int64_t, int64_t>>>;
void NoteRating(const Response& r, Ratings& ratings);

struct ActCounts {
  int64_t members = 0;
  int64_t rules = 0;
  int64_t cases = 0;
  int64_t open_cases = 0;
  int64_t checks = 0;  // "did we resolve it?" asked
};

Result<ActCounts> WriteAct(Store& store, Accounts& accounts, OrgId org, UserId admin,
                           const std::string& password, uint64_t seed,
                           const std::vector<UnhappyResponse>& unhappy, const Ratings& ratings,
                           std::optional<int64_t> relationship_survey, int64_t now_ms);

}  // namespace nazar::demo
