#include "act/digest_schedule.h"

#include <fmt/format.h>

#include "act/business_hours.h"
#include "core/jalali.h"

namespace nazar::act {
namespace {

constexpr int64_t kHourMs = 3600'000;

std::string PeriodKey(const DigestPref& pref, int32_t day) {
  auto date = GregorianFromEpochDay(day);
  const char kind = pref.frequency == "daily" ? 'd' : 'w';
  if (!date) return fmt::format("{}{}", kind, day);  // outside the calendar's range: still unique
  return fmt::format("{}{:04}-{:02}-{:02}", kind, date->year, date->month, date->day);
}

int Step(const DigestPref& pref) { return pref.frequency == "daily" ? 1 : kDaysPerWeek; }

// The slot on local day `day` (which must be one of the pref's days).
DigestSlot SlotOn(const DigestPref& pref, const TimeZoneDays& zone, int32_t day) {
  return {.period = PeriodKey(pref, day),
          .due_ms = zone.LocalTimeMs(day, pref.hour * kHourMs),
          .since_ms = zone.LocalTimeMs(day - Step(pref), pref.hour * kHourMs)};
}

// The latest of the pref's days at or before `day`.
int32_t LatestDayAtOrBefore(const DigestPref& pref, int32_t day) {
  if (pref.frequency == "daily") return day;
  const int back = (static_cast<int>(WeekdayOfEpochDay(day)) - static_cast<int>(pref.weekday) + kDaysPerWeek) % kDaysPerWeek;
  return day - back;
}

}  // namespace

DigestSlot LatestSlot(const DigestPref& pref, const TimeZoneDays& zone, int64_t now_ms) {
  int32_t day = LatestDayAtOrBefore(pref, zone.LocalDay(now_ms));
  DigestSlot slot = SlotOn(pref, zone, day);
  if (slot.due_ms > now_ms) slot = SlotOn(pref, zone, day - Step(pref));  // today's hour is still to come
  return slot;
}

DigestSlot NextSlot(const DigestPref& pref, const TimeZoneDays& zone, int64_t now_ms) {
  const DigestSlot latest = LatestSlot(pref, zone, now_ms);
  return SlotOn(pref, zone, zone.LocalDay(latest.due_ms) + Step(pref));
}

std::optional<DigestSlot> DueSlot(const DigestPref& pref, const TimeZoneDays& zone, int64_t now_ms) {
  DigestSlot slot = LatestSlot(pref, zone, now_ms);
  if (now_ms - slot.due_ms > kDigestGraceMs) return std::nullopt;
  if (slot.due_ms < pref.updated_ms) return std::nullopt;
  return slot;
}

}  // namespace nazar::act
