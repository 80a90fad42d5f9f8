#include "drivers/priority_matrix.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace nazar::drivers {
namespace {

Result<double> MeanOf(std::span<const double> values, const char* field) {
  double sum = 0.0;
  for (std::size_t j = 0; j < values.size(); ++j) {
    if (!std::isfinite(values[j])) {
      return Fail(Error::InvalidArgument("value is not finite",
                                         std::string(field) + "[" + std::to_string(j) + "]"));
    }
    sum += values[j];
  }
  return sum / static_cast<double>(values.size());
}

bool AtOrAbove(double value, double threshold) {
  return value >= threshold - kTieSlack * std::max(1.0, std::abs(threshold));
}

}  // namespace

std::string_view ToString(Quadrant quadrant) {
  switch (quadrant) {
    case Quadrant::kFixFirst:
      return "fix_first";
    case Quadrant::kKeep:
      return "keep";
    case Quadrant::kMonitor:
      return "monitor";
    case Quadrant::kLowPriority:
      return "low_priority";
  }
  return "low_priority";
}

Result<PriorityThresholds> MeanThresholds(std::span<const double> importance,
                                          std::span<const double> performance) {
  if (importance.empty()) {
    return Fail(Error::InvalidArgument("at least one driver is needed", "importance"));
  }
  if (performance.size() != importance.size()) {
    return Fail(Error::InvalidArgument(
        "expected " + std::to_string(importance.size()) + " performance values, one per driver",
        "performance"));
  }
  auto mean_importance = MeanOf(importance, "importance");
  if (!mean_importance) return Fail(std::move(mean_importance.error()));
  auto mean_performance = MeanOf(performance, "performance");
  if (!mean_performance) return Fail(std::move(mean_performance.error()));
  return PriorityThresholds{*mean_importance, *mean_performance};
}

Quadrant Classify(double importance, double performance, const PriorityThresholds& thresholds) {
  const bool important = AtOrAbove(importance, thresholds.importance);
  const bool performing = AtOrAbove(performance, thresholds.performance);
  if (important) return performing ? Quadrant::kKeep : Quadrant::kFixFirst;
  return performing ? Quadrant::kMonitor : Quadrant::kLowPriority;
}

Result<std::vector<Quadrant>> ClassifyDrivers(std::span<const double> importance,
                                              std::span<const double> performance) {
  auto thresholds = MeanThresholds(importance, performance);
  if (!thresholds) return Fail(std::move(thresholds.error()));
  std::vector<Quadrant> quadrants;
  quadrants.reserve(importance.size());
  for (std::size_t j = 0; j < importance.size(); ++j) {
    quadrants.push_back(Classify(importance[j], performance[j], *thresholds));
  }
  return quadrants;
}

}  // namespace nazar::drivers
