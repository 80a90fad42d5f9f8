#include "journey/calls.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nazar::journey {
namespace {

// Wilson score interval, written out independently of metrics/scores.cc.
std::pair<double, double> Wilson(double k, double n) {
  const double z = 1.959963984540054, p = k / n;
  double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  return {centre - half, centre + half};
}

TEST(CallsTest, QueuesAndWaitBandsFromHandCountedCalls) {
  const std::vector<CallRecord> calls = {
      {"support", 10, false, true}, {"support", 20, false, true},  {"support", 30, false, {}},
      {"support", 40, false, false}, {"support", 100, true, {}},    {"sales", 5, false, false},
      {"sales", 200, true, {}},
  };
  const double edges[] = {30, 60};
  auto r = AnalyzeCalls(calls, edges, {.min_responses = 1});
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->queues.size(), 2u);
  const QueueFigures& s = r->queues[0];
  EXPECT_EQ(s.queue, "support");
  EXPECT_EQ(s.calls, 5);
  EXPECT_DOUBLE_EQ(s.mean_wait_s, 40);
  EXPECT_DOUBLE_EQ(s.median_wait_s, 30);
  EXPECT_DOUBLE_EQ(s.p90_wait_s, 76);  // 40 + 0.6 * (100 - 40)
  EXPECT_DOUBLE_EQ(s.abandoned.share, 0.2);
  auto [lo, hi] = Wilson(1, 5);
  EXPECT_NEAR(s.abandoned.ci_low, lo, 1e-12);
  EXPECT_NEAR(s.abandoned.ci_high, hi, 1e-12);
  EXPECT_EQ(r->queues[1].queue, "sales");
  EXPECT_DOUBLE_EQ(r->queues[1].median_wait_s, 102.5);

  ASSERT_EQ(r->bands.size(), 3u);
  EXPECT_EQ(r->bands[0].calls, 3);  // 10, 20, 5
  EXPECT_EQ(r->bands[1].calls, 2);  // 30, 40: the edge belongs to the band above
  EXPECT_EQ(r->bands[2].calls, 2);  // 100, 200
  EXPECT_DOUBLE_EQ(r->bands[0].abandoned.share, 0);
  EXPECT_DOUBLE_EQ(r->bands[2].abandoned.share, 1);
  EXPECT_FALSE(r->bands[2].to_s.has_value());
  EXPECT_EQ(r->bands[0].satisfied.n, 3);
  EXPECT_EQ(r->bands[0].satisfied.successes, 2);
  EXPECT_EQ(r->bands[1].satisfied.successes, 0);
  EXPECT_EQ(r->bands[2].satisfied.n, 0);
  EXPECT_TRUE(std::isnan(r->bands[2].satisfied.share));
}

TEST(CallsTest, BadInputNamesItsField) {
  const std::vector<CallRecord> calls = {{"q", -1, false, {}}};
  const double edges[] = {30};
  EXPECT_EQ(AnalyzeCalls(calls, edges).error().field, "calls");
  const double unordered[] = {60, 30};
  EXPECT_EQ(AnalyzeCalls({}, unordered).error().field, "band_edges");
}

}  // namespace
}  // namespace nazar::journey
