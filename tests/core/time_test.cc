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

TEST(TimeTest, LocalDaysStartAtLocalMidnight) {
  auto tehran = TimeZoneDays::ForZone("Asia/Tehran");  // UTC+3:30, no DST since 2022
  ASSERT_TRUE(tehran.has_value());
  int32_t day = 20'414;  // 2025-11-22
  EXPECT_EQ(tehran->StartOfDayMs(day), int64_t{day} * 86'400'000 - 12'600'000);
  EXPECT_EQ(tehran->LocalDay(tehran->StartOfDayMs(day)), day);
  EXPECT_EQ(tehran->LocalDay(tehran->StartOfDayMs(day) - 1), day - 1);
  auto london = TimeZoneDays::ForZone("Europe/London");
  ASSERT_TRUE(london.has_value());
  // 2026-07-01 is in British Summer Time (UTC+1); 2026-01-01 is not.
  EXPECT_EQ(london->StartOfDayMs(20'635), int64_t{20'635} * 86'400'000 - 3'600'000);
  EXPECT_EQ(london->StartOfDayMs(20'454), int64_t{20'454} * 86'400'000);
}

TEST(TimeTest, FormatsLocalTimeWithItsOffset) {
  auto tehran = TimeZoneDays::ForZone("Asia/Tehran");
  auto new_york = TimeZoneDays::ForZone("America/New_York");
  ASSERT_TRUE(tehran.has_value() && new_york.has_value());
  constexpr int64_t kMs = 1795775400125;  // 2026-11-27T10:30:00.125Z
  EXPECT_EQ(tehran->OffsetMs(kMs), 12'600'000);
  EXPECT_EQ(FormatIsoLocal(kMs, tehran->OffsetMs(kMs)), "2026-11-27T14:00:00.125+03:30");
  EXPECT_EQ(FormatIsoLocal(kMs, new_york->OffsetMs(kMs)), "2026-11-27T05:30:00.125-05:00");
  constexpr int64_t kJuly = 1783081800000;  // 2026-07-03T12:30:00Z: daylight saving time
  EXPECT_EQ(FormatIsoLocal(kJuly, new_york->OffsetMs(kJuly)), "2026-07-03T08:30:00.000-04:00");
  EXPECT_EQ(FormatIsoLocal(kMs, 0), "2026-11-27T10:30:00.125+00:00");
  EXPECT_EQ(ParseTimestamp(FormatIsoLocal(kMs, tehran->OffsetMs(kMs))).value(), kMs);
}

TEST(TimeTest, ParsesTimestampsToUtc) {
  constexpr int64_t k1330Utc = 1293715800000;  // 2010-12-30T13:30:00Z
  const std::pair<const char*, int64_t> accepted[] = {
      {"2010-12-30T13:30:00Z", k1330Utc},
      {"2010-12-30t13:30:00z", k1330Utc},
      {"2010-12-30 14:30:00+01:00", k1330Utc},
      {"2010-12-30T14:30:00+0100", k1330Utc},
      {"2010-12-30 08:30:00-05", k1330Utc},
      {"2010-12-31T00:00:00+10:30", k1330Utc},  // the next local day
      {"2010-12-30 13:30:00", k1330Utc},        // naive: UTC
      {"2010-12-30 13:30", k1330Utc},
      {"  2010-12-30T13:30:00.000Z ", k1330Utc},
      {"2010-12-30T13:30:00.1Z", k1330Utc + 100},
      {"2010-12-30T13:30:00,125+00:00", k1330Utc + 125},
      {"2010-12-30T13:30:00.123456789Z", k1330Utc + 123},  // truncated to ms
      {"2010-12-30", k1330Utc - (13 * 60 + 30) * 60'000},
      {"1970-01-01T00:00:00Z", 0},
      {"1969-12-31T23:59:59.999Z", -1},
      {"2000-02-29T00:00:00Z", 951782400000},
  };
  for (const auto& [text, ms] : accepted) {
    auto parsed = ParseTimestamp(text);
    ASSERT_TRUE(parsed.has_value()) << text << ": " << parsed.error().ToString();
    EXPECT_EQ(*parsed, ms) << text;
  }
  for (auto text :
       {"", "yesterday", "2010-12-30T", "2010-12-30T13", "2010-13-01", "2011-02-29",
        "2010-12-30 24:00:00", "2010-12-30 13:60", "2010-12-30 13:30:61", "2010-12-30T13:30:00.Z",
        "2010-12-30T13:30:00+1", "2010-12-30T13:30:00+24:00", "2010-12-30T13:30:00 +01:00",
        "2010-12-30T13:30:00Zjunk", "30/12/2010 13:30", "1293715800"}) {
    auto parsed = ParseTimestamp(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().field, "timestamp");
  }
}

}  // namespace
}  // namespace nazar
