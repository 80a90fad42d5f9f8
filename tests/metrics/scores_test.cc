#include "metrics/scores.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace nazar::metrics {
namespace {

constexpr double kZ95 = 1.959963984540054;   // two-sided 95% normal quantile
constexpr double kZ95Squared = kZ95 * kZ95;  // 3.8414588
constexpr double kTight = 1e-9;

// The value of a Result that the test expects to succeed.
template <typename T>
T ValueOf(const Result<T>& result) {
  if (!result) {
    ADD_FAILURE() << "unexpected error: " << result.error().ToString();
    return T{};
  }
  return *result;
}

RatingCounts Counts(Scale scale, std::vector<int64_t> counts) { return {scale, std::move(counts)}; }

// --- The published example ------------------------------------------------------------------

// ../shared/data/README.md: pP = 1/2, pD = 1/6, n = 300 -> NPS 33.3, SE 4.30 points, 95%
// margin +-8.4 points.
TEST(Nps, ReproducesThePublishedExample) {
  const NpsScore score = ValueOf(ScoreNps(NpsCounts{150, 100, 50}));
  EXPECT_EQ(score.n, 300);
  EXPECT_NEAR(score.nps, 33.3, 0.05);
  EXPECT_NEAR(score.standard_error, 4.30, 0.005);
  EXPECT_NEAR(score.margin, 8.4, 0.05);
  // Exactly: Var = (1/2 + 1/6 - (1/3)^2) / 300 = (5/9) / 300 = 1/540, SE = 100 / sqrt(540).
  EXPECT_NEAR(score.nps, 100.0 / 3.0, kTight);
  EXPECT_NEAR(score.standard_error, 100.0 / std::sqrt(540.0), kTight);  // 4.3033148
  EXPECT_NEAR(score.margin, kZ95 * 100.0 / std::sqrt(540.0), kTight);   // 8.4343421
  EXPECT_NEAR(score.ci_low, 100.0 / 3.0 - score.margin, kTight);
  EXPECT_NEAR(score.ci_high, 100.0 / 3.0 + score.margin, kTight);
  EXPECT_TRUE(score.enough);
}

TEST(Nps, MarginFollowsTheConfidenceLevel) {
  const NpsScore score = ValueOf(ScoreNps(NpsCounts{150, 100, 50}, {.confidence_level = 0.90}));
  // z(0.90) = 1.644854; 1.6448536 * 4.3033148 = 7.0783187.
  EXPECT_NEAR(score.margin, 1.6448536269514722 * 100.0 / std::sqrt(540.0), kTight);
  EXPECT_DOUBLE_EQ(score.confidence_level, 0.90);
}

// --- NPS by hand ----------------------------------------------------------------------------

struct NpsCase {
  NpsCounts counts;
  double nps;
  double standard_error;  // points
  bool enough;
};

class NpsTable : public ::testing::TestWithParam<NpsCase> {};

TEST_P(NpsTable, MatchesHandArithmetic) {
  const NpsCase& c = GetParam();
  const NpsScore score = ValueOf(ScoreNps(c.counts));
  EXPECT_NEAR(score.nps, c.nps, 1e-9);
  EXPECT_NEAR(score.standard_error, c.standard_error, 1e-7);
  EXPECT_NEAR(score.margin, kZ95 * c.standard_error, 1e-6);
  EXPECT_EQ(score.enough, c.enough);
  EXPECT_GE(score.ci_low, -100.0);
  EXPECT_LE(score.ci_high, 100.0);
}

INSTANTIATE_TEST_SUITE_P(
    Table, NpsTable,
    ::testing::Values(
        // pP .5, pD .2: NPS 30; Var = (.7 - .09) / 100 = .0061; SE = 100 sqrt(.0061) = 7.8102497
        NpsCase{{50, 30, 20}, 30.0, 7.8102496759, true},
        // pP = pD = 1/3: NPS 0; Var = (2/3 - 0) / 60 = 1/90; SE = 100 / sqrt(90) = 10.5409255
        NpsCase{{20, 20, 20}, 0.0, 10.5409255339, true},
        // all detractors: NPS -100, Var = (1 - 1) / 40 = 0
        NpsCase{{0, 0, 40}, -100.0, 0.0, true},
        // all passives: NPS 0, Var = 0
        NpsCase{{0, 35, 0}, 0.0, 0.0, true},
        // pP .6, pD .4, n 10: NPS 20; Var = (1 - .04) / 10 = .096; SE = 30.9838668; too few
        NpsCase{{6, 0, 4}, 20.0, 30.9838667697, false},
        // 29 responses, one short of the default minimum: pP = 29/29 -> NPS 100, SE 0
        NpsCase{{29, 0, 0}, 100.0, 0.0, false}));

TEST(Nps, IntervalIsClippedToTheScale) {
  // pP .9, pD .1 of 10: NPS 80; Var = (1 - .64) / 10 = .036; SE = 18.97 points; margin 37.2.
  const NpsScore score = ValueOf(ScoreNps(NpsCounts{9, 0, 1}, {.min_responses = 1}));
  EXPECT_NEAR(score.margin, kZ95 * 100.0 * std::sqrt(0.036), 1e-9);
  EXPECT_DOUBLE_EQ(score.ci_high, 100.0);
  EXPECT_NEAR(score.ci_low, 80.0 - score.margin, 1e-9);
  EXPECT_TRUE(score.enough);
}

TEST(Nps, NoResponsesGiveNoNumbers) {
  const NpsScore score = ValueOf(ScoreNps(NpsCounts{}));
  EXPECT_EQ(score.n, 0);
  EXPECT_FALSE(score.enough);
  EXPECT_TRUE(std::isnan(score.nps));
  EXPECT_TRUE(std::isnan(score.standard_error));
  EXPECT_TRUE(std::isnan(score.ci_low));
}

TEST(Nps, CountsRatings) {
  // One of each rating 0..10: 9-10 promoters, 7-8 passives, 0-6 detractors.
  const std::vector<int> ratings = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(ValueOf(CountNps(ratings)), (NpsCounts{2, 2, 7}));
  const NpsScore from_ratings = ValueOf(ScoreNps(ratings));
  const NpsScore from_counts = ValueOf(ScoreNps(NpsCounts{2, 2, 7}));
  EXPECT_DOUBLE_EQ(from_ratings.nps, from_counts.nps);
  EXPECT_NEAR(from_ratings.nps, 100.0 * (2.0 - 7.0) / 11.0, kTight);
  // The columnar view's counts per value give the same groups.
  EXPECT_EQ(ValueOf(NpsCountsOf(Counts(kNpsScale, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}))),
            (NpsCounts{2, 2, 7}));
}

TEST(Nps, NamesTheBadRating) {
  std::vector<int> ratings(20, 8);
  ratings[17] = 11;
  auto score = ScoreNps(ratings);
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(score.error().field, "ratings[17]");
  ratings[17] = 8;
  ratings[3] = -1;
  EXPECT_EQ(CountNps(ratings).error().field, "ratings[3]");
}

// --- Proportions: Wilson score interval -----------------------------------------------------

struct WilsonCase {
  int64_t successes;
  int64_t n;
  double low;
  double high;
  double tolerance;
};

class WilsonTable : public ::testing::TestWithParam<WilsonCase> {};

TEST_P(WilsonTable, MatchesReference) {
  const WilsonCase& c = GetParam();
  const ProportionEstimate estimate =
      ValueOf(EstimateProportion({c.successes, c.n}, {.min_responses = 1}));
  EXPECT_NEAR(estimate.share, static_cast<double>(c.successes) / c.n, kTight);
  EXPECT_NEAR(estimate.ci_low, c.low, c.tolerance) << c.successes << "/" << c.n;
  EXPECT_NEAR(estimate.ci_high, c.high, c.tolerance) << c.successes << "/" << c.n;
}

// z² = 3.8414588; at 0/n the upper bound is z² / (n + z²), at n/n the lower is n / (n + z²).
INSTANTIATE_TEST_SUITE_P(
    Table, WilsonTable,
    ::testing::Values(
        // Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (Wilson).
        WilsonCase{81, 263, 0.2553, 0.3662, 5e-5}, WilsonCase{15, 148, 0.0624, 0.1605, 5e-5},
        WilsonCase{0, 20, 0.0, 0.1611, 5e-5}, WilsonCase{1, 29, 0.0061, 0.1718, 5e-5},
        // 0/10: upper 3.8414588 / 13.8414588; 10/10: lower 10 / 13.8414588.
        WilsonCase{0, 10, 0.0, kZ95Squared / (10 + kZ95Squared), 1e-12},
        WilsonCase{10, 10, 10 / (10 + kZ95Squared), 1.0, 1e-12},
        WilsonCase{0, 1000, 0.0, kZ95Squared / (1000 + kZ95Squared), 1e-12},
        WilsonCase{1000, 1000, 1000 / (1000 + kZ95Squared), 1.0, 1e-12}));

TEST(Proportion, WilsonIsSymmetricAboutOneHalf) {
  for (int64_t n : {2, 10, 31, 100, 1001}) {
    for (int64_t x = 0; x <= n; ++x) {
      const ProportionEstimate a = ValueOf(EstimateProportion({x, n}));
      const ProportionEstimate b = ValueOf(EstimateProportion({n - x, n}));
      EXPECT_NEAR(a.ci_low, 1.0 - b.ci_high, 1e-12) << x << "/" << n;
      EXPECT_NEAR(a.ci_high, 1.0 - b.ci_low, 1e-12) << x << "/" << n;
      EXPECT_LE(a.ci_low, a.share);
      EXPECT_GE(a.ci_high, a.share);
    }
  }
}

TEST(Proportion, ResponseRate) {
  // 120 responses of 400 invitations: 30%.
  const ProportionEstimate rate = ValueOf(ResponseRate(120, 400));
  EXPECT_DOUBLE_EQ(rate.share, 0.3);
  EXPECT_TRUE(rate.enough);
  EXPECT_LT(rate.ci_low, 0.3);
  EXPECT_GT(rate.ci_high, 0.3);
  EXPECT_EQ(ResponseRate(401, 400).error().field, "responses");
  EXPECT_EQ(ResponseRate(1, -1).error().field, "invitations");
  EXPECT_FALSE(ValueOf(ResponseRate(0, 0)).enough);
  EXPECT_TRUE(std::isnan(ValueOf(ResponseRate(0, 0)).share));
}

// --- Means ----------------------------------------------------------------------------------

TEST(Mean, TIntervalByHand) {
  // CSAT counts 1:2, 2:3, 3:5, 4:10, 5:10 (n = 30).
  //   sum = 2 + 6 + 15 + 40 + 50 = 113, mean = 113 / 30 = 3.7666667
  //   sum of squares = 2 + 12 + 45 + 160 + 250 = 469
  //   SS = 469 - 113² / 30 = 43.3666667, var = SS / 29 = 1.4954023, SD = 1.2228664
  //   SE = SD / sqrt(30) = 0.2232638; t(0.975, 29) = 2.045 (printed tables)
  const SampleMoments moments = ValueOf(MomentsOf(Counts(kCsatScale, {2, 3, 5, 10, 10})));
  EXPECT_EQ(moments.n, 30);
  EXPECT_NEAR(moments.mean, 113.0 / 30.0, kTight);
  EXPECT_NEAR(moments.standard_deviation, std::sqrt((469.0 - 113.0 * 113.0 / 30.0) / 29.0), kTight);
  const MeanEstimate mean = ValueOf(EstimateMean(moments));
  EXPECT_NEAR(mean.standard_error, 0.2232638, 1e-7);
  EXPECT_NEAR(mean.margin / mean.standard_error, 2.045, 5e-4);
  EXPECT_NEAR(mean.ci_low, mean.mean - mean.margin, kTight);
  EXPECT_NEAR(mean.ci_high, mean.mean + mean.margin, kTight);
  EXPECT_TRUE(mean.enough);
}

TEST(Mean, TooFewForASpread) {
  const MeanEstimate one = ValueOf(EstimateMean({1, 4.0, 0.0}, {.min_responses = 1}));
  EXPECT_DOUBLE_EQ(one.mean, 4.0);
  EXPECT_TRUE(std::isnan(one.standard_deviation));
  EXPECT_TRUE(std::isnan(one.ci_low));
  EXPECT_FALSE(one.enough);  // a mean's interval needs two responses
  const MeanEstimate none = ValueOf(EstimateMean({0, 0.0, 0.0}));
  EXPECT_TRUE(std::isnan(none.mean));
  EXPECT_EQ(EstimateMean({5, std::nan(""), 1.0}).error().field, "moments.mean");
  EXPECT_EQ(EstimateMean({5, 3.0, -1.0}).error().field, "moments.standard_deviation");
  EXPECT_EQ(EstimateMean({-5, 3.0, 1.0}).error().field, "moments.n");
}

TEST(Mean, IntervalOfRatingsStaysOnTheScale) {
  // Two answers, 2 and 5 of 1-5: mean 3.5, SD 2.1213, SE 1.5, t(0.975, 1) = 12.706, so the t
  // interval is 3.5 -+ 19.06 = -15.56 to 22.56; no mean of 1-5 ratings lies outside 1..5.
  const TopBoxScore csat = ValueOf(ScoreCsat(Counts(kCsatScale, {0, 1, 0, 0, 1}), {.min_responses = 2}));
  EXPECT_DOUBLE_EQ(csat.mean.mean, 3.5);
  EXPECT_NEAR(csat.mean.margin, 19.06, 0.01);  // the t interval's, as documented
  EXPECT_DOUBLE_EQ(csat.mean.ci_low, 1.0);
  EXPECT_DOUBLE_EQ(csat.mean.ci_high, 5.0);
  // 5, 5, 6, 6 of 1-7: 5.5 -+ t(0.975, 3) 3.182446 x SE 0.288675 = 4.581 to 6.419, inside.
  const RatingSummary ces = ValueOf(SummarizeRatings(Counts(kCesScale, {0, 0, 0, 0, 2, 2, 0})));
  EXPECT_NEAR(ces.mean.ci_low, 5.5 - 3.182446 * 0.288675, 1e-5);
  EXPECT_NEAR(ces.mean.ci_high, 5.5 + 3.182446 * 0.288675, 1e-5);
}

// --- Distributions --------------------------------------------------------------------------

struct CriticalCase {
  double confidence_level;
  double degrees_of_freedom;  // infinity: normal
  double critical;            // from printed tables
  double tolerance;
};

class CriticalTable : public ::testing::TestWithParam<CriticalCase> {};

TEST_P(CriticalTable, MatchesPrintedTables) {
  const CriticalCase& c = GetParam();
  const double critical = std::isinf(c.degrees_of_freedom)
                              ? CriticalZ(c.confidence_level)
                              : CriticalT(c.confidence_level, c.degrees_of_freedom);
  EXPECT_NEAR(critical, c.critical, c.tolerance);
  // And back: the two-sided p at the critical value is 1 - confidence.
  const double p = std::isinf(c.degrees_of_freedom)
                       ? TwoSidedPFromZ(critical)
                       : TwoSidedPFromT(critical, c.degrees_of_freedom);
  EXPECT_NEAR(p, 1.0 - c.confidence_level, 1e-10);
}

constexpr double kNormal = std::numeric_limits<double>::infinity();

INSTANTIATE_TEST_SUITE_P(Table, CriticalTable,
                         ::testing::Values(CriticalCase{0.95, kNormal, 1.959964, 1e-6},
                                           CriticalCase{0.90, kNormal, 1.644854, 1e-6},
                                           CriticalCase{0.99, kNormal, 2.575829, 1e-6},
                                           CriticalCase{0.95, 1, 12.706, 5e-4},
                                           CriticalCase{0.95, 10, 2.228, 5e-4},
                                           CriticalCase{0.95, 29, 2.045, 5e-4},
                                           CriticalCase{0.99, 5, 4.032, 5e-4},
                                           CriticalCase{0.90, 120, 1.658, 5e-4}));

TEST(Distributions, KnownPValues) {
  EXPECT_NEAR(TwoSidedPFromZ(1.96), 0.05, 1e-4);
  EXPECT_NEAR(TwoSidedPFromZ(-1.96), 0.0499957903, 1e-9);  // erfc(1.96 / sqrt 2)
  EXPECT_DOUBLE_EQ(TwoSidedPFromZ(0.0), 1.0);
  EXPECT_NEAR(TwoSidedPFromZ(3.290527), 0.001, 1e-7);
  EXPECT_DOUBLE_EQ(TwoSidedPFromT(0.0, 7), 1.0);
  // t with one degree of freedom is Cauchy: P(|T| >= 1) = 1/2.
  EXPECT_NEAR(TwoSidedPFromT(1.0, 1), 0.5, 1e-12);
  EXPECT_TRUE(std::isnan(CriticalZ(1.0)));
  EXPECT_TRUE(std::isnan(CriticalT(0.95, 0.0)));
  EXPECT_TRUE(std::isnan(TwoSidedPFromT(1.0, -3)));
}

// --- CSAT, CES and any scale ----------------------------------------------------------------

TEST(Csat, SatisfiedShareAndMean) {
  // 4-5 are satisfied: 10 + 10 = 20 of 30.
  const TopBoxScore csat = ValueOf(ScoreCsat(Counts(kCsatScale, {2, 3, 5, 10, 10})));
  EXPECT_EQ(csat.n, 30);
  EXPECT_EQ(csat.favourable, 20);
  EXPECT_NEAR(csat.favourable_share.share, 2.0 / 3.0, kTight);
  // Wilson for 20/30 at 95%.
  EXPECT_NEAR(csat.favourable_share.ci_low, 0.487801, 1e-6);
  EXPECT_NEAR(csat.favourable_share.ci_high, 0.807695, 1e-6);
  EXPECT_NEAR(csat.mean.mean, 113.0 / 30.0, kTight);
  EXPECT_TRUE(csat.enough);
}

TEST(Ces, EasyShareAndMean) {
  // 1:1, 2:1, 3:2, 4:4, 5:6, 6:8, 7:8 (n = 30). Easy (5-7): 6 + 8 + 8 = 22.
  // sum = 1 + 2 + 6 + 16 + 30 + 48 + 56 = 159, mean 5.3.
  const TopBoxScore ces = ValueOf(ScoreCes(Counts(kCesScale, {1, 1, 2, 4, 6, 8, 8})));
  EXPECT_EQ(ces.favourable, 22);
  EXPECT_NEAR(ces.favourable_share.share, 22.0 / 30.0, kTight);
  EXPECT_NEAR(ces.favourable_share.ci_low, 0.555520, 1e-6);
  EXPECT_NEAR(ces.favourable_share.ci_high, 0.858173, 1e-6);
  EXPECT_NEAR(ces.mean.mean, 5.3, kTight);
}

TEST(TopBox, ChecksScaleAndThreshold) {
  EXPECT_EQ(ScoreCsat(Counts(kCesScale, {1, 1, 1, 1, 1, 1, 1})).error().field, "scale");
  EXPECT_EQ(ScoreCes(Counts(kCsatScale, {1, 1, 1, 1, 1})).error().field, "scale");
  EXPECT_EQ(ScoreTopBox(Counts(kCsatScale, {1, 1, 1, 1, 1}), 6).error().field, "favourable_min");
  // A 0-10 likelihood question read top-3-box: 8, 9, 10.
  const TopBoxScore top3 =
      ValueOf(ScoreTopBox(Counts(kNpsScale, {0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 5}), 8));
  EXPECT_EQ(top3.favourable, 15);
  EXPECT_EQ(top3.n, 30);
}

TEST(Ratings, SummaryOfAnyScale) {
  // A 1-3 scale: 1:1, 2:2, 3:1. mean 2; SS = 1 + 0 + 1 = 2; SD = sqrt(2 / 3).
  const RatingSummary summary = ValueOf(SummarizeRatings(Counts({1, 3}, {1, 2, 1})));
  EXPECT_EQ(summary.n, 4);
  EXPECT_EQ(summary.shares, (std::vector<double>{0.25, 0.5, 0.25}));
  EXPECT_NEAR(summary.mean.mean, 2.0, kTight);
  EXPECT_NEAR(summary.mean.standard_deviation, std::sqrt(2.0 / 3.0), kTight);
  EXPECT_FALSE(summary.enough);
  // From raw ratings, and a scale that does not start at 0 or 1.
  const RatingCounts counted = ValueOf(CountRatings(std::vector<int>{-2, 2, 0, 0, -2}, {-2, 2}));
  EXPECT_EQ(counted.counts, (std::vector<int64_t>{2, 0, 2, 0, 1}));
  EXPECT_NEAR(ValueOf(MomentsOf(counted)).mean, -0.4, kTight);
}

struct BadCounts {
  RatingCounts counts;
  const char* field;
};

class BadCountsTable : public ::testing::TestWithParam<BadCounts> {};

TEST_P(BadCountsTable, NameTheField) {
  auto summary = SummarizeRatings(GetParam().counts);
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(summary.error().field, GetParam().field) << summary.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(Table, BadCountsTable,
                         ::testing::Values(BadCounts{{kCsatScale, {1, 2, 3}}, "counts"},
                                           BadCounts{{kCsatScale, {1, 2, -3, 4, 5}}, "counts[2]"},
                                           BadCounts{{{5, 1}, {}}, "scale"},
                                           BadCounts{{{0, 5000}, std::vector<int64_t>(5001, 0)},
                                                     "scale"},
                                           BadCounts{{{0, 1}, {kMaxResponses, 1}}, "counts"}));

TEST(Options, AreChecked) {
  const NpsCounts counts{10, 10, 10};
  EXPECT_EQ(ScoreNps(counts, {.min_responses = 0}).error().field, "options.min_responses");
  EXPECT_EQ(ScoreNps(counts, {.confidence_level = 1.0}).error().field, "options.confidence_level");
  EXPECT_EQ(ScoreNps(counts, {.confidence_level = 0.0}).error().field, "options.confidence_level");
  EXPECT_EQ(ScoreNps(counts, {.confidence_level = std::nan("")}).error().field,
            "options.confidence_level");
  EXPECT_EQ(ScoreNps(NpsCounts{1, -1, 0}).error().field, "counts.passives");
  EXPECT_EQ(EstimateProportion({5, 4}).error().field, "counts.successes");
  EXPECT_EQ(CompareNps({1, 1, 1}, {1, 1, -1}).error().field, "current.detractors");
  EXPECT_EQ(CompareProportions({-1, 4}, {1, 4}).error().field, "baseline.successes");
  EXPECT_EQ(CompareMeans({10, 1.0, 1.0}, {10, 1.0, -1.0}).error().field,
            "current.standard_deviation");
  // The default minimum is 30 responses.
  EXPECT_EQ(ScoreOptions{}.min_responses, 30);
  EXPECT_DOUBLE_EQ(ScoreOptions{}.confidence_level, 0.95);
}

// --- Comparisons ----------------------------------------------------------------------------

TEST(Verdict, NamesAreStable) {
  EXPECT_EQ(ToString(Verdict::kSignificantIncrease), "significant_increase");
  EXPECT_EQ(ToString(Verdict::kSignificantDecrease), "significant_decrease");
  EXPECT_EQ(ToString(Verdict::kNoSignificantChange), "no_significant_change");
  EXPECT_EQ(ToString(Verdict::kNotEnoughData), "not_enough_data");
}

TEST(CompareNps, ByHand) {
  // Baseline: the published example, NPS 33.33, SE 4.3033148 (Var 1/540 on -1..1).
  // Current: 100/100/100 of 300, NPS 0, Var = (2/3) / 300 = 1/450, SE 4.7140452.
  // SE of the difference = 100 sqrt(1/540 + 1/450) = 6.3828474; z = -33.333 / 6.3828 = -5.2223.
  const Comparison c = ValueOf(CompareNps({150, 100, 50}, {100, 100, 100}));
  EXPECT_NEAR(c.baseline, 100.0 / 3.0, kTight);
  EXPECT_NEAR(c.current, 0.0, kTight);
  EXPECT_NEAR(c.difference, -100.0 / 3.0, kTight);
  EXPECT_NEAR(c.standard_error, 100.0 * std::sqrt(1.0 / 540 + 1.0 / 450), kTight);
  EXPECT_NEAR(c.statistic, -5.2223296787, 1e-9);
  EXPECT_NEAR(c.p_value, 1.76686e-7, 1e-11);
  EXPECT_TRUE(std::isinf(c.degrees_of_freedom));
  EXPECT_NEAR(c.significance_level, 0.05, kTight);
  EXPECT_EQ(c.verdict, Verdict::kSignificantDecrease);
  EXPECT_EQ(ValueOf(CompareNps({100, 100, 100}, {150, 100, 50})).verdict,
            Verdict::kSignificantIncrease);
}

TEST(CompareNps, SmallChangeIsNotSignificant) {
  // Current 160/90/50: pP = .5333, pD = .1667, NPS 36.67; Var = (.7 - .3667²) / 300
  // = (.7 - .1344444) / 300, SE = 4.3418719; z = 3.3333 / sqrt(4.3033² + 4.3419²) = 0.5452743,
  // p = erfc(z / sqrt 2) = 0.5855649.
  const Comparison c = ValueOf(CompareNps({150, 100, 50}, {160, 90, 50}));
  EXPECT_NEAR(c.statistic, 0.5452743193, 1e-9);
  EXPECT_NEAR(c.p_value, 0.5855648637, 1e-9);
  EXPECT_EQ(c.verdict, Verdict::kNoSignificantChange);
}

TEST(CompareProportions, PooledZByHand) {
  // 45/100 -> 60/100: pooled p = 105/200 = .525; SE = sqrt(.525 * .475 * (1/100 + 1/100))
  // = sqrt(.0049875) = .0706222; z = .15 / .0706222 = 2.1239770; p = erfc(z / sqrt 2) = .0336721.
  const Comparison c = ValueOf(CompareProportions({45, 100}, {60, 100}));
  EXPECT_NEAR(c.difference, 0.15, kTight);
  EXPECT_NEAR(c.standard_error, std::sqrt(0.525 * 0.475 * 0.02), kTight);
  EXPECT_NEAR(c.statistic, 2.1239769762, 1e-9);
  EXPECT_NEAR(c.p_value, 0.0336720689, 1e-9);
  EXPECT_EQ(c.verdict, Verdict::kSignificantIncrease);
  // Significant at 95%, not at 99%.
  EXPECT_EQ(ValueOf(CompareProportions({45, 100}, {60, 100}, {.confidence_level = 0.99})).verdict,
            Verdict::kNoSignificantChange);
  EXPECT_EQ(ValueOf(CompareProportions({60, 100}, {45, 100})).verdict,
            Verdict::kSignificantDecrease);
}

TEST(CompareMeans, WelchByHand) {
  // Baseline n 10, mean 20, SD 2; current n 20, mean 22, SD 4.
  //   v1 = 4/10 = .4, v2 = 16/20 = .8, SE = sqrt(1.2) = 1.0954451, t = 2 / SE = 1.8257419
  //   df = 1.2² / (.4²/9 + .8²/19) = 1.44 / .0514620 = 27.9818182
  //   p = 0.0785796 (numerical integration of the t density, independent of Boost)
  const Comparison c =
      ValueOf(CompareMeans({10, 20.0, 2.0}, {20, 22.0, 4.0}, {.min_responses = 10}));
  EXPECT_NEAR(c.difference, 2.0, kTight);
  EXPECT_NEAR(c.standard_error, std::sqrt(1.2), kTight);
  EXPECT_NEAR(c.statistic, 1.8257418584, 1e-9);
  EXPECT_NEAR(c.degrees_of_freedom, 27.9818181818, 1e-9);
  EXPECT_NEAR(c.p_value, 0.0785795879, 1e-8);
  EXPECT_EQ(c.verdict, Verdict::kNoSignificantChange);
  // At 90% confidence it is significant.
  EXPECT_EQ(ValueOf(CompareMeans({10, 20.0, 2.0}, {20, 22.0, 4.0},
                                 {.min_responses = 10, .confidence_level = 0.90}))
                .verdict,
            Verdict::kSignificantIncrease);
}

TEST(CompareMeans, FromRatingCounts) {
  const SampleMoments before = ValueOf(MomentsOf(Counts(kCsatScale, {2, 3, 5, 10, 10})));
  const SampleMoments after = ValueOf(MomentsOf(Counts(kCsatScale, {10, 10, 5, 3, 2})));
  const Comparison c = ValueOf(CompareMeans(before, after));
  // Mirror images: means 113/30 and 67/30, equal SDs 1.2228664.
  EXPECT_NEAR(c.difference, -46.0 / 30.0, kTight);
  EXPECT_NEAR(c.degrees_of_freedom, 58.0, 1e-9);  // equal n and SD: 2(n - 1)
  EXPECT_EQ(c.verdict, Verdict::kSignificantDecrease);
}

// The minimum-n rule: below it the verdict is not_enough_data, yet the figures are there.
struct MinimumCase {
  int64_t baseline_n;
  int64_t current_n;
  int64_t min_responses;
  Verdict expected;
};

class MinimumTable : public ::testing::TestWithParam<MinimumCase> {};

TEST_P(MinimumTable, ProportionsObeyTheMinimum) {
  const MinimumCase& c = GetParam();
  // Shares 10% and 90%: far apart, so the verdict is only held back by the counts.
  const Comparison comparison = ValueOf(CompareProportions({c.baseline_n / 10, c.baseline_n},
                                                           {c.current_n * 9 / 10, c.current_n},
                                                           {.min_responses = c.min_responses}));
  EXPECT_EQ(comparison.verdict, c.expected)
      << c.baseline_n << " vs " << c.current_n << ": " << ToString(comparison.verdict);
  if (c.baseline_n > 0 && c.current_n > 0) {
    EXPECT_FALSE(std::isnan(comparison.statistic));
  }
}

INSTANTIATE_TEST_SUITE_P(Table, MinimumTable,
                         ::testing::Values(MinimumCase{30, 30, 30, Verdict::kSignificantIncrease},
                                           MinimumCase{20, 30, 30, Verdict::kNotEnoughData},
                                           MinimumCase{30, 20, 30, Verdict::kNotEnoughData},
                                           MinimumCase{20, 20, 10, Verdict::kSignificantIncrease},
                                           MinimumCase{0, 100, 1, Verdict::kNotEnoughData},
                                           MinimumCase{0, 0, 1, Verdict::kNotEnoughData}));

TEST(CompareNps, TooFewResponses) {
  const Comparison c = ValueOf(CompareNps({20, 0, 0}, {0, 0, 20}));
  EXPECT_EQ(c.verdict, Verdict::kNotEnoughData);
  EXPECT_NEAR(c.difference, -200.0, kTight);
  EXPECT_EQ(ValueOf(CompareNps({20, 0, 0}, {0, 0, 20}, {.min_responses = 20})).verdict,
            Verdict::kSignificantDecrease);
  EXPECT_EQ(ValueOf(CompareNps({}, {30, 30, 30})).verdict, Verdict::kNotEnoughData);
}

TEST(CompareMeans, NeedsTwoResponsesForASpread) {
  const Comparison c = ValueOf(CompareMeans({1, 3.0, 0.0}, {50, 4.0, 1.0}, {.min_responses = 1}));
  EXPECT_EQ(c.verdict, Verdict::kNotEnoughData);
  EXPECT_NEAR(c.difference, 1.0, kTight);
  EXPECT_TRUE(std::isnan(c.p_value));
}

TEST(Comparisons, NoSpreadAtAll) {
  // Everyone a promoter both times: SE 0, no change.
  const Comparison same = ValueOf(CompareNps({40, 0, 0}, {50, 0, 0}));
  EXPECT_EQ(same.statistic, 0.0);
  EXPECT_EQ(same.p_value, 1.0);
  EXPECT_EQ(same.verdict, Verdict::kNoSignificantChange);
  // Everyone a promoter, then everyone a detractor: certain decrease.
  const Comparison flipped = ValueOf(CompareNps({40, 0, 0}, {0, 0, 50}));
  EXPECT_TRUE(std::isinf(flipped.statistic) && flipped.statistic < 0);
  EXPECT_EQ(flipped.p_value, 0.0);
  EXPECT_EQ(flipped.verdict, Verdict::kSignificantDecrease);
  // Proportions all 100% both times: pooled SE 0.
  EXPECT_EQ(ValueOf(CompareProportions({40, 40}, {50, 50})).verdict, Verdict::kNoSignificantChange);
  // Means with no spread: Welch's df is undefined, the difference certain.
  const Comparison means = ValueOf(CompareMeans({40, 4.0, 0.0}, {40, 5.0, 0.0}));
  EXPECT_TRUE(std::isnan(means.degrees_of_freedom));
  EXPECT_EQ(means.verdict, Verdict::kSignificantIncrease);
}

}  // namespace
}  // namespace nazar::metrics
