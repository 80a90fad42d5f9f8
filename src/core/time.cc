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
