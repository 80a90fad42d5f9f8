#include "act/sla.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace nazar::act {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

int64_t At(std::string_view iso) { return ParseTimestamp(iso).value(); }

class SlaTest : public ::testing::Test {
 protected:
  // Tehran: Saturday-Wednesday 08:00-16:00, Thursday 08:00-12:00, Friday off.
  BusinessClock clock_ = BusinessClock::Make(IranianCalendar()).value();
  // 8 working hours, warning at 80 % = 6 h 24 min.
  SlaTarget eight_hours_{.working_ms = 8 * kHour, .warn_fraction = 0.8};
  // Saturday 2026-05-16 08:00 Tehran (04:30Z), an ordinary working Saturday.
  int64_t opened_ = At("2026-05-16T08:00:00+03:30");

  SlaStatus Evaluate(const std::vector<Pause>& pauses, std::optional<int64_t> met, std::string_view now) {
    return EvaluateSla(clock_, eight_hours_, opened_, pauses, met, At(now));
  }
};

// No pause: due Saturday 08:00 + 8 h = 16:00 (12:30Z), warning at 14:24 (10:54Z).
TEST_F(SlaTest, RunsWarnsAndBreachesThroughOneDay) {
  auto at_noon = Evaluate({}, std::nullopt, "2026-05-16T12:00:00+03:30");
  EXPECT_EQ(at_noon.state, SlaState::kRunning);
  EXPECT_EQ(at_noon.elapsed_working_ms, 4 * kHour);
  EXPECT_EQ(at_noon.remaining_working_ms, 4 * kHour);
  EXPECT_EQ(at_noon.due_ms, At("2026-05-16T12:30:00Z"));
  EXPECT_EQ(at_noon.warn_ms, At("2026-05-16T10:54:00Z"));

  auto at_three = Evaluate({}, std::nullopt, "2026-05-16T15:00:00+03:30");
  EXPECT_EQ(at_three.state, SlaState::kWarning);
  EXPECT_EQ(at_three.elapsed_working_ms, 7 * kHour);

  // Sunday 09:00: 8 h on Saturday + 1 h on Sunday = 9 h, one over.
  auto next_day = Evaluate({}, std::nullopt, "2026-05-17T09:00:00+03:30");
  EXPECT_EQ(next_day.state, SlaState::kBreached);
  EXPECT_EQ(next_day.elapsed_working_ms, 9 * kHour);
  EXPECT_EQ(next_day.remaining_working_ms, -1 * kHour);
  EXPECT_EQ(next_day.due_ms, At("2026-05-16T12:30:00Z"));

  // Saturday 17:30, after closing: exactly 8 h have passed, and the 16:00 deadline with them.
  auto evening = Evaluate({}, std::nullopt, "2026-05-16T17:30:00+03:30");
  EXPECT_EQ(evening.state, SlaState::kBreached);
  EXPECT_EQ(evening.remaining_working_ms, 0);
}

TEST_F(SlaTest, MetOnTimeOrLate) {
  auto on_time = Evaluate({}, At("2026-05-16T15:59:00+03:30"), "2026-05-20T12:00:00+03:30");
  EXPECT_EQ(on_time.state, SlaState::kMet);
  EXPECT_EQ(on_time.elapsed_working_ms, 7 * kHour + 59 * kMinute);  // counted up to the answer
  EXPECT_EQ(on_time.remaining_working_ms, kMinute);
  EXPECT_EQ(on_time.due_ms, At("2026-05-16T12:30:00Z"));
  // Answered Saturday 17:30: no working time after 16:00, but after the deadline.
  auto evening = Evaluate({}, At("2026-05-16T17:30:00+03:30"), "2026-05-20T12:00:00+03:30");
  EXPECT_EQ(evening.state, SlaState::kMetLate);
  EXPECT_EQ(evening.remaining_working_ms, 0);
  // Answered Sunday 10:00: 8 h + 2 h.
  auto sunday = Evaluate({}, At("2026-05-17T10:00:00+03:30"), "2026-05-20T12:00:00+03:30");
  EXPECT_EQ(sunday.state, SlaState::kMetLate);
  EXPECT_EQ(sunday.remaining_working_ms, -2 * kHour);
}

// Waiting on the customer Saturday 10:00-13:00:
//   Sat 08:00-10:00 2 h (2), paused, 13:00-16:00 3 h (5); Sun 08:00-11:00 3 h (8)
//   -> due Sunday 2026-05-17 11:00 +03:30 = 07:30Z; warning at 6 h 24 min = Sun 09:24 = 05:54Z.
// At Sunday 10:00: 5 h + 2 h = 7 h, warning, 1 h left.
TEST_F(SlaTest, APauseWhileWaitingOnTheCustomerMovesTheDeadline) {
  const std::vector<Pause> pauses = {{At("2026-05-16T10:00:00+03:30"), At("2026-05-16T13:00:00+03:30")}};
  auto status = Evaluate(pauses, std::nullopt, "2026-05-17T10:00:00+03:30");
  EXPECT_EQ(status.state, SlaState::kWarning);
  EXPECT_EQ(status.elapsed_working_ms, 7 * kHour);
  EXPECT_EQ(status.remaining_working_ms, 1 * kHour);
  EXPECT_EQ(status.due_ms, At("2026-05-17T07:30:00Z"));
  EXPECT_EQ(status.warn_ms, At("2026-05-17T05:54:00Z"));
  // The same waiting, written as two overlapping pauses out of order.
  const std::vector<Pause> split = {{At("2026-05-16T11:00:00+03:30"), At("2026-05-16T13:00:00+03:30")},
                                    {At("2026-05-16T10:00:00+03:30"), At("2026-05-16T12:00:00+03:30")}};
  auto same = Evaluate(split, std::nullopt, "2026-05-17T10:00:00+03:30");
  EXPECT_EQ(same.elapsed_working_ms, 7 * kHour);
  EXPECT_EQ(same.due_ms, At("2026-05-17T07:30:00Z"));
  // Met Sunday 10:30: 7.5 h, in time.
  auto met = Evaluate(pauses, At("2026-05-17T10:30:00+03:30"), "2026-05-18T10:00:00+03:30");
  EXPECT_EQ(met.state, SlaState::kMet);
  EXPECT_EQ(met.elapsed_working_ms, 7 * kHour + 30 * kMinute);
  EXPECT_EQ(met.due_ms, At("2026-05-17T07:30:00Z"));
  // A pause over Friday, when nobody works, changes nothing: Thursday 11:00 to Saturday 09:00.
  auto friday = EvaluateSla(clock_, eight_hours_, At("2026-05-14T10:00:00+03:30"),
                            {{At("2026-05-14T12:00:00+03:30"), At("2026-05-16T08:00:00+03:30")}},
                            std::nullopt, At("2026-05-16T09:00:00+03:30"));
  EXPECT_EQ(friday.elapsed_working_ms, 3 * kHour);  // Thu 10-12, Sat 08-09
}

// An open pause from Saturday 10:00: at Monday noon only Sat 08:00-10:00 has counted.
TEST_F(SlaTest, AnOpenPauseStopsTheClock) {
  auto status = Evaluate({{At("2026-05-16T10:00:00+03:30"), std::nullopt}}, std::nullopt,
                         "2026-05-18T12:00:00+03:30");
  EXPECT_EQ(status.state, SlaState::kPaused);
  EXPECT_EQ(status.elapsed_working_ms, 2 * kHour);
  EXPECT_EQ(status.remaining_working_ms, 6 * kHour);
  EXPECT_FALSE(status.due_ms.has_value());
  EXPECT_FALSE(status.warn_ms.has_value());

  // Paused from Saturday 15:00, after the warning (14:24): the warning has happened.
  auto warned = Evaluate({{At("2026-05-16T15:00:00+03:30"), std::nullopt}}, std::nullopt,
                         "2026-05-17T12:00:00+03:30");
  EXPECT_EQ(warned.state, SlaState::kPaused);
  EXPECT_EQ(warned.elapsed_working_ms, 7 * kHour);
  EXPECT_EQ(warned.warn_ms, At("2026-05-16T10:54:00Z"));
  EXPECT_FALSE(warned.due_ms.has_value());

  // Paused from Sunday 09:00, after the breach on Saturday 16:00: still breached (9 h).
  auto breached = Evaluate({{At("2026-05-17T09:00:00+03:30"), std::nullopt}}, std::nullopt,
                           "2026-05-17T12:00:00+03:30");
  EXPECT_EQ(breached.state, SlaState::kBreached);
  EXPECT_EQ(breached.elapsed_working_ms, 9 * kHour);
  EXPECT_EQ(breached.due_ms, At("2026-05-16T12:30:00Z"));

  // A pause that ended: running again, with a due date.
  auto resumed = Evaluate({{At("2026-05-16T10:00:00+03:30"), At("2026-05-18T08:00:00+03:30")}},
                          std::nullopt, "2026-05-18T09:00:00+03:30");
  EXPECT_EQ(resumed.state, SlaState::kRunning);
  EXPECT_EQ(resumed.elapsed_working_ms, 3 * kHour);  // Sat 08-10, Mon 08-09
  EXPECT_EQ(resumed.due_ms, At("2026-05-18T14:00:00+03:30"));  // Mon 08:00 + 6 h
}

// Across Nowruz (see business_hours_test): opened 28 Esfand 1404 10:00, due 5 Farvardin 1405
// 14:00 +03:30 = 2026-03-25 10:30Z. First answered 5 Farvardin 15:00: Thu 2 h + Wed 08-15 7 h
// = 9 h, an hour late.
TEST_F(SlaTest, AcrossNowruz) {
  const int64_t opened = At("2026-03-19T10:00:00+03:30");
  auto late = EvaluateSla(clock_, eight_hours_, opened, {}, At("2026-03-25T15:00:00+03:30"),
                          At("2026-04-01T00:00:00Z"));
  EXPECT_EQ(late.state, SlaState::kMetLate);
  EXPECT_EQ(late.elapsed_working_ms, 9 * kHour);
  EXPECT_EQ(late.remaining_working_ms, -1 * kHour);
  EXPECT_EQ(late.due_ms, At("2026-03-25T10:30:00Z"));
  // On 4 Farvardin, the last day of Nowruz, only Thursday's 2 hours have counted.
  auto during = EvaluateSla(clock_, eight_hours_, opened, {}, std::nullopt, At("2026-03-24T12:00:00+03:30"));
  EXPECT_EQ(during.state, SlaState::kRunning);
  EXPECT_EQ(during.elapsed_working_ms, 2 * kHour);
  EXPECT_EQ(during.due_ms, At("2026-03-25T10:30:00Z"));
}

TEST_F(SlaTest, StateNames) {
  EXPECT_EQ(SlaStateName(SlaState::kMetLate), "met_late");
  EXPECT_EQ(SlaStateName(SlaState::kPaused), "paused");
}

}  // namespace
}  // namespace nazar::act
