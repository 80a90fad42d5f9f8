#include "drivers/relative_importance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "drivers_test_support.h"

namespace nazar::drivers {
namespace {

using testing::SubsetR2;

// Outcome-first correlation matrix of two drivers.
std::vector<double> TwoDriverCorrelation(double r1, double r2, double r12) {
  return {1.0, r1,  r2,  //
          r1,  1.0, r12, r2, r12, 1.0};
}

struct TwoDriverCase {
  double r1, r2, r12;
};

class TwoDriverHandFormula : public ::testing::TestWithParam<TwoDriverCase> {};

// With two drivers there are two orderings: LMG_1 = (r1² + (R² - r2²)) / 2 and
// R² = (r1² + r2² - 2 r1 r2 r12) / (1 - r12²).
TEST_P(TwoDriverHandFormula, MatchesClosedForm) {
  const auto [r1, r2, r12] = GetParam();
  const double r2_full = (r1 * r1 + r2 * r2 - 2 * r1 * r2 * r12) / (1 - r12 * r12);
  const double lmg1 = (r1 * r1 + (r2_full - r2 * r2)) / 2;
  const double lmg2 = (r2 * r2 + (r2_full - r1 * r1)) / 2;

  auto result = DecomposeR2(TwoDriverCorrelation(r1, r2, r12), 2);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_NEAR(result->r2, r2_full, 1e-12);
  EXPECT_NEAR(result->lmg[0], lmg1, 1e-12);
  EXPECT_NEAR(result->lmg[1], lmg2, 1e-12);
  EXPECT_NEAR(result->relative_weights[0] + result->relative_weights[1], r2_full, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Table, TwoDriverHandFormula,
                         ::testing::Values(TwoDriverCase{0.5, 0.3, 0.2},
                                           TwoDriverCase{0.6, 0.6, 0.0},
                                           TwoDriverCase{0.7, -0.2, 0.4},
                                           TwoDriverCase{0.1, 0.8, -0.6},
                                           TwoDriverCase{0.45, 0.44, 0.95}));

TEST(DecomposeR2, OrthogonalDriversGetTheirSquaredCorrelations) {
  const std::vector<double> corr = {1.0,  0.3, -0.4, 0.5,  //
                                    0.3,  1.0, 0.0,  0.0,  //
                                    -0.4, 0.0, 1.0,  0.0,  //
                                    0.5,  0.0, 0.0,  1.0};
  auto result = DecomposeR2(corr, 3);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  const double expected[] = {0.09, 0.16, 0.25};
  EXPECT_NEAR(result->r2, 0.5, 1e-12);
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(result->lmg[j], expected[j], 1e-12);
    EXPECT_NEAR(result->relative_weights[j], expected[j], 1e-12);
  }
}

TEST(DecomposeR2, SingleDriverOwnsAllOfR2) {
  auto result = DecomposeR2(std::vector<double>{1.0, 0.6, 0.6, 1.0}, 1);
  ASSERT_TRUE(result.has_value());
  EXPECT_NEAR(result->r2, 0.36, 1e-15);
  EXPECT_NEAR(result->lmg[0], 0.36, 1e-15);
  EXPECT_NEAR(result->relative_weights[0], 0.36, 1e-15);
}

// Correlation matrix of random, correlated data: y and k drivers sharing a latent factor.
std::vector<double> RandomCorrelation(int k, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  const int rows = 200;
  std::vector<std::vector<double>> columns(k + 1, std::vector<double>(rows));
  for (int r = 0; r < rows; ++r) {
    const double latent = normal(gen);
    double y = 0.0;
    for (int j = 1; j <= k; ++j) {
      columns[j][r] = 0.3 * j * latent / k + normal(gen);
      y += (j % 3) * 0.2 * columns[j][r];
    }
    columns[0][r] = y + normal(gen);
  }
  return testing::CorrelationMatrix(columns);
}

// LMG by its definition: the mean over all k! orderings of each driver's R² increment
// when it enters, with R² from a separate Gaussian-elimination solver.
std::vector<double> LmgByPermutations(const std::vector<double>& corr, int k) {
  std::vector<int> order(k);
  std::iota(order.begin(), order.end(), 1);
  std::vector<double> lmg(k, 0.0);
  int orderings = 0;
  do {
    std::vector<int> entered;
    double before = 0.0;
    for (int driver : order) {
      entered.push_back(driver);
      const double after = SubsetR2(corr, k + 1, entered);
      lmg[driver - 1] += after - before;
      before = after;
    }
    ++orderings;
  } while (std::next_permutation(order.begin(), order.end()));
  for (double& value : lmg) value /= orderings;
  return lmg;
}

TEST(DecomposeR2, MatchesTheDefinitionOverAllOrderings) {
  for (int k : {3, 5, 7}) {
    const std::vector<double> corr = RandomCorrelation(k, 100 + k);
    auto result = DecomposeR2(corr, k);
    ASSERT_TRUE(result.has_value()) << result.error().ToString();
    std::vector<int> all(k);
    std::iota(all.begin(), all.end(), 1);
    EXPECT_NEAR(result->r2, SubsetR2(corr, k + 1, all), 1e-12) << "k=" << k;
    const std::vector<double> expected = LmgByPermutations(corr, k);
    for (int j = 0; j < k; ++j) EXPECT_NEAR(result->lmg[j], expected[j], 1e-12) << "k=" << k;
  }
}

TEST(DecomposeR2, BothMeasuresSumToR2) {
  for (int k : {2, 8, 12}) {
    auto result = DecomposeR2(RandomCorrelation(k, 7 * k), k);
    ASSERT_TRUE(result.has_value()) << result.error().ToString();
    const double lmg_sum = std::accumulate(result->lmg.begin(), result->lmg.end(), 0.0);
    const double rw_sum =
        std::accumulate(result->relative_weights.begin(), result->relative_weights.end(), 0.0);
    EXPECT_NEAR(lmg_sum, result->r2, 1e-12) << "k=" << k;
    EXPECT_NEAR(rw_sum, result->r2, 1e-12) << "k=" << k;
  }
}

TEST(DecomposeR2, HandlesTheMaximumDriverCount) {
  auto result = DecomposeR2(RandomCorrelation(kMaxExactDrivers, 3), kMaxExactDrivers);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_NEAR(std::accumulate(result->lmg.begin(), result->lmg.end(), 0.0), result->r2, 1e-10);
}

struct BadCorrelation {
  const char* label;
  std::vector<double> corr;
  int k;
  const char* field;
};

class DecomposeR2Errors : public ::testing::TestWithParam<BadCorrelation> {};

TEST_P(DecomposeR2Errors, NameTheField) {
  const BadCorrelation& c = GetParam();
  auto result = DecomposeR2(c.corr, c.k);
  ASSERT_FALSE(result.has_value()) << c.label;
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << c.label;
  EXPECT_EQ(result.error().field, c.field) << c.label << ": " << result.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Table, DecomposeR2Errors,
    ::testing::Values(BadCorrelation{"no drivers", {1.0}, 0, "drivers"},
                      BadCorrelation{"over budget", std::vector<double>(22 * 22, 0.0), 21,
                                     "drivers"},
                      BadCorrelation{"wrong size", {1.0, 0.5, 0.5}, 1, "correlation"},
                      BadCorrelation{"asymmetric", {1.0, 0.5, 0.4, 1.0}, 1, "correlation"},
                      BadCorrelation{"diagonal not 1", {1.0, 0.5, 0.5, 0.9}, 1, "correlation"},
                      BadCorrelation{"not finite", {1.0, NAN, NAN, 1.0}, 1, "correlation"},
                      BadCorrelation{"indefinite",
                                     {1.0, 0.1, 0.1, 0.1,   //
                                      0.1, 1.0, 0.9, 0.9,   //
                                      0.1, 0.9, 1.0, -0.9,  //
                                      0.1, 0.9, -0.9, 1.0},
                                     3,
                                     "correlation"},
                      // drivers 0 and 1 are perfectly correlated; driver 2 is independent of both
                      BadCorrelation{"collinear",
                                     {1.0, 0.5, 0.5, 0.2,  //
                                      0.5, 1.0, 1.0, 0.0,  //
                                      0.5, 1.0, 1.0, 0.0,  //
                                      0.2, 0.0, 0.0, 1.0},
                                     3,
                                     "drivers[1]"}));

}  // namespace
}  // namespace nazar::drivers
