// The action plan's status flow and the KPI status rule, as tables.
#include <gtest/gtest.h>

#include "act/kpi_status.h"
#include "act/plan_flow.h"

namespace nazar::act {
namespace {

TEST(PlanFlowTest, EveryTransition) {
  using S = PlanStatus;
  const S all[] = {S::kDraft, S::kActive, S::kDone, S::kCancelled};
  // from -> the statuses it may become.
  const std::pair<S, std::vector<S>> allowed[] = {
      {S::kDraft, {S::kActive, S::kCancelled}},
      {S::kActive, {S::kDone, S::kCancelled}},
      {S::kDone, {}},
      {S::kCancelled, {S::kDraft}},
  };
  for (const auto& [from, next] : allowed) {
    EXPECT_EQ(NextPlanStatuses(from), next) << ToString(from);
    for (S to : all) {
      bool ok = std::find(next.begin(), next.end(), to) != next.end();
      auto r = CheckPlanTransition(from, to);
      EXPECT_EQ(r.has_value(), ok) << ToString(from) << " -> " << ToString(to);
      if (!ok) {
        EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
        EXPECT_EQ(r.error().field, "status");
      }
    }
  }
  EXPECT_EQ(CheckPlanTransition(S::kActive, S::kDraft).error().message,
            "the plan is active and cannot become draft; it can become done or cancelled");
  EXPECT_EQ(ParsePlanStatus("done"), S::kDone);
  EXPECT_FALSE(ParsePlanStatus("closed").has_value());
  EXPECT_TRUE(MetricEditable(S::kDraft));
  EXPECT_FALSE(MetricEditable(S::kActive));
}

TEST(KpiStatusTest, TheRuleAsATable) {
  struct Row {
    double target;
    KpiReading reading;
    KpiStatus status;
    const char* trend;
  };
  const Row rows[] = {
      {40, {.enough = true, .actual = 40, .margin = 8}, KpiStatus::kOnTrack, ""},          // at the target
      {40, {.enough = true, .actual = 45, .margin = 8, .previous = 50}, KpiStatus::kOnTrack, "down"},
      {40, {.enough = true, .actual = 33, .margin = 8}, KpiStatus::kAtRisk, ""},           // within the margin
      {40, {.enough = true, .actual = 32, .margin = 8, .previous = 40}, KpiStatus::kAtRisk, "down"},  // edge
      {40, {.enough = true, .actual = 20, .margin = 8, .previous = 10}, KpiStatus::kAtRisk, "up"},    // improving
      {40, {.enough = true, .actual = 20, .margin = 8, .previous = 20}, KpiStatus::kOffTrack, "flat"},
      {40, {.enough = true, .actual = 20, .margin = 8, .previous = 25}, KpiStatus::kOffTrack, "down"},
      {40, {.enough = true, .actual = 20, .margin = 8}, KpiStatus::kOffTrack, ""},        // no previous period
      {40, {.enough = false, .actual = 90, .margin = 30}, KpiStatus::kNotEnoughData, ""},
      // Lower is better (churn %, CAC, cost to serve): the rule mirrored.
      {20, {.enough = true, .actual = 18, .margin = 3, .lower_is_better = true}, KpiStatus::kOnTrack, ""},
      {20, {.enough = true, .actual = 20, .margin = 0, .previous = 10, .lower_is_better = true}, KpiStatus::kOnTrack, "up"},
      {20, {.enough = true, .actual = 22, .margin = 3, .lower_is_better = true}, KpiStatus::kAtRisk, ""},  // within the margin
      {20, {.enough = true, .actual = 30, .margin = 3, .previous = 35, .lower_is_better = true}, KpiStatus::kAtRisk, "down"},
      {20, {.enough = true, .actual = 30, .margin = 3, .previous = 25, .lower_is_better = true}, KpiStatus::kOffTrack, "up"},
      {20, {.enough = true, .actual = 30, .margin = 3, .previous = 30, .lower_is_better = true}, KpiStatus::kOffTrack, "flat"},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(KpiStatusOf(r.target, r.reading), r.status) << r.reading.actual << " vs " << r.target;
    EXPECT_EQ(TrendOf(r.reading), r.trend);
  }
  EXPECT_EQ(ToString(KpiStatus::kAtRisk), "at_risk");
}

}  // namespace
}  // namespace nazar::act
