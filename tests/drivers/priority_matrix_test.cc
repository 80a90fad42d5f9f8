#include "drivers/priority_matrix.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nazar::drivers {
namespace {

struct QuadrantCase {
  double importance;
  double performance;
  Quadrant expected;
};

class QuadrantTable : public ::testing::TestWithParam<QuadrantCase> {};

// Thresholds: importance 0.2 (five drivers' mean LMG share), performance 3.5.
TEST_P(QuadrantTable, Classifies) {
  const QuadrantCase& c = GetParam();
  const PriorityThresholds thresholds{0.2, 3.5};
  EXPECT_EQ(Classify(c.importance, c.performance, thresholds), c.expected)
      << "importance " << c.importance << ", performance " << c.performance << " gave "
      << ToString(Classify(c.importance, c.performance, thresholds));
}

INSTANTIATE_TEST_SUITE_P(
    Table, QuadrantTable,
    ::testing::Values(QuadrantCase{0.35, 2.9, Quadrant::kFixFirst},
                      QuadrantCase{0.35, 4.1, Quadrant::kKeep},
                      QuadrantCase{0.05, 4.1, Quadrant::kMonitor},
                      QuadrantCase{0.05, 2.9, Quadrant::kLowPriority},
                      // at the threshold counts as high
                      QuadrantCase{0.2, 3.5, Quadrant::kKeep},
                      QuadrantCase{0.2, 3.4, Quadrant::kFixFirst},
                      QuadrantCase{0.19, 3.5, Quadrant::kMonitor},
                      // a hair under the mean through rounding still counts as at it
                      QuadrantCase{0.2 - 1e-12, 3.5 - 1e-12, Quadrant::kKeep}));

TEST(Quadrant, NamesAreStable) {
  EXPECT_EQ(ToString(Quadrant::kFixFirst), "fix_first");
  EXPECT_EQ(ToString(Quadrant::kKeep), "keep");
  EXPECT_EQ(ToString(Quadrant::kMonitor), "monitor");
  EXPECT_EQ(ToString(Quadrant::kLowPriority), "low_priority");
}

TEST(ClassifyDrivers, UsesTheMeansAsThresholds) {
  const std::vector<double> importance = {0.40, 0.30, 0.15, 0.10, 0.05};  // mean 0.2
  const std::vector<double> performance = {3.0, 4.5, 4.2, 2.8, 3.5};      // mean 3.6
  auto thresholds = MeanThresholds(importance, performance);
  ASSERT_TRUE(thresholds.has_value());
  EXPECT_DOUBLE_EQ(thresholds->importance, 0.2);
  EXPECT_DOUBLE_EQ(thresholds->performance, 3.6);

  auto quadrants = ClassifyDrivers(importance, performance);
  ASSERT_TRUE(quadrants.has_value());
  EXPECT_EQ(*quadrants,
            (std::vector<Quadrant>{Quadrant::kFixFirst, Quadrant::kKeep, Quadrant::kMonitor,
                                   Quadrant::kLowPriority, Quadrant::kLowPriority}));
}

TEST(ClassifyDrivers, EqualValuesAllCountAsHigh) {
  const std::vector<double> importance(7, 1.0 / 7);
  const std::vector<double> performance(7, 0.1);
  auto quadrants = ClassifyDrivers(importance, performance);
  ASSERT_TRUE(quadrants.has_value());
  for (Quadrant q : *quadrants) EXPECT_EQ(q, Quadrant::kKeep);
}

TEST(ClassifyDrivers, ErrorsNameTheField) {
  const std::vector<double> two = {0.5, 0.5};
  const std::vector<double> three = {1.0, 2.0, 3.0};
  const std::vector<double> with_nan = {1.0, NAN};
  const std::vector<double> none;
  EXPECT_EQ(ClassifyDrivers(none, none).error().field, "importance");
  EXPECT_EQ(ClassifyDrivers(two, three).error().field, "performance");
  EXPECT_EQ(ClassifyDrivers(two, with_nan).error().field, "performance[1]");
  EXPECT_EQ(ClassifyDrivers(with_nan, two).error().field, "importance[1]");
}

}  // namespace
}  // namespace nazar::drivers
