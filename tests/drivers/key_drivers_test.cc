// The key driver analysis as the API and `nazar analyze drivers` serve it (key_drivers.h):
// the minimum n, the bootstrap budget, performance on the scale axis and the ranking,
// checked on R's swiss data against correlations and means computed here.
#include "drivers/key_drivers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "drivers_test_support.h"

namespace nazar::drivers {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Swiss {
  std::vector<double> outcome;
  std::vector<std::vector<double>> drivers;
  std::vector<std::string> names = {"Agriculture", "Examination", "Education", "Catholic",
                                    "Infant.Mortality"};
};

Swiss LoadSwiss(size_t rows = 47) {
  const testing::Table table =
      testing::ReadCsv(testing::SharedDataPath("drivers/swiss.csv"), /*skip_label=*/true);
  Swiss swiss;
  swiss.outcome = table.Column("Fertility");
  swiss.outcome.resize(rows);
  for (const std::string& name : swiss.names) {
    swiss.drivers.push_back(table.Column(name));
    swiss.drivers.back().resize(rows);
  }
  return swiss;
}

KeyDriverOptions NoBootstrap(MissingHandling missing = MissingHandling::kListwise) {
  return {.missing = missing, .bootstrap_samples = 0};
}

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

TEST(KeyDrivers, BelowTheMinimumNothingIsRanked) {
  // Five drivers need 30 + 5 = 35 usable responses.
  const Swiss few = LoadSwiss(34);
  ASSERT_EQ(few.outcome.size(), 34u);
  auto report = AnalyzeKeyDrivers(few.outcome, few.drivers, few.names, {}, {});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_FALSE(report->enough());
  EXPECT_EQ(report->min_n, 35u);
  EXPECT_EQ(report->usable, 34u);
  EXPECT_EQ(report->bootstrap_samples, kDefaultBootstrap);
  EXPECT_TRUE(report->ranked.empty());

  const Swiss enough = LoadSwiss(35);
  auto ranked = AnalyzeKeyDrivers(enough.outcome, enough.drivers, enough.names, {}, NoBootstrap());
  ASSERT_TRUE(ranked.has_value()) << ranked.error().ToString();
  ASSERT_TRUE(ranked->enough());
  EXPECT_EQ(ranked->analysis->n, 35u);
  EXPECT_EQ(ranked->ranked.size(), 5u);
}

TEST(KeyDrivers, UsableResponsesAreCountedAsTheAnalysisCountsThem) {
  // Three drivers, each missing in six rows of its own: 29 complete rows (listwise), but
  // every pair of columns shares at least 35 (pairwise); 30 + 3 = 33 are needed.
  Swiss swiss = LoadSwiss();
  swiss.drivers.resize(3);
  swiss.names.resize(3);
  for (size_t j = 0; j < 3; ++j)
    for (size_t r = 6 * j; r < 6 * (j + 1); ++r) swiss.drivers[j][r] = kNaN;
  std::vector<std::vector<double>> columns = {swiss.outcome};
  columns.insert(columns.end(), swiss.drivers.begin(), swiss.drivers.end());
  EXPECT_EQ(RowsUsed(columns, MissingHandling::kListwise), 29u);
  EXPECT_EQ(RowsUsed(columns, MissingHandling::kPairwise), 35u);

  auto listwise = AnalyzeKeyDrivers(swiss.outcome, swiss.drivers, swiss.names, {}, NoBootstrap());
  ASSERT_TRUE(listwise.has_value()) << listwise.error().ToString();
  EXPECT_FALSE(listwise->enough());
  EXPECT_EQ(listwise->usable, 29u);
  EXPECT_EQ(listwise->min_n, 33u);

  auto pairwise = AnalyzeKeyDrivers(swiss.outcome, swiss.drivers, swiss.names, {},
                                    NoBootstrap(MissingHandling::kPairwise));
  ASSERT_TRUE(pairwise.has_value()) << pairwise.error().ToString();
  ASSERT_TRUE(pairwise->enough());
  EXPECT_EQ(pairwise->analysis->n, pairwise->usable);
  EXPECT_EQ(pairwise->missing, MissingHandling::kPairwise);
}

TEST(KeyDrivers, BootstrapKeepsToTheRowBudget) {
  EXPECT_EQ(DefaultBootstrap(0), kDefaultBootstrap);
  EXPECT_EQ(DefaultBootstrap(47), kDefaultBootstrap);
  EXPECT_EQ(DefaultBootstrap(100'000), 200);  // 20 M rows / 100 000 = 200
  EXPECT_EQ(DefaultBootstrap(200'000), 100);
  EXPECT_EQ(DefaultBootstrap(5'000'000), kMinDefaultBootstrap);  // 4, raised to the floor

  // Asked for, the resamples are what was asked; not asked, the budget's.
  const Swiss swiss = LoadSwiss();
  KeyDriverOptions asked{.bootstrap_samples = 50};
  auto report = AnalyzeKeyDrivers(swiss.outcome, swiss.drivers, swiss.names, {}, asked);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->bootstrap_samples, 50);
  EXPECT_EQ(report->analysis->bootstrap_samples, 50);
  auto budget = AnalyzeKeyDrivers(swiss.outcome, swiss.drivers, swiss.names, {}, {});
  ASSERT_TRUE(budget.has_value()) << budget.error().ToString();
  EXPECT_EQ(budget->analysis->bootstrap_samples, DefaultBootstrap(47));
}

// Two drivers: LMG_1 = (r1² + R² − r2²) / 2 from correlations computed here; performance as
// the share of each driver's scale from means computed here; the quadrants placed by hand.
TEST(KeyDrivers, SharesAndPerformanceMatchAnIndependentComputation) {
  const Swiss swiss = LoadSwiss();
  const std::vector<std::vector<double>> two = {swiss.drivers[2], swiss.drivers[3]};
  const std::vector<std::string> names = {"Education", "Catholic"};
  const std::vector<DriverScale> scales = {{0, 60}, {0, 100}};
  auto report = AnalyzeKeyDrivers(swiss.outcome, two, names, scales, NoBootstrap());
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  ASSERT_TRUE(report->enough());

  const double r1 = testing::PairwiseCorrelation(swiss.outcome, two[0]);
  const double r2 = testing::PairwiseCorrelation(swiss.outcome, two[1]);
  const double r12 = testing::PairwiseCorrelation(two[0], two[1]);
  const double r2_full = (r1 * r1 + r2 * r2 - 2 * r1 * r2 * r12) / (1 - r12 * r12);
  const double lmg_education = (r1 * r1 + r2_full - r2 * r2) / 2;
  const double lmg_catholic = (r2 * r2 + r2_full - r1 * r1) / 2;
  const DriverAnalysis& a = *report->analysis;
  EXPECT_NEAR(a.r2, r2_full, 1e-12);
  EXPECT_NEAR(a.drivers[0].lmg_share, lmg_education / r2_full, 1e-12);
  EXPECT_NEAR(a.drivers[1].lmg_share, lmg_catholic / r2_full, 1e-12);

  // Ranked by share: Education explains more of Fertility than Catholic does.
  ASSERT_GT(lmg_education, lmg_catholic);
  ASSERT_EQ(report->ranked.size(), 2u);
  EXPECT_EQ(report->ranked[0].index, 0u);
  EXPECT_EQ(report->ranked[1].index, 1u);

  const double education = 100 * (Mean(two[0]) - 0) / 60;
  const double catholic = 100 * (Mean(two[1]) - 0) / 100;
  EXPECT_NEAR(report->ranked[0].performance, education, 1e-9);
  EXPECT_NEAR(report->ranked[1].performance, catholic, 1e-9);
  EXPECT_NEAR(report->thresholds.importance, 0.5, 1e-12);
  EXPECT_NEAR(report->thresholds.performance, (education + catholic) / 2, 1e-9);
  // Education: the larger share; on its scale it scores below Catholic's share of its own.
  ASSERT_LT(education, catholic);
  EXPECT_EQ(report->ranked[0].quadrant, Quadrant::kFixFirst);
  EXPECT_EQ(report->ranked[1].quadrant, Quadrant::kMonitor);
}

TEST(KeyDrivers, WithoutScalesTheAnalysisMeansAndQuadrantsStand) {
  const Swiss swiss = LoadSwiss();
  auto report = AnalyzeKeyDrivers(swiss.outcome, swiss.drivers, swiss.names, {}, NoBootstrap());
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  // The published shares' order: Education, Examination, Infant.Mortality, Catholic,
  // Agriculture.
  std::vector<std::string> order;
  for (const RankedDriver& r : report->ranked) {
    const DriverImportance& d = report->analysis->drivers[r.index];
    order.push_back(d.name);
    EXPECT_EQ(r.performance, d.performance);
    EXPECT_EQ(r.quadrant, d.quadrant);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"Education", "Examination", "Infant.Mortality",
                                             "Catholic", "Agriculture"}));
}

TEST(KeyDrivers, RefusesWhatItCannotAnalyse) {
  const Swiss swiss = LoadSwiss();
  std::vector<std::vector<double>> many(kMaxDrivers + 1, swiss.drivers[0]);
  std::vector<std::string> names(kMaxDrivers + 1, "d");
  auto too_many = AnalyzeKeyDrivers(swiss.outcome, many, names, {}, {});
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error().field, "drivers");

  const std::vector<DriverScale> one_scale = {{1, 5}};
  auto scales = AnalyzeKeyDrivers(swiss.outcome, swiss.drivers, swiss.names, one_scale, {});
  ASSERT_FALSE(scales.has_value());
  EXPECT_EQ(scales.error().field, "scales");

  // The analysis's own errors pass through unchanged (a constant driver).
  std::vector<std::vector<double>> constant = {swiss.drivers[0], std::vector<double>(47, 3.0)};
  const std::vector<std::string> two = {"Agriculture", "Constant"};
  auto flat = AnalyzeKeyDrivers(swiss.outcome, constant, two, {}, NoBootstrap());
  ASSERT_FALSE(flat.has_value());
  EXPECT_EQ(flat.error().field, "drivers[1]");
}

}  // namespace
}  // namespace nazar::drivers
