#include "drivers/driver_analysis.h"

#include <Eigen/Core>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>

namespace nazar::drivers {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A column whose (weighted) variance is below this fraction of its second moment about the
// centring point is constant up to rounding. Columns are centred at their full-sample mean,
// so for real data the ratio is near 1; a resample of identical values gives ~1e-16.
constexpr double kConstantRatio = 1e-10;

// Below this the drivers explain nothing and shares of R² are undefined.
constexpr double kMinR2 = 1e-12;

// Column c of the (outcome, drivers...) matrix, as the caller knows it.
std::string ColumnField(int c) {
  return c == 0 ? std::string("outcome") : "drivers[" + std::to_string(c - 1) + "]";
}

// Messages about one column start with its field; for a driver, add its name after it:
// "drivers[3] (Catholic) is constant over the rows used".
Error WithDriverName(Error error, std::span<const std::string> names) {
  constexpr std::string_view kPrefix = "drivers[";
  const std::string& field = error.field;
  if (!field.starts_with(kPrefix) || !error.message.starts_with(field)) return error;
  std::size_t index = 0;
  const char* first = field.data() + kPrefix.size();
  const auto [end, ec] = std::from_chars(first, field.data() + field.size(), index);
  if (ec != std::errc() || index >= names.size() || names[index].empty()) return error;
  error.message.insert(field.size(), " (" + names[index] + ")");
  return error;
}

// SplitMix64 (Steele, Lea & Flood 2014): a fixed, portable stream, unlike the distributions
// of <random>, whose output differs between standard libraries.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform on [0, bound) by Lemire's multiply-shift; the bias, bound / 2^64, is negligible.
  std::size_t Below(std::size_t bound) {
    return static_cast<std::size_t>((static_cast<unsigned __int128>(Next()) * bound) >> 64);
  }

 private:
  std::uint64_t state_;
};

// Moments of the rows used, ready to give the correlation matrix of any reweighting of those
// rows (bootstrap counts) in one pass.
class RowMoments {
 public:
  virtual ~RowMoments() = default;
  virtual std::size_t rows() const = 0;
  // Rows behind the least-supported correlation of the last Correlate(nullptr, ...): all
  // rows for listwise deletion, the smallest pairwise-complete count for pairwise.
  virtual std::size_t SmallestCount() const = 0;
  // The (k+1)x(k+1) correlation matrix, row-major, outcome first, with each row weighted by
  // `weights` (all ones when null). Fails when fewer than `min_rows` (weighted) rows back a
  // correlation or a column does not vary.
  virtual Result<std::vector<double>> Correlate(const Eigen::VectorXd* weights,
                                                double min_rows) = 0;
};

// Correlation from weighted moments about a centring point: W, Σw·a, Σw·b, Σw·a², Σw·b²,
// Σw·ab. Returns NaN for a column that does not vary; the caller names it.
struct PairSums {
  double weight, sum_a, sum_b, sq_a, sq_b, cross;
};

bool Varies(double weight, double sum, double sq) {
  const double second = sq / weight;
  const double mean = sum / weight;
  return second - mean * mean > kConstantRatio * second;
}

double Correlation(const PairSums& s) {
  const double mean_a = s.sum_a / s.weight;
  const double mean_b = s.sum_b / s.weight;
  const double var_a = s.sq_a / s.weight - mean_a * mean_a;
  const double var_b = s.sq_b / s.weight - mean_b * mean_b;
  const double cov = s.cross / s.weight - mean_a * mean_b;
  return std::clamp(cov / std::sqrt(var_a * var_b), -1.0, 1.0);
}

// Listwise: the complete rows, as [1 | centred columns]. One symmetric rank update of
// (√w ∘ design) gives W, the sums and the cross products at once.
class ListwiseMoments final : public RowMoments {
 public:
  // `columns` are the outcome then the drivers; `rows` the complete rows; `means` their
  // means over those rows.
  ListwiseMoments(std::span<const std::span<const double>> columns,
                  const std::vector<std::size_t>& rows, const std::vector<double>& means)
      : p_(static_cast<int>(columns.size())), design_(rows.size(), columns.size() + 1) {
    design_.col(0).setOnes();
    for (int c = 0; c < p_; ++c) {
      for (std::size_t r = 0; r < rows.size(); ++r) {
        design_(r, c + 1) = columns[c][rows[r]] - means[c];
      }
    }
  }

  std::size_t rows() const override { return design_.rows(); }
  std::size_t SmallestCount() const override { return rows(); }

  Result<std::vector<double>> Correlate(const Eigen::VectorXd* weights, double min_rows) override {
    gram_.setZero(p_ + 1, p_ + 1);
    if (weights == nullptr) {
      gram_.selfadjointView<Eigen::Lower>().rankUpdate(design_.transpose());
    } else {
      root_weights_ = weights->cwiseSqrt();
      scaled_ = design_.array().colwise() * root_weights_.array();
      gram_.selfadjointView<Eigen::Lower>().rankUpdate(scaled_.transpose());
    }
    const double total = gram_(0, 0);
    if (total < min_rows) {
      return Fail(Error::InvalidArgument("too few rows", "drivers"));
    }
    for (int a = 0; a < p_; ++a) {
      if (!Varies(total, gram_(a + 1, 0), gram_(a + 1, a + 1))) {
        return Fail(Error::InvalidArgument(ColumnField(a) + " is constant over the rows used",
                                           ColumnField(a)));
      }
    }
    std::vector<double> corr(static_cast<std::size_t>(p_) * p_, 1.0);
    for (int a = 0; a < p_; ++a) {
      for (int b = 0; b < a; ++b) {
        const double r = Correlation({total, gram_(a + 1, 0), gram_(b + 1, 0), gram_(a + 1, a + 1),
                                      gram_(b + 1, b + 1), gram_(a + 1, b + 1)});
        corr[a * p_ + b] = r;
        corr[b * p_ + a] = r;
      }
    }
    return corr;
  }

 private:
  int p_;
  Eigen::MatrixXd design_;        // rows x (p + 1)
  Eigen::VectorXd root_weights_;  // reused buffers for √w and √w ∘ design
  Eigen::MatrixXd scaled_;
  Eigen::MatrixXd gram_;
};

// Pairwise: each variable is a present-mask M and its centred values X0 (0 where missing).
// For the pair (a, b): N_ab = Σw M_a M_b, Σ a = Σw X0_a M_b, Σ a² = Σw X0_a² M_b and
// Σ ab = Σw X0_a X0_b, all restricted to rows where both are present because X0 is zero
// elsewhere. One rank update of √w ∘ [M | X0] and one product X0²' (w ∘ M) give them all.
class PairwiseMoments final : public RowMoments {
 public:
  PairwiseMoments(std::span<const std::span<const double>> columns,
                  const std::vector<std::size_t>& rows, const std::vector<double>& means)
      : p_(static_cast<int>(columns.size())),
        masked_(rows.size(), 2 * columns.size()),
        squares_(rows.size(), columns.size()) {
    for (int c = 0; c < p_; ++c) {
      for (std::size_t r = 0; r < rows.size(); ++r) {
        const double value = columns[c][rows[r]];
        const bool present = !std::isnan(value);
        const double centred = present ? value - means[c] : 0.0;
        masked_(r, c) = present ? 1.0 : 0.0;
        masked_(r, p_ + c) = centred;
        squares_(r, c) = centred * centred;
      }
    }
  }

  std::size_t rows() const override { return masked_.rows(); }

  Result<std::vector<double>> Correlate(const Eigen::VectorXd* weights, double min_rows) override {
    const auto masks = masked_.leftCols(p_);
    gram_.setZero(2 * p_, 2 * p_);
    if (weights == nullptr) {
      gram_.selfadjointView<Eigen::Lower>().rankUpdate(masked_.transpose());
      squares_by_mask_.noalias() = squares_.transpose() * masks;
    } else {
      root_weights_ = weights->cwiseSqrt();
      scaled_ = masked_.array().colwise() * root_weights_.array();
      gram_.selfadjointView<Eigen::Lower>().rankUpdate(scaled_.transpose());
      weighted_masks_ = masks.array().colwise() * weights->array();
      squares_by_mask_.noalias() = squares_.transpose() * weighted_masks_;
    }
    // Only the lower triangle of gram_ is filled; every read below has row >= column.
    const auto sums = [&](int a, int b) {  // Σ over rows where a and b are both present
      return PairSums{gram_(a, b),
                      gram_(p_ + a, b),
                      gram_(p_ + b, a),
                      squares_by_mask_(a, b),
                      squares_by_mask_(b, a),
                      gram_(p_ + a, p_ + b)};
    };
    for (int a = 0; a < p_; ++a) {
      for (int b = 0; b < a; ++b) {
        if (gram_(a, b) < min_rows) {
          // Blame the sparser of the two (gram_(c, c) counts column c's present values).
          const int sparser = gram_(b, b) < gram_(a, a) ? b : a;
          const int other = sparser == a ? b : a;
          return Fail(Error::InvalidArgument(
              ColumnField(sparser) + " shares only " +
                  std::to_string(static_cast<long long>(gram_(a, b))) + " rows with " +
                  ColumnField(other) + "; at least " +
                  std::to_string(static_cast<long long>(min_rows)) + " are needed",
              ColumnField(sparser)));
        }
      }
    }
    for (int a = 0; a < p_; ++a) {
      const PairSums own = sums(a, a);
      if (!Varies(own.weight, own.sum_a, own.sq_a)) {
        return Fail(Error::InvalidArgument(ColumnField(a) + " is constant over the rows used",
                                           ColumnField(a)));
      }
    }
    std::vector<double> corr(static_cast<std::size_t>(p_) * p_, 1.0);
    for (int a = 0; a < p_; ++a) {
      for (int b = 0; b < a; ++b) {
        const PairSums pair = sums(a, b);
        const int flat = !Varies(pair.weight, pair.sum_a, pair.sq_a)   ? a
                         : !Varies(pair.weight, pair.sum_b, pair.sq_b) ? b
                                                                       : -1;
        if (flat >= 0) {
          return Fail(Error::InvalidArgument(ColumnField(flat) +
                                                 " does not vary over the rows it shares with " +
                                                 ColumnField(flat == a ? b : a),
                                             ColumnField(flat)));
        }
        const double r = Correlation(pair);
        corr[a * p_ + b] = r;
        corr[b * p_ + a] = r;
      }
    }
    return corr;
  }

  std::size_t SmallestCount() const override {
    double smallest = static_cast<double>(rows());
    for (int a = 0; a < p_; ++a) {
      for (int b = 0; b < a; ++b) smallest = std::min(smallest, gram_(a, b));
    }
    return static_cast<std::size_t>(smallest);
  }

 private:
  int p_;
  Eigen::MatrixXd masked_;   // rows x 2p: [M | X0]
  Eigen::MatrixXd squares_;  // rows x p: X0²
  Eigen::VectorXd root_weights_;
  Eigen::MatrixXd scaled_;
  Eigen::MatrixXd weighted_masks_;
  Eigen::MatrixXd gram_;
  Eigen::MatrixXd squares_by_mask_;
};

// The rows that take part (listwise: complete rows; pairwise: rows with at least two values
// present) and each column's mean (listwise: over those rows; pairwise: over the column's
// present values), which is both the centring point of the moments and, for drivers, the
// default performance.
struct RowSelection {
  std::vector<std::size_t> rows;
  std::vector<double> means;
};

RowSelection SelectRows(std::span<const std::span<const double>> columns, MissingHandling missing) {
  const std::size_t p = columns.size();
  const bool listwise = missing == MissingHandling::kListwise;
  RowSelection selection;
  for (std::size_t r = 0; r < columns[0].size(); ++r) {
    std::size_t present = 0;
    for (std::size_t c = 0; c < p; ++c) present += std::isnan(columns[c][r]) ? 0 : 1;
    if (listwise ? present == p : present >= 2) selection.rows.push_back(r);
  }
  selection.means.assign(p, 0.0);
  for (std::size_t c = 0; c < p; ++c) {
    double sum = 0.0;
    std::size_t count = 0;
    if (listwise) {
      for (std::size_t r : selection.rows) sum += columns[c][r];
      count = selection.rows.size();
    } else {
      for (double value : columns[c]) {
        if (std::isnan(value)) continue;
        sum += value;
        ++count;
      }
    }
    selection.means[c] = count > 0 ? sum / static_cast<double>(count) : 0.0;
  }
  return selection;
}

// Per driver, the lmg_share and relative_weight_pct of each usable resample.
struct BootstrapDraws {
  std::vector<std::vector<double>> lmg_share;
  std::vector<std::vector<double>> relative_weight_pct;
  int used = 0;
};

// Resampling n rows with replacement is drawing multinomial counts per row, which the
// moments take as weights, so a resample never copies the data.
BootstrapDraws Bootstrap(RowMoments& moments, int k, const DriverOptions& options,
                         double min_rows) {
  BootstrapDraws draws;
  draws.lmg_share.resize(k);
  draws.relative_weight_pct.resize(k);
  for (int j = 0; j < k; ++j) {
    draws.lmg_share[j].reserve(options.bootstrap_samples);
    draws.relative_weight_pct[j].reserve(options.bootstrap_samples);
  }
  SplitMix64 random(options.seed);
  const std::size_t n = moments.rows();
  Eigen::VectorXd counts(n);
  for (int b = 0; b < options.bootstrap_samples; ++b) {
    counts.setZero();
    for (std::size_t i = 0; i < n; ++i) counts(random.Below(n)) += 1.0;
    auto corr = moments.Correlate(&counts, min_rows);
    if (!corr) continue;  // a column constant in this resample
    auto resample = DecomposeR2(*corr, k);
    if (!resample || resample->r2 < kMinR2) continue;  // collinear in this resample
    for (int j = 0; j < k; ++j) {
      draws.lmg_share[j].push_back(resample->lmg[j] / resample->r2);
      draws.relative_weight_pct[j].push_back(100.0 * resample->relative_weights[j] / resample->r2);
    }
    ++draws.used;
  }
  return draws;
}

// R's quantile type 7 of sorted values.
double Quantile(const std::vector<double>& sorted, double prob) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * prob;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::pair<double, double> PercentileInterval(std::vector<double> values, double level) {
  if (values.size() < static_cast<std::size_t>(kMinBootstrapSamples)) return {kNaN, kNaN};
  std::sort(values.begin(), values.end());
  const double tail = (1.0 - level) / 2.0;
  return {Quantile(values, tail), Quantile(values, 1.0 - tail)};
}

Result<void> CheckOptions(const DriverOptions& options, std::size_t num_drivers) {
  if (options.missing != MissingHandling::kListwise &&
      options.missing != MissingHandling::kPairwise) {
    return Fail(Error::InvalidArgument("unknown missing-value handling", "options.missing"));
  }
  if (options.bootstrap_samples != 0 && (options.bootstrap_samples < kMinBootstrapSamples ||
                                         options.bootstrap_samples > kMaxBootstrapSamples)) {
    return Fail(Error::InvalidArgument("must be 0 (off) or between " +
                                           std::to_string(kMinBootstrapSamples) + " and " +
                                           std::to_string(kMaxBootstrapSamples),
                                       "options.bootstrap_samples"));
  }
  if (!(options.confidence_level > 0.0 && options.confidence_level < 1.0)) {
    return Fail(
        Error::InvalidArgument("must be strictly between 0 and 1", "options.confidence_level"));
  }
  if (options.performance) {
    if (options.performance->size() != num_drivers) {
      return Fail(Error::InvalidArgument(
          "expected " + std::to_string(num_drivers) + " values, one per driver",
          "options.performance"));
    }
    for (std::size_t j = 0; j < num_drivers; ++j) {
      if (!std::isfinite((*options.performance)[j])) {
        const std::string field = "options.performance[" + std::to_string(j) + "]";
        return Fail(Error::InvalidArgument(field + " is not finite", field));
      }
    }
  }
  return {};
}

Result<void> CheckShape(std::span<const double> outcome,
                        std::span<const std::vector<double>> drivers,
                        std::span<const std::string> names) {
  if (drivers.empty()) {
    return Fail(Error::InvalidArgument("at least one driver is needed", "drivers"));
  }
  if (drivers.size() > static_cast<std::size_t>(kMaxExactDrivers)) {
    return Fail(Error::InvalidArgument(std::to_string(drivers.size()) +
                                           " drivers exceed the exact Shapley budget of " +
                                           std::to_string(kMaxExactDrivers),
                                       "drivers"));
  }
  if (names.size() != drivers.size()) {
    return Fail(Error::InvalidArgument("expected " + std::to_string(drivers.size()) +
                                           " names, one per driver; got " +
                                           std::to_string(names.size()),
                                       "names"));
  }
  for (std::size_t j = 0; j < drivers.size(); ++j) {
    if (drivers[j].size() != outcome.size()) {
      const std::string field = ColumnField(static_cast<int>(j) + 1);
      return Fail(Error::InvalidArgument(field + " has " + std::to_string(drivers[j].size()) +
                                             " values; the outcome has " +
                                             std::to_string(outcome.size()),
                                         field));
    }
  }
  return {};
}

Result<void> CheckFinite(std::span<const std::span<const double>> columns) {
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (std::size_t r = 0; r < columns[c].size(); ++r) {
      if (std::isinf(columns[c][r])) {
        const std::string field = ColumnField(static_cast<int>(c));
        return Fail(
            Error::InvalidArgument(field + " is infinite in row " + std::to_string(r), field));
      }
    }
  }
  return {};
}

}  // namespace

std::string_view ToString(MissingHandling missing) {
  switch (missing) {
    case MissingHandling::kListwise:
      return "listwise";
    case MissingHandling::kPairwise:
      return "pairwise";
  }
  return "listwise";
}

Result<DriverAnalysis> AnalyzeDrivers(std::span<const double> outcome,
                                      std::span<const std::vector<double>> drivers,
                                      std::span<const std::string> names,
                                      const DriverOptions& options) {
  if (auto shape = CheckShape(outcome, drivers, names); !shape) {
    return Fail(WithDriverName(std::move(shape.error()), names));
  }
  const std::size_t k = drivers.size();
  if (auto checked = CheckOptions(options, k); !checked) return Fail(std::move(checked.error()));

  std::vector<std::span<const double>> columns;
  columns.reserve(k + 1);
  columns.emplace_back(outcome);
  for (const auto& driver : drivers) columns.emplace_back(driver);
  if (auto finite = CheckFinite(columns); !finite) {
    return Fail(WithDriverName(std::move(finite.error()), names));
  }

  const double min_rows = static_cast<double>(k + 2);
  const bool listwise = options.missing == MissingHandling::kListwise;

  const auto [rows, means] = SelectRows(columns, options.missing);
  if (listwise && static_cast<double>(rows.size()) < min_rows) {
    return Fail(Error::InvalidArgument("listwise deletion leaves " + std::to_string(rows.size()) +
                                           " complete rows; at least " + std::to_string(k + 2) +
                                           " (drivers + 2) are needed",
                                       "drivers"));
  }

  std::unique_ptr<RowMoments> moments;
  if (listwise) {
    moments = std::make_unique<ListwiseMoments>(columns, rows, means);
  } else {
    moments = std::make_unique<PairwiseMoments>(columns, rows, means);
  }

  auto corr = moments->Correlate(nullptr, min_rows);
  if (!corr) return Fail(WithDriverName(std::move(corr.error()), names));
  const std::size_t n = moments->SmallestCount();
  auto decomposition = DecomposeR2(*corr, static_cast<int>(k));
  if (!decomposition) {
    Error error = std::move(decomposition.error());
    if (!listwise && error.field == "correlation") {
      error.message =
          "the pairwise correlation matrix is not positive definite; use listwise deletion";
      error.field = "options.missing";
    }
    return Fail(WithDriverName(std::move(error), names));
  }
  const double r2 = decomposition->r2;
  if (r2 < kMinR2) {
    return Fail(Error::InvalidArgument(
        "the drivers explain none of the outcome's variance (R² = 0); shares are undefined",
        "outcome"));
  }

  DriverAnalysis analysis;
  analysis.missing = options.missing;
  analysis.n = n;
  analysis.r2 = r2;
  analysis.bootstrap_samples = options.bootstrap_samples;
  analysis.confidence_level = options.confidence_level;
  analysis.drivers.resize(k);
  for (std::size_t j = 0; j < k; ++j) {
    DriverImportance& d = analysis.drivers[j];
    d.name = names[j];
    d.lmg = decomposition->lmg[j];
    d.lmg_share = d.lmg / r2;
    d.relative_weight = decomposition->relative_weights[j];
    d.relative_weight_pct = 100.0 * d.relative_weight / r2;
    d.performance = options.performance ? (*options.performance)[j] : means[j + 1];
  }

  if (options.bootstrap_samples > 0) {
    BootstrapDraws draws = Bootstrap(*moments, static_cast<int>(k), options, min_rows);
    analysis.bootstrap_samples_used = draws.used;
    for (std::size_t j = 0; j < k; ++j) {
      DriverImportance& d = analysis.drivers[j];
      std::tie(d.ci_low, d.ci_high) =
          PercentileInterval(std::move(draws.lmg_share[j]), options.confidence_level);
      std::tie(d.relative_weight_pct_ci_low, d.relative_weight_pct_ci_high) =
          PercentileInterval(std::move(draws.relative_weight_pct[j]), options.confidence_level);
    }
  }

  std::vector<double> importance(k), performance(k);
  for (std::size_t j = 0; j < k; ++j) {
    importance[j] = analysis.drivers[j].lmg_share;
    performance[j] = analysis.drivers[j].performance;
  }
  auto thresholds = MeanThresholds(importance, performance);
  if (!thresholds) return Fail(std::move(thresholds.error()));
  analysis.thresholds = *thresholds;
  for (DriverImportance& d : analysis.drivers) {
    d.quadrant = Classify(d.lmg_share, d.performance, analysis.thresholds);
  }
  return analysis;
}

}  // namespace nazar::drivers
