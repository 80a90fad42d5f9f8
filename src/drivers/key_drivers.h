// Key driver analysis as Nazar serves it: by the API over a survey's rating questions
// (results/survey_drivers.h) and by `nazar analyze drivers` over a CSV file's columns. Over
// AnalyzeDrivers it decides whether there are enough answers to rank the drivers at all, how
// many bootstrap resamples an analysis affords, where each driver sits on the performance
// axis, and in what order the drivers are shown.
//
// Contract:
// - At most kMaxDrivers drivers (exact LMG doubles in cost with each): InvalidArgument on
//   "drivers" beyond.
// - Minimum n: the drivers are ranked from MinResponses(k) usable responses (kMinResponsesBase
//   plus one per driver), counted as AnalyzeDrivers counts n (RowsUsed); below it the report
//   has no analysis (enough() is false) instead of ranking noise.
// - Bootstrap: KeyDriverOptions::bootstrap_samples when set, else DefaultBootstrap(rows):
//   kDefaultBootstrap resamples, fewer on large samples so that the resamples hold at most
//   kBootstrapRowBudget rows (on one core about 0.4 s listwise, 1.5 s pairwise), never fewer
//   than kMinDefaultBootstrap (with that many responses the intervals are narrow anyway).
// - Performance: with each driver's scale, its mean restated as a share of the scale, 0 (its
//   lowest point) to 100 (its highest), so that drivers on 5- and 7-point scales sit on one
//   axis, and the quadrants placed again on that axis (thresholds at the means, as
//   priority_matrix.h); without scales, the mean and the quadrant AnalyzeDrivers gives.
// - Order: by LMG share, the highest first; ties keep the input order.
// - Errors: those of AnalyzeDrivers, unchanged (fields "outcome", "drivers[j]",
//   "options.missing", ...).
//
// Thread safety: pure functions of their arguments; safe to call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "drivers/driver_analysis.h"
#include "drivers/priority_matrix.h"

namespace nazar::drivers {

inline constexpr size_t kMaxDrivers = 15;
inline constexpr size_t kMinResponsesBase = 30;
inline constexpr int kDefaultBootstrap = 200;
inline constexpr int kMinDefaultBootstrap = 20;
inline constexpr int64_t kBootstrapRowBudget = 20'000'000;

// The usable responses the drivers are ranked from: kMinResponsesBase + drivers.
size_t MinResponses(size_t drivers);
// The bootstrap resamples of an analysis of `rows` responses when the caller does not choose.
int DefaultBootstrap(int64_t rows);
// The responses behind an analysis, counted as AnalyzeDrivers counts n: the complete rows
// (listwise), or the fewest rows in which two of the columns are both answered (pairwise).
// REQUIRES: 2 to kMaxDrivers + 1 columns of equal length.
size_t RowsUsed(std::span<const std::vector<double>> columns, MissingHandling missing);

// A driver's scale: its lowest and highest points.
struct DriverScale {
  double min = 0.0;
  double max = 0.0;
};

struct KeyDriverOptions {
  MissingHandling missing = MissingHandling::kListwise;
  std::optional<int> bootstrap_samples;  // unset: DefaultBootstrap(rows)
  std::uint64_t seed = 0;
  double confidence_level = 0.95;
};

// One driver in the order shown.
struct RankedDriver {
  size_t index = 0;          // its position among the drivers given
  double performance = 0.0;  // share of its scale (0..100), or its mean without scales
  Quadrant quadrant = Quadrant::kLowPriority;
};

struct KeyDriverReport {
  MissingHandling missing = MissingHandling::kListwise;
  double confidence_level = 0.0;
  size_t min_n = 0;           // MinResponses(drivers)
  size_t usable = 0;          // RowsUsed
  int bootstrap_samples = 0;  // resamples chosen (asked or DefaultBootstrap)
  // Set when usable >= min_n.
  std::optional<DriverAnalysis> analysis;
  PriorityThresholds thresholds;     // on the performance axis above
  std::vector<RankedDriver> ranked;  // most important first

  bool enough() const { return analysis.has_value(); }
};

// `outcome` and the `drivers` columns (NaN where unanswered) with their `names`; `scales`
// empty, or one per driver.
[[nodiscard]] Result<KeyDriverReport> AnalyzeKeyDrivers(
    std::span<const double> outcome, std::span<const std::vector<double>> drivers,
    std::span<const std::string> names, std::span<const DriverScale> scales,
    const KeyDriverOptions& options);

}  // namespace nazar::drivers
