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
  if (r.actual >= target) return KpiStatus::kOnTrack;
  if (r.actual + r.margin >= target) return KpiStatus::kAtRisk;
  if (r.previous && r.actual > *r.previous) return KpiStatus::kAtRisk;
  return KpiStatus::kOffTrack;
}

std::string TrendOf(const KpiReading& r) {
  if (!r.previous) return "";
  if (r.actual > *r.previous) return "up";
  if (r.actual < *r.previous) return "down";
  return "flat";
}

}  // namespace nazar::act
