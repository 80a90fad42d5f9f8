// Business calendars: their checks, their JSON and the presets (act/business_hours.h).
#include "act/business_hours.h"

#include <algorithm>
#include <numeric>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "core/jalali.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {

namespace {

constexpr std::array<std::string_view, kDaysPerWeek> kDayKeys = {"sat", "sun", "mon", "tue",
                                                                  "wed", "thu", "fri"};
constexpr int kMaxHolidayNameChars = 200;

std::string_view CalendarName(Holiday::Calendar calendar) {
  return calendar == Holiday::Calendar::kJalali ? "jalali" : "gregorian";
}

Error Invalid(std::string field, std::string message) {
  return Error::InvalidArgument(std::move(message), std::move(field));
}

// The longest a month can be in any year: 29 February and 30 Esfand recur in leap years.
int LongestMonth(Holiday::Calendar calendar, int month) {
  if (calendar == Holiday::Calendar::kJalali) return month <= 6 ? 31 : 30;
  constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1];
}

Result<void> ValidateHoliday(const Holiday& h, const std::string& path) {
  if (h.year != 0) {
    auto day = h.calendar == Holiday::Calendar::kJalali ? EpochDayFromJalali({h.year, h.month, h.day})
                                                        : EpochDayFromGregorian({h.year, h.month, h.day});
    if (!day) {
      return Fail(Invalid(path + ".date", fmt::format("{}-{:02}-{:02} is not a {} date", h.year,
                                                      h.month, h.day, CalendarName(h.calendar))));
    }
    return {};
  }
  if (h.month < 1 || h.month > kMonthsPerYear) {
    return Fail(Invalid(path + ".month", fmt::format("month {} is not 1-12", h.month)));
  }
  if (h.day < 1 || h.day > LongestMonth(h.calendar, h.month)) {
    return Fail(Invalid(path + ".day", fmt::format("day {} does not exist in month {} of the {} calendar",
                                                   h.day, h.month, CalendarName(h.calendar))));
  }
  return {};
}

}  // namespace

std::string_view WeekdayKey(Weekday day) { return kDayKeys[static_cast<size_t>(day) % kDaysPerWeek]; }

std::optional<Weekday> ParseWeekdayKey(std::string_view key) {
  for (int d = 0; d < kDaysPerWeek; ++d)
    if (kDayKeys[d] == key) return static_cast<Weekday>(d);
  return std::nullopt;
}

Result<void> ValidateBusinessCalendar(const BusinessCalendar& calendar) {
  if (!IsKnownTimeZone(calendar.time_zone)) {
    return Fail(Invalid("time_zone", fmt::format("unknown time zone \"{}\"", calendar.time_zone)));
  }
  int total_minutes = 0;
  for (int w = 0; w < kDaysPerWeek; ++w) {
    const auto& intervals = calendar.week[w];
    const std::string path = fmt::format("week.{}", kDayKeys[w]);
    if (intervals.size() > kMaxIntervalsPerDay) {
      return Fail(Invalid(path, fmt::format("at most {} intervals a day", kMaxIntervalsPerDay)));
    }
    for (size_t k = 0; k < intervals.size(); ++k) {
      const WorkingInterval& i = intervals[k];
      if (i.start_min < 0 || i.start_min >= kMinutesPerDay) {
        return Fail(Invalid(fmt::format("{}[{}].start", path, k), "the start must be 00:00-23:59"));
      }
      if (i.end_min <= i.start_min || i.end_min > kMinutesPerDay) {
        return Fail(Invalid(fmt::format("{}[{}].end", path, k),
                            "the end must be after the start, at 24:00 at the latest"));
      }
      total_minutes += i.end_min - i.start_min;
    }
    // Overlaps: neighbours in order of start; the later one is named.
    std::vector<size_t> order(intervals.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return intervals[a].start_min < intervals[b].start_min; });
    for (size_t k = 1; k < order.size(); ++k) {
      if (intervals[order[k]].start_min < intervals[order[k - 1]].end_min) {
        return Fail(Invalid(fmt::format("{}[{}]", path, order[k]),
                            fmt::format("overlaps {}[{}]", path, order[k - 1])));
      }
    }
  }
  if (total_minutes == 0) return Fail(Invalid("week", "the week has no working time"));
  if (calendar.holidays.size() > kMaxHolidays) {
    return Fail(Invalid("holidays", fmt::format("at most {} holidays", kMaxHolidays)));
  }
  for (size_t k = 0; k < calendar.holidays.size(); ++k) {
    TRY(ValidateHoliday(calendar.holidays[k], fmt::format("holidays[{}]", k)));
  }
  return {};
}

namespace {

// "08:00" (or "۰۸:۰۰") in minutes; 24:00 only as an end.
std::optional<int> ParseTimeOfDay(const Json& value, bool is_end) {
  if (!value.is_string()) return std::nullopt;
  std::string text = ToAsciiDigits(value.get<std::string>());
  auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() == 4) text.insert(0, "0");  // "8:00"
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && (minutes != 0 || !is_end))) return std::nullopt;
  return hours * 60 + minutes;
}

std::string FormatTimeOfDay(int minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

Result<std::vector<WorkingInterval>> ParseDay(const Json& value, const std::string& path) {
  if (!value.is_array()) {
    return Fail(Invalid(path, "a day is a list of [\"HH:MM\", \"HH:MM\"] intervals"));
  }
  if (value.size() > kMaxIntervalsPerDay) {
    return Fail(Invalid(path, fmt::format("at most {} intervals a day", kMaxIntervalsPerDay)));
  }
  std::vector<WorkingInterval> intervals;
  for (size_t k = 0; k < value.size(); ++k) {
    const Json& pair = value[k];
    const std::string at = fmt::format("{}[{}]", path, k);
    if (!pair.is_array() || pair.size() != 2) {
      return Fail(Invalid(at, "an interval is [\"HH:MM\", \"HH:MM\"]"));
    }
    auto start = ParseTimeOfDay(pair[0], false);
    if (!start) return Fail(Invalid(at + ".start", "a start time is \"HH:MM\", 00:00-23:59"));
    auto end = ParseTimeOfDay(pair[1], true);
    if (!end) return Fail(Invalid(at + ".end", "an end time is \"HH:MM\", 00:01-24:00"));
    intervals.push_back({*start, *end});
  }
  return intervals;
}

// "1405-01-01" or "1405/01/01", any digits.
std::optional<std::array<int, 3>> ParseDate(std::string_view raw) {
  std::string text = ToAsciiDigits(raw);
  std::array<int, 3> parts{};
  size_t part = 0, digits = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (++digits > 4) return std::nullopt;
      parts[part] = parts[part] * 10 + (c - '0');
    } else if ((c == '-' || c == '/') && digits > 0 && part < 2) {
      ++part;
      digits = 0;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || digits == 0) return std::nullopt;
  return parts;
}

Result<Holiday> ParseHoliday(const Json& value, const std::string& path) {
  if (!value.is_object()) return Fail(Invalid(path, "a holiday is an object"));
  JsonObjectReader r(value, path);
  Holiday h;
  std::string calendar = r.String("calendar", {.max_chars = 20});
  auto date = r.OptionalString("date", {.max_chars = 40});
  auto month = r.OptionalInt("month", {.min = 1, .max = kMonthsPerYear});
  auto day = r.OptionalInt("day", {.min = 1, .max = 31});
  h.name = r.OptionalString("name", {.max_chars = kMaxHolidayNameChars}).value_or("");
  if (r.ok() && calendar != "jalali" && calendar != "gregorian") {
    r.Reject("calendar", "calendar must be \"jalali\" or \"gregorian\"");
  }
  h.calendar = calendar == "gregorian" ? Holiday::Calendar::kGregorian : Holiday::Calendar::kJalali;
  if (r.ok() && date) {
    if (month || day) r.Reject("date", "give a date, or a month and a day recurring every year, not both");
    auto parts = ParseDate(*date);
    if (!parts) r.Reject("date", fmt::format("\"{}\" is not a date (YYYY-MM-DD)", *date));
    if (r.ok()) std::tie(h.year, h.month, h.day) = std::tie((*parts)[0], (*parts)[1], (*parts)[2]);
    if (r.ok() && h.year == 0) r.Reject("date", "the year must not be 0");
  } else if (r.ok()) {
    if (!month) r.Reject("month", "give a date, or a month and a day recurring every year");
    if (r.ok() && !day) r.Reject("day", "a recurring holiday needs its day");
    if (r.ok()) std::tie(h.month, h.day) = std::tie(*month, *day);
  }
  TRY(r.Finish());
  return h;
}

}  // namespace

Result<BusinessCalendar> ParseBusinessCalendar(const Json& json) {
  if (!json.is_object()) return Fail(Invalid("", "business hours are a JSON object"));
  JsonObjectReader r(json);
  BusinessCalendar calendar;
  calendar.time_zone = r.String("time_zone", {.min_chars = 1, .max_chars = 64});
  const Json* week = r.OptionalValue("week");
  if (r.ok() && !week) r.Reject("week", "week is required");
  const Json* holidays = r.OptionalValue("holidays");
  TRY(r.Finish());
  if (!week->is_object()) return Fail(Invalid("week", "week is an object of days (\"sat\" .. \"fri\")"));
  for (auto it = week->begin(); it != week->end(); ++it) {
    auto w = std::find(kDayKeys.begin(), kDayKeys.end(), it.key());
    if (w == kDayKeys.end()) {
      return Fail(Invalid("week." + it.key(), "days are sat, sun, mon, tue, wed, thu, fri"));
    }
    TRY_ASSIGN(calendar.week[w - kDayKeys.begin()], ParseDay(*it, "week." + it.key()));
  }
  if (holidays) {
    if (!holidays->is_array()) return Fail(Invalid("holidays", "holidays is a list"));
    if (holidays->size() > kMaxHolidays) {
      return Fail(Invalid("holidays", fmt::format("at most {} holidays", kMaxHolidays)));
    }
    for (size_t k = 0; k < holidays->size(); ++k) {
      TRY_ASSIGN(Holiday h, ParseHoliday((*holidays)[k], fmt::format("holidays[{}]", k)));
      calendar.holidays.push_back(std::move(h));
    }
  }
  TRY(ValidateBusinessCalendar(calendar));
  return calendar;
}

Json ToJson(const BusinessCalendar& calendar) {
  Json week = Json::object();
  for (int w = 0; w < kDaysPerWeek; ++w) {
    Json day = Json::array();
    for (const WorkingInterval& i : calendar.week[w]) {
      day.push_back({FormatTimeOfDay(i.start_min), FormatTimeOfDay(i.end_min)});
    }
    week[std::string(kDayKeys[w])] = std::move(day);
  }
  Json holidays = Json::array();
  for (const Holiday& h : calendar.holidays) {
    Json out = {{"calendar", CalendarName(h.calendar)}};
    if (h.year != 0) {
      out["date"] = fmt::format("{:04}-{:02}-{:02}", h.year, h.month, h.day);
    } else {
      out["month"] = h.month;
      out["day"] = h.day;
    }
    if (!h.name.empty()) out["name"] = h.name;
    holidays.push_back(std::move(out));
  }
  return {{"time_zone", calendar.time_zone}, {"week", std::move(week)}, {"holidays", std::move(holidays)}};
}

BusinessCalendar IranianCalendar() {
  BusinessCalendar c;
  c.time_zone = "Asia/Tehran";
  const WorkingInterval full{8 * 60, 16 * 60};
  for (Weekday w : {kSaturday, kSunday, kMonday, kTuesday, kWednesday}) c.week[w] = {full};
  c.week[kThursday] = {{8 * 60, 12 * 60}};
  auto every_year = [&](int month, int day, std::string name) {
    c.holidays.push_back({Holiday::Calendar::kJalali, 0, month, day, std::move(name)});
  };
  for (int day = 1; day <= 4; ++day) every_year(1, day, "Nowruz");
  every_year(1, 12, "Islamic Republic Day");
  every_year(1, 13, "Sizdah Bedar (Nature Day)");
  every_year(3, 14, "Death of Ayatollah Khomeini");
  every_year(3, 15, "Khordad 15 uprising");
  every_year(11, 22, "Victory of the Islamic Revolution");
  every_year(12, 29, "Oil Industry Nationalisation Day");
  return c;
}

BusinessCalendar WeekdaysCalendar(std::string time_zone) {
  BusinessCalendar c;
  c.time_zone = std::move(time_zone);
  for (Weekday w : {kMonday, kTuesday, kWednesday, kThursday, kFriday}) c.week[w] = {{9 * 60, 17 * 60}};
  return c;
}

}  // namespace nazar::act
