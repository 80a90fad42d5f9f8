// Calendar buckets of the view's trends, Gregorian and Jalali. See view_calendar.h.
#include "metrics/view_calendar.h"

#include <fmt/format.h>

#include <utility>

#include "core/jalali.h"

namespace nazar::metrics::view_internal {
namespace {

// The view's days lie well inside the calendars' supported range (kMinViewDay..kMaxViewDay
// and a year either side), so these conversions cannot fail.
template <typename T>
T Checked(Result<T> result) {
  return std::move(result).value();
}

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};

Date DateOf(int32_t epoch_day, CalendarKind calendar) {
  if (calendar == CalendarKind::kJalali) {
    const JalaliDate date = Checked(JalaliFromEpochDay(epoch_day));
    return {date.year, date.month, date.day};
  }
  const GregorianDate date = Checked(GregorianFromEpochDay(epoch_day));
  return {date.year, date.month, date.day};
}

int32_t EpochDayOf(Date date, CalendarKind calendar) {
  while (date.month > kMonthsPerYear) {
    date.month -= kMonthsPerYear;
    ++date.year;
  }
  const int64_t day = calendar == CalendarKind::kJalali
                          ? Checked(EpochDayFromJalali({date.year, date.month, date.day}))
                          : Checked(EpochDayFromGregorian({date.year, date.month, date.day}));
  return static_cast<int32_t>(day);
}

int32_t FloorMod(int32_t value, int32_t divisor) {
  const int32_t r = value % divisor;
  return r < 0 ? r + divisor : r;
}

constexpr int32_t kDaysPerWeek = 7;
constexpr int kMonthsPerQuarter = 3;
// 1970-01-01 was a Thursday: day 0 is 3 days after a Monday and 5 days after a Saturday.
constexpr int32_t kEpochDaysAfterMonday = 3;
constexpr int32_t kEpochDaysAfterSaturday = 5;
constexpr int32_t kMondayToThursday = 3;

std::string DayLabel(int32_t day, CalendarKind calendar) {
  const Date date = DateOf(day, calendar);
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

}  // namespace

int32_t BucketStart(int32_t day, TimeBucket bucket, CalendarKind calendar) {
  switch (bucket) {
    case TimeBucket::kDay:
      return day;
    case TimeBucket::kWeek:
      return day - FloorMod(day + (calendar == CalendarKind::kJalali ? kEpochDaysAfterSaturday
                                                                     : kEpochDaysAfterMonday),
                            kDaysPerWeek);
    case TimeBucket::kMonth: {
      const Date date = DateOf(day, calendar);
      return EpochDayOf({date.year, date.month, 1}, calendar);
    }
    case TimeBucket::kQuarter: {
      const Date date = DateOf(day, calendar);
      const int first_month = (date.month - 1) / kMonthsPerQuarter * kMonthsPerQuarter + 1;
      return EpochDayOf({date.year, first_month, 1}, calendar);
    }
    case TimeBucket::kYear:
      return EpochDayOf({DateOf(day, calendar).year, 1, 1}, calendar);
  }
  return day;
}

int32_t NextBucketStart(int32_t start, TimeBucket bucket, CalendarKind calendar) {
  switch (bucket) {
    case TimeBucket::kDay:
      return start + 1;
    case TimeBucket::kWeek:
      return start + kDaysPerWeek;
    case TimeBucket::kMonth:
    case TimeBucket::kQuarter: {
      const Date date = DateOf(start, calendar);
      const int months = bucket == TimeBucket::kMonth ? 1 : kMonthsPerQuarter;
      return EpochDayOf({date.year, date.month + months, 1}, calendar);
    }
    case TimeBucket::kYear:
      return EpochDayOf({DateOf(start, calendar).year + 1, 1, 1}, calendar);
  }
  return start + 1;
}

std::string BucketLabel(int32_t start, TimeBucket bucket, CalendarKind calendar) {
  switch (bucket) {
    case TimeBucket::kDay:
      return DayLabel(start, calendar);
    case TimeBucket::kWeek: {
      if (calendar == CalendarKind::kJalali) return DayLabel(start, calendar);
      // ISO 8601: a week belongs to the year of its Thursday.
      const int32_t thursday = start + kMondayToThursday;
      const int year = DateOf(thursday, calendar).year;
      const int32_t week = (thursday - EpochDayOf({year, 1, 1}, calendar)) / kDaysPerWeek + 1;
      return fmt::format("{:04}-W{:02}", year, week);
    }
    case TimeBucket::kMonth: {
      const Date date = DateOf(start, calendar);
      return fmt::format("{:04}-{:02}", date.year, date.month);
    }
    case TimeBucket::kQuarter: {
      const Date date = DateOf(start, calendar);
      return fmt::format("{:04}-Q{}", date.year, (date.month - 1) / kMonthsPerQuarter + 1);
    }
    case TimeBucket::kYear:
      return fmt::format("{:04}", DateOf(start, calendar).year);
  }
  return {};
}

}  // namespace nazar::metrics::view_internal
