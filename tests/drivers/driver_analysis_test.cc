#include "drivers/driver_analysis.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "drivers_test_support.h"

namespace nazar::drivers {
namespace {

// R's `swiss`: Fertility on five drivers (Grömping 2006, relaimpo vignette).
struct Swiss {
  std::vector<double> outcome;
  std::vector<std::vector<double>> drivers;
  std::vector<std::string> names = {"Agriculture", "Examination", "Education", "Catholic",
                                    "Infant.Mortality"};
};

Swiss LoadSwiss() {
  const testing::Table table =
      testing::ReadCsv(testing::SharedDataPath("drivers/swiss.csv"), /*skip_label=*/true);
  Swiss swiss;
  swiss.outcome = table.Column("Fertility");
  for (const std::string& name : swiss.names) swiss.drivers.push_back(table.Column(name));
  return swiss;
}

DriverOptions NoBootstrap() {
  DriverOptions options;
  options.bootstrap_samples = 0;
  return options;
}

TEST(SwissData, Loads) {
  const Swiss swiss = LoadSwiss();
  ASSERT_EQ(swiss.outcome.size(), 47u) << "read " << testing::SharedDataPath("drivers/swiss.csv");
  for (const auto& column : swiss.drivers) ASSERT_EQ(column.size(), 47u);
}

// The published figures, one row per driver.
struct PublishedImportance {
  const char* name;
  double lmg_share;            // relaimpo lmg, normalised (6 dp)
  double lmg;                  // relaimpo lmg, share of R² (6 dp)
  double relative_weight_pct;  // Johnson's relative weights rescaled to 100 (2 dp)
};

constexpr PublishedImportance kSwissPublished[] = {
    {"Agriculture", 0.08078165, 0.057091, 6.85},       {"Examination", 0.24220256, 0.171173, 21.89},
    {"Education", 0.36807952, 0.260135, 38.48},        {"Catholic", 0.14937728, 0.105570, 16.23},
    {"Infant.Mortality", 0.15955899, 0.112766, 16.55},
};

TEST(AnalyzeDrivers, ReproducesPublishedSwissFigures) {
  const Swiss swiss = LoadSwiss();
  auto result = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, NoBootstrap());
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(result->n, 47u);
  EXPECT_EQ(result->missing, MissingHandling::kListwise);
  EXPECT_NEAR(result->r2, 0.7067, 0.5e-4);
  std::printf("swiss: n=%zu R2=%.6f\n", result->n, result->r2);
  ASSERT_EQ(result->drivers.size(), std::size(kSwissPublished));
  for (std::size_t j = 0; j < std::size(kSwissPublished); ++j) {
    const PublishedImportance& expected = kSwissPublished[j];
    const DriverImportance& actual = result->drivers[j];
    SCOPED_TRACE(expected.name);
    EXPECT_EQ(actual.name, expected.name);
    EXPECT_NEAR(actual.lmg_share, expected.lmg_share, 0.5e-6);
    EXPECT_NEAR(actual.lmg, expected.lmg, 0.5e-6);
    EXPECT_NEAR(actual.relative_weight_pct, expected.relative_weight_pct, 0.005);
    std::printf("  %-16s lmg=%.6f lmg_share=%.8f rw=%.6f rw_pct=%.2f\n", actual.name.c_str(),
                actual.lmg, actual.lmg_share, actual.relative_weight, actual.relative_weight_pct);
  }
}

TEST(AnalyzeDrivers, SharesSumToR2AndToOne) {
  const Swiss swiss = LoadSwiss();
  auto result = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, NoBootstrap());
  ASSERT_TRUE(result.has_value());
  double lmg = 0, share = 0, rw = 0, rw_pct = 0;
  for (const DriverImportance& d : result->drivers) {
    lmg += d.lmg;
    share += d.lmg_share;
    rw += d.relative_weight;
    rw_pct += d.relative_weight_pct;
  }
  EXPECT_NEAR(lmg, result->r2, 1e-12);
  EXPECT_NEAR(rw, result->r2, 1e-12);
  EXPECT_NEAR(share, 1.0, 1e-12);
  EXPECT_NEAR(rw_pct, 100.0, 1e-10);
}

// Two drivers: R² and LMG_1 = (r1² + R² - r2²) / 2 from correlations computed here
// (pairwise-complete, so the check holds for listwise data without holes too).
void ExpectTwoDriverHandFormula(const std::vector<double>& outcome,
                                const std::vector<std::vector<double>>& two,
                                const DriverAnalysis& result) {
  const double r1 = testing::PairwiseCorrelation(outcome, two[0]);
  const double r2 = testing::PairwiseCorrelation(outcome, two[1]);
  const double r12 = testing::PairwiseCorrelation(two[0], two[1]);
  const double r2_full = (r1 * r1 + r2 * r2 - 2 * r1 * r2 * r12) / (1 - r12 * r12);
  EXPECT_NEAR(result.r2, r2_full, 1e-12);
  EXPECT_NEAR(result.drivers[0].lmg, (r1 * r1 + r2_full - r2 * r2) / 2, 1e-12);
  EXPECT_NEAR(result.drivers[1].lmg, (r2 * r2 + r2_full - r1 * r1) / 2, 1e-12);
}

// Two drivers from data: LMG_1 = (r1² + R² - r2²) / 2 with correlations computed here.
TEST(AnalyzeDrivers, TwoDriversMatchTheHandFormula) {
  const Swiss swiss = LoadSwiss();
  const std::vector<std::vector<double>> two = {swiss.drivers[2], swiss.drivers[3]};
  const std::vector<std::string> names = {"Education", "Catholic"};
  auto result = AnalyzeDrivers(swiss.outcome, two, names, NoBootstrap());
  ASSERT_TRUE(result.has_value()) << result.error().ToString();

  ExpectTwoDriverHandFormula(swiss.outcome, two, *result);
}

TEST(AnalyzeDrivers, BootstrapIntervalsContainTheEstimate) {
  const Swiss swiss = LoadSwiss();
  DriverOptions options;
  options.bootstrap_samples = 1000;
  options.seed = 20240601;
  auto result = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, options);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(result->bootstrap_samples, 1000);
  EXPECT_EQ(result->bootstrap_samples_used, 1000);
  EXPECT_DOUBLE_EQ(result->confidence_level, 0.95);
  for (const DriverImportance& d : result->drivers) {
    SCOPED_TRACE(d.name);
    EXPECT_LT(d.ci_low, d.lmg_share);
    EXPECT_GT(d.ci_high, d.lmg_share);
    EXPECT_GT(d.ci_low, 0.0);
    EXPECT_LT(d.ci_high, 1.0);
    EXPECT_LT(d.relative_weight_pct_ci_low, d.relative_weight_pct);
    EXPECT_GT(d.relative_weight_pct_ci_high, d.relative_weight_pct);
    std::printf("  %-16s lmg_share %.4f [%.4f, %.4f]  rw_pct %.2f [%.2f, %.2f]\n", d.name.c_str(),
                d.lmg_share, d.ci_low, d.ci_high, d.relative_weight_pct,
                d.relative_weight_pct_ci_low, d.relative_weight_pct_ci_high);
  }
}

TEST(AnalyzeDrivers, BootstrapIsDeterministicForASeed) {
  const Swiss swiss = LoadSwiss();
  DriverOptions options;
  options.bootstrap_samples = 200;
  options.seed = 7;
  auto first = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, options);
  auto again = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, options);
  options.seed = 8;
  auto other = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, options);
  ASSERT_TRUE(first && again && other);
  bool any_difference = false;
  for (std::size_t j = 0; j < first->drivers.size(); ++j) {
    EXPECT_EQ(first->drivers[j].ci_low, again->drivers[j].ci_low);
    EXPECT_EQ(first->drivers[j].ci_high, again->drivers[j].ci_high);
    EXPECT_EQ(first->drivers[j].relative_weight_pct_ci_low,
              again->drivers[j].relative_weight_pct_ci_low);
    any_difference |= first->drivers[j].ci_low != other->drivers[j].ci_low;
  }
  EXPECT_TRUE(any_difference) << "another seed should give another resample stream";
}

TEST(AnalyzeDrivers, NarrowerConfidenceGivesNarrowerIntervals) {
  const Swiss swiss = LoadSwiss();
  DriverOptions options;
  options.bootstrap_samples = 300;
  auto wide = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, options);
  options.confidence_level = 0.5;
  auto narrow = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, options);
  ASSERT_TRUE(wide && narrow);
  for (std::size_t j = 0; j < wide->drivers.size(); ++j) {
    EXPECT_LE(wide->drivers[j].ci_low, narrow->drivers[j].ci_low);
    EXPECT_GE(wide->drivers[j].ci_high, narrow->drivers[j].ci_high);
  }
}

TEST(AnalyzeDrivers, NoBootstrapLeavesIntervalsUnset) {
  const Swiss swiss = LoadSwiss();
  auto result = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, NoBootstrap());
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->bootstrap_samples_used, 0);
  for (const DriverImportance& d : result->drivers) {
    EXPECT_TRUE(std::isnan(d.ci_low) && std::isnan(d.ci_high));
    EXPECT_TRUE(std::isnan(d.relative_weight_pct_ci_low));
  }
}

// Swiss with holes punched in: some rows lose the outcome, some a driver.
Swiss SwissWithHoles() {
  Swiss swiss = LoadSwiss();
  const double nan = std::nan("");
  swiss.outcome[3] = nan;
  swiss.outcome[20] = nan;
  swiss.drivers[0][5] = nan;
  swiss.drivers[1][5] = nan;
  swiss.drivers[2][11] = nan;
  swiss.drivers[4][30] = nan;
  swiss.drivers[4][41] = nan;
  return swiss;
}

TEST(AnalyzeDrivers, ListwiseDropsIncompleteRows) {
  const Swiss holes = SwissWithHoles();
  auto listwise = AnalyzeDrivers(holes.outcome, holes.drivers, holes.names, NoBootstrap());
  ASSERT_TRUE(listwise.has_value()) << listwise.error().ToString();
  EXPECT_EQ(listwise->missing, MissingHandling::kListwise);
  EXPECT_EQ(listwise->n, 47u - 6u);  // rows 3, 5, 11, 20, 30, 41

  Swiss complete;
  complete.names = holes.names;
  complete.drivers.resize(holes.drivers.size());
  for (std::size_t r = 0; r < holes.outcome.size(); ++r) {
    bool ok = !std::isnan(holes.outcome[r]);
    for (const auto& column : holes.drivers) ok = ok && !std::isnan(column[r]);
    if (!ok) continue;
    complete.outcome.push_back(holes.outcome[r]);
    for (std::size_t j = 0; j < holes.drivers.size(); ++j) {
      complete.drivers[j].push_back(holes.drivers[j][r]);
    }
  }
  auto by_hand = AnalyzeDrivers(complete.outcome, complete.drivers, complete.names, NoBootstrap());
  ASSERT_TRUE(by_hand.has_value());
  EXPECT_NEAR(listwise->r2, by_hand->r2, 1e-12);
  for (std::size_t j = 0; j < holes.drivers.size(); ++j) {
    EXPECT_NEAR(listwise->drivers[j].lmg, by_hand->drivers[j].lmg, 1e-12);
    EXPECT_NEAR(listwise->drivers[j].performance, by_hand->drivers[j].performance, 1e-12);
  }
}

TEST(AnalyzeDrivers, PairwiseEqualsListwiseWithoutMissingValues) {
  const Swiss swiss = LoadSwiss();
  DriverOptions options = NoBootstrap();
  options.missing = MissingHandling::kPairwise;
  auto pairwise = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, options);
  auto listwise = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, NoBootstrap());
  ASSERT_TRUE(pairwise && listwise);
  EXPECT_EQ(pairwise->missing, MissingHandling::kPairwise);
  EXPECT_EQ(pairwise->n, 47u);
  EXPECT_NEAR(pairwise->r2, listwise->r2, 1e-12);
  for (std::size_t j = 0; j < swiss.drivers.size(); ++j) {
    EXPECT_NEAR(pairwise->drivers[j].lmg, listwise->drivers[j].lmg, 1e-12);
    EXPECT_NEAR(pairwise->drivers[j].relative_weight, listwise->drivers[j].relative_weight, 1e-12);
  }
}

// Pairwise deletion on two drivers: the hand formula over correlations each computed from
// its own pairwise-complete rows, which listwise deletion does not give.
TEST(AnalyzeDrivers, PairwiseUsesEachPairsCompleteRows) {
  const Swiss holes = SwissWithHoles();
  const std::vector<std::vector<double>> two = {holes.drivers[1], holes.drivers[4]};
  const std::vector<std::string> names = {"Examination", "Infant.Mortality"};
  DriverOptions options = NoBootstrap();
  options.missing = MissingHandling::kPairwise;
  auto pairwise = AnalyzeDrivers(holes.outcome, two, names, options);
  ASSERT_TRUE(pairwise.has_value()) << pairwise.error().ToString();

  ExpectTwoDriverHandFormula(holes.outcome, two, *pairwise);
  // Smallest pair: outcome with Infant.Mortality, 47 - 2 - 2 rows.
  EXPECT_EQ(pairwise->n, 43u);
  // Performance: each driver's mean over its own present values.
  double sum = 0;
  for (double value : holes.drivers[4]) sum += std::isnan(value) ? 0 : value;
  EXPECT_NEAR(pairwise->drivers[1].performance, sum / 45, 1e-12);

  auto listwise = AnalyzeDrivers(holes.outcome, two, names, NoBootstrap());
  ASSERT_TRUE(listwise.has_value());
  EXPECT_EQ(listwise->n, 47u - 5u);  // rows 3, 5, 20, 30, 41
  EXPECT_GT(std::abs(listwise->r2 - pairwise->r2), 1e-6);

  options.bootstrap_samples = 200;
  auto boot = AnalyzeDrivers(holes.outcome, two, names, options);
  ASSERT_TRUE(boot.has_value());
  EXPECT_EQ(boot->bootstrap_samples_used, 200);
  for (const DriverImportance& d : boot->drivers) {
    EXPECT_LE(d.ci_low, d.lmg_share);
    EXPECT_GE(d.ci_high, d.lmg_share);
  }
}

// Three drivers whose pairwise-complete blocks disagree so much that no data set has this
// correlation matrix: x1 ~ x2, x1 ~ x3, but x2 ~ -x3.
TEST(AnalyzeDrivers, PairwiseMatrixThatIsNotPositiveDefiniteIsAnError) {
  std::mt19937 gen(11);
  std::normal_distribution<double> normal;
  const double nan = std::nan("");
  std::vector<double> y, x1, x2, x3;
  const auto add = [&](double a, double b, double c, double d) {
    y.push_back(a);
    x1.push_back(b);
    x2.push_back(c);
    x3.push_back(d);
  };
  for (int i = 0; i < 20; ++i) {
    const double u = normal(gen), e = 0.05 * normal(gen);
    add(nan, u, u + e, nan);   // x1, x2 agree
    add(nan, u, nan, u - e);   // x1, x3 agree
    add(nan, nan, u, -u + e);  // x2, x3 disagree
  }
  for (int i = 0; i < 8; ++i) add(normal(gen), normal(gen), normal(gen), normal(gen));
  const std::vector<std::vector<double>> drivers = {x1, x2, x3};
  const std::vector<std::string> names = {"x1", "x2", "x3"};
  DriverOptions options = NoBootstrap();
  options.missing = MissingHandling::kPairwise;
  auto result = AnalyzeDrivers(y, drivers, names, options);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().field, "options.missing") << result.error().ToString();
}

TEST(AnalyzeDrivers, PerformanceAndQuadrants) {
  const Swiss swiss = LoadSwiss();
  auto result = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, NoBootstrap());
  ASSERT_TRUE(result.has_value());
  // Default performance: the driver's mean.
  for (std::size_t j = 0; j < swiss.drivers.size(); ++j) {
    const double mean =
        std::accumulate(swiss.drivers[j].begin(), swiss.drivers[j].end(), 0.0) / 47.0;
    EXPECT_NEAR(result->drivers[j].performance, mean, 1e-12);
  }
  EXPECT_NEAR(result->thresholds.importance, 0.2, 1e-12);

  // Supplied performance (say, top-2-box shares) and the quadrants it gives with the
  // published shares 0.081, 0.242, 0.368, 0.149, 0.160 (threshold 0.2).
  DriverOptions options = NoBootstrap();
  options.performance = std::vector<double>{0.70, 0.40, 0.80, 0.30, 0.90};  // mean 0.62
  auto supplied = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, options);
  ASSERT_TRUE(supplied.has_value());
  EXPECT_NEAR(supplied->thresholds.performance, 0.62, 1e-12);
  const Quadrant expected[] = {Quadrant::kMonitor, Quadrant::kFixFirst, Quadrant::kKeep,
                               Quadrant::kLowPriority, Quadrant::kMonitor};
  for (std::size_t j = 0; j < swiss.drivers.size(); ++j) {
    EXPECT_EQ(supplied->drivers[j].performance, (*options.performance)[j]);
    EXPECT_EQ(supplied->drivers[j].quadrant, expected[j]) << supplied->drivers[j].name;
  }
}

// Each bad input, and the field its error names.
struct BadInput {
  const char* label;
  void (*spoil)(Swiss&, DriverOptions&);
  const char* field;
};

class AnalyzeDriversErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(AnalyzeDriversErrors, NameTheField) {
  const BadInput& c = GetParam();
  Swiss swiss = LoadSwiss();
  DriverOptions options = NoBootstrap();
  c.spoil(swiss, options);
  auto result = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, options);
  ASSERT_FALSE(result.has_value()) << c.label;
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << c.label;
  EXPECT_EQ(result.error().field, c.field) << c.label << ": " << result.error().ToString();
  EXPECT_FALSE(result.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, AnalyzeDriversErrors,
    ::testing::Values(
        BadInput{"no drivers",
                 [](Swiss& s, DriverOptions&) {
                   s.drivers.clear();
                   s.names.clear();
                 },
                 "drivers"},
        BadInput{"21 drivers exceed the exact Shapley budget",
                 [](Swiss& s, DriverOptions&) {
                   while (s.drivers.size() < 21) {
                     s.drivers.push_back(s.drivers[0]);
                     s.names.push_back("copy");
                   }
                 },
                 "drivers"},
        BadInput{"names missing", [](Swiss& s, DriverOptions&) { s.names.pop_back(); }, "names"},
        BadInput{"mismatched length", [](Swiss& s, DriverOptions&) { s.drivers[2].pop_back(); },
                 "drivers[2]"},
        BadInput{"constant driver", [](Swiss& s, DriverOptions&) { s.drivers[2].assign(47, 3.0); },
                 "drivers[2]"},
        BadInput{"constant outcome", [](Swiss& s, DriverOptions&) { s.outcome.assign(47, 70.0); },
                 "outcome"},
        BadInput{"infinite value", [](Swiss& s, DriverOptions&) { s.drivers[4][9] = INFINITY; },
                 "drivers[4]"},
        BadInput{"fewer rows than drivers + 2",
                 [](Swiss& s, DriverOptions&) {
                   s.outcome.resize(6);
                   for (auto& column : s.drivers) column.resize(6);
                 },
                 "drivers"},
        BadInput{"missing values leave too few complete rows",
                 [](Swiss& s, DriverOptions&) {
                   for (std::size_t r = 0; r < 42; ++r) s.drivers[r % 5][r] = std::nan("");
                 },
                 "drivers"},
        BadInput{"pairwise: too few rows share two drivers",
                 [](Swiss& s, DriverOptions& o) {
                   o.missing = MissingHandling::kPairwise;
                   for (std::size_t r = 0; r < 44; ++r) s.drivers[r % 2 == 0 ? 1 : 3][r] = NAN;
                 },
                 "drivers[3]"},
        BadInput{"pairwise: outcome almost never present",
                 [](Swiss& s, DriverOptions& o) {
                   o.missing = MissingHandling::kPairwise;
                   for (std::size_t r = 3; r < 47; ++r) s.outcome[r] = NAN;
                 },
                 "outcome"},
        BadInput{"collinear driver",
                 [](Swiss& s, DriverOptions&) {
                   for (std::size_t r = 0; r < 47; ++r) {
                     s.drivers[3][r] = 2 * s.drivers[0][r] - s.drivers[1][r] + 1;
                   }
                 },
                 "drivers[3]"},
        BadInput{"negative bootstrap", [](Swiss&, DriverOptions& o) { o.bootstrap_samples = -1; },
                 "options.bootstrap_samples"},
        BadInput{"one resample", [](Swiss&, DriverOptions& o) { o.bootstrap_samples = 1; },
                 "options.bootstrap_samples"},
        BadInput{"confidence 1", [](Swiss&, DriverOptions& o) { o.confidence_level = 1.0; },
                 "options.confidence_level"},
        BadInput{"confidence NaN",
                 [](Swiss&, DriverOptions& o) { o.confidence_level = std::nan(""); },
                 "options.confidence_level"},
        BadInput{"performance count",
                 [](Swiss&, DriverOptions& o) {
                   o.performance = std::vector<double>{1, 2};
                 },
                 "options.performance"},
        BadInput{"performance NaN",
                 [](Swiss&, DriverOptions& o) {
                   o.performance = std::vector<double>{1, std::nan(""), 3, 4, 5};
                 },
                 "options.performance[1]"}));

TEST(AnalyzeDrivers, ErrorMessagesNameTheDriver) {
  Swiss swiss = LoadSwiss();
  swiss.drivers[2].assign(47, 3.0);
  auto constant = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, NoBootstrap());
  ASSERT_FALSE(constant.has_value());
  EXPECT_EQ(constant.error().message, "drivers[2] (Education) is constant over the rows used");

  swiss = LoadSwiss();
  for (std::size_t r = 0; r < 47; ++r) swiss.drivers[4][r] = swiss.drivers[1][r] * 0.5;
  auto collinear = AnalyzeDrivers(swiss.outcome, swiss.drivers, swiss.names, NoBootstrap());
  ASSERT_FALSE(collinear.has_value());
  EXPECT_EQ(collinear.error().field, "drivers[4]");
  EXPECT_TRUE(collinear.error().message.starts_with("drivers[4] (Infant.Mortality) is"))
      << collinear.error().message;
}

// 15 drivers on 100 000 rows with B = 200: the load the bootstrap is sized for (a tenth
// of the rows in unoptimised builds, where Eigen is many times slower).
TEST(AnalyzeDrivers, BootstrapAtScaleIsFeasible) {
  constexpr int kDrivers = 15;
#ifdef NDEBUG
  constexpr std::size_t kRows = 100000;
#else
  constexpr std::size_t kRows = 10000;
#endif
  std::mt19937_64 gen(5);
  std::normal_distribution<double> normal;
  std::vector<std::vector<double>> drivers(kDrivers, std::vector<double>(kRows));
  std::vector<double> outcome(kRows);
  std::vector<std::string> names;
  for (int j = 0; j < kDrivers; ++j) names.push_back("d" + std::to_string(j));
  for (std::size_t r = 0; r < kRows; ++r) {
    const double latent = normal(gen);
    double y = normal(gen);
    for (int j = 0; j < kDrivers; ++j) {
      drivers[j][r] = std::round(3 + latent + normal(gen));  // a Likert-like score
      y += 0.05 * (j + 1) * drivers[j][r];
    }
    outcome[r] = y;
  }
  DriverOptions options;
  options.bootstrap_samples = 200;
  options.seed = 1;
  const auto start = std::chrono::steady_clock::now();
  auto result = AnalyzeDrivers(outcome, drivers, names, options);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(result->bootstrap_samples_used, 200);
  std::printf("  15 drivers x %zu rows, B=200: %.2f s\n", kRows, elapsed.count());
  RecordProperty("seconds", std::to_string(elapsed.count()));
  for (const DriverImportance& d : result->drivers) {
    EXPECT_LE(d.ci_low, d.ci_high);
    EXPECT_LT(d.ci_high - d.ci_low, 0.1) << "this many rows pin the shares down";
  }
}

}  // namespace
}  // namespace nazar::drivers
