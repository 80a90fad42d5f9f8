// The demo's calendar: the local days of the period, how busy each one is, and how strained
// the company is on it.
//
// Seasons follow the Persian calendar: the shopping rush of late Esfand before Nowruz, the
// Nowruz holidays (1-13 Farvardin, couriers and agents away) and the Yalda sale (20-30 Azar,
// before the longest night) with its backlog in early Dey. On those days volume rises or
// falls and delivery, support and the website are under strain, which lowers scores.
// Iranian weeks end on Friday: Fridays are quiet, Saturdays busy. Responses follow the hours
// of the local day (evenings busiest, nights quiet).
//
// Thread-safety: immutable after Make().
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/error.h"
#include "core/jalali.h"
#include "core/time.h"

namespace nazar::demo {

enum class Season { kOrdinary, kNowruzRush, kNowruzHolidays, kYaldaSale, kAfterYalda };

struct DemoDay {
  int64_t epoch_day = 0;  // local calendar day, days since 1970-01-01
  JalaliDate jalali;
  int weekday = 0;       // 0 = Saturday (the first day of the Iranian week) .. 6 = Friday
  int64_t start_ms = 0;  // UTC instant of local midnight
  int64_t end_ms = 0;    // next local midnight; the clock's now on the last day
  double volume = 0;     // relative number of responses on this day
  Season season = Season::kOrdinary;
  double delivery_strain = 0;  // 0 = normal; lowers delivery scores
  double support_strain = 0;   // lowers phone and email support scores
  double digital_strain = 0;   // lowers website and app scores (sale-day load)
  bool pulse = false;          // the monthly employee pulse runs (first week of the month)
};

class DemoPeriod {
 public:
  // The `days` local days of `zone` ending with the day of `now_ms`.
  // REQUIRES: days >= 1. Fails only when a day is outside the Jalali calendar's range.
  static Result<DemoPeriod> Make(const TimeZoneDays& zone, int64_t now_ms, int days, uint64_t seed);

  std::span<const DemoDay> days() const { return days_; }
  int64_t start_ms() const { return days_.front().start_ms; }
  int64_t end_ms() const { return days_.back().end_ms; }

  // The first response index of each day when `total` responses are shared out by volume,
  // plus `total` at the end (size days() + 1). Rounded so that the counts add up exactly.
  std::vector<int64_t> ShareOut(int64_t total) const;

  // The instant at quantile `q` (0 <= q < 1) of the day's responses, following the hourly
  // pattern: increasing in q, within [start_ms, end_ms).
  int64_t InstantAt(const DemoDay& day, double q) const;

 private:
  std::vector<DemoDay> days_;
  std::vector<double> hour_cdf_;  // 25 entries: cumulative hourly weight, 0 .. total
};

}  // namespace nazar::demo
