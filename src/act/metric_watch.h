// Alert rules on scores, not single responses: "tell me when NPS falls significantly at a
// touchpoint (or for an agent, a channel, or the whole survey) against the period before".
// A rule with `watch` instead of `conditions`:
//
//   {"watch": {"metric": "nps" | "csat" | "ces", "by"?: "touchpoint" | "agent" | "channel",
//              "days"?: 1..90 (7), "min_drop"?: points (0)}, "survey_id": …}
//
// Contract:
// - Checked on a schedule (the server's worker, every 15 minutes). The period is the last
//   `days` whole local days of the organisation (yesterday back), the baseline the `days`
//   before it. Each segment with answers in the period is compared with its own baseline by
//   the dashboard's test (results: CompareNps, or the favourable share for CSAT and CES);
//   a significant decrease (p < 0.05; both sides at the minimum n) of at least `min_drop`
//   points (NPS points; percentage points for CSAT and CES) fires.
// - Once per rule, segment and period (ActStore::InsertMetricAlert): a check that runs again
//   the same day adds nothing. A firing alert tells the rule's recipients (the segment's
//   touchpoint owner too when asked), opens a case when the rule says so (no response: the
//   title says what fell, by how much), and publishes alert.fired with "kind": "metric".
//
// Thread-safety: safe to share; Check runs on the worker's thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "act/cases.h"
#include "core/clock.h"
#include "core/json.h"
#include "results/results.h"
#include "store/store.h"

namespace nazar::act {

struct Watch {
  results::Metric metric = results::Metric::kNps;
  std::string by;  // "" (the whole survey), "touchpoint", "agent" or "channel"
  int64_t days = 7;
  double min_drop = 0;
};

// Errors name "watch.metric", "watch.by", "watch.days", "watch.min_drop" or "watch".
Result<Watch> ParseWatch(const Json& json);
Json ToJson(const Watch& watch);

Json ToJson(const MetricAlert& alert);

class MetricWatch {
 public:
  MetricWatch(Store& store, results::ResultsService& results, Cases& cases, const Clock& clock)
      : store_(store), results_(results), cases_(cases), clock_(clock) {}

  // Checks the organisation's enabled watch rules; returns the alerts fired.
  Result<int64_t> Check(OrgId org);
  // Every organisation's; one that fails is logged and the others still run.
  Result<int64_t> CheckEverywhere();

 private:
  Result<int64_t> CheckRule(const Organisation& org, const AlertRule& rule, const Watch& watch);

  Store& store_;
  results::ResultsService& results_;
  Cases& cases_;
  const Clock& clock_;
};

}  // namespace nazar::act
