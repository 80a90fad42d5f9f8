// Key driver analysis: how much each driver (a rated attribute: "wait time", "staff
// courtesy") explains of an outcome (overall satisfaction, NPS rating), with bootstrap
// confidence intervals, and where each driver falls on the priority matrix.
//
// Contract:
// - Input: the outcome y and k driver columns of the same length, one value per respondent
//   (row); NaN marks a missing value. Infinite values are rejected.
// - The model is the linear regression of y on all k drivers. Importance is reported two
//   ways, both from the correlation matrix of (y, drivers) (see relative_importance.h):
//   exact LMG / Shapley shares of R² and Johnson's relative weights.
// - Missing values are handled as DriverOptions::missing says, and the result says which
//   was applied:
//     kListwise: rows with any NaN are dropped; n is the number of complete rows.
//     kPairwise: each correlation uses the rows where both of its variables are present
//                (R's cor(use = "pairwise.complete.obs")); n is the smallest such count.
//                The matrix may then fail to be positive definite: that is reported as an
//                error on "options.missing", never papered over.
//   Either way n must be at least k + 2.
// - Bootstrap: the rows are resampled with replacement (listwise: the complete rows;
//   pairwise: the rows with at least two values present), and the correlation matrix of
//   each resample is computed in one pass over the data. Intervals are percentile
//   intervals (R's quantile type 7). Resamples where a column is constant or the drivers are
//   collinear are skipped and counted. The random stream is a fixed function of the seed
//   (SplitMix64), so results are identical across platforms and runs.
// - Performance of a driver is its mean over the rows used (listwise) or over its present
//   values (pairwise), unless DriverOptions::performance supplies it.
// - Priority quadrants use the LMG shares as importance, with thresholds at the mean
//   importance (1/k) and the mean performance over drivers (see priority_matrix.h).
// - Cost: O(n k²) for the correlations and O(2^k k) for LMG, times (1 + B) with the
//   bootstrap. On one core, B = 200 with 15 drivers on 100 000 rows takes 1-2 s
//   listwise and 5 s pairwise (whose one pass carries three times the moments).
// - Errors are values: InvalidArgument naming the offending field ("outcome", "names",
//   "drivers[2]", "options.bootstrap_samples", ...).
//
// Thread safety: a pure function of its arguments; safe to call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "drivers/priority_matrix.h"
#include "drivers/relative_importance.h"

namespace nazar::drivers {

enum class MissingHandling {
  kListwise,  // drop every row with a missing value
  kPairwise,  // each correlation from the rows where both variables are present
};

// Stable names: "listwise", "pairwise".
std::string_view ToString(MissingHandling missing);

struct DriverOptions {
  // How rows with missing values (NaN) are treated. Default: listwise deletion.
  MissingHandling missing = MissingHandling::kListwise;

  // Bootstrap resamples B for the confidence intervals. 0 turns the bootstrap off (the
  // interval fields are then NaN); otherwise at least kMinBootstrapSamples and at most
  // kMaxBootstrapSamples. Default: 200.
  int bootstrap_samples = 200;

  // Seed of the bootstrap's random stream. The same seed and data give the same intervals.
  // Default: 0.
  std::uint64_t seed = 0;

  // Two-sided coverage of the percentile intervals, strictly between 0 and 1.
  // Default: 0.95 (the 2.5th and 97.5th percentiles).
  double confidence_level = 0.95;

  // Current performance of each driver (for instance a top-2-box share), one per driver, in
  // driver order. Default (empty): the mean score of each driver.
  std::optional<std::vector<double>> performance;
};

inline constexpr int kMinBootstrapSamples = 2;
inline constexpr int kMaxBootstrapSamples = 100000;

// The value of an interval bound that was not computed.
inline constexpr double kNoInterval = std::numeric_limits<double>::quiet_NaN();

struct DriverImportance {
  std::string name;
  double lmg = 0.0;                  // LMG share of R²; the lmg of all drivers sum to r2
  double lmg_share = 0.0;            // lmg / r2; sums to 1 over the drivers
  double relative_weight = 0.0;      // Johnson's raw weight; sums to r2
  double relative_weight_pct = 0.0;  // relative_weight / r2 * 100; sums to 100
  // Percentile interval of lmg_share; NaN without bootstrap (or with under two usable
  // resamples).
  double ci_low = kNoInterval;
  double ci_high = kNoInterval;
  // Percentile interval of relative_weight_pct; NaN likewise.
  double relative_weight_pct_ci_low = kNoInterval;
  double relative_weight_pct_ci_high = kNoInterval;
  double performance = 0.0;  // mean score of the driver, or the supplied value
  Quadrant quadrant = Quadrant::kLowPriority;
};

struct DriverAnalysis {
  MissingHandling missing = MissingHandling::kListwise;  // as applied
  std::size_t n = 0;               // rows used: complete rows (listwise) or smallest pairwise count
  double r2 = 0.0;                 // R² of the outcome on all drivers
  int bootstrap_samples = 0;       // resamples requested
  int bootstrap_samples_used = 0;  // resamples that gave a usable correlation matrix
  double confidence_level = 0.0;
  PriorityThresholds thresholds;          // the quadrant boundaries applied
  std::vector<DriverImportance> drivers;  // in input order
};

// REQUIRES: nothing; every precondition on the data and options is checked and reported.
// `drivers[j]` is the column of driver j and `names[j]` its name.
[[nodiscard]] Result<DriverAnalysis> AnalyzeDrivers(std::span<const double> outcome,
                                                    std::span<const std::vector<double>> drivers,
                                                    std::span<const std::string> names,
                                                    const DriverOptions& options = {});

}  // namespace nazar::drivers
