// Why did a score move: the decomposition of a change by segment, checked against a hand
// example, against an independent per-response computation (the scores from metrics/scores.h's
// published scoring of the raw ratings, each contribution and its variance from the responses
// one by one), and its margins' coverage in simulation.
#include "results/change.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

namespace nazar::results {
namespace {

MetricGroup Group(std::string key, std::vector<int64_t> histogram) {
  int64_t n = 0;
  for (int64_t c : histogram) n += c;
  return {.key = std::move(key), .histogram = std::move(histogram), .n = n};
}

// An NPS histogram (0-10) with d detractors (rated 3), p passives (7) and q promoters (10).
std::vector<int64_t> Nps(int64_t d, int64_t p, int64_t q) {
  std::vector<int64_t> h(11, 0);
  h[3] = d, h[7] = p, h[10] = q;
  return h;
}

const SegmentChange& Find(const ChangeDecomposition& dec, const std::string& key) {
  for (const auto& s : dec.segments)
    if (s.key == key) return s;
  static const SegmentChange none;
  ADD_FAILURE() << "no segment " << key;
  return none;
}

TEST(DecomposeChangeTest, AShiftOfAnswersTowardsTheWeakerSegmentIsAllMix) {
  // A scores +30 and B -30 in both periods; B's share goes from half to three quarters.
  // S0 = 0, S1 = (50 * 30 + 150 * -30) / 200 = -15; centre -7.5.
  // A: 0.25 * 37.5 - 0.5 * 37.5 = -9.375; B: 0.75 * -22.5 - 0.5 * -22.5 = -5.625.
  const std::vector<MetricGroup> base = {Group("a", Nps(20, 30, 50)), Group("b", Nps(50, 30, 20))};
  const std::vector<MetricGroup> cur = {Group("a", Nps(10, 15, 25)), Group("b", Nps(75, 45, 30))};
  auto dec = DecomposeChange(Metric::kNps, {0, 10}, base, cur, {});
  ASSERT_TRUE(dec.has_value()) << dec.error().ToString();
  EXPECT_NEAR(dec->baseline_score, 0.0, 1e-12);
  EXPECT_NEAR(dec->current_score, -15.0, 1e-12);
  EXPECT_NEAR(dec->change, -15.0, 1e-12);
  ASSERT_EQ(dec->segments.size(), 2u);
  EXPECT_EQ(dec->segments[0].key, "a");  // the larger part of the move first
  EXPECT_NEAR(dec->segments[0].contribution, -9.375, 1e-12);
  EXPECT_NEAR(dec->segments[1].contribution, -5.625, 1e-12);
  for (const auto& s : dec->segments) {
    EXPECT_NEAR(s.within, 0.0, 1e-12);
    EXPECT_NEAR(s.mix, s.contribution, 1e-12);
  }
  EXPECT_NEAR(*dec->segments[1].baseline_score, -30.0, 1e-12);
  EXPECT_NEAR(dec->segments[1].current_share, 0.75, 1e-12);
}

TEST(DecomposeChangeTest, ASegmentOfOnePeriodOnlyIsAllMix) {
  // CSAT: "a" 80 of 100 satisfied in both periods; "new" appears with 10 of 50 satisfied.
  // S0 = 80%, S1 = 90 / 150 = 60%; centre 70. new: (50/150)(20 - 70) = -16.667;
  // a: (100/150)(80 - 70) - 1 * (80 - 70) = -3.333.
  const std::vector<MetricGroup> base = {Group("a", {5, 5, 10, 40, 40})};
  const std::vector<MetricGroup> cur = {Group("a", {5, 5, 10, 40, 40}), Group("new", {20, 10, 10, 5, 5})};
  auto dec = DecomposeChange(Metric::kCsat, {1, 5}, base, cur, {});
  ASSERT_TRUE(dec.has_value()) << dec.error().ToString();
  EXPECT_NEAR(dec->change, -20.0, 1e-9);
  const SegmentChange& added = Find(*dec, "new");
  EXPECT_NEAR(added.contribution, -50.0 / 3.0, 1e-9);
  EXPECT_NEAR(added.mix, added.contribution, 1e-12);
  EXPECT_FALSE(added.baseline_score.has_value());
  EXPECT_NEAR(Find(*dec, "a").contribution, -10.0 / 3.0, 1e-9);
  EXPECT_NEAR(Find(*dec, "a").within, 0.0, 1e-12);
}

TEST(DecomposeChangeTest, RefusesWhatItCannotDecompose) {
  const std::vector<MetricGroup> ok = {Group("a", Nps(1, 1, 1))};
  const std::vector<MetricGroup> narrow = {Group("a", {1, 2, 3})};
  auto bad = DecomposeChange(Metric::kNps, {0, 10}, ok, narrow, {});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "current[0]");
  auto dist = DecomposeChange(Metric::kDistribution, {0, 10}, ok, ok, {});
  ASSERT_FALSE(dist.has_value());
  EXPECT_EQ(dist.error().field, "metric");
  // A period without answers: the scores say so, nothing is decomposed.
  auto empty = DecomposeChange(Metric::kNps, {0, 10}, {}, ok, {});
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(std::isnan(empty->change));
  EXPECT_TRUE(empty->segments.empty());
}

// Responses as (period, segment, rating), drawn from a fixed generator (mt19937_64's output
// is specified by the standard; the mapping to ratings is done here).
struct Answer {
  int period;
  std::string segment;
  int rating;
};

std::vector<Answer> Draw(uint64_t seed, int per_period) {
  std::mt19937_64 gen(seed);
  const std::vector<std::string> segments = {"s1", "s2", "s3", "s4", "s5"};
  std::vector<Answer> out;
  for (int period = 0; period < 2; ++period) {
    for (int i = 0; i < per_period; ++i) {
      // Segment s3 grows and worsens in the current period; the others drift a little.
      const uint64_t u = gen() % 1000;
      const int seg = period == 1 && u < 150 ? 2 : static_cast<int>((u % 100) / 20);
      const int tilt = (period == 1 && seg == 2) ? 3 : seg % 2;
      const int lift = seg == 0 ? 1 : 0, drop = tilt > 1 ? static_cast<int>(gen() % 4) : 0;
      const int rating = std::min(10, static_cast<int>(gen() % 11) + lift - drop);
      out.push_back({period, segments[seg], std::max(0, rating)});
    }
  }
  return out;
}

double NpsValue(int r) { return r >= 9 ? 100.0 : r >= 7 ? 0.0 : -100.0; }

TEST(DecomposeChangeTest, AgreesWithAPerResponseComputation) {
  const std::vector<Answer> answers = Draw(20261207, 900);
  // Histograms per (period, segment), as the view would count them.
  std::map<std::string, std::vector<int64_t>> h[2];
  std::vector<int> ratings[2];
  std::map<std::string, std::vector<int>> seg_ratings[2];
  for (const auto& a : answers) {
    auto& v = h[a.period][a.segment];
    v.resize(11, 0);
    ++v[a.rating];
    ratings[a.period].push_back(a.rating);
    seg_ratings[a.period][a.segment].push_back(a.rating);
  }
  std::vector<MetricGroup> groups[2];
  for (int p = 0; p < 2; ++p)
    for (const auto& [k, v] : h[p]) groups[p].push_back(Group(k, v));
  auto dec = DecomposeChange(Metric::kNps, {0, 10}, groups[0], groups[1], {});
  ASSERT_TRUE(dec.has_value()) << dec.error().ToString();

  // The overall scores as metrics/scores.h scores the raw ratings.
  const double s0 = metrics::ScoreNps(ratings[0])->nps, s1 = metrics::ScoreNps(ratings[1])->nps;
  EXPECT_NEAR(dec->baseline_score, s0, 1e-9);
  EXPECT_NEAR(dec->current_score, s1, 1e-9);
  EXPECT_GT(std::fabs(s1 - s0), 3.0);  // the draw does move the score
  const double centre = (s0 + s1) / 2.0;
  double sum = 0.0;
  ASSERT_EQ(dec->segments.size(), 5u);
  for (const auto& seg : dec->segments) {
    // y over every answer of each period, its mean and its sample variance, two-pass.
    double mean[2], var[2];
    for (int p = 0; p < 2; ++p) {
      std::vector<double> y;
      for (const auto& a : answers)
        if (a.period == p) y.push_back(a.segment == seg.key ? NpsValue(a.rating) - centre : 0.0);
      double m = 0.0;
      for (double v : y) m += v;
      m /= static_cast<double>(y.size());
      double ss = 0.0;
      for (double v : y) ss += (v - m) * (v - m);
      mean[p] = m;
      var[p] = ss / static_cast<double>(y.size() - 1);
    }
    EXPECT_NEAR(seg.contribution, mean[1] - mean[0], 1e-9) << seg.key;
    const double se = std::sqrt(var[0] / static_cast<double>(ratings[0].size()) +
                                var[1] / static_cast<double>(ratings[1].size()));
    EXPECT_NEAR(seg.margin, 1.959963984540054 * se, 1e-9) << seg.key;
    // The segment's own scores, and the within part at its average share.
    const double g0 = metrics::ScoreNps(seg_ratings[0][seg.key])->nps;
    const double g1 = metrics::ScoreNps(seg_ratings[1][seg.key])->nps;
    EXPECT_NEAR(*seg.baseline_score, g0, 1e-9);
    EXPECT_NEAR(*seg.current_score, g1, 1e-9);
    EXPECT_NEAR(seg.within, (seg.baseline_share + seg.current_share) / 2.0 * (g1 - g0), 1e-9);
    EXPECT_NEAR(seg.within + seg.mix, seg.contribution, 1e-9);
    sum += seg.contribution;
  }
  EXPECT_NEAR(sum, s1 - s0, 1e-9);  // the parts add up to the move
  // The segment that grew and worsened explains the most.
  EXPECT_EQ(dec->segments.front().key, "s3");
  for (size_t i = 1; i < dec->segments.size(); ++i)
    EXPECT_GE(std::fabs(dec->segments[i - 1].contribution), std::fabs(dec->segments[i].contribution));
}

TEST(DecomposeChangeTest, MarginsCoverTheTrueContributionAboutAsOftenAsClaimed) {
  // Two periods drawn from known populations (CSAT favourable probabilities and segment
  // shares); the true contribution of segment 0 at the true centre is known exactly.
  const double share[2][3] = {{0.5, 0.3, 0.2}, {0.3, 0.4, 0.3}};
  const double fav[2][3] = {{0.8, 0.6, 0.5}, {0.6, 0.6, 0.5}};
  double truth_s[2] = {0, 0};
  for (int p = 0; p < 2; ++p)
    for (int g = 0; g < 3; ++g) truth_s[p] += share[p][g] * fav[p][g] * 100.0;
  const double c = (truth_s[0] + truth_s[1]) / 2.0;
  const double truth = share[1][0] * (fav[1][0] * 100.0 - c) - share[0][0] * (fav[0][0] * 100.0 - c);
  std::mt19937_64 gen(14);
  auto uniform = [&] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  int covered = 0;
  const int runs = 2000;
  for (int run = 0; run < runs; ++run) {
    std::vector<MetricGroup> groups[2];
    for (int p = 0; p < 2; ++p) {
      for (int g = 0; g < 3; ++g) groups[p].push_back(Group("s" + std::to_string(g), {0, 0, 0, 0, 0}));
      for (int i = 0; i < 400; ++i) {
        const double u = uniform();
        const int g = u < share[p][0] ? 0 : u < share[p][0] + share[p][1] ? 1 : 2;
        ++groups[p][g].histogram[uniform() < fav[p][g] ? 4 : 1];
        ++groups[p][g].n;
      }
    }
    auto dec = DecomposeChange(Metric::kCsat, {1, 5}, groups[0], groups[1], {});
    ASSERT_TRUE(dec.has_value());
    const SegmentChange& s = Find(*dec, "s0");
    if (std::fabs(s.contribution - truth) <= s.margin) ++covered;
  }
  const double coverage = static_cast<double>(covered) / runs;
  EXPECT_GT(coverage, 0.93);
  EXPECT_LT(coverage, 0.97);
}

}  // namespace
}  // namespace nazar::results
