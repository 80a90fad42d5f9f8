// The business clock: working time between instants, stepping weeks where it can.
#include "act/business_hours.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/jalali.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {

namespace {

constexpr int64_t kMsPerMinute = 60'000;
constexpr int64_t kMsPerDay = 86'400'000;
// Recurring holidays are listed as day numbers for the local days of these Gregorian years;
// days outside them are checked against the rules one by one (slower, same answer).
constexpr int kFirstListedYear = 1990;
constexpr int kEndListedYear = 2100;

// An interval of a local day in milliseconds from local midnight.
struct DayInterval {
  int64_t start = 0;
  int64_t end = 0;
};

}  // namespace

Weekday WeekdayOfEpochDay(int64_t epoch_day) {
  // 1970-01-01 was a Thursday, index 5 with Saturday 0.
  int64_t index = (epoch_day + kThursday) % kDaysPerWeek;
  return static_cast<Weekday>(index < 0 ? index + kDaysPerWeek : index);
}

struct BusinessClock::State {
  BusinessCalendar calendar;
  TimeZoneDays zone;
  std::array<std::vector<DayInterval>, kDaysPerWeek> week;  // sorted
  // working_ms[w] = nominal working time of weekday w; prefix over two weeks so that any
  // run of up to 7 days starting on weekday w sums as prefix[w + k] - prefix[w].
  std::array<int64_t, kDaysPerWeek> working_ms{};
  std::array<int64_t, 2 * kDaysPerWeek + 1> prefix{};
  std::vector<int32_t> holidays;  // sorted, unique: dated ones, and recurring ones listed
  int32_t listed_first = INT32_MIN, listed_end = INT32_MAX;  // days where `holidays` is whole
  std::vector<Holiday> recurring;

  bool IsListed(int64_t first, int64_t end) const { return first >= listed_first && end <= listed_end; }

  bool MatchesRecurring(int64_t day) const {
    auto jalali = JalaliFromEpochDay(day);
    auto gregorian = GregorianFromEpochDay(day);
    for (const Holiday& h : recurring) {
      if (h.calendar == Holiday::Calendar::kJalali) {
        if (jalali && jalali->month == h.month && jalali->day == h.day) return true;
      } else if (gregorian && gregorian->month == h.month && gregorian->day == h.day) {
        return true;
      }
    }
    return false;
  }

  bool IsHoliday(int64_t day) const {
    if (std::binary_search(holidays.begin(), holidays.end(), day)) return true;
    if (recurring.empty() || IsListed(day, day + 1)) return false;
    return MatchesRecurring(day);
  }

  // Calls f(start_ms, end_ms) for each working interval of local day `day`, in order.
  template <typename F>
  void ForEachInterval(int64_t day, F&& f) const {
    const auto& intervals = week[WeekdayOfEpochDay(day)];
    if (intervals.empty() || IsHoliday(day)) return;
    auto d = static_cast<int32_t>(day);
    int64_t start = zone.LocalTimeMs(d, 0);
    if (zone.LocalTimeMs(d + 1, 0) - start == kMsPerDay) {  // one offset all day
      for (const DayInterval& i : intervals) f(start + i.start, start + i.end);
      return;
    }
    for (const DayInterval& i : intervals) f(zone.LocalTimeMs(d, i.start), zone.LocalTimeMs(d, i.end));
  }

  // Working time of the local days [first, first + count), count <= 7, the first of which
  // begins at `start_ms`; also the instant the day after them begins.
  std::pair<int64_t, int64_t> Run(int64_t first, int count, int64_t start_ms) const {
    int64_t end_ms = zone.LocalTimeMs(static_cast<int32_t>(first + count), 0);
    if (end_ms - start_ms == count * kMsPerDay && IsListed(first, first + count)) {
      int w = WeekdayOfEpochDay(first);
      int64_t total = prefix[w + count] - prefix[w];
      for (auto it = std::lower_bound(holidays.begin(), holidays.end(), first);
           it != holidays.end() && *it < first + count; ++it) {
        total -= working_ms[WeekdayOfEpochDay(*it)];
      }
      return {total, end_ms};
    }
    int64_t total = 0;
    for (int64_t day = first; day < first + count; ++day) {
      ForEachInterval(day, [&](int64_t a, int64_t b) { total += b - a; });
    }
    return {total, end_ms};
  }
};

namespace {

// Lists the days of the recurring holidays that fall in the listed years.
void ListRecurring(const std::vector<Holiday>& recurring, int32_t first, int32_t end,
                   std::vector<int32_t>& days) {
  // Jalali years from the one that begins in kFirstListedYear - 1 to the one in progress at
  // the end (a Jalali year begins in March).
  constexpr int kJalaliOffset = 621;
  for (const Holiday& h : recurring) {
    bool jalali = h.calendar == Holiday::Calendar::kJalali;
    int from = jalali ? kFirstListedYear - kJalaliOffset - 1 : kFirstListedYear;
    int to = jalali ? kEndListedYear - kJalaliOffset : kEndListedYear - 1;
    for (int year = from; year <= to; ++year) {
      auto day = jalali ? EpochDayFromJalali({year, h.month, h.day})
                        : EpochDayFromGregorian({year, h.month, h.day});
      if (!day) continue;  // 30 Esfand or 29 February of a common year
      if (*day >= first && *day < end) days.push_back(static_cast<int32_t>(*day));
    }
  }
}

}  // namespace

Result<BusinessClock> BusinessClock::Make(BusinessCalendar calendar) {
  TRY(ValidateBusinessCalendar(calendar));
  TRY_ASSIGN(TimeZoneDays zone, TimeZoneDays::ForZone(calendar.time_zone));
  auto state = std::make_shared<State>(State{.calendar = {}, .zone = std::move(zone)});
  for (int w = 0; w < kDaysPerWeek; ++w) {
    auto& intervals = state->week[w];
    for (const WorkingInterval& i : calendar.week[w]) {
      intervals.push_back({i.start_min * kMsPerMinute, i.end_min * kMsPerMinute});
      state->working_ms[w] += (i.end_min - i.start_min) * kMsPerMinute;
    }
    std::sort(intervals.begin(), intervals.end(),
              [](const DayInterval& a, const DayInterval& b) { return a.start < b.start; });
  }
  for (int k = 0; k < 2 * kDaysPerWeek; ++k) {
    state->prefix[k + 1] = state->prefix[k] + state->working_ms[k % kDaysPerWeek];
  }
  for (const Holiday& h : calendar.holidays) {
    if (h.year == 0) {
      state->recurring.push_back(h);
      continue;
    }
    auto day = h.calendar == Holiday::Calendar::kJalali ? EpochDayFromJalali({h.year, h.month, h.day})
                                                        : EpochDayFromGregorian({h.year, h.month, h.day});
    if (day) state->holidays.push_back(static_cast<int32_t>(*day));  // validated above
  }
  if (!state->recurring.empty()) {
    TRY_ASSIGN(state->listed_first, EpochDayFromGregorian({kFirstListedYear, 1, 1}));
    TRY_ASSIGN(state->listed_end, EpochDayFromGregorian({kEndListedYear, 1, 1}));
    ListRecurring(state->recurring, state->listed_first, state->listed_end, state->holidays);
  }
  std::sort(state->holidays.begin(), state->holidays.end());
  state->holidays.erase(std::unique(state->holidays.begin(), state->holidays.end()),
                        state->holidays.end());
  state->calendar = std::move(calendar);
  return BusinessClock(std::move(state));
}

const BusinessCalendar& BusinessClock::calendar() const { return state_->calendar; }

int64_t BusinessClock::WorkingMsBetween(int64_t from_ms, int64_t to_ms) const {
  if (to_ms <= from_ms) return 0;
  const State& s = *state_;
  int64_t total = 0;
  auto add_clipped = [&](int64_t a, int64_t b) {
    a = std::max(a, from_ms);
    b = std::min(b, to_ms);
    if (b > a) total += b - a;
  };
  const int64_t first = s.zone.LocalDay(from_ms), last = s.zone.LocalDay(to_ms);
  s.ForEachInterval(first, add_clipped);
  if (last == first) return total;
  // The whole days between, a week at a time.
  int64_t start_ms = s.zone.LocalTimeMs(static_cast<int32_t>(first + 1), 0);
  for (int64_t day = first + 1; day < last;) {
    int count = static_cast<int>(std::min<int64_t>(kDaysPerWeek, last - day));
    auto [working, next_ms] = s.Run(day, count, start_ms);
    total += working;
    day += count;
    start_ms = next_ms;
  }
  s.ForEachInterval(last, add_clipped);
  return total;
}

int64_t BusinessClock::AddWorkingMs(int64_t from_ms, int64_t working_ms) const {
  if (working_ms <= 0) return from_ms;
  const State& s = *state_;
  int64_t remaining = working_ms;
  std::optional<int64_t> due;
  // Takes the interval [a, b) unless the time runs out inside it.
  auto take = [&](int64_t a, int64_t b) {
    if (due) return;
    a = std::max(a, from_ms);
    if (b <= a) return;
    if (b - a >= remaining) {
      due = a + remaining;
    } else {
      remaining -= b - a;
    }
  };
  const int64_t first = s.zone.LocalDay(from_ms);
  s.ForEachInterval(first, take);
  if (due) return *due;
  int64_t start_ms = s.zone.LocalTimeMs(static_cast<int32_t>(first + 1), 0);
  for (int64_t day = first + 1; day <= first + kHorizonDays; day += kDaysPerWeek) {
    auto [working, next_ms] = s.Run(day, kDaysPerWeek, start_ms);
    if (working < remaining) {
      remaining -= working;
    } else {
      for (int64_t d = day; d < day + kDaysPerWeek && !due; ++d) s.ForEachInterval(d, take);
      if (due) return *due;
    }
    start_ms = next_ms;
  }
  return kNever;
}

bool BusinessClock::IsWorking(int64_t at_ms) const {
  bool working = false;
  state_->ForEachInterval(state_->zone.LocalDay(at_ms),
                          [&](int64_t a, int64_t b) { working = working || (a <= at_ms && at_ms < b); });
  return working;
}

}  // namespace nazar::act
