#include "act/case_flow.h"

#include <gtest/gtest.h>

namespace nazar::act {
namespace {

TEST(CaseFlow, TheUsualLifeOfACase) {
  EXPECT_TRUE(CheckTransition(CaseStatus::kNew, CaseStatus::kOpen, false).has_value());
  EXPECT_TRUE(CheckTransition(CaseStatus::kOpen, CaseStatus::kWaiting, false).has_value());
  EXPECT_TRUE(CheckTransition(CaseStatus::kWaiting, CaseStatus::kOpen, false).has_value());
  EXPECT_TRUE(CheckTransition(CaseStatus::kOpen, CaseStatus::kResolved, true).has_value());
  EXPECT_TRUE(CheckTransition(CaseStatus::kResolved, CaseStatus::kClosed, true).has_value());
  EXPECT_TRUE(CheckTransition(CaseStatus::kClosed, CaseStatus::kOpen, true).has_value());  // reopen
  EXPECT_TRUE(CheckTransition(CaseStatus::kResolved, CaseStatus::kOpen, true).has_value());
}

TEST(CaseFlow, BadTransitionsSayWhatIsPossible) {
  auto closed_again = CheckTransition(CaseStatus::kClosed, CaseStatus::kClosed, true);
  ASSERT_FALSE(closed_again.has_value());
  EXPECT_EQ(closed_again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(closed_again.error().field, "status");
  EXPECT_EQ(closed_again.error().message, "the case is already closed; it can become open");
  auto skip = CheckTransition(CaseStatus::kOpen, CaseStatus::kClosed, true);
  ASSERT_FALSE(skip.has_value());
  EXPECT_EQ(skip.error().message, "a open case cannot become closed; it can become waiting or resolved");
  auto bare = CheckTransition(CaseStatus::kOpen, CaseStatus::kResolved, false);
  ASSERT_FALSE(bare.has_value());
  EXPECT_EQ(bare.error().field, "resolution");
}

TEST(CaseFlow, EveryStatusHasANameAndAWayOn) {
  for (CaseStatus s : {CaseStatus::kNew, CaseStatus::kOpen, CaseStatus::kWaiting,
                       CaseStatus::kResolved, CaseStatus::kClosed}) {
    EXPECT_EQ(ParseCaseStatus(ToString(s)), s);
    EXPECT_FALSE(NextStatuses(s).empty());
  }
  EXPECT_EQ(CaseStatusNames(), "new, open, waiting, resolved or closed");
  EXPECT_EQ(ParseCasePriority("urgent"), CasePriority::kUrgent);
  EXPECT_FALSE(ParseCasePriority("asap").has_value());
}

}  // namespace
}  // namespace nazar::act
