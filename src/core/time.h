// Time is stored as UTC milliseconds since the epoch (DESIGN rule 6); these helpers format
// it for the API. Calendars and time zones for display live with the metrics that need them.
#pragma once

#include <cstdint>
#include <string>
#include <memory>
#include <string_view>

#include "core/error.h"

namespace nazar {

// "2026-11-22T09:30:00.125Z"
std::string FormatIsoUtc(int64_t epoch_ms);

}  // namespace nazar

namespace nazar {

// True for an IANA time zone name that the bundled ICU data knows ("Asia/Tehran", "UTC").
bool IsKnownTimeZone(std::string_view name);

// Local calendar days in one time zone (daylight saving included).
// Thread-safe: const methods may be called concurrently.
class TimeZoneDays {
 public:
  // InvalidArgument naming "time_zone" for an unknown zone.
  static Result<TimeZoneDays> ForZone(std::string_view name);
  ~TimeZoneDays();
  TimeZoneDays(TimeZoneDays&&) noexcept;
  TimeZoneDays& operator=(TimeZoneDays&&) noexcept;

  // Days since 1970-01-01 of the local date at `epoch_ms`.
  int32_t LocalDay(int64_t epoch_ms) const;
  const std::string& name() const { return name_; }

 private:
  TimeZoneDays() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string name_;
};

}  // namespace nazar
