// Business hours: an organisation's working time (its time zone, working intervals per
// weekday, holidays in the Jalali or Gregorian calendar) and the clock that counts working
// time between two instants, on which case SLAs are measured (act/sla.h).
//
// Contract:
// - Instants are UTC milliseconds since the epoch (DESIGN rule 6). Working intervals are wall
//   times of the organisation's zone, [start, end) in minutes from local midnight; an
//   interval's real length is measured in UTC, so on a day the clocks change inside it
//   (a night shift 01:00-03:00 on the spring-forward Sunday) it counts one hour less or more.
//   Wall times are turned into instants by core's TimeZoneDays (ICU, daylight saving
//   included): a wall time the clocks skip resolves forward, one they repeat (01:30 on the
//   night they go back) is taken the second time, in standard time.
// - A holiday takes a whole local day out of working time. A holiday with year 0 recurs
//   every year on its month and day (30 Esfand and 29 February only in leap years).
// - Pure: no I/O, no clock read; the caller passes every instant.
// - Limits: at most kMaxIntervalsPerDay intervals a weekday and kMaxHolidays holidays; the
//   week must hold some working time. The clock assumes two changes of a zone's UTC offset
//   are never less than a week apart, so that a week with the same offset at both ends has
//   it throughout (true of today's rules; not checked against every zone's history).
//
// Speed: the clock steps a day at a time only at the ends of a span and where the offset
// changes; between them it takes whole weeks at once (their working time and holidays are
// precomputed for 1990-2099), asking ICU one offset a week. Thread safety: BusinessClock is
// immutable; copies share their state and may be used from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace nazar::act {

inline constexpr int kMinutesPerDay = 1440;
inline constexpr size_t kMaxIntervalsPerDay = 48;
inline constexpr size_t kMaxHolidays = 2000;

// Minutes from local midnight, [start, end); end may be 1440 (24:00).
struct WorkingInterval {
  int start_min = 0;
  int end_min = 0;
  friend bool operator==(const WorkingInterval&, const WorkingInterval&) = default;
};

// One day off.
struct Holiday {
  enum class Calendar { kGregorian, kJalali } calendar = Calendar::kJalali;
  int year = 0;  // 0 = every year (e.g. Nowruz 1/1..1/4 Jalali)
  int month = 1, day = 1;
  std::string name;
  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// Index of BusinessCalendar::week: the Iranian week's order, Saturday first.
enum Weekday : int { kSaturday = 0, kSunday, kMonday, kTuesday, kWednesday, kThursday, kFriday };
inline constexpr int kDaysPerWeek = 7;

// The weekday of a day number (days since 1970-01-01, a Thursday).
Weekday WeekdayOfEpochDay(int64_t epoch_day);
// "sat" … "fri", as the calendar's JSON writes a weekday; and back (nullopt for anything else).
std::string_view WeekdayKey(Weekday day);
std::optional<Weekday> ParseWeekdayKey(std::string_view key);

// An organisation's working time.
struct BusinessCalendar {
  std::string time_zone = "UTC";                     // IANA name
  std::array<std::vector<WorkingInterval>, 7> week;  // index: Weekday (0 = Saturday)
  std::vector<Holiday> holidays;
  friend bool operator==(const BusinessCalendar&, const BusinessCalendar&) = default;
};

// Checks what BusinessClock::Make needs: a known zone ("time_zone"); intervals inside
// 00:00-24:00 with start < end ("week.thu[0].start", "week.thu[0].end"), not overlapping
// ("week.sat[1]", the later one), some working time in the week ("week"); holidays that
// exist in their calendar ("holidays[2].date" with a year, "holidays[2].month" /
// "holidays[2].day" without). Errors are InvalidArgument.
[[nodiscard]] Result<void> ValidateBusinessCalendar(const BusinessCalendar& calendar);

// The API's JSON shape:
//   {"time_zone":"Asia/Tehran",
//    "week":{"sat":[["08:00","16:00"]], …, "thu":[["08:00","12:00"]], "fri":[]},
//    "holidays":[{"date":"1405-01-01","calendar":"jalali","name":"Nowruz"},
//                {"month":1,"day":2,"calendar":"jalali","name":"Nowruz"},
//                {"date":"2026-12-25","calendar":"gregorian"}]}
// A weekday left out of "week" has no working time; "holidays" may be left out. Times are
// "HH:MM" (24:00 as an end), dates "YYYY-MM-DD" (or with '/'); both accept Persian and
// Arabic-Indic digits. "calendar" is required ("jalali" or "gregorian"): a Gregorian date
// read as Jalali would be a valid day three centuries ahead. Errors are InvalidArgument
// naming the field ("week.thu[0].end", "holidays[2].date", "time_zone"); the result has
// passed ValidateBusinessCalendar.
[[nodiscard]] Result<BusinessCalendar> ParseBusinessCalendar(const Json& json);
// The same shape; every weekday written, a holiday's name only when it has one.
Json ToJson(const BusinessCalendar& calendar);

// Presets a new organisation starts from.
// Iran: Saturday-Wednesday 08:00-16:00, Thursday 08:00-12:00, Friday off, Asia/Tehran, and
// the fixed-date national holidays of the solar calendar, every year: Nowruz 1-4 Farvardin,
// 12 and 13 Farvardin, 14 and 15 Khordad, 22 Bahman, 29 Esfand. The lunar holidays move
// against the solar year and are listed by the organisation, year by year.
BusinessCalendar IranianCalendar();
// Monday-Friday 09:00-17:00 in `time_zone`, no holidays.
BusinessCalendar WeekdaysCalendar(std::string time_zone);

class BusinessClock {
 public:
  // Fails as ValidateBusinessCalendar does.
  [[nodiscard]] static Result<BusinessClock> Make(BusinessCalendar calendar);

  // Working milliseconds in [from_ms, to_ms); 0 if to_ms <= from_ms.
  int64_t WorkingMsBetween(int64_t from_ms, int64_t to_ms) const;
  // The first instant at which `working_ms` of working time have passed since from_ms:
  // from_ms itself when working_ms <= 0, else an instant t with
  // WorkingMsBetween(from_ms, t) == working_ms whose previous millisecond is working (so it
  // may be a closing time, 16:00, rather than the next opening). kNever when the calendar
  // holds less working time than that in the next kHorizonDays.
  int64_t AddWorkingMs(int64_t from_ms, int64_t working_ms) const;
  // Whether `at_ms` lies inside a working interval of a working day.
  bool IsWorking(int64_t at_ms) const;

  const BusinessCalendar& calendar() const;

  static constexpr int64_t kNever = INT64_MAX;
  static constexpr int kHorizonDays = 100 * 366;

 private:
  struct State;
  explicit BusinessClock(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;  // shared by copies: immutable
};

}  // namespace nazar::act
