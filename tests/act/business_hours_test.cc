#include "act/business_hours.h"

#include <random>

#include <gtest/gtest.h>

#include "core/jalali.h"
#include "core/time.h"

namespace nazar::act {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

// An instant written with its local offset, as a person reads it off a wall clock.
int64_t At(std::string_view iso) { return ParseTimestamp(iso).value(); }

BusinessClock Clock(BusinessCalendar calendar) { return BusinessClock::Make(std::move(calendar)).value(); }

TEST(BusinessHoursTest, WeekdaysCountFromSaturday) {
  EXPECT_EQ(WeekdayOfEpochDay(0), kThursday);  // 1970-01-01
  EXPECT_EQ(WeekdayOfEpochDay(2), kSaturday);
  EXPECT_EQ(WeekdayOfEpochDay(-1), kWednesday);
  EXPECT_EQ(WeekdayOfEpochDay(EpochDayFromGregorian({2026, 3, 21}).value()), kSaturday);
}

// Tehran, Wednesday 2026-05-13 (23 Ordibehesht 1405, no holiday) 14:00, 8 working hours:
//   Wed 14:00-16:00   2 h   (2)
//   Thu 08:00-12:00   4 h   (6)   the half day
//   Fri               off
//   Sat 08:00-10:00   2 h   (8)   -> due Saturday 2026-05-16 10:00 +03:30 = 06:30Z.
TEST(BusinessHoursTest, TehranWeekendIsAHalfThursdayAndFriday) {
  auto clock = Clock(IranianCalendar());
  const int64_t opened = At("2026-05-13T14:00:00+03:30");
  EXPECT_EQ(clock.AddWorkingMs(opened, 8 * kHour), At("2026-05-16T06:30:00Z"));
  EXPECT_EQ(clock.WorkingMsBetween(opened, At("2026-05-16T10:00:00+03:30")), 8 * kHour);
  // Thursday noon to Saturday 08:00: nothing.
  EXPECT_EQ(clock.WorkingMsBetween(At("2026-05-14T12:00:00+03:30"), At("2026-05-16T08:00:00+03:30")), 0);
  // 6 working hours end exactly at Thursday's closing time, not at Saturday's opening.
  EXPECT_EQ(clock.AddWorkingMs(opened, 6 * kHour), At("2026-05-14T12:00:00+03:30"));
  EXPECT_TRUE(clock.IsWorking(At("2026-05-14T11:59:59+03:30")));
  EXPECT_FALSE(clock.IsWorking(At("2026-05-14T12:00:00+03:30")));
  EXPECT_FALSE(clock.IsWorking(At("2026-05-15T10:00:00+03:30")));  // Friday
  // A whole week: 5 x 8 h + 4 h = 44 h.
  EXPECT_EQ(clock.WorkingMsBetween(At("2026-05-16T00:00:00+03:30"), At("2026-05-23T00:00:00+03:30")),
            44 * kHour);
}

// London, Monday-Friday 09:00-17:00, Friday 2026-01-16 15:30 GMT (= UTC), 8 working hours:
//   Fri 15:30-17:00 1.5 h, Sat and Sun off, Mon 09:00 + 6.5 h -> Monday 15:30 GMT.
TEST(BusinessHoursTest, LondonWeekend) {
  auto clock = Clock(WeekdaysCalendar("Europe/London"));
  const int64_t opened = At("2026-01-16T15:30:00Z");
  EXPECT_EQ(clock.AddWorkingMs(opened, 8 * kHour), At("2026-01-19T15:30:00Z"));
  EXPECT_EQ(clock.WorkingMsBetween(opened, At("2026-01-19T15:30:00Z")), 8 * kHour);
  // Four whole weeks from a Saturday: 4 x 5 x 8 h = 160 h.
  EXPECT_EQ(clock.WorkingMsBetween(At("2026-01-17T00:00:00Z"), At("2026-02-14T00:00:00Z")), 160 * kHour);
}

// Nowruz 1405. 1404 is not a leap year, so Esfand 1404 has 29 days: 28 Esfand = Thursday
// 2026-03-19, 29 Esfand (a holiday, and a Friday) = 2026-03-20, 1-4 Farvardin 1405 = Saturday
// 2026-03-21 .. Tuesday 03-24 (holidays). 5 Farvardin = Wednesday 2026-03-25.
// Opened 28 Esfand 10:00 with 8 working hours:
//   Thu 28 Esfand 10:00-12:00   2 h  (2)
//   Fri 29 Esfand, Sat-Tue 1-4 Farvardin: off
//   Wed 5 Farvardin 08:00-14:00  6 h  (8) -> due 2026-03-25 14:00 +03:30 = 10:30Z
// (without the holidays it would have been Saturday 1 Farvardin 14:00).
// With 16 hours: Wed 08:00-16:00 8 h (10), Thu 6 Farvardin 08:00-12:00 4 h (14), Fri off,
//   Sat 8 Farvardin 08:00-10:00 2 h (16) -> 2026-03-28 10:00 +03:30 = 06:30Z.
TEST(BusinessHoursTest, NowruzHolidaysAreSkipped) {
  EXPECT_EQ(EpochDayFromJalali({1404, 12, 28}).value(), EpochDayFromGregorian({2026, 3, 19}).value());
  EXPECT_EQ(JalaliMonthLength(1404, 12).value(), 29);
  auto clock = Clock(IranianCalendar());
  const int64_t opened = At("2026-03-19T10:00:00+03:30");
  EXPECT_EQ(clock.AddWorkingMs(opened, 8 * kHour), At("2026-03-25T10:30:00Z"));
  EXPECT_EQ(clock.AddWorkingMs(opened, 16 * kHour), At("2026-03-28T06:30:00Z"));
  EXPECT_EQ(clock.WorkingMsBetween(opened, At("2026-03-25T10:30:00Z")), 8 * kHour);
  EXPECT_FALSE(clock.IsWorking(At("2026-03-21T10:00:00+03:30")));  // 1 Farvardin, a Saturday
  EXPECT_TRUE(clock.IsWorking(At("2026-03-25T08:00:00+03:30")));
}

// 12 and 13 Farvardin 1405 are Wednesday 2026-04-01 and Thursday 04-02. Opened Tuesday 11
// Farvardin (03-31) 15:00 with 4 working hours: Tue 15:00-16:00 1 h, Wed and Thu holidays,
// Fri off, Sat 15 Farvardin (04-04) 08:00-11:00 3 h -> 11:00 +03:30 = 07:30Z.
TEST(BusinessHoursTest, TwelfthAndThirteenthOfFarvardin) {
  auto clock = Clock(IranianCalendar());
  EXPECT_EQ(clock.AddWorkingMs(At("2026-03-31T15:00:00+03:30"), 4 * kHour), At("2026-04-04T07:30:00Z"));
}

// Europe/London moves to BST (UTC+1) on Sunday 2026-03-29 at 01:00 UTC. Opened Friday 03-27
// 16:00 GMT with 8 working hours: Fri 16:00-17:00 1 h, Mon 03-30 09:00 BST (08:00Z) + 7 h
// -> 16:00 BST = 15:00Z (a clock that ignored the change would say 16:00Z).
// Back to GMT on Sunday 2026-10-25: opened Friday 10-23 16:00 BST (15:00Z): Fri 1 h, Mon
// 10-26 09:00 GMT + 7 h -> 16:00 GMT = 16:00Z; 73 real hours hold 8 working ones.
TEST(BusinessHoursTest, LondonAcrossDaylightSavingChanges) {
  auto clock = Clock(WeekdaysCalendar("Europe/London"));
  EXPECT_EQ(clock.AddWorkingMs(At("2026-03-27T16:00:00Z"), 8 * kHour), At("2026-03-30T15:00:00Z"));
  EXPECT_EQ(clock.WorkingMsBetween(At("2026-03-27T16:00:00Z"), At("2026-03-30T15:00:00Z")), 8 * kHour);
  EXPECT_EQ(clock.AddWorkingMs(At("2026-10-23T15:00:00Z"), 8 * kHour), At("2026-10-26T16:00:00Z"));
  EXPECT_EQ(clock.WorkingMsBetween(At("2026-10-23T15:00:00Z"), At("2026-10-26T16:00:00Z")), 8 * kHour);
  // The week containing the change still holds 40 working hours.
  EXPECT_EQ(clock.WorkingMsBetween(At("2026-03-28T00:00:00Z"), At("2026-04-04T00:00:00+01:00")), 40 * kHour);
}

// A shop open round the clock in New York: the spring-forward Sunday 2026-03-08 has 23 hours
// (00:00 EST = 05:00Z to the next midnight EDT = 04:00Z), the fall-back Sunday 2026-11-01 25
// (04:00Z to 05:00Z next day). A night shift 01:00-03:00 on those Sundays: on 03-08 01:00
// EST = 06:00Z to 03:00 EDT = 07:00Z, 1 hour; on 11-01 the wall time 01:00 happens twice and
// ICU takes the second, 01:00 EST = 06:00Z (Python's zoneinfo, fold=0, takes the first), to
// 03:00 EST = 08:00Z: 2 hours, as on any other Sunday.
TEST(BusinessHoursTest, NewYorkDaysOfTwentyThreeAndTwentyFiveHours) {
  BusinessCalendar all_day;
  all_day.time_zone = "America/New_York";
  for (auto& day : all_day.week) day = {{0, kMinutesPerDay}};
  auto clock = Clock(all_day);
  EXPECT_EQ(clock.WorkingMsBetween(At("2026-03-08T05:00:00Z"), At("2026-03-09T04:00:00Z")), 23 * kHour);
  EXPECT_EQ(clock.WorkingMsBetween(At("2026-11-01T04:00:00Z"), At("2026-11-02T05:00:00Z")), 25 * kHour);
  // Across a whole year, round the clock counts real time.
  EXPECT_EQ(clock.WorkingMsBetween(At("2026-01-01T00:00:00Z"), At("2027-01-01T00:00:00Z")), 365 * 24 * kHour);
  EXPECT_EQ(clock.AddWorkingMs(At("2026-03-07T12:00:00Z"), 48 * kHour), At("2026-03-09T12:00:00Z"));

  BusinessCalendar night;
  night.time_zone = "America/New_York";
  night.week[kSunday] = {{60, 180}};
  auto shift = Clock(night);
  EXPECT_EQ(shift.WorkingMsBetween(At("2026-03-08T00:00:00Z"), At("2026-03-09T00:00:00Z")), 1 * kHour);
  EXPECT_EQ(shift.WorkingMsBetween(At("2026-11-01T00:00:00Z"), At("2026-11-02T00:00:00Z")), 2 * kHour);
  EXPECT_FALSE(shift.IsWorking(At("2026-11-01T05:30:00Z")));  // the first 01:30, EDT
  EXPECT_TRUE(shift.IsWorking(At("2026-11-01T06:30:00Z")));   // the second, EST
  EXPECT_EQ(shift.WorkingMsBetween(At("2026-11-08T00:00:00Z"), At("2026-11-09T00:00:00Z")), 2 * kHour);
}

// Iran kept daylight saving (UTC+4:30 in summer) until 2022 and abolished it from 2023; ICU's
// data (and the clock) know both. Summer 2022 08:00 Tehran is 03:30Z, summer 2023 04:30Z.
// The last change: Wednesday 2022-09-21 (30 Shahrivar 1401) at 24:00 the clocks went back to
// 23:00. Opened that Wednesday 15:00 +04:30 (10:30Z) with 8 working hours: Wed 15:00-16:00
// 1 h, Thu 09-22 08:00-12:00 4 h (5), Fri off, Sat 09-24 08:00-11:00 3 h (8) -> 11:00 +03:30
// = 07:30Z.
TEST(BusinessHoursTest, TehranBeforeAndAfterDaylightSavingEnded) {
  auto clock = Clock(IranianCalendar());
  EXPECT_TRUE(clock.IsWorking(At("2022-06-01T03:30:00Z")));    // 08:00 +04:30, a Wednesday
  EXPECT_FALSE(clock.IsWorking(At("2022-06-01T03:29:59Z")));
  EXPECT_TRUE(clock.IsWorking(At("2023-05-31T04:30:00Z")));    // 08:00 +03:30, a Wednesday
  EXPECT_FALSE(clock.IsWorking(At("2023-05-31T04:29:59Z")));
  EXPECT_EQ(clock.AddWorkingMs(At("2022-09-21T10:30:00Z"), 8 * kHour), At("2022-09-24T07:30:00Z"));
  EXPECT_EQ(clock.WorkingMsBetween(At("2022-09-21T10:30:00Z"), At("2022-09-24T07:30:00Z")), 8 * kHour);
}

// Holidays given by date (a lunar holiday of one year) and recurring Gregorian ones.
TEST(BusinessHoursTest, DatedAndGregorianHolidays) {
  auto calendar = WeekdaysCalendar("Europe/London");
  calendar.holidays = {{Holiday::Calendar::kGregorian, 0, 12, 25, "Christmas"},
                       {Holiday::Calendar::kGregorian, 0, 12, 26, "Boxing Day"},
                       {Holiday::Calendar::kGregorian, 2026, 12, 28, "Boxing Day (substitute)"}};
  auto clock = Clock(calendar);
  // Thursday 2026-12-24 16:00, 8 h: Thu 1 h, Fri 25 and Mon 28 off, Tue 29 09:00 + 7 h = 16:00.
  EXPECT_EQ(clock.AddWorkingMs(At("2026-12-24T16:00:00Z"), 8 * kHour), At("2026-12-29T16:00:00Z"));
  // 2027-12-28 is not a holiday: Friday 2027-12-24 16:00 + 8 h -> Tuesday 12-28 16:00 (Mon 27 works).
  EXPECT_EQ(clock.AddWorkingMs(At("2027-12-24T16:00:00Z"), 8 * kHour), At("2027-12-27T16:00:00Z"));
}

// Recurring holidays are listed for 1990-2099 and checked one by one outside: both give the
// same answers as the same holidays given by date.
TEST(BusinessHoursTest, RecurringHolidaysOutsideTheListedYears) {
  auto dated = IranianCalendar();
  dated.holidays.clear();
  for (int year : {1349, 1350, 1529, 1530}) {  // 29 Esfand of the year before is in the spans
    for (const Holiday& h : IranianCalendar().holidays) {
      Holiday copy = h;
      copy.year = year;
      dated.holidays.push_back(copy);
    }
  }
  auto recurring = Clock(IranianCalendar());
  auto by_date = Clock(dated);
  for (int year : {1350, 1530}) {
    const int64_t esfand = EpochDayFromJalali({year - 1, 12, 20}).value() * 24 * kHour;
    for (int64_t hours : {8, 40, 100, 300}) {
      EXPECT_EQ(recurring.AddWorkingMs(esfand, hours * kHour), by_date.AddWorkingMs(esfand, hours * kHour));
      EXPECT_EQ(recurring.WorkingMsBetween(esfand, esfand + hours * 24 * kHour),
                by_date.WorkingMsBetween(esfand, esfand + hours * 24 * kHour));
    }
  }
}

TEST(BusinessHoursTest, MakeRefusesWhatCannotBeCounted) {
  auto field = [](BusinessCalendar c) { return BusinessClock::Make(std::move(c)).error().field; };
  auto c = IranianCalendar();
  c.time_zone = "Asia/Teheran";
  EXPECT_EQ(field(c), "time_zone");
  c = IranianCalendar();
  c.week[kSaturday] = {{8 * 60, 12 * 60}, {11 * 60, 16 * 60}};
  EXPECT_EQ(field(c), "week.sat[1]");
  c.week[kSaturday] = {{13 * 60, 16 * 60}, {8 * 60, 14 * 60}};  // unsorted: the later start is named
  EXPECT_EQ(field(c), "week.sat[0]");
  c.week[kSaturday] = {{8 * 60, 8 * 60}};
  EXPECT_EQ(field(c), "week.sat[0].end");
  c = BusinessCalendar{};
  EXPECT_EQ(field(c), "week");
  c = IranianCalendar();
  c.holidays.push_back({Holiday::Calendar::kJalali, 1404, 12, 30, "not in a common year"});
  EXPECT_EQ(field(c), "holidays[10].date");
}

// Property: over random spans of up to a year, the working time from `from` to `to`, added to
// `from`, lands at or before `to`, just after a working millisecond, with exactly that much
// working time behind it; and working time adds up over a split span.
TEST(BusinessHoursTest, AddingTheWorkingTimeBetweenLandsOnOrBeforeTheEnd) {
  std::mt19937_64 random(15);
  const int64_t year_start = At("2026-01-01T00:00:00Z");
  std::vector<BusinessClock> clocks = {Clock(IranianCalendar()), Clock(WeekdaysCalendar("Europe/London")),
                                       Clock(WeekdaysCalendar("America/New_York"))};
  for (const BusinessClock& clock : clocks) {
    for (int i = 0; i < 2000; ++i) {
      const int64_t from = year_start + static_cast<int64_t>(random() % (365 * 24 * kHour));
      const int64_t length = static_cast<int64_t>(random() % (i % 4 == 0 ? 365 * 24 * kHour : 10 * 24 * kHour));
      const int64_t to = from + length;
      const int64_t working = clock.WorkingMsBetween(from, to);
      const int64_t landed = clock.AddWorkingMs(from, working);
      ASSERT_LE(landed, to) << from << " " << to;
      if (working > 0) {
        ASSERT_TRUE(clock.IsWorking(landed - 1)) << from << " " << to;
        ASSERT_EQ(clock.WorkingMsBetween(from, landed), working);
      }
      const int64_t middle = from + length / 3;
      ASSERT_EQ(clock.WorkingMsBetween(from, middle) + clock.WorkingMsBetween(middle, to), working);
    }
  }
}

// The week-stepping path against a count of working minutes, one by one, over spans around
// Nowruz and London's change of clocks (spans and intervals fall on whole minutes).
TEST(BusinessHoursTest, WeekStepsAgreeWithCountingMinutes) {
  std::mt19937_64 random(1405);
  struct Case { BusinessCalendar calendar; int64_t around; };
  const std::vector<Case> cases = {{IranianCalendar(), At("2026-03-21T00:00:00+03:30")},
                                   {WeekdaysCalendar("Europe/London"), At("2026-03-29T01:00:00Z")},
                                   {WeekdaysCalendar("Europe/London"), At("2026-10-25T01:00:00Z")}};
  for (const Case& c : cases) {
    auto clock = Clock(c.calendar);
    for (int i = 0; i < 20; ++i) {
      const int64_t from = c.around - 20 * 24 * kHour + static_cast<int64_t>(random() % (20 * 24 * 60)) * kMinute;
      const int64_t to = from + static_cast<int64_t>(random() % (30 * 24 * 60)) * kMinute;
      int64_t minutes = 0;
      for (int64_t t = from; t < to; t += kMinute) minutes += clock.IsWorking(t);
      ASSERT_EQ(clock.WorkingMsBetween(from, to), minutes * kMinute) << from << " " << to;
    }
  }
}

}  // namespace
}  // namespace nazar::act
