#include "core/time.h"

#include <gtest/gtest.h>

namespace nazar {
namespace {

TEST(TimeTest, FormatsUtcIso8601) {
  EXPECT_EQ(FormatIsoUtc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIsoUtc(1795775400125), "2026-11-27T10:30:00.125Z");
  EXPECT_EQ(FormatIsoUtc(951782400000), "2000-02-29T00:00:00.000Z");  // leap day
}

TEST(TimeTest, KnowsIanaTimeZones) {
  for (auto tz : {"UTC", "Asia/Tehran", "Europe/London", "America/New_York"})
    EXPECT_TRUE(IsKnownTimeZone(tz)) << tz;
  for (auto tz : {"", "Mars/Olympus", "Asia/Tehran; DROP TABLE", "GMT+99"})
    EXPECT_FALSE(IsKnownTimeZone(tz)) << tz;
}

}  // namespace
}  // namespace nazar
