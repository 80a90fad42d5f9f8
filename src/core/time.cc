#include "core/time.h"

#include <chrono>

#include <fmt/format.h>

namespace nazar {

std::string FormatIsoUtc(int64_t epoch_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> tp{milliseconds{epoch_ms}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                     hms.subseconds().count());
}

}  // namespace nazar

#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace nazar {

bool IsKnownTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  icu::UnicodeString id = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size()));
  icu::UnicodeString canonical;
  UBool is_system = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
  return U_SUCCESS(status) && is_system;
}

}  // namespace nazar

namespace nazar {

struct TimeZoneDays::Impl {
  std::unique_ptr<icu::TimeZone> zone;
};

Result<TimeZoneDays> TimeZoneDays::ForZone(std::string_view name) {
  if (!IsKnownTimeZone(name)) {
    return Fail(Error::InvalidArgument("unknown time zone " + std::string(name), "time_zone"));
  }
  TimeZoneDays days;
  days.impl_ = std::make_unique<Impl>();
  days.impl_->zone.reset(icu::TimeZone::createTimeZone(
      icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size()))));
  days.name_ = std::string(name);
  return days;
}

TimeZoneDays::~TimeZoneDays() = default;
TimeZoneDays::TimeZoneDays(TimeZoneDays&&) noexcept = default;
TimeZoneDays& TimeZoneDays::operator=(TimeZoneDays&&) noexcept = default;

int32_t TimeZoneDays::LocalDay(int64_t epoch_ms) const {
  constexpr int64_t kMsPerDay = 86'400'000;
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  impl_->zone->getOffset(static_cast<UDate>(epoch_ms), /*local=*/false, raw, dst, status);
  int64_t local = epoch_ms + (U_SUCCESS(status) ? int64_t{raw} + dst : 0);
  int64_t day = local / kMsPerDay;
  if (local % kMsPerDay < 0) --day;
  return static_cast<int32_t>(day);
}

}  // namespace nazar
