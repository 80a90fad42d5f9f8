#include <gtest/gtest.h>

#include "act/business_hours.h"

namespace nazar::act {
namespace {

Json Parse(std::string_view text) { return Json::parse(text); }

TEST(BusinessCalendarTest, ParsesTheApiShape) {
  auto calendar = ParseBusinessCalendar(Parse(R"({
    "time_zone": "Asia/Tehran",
    "week": {"sat": [["08:00", "16:00"]], "sun": [["08:00", "12:00"], ["13:00", "16:00"]],
             "thu": [["8:00", "24:00"]], "fri": []},
    "holidays": [{"date": "1405-01-01", "calendar": "jalali", "name": "Nowruz"},
                 {"month": 1, "day": 2, "calendar": "jalali", "name": "Nowruz"},
                 {"date": "2026-12-25", "calendar": "gregorian"}]})"));
  ASSERT_TRUE(calendar.has_value()) << calendar.error().ToString();
  EXPECT_EQ(calendar->time_zone, "Asia/Tehran");
  EXPECT_EQ(calendar->week[kSaturday], (std::vector<WorkingInterval>{{480, 960}}));
  EXPECT_EQ(calendar->week[kSunday], (std::vector<WorkingInterval>{{480, 720}, {780, 960}}));
  EXPECT_EQ(calendar->week[kThursday], (std::vector<WorkingInterval>{{480, 1440}}));
  EXPECT_TRUE(calendar->week[kMonday].empty());  // left out: a day off
  ASSERT_EQ(calendar->holidays.size(), 3u);
  EXPECT_EQ(calendar->holidays[0], (Holiday{Holiday::Calendar::kJalali, 1405, 1, 1, "Nowruz"}));
  EXPECT_EQ(calendar->holidays[1], (Holiday{Holiday::Calendar::kJalali, 0, 1, 2, "Nowruz"}));
  EXPECT_EQ(calendar->holidays[2], (Holiday{Holiday::Calendar::kGregorian, 2026, 12, 25, ""}));
}

TEST(BusinessCalendarTest, PersianDigitsInDatesAndTimes) {
  // ۱۴۰۵-۰۱-۱۳ is 1405-01-13 (Sizdah Bedar); ۰۸:۳۰ is 08:30; Arabic-Indic ١٦:٠٠ is 16:00.
  auto calendar = ParseBusinessCalendar(Parse(R"({"time_zone": "Asia/Tehran",
    "week": {"sat": [["۰۸:۳۰", "١٦:٠٠"]]},
    "holidays": [{"date": "۱۴۰۵/۰۱/۱۳", "calendar": "jalali"}]})"));
  ASSERT_TRUE(calendar.has_value()) << calendar.error().ToString();
  EXPECT_EQ(calendar->week[kSaturday], (std::vector<WorkingInterval>{{510, 960}}));
  EXPECT_EQ(calendar->holidays[0], (Holiday{Holiday::Calendar::kJalali, 1405, 1, 13, ""}));
}

TEST(BusinessCalendarTest, RoundTripsThePresets) {
  for (const BusinessCalendar& preset : {IranianCalendar(), WeekdaysCalendar("Europe/London")}) {
    auto back = ParseBusinessCalendar(ToJson(preset));
    ASSERT_TRUE(back.has_value()) << back.error().ToString();
    EXPECT_EQ(*back, preset);
  }
  Json iran = ToJson(IranianCalendar());
  EXPECT_EQ(iran["week"]["thu"], Parse(R"([["08:00", "12:00"]])"));
  EXPECT_EQ(iran["week"]["fri"], Json::array());
  EXPECT_EQ(iran["holidays"][0], Parse(R"({"month": 1, "day": 1, "calendar": "jalali", "name": "Nowruz"})"));
  EXPECT_EQ(iran["holidays"].size(), 10u);
}

// Each bad input and the field its error names.
TEST(BusinessCalendarTest, ErrorsNameTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"week": {"sat": [["08:00", "16:00"]]}})", "time_zone"},
      {R"({"time_zone": "Mars/Olympus", "week": {"sat": [["08:00", "16:00"]]}})", "time_zone"},
      {R"({"time_zone": "UTC"})", "week"},
      {R"({"time_zone": "UTC", "week": {}})", "week"},  // no working time at all
      {R"({"time_zone": "UTC", "week": [1]})", "week"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]}, "timezone": "x"})", "timezone"},
      {R"({"time_zone": "UTC", "week": {"funday": []}})", "week.funday"},
      {R"({"time_zone": "UTC", "week": {"sat": "08:00-16:00"}})", "week.sat"},
      {R"({"time_zone": "UTC", "week": {"thu": [["08:00"]]}})", "week.thu[0]"},
      {R"({"time_zone": "UTC", "week": {"thu": [["8h", "12:00"]]}})", "week.thu[0].start"},
      {R"({"time_zone": "UTC", "week": {"thu": [["24:00", "24:00"]]}})", "week.thu[0].start"},
      {R"({"time_zone": "UTC", "week": {"thu": [["08:00", "25:00"]]}})", "week.thu[0].end"},
      {R"({"time_zone": "UTC", "week": {"thu": [["08:00", "12:60"]]}})", "week.thu[0].end"},
      {R"({"time_zone": "UTC", "week": {"thu": [["12:00", "08:00"]]}})", "week.thu[0].end"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "12:00"], ["11:00", "16:00"]]}})", "week.sat[1]"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]}, "holidays": {}})", "holidays"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]}, "holidays": [7]})", "holidays[0]"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"date": "1405-01-01"}]})", "holidays[0].calendar"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"date": "1405-01-01", "calendar": "hijri"}]})", "holidays[0].calendar"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"date": "1405-01-01", "calendar": "jalali"}, {"calendar": "jalali", "month": 13, "day": 1},
                        {"date": "1404-12-30", "calendar": "jalali"}]})", "holidays[1].month"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"date": "1405-01-01", "calendar": "jalali"}, {"calendar": "jalali", "month": 1, "day": 1},
                        {"date": "1404-12-30", "calendar": "jalali"}]})", "holidays[2].date"},  // 1404: common year
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"date": "25/12/2026", "calendar": "gregorian"}]})", "holidays[0].date"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"date": "2026-12-25", "month": 12, "day": 25, "calendar": "gregorian"}]})", "holidays[0].date"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"month": 2, "day": 30, "calendar": "gregorian"}]})", "holidays[0].day"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"month": 7, "calendar": "jalali"}]})", "holidays[0].day"},
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"month": 7, "day": 31, "calendar": "jalali"}]})", "holidays[0].day"},  // Mehr has 30
      {R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
           "holidays": [{"month": 7, "day": 1, "calendar": "jalali", "when": "always"}]})", "holidays[0].when"},
  };
  for (const auto& [text, field] : cases) {
    auto parsed = ParseBusinessCalendar(Parse(text));
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_EQ(parsed.error().field, field) << text << "\n" << parsed.error().message;
  }
  // Recurring leap days are fine: they recur in leap years.
  EXPECT_TRUE(ParseBusinessCalendar(Parse(R"({"time_zone": "UTC", "week": {"sat": [["08:00", "16:00"]]},
      "holidays": [{"month": 12, "day": 30, "calendar": "jalali"},
                   {"month": 2, "day": 29, "calendar": "gregorian"}]})")).has_value());
}

}  // namespace
}  // namespace nazar::act
