// Each group of a breakdown against the rest, checked against the tests computed here by hand
// from their textbook formulas (not through metrics/scores.h), and Holm's adjustment against
// R's p.adjust(method = "holm").
#include "results/outliers.h"

#include <gtest/gtest.h>

#include <cmath>

#include "results/results.h"

namespace nazar::results {
namespace {

double TwoSidedP(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

MetricGroup Group(std::string key, std::vector<int64_t> histogram) {
  int64_t n = 0;
  for (int64_t c : histogram) n += c;
  return {.key = std::move(key), .histogram = std::move(histogram), .n = n};
}

std::vector<int64_t> Sum(const std::vector<MetricGroup>& groups) {
  std::vector<int64_t> total(groups.front().histogram.size(), 0);
  for (const auto& g : groups)
    for (size_t i = 0; i < total.size(); ++i) total[i] += g.histogram[i];
  return total;
}

TEST(HolmAdjustTest, MatchesRsPAdjust) {
  // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005};
  const std::vector<double> adjusted = HolmAdjust(p);
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-12);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[3], 0.02, 1e-12);
  // Untestable entries stay NaN and do not count: two tests, not three.
  const std::vector<double> gaps = {0.02, std::nan(""), 0.6};
  const std::vector<double> g = HolmAdjust(gaps);
  EXPECT_NEAR(g[0], 0.04, 1e-12);
  EXPECT_TRUE(std::isnan(g[1]));
  EXPECT_NEAR(g[2], 0.6, 1e-12);
  EXPECT_NEAR(HolmAdjust(std::vector<double>{0.7, 0.9})[0], 1.0, 1e-12);  // capped at 1
}

TEST(CompareWithRestTest, CsatAgentsAgainstThePooledTwoProportionTest) {
  // CSAT 1-5. A: 40 of 100 satisfied; B: 140 of 200; C: 160 of 200; D: 10 answers (too few).
  const std::vector<MetricGroup> groups = {Group("a", {20, 20, 20, 20, 20}),
                                           Group("b", {10, 20, 30, 70, 70}),
                                           Group("c", {5, 10, 25, 80, 80}),
                                           Group("d", {1, 1, 1, 3, 4})};
  auto vr = CompareWithRest(Metric::kCsat, {1, 5}, Sum(groups), groups, {});
  ASSERT_TRUE(vr.has_value()) << vr.error().ToString();
  ASSERT_EQ(vr->size(), 4u);
  // By hand: the pooled z of group (x1 of n1) against the rest (x2 of n2).
  auto pooled = [](double x1, double n1, double x2, double n2) {
    const double p = (x1 + x2) / (n1 + n2);
    return (x1 / n1 - x2 / n2) / std::sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  };
  const double za = pooled(40, 100, 140 + 160 + 7, 410);
  const double zb = pooled(140, 200, 40 + 160 + 7, 310);
  const double zc = pooled(160, 200, 40 + 140 + 7, 310);
  EXPECT_NEAR((*vr)[0].comparison.difference, 0.40 - 307.0 / 410.0, 1e-12);
  EXPECT_NEAR((*vr)[0].comparison.statistic, za, 1e-9);
  EXPECT_NEAR((*vr)[1].comparison.statistic, zb, 1e-9);
  EXPECT_NEAR((*vr)[2].comparison.p_value, TwoSidedP(zc), 1e-9);
  EXPECT_EQ((*vr)[0].rest_n, 410);
  // Holm over the three testable groups, by hand.
  std::vector<std::pair<double, int>> ps = {{TwoSidedP(za), 0}, {TwoSidedP(zb), 1}, {TwoSidedP(zc), 2}};
  std::ranges::sort(ps);
  double running = 0;
  std::array<double, 3> holm{};
  for (int rank = 0; rank < 3; ++rank) {
    running = std::max(running, std::min(1.0, (3 - rank) * ps[rank].first));
    holm[ps[rank].second] = running;
  }
  for (int i = 0; i < 3; ++i) EXPECT_NEAR((*vr)[i].adjusted_p, holm[i], 1e-9) << i;
  // za = -6.71: far below; zb = 0.76 (p 0.446): within; zc = 4.65 (p 3.3e-6): above.
  EXPECT_NEAR(za, -6.706, 0.001);
  EXPECT_NEAR(zc, 4.653, 0.001);
  EXPECT_EQ((*vr)[0].outlier, Outlier::kBelow);
  EXPECT_EQ((*vr)[1].outlier, Outlier::kWithinMargin);
  EXPECT_EQ((*vr)[2].outlier, Outlier::kAbove);
  EXPECT_EQ((*vr)[3].outlier, Outlier::kNotEnoughData);
  EXPECT_TRUE(std::isnan((*vr)[3].adjusted_p));
}

TEST(CompareWithRestTest, NpsAgainstTheUnpooledZOnTrinomialVariances) {
  // Counts per rating 0..10: detractors at 0, passives at 7, promoters at 9.
  auto nps = [](int64_t det, int64_t pas, int64_t pro) {
    std::vector<int64_t> h(11, 0);
    h[0] = det, h[7] = pas, h[9] = pro;
    return h;
  };
  const std::vector<MetricGroup> groups = {Group("web", nps(30, 30, 40)),   // NPS +10
                                           Group("app", nps(50, 60, 90)),   // NPS +20
                                           Group("sms", nps(20, 20, 60))};  // NPS +40
  auto vr = CompareWithRest(Metric::kNps, {0, 10}, Sum(groups), groups, {});
  ASSERT_TRUE(vr.has_value());
  auto z = [](double d1, double p1, double n1, double d2, double p2, double n2) {
    auto var = [](double pd, double pp, double n) { return (pp + pd - (pp - pd) * (pp - pd)) / n; };
    const double a = p1 / n1 - d1 / n1, b = p2 / n2 - d2 / n2;
    return (a - b) / std::sqrt(var(d1 / n1, p1 / n1, n1) + var(d2 / n2, p2 / n2, n2));
  };
  // sms (+40) against web and app together: 80 detractors, 130 promoters of 300 (+16.7).
  EXPECT_NEAR((*vr)[2].comparison.difference, 40.0 - 50.0 / 3.0, 1e-9);
  EXPECT_NEAR((*vr)[2].comparison.statistic, z(20, 60, 100, 80, 130, 300), 1e-9);
  EXPECT_NEAR((*vr)[0].comparison.statistic, z(30, 40, 100, 70, 150, 300), 1e-9);
  EXPECT_EQ((*vr)[2].rest_n, 300);
}

TEST(CompareWithRestTest, TopicsOverlapButTheRestIsTheResponsesWithoutIt) {
  // Multi-valued: 100 responses overall; 60 mention "delivery", 50 "price" (some both).
  const std::vector<int64_t> overall = {10, 10, 20, 30, 30};
  const std::vector<MetricGroup> groups = {Group("delivery", {10, 10, 10, 15, 15}),
                                           Group("price", {5, 5, 10, 15, 15})};
  auto vr = CompareWithRest(Metric::kCsat, {1, 5}, overall, groups, {});
  ASSERT_TRUE(vr.has_value());
  EXPECT_EQ((*vr)[0].rest_n, 40);
  EXPECT_EQ((*vr)[1].rest_n, 50);
  // A group counting more than the whole is refused, naming it.
  const std::vector<MetricGroup> bad = {Group("x", {11, 0, 0, 0, 0})};
  EXPECT_EQ(CompareWithRest(Metric::kCsat, {1, 5}, overall, bad, {}).error().field, "groups[0]");
}

TEST(OutlierNamesTest, Stable) {
  EXPECT_EQ(ToString(Outlier::kAbove), "above");
  EXPECT_EQ(ToString(Outlier::kBelow), "below");
  EXPECT_EQ(ToString(Outlier::kWithinMargin), "within_margin");
  EXPECT_EQ(ToString(Outlier::kNotEnoughData), "not_enough_data");
}

}  // namespace
}  // namespace nazar::results
