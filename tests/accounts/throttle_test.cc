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

TEST(ThrottleTest, AddressesKeyIpv6ByPrefix) {
  EXPECT_EQ(ThrottleKeyForAddress("203.0.113.7"), "ip:203.0.113.7");
  EXPECT_EQ(ThrottleKeyForAddress("2001:db8:1:2:aaaa::1"), "ip6:2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleKeyForAddress("2001:db8:1:2:ffff:1:2:3"),
            ThrottleKeyForAddress("2001:db8:1:2::9"));
  EXPECT_NE(ThrottleKeyForAddress("2001:db8:1:3::1"), ThrottleKeyForAddress("2001:db8:1:2::1"));
}

}  // namespace
}  // namespace nazar
