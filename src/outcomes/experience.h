// Customer value tied to experience: what promoters, passives and detractors are worth, how
// likely each group is to be lost, the revenue at risk from detractors, and a what-if that
// moves N detractors into another group.
//
// Contract:
// - Each customer comes with their NPS group (from their latest NPS answer), their revenue over
//   the last year, their CLV and P(alive) from the fitted models. Churn is 1 − P(alive).
// - Per group: customers, revenue (sum), mean CLV, mean churn and mean cost to serve, each
//   mean with a percentile bootstrap interval (resampling the group's customers with
//   replacement). A group below
//   `min_n` customers reports `enough = false` and no means or intervals: too few to say.
// - Revenue at risk from detractors: Σ over detractors of churn × last year's revenue — what
//   they brought in that the model expects to leave.
// - What-if: moving N detractors into `to` changes the expected value by
//   N × (mean CLV of `to` − mean CLV of detractors) and the customers expected to be lost by
//   N × (churn of detractors − churn of `to`); the intervals come from bootstrapping both groups
//   independently, B times. Both groups need `min_n`. This is an association between groups,
//   not an effect of moving anyone: the response says so (kAssociationCaveat).
// - Deterministic: the bootstrap draws from a generator seeded with `seed`.
//
// Thread-safety: a pure function over plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nazar::outcomes {

enum class NpsGroup { kPromoter, kPassive, kDetractor };
std::string_view ToString(NpsGroup group);  // "promoter", "passive", "detractor"
std::optional<NpsGroup> ParseNpsGroup(std::string_view text);
// 9-10 promoter, 7-8 passive, 0-6 detractor. REQUIRES: 0 <= rating <= 10.
NpsGroup NpsGroupOf(int64_t rating);

struct CustomerExperience {
  NpsGroup group = NpsGroup::kPassive;
  double revenue = 0;  // last year, in minor units
  double clv = 0;
  double p_alive = 0;
  double serve = 0;    // cost to serve over the same year (interactions × rates), minor units
};

struct Interval {
  double low = 0, high = 0;
};

struct GroupValue {
  NpsGroup group = NpsGroup::kPassive;
  int64_t customers = 0;
  double revenue = 0;
  bool enough = false;  // at least min_n customers: the means and intervals below are set
  double mean_clv = 0;
  Interval clv_interval;
  double churn = 0;  // mean 1 − P(alive)
  Interval churn_interval;
  double cost_to_serve = 0;  // mean, minor units
  Interval cost_to_serve_interval;
};

struct WhatIf {
  int64_t moved = 0;
  NpsGroup to = NpsGroup::kPassive;
  bool enough = false;      // both groups have min_n customers
  double value_change = 0;  // minor units of CLV
  Interval value_interval;
  double churn_change = 0;  // customers expected to be lost (negative: fewer lost)
  Interval churn_interval;
};

struct ExperienceOptions {
  int64_t min_n = 30;
  int bootstrap_samples = 1000;
  double confidence = 0.95;
  uint64_t seed = 16;
  int64_t move = 0;  // detractors to move in the what-if; 0 for none
  NpsGroup move_to = NpsGroup::kPassive;
};

struct ExperienceValue {
  std::vector<GroupValue> groups;  // promoter, passive, detractor
  int64_t customers = 0;
  double revenue_at_risk = 0;
  std::optional<WhatIf> what_if;
};

inline constexpr std::string_view kAssociationCaveat =
    "These are differences observed between groups of customers, an association: they do not "
    "show that moving a detractor would change what they spend. Customers who spend more may "
    "also be those who are happier for other reasons.";

// InvalidArgument naming "move" (negative, more than the detractors), "move_to" (detractor)
// or "bootstrap_samples".
Result<ExperienceValue> ValueByNpsGroup(std::span<const CustomerExperience> customers,
                                        const ExperienceOptions& options);

// One segment's value (a persona's scored members, whatever their NPS group): customers,
// revenue, mean CLV and churn with their bootstrap intervals as for an NPS group (`group` is
// not used), and the segment's revenue at risk, Σ churn × last year's revenue.
// InvalidArgument naming "bootstrap_samples".
struct SegmentValue {
  GroupValue value;
  double revenue_at_risk = 0;
};
Result<SegmentValue> ValueOfSegment(std::span<const CustomerExperience> customers,
                                    const ExperienceOptions& options);

}  // namespace nazar::outcomes
