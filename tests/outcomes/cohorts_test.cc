// Retention by first-purchase cohort, acquisition cost by channel and month, and the
// histogram, on small sets counted by hand.
#include "outcomes/cohorts.h"

#include <gtest/gtest.h>

namespace nazar::outcomes {
namespace {

Day D(const char* text) { return *ParseDay(text, "day"); }

// a: Jan, Feb, Apr; b: Jan (twice), Mar; c: Feb, Feb; d: Mar; e: after the end (left out).
std::vector<Transaction> Sample() {
  return {{"a", D("2026-01-05"), 10}, {"b", D("2026-01-20"), 20}, {"b", D("2026-01-21"), 5},
          {"a", D("2026-02-10"), 10}, {"c", D("2026-02-01"), 30}, {"c", D("2026-02-28"), 30},
          {"b", D("2026-03-03"), 20}, {"d", D("2026-03-31"), 40}, {"a", D("2026-04-30"), 10},
          {"e", D("2026-05-01"), 99}};
}

TEST(Cohorts, RetentionCountsEachCustomerOncePerMonth) {
  const auto cohorts = RetentionByCohort(Sample(), D("2026-04-30"));
  ASSERT_EQ(cohorts.size(), 4u);
  EXPECT_EQ(cohorts[0].month, "2026-01");
  EXPECT_EQ(cohorts[0].customers, 2);  // a, b
  EXPECT_EQ(cohorts[0].active, (std::vector<int64_t>{2, 1, 1, 1}));  // Jan a b; Feb a; Mar b; Apr a
  EXPECT_EQ(cohorts[1].month, "2026-02");
  EXPECT_EQ(cohorts[1].customers, 1);  // c
  EXPECT_EQ(cohorts[1].active, (std::vector<int64_t>{1, 0, 0}));
  EXPECT_EQ(cohorts[2].customers, 1);  // d
  EXPECT_EQ(cohorts[2].active, (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(cohorts[3].month, "2026-04");
  EXPECT_EQ(cohorts[3].customers, 0);
  EXPECT_EQ(cohorts[3].active, (std::vector<int64_t>{0}));
  EXPECT_TRUE(RetentionByCohort({}, D("2026-04-30")).empty());
  // Ending on 29 April: April is cut short and left out, so a's April purchase is not counted.
  const auto cut = RetentionByCohort(Sample(), D("2026-04-29"));
  ASSERT_EQ(cut.size(), 3u);
  EXPECT_EQ(cut[0].active, (std::vector<int64_t>{2, 1, 1}));
  EXPECT_TRUE(RetentionByCohort(Sample(), D("2026-01-30")).empty()) << "no complete month yet";
  EXPECT_EQ(MonthOf(D("2024-12-31")), "2024-12");
}

TEST(Cohorts, CacIsSpendOverTheCustomersAChannelBrought) {
  const auto tx = Sample();
  // First transactions: a (index 0) instagram, b (1) sms, c (4) instagram, d (7) referral.
  const std::vector<std::string> channels = {"instagram", "sms", "x", "x", "instagram", "x", "x", "referral", "x", "x"};
  const std::vector<ChannelSpend> spend = {{"instagram", "2026-01", 1000}, {"instagram", "2026-02", 500},
                                           {"sms", "2026-01", 300}, {"google_ads", "2026-02", 800}};
  const Acquisition a = MeasureAcquisition(tx, channels, spend, D("2026-04-30"));
  // d's month (March) has no spend: d is not set against this spend.
  EXPECT_EQ(a.overall.spend, 2600);
  EXPECT_EQ(a.overall.new_customers, 3);
  EXPECT_DOUBLE_EQ(*a.overall.cac, 2600.0 / 3);
  ASSERT_EQ(a.by_channel.size(), 3u);
  EXPECT_EQ(a.by_channel[0].key, "google_ads");
  EXPECT_EQ(a.by_channel[0].new_customers, 0);
  EXPECT_FALSE(a.by_channel[0].cac.has_value()) << "spend and no customers: no CAC, not infinity";
  EXPECT_EQ(a.by_channel[1].key, "instagram");
  EXPECT_DOUBLE_EQ(*a.by_channel[1].cac, 750);
  EXPECT_EQ(a.by_channel[2].key, "sms");
  EXPECT_DOUBLE_EQ(*a.by_channel[2].cac, 300);
  ASSERT_EQ(a.by_month.size(), 2u);
  EXPECT_EQ(a.by_month[0].key, "2026-01");
  EXPECT_DOUBLE_EQ(*a.by_month[0].cac, 650);  // 1300 over a and b
  EXPECT_DOUBLE_EQ(*a.by_month[1].cac, 1300);  // 1300 over c

  // Without any spend every new customer counts, and nothing has a CAC.
  const Acquisition none = MeasureAcquisition(tx, channels, {}, D("2026-04-30"));
  EXPECT_EQ(none.overall.new_customers, 4);
  EXPECT_FALSE(none.overall.cac.has_value());
}

TEST(Cohorts, HistogramUpToThe99thPercentile) {
  std::vector<double> v;
  for (int i = 0; i < 100; ++i) v.push_back(i);  // 0..99; the 99th percentile is 98
  v.push_back(1000);
  const Histogram h = HistogramOf(v, 7);
  ASSERT_EQ(h.edges.size(), 8u);
  EXPECT_DOUBLE_EQ(h.edges.front(), 0);
  EXPECT_DOUBLE_EQ(h.edges.back(), 99);  // floor(0.99 * 100) = 99: the value 99
  EXPECT_TRUE(h.open_ended);
  // Bins 99/7 = 14.14 wide: 0..14, 15..28, ..., 71..84, then 85..99 and 1000.
  EXPECT_EQ(h.counts, (std::vector<int64_t>{15, 14, 14, 14, 14, 14, 16}));
  EXPECT_TRUE(HistogramOf({}, 5).counts.empty());
  const Histogram same = HistogramOf({3, 3, 3}, 2);
  EXPECT_EQ(same.counts, (std::vector<int64_t>{0, 3}));
}

}  // namespace
}  // namespace nazar::outcomes
