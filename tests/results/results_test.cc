#include "results/results.h"

#include <gtest/gtest.h>

namespace nazar::results {
namespace {

TEST(AttributeGateTest, SegmentsStayIdentifiersGo) {
  AttributeGate gate;
  // A segment: few values, seen again and again.
  for (int i = 0; i < 5000; ++i) EXPECT_TRUE(gate.Keep("team", "team-" + std::to_string(i % 12)));
  // An identifier: a new value every time; kept until it passes the limit, then dropped.
  for (size_t i = 0; i < kMaxSegmentValues; ++i) EXPECT_TRUE(gate.Keep("order", std::to_string(i)));
  EXPECT_FALSE(gate.Keep("order", "one-too-many"));
  EXPECT_FALSE(gate.Keep("order", "0"));  // once an identifier, always
  EXPECT_TRUE(gate.Keep("team", "team-3"));
}

TEST(MetricNamesTest, RoundTrip) {
  for (Metric m : {Metric::kNps, Metric::kCsat, Metric::kCes, Metric::kMean, Metric::kDistribution})
    EXPECT_EQ(ParseMetric(ToString(m)), m);
  EXPECT_FALSE(ParseMetric("average").has_value());
}

}  // namespace
}  // namespace nazar::results
