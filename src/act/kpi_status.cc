#include "act/kpi_status.h"

#include "core/enum_names.h"

namespace nazar::act {
namespace {

constexpr EnumNames<KpiStatus, 4> kStatuses{{{KpiStatus::kOnTrack, "on_track"},
                                             {KpiStatus::kAtRisk, "at_risk"},
                                             {KpiStatus::kOffTrack, "off_track"},
                                             {KpiStatus::kNotEnoughData, "not_enough_data"}}};

}  // namespace

std::string_view ToString(KpiStatus s) { return NameOf(kStatuses, s); }

KpiStatus KpiStatusOf(double target, const KpiReading& r) {
  if (!r.enough) return KpiStatus::kNotEnoughData;
  // Lower is better: the same rule on the negated values.
  const double sign = r.lower_is_better ? -1 : 1;
  const double actual = sign * r.actual, goal = sign * target;
  if (actual >= goal) return KpiStatus::kOnTrack;
  if (actual + r.margin >= goal) return KpiStatus::kAtRisk;
  if (r.previous && actual > sign * *r.previous) return KpiStatus::kAtRisk;
  return KpiStatus::kOffTrack;
}

std::string TrendOf(const KpiReading& r) {
  if (!r.previous) return "";
  if (r.actual > *r.previous) return "up";
  if (r.actual < *r.previous) return "down";
  return "flat";
}

}  // namespace nazar::act
