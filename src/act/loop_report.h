// The loop's measures over the store: the cases opened in a period (filtered like the
// dashboard: touchpoint, agent, owner, priority, the rule that opened them), their SLA
// clocks, ratings, contact times and "did we resolve it?" answers, measured by
// act/loop_metrics.h and answered as JSON with counts and margins.
//
// Who sees what: members who read or manage cases measure every case; others (agents who
// work cases) only the cases they own.
//
// Thread-safety: safe to share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/accounts.h"
#include "act/loop_metrics.h"
#include "act/settings.h"
#include "core/clock.h"
#include "core/json.h"
#include "store/store.h"

namespace nazar::act {

struct LoopQuery {
  std::optional<int64_t> from_ms;  // default: 90 days before `to`
  std::optional<int64_t> to_ms;    // default: now
  std::string touchpoint;
  std::string agent;
  std::optional<int64_t> owner;
  std::optional<std::string> priority;
  std::optional<int64_t> rule_id;
  int64_t contact_within_hours = 24;
};

// The most cases one report reads; beyond it the report says "truncated".
inline constexpr int64_t kLoopCaseLimit = 200'000;

// The measures of the cases opened in [from_ms, to_ms) that pass the query's filters.
struct LoopMeasure {
  LoopMetrics metrics;
  LoopOptions options;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  bool truncated = false;
};

class LoopReport {
 public:
  LoopReport(Store& store, ActSettingsService& settings, const Clock& clock)
      : store_(store), settings_(settings), clock_(clock) {}

  // {"period", "cases", "open", "detractor_cases", "contacted_within", "first_response",
  //  "resolution", "sla", "recovery", "resolution_check", "root_causes", "min_n",
  //  "confidence_level", "truncated"}; a share below the minimum n is null with
  //  "enough": false beside its counts.
  Result<Json> Compute(const Actor& actor, const OrgAccess& access, const LoopQuery& query);

  // The measures of every case of `org` the query selects (whoever asks: the caller decides
  // who may see them; Compute narrows an agent's to their own). The query is checked as
  // Compute checks it.
  Result<LoopMeasure> Measure(OrgId org, const LoopQuery& query);

 private:
  Store& store_;
  ActSettingsService& settings_;
  const Clock& clock_;
};

}  // namespace nazar::act
