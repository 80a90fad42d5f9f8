// Value by NPS group against an independent computation: means and sums by hand, bootstrap
// intervals against the normal approximation (mean ± z·s/√n), the what-if against the
// difference of means and its standard error, and groups below the minimum n.
#include "outcomes/experience.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nazar::outcomes {
namespace {

constexpr double kZ95 = 1.959964;

// Promoters: CLV 2000 + 20·i (i < 60), P(alive) 0.9 or 0.7 alternately, revenue 300 each;
// passives: CLV 1000 + 10·i (i < 45), P(alive) 0.8, revenue 200; detractors: CLV 500 + 10·i
// (i < 50), P(alive) 0.6 or 0.4 alternately, revenue 100 + i.
std::vector<CustomerExperience> World() {
  std::vector<CustomerExperience> out;
  for (int i = 0; i < 60; ++i)
    out.push_back({NpsGroup::kPromoter, 300, 2000.0 + 20 * i, i % 2 ? 0.7 : 0.9});
  for (int i = 0; i < 45; ++i) out.push_back({NpsGroup::kPassive, 200, 1000.0 + 10 * i, 0.8});
  for (int i = 0; i < 50; ++i)
    out.push_back({NpsGroup::kDetractor, 100.0 + i, 500.0 + 10 * i, i % 2 ? 0.4 : 0.6});
  return out;
}

// Sample standard deviation of a + step·i, i < n: step·√(n(n+1)/12).
double ArithmeticSd(double step, int n) { return step * std::sqrt(n * (n + 1) / 12.0); }

TEST(ExperienceTest, GroupsMatchAHandComputation) {
  auto v = ValueByNpsGroup(World(), {.bootstrap_samples = 4000});
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  EXPECT_EQ(v->customers, 155);
  const GroupValue& p = v->groups[0];
  const GroupValue& s = v->groups[1];
  const GroupValue& d = v->groups[2];
  EXPECT_EQ(p.group, NpsGroup::kPromoter);
  EXPECT_EQ(p.customers, 60);
  EXPECT_DOUBLE_EQ(p.revenue, 18000);
  EXPECT_DOUBLE_EQ(p.mean_clv, 2590);     // 2000 + 20·59/2
  EXPECT_NEAR(p.churn, 0.2, 1e-12);       // (0.1 + 0.3) / 2
  EXPECT_DOUBLE_EQ(s.mean_clv, 1220);     // 1000 + 10·44/2
  EXPECT_NEAR(s.churn, 0.2, 1e-12);
  EXPECT_DOUBLE_EQ(d.mean_clv, 745);      // 500 + 10·49/2
  EXPECT_NEAR(d.churn, 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(d.revenue, 50 * 100 + 49 * 50 / 2.0);
  // Σ churn · revenue: even i (churn 0.4) and odd i (0.6) over revenue 100 + i.
  double risk = 0;
  for (int i = 0; i < 50; ++i) risk += (i % 2 ? 0.6 : 0.4) * (100 + i);
  EXPECT_NEAR(v->revenue_at_risk, risk, 1e-9);

  // The bootstrap's percentile interval against the normal approximation (the bootstrap's
  // spread is the population sd, (n−1)/n of the sample variance).
  for (const auto& [g, step, n] : {std::tuple{&p, 20.0, 60}, {&s, 10.0, 45}, {&d, 10.0, 50}}) {
    const double se = ArithmeticSd(step, n) * std::sqrt((n - 1.0) / n) / std::sqrt(n);
    EXPECT_NEAR(g->clv_interval.low, g->mean_clv - kZ95 * se, 0.12 * kZ95 * se) << ToString(g->group);
    EXPECT_NEAR(g->clv_interval.high, g->mean_clv + kZ95 * se, 0.12 * kZ95 * se) << ToString(g->group);
  }
  // Passives' churn does not vary: a zero-width interval.
  EXPECT_NEAR(s.churn_interval.low, 0.2, 1e-12);
  EXPECT_NEAR(s.churn_interval.high, 0.2, 1e-12);
  EXPECT_FALSE(v->what_if.has_value());
}

TEST(ExperienceTest, WhatIfIsTheDifferenceOfMeansWithItsUncertainty) {
  auto v = ValueByNpsGroup(World(), {.bootstrap_samples = 4000, .move = 10, .move_to = NpsGroup::kPromoter});
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  ASSERT_TRUE(v->what_if.has_value());
  const WhatIf& w = *v->what_if;
  EXPECT_TRUE(w.enough);
  EXPECT_EQ(w.moved, 10);
  EXPECT_DOUBLE_EQ(w.value_change, 10 * (2590 - 745.0));
  EXPECT_NEAR(w.churn_change, 10 * (0.2 - 0.5), 1e-9);
  const double sp = ArithmeticSd(20, 60) * std::sqrt(59.0 / 60) / std::sqrt(60.0);
  const double sd = ArithmeticSd(10, 50) * std::sqrt(49.0 / 50) / std::sqrt(50.0);
  const double se = 10 * std::hypot(sp, sd);
  EXPECT_NEAR(w.value_interval.low, w.value_change - kZ95 * se, 0.12 * kZ95 * se);
  EXPECT_NEAR(w.value_interval.high, w.value_change + kZ95 * se, 0.12 * kZ95 * se);
  // Churn: promoters' is 0.1 or 0.3 (sd 0.1), detractors' 0.4 or 0.6 (sd 0.1).
  const double se_churn = 10 * std::hypot(0.1 / std::sqrt(60.0), 0.1 / std::sqrt(50.0));
  EXPECT_NEAR(w.churn_interval.low, w.churn_change - kZ95 * se_churn, 0.15 * kZ95 * se_churn);
  EXPECT_NEAR(w.churn_interval.high, w.churn_change + kZ95 * se_churn, 0.15 * kZ95 * se_churn);
  EXPECT_FALSE(kAssociationCaveat.empty());

  // The same seed, the same intervals.
  auto again = ValueByNpsGroup(World(), {.bootstrap_samples = 4000, .move = 10, .move_to = NpsGroup::kPromoter});
  EXPECT_DOUBLE_EQ(again->what_if->value_interval.low, w.value_interval.low);
}

TEST(ExperienceTest, BelowTheMinimumNAGroupSaysSo) {
  auto world = World();
  world.resize(60 + 45 + 20);  // 20 detractors
  auto v = ValueByNpsGroup(world, {.move = 5});
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  EXPECT_FALSE(v->groups[2].enough);
  EXPECT_EQ(v->groups[2].customers, 20);
  EXPECT_EQ(v->groups[2].mean_clv, 0);
  EXPECT_TRUE(v->groups[0].enough);
  ASSERT_TRUE(v->what_if.has_value());
  EXPECT_FALSE(v->what_if->enough);
  EXPECT_EQ(v->what_if->value_change, 0);
}

TEST(ExperienceTest, BadRequestsNameTheirField) {
  auto world = World();
  EXPECT_EQ(ValueByNpsGroup(world, {.move = 51}).error().field, "move");
  EXPECT_EQ(ValueByNpsGroup(world, {.move = -1}).error().field, "move");
  EXPECT_EQ(ValueByNpsGroup(world, {.move = 1, .move_to = NpsGroup::kDetractor}).error().field, "move_to");
  EXPECT_EQ(ValueByNpsGroup(world, {.bootstrap_samples = 5}).error().field, "bootstrap_samples");
  EXPECT_EQ(NpsGroupOf(6), NpsGroup::kDetractor);
  EXPECT_EQ(NpsGroupOf(7), NpsGroup::kPassive);
  EXPECT_EQ(NpsGroupOf(9), NpsGroup::kPromoter);
  EXPECT_EQ(ParseNpsGroup("passive"), NpsGroup::kPassive);
  EXPECT_FALSE(ParseNpsGroup("fan").has_value());
}

}  // namespace
}  // namespace nazar::outcomes

namespace nazar::outcomes {
namespace {

// A persona across groups: the passives and the detractors together, counted by hand, its
// interval against the normal approximation; alone, the promoters give their group's figures.
TEST(ExperienceTest, ASegmentIsDescribedLikeAGroup) {
  std::vector<CustomerExperience> mixed;
  for (const CustomerExperience& c : World())
    if (c.group != NpsGroup::kPromoter) mixed.push_back(c);
  auto v = ValueOfSegment(mixed, {.bootstrap_samples = 4000});
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  EXPECT_EQ(v->value.customers, 95);
  EXPECT_DOUBLE_EQ(v->value.mean_clv, (45 * 1220.0 + 50 * 745.0) / 95);
  EXPECT_NEAR(v->value.churn, (45 * 0.2 + 50 * 0.5) / 95, 1e-12);
  EXPECT_DOUBLE_EQ(v->value.revenue, 45 * 200 + 50 * 100 + 49 * 50 / 2.0);
  double risk = 45 * 0.2 * 200;
  for (int i = 0; i < 50; ++i) risk += (i % 2 ? 0.6 : 0.4) * (100.0 + i);
  EXPECT_NEAR(v->revenue_at_risk, risk, 1e-9);
  double ss = 0;
  for (const CustomerExperience& c : mixed) ss += (c.clv - v->value.mean_clv) * (c.clv - v->value.mean_clv);
  const double se = std::sqrt(ss / 94) / std::sqrt(95.0);
  EXPECT_NEAR(v->value.clv_interval.low, v->value.mean_clv - kZ95 * se, 0.1 * se);
  EXPECT_NEAR(v->value.clv_interval.high, v->value.mean_clv + kZ95 * se, 0.1 * se);

  // Cost to serve: its mean, and a bootstrap range close to the normal one.
  std::vector<CustomerExperience> served = mixed;
  for (size_t i = 0; i < served.size(); ++i) served[i].serve = 40'000.0 * static_cast<double>(i % 4);
  auto s = ValueOfSegment(served, {.bootstrap_samples = 4000});
  ASSERT_TRUE(s.has_value());
  double sum = 0, sq = 0;
  for (const CustomerExperience& c : served) sum += c.serve;
  const double mean = sum / 95;
  for (const CustomerExperience& c : served) sq += (c.serve - mean) * (c.serve - mean);
  const double se_serve = std::sqrt(sq / 94) / std::sqrt(95.0);
  EXPECT_NEAR(s->value.cost_to_serve, mean, 1e-9);
  EXPECT_NEAR(s->value.cost_to_serve_interval.low, mean - kZ95 * se_serve, 0.1 * se_serve);
  EXPECT_NEAR(s->value.cost_to_serve_interval.high, mean + kZ95 * se_serve, 0.1 * se_serve);
  EXPECT_DOUBLE_EQ(s->value.clv_interval.low, v->value.clv_interval.low) << "the same draws for every measure";

  std::vector<CustomerExperience> promoters;
  for (const CustomerExperience& c : World())
    if (c.group == NpsGroup::kPromoter) promoters.push_back(c);
  auto alone = ValueOfSegment(promoters, {.bootstrap_samples = 1000});
  auto groups = ValueByNpsGroup(World(), {.bootstrap_samples = 1000});
  EXPECT_DOUBLE_EQ(alone->value.clv_interval.low, groups->groups[0].clv_interval.low) << "the same seed, the same draws";
  EXPECT_DOUBLE_EQ(alone->value.churn_interval.high, groups->groups[0].churn_interval.high);
  EXPECT_FALSE(ValueOfSegment(std::span(promoters).first(29), {}).value().value.enough);
  EXPECT_EQ(ValueOfSegment(promoters, {.bootstrap_samples = 5}).error().field, "bootstrap_samples");
}

}  // namespace
}  // namespace nazar::outcomes
