// The demo organisation's outer loop: a CX program (vision and guiding principles in Persian,
// the admin as its owner) with KPI targets on NPS, CSAT and CES, and action plans aimed at
// the demo's root causes and touchpoints: some done long enough ago that their effect is
// measured (the "before" taken from the demo's own responses at activation, as the server
// would have), one done without a significant change, one active, one draft; each member's
// digest (daily for those who work cases, weekly on Saturday for the rest). Deterministic.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.h"
#include "demo/demo.h"
#include "store/store.h"

namespace nazar::demo {

struct ProgramCounts {
  int64_t plans = 0;
  int64_t kpis = 0;
  int64_t digests = 0;  // members with a daily or weekly digest
};

// REQUIRES: the surveys' responses and WriteAct's members and root causes are written.
Result<ProgramCounts> WriteProgram(Store& store, survey::SurveyService& surveys, const DemoSummary& summary,
                                   int64_t now_ms);

}  // namespace nazar::demo
