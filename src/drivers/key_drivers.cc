#include "drivers/key_drivers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "core/try.h"

namespace nazar::drivers {
namespace {

constexpr double kPercent = 100.0;

double PercentOfScale(double mean, const DriverScale& scale) {
  return scale.max > scale.min ? kPercent * (mean - scale.min) / (scale.max - scale.min) : 0.0;
}

}  // namespace

size_t MinResponses(size_t drivers) { return kMinResponsesBase + drivers; }

int DefaultBootstrap(int64_t rows) {
  return static_cast<int>(std::clamp<int64_t>(kBootstrapRowBudget / std::max<int64_t>(rows, 1),
                                              kMinDefaultBootstrap, kDefaultBootstrap));
}

size_t RowsUsed(std::span<const std::vector<double>> columns, MissingHandling missing) {
  const size_t width = columns.size();
  std::vector<uint32_t> masks(columns.front().size(), 0);  // bit c: column c answered
  for (size_t c = 0; c < width; ++c) {
    for (size_t r = 0; r < masks.size(); ++r) {
      masks[r] |= static_cast<uint32_t>(!std::isnan(columns[c][r])) << c;
    }
  }
  std::vector<size_t> rows_with(size_t{1} << width, 0);  // by answered set
  for (const uint32_t mask : masks) ++rows_with[mask];
  if (missing == MissingHandling::kListwise) return rows_with.back();
  size_t fewest = std::numeric_limits<size_t>::max();
  for (size_t a = 0; a < width; ++a) {
    for (size_t b = a + 1; b < width; ++b) {
      const size_t pair = (size_t{1} << a) | (size_t{1} << b);
      size_t both = 0;
      for (size_t mask = 0; mask < rows_with.size(); ++mask) {
        if ((mask & pair) == pair) both += rows_with[mask];
      }
      fewest = std::min(fewest, both);
    }
  }
  return fewest;
}

Result<KeyDriverReport> AnalyzeKeyDrivers(std::span<const double> outcome,
                                          std::span<const std::vector<double>> drivers,
                                          std::span<const std::string> names,
                                          std::span<const DriverScale> scales,
                                          const KeyDriverOptions& options) {
  const size_t k = drivers.size();
  if (k == 0 || k > kMaxDrivers) {
    return Fail(Error::InvalidArgument(
        fmt::format("{} drivers: 1 to {} can be analysed at once", k, kMaxDrivers), "drivers"));
  }
  if (!scales.empty() && scales.size() != k) {
    return Fail(Error::InvalidArgument("one scale per driver", "scales"));
  }
  for (const std::vector<double>& column : drivers) {
    if (column.size() != outcome.size())
      return Fail(Error::InvalidArgument("every column has one value per response", "drivers"));
  }
  KeyDriverReport report{.missing = options.missing,
                         .confidence_level = options.confidence_level,
                         .min_n = MinResponses(k)};
  report.bootstrap_samples =
      options.bootstrap_samples.value_or(DefaultBootstrap(static_cast<int64_t>(outcome.size())));
  std::vector<std::vector<double>> columns;
  columns.reserve(k + 1);
  columns.emplace_back(outcome.begin(), outcome.end());
  columns.insert(columns.end(), drivers.begin(), drivers.end());
  report.usable = RowsUsed(columns, options.missing);
  if (report.usable < report.min_n) return report;

  TRY_ASSIGN(report.analysis, AnalyzeDrivers(outcome, drivers, names,
                                             {.missing = options.missing,
                                              .bootstrap_samples = report.bootstrap_samples,
                                              .seed = options.seed,
                                              .confidence_level = options.confidence_level}));
  const DriverAnalysis& analysis = *report.analysis;
  std::vector<double> importance(k), performance(k);
  for (size_t j = 0; j < k; ++j) {
    importance[j] = analysis.drivers[j].lmg_share;
    performance[j] = scales.empty() ? analysis.drivers[j].performance
                                    : PercentOfScale(analysis.drivers[j].performance, scales[j]);
  }
  if (scales.empty()) {
    report.thresholds = analysis.thresholds;
  } else {
    TRY_ASSIGN(report.thresholds, MeanThresholds(importance, performance));
  }
  std::vector<size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::ranges::stable_sort(order, std::greater<>(), [&](size_t j) { return importance[j]; });
  for (const size_t j : order) {
    report.ranked.push_back(
        {.index = j,
         .performance = performance[j],
         .quadrant = scales.empty() ? analysis.drivers[j].quadrant
                                    : Classify(importance[j], performance[j], report.thresholds)});
  }
  return report;
}

}  // namespace nazar::drivers
