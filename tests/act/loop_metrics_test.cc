// The loop's measures against hand-worked and independent figures: order-statistic
// intervals for quantiles (Campbell & Gardner's published ranks, and the exact binomial
// coverage they promise), shares with Wilson intervals computed here from the formula, the
// honest denominators (a detractor case too young to judge is left out), recovery, and the
// root causes per month across the Jalali new year.
#include "act/loop_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "core/jalali.h"

namespace nazar::act {
namespace {

constexpr int64_t kHour = 3600'000;
constexpr double kZ95 = 1.959963984540054;

// P(lo <= B < hi) for B ~ Binomial(n, p), summed in log space: the coverage of the interval
// between the order statistics of ranks lo and hi.
double Coverage(int n, double p, int lo, int hi) {
  double total = 0;
  for (int k = lo; k < hi; ++k) {
    double log_pmf = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                     k * std::log(p) + (n - k) * std::log1p(-p);
    total += std::exp(log_pmf);
  }
  return total;
}

// The Wilson score interval, written out (Wilson 1927; Newcombe 1998, method 3).
std::pair<double, double> Wilson(double x, double n) {
  const double p = x / n, z2 = kZ95 * kZ95;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = kZ95 / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {centre - half, centre + half};
}

std::vector<double> OneTo(int n) {
  std::vector<double> v(n);
  std::iota(v.begin(), v.end(), 1.0);
  return v;
}

TEST(Quantiles, MedianIntervalsHaveThePublishedRanks) {
  // Campbell & Gardner (BMJ 1988): n = 100 -> the 40th and 61st observations; n = 10 -> 2nd and 9th.
  auto hundred = OneTo(100);
  QuantileEstimate m = EstimateQuantile(hundred, 0.5, kZ95);
  EXPECT_DOUBLE_EQ(m.value, 50.5);
  EXPECT_DOUBLE_EQ(m.ci_low, 40);
  EXPECT_DOUBLE_EQ(m.ci_high, 61);
  EXPECT_GE(Coverage(100, 0.5, 40, 61), 0.94);
  auto ten = OneTo(10);
  QuantileEstimate small = EstimateQuantile(ten, 0.5, kZ95);
  EXPECT_DOUBLE_EQ(small.ci_low, 2);
  EXPECT_DOUBLE_EQ(small.ci_high, 9);
  EXPECT_GE(Coverage(10, 0.5, 2, 9), 0.95);
}

TEST(Quantiles, NinetiethPercentileInterpolatesAndItsIntervalCovers) {
  auto hundred = OneTo(100);
  QuantileEstimate q = EstimateQuantile(hundred, 0.9, kZ95);
  EXPECT_NEAR(q.value, 90.1, 1e-12);  // R: quantile(1:100, 0.9) = 90.1
  // ranks 90 -/+ 1.96 * 3: 84 and 97
  EXPECT_DOUBLE_EQ(q.ci_low, 84);
  EXPECT_DOUBLE_EQ(q.ci_high, 97);
  EXPECT_GE(Coverage(100, 0.9, 84, 97), 0.94);
  // Too few for the upper bound: its rank falls past n.
  auto five = OneTo(5);
  QuantileEstimate tiny = EstimateQuantile(five, 0.9, kZ95);
  EXPECT_TRUE(std::isnan(tiny.ci_high));
}

LoopCase Detractor(int64_t created, std::optional<int64_t> contacted_after) {
  LoopCase c{.created_ms = created, .nps = 3};
  if (contacted_after) c.first_contact_ms = created + *contacted_after;
  return c;
}

TEST(LoopMetrics, ContactedWithinCountsOnlyCasesOldEnoughToJudge) {
  const int64_t now = 1'800'000'000'000;
  std::vector<LoopCase> cases;
  for (int i = 0; i < 30; ++i) cases.push_back(Detractor(now - 100 * kHour, 2 * kHour));  // in time
  for (int i = 0; i < 6; ++i) cases.push_back(Detractor(now - 100 * kHour, 30 * kHour));  // late
  for (int i = 0; i < 4; ++i) cases.push_back(Detractor(now - 48 * kHour, std::nullopt));  // never
  for (int i = 0; i < 3; ++i) cases.push_back(Detractor(now - 1 * kHour, std::nullopt));   // too young
  cases.push_back(LoopCase{.created_ms = now - 100 * kHour, .nps = 9});                   // a promoter
  auto m = ComputeLoopMetrics(cases, {.contact_within_ms = 24 * kHour, .now_ms = now});
  ASSERT_TRUE(m.has_value()) << m.error().ToString();
  EXPECT_EQ(m->detractor_cases, 43);
  EXPECT_EQ(m->contacted_within.n, 40);
  EXPECT_EQ(m->contacted_within.successes, 30);
  EXPECT_TRUE(m->contacted_within.enough);
  auto [lo, hi] = Wilson(30, 40);
  EXPECT_NEAR(m->contacted_within.ci_low, lo, 1e-9);
  EXPECT_NEAR(m->contacted_within.ci_high, hi, 1e-9);
}

TEST(LoopMetrics, DurationsSlaRecoveryAndChecks) {
  const int64_t t0 = 1'800'000'000'000;
  std::vector<LoopCase> cases;
  std::vector<double> responded;
  for (int i = 0; i < 40; ++i) {
    LoopCase c{.created_ms = t0, .open = i >= 30, .nps = i % 2 == 0 ? 2 : 8};
    c.first_response_ms = t0 + (i + 1) * kHour / 2;  // 0.5 .. 20 hours
    responded.push_back((i + 1) / 2.0);
    if (i < 30) c.resolved_ms = t0 + (i + 1) * kHour;
    c.first_response_sla = i < 36 ? SlaState::kMet : SlaState::kBreached;
    c.resolution_sla = i < 30 ? (i < 27 ? SlaState::kMet : SlaState::kMetLate) : SlaState::kRunning;
    if (i % 2 == 0 && i < 20) c.next_nps = i < 8 ? 9 : 5;  // 10 detractors rated again, 4 recovered
    if (i < 12) {
      c.checks_sent = 1;
      if (i < 10) c.check_answer = i < 7 ? "yes" : "no";
    }
    cases.push_back(c);
  }
  cases.push_back(LoopCase{.created_ms = t0});  // not responded yet
  auto m = ComputeLoopMetrics(cases, {.now_ms = t0 + 1000 * kHour});
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->cases, 41);
  EXPECT_EQ(m->open, 11);
  EXPECT_EQ(m->first_response.n, 40);
  EXPECT_EQ(m->first_response.waiting, 1);
  EXPECT_TRUE(m->first_response.enough);
  EXPECT_DOUBLE_EQ(m->first_response.median_hours.value, 10.25);  // (10 + 10.5) / 2
  // p90 of 0.5..20 by 0.5: h = 39 * 0.9 = 35.1 -> 18 + 0.1 * 0.5
  EXPECT_NEAR(m->first_response.p90_hours.value, 18.05, 1e-12);
  EXPECT_EQ(m->resolution.n, 30);
  EXPECT_EQ(m->resolution.waiting, 11);
  EXPECT_DOUBLE_EQ(m->resolution.median_hours.value, 15.5);
  EXPECT_EQ(m->sla_first_response.n, 40);
  EXPECT_EQ(m->sla_first_response.successes, 36);
  EXPECT_EQ(m->sla_resolution.n, 30);
  EXPECT_EQ(m->sla_resolution.successes, 27);
  EXPECT_EQ(m->rated_again, 10);
  EXPECT_EQ(m->recovered.successes, 4);
  EXPECT_FALSE(m->recovered.enough) << "10 is below the minimum n of 30";
  EXPECT_EQ(m->checks_sent, 12);
  EXPECT_EQ(m->resolved_by_customer.n, 10);
  EXPECT_EQ(m->resolved_by_customer.successes, 7);
}

TEST(LoopMetrics, RootCausesPerMonthInTheOrganisationsCalendar) {
  // 2026-03-20 is 29 Esfand 1404, 2026-03-21 is 1 Farvardin 1405, 2026-05-02 is 12 Ordibehesht.
  auto day = [](int y, int m, int d) { return static_cast<int32_t>(*EpochDayFromGregorian({y, m, d})); };
  std::vector<LoopCase> cases = {
      {.local_day = day(2026, 3, 20), .root_cause_id = 7},
      {.local_day = day(2026, 3, 21), .root_cause_id = 7},
      {.local_day = day(2026, 3, 21)},
      {.local_day = day(2026, 5, 2), .root_cause_id = 9},
  };
  auto jalali = ComputeLoopMetrics(cases, {.jalali = true});
  ASSERT_TRUE(jalali.has_value());
  EXPECT_EQ(jalali->months, (std::vector<std::string>{"1404-12", "1405-01", "1405-02"}));
  EXPECT_EQ(jalali->root_causes.at(7), (std::vector<int64_t>{1, 1, 0}));
  EXPECT_EQ(jalali->root_causes.at(0), (std::vector<int64_t>{0, 1, 0}));
  EXPECT_EQ(jalali->root_causes.at(9), (std::vector<int64_t>{0, 0, 1}));
  auto gregorian = ComputeLoopMetrics(cases, {.jalali = false});
  ASSERT_TRUE(gregorian.has_value());
  EXPECT_EQ(gregorian->months, (std::vector<std::string>{"2026-03", "2026-04", "2026-05"}));
  EXPECT_EQ(gregorian->root_causes.at(7), (std::vector<int64_t>{2, 0, 0}));
}

TEST(LoopMetrics, NothingToMeasureIsNotAnError) {
  auto m = ComputeLoopMetrics({}, {});
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->cases, 0);
  EXPECT_EQ(m->contacted_within.n, 0);
  EXPECT_FALSE(m->first_response.enough);
  EXPECT_TRUE(m->months.empty());
}

}  // namespace
}  // namespace nazar::act
