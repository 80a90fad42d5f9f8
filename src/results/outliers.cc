#include "results/outliers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/enum_names.h"
#include "results/results.h"

namespace nazar::results {
namespace {

constexpr EnumNames<Outlier, 4> kOutlierNames{{{Outlier::kAbove, "above"},
                                               {Outlier::kBelow, "below"},
                                               {Outlier::kWithinMargin, "within_margin"},
                                               {Outlier::kNotEnoughData, "not_enough_data"}}};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::string_view ToString(Outlier outlier) { return NameOf(kOutlierNames, outlier); }

std::vector<double> HolmAdjust(std::span<const double> p_values) {
  std::vector<double> adjusted(p_values.size(), kNaN);
  std::vector<size_t> order;
  for (size_t i = 0; i < p_values.size(); ++i)
    if (!std::isnan(p_values[i])) order.push_back(i);
  std::ranges::stable_sort(order, {}, [&](size_t i) { return p_values[i]; });
  const double m = static_cast<double>(order.size());
  double running = 0.0;  // the adjusted p-values never decrease along the order
  for (size_t rank = 0; rank < order.size(); ++rank) {
    const double scaled = std::min(1.0, (m - static_cast<double>(rank)) * p_values[order[rank]]);
    running = std::max(running, scaled);
    adjusted[order[rank]] = running;
  }
  return adjusted;
}

Result<std::vector<VersusRest>> CompareWithRest(Metric metric, metrics::Scale scale,
                                                const std::vector<int64_t>& overall,
                                                std::span<const MetricGroup> groups,
                                                const metrics::ScoreOptions& options) {
  std::vector<VersusRest> out;
  std::vector<double> p_values;
  for (size_t i = 0; i < groups.size(); ++i) {
    const std::vector<int64_t>& h = groups[i].histogram;
    const std::string field = fmt::format("groups[{}]", i);
    if (h.size() != overall.size())
      return Fail(Error::InvalidArgument("a group's histogram is not of the report's scale", field));
    std::vector<int64_t> rest(h.size());
    for (size_t v = 0; v < h.size(); ++v) {
      if (h[v] > overall[v])
        return Fail(Error::InvalidArgument("a group counts more than the whole report", field));
      rest[v] = overall[v] - h[v];
    }
    auto cmp = CompareHistograms(metric, scale, rest, h, options);
    if (!cmp) return Fail(cmp.error());
    VersusRest vr{.comparison = *cmp,
                  .rest_n = std::accumulate(rest.begin(), rest.end(), int64_t{0})};
    const bool testable = cmp->verdict != metrics::Verdict::kNotEnoughData && !std::isnan(cmp->p_value);
    p_values.push_back(testable ? cmp->p_value : kNaN);
    out.push_back(vr);
  }
  const std::vector<double> adjusted = HolmAdjust(p_values);
  const double alpha = 1.0 - options.confidence_level;
  for (size_t i = 0; i < out.size(); ++i) {
    VersusRest& vr = out[i];
    vr.adjusted_p = adjusted[i];
    if (std::isnan(adjusted[i])) {
      vr.outlier = Outlier::kNotEnoughData;
    } else if (adjusted[i] < alpha && vr.comparison.difference != 0.0) {
      vr.outlier = vr.comparison.difference > 0 ? Outlier::kAbove : Outlier::kBelow;
    } else {
      vr.outlier = Outlier::kWithinMargin;
    }
  }
  return out;
}

}  // namespace nazar::results
