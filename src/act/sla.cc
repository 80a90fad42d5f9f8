#include "act/sla.h"

#include <algorithm>
#include <cmath>

namespace nazar::act {

std::string_view SlaStateName(SlaState state) {
  switch (state) {
    case SlaState::kRunning: return "running";
    case SlaState::kPaused: return "paused";
    case SlaState::kWarning: return "warning";
    case SlaState::kBreached: return "breached";
    case SlaState::kMet: return "met";
    case SlaState::kMetLate: return "met_late";
  }
  return "running";
}

namespace {

// A stretch of time that counts, [from, to), and the working time in it.
struct Stretch {
  int64_t from = 0;
  int64_t to = 0;
  int64_t working_ms = 0;
};

// The counted stretches of [start, end): the gaps between the pauses (clipped to it, open
// ones closed at `end`, overlapping ones merged).
std::vector<Stretch> CountedStretches(const BusinessClock& clock, const std::vector<Pause>& pauses,
                                      int64_t start, int64_t end) {
  std::vector<std::pair<int64_t, int64_t>> spans;
  for (const Pause& p : pauses) {
    int64_t from = std::max(p.from_ms, start), to = std::min(p.to_ms.value_or(end), end);
    if (to > from) spans.emplace_back(from, to);
  }
  std::sort(spans.begin(), spans.end());
  std::vector<Stretch> stretches;
  int64_t cursor = start;
  for (auto [from, to] : spans) {
    if (from > cursor) stretches.push_back({cursor, from, clock.WorkingMsBetween(cursor, from)});
    cursor = std::max(cursor, to);
  }
  stretches.push_back({cursor, end, clock.WorkingMsBetween(cursor, end)});
  return stretches;
}

// The first instant at which `threshold` of counted time has passed, counting the stretches
// and then, without pause, on from `end`.
int64_t InstantOf(const BusinessClock& clock, const std::vector<Stretch>& stretches, int64_t start,
                  int64_t end, int64_t threshold) {
  if (threshold <= 0) return start;
  int64_t counted = 0;
  for (const Stretch& s : stretches) {
    if (counted + s.working_ms >= threshold) return clock.AddWorkingMs(s.from, threshold - counted);
    counted += s.working_ms;
  }
  return clock.AddWorkingMs(end, threshold - counted);
}

}  // namespace

SlaStatus EvaluateSla(const BusinessClock& clock, const SlaTarget& target, int64_t started_ms,
                      const std::vector<Pause>& pauses, std::optional<int64_t> met_ms,
                      int64_t now_ms) {
  const int64_t end = std::max(met_ms.value_or(now_ms), started_ms);
  const auto stretches = CountedStretches(clock, pauses, started_ms, end);
  SlaStatus status;
  for (const Stretch& s : stretches) status.elapsed_working_ms += s.working_ms;
  status.remaining_working_ms = target.working_ms - status.elapsed_working_ms;
  const bool breached = status.elapsed_working_ms >= target.working_ms;

  std::optional<int64_t> warn_threshold;
  if (target.warn_fraction > 0 && target.warn_fraction < 1) {
    warn_threshold = std::llround(static_cast<double>(target.working_ms) * target.warn_fraction);
  }
  const bool warned = warn_threshold && status.elapsed_working_ms >= *warn_threshold;
  const bool paused = !met_ms && now_ms >= started_ms &&
                      std::any_of(pauses.begin(), pauses.end(), [&](const Pause& p) {
                        return p.from_ms <= now_ms && (!p.to_ms || *p.to_ms > now_ms);
                      });

  if (met_ms) {
    status.state = breached ? SlaState::kMetLate : SlaState::kMet;
  } else if (breached) {
    status.state = SlaState::kBreached;
  } else if (paused) {
    status.state = SlaState::kPaused;
  } else {
    status.state = warned ? SlaState::kWarning : SlaState::kRunning;
  }
  // While paused the instants still ahead move with the pause: only those passed are known.
  if (status.state != SlaState::kPaused || breached) {
    status.due_ms = InstantOf(clock, stretches, started_ms, end, target.working_ms);
  }
  if (warn_threshold && (status.state != SlaState::kPaused || warned)) {
    status.warn_ms = InstantOf(clock, stretches, started_ms, end, *warn_threshold);
  }
  return status;
}

}  // namespace nazar::act
