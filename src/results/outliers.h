// Which groups of a breakdown stand out from the rest: each group (an agent, a touchpoint, a
// topic) is tested against every other counted response of the same report, and the tests of
// one breakdown are corrected together for multiplicity.
//
// Contract:
// - "The rest" of a group is the report's overall histogram minus the group's: for a
//   single-valued dimension the other groups together; for a multi-valued one (topics) the
//   responses that do not mention it. Either way the two samples share no response, so the
//   two-sample tests of metrics/scores.h apply: CompareNps (unpooled z) for NPS,
//   CompareProportions (pooled z) of the favourable share for CSAT and CES, Welch's t
//   (CompareMeans) for a rating's mean. The difference is group - rest, in the metric's unit.
// - Multiplicity: a breakdown of 30 agents at 5% would mark about 1.5 agents by chance.
//   The p-values of the groups that can be tested (both sides with at least min_n
//   responses) are adjusted together with Holm's step-down method (which controls the
//   family-wise error rate at 1 - confidence_level under any dependence); a group is an
//   outlier when its adjusted p is below that level, and its direction is the sign of the
//   difference.
// - A group with too few responses on either side is kNotEnoughData and takes no part in
//   the correction.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <string_view>

#include "metrics/scores.h"

namespace nazar::results {

enum class Outlier { kAbove, kBelow, kWithinMargin, kNotEnoughData };

// Stable snake_case names: "above", "below", "within_margin", "not_enough_data".
std::string_view ToString(Outlier outlier);

struct VersusRest {
  metrics::Comparison comparison;  // current = the group, baseline = the rest
  int64_t rest_n = 0;
  double adjusted_p = 0.0;  // Holm-adjusted over the breakdown's testable groups; NaN if none
  Outlier outlier = Outlier::kNotEnoughData;
};

// Holm's step-down adjustment of p-values (NaN entries are left NaN and not counted):
// the i-th smallest of m p-values becomes max over j <= i of min(1, (m - j + 1) p_(j)).
std::vector<double> HolmAdjust(std::span<const double> p_values);

// CompareWithRest (results.h) fills one VersusRest per group of a breakdown.

}  // namespace nazar::results
