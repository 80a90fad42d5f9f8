// Call-centre staffing with Erlang C: the M/M/N queue (calls arrive at random, handling
// times are exponential, N agents, callers wait as long as it takes and none abandons).
//
// For a load of `calls` in an interval of `interval_min` minutes with an average handle
// time of `aht_s` seconds, the traffic is A = calls × aht_s / (interval_min × 60) Erlangs.
// With N agents:
//   Erlang B by its recurrence B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)) (stable for
//     thousands of agents: no factorials, no powers);
//   P(wait) = C = N·B / (N − A·(1 − B));
//   service level SL(t) = 1 − C·exp(−(N − A)·t / aht_s), the share answered within t seconds;
//   average speed of answer ASA = C·aht_s / (N − A);
//   occupancy = A / N.
// With N ≤ A the queue grows without end: the figures say so (stable = false, P(wait) 1,
// service level 0, ASA infinite, occupancy 1) instead of dividing by zero.
//
// Errors are InvalidArgument naming the field: calls, interval_min, aht_s, agents,
// target_sl, target_answer_s. Pure and thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "core/error.h"

namespace nazar::journey {

struct CallLoad {
  double calls = 0;          // calls offered in the interval; >= 0
  double interval_min = 30;  // length of the interval in minutes; > 0
  double aht_s = 0;          // average handle time in seconds (talk, hold, wrap-up); > 0
};

struct StaffingFigures {
  int agents = 0;
  double traffic_erlangs = 0;  // A
  bool stable = false;         // agents > A
  double p_wait = 1;           // probability that a call waits at all
  double service_level = 0;    // share of calls answered within the target answer time
  double asa_s = 0;            // average speed of answer over all calls, in seconds
  double occupancy = 1;        // share of the agents' time spent handling calls
};

inline constexpr int kMaxAgents = 1'000'000;

// The figures for `agents` agents (1..kMaxAgents) and a target answer time of
// `target_answer_s` seconds (>= 0).
Result<StaffingFigures> ErlangC(const CallLoad& load, int agents, double target_answer_s);

// The fewest agents whose service level for `target_answer_s` reaches `target_sl`
// (0 < target_sl < 1), and their figures. At least one agent, even with no calls.
Result<StaffingFigures> FewestAgents(const CallLoad& load, double target_sl,
                                     double target_answer_s);

// Staffing around the target, for a chart: the figures at `agents` (the fewest agents meeting
// the target when unset), the fewest, and the figures from kCurveBelow fewer to
// kCurveAbove more agents than the fewest (from one agent on).
struct StaffingPlan {
  StaffingFigures at;
  int fewest_agents = 0;
  std::vector<StaffingFigures> curve;
};
inline constexpr int kCurveBelow = 3;
inline constexpr int kCurveAbove = 5;
Result<StaffingPlan> PlanStaffing(const CallLoad& load, double target_sl, double target_answer_s,
                                  std::optional<int> agents);

}  // namespace nazar::journey
