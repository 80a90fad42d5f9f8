#include "demo/period.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "demo/random.h"

namespace nazar::demo {
namespace {

constexpr int64_t kMsPerMinute = 60'000;
constexpr int64_t kMsPerHour = 3'600'000;
constexpr int64_t kMsPerDay = 86'400'000;

// Responses per local hour: quiet nights, a morning peak, the busiest evenings.
constexpr std::array<double, 24> kHourWeights{2.2, 1.3, 0.7, 0.4, 0.3, 0.4, 0.9, 1.8,
                                              3.2, 4.6, 5.4, 5.8, 5.5, 5.0, 4.8, 4.9,
                                              5.1, 5.4, 5.9, 6.4, 6.9, 7.2, 6.2, 4.2};

// Saturday .. Friday: the week starts busy and ends quiet (Friday is the weekend).
constexpr std::array<double, 7> kWeekdayVolume{1.12, 1.05, 1.02, 1.0, 0.97, 0.85, 0.62};

constexpr double kYearlyGrowth = 0.25;  // the shop grows: a quarter more responses by the end
constexpr double kDayNoise = 0.15;      // +-15% from day to day

struct SeasonShape {
  Season season;
  double volume, delivery, support, digital;
};

SeasonShape SeasonOf(const JalaliDate& d) {
  if (d.month == 12 && d.day >= 10) return {Season::kNowruzRush, 1.75, 0.55, 0.35, 0.10};
  if (d.month == 1 && d.day <= 13) return {Season::kNowruzHolidays, 0.70, 0.60, 0.45, 0.0};
  if (d.month == 9 && d.day >= 20) return {Season::kYaldaSale, 1.90, 0.50, 0.30, 0.25};
  if (d.month == 10 && d.day <= 6) return {Season::kAfterYalda, 1.20, 0.30, 0.25, 0.05};
  return {Season::kOrdinary, 1.0, 0.0, 0.0, 0.0};
}

// The UTC instant (to the minute) at which local day `day` begins.
int64_t LocalMidnight(const TimeZoneDays& zone, int64_t day) {
  int64_t lo = (day * kMsPerDay - 16 * kMsPerHour) / kMsPerMinute;  // always before
  int64_t hi = (day * kMsPerDay + 16 * kMsPerHour) / kMsPerMinute;  // always on or after
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (zone.LocalDay(mid * kMsPerMinute) >= day) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo * kMsPerMinute;
}

}  // namespace

Result<DemoPeriod> DemoPeriod::Make(const TimeZoneDays& zone, int64_t now_ms, int days,
                                    uint64_t seed) {
  DemoPeriod period;
  period.hour_cdf_.push_back(0);
  for (double w : kHourWeights) period.hour_cdf_.push_back(period.hour_cdf_.back() + w);

  const int64_t last = zone.LocalDay(now_ms);
  const int64_t first = last - days + 1;
  int64_t next_midnight = LocalMidnight(zone, first);
  for (int64_t d = first; d <= last; ++d) {
    DemoDay day;
    day.epoch_day = d;
    auto jalali = JalaliFromEpochDay(d);
    if (!jalali) return Fail(jalali.error());
    day.jalali = *jalali;
    day.weekday = static_cast<int>(((d + 5) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
    day.start_ms = next_midnight;
    next_midnight = LocalMidnight(zone, d + 1);
    day.end_ms = d == last ? std::max(now_ms, day.start_ms) : next_midnight;

    SeasonShape shape = SeasonOf(day.jalali);
    day.season = shape.season;
    day.delivery_strain = shape.delivery;
    day.support_strain = shape.support;
    day.digital_strain = shape.digital;
    day.pulse = day.jalali.day <= 7 && day.weekday != 6 && shape.season != Season::kNowruzHolidays;

    Rng rng(SeedFor(seed, Stream::kDay, static_cast<uint64_t>(d)));
    double progress = days > 1 ? static_cast<double>(d - first) / (days - 1) : 1.0;
    day.volume = kWeekdayVolume[day.weekday] * shape.volume * (1 + kYearlyGrowth * progress) *
                 (1 + kDayNoise * (2 * rng.Uniform() - 1));
    period.days_.push_back(day);
  }
  // The last day counts only the hours already past.
  DemoDay& today = period.days_.back();
  double full = period.hour_cdf_.back();
  double hours = static_cast<double>(today.end_ms - today.start_ms) / kMsPerHour;
  int h = std::clamp(static_cast<int>(hours), 0, 24);
  double elapsed = period.hour_cdf_[h] + (h < 24 ? (hours - h) * kHourWeights[h] : 0);
  today.volume *= elapsed / full;
  return period;
}

std::vector<int64_t> DemoPeriod::ShareOut(int64_t total) const {
  double sum = 0;
  for (const DemoDay& d : days_) sum += d.volume;
  std::vector<int64_t> first(days_.size() + 1, 0);
  double cumulative = 0;
  for (size_t i = 0; i < days_.size(); ++i) {
    // With no volume at all (a one-day period at midnight) everything lands on that day.
    cumulative += sum > 0 ? days_[i].volume : 1.0;
    double share = sum > 0 ? cumulative / sum : static_cast<double>(i + 1) / days_.size();
    first[i + 1] = std::min(total, static_cast<int64_t>(std::llround(share * total)));
  }
  first.back() = total;
  return first;
}

int64_t DemoPeriod::InstantAt(const DemoDay& day, double q) const {
  double hours = static_cast<double>(day.end_ms - day.start_ms) / kMsPerHour;
  int whole = std::clamp(static_cast<int>(hours), 0, 24);
  double available = hour_cdf_[whole] + (whole < 24 ? (hours - whole) * kHourWeights[whole] : 0);
  double target = q * available;
  auto it = std::upper_bound(hour_cdf_.begin(), hour_cdf_.end(), target);
  int hour = std::clamp(static_cast<int>(it - hour_cdf_.begin()) - 1, 0, 23);
  double within = (target - hour_cdf_[hour]) / kHourWeights[hour];
  auto offset = static_cast<int64_t>((hour + std::clamp(within, 0.0, 1.0)) * kMsPerHour);
  return std::max(day.start_ms, std::min(day.end_ms - 1, day.start_ms + offset));
}

}  // namespace nazar::demo
