#include "accounts/throttle.h"

#include <gtest/gtest.h>

namespace nazar {
namespace {

TEST(ThrottleTest, LocksOutAfterMaxFailuresUntilTheWindowPasses) {
  ManualClockForTest clock(1'000'000);
  LoginThrottle t(clock, {.max_failures = 3, .window_ms = 60'000});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(t.Check("k").has_value()) << i;
    t.RecordFailure("k");
  }
  auto locked = t.Check("k");
  ASSERT_FALSE(locked.has_value());
  EXPECT_EQ(locked.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(t.RetryAfterSeconds("k"), 60);
  clock.Advance(45'000);
  EXPECT_EQ(t.RetryAfterSeconds("k"), 15);
  EXPECT_TRUE(t.Check("other").has_value());  // keys are independent
  clock.Advance(15'000);
  EXPECT_TRUE(t.Check("k").has_value());
  t.RecordFailure("k");  // a new window starts with one failure
  EXPECT_TRUE(t.Check("k").has_value());
}

TEST(ThrottleTest, ClearForgetsFailures) {
  ManualClockForTest clock(0);
  LoginThrottle t(clock, {.max_failures = 2, .window_ms = 60'000});
  t.RecordFailure("k");
  t.RecordFailure("k");
  EXPECT_FALSE(t.Check("k").has_value());
  t.Clear("k");
  EXPECT_TRUE(t.Check("k").has_value());
}

TEST(ThrottleTest, StaysBoundedUnderManyKeys) {
  ManualClockForTest clock(0);
  LoginThrottle t(clock, {.max_failures = 1, .window_ms = 1000, .max_keys = 100});
  for (int i = 0; i < 1000; ++i) t.RecordFailure("k" + std::to_string(i));
  // The most recent key is still tracked; memory stayed bounded (no crash, no growth).
  EXPECT_FALSE(t.Check("k999").has_value());
}

}  // namespace
}  // namespace nazar
