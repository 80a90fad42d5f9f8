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

TEST(ThrottleTest, StaysBoundedUnderManyKeysAndKeepsTheNewest) {
  ManualClockForTest clock(0);
  LoginThrottle t(clock, {.max_failures = 1, .window_ms = 60'000, .max_keys = 100});
  t.RecordFailure("victim");  // locked out
  for (int i = 0; i < 1000; ++i) {
    clock.Advance(1);
    t.RecordFailure("k" + std::to_string(i));
  }
  // Flooding evicted the oldest entries, not all of them: recent lockouts hold.
  EXPECT_FALSE(t.Check("k999").has_value());
  EXPECT_FALSE(t.Check("k990").has_value());
}

// A progressive key: free failures, then a delay of first_delay_ms doubling with each
// further failure, at most the window; forgotten a window after its wait ends.
TEST(ThrottleTest, ProgressiveDelayDoublesUpToTheWindow) {
  ManualClockForTest clock(1'000'000);
  LoginThrottle t(clock, {.max_failures = 5, .window_ms = 60'000, .first_delay_ms = 1000});
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(t.Check("k").has_value()) << i;
    EXPECT_EQ(t.RetryAfterSeconds("k"), 0) << i;
    t.RecordFailure("k");
  }
  // After the fifth failure: 1 s, then 2, 4, 8, ... each counted from the last failure.
  int64_t expected = 1;
  for (int i = 0; i < 8; ++i) {
    auto wait = t.Check("k");
    ASSERT_FALSE(wait.has_value()) << i;
    EXPECT_EQ(wait.error().code, ErrorCode::kResourceExhausted);
    EXPECT_EQ(t.RetryAfterSeconds("k"), std::min<int64_t>(expected, 60)) << i;
    clock.Advance(std::min<int64_t>(expected, 60) * 1000 - 1);
    EXPECT_FALSE(t.Check("k").has_value()) << i;  // not a millisecond early
    clock.Advance(1);
    EXPECT_TRUE(t.Check("k").has_value()) << i;
    t.RecordFailure("k");
    expected *= 2;
  }
  // Capped at the window: 2^8 s would be 256 s.
  EXPECT_EQ(t.RetryAfterSeconds("k"), 60);
  clock.Advance(30'000);
  EXPECT_EQ(t.RetryAfterSeconds("k"), 30);  // Retry-After counts down
  EXPECT_TRUE(t.Check("other").has_value());
  // A window without failures after the wait forgets the key: five free failures again.
  clock.Advance(30'000 + 60'000 - 1);
  EXPECT_TRUE(t.Check("k").has_value());
  t.RecordFailure("k");  // not yet forgotten: this failure waits the longest delay
  EXPECT_EQ(t.RetryAfterSeconds("k"), 60);
  clock.Advance(60'000 + 60'000);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(t.Check("k").has_value()) << i;
    t.RecordFailure("k");
  }
  EXPECT_EQ(t.RetryAfterSeconds("k"), 1);
}

TEST(ThrottleTest, AddressesKeyIpv6ByPrefix) {
  EXPECT_EQ(ThrottleKeyForAddress("203.0.113.7"), "ip:203.0.113.7");
  EXPECT_EQ(ThrottleKeyForAddress("2001:db8:1:2:aaaa::1"), "ip6:2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleKeyForAddress("2001:db8:1:2:ffff:1:2:3"),
            ThrottleKeyForAddress("2001:db8:1:2::9"));
  EXPECT_NE(ThrottleKeyForAddress("2001:db8:1:3::1"), ThrottleKeyForAddress("2001:db8:1:2::1"));
}

}  // namespace
}  // namespace nazar
