#include "journey/erlang.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nazar::journey {
namespace {

// The worked examples in ../shared/data/README.md ("Erlang C"), to their published decimals.
TEST(ErlangTest, ReproducesTheFirstWorkedExample) {
  const CallLoad load{.calls = 100, .interval_min = 30, .aht_s = 180};  // 10 Erlangs
  auto fewest = FewestAgents(load, 0.8, 20);
  ASSERT_TRUE(fewest.has_value()) << fewest.error().ToString();
  EXPECT_EQ(fewest->agents, 14);
  EXPECT_DOUBLE_EQ(fewest->traffic_erlangs, 10);
  EXPECT_TRUE(fewest->stable);
  EXPECT_NEAR(fewest->service_level, 0.88835, 5e-6);
  EXPECT_NEAR(fewest->occupancy, 0.7142857, 5e-8);
  EXPECT_NEAR(fewest->p_wait, 0.1741319, 5e-8);

  auto thirteen = ErlangC(load, 13, 20);
  ASSERT_TRUE(thirteen.has_value());
  EXPECT_NEAR(thirteen->service_level, 0.7956, 5e-5);
  EXPECT_LT(thirteen->service_level, 0.8);  // which is why 14 is the fewest
}

TEST(ErlangTest, ReproducesTheSecondWorkedExample) {
  const CallLoad load{.calls = 360, .interval_min = 30, .aht_s = 240};  // 48 Erlangs
  auto fifty_five = ErlangC(load, 55, 20);
  ASSERT_TRUE(fifty_five.has_value());
  EXPECT_NEAR(fifty_five->p_wait, 0.2387, 5e-5);
  EXPECT_NEAR(fifty_five->asa_s, 8.18, 5e-3);
  EXPECT_NEAR(fifty_five->service_level, 0.8668, 5e-5);

  auto fewest = FewestAgents(load, 0.8, 20);
  ASSERT_TRUE(fewest.has_value());
  EXPECT_EQ(fewest->agents, 54);
  EXPECT_LT(ErlangC(load, 53, 20)->service_level, 0.8);
}

// Hundreds of agents: the recurrence neither overflows nor loses the answer (factorials of
// 500 would overflow a double).
TEST(ErlangTest, StaysFiniteForHundredsOfAgents) {
  const CallLoad load{.calls = 9000, .interval_min = 30, .aht_s = 180};  // 900 Erlangs
  auto fewest = FewestAgents(load, 0.9, 15);
  ASSERT_TRUE(fewest.has_value());
  EXPECT_GT(fewest->agents, 900);
  EXPECT_LT(fewest->agents, 960);
  EXPECT_TRUE(std::isfinite(fewest->p_wait));
  EXPECT_GE(fewest->service_level, 0.9);
  EXPECT_LT(ErlangC(load, fewest->agents - 1, 15)->service_level, 0.9);
}

TEST(ErlangTest, SaysWhenStaffingCannotKeepUp) {
  const CallLoad load{.calls = 100, .interval_min = 30, .aht_s = 180};  // 10 Erlangs
  for (int agents : {5, 10}) {
    auto f = ErlangC(load, agents, 20);
    ASSERT_TRUE(f.has_value());
    EXPECT_FALSE(f->stable);
    EXPECT_EQ(f->p_wait, 1);
    EXPECT_EQ(f->service_level, 0);
    EXPECT_TRUE(std::isinf(f->asa_s));
    EXPECT_EQ(f->occupancy, 1);
  }
}

TEST(ErlangTest, NoCallsNeedOneAgentWhoNeverWaits) {
  auto f = FewestAgents({.calls = 0, .interval_min = 30, .aht_s = 180}, 0.8, 20);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->agents, 1);
  EXPECT_EQ(f->p_wait, 0);
  EXPECT_EQ(f->service_level, 1);
  EXPECT_EQ(f->occupancy, 0);
}

TEST(ErlangTest, BadInputNamesTheField) {
  const CallLoad good{.calls = 100, .interval_min = 30, .aht_s = 180};
  auto field_of = [](const Result<StaffingFigures>& r) { return r ? "" : r.error().field; };
  EXPECT_EQ(field_of(ErlangC({.calls = -1, .interval_min = 30, .aht_s = 180}, 10, 20)), "calls");
  EXPECT_EQ(field_of(ErlangC({.calls = NAN, .interval_min = 30, .aht_s = 180}, 10, 20)), "calls");
  EXPECT_EQ(field_of(ErlangC({.calls = 1, .interval_min = 0, .aht_s = 180}, 10, 20)),
            "interval_min");
  EXPECT_EQ(field_of(ErlangC({.calls = 1, .interval_min = 30, .aht_s = 0}, 10, 20)), "aht_s");
  EXPECT_EQ(field_of(ErlangC(good, 0, 20)), "agents");
  EXPECT_EQ(field_of(ErlangC(good, 10, -1)), "target_answer_s");
  EXPECT_EQ(field_of(FewestAgents(good, 1, 20)), "target_sl");
  EXPECT_EQ(field_of(FewestAgents(good, 0, 20)), "target_sl");
  EXPECT_EQ(field_of(FewestAgents(good, 0.8, INFINITY)), "target_answer_s");
}

}  // namespace
}  // namespace nazar::journey
