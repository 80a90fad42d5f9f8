// An action plan's status flow, kept as one state machine (the service and the app both read
// it):
//
//   draft ──► active ──► done
//     │  ▲      │
//     ▼  │      ▼
//   cancelled ◄─┘        (a cancelled plan may go back to draft)
//
// Going active captures the metric's "before" (act/plans.h); done starts the "after" window.
// Nothing leaves done: its effect is what was measured.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nazar::act {

enum class PlanStatus { kDraft, kActive, kDone, kCancelled };
std::string_view ToString(PlanStatus status);
std::optional<PlanStatus> ParsePlanStatus(std::string_view text);
// "draft, active, done or cancelled", for messages.
std::string PlanStatusNames();

// The statuses `from` may move to, in the order the app offers them.
std::vector<PlanStatus> NextPlanStatuses(PlanStatus from);

// Whether `from` may become `to`: FailedPrecondition naming "status" otherwise, saying what is
// possible.
Result<void> CheckPlanTransition(PlanStatus from, PlanStatus to);

// Whether the metric a plan targets (and its windows) may still change: only while a draft,
// since the "before" is captured when it goes active.
inline bool MetricEditable(PlanStatus status) { return status == PlanStatus::kDraft; }

}  // namespace nazar::act
