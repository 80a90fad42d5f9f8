// Whether a KPI target of the CX program is on track: the one rule, pure, used by the
// scorecard (act/program.h), its tests and the app's badge.
//
// Values are in the KPI's unit (NPS points; CSAT/CES percent favourable; money or percent for
// the business KPIs, act/business_kpi.h). Higher is better unless the reading says
// `lower_is_better` (churn, CAC, cost to serve): then every comparison below is mirrored
// (reached means actual <= target, "toward it" means falling). With `actual` the current period's value, `margin` its margin of error (half
// the confidence interval's width) and `previous` the period before:
//   not_enough_data  the current period has fewer responses than the minimum n: no verdict;
//   on_track         actual >= target;
//   at_risk          below the target, but the target lies within the actual's margin
//                    (actual + margin >= target: the shortfall could be noise), or the trend
//                    moves toward it (the previous period had enough responses and the actual
//                    is above it);
//   off_track        otherwise: clearly below the target and not improving.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nazar::act {

enum class KpiStatus { kOnTrack, kAtRisk, kOffTrack, kNotEnoughData };
std::string_view ToString(KpiStatus status);

struct KpiReading {
  bool enough = false;  // the current period has at least the minimum n
  double actual = 0;
  double margin = 0;
  std::optional<double> previous;  // the previous period's value when it had enough responses
  bool lower_is_better = false;
};

KpiStatus KpiStatusOf(double target, const KpiReading& reading);

// "up", "down" or "flat" from previous to actual; "" without a previous value.
std::string TrendOf(const KpiReading& reading);

}  // namespace nazar::act
