#include "journey/erlang.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace nazar::journey {
namespace {

// A finite number within [min, ∞) (or (min, ∞) when `open`), else an error naming `field`.
Result<double> Checked(double value, double min, bool open, const char* field) {
  if (!std::isfinite(value) || value < min || (open && value == min)) {
    return Fail(Error::InvalidArgument(
        fmt::format("{} must be a number {} {}, not {}", field, open ? ">" : ">=", min, value),
        field));
  }
  return value;
}

Result<double> TrafficErlangs(const CallLoad& load) {
  auto calls = Checked(load.calls, 0, false, "calls");
  if (!calls) return Fail(calls.error());
  auto interval = Checked(load.interval_min, 0, true, "interval_min");
  if (!interval) return Fail(interval.error());
  auto aht = Checked(load.aht_s, 0, true, "aht_s");
  if (!aht) return Fail(aht.error());
  return *calls * *aht / (*interval * 60);
}

// The figures for `agents` given Erlang B for that many agents.
StaffingFigures Figures(double traffic, int agents, double erlang_b, const CallLoad& load,
                        double answer_s) {
  StaffingFigures f;
  f.agents = agents;
  f.traffic_erlangs = traffic;
  f.stable = agents > traffic;
  if (!f.stable) {
    f.asa_s = std::numeric_limits<double>::infinity();
    return f;
  }
  double n = agents;
  f.p_wait = n * erlang_b / (n - traffic * (1 - erlang_b));
  f.service_level = 1 - f.p_wait * std::exp(-(n - traffic) * answer_s / load.aht_s);
  f.asa_s = f.p_wait * load.aht_s / (n - traffic);
  f.occupancy = traffic / n;
  return f;
}

double NextErlangB(double traffic, int agents, double previous) {
  return traffic * previous / (agents + traffic * previous);
}

}  // namespace

Result<StaffingFigures> ErlangC(const CallLoad& load, int agents, double target_answer_s) {
  auto traffic = TrafficErlangs(load);
  if (!traffic) return Fail(traffic.error());
  if (agents < 1 || agents > kMaxAgents) {
    return Fail(Error::InvalidArgument(
        fmt::format("agents must be a whole number from 1 to {}, not {}", kMaxAgents, agents),
        "agents"));
  }
  auto answer_s = Checked(target_answer_s, 0, false, "target_answer_s");
  if (!answer_s) return Fail(answer_s.error());
  double b = 1;
  for (int k = 1; k <= agents; ++k) b = NextErlangB(*traffic, k, b);
  return Figures(*traffic, agents, b, load, *answer_s);
}

Result<StaffingFigures> FewestAgents(const CallLoad& load, double target_sl,
                                     double target_answer_s) {
  auto traffic = TrafficErlangs(load);
  if (!traffic) return Fail(traffic.error());
  if (!(target_sl > 0 && target_sl < 1)) {
    return Fail(Error::InvalidArgument(
        fmt::format("target_sl must be a share between 0 and 1 (0.8 for 80%), not {}", target_sl),
        "target_sl"));
  }
  auto answer_s = Checked(target_answer_s, 0, false, "target_answer_s");
  if (!answer_s) return Fail(answer_s.error());
  // The service level rises with every agent past the traffic and tends to 1.
  double b = 1;
  for (int agents = 1; agents <= kMaxAgents; ++agents) {
    b = NextErlangB(*traffic, agents, b);
    StaffingFigures f = Figures(*traffic, agents, b, load, *answer_s);
    if (f.stable && f.service_level >= target_sl) return f;
  }
  return Fail(Error::InvalidArgument(
      fmt::format("no staffing up to {} agents meets the target", kMaxAgents), "calls"));
}

Result<StaffingPlan> PlanStaffing(const CallLoad& load, double target_sl, double target_answer_s,
                                  std::optional<int> agents) {
  auto fewest = FewestAgents(load, target_sl, target_answer_s);
  if (!fewest) return Fail(fewest.error());
  auto at = ErlangC(load, agents.value_or(fewest->agents), target_answer_s);
  if (!at) return Fail(at.error());
  StaffingPlan plan{.at = *at, .fewest_agents = fewest->agents};
  for (int n = std::max(1, fewest->agents - kCurveBelow); n <= fewest->agents + kCurveAbove; ++n) {
    if (auto f = ErlangC(load, n, target_answer_s)) plan.curve.push_back(*f);
  }
  return plan;
}

}  // namespace nazar::journey
