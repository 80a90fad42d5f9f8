// A case's status flow, kept as one state machine (the service and the app both read it):
//
//   new ──► open ◄──► waiting (on the customer)
//    │       │           │
//    └───────┴─► resolved ◄┘ ──► closed
//                  │               │
//                  └──── open ◄────┘   (reopen)
//
// new may also go straight to waiting or resolved. Resolving needs a resolution text (given
// with the change or already on the case). Nothing leaves closed except a reopen.
// The SLA clock pauses while a case waits on the customer; a case's first response is its
// first change by a person (a status change, a note, a follow-up).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nazar::act {

enum class CaseStatus { kNew, kOpen, kWaiting, kResolved, kClosed };
std::string_view ToString(CaseStatus status);
std::optional<CaseStatus> ParseCaseStatus(std::string_view text);
// "new, open, waiting, resolved or closed", for messages.
std::string CaseStatusNames();

enum class CasePriority { kLow, kNormal, kHigh, kUrgent };
std::string_view ToString(CasePriority priority);
std::optional<CasePriority> ParseCasePriority(std::string_view text);
std::string CasePriorityNames();

// The statuses `from` may move to, in the order the app offers them.
std::vector<CaseStatus> NextStatuses(CaseStatus from);

// Whether `from` may become `to` (FailedPrecondition naming "status" otherwise, saying what
// is possible); `has_resolution`: the case will carry a resolution text after the change.
Result<void> CheckTransition(CaseStatus from, CaseStatus to, bool has_resolution);

// Open work: the statuses whose cases are in an inbox and whose resolution clock runs.
bool IsOpenWork(CaseStatus status);

}  // namespace nazar::act
