#include "journey/touchpoint_impact.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>

namespace nazar::journey {
namespace {

constexpr int64_t kRelationship = 1, kDelivery = 2, kSupport = 3;

// 400 contacts: their relationship NPS follows their delivery CSAT closely and their
// support CSAT a little; a third skipped support; ten visited a store.
struct World {
  std::vector<RatedAnswer> outcomes, ratings;
};

World MakeWorld() {
  World w;
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  auto clamp = [](double v, double lo, double hi) { return std::round(std::clamp(v, lo, hi)); };
  for (int64_t c = 1; c <= 400; ++c) {
    const double delivery = clamp(3 + 1.2 * noise(rng), 1, 5);
    const double support = clamp(3 + 1.2 * noise(rng), 1, 5);
    const bool called = c % 3 != 0;
    w.ratings.push_back({c, kDelivery, "delivery", 100 + c, delivery});
    // A second delivery rating for some: the contact's mean counts.
    if (c % 4 == 0) w.ratings.push_back({c, kDelivery, "delivery", 200 + c, clamp(delivery + 1, 1, 5)});
    if (called) w.ratings.push_back({c, kSupport, "phone_support", 150 + c, support});
    if (c <= 10) w.ratings.push_back({c, kSupport, "store", 160 + c, 5});
    const double nps = clamp(5 + 1.6 * (delivery - 3) + (called ? 0.4 * (support - 3) : 0) +
                                 0.8 * noise(rng), 0, 10);
    // An earlier answer that the latest replaces.
    if (c % 5 == 0) w.outcomes.push_back({c, kRelationship, "", 10, 0});
    w.outcomes.push_back({c, kRelationship, "", 1000 + c, nps});
  }
  // A rating from someone who never answered the relationship survey: ignored.
  w.ratings.push_back({999, kDelivery, "delivery", 5, 1});
  return w;
}

TEST(TouchpointImpact, RanksTheTouchpointsThatMoveRelationshipNps) {
  const World w = MakeWorld();
  auto report = TouchpointImpact(w.outcomes, w.ratings, {.survey_id = kRelationship,
                                                        .bootstrap_samples = 100});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->contacts, 400);
  ASSERT_EQ(report->touchpoints.size(), 2u);
  EXPECT_EQ(report->touchpoints[0].touchpoint, "delivery");
  EXPECT_EQ(report->touchpoints[1].touchpoint, "phone_support");
  EXPECT_GT(report->touchpoints[0].importance.lmg_share, 0.8);
  EXPECT_EQ(report->touchpoints[0].contacts, 400);
  EXPECT_EQ(report->touchpoints[1].contacts, 267);  // 400 less every third
  ASSERT_EQ(report->too_few.size(), 1u);
  EXPECT_EQ(report->too_few[0], (std::pair<std::string, int64_t>{"store", 10}));
  EXPECT_EQ(report->analysis.missing, drivers::MissingHandling::kPairwise);
  EXPECT_EQ(report->analysis.n, 267u);

  // The same analysis from a matrix assembled here, independently: each contact's latest
  // outcome, the mean of their ratings per touchpoint, NaN where they did not rate it.
  std::map<int64_t, std::pair<int64_t, double>> latest;
  for (const RatedAnswer& a : w.outcomes) {
    auto& slot = latest[a.contact_id];
    if (a.at_ms >= slot.first) slot = {a.at_ms, a.value};
  }
  std::vector<double> y;
  std::map<int64_t, size_t> row;
  for (const auto& [contact, v] : latest) {
    row[contact] = y.size();
    y.push_back(v.second);
  }
  std::vector<std::vector<double>> sums(2, std::vector<double>(y.size(), 0)),
      counts(2, std::vector<double>(y.size(), 0));
  for (const RatedAnswer& r : w.ratings) {
    if (!row.contains(r.contact_id) || r.touchpoint == "store") continue;
    const size_t j = r.touchpoint == "delivery" ? 0 : 1;
    sums[j][row[r.contact_id]] += r.value;
    counts[j][row[r.contact_id]] += 1;
  }
  std::vector<std::vector<double>> x(2, std::vector<double>(y.size()));
  std::vector<double> satisfied(2, 0), rated(2, 0);
  for (size_t j = 0; j < 2; ++j) {
    for (size_t i = 0; i < y.size(); ++i) {
      x[j][i] = counts[j][i] ? sums[j][i] / counts[j][i] : std::numeric_limits<double>::quiet_NaN();
      if (counts[j][i]) {
        rated[j] += 1;
        satisfied[j] += x[j][i] >= 4;
      }
    }
  }
  const std::vector<std::string> names = {"delivery", "phone_support"};
  auto direct = drivers::AnalyzeDrivers(y, x, names,
                                        {.missing = drivers::MissingHandling::kPairwise,
                                         .bootstrap_samples = 0});
  ASSERT_TRUE(direct.has_value()) << direct.error().ToString();
  EXPECT_NEAR(report->analysis.r2, direct->r2, 1e-12);
  for (size_t j = 0; j < 2; ++j) {
    EXPECT_NEAR(report->touchpoints[j].importance.lmg, direct->drivers[j].lmg, 1e-12);
    EXPECT_NEAR(report->touchpoints[j].importance.relative_weight,
                direct->drivers[j].relative_weight, 1e-12);
    EXPECT_NEAR(report->touchpoints[j].importance.performance, satisfied[j] / rated[j], 1e-12);
  }
}

TEST(TouchpointImpact, SaysWhatIsMissing) {
  const World w = MakeWorld();
  EXPECT_EQ(TouchpointImpact({}, w.ratings, {.survey_id = kRelationship}).error().field, "survey");
  EXPECT_EQ(TouchpointImpact(w.outcomes, w.ratings, {.survey_id = kRelationship, .min_contacts = 1000})
                .error()
                .field,
            "touchpoints");
  EXPECT_EQ(TouchpointImpact(w.outcomes, w.ratings, {.survey_id = kRelationship, .min_contacts = 1})
                .error()
                .field,
            "min_contacts");
}

}  // namespace
}  // namespace nazar::journey
