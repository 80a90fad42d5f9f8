// The SLA of one target of one case (first response, or resolution): how much of its working
// time has passed, when it will warn and breach, whether it was met in time.
//
// Contract:
// - Time counts only in the organisation's working time (act/business_hours.h), from the
//   case's start, and not while the case waits on the customer (a pause; an open pause has
//   no end yet). Pauses may overlap or come unsorted; only their parts between the start and
//   the end of counting (met_ms, else now_ms) count.
// - elapsed(t) = working time in [started_ms, t) outside pauses. The target breaches at
//   due = the first instant with elapsed >= working_ms, and warns at the first instant with
//   elapsed >= round(working_ms * warn_fraction) (no warning unless 0 < warn_fraction < 1).
//   A target of 0 is due at its start.
// - Met: kMet when met_ms came before the due instant, else kMetLate; elapsed counts up to
//   met_ms and due_ms/warn_ms are those of the timeline as it stood then (an open pause is
//   closed at met_ms, and time is assumed to run on after it).
// - Not met: kBreached once now_ms >= due (even while paused: a breach stays a breach);
//   else kPaused while now_ms lies in a pause, with due_ms and a future warn_ms unset (they
//   move until the pause ends); else kWarning once now_ms >= the warning instant; else
//   kRunning. due_ms and warn_ms are projections that assume no further pause.
// - remaining_working_ms = working_ms - elapsed: 0 or negative once breached (it stays 0
//   while no working time passes after the breach, e.g. overnight).
// - BusinessClock::kNever as due_ms: the calendar has no room for the target.
// Pure and thread-safe; cost: a few week-steps of the clock per pause and per year spanned.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "act/business_hours.h"

namespace nazar::act {

struct SlaTarget {
  int64_t working_ms = 0;      // working time allowed
  double warn_fraction = 0.8;  // warn once this share of it has passed
};

// Waiting on the customer: [from_ms, to_ms), open while to_ms is unset.
struct Pause {
  int64_t from_ms = 0;
  std::optional<int64_t> to_ms;
};

enum class SlaState { kRunning, kPaused, kWarning, kBreached, kMet, kMetLate };

// "running", "paused", "warning", "breached", "met", "met_late".
std::string_view SlaStateName(SlaState state);

struct SlaStatus {
  SlaState state = SlaState::kRunning;
  int64_t elapsed_working_ms = 0;  // working time counted so far (pauses excluded), up to met_ms or now
  std::optional<int64_t> due_ms;   // when it breaches (breached) if nothing changes; unset while paused
  std::optional<int64_t> warn_ms;  // when the warning fires (fired)
  int64_t remaining_working_ms = 0;  // 0 or negative when breached
};

SlaStatus EvaluateSla(const BusinessClock& clock, const SlaTarget& target, int64_t started_ms,
                      const std::vector<Pause>& pauses, std::optional<int64_t> met_ms,
                      int64_t now_ms);

}  // namespace nazar::act
