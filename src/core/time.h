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

// The same instant as local time with its offset from UTC: "2026-11-22T13:00:00.125+03:30"
// for FormatIsoLocal(ms, TimeZoneDays::OffsetMs(ms)) in Asia/Tehran.
std::string FormatIsoLocal(int64_t epoch_ms, int64_t offset_ms);

// Parses an instant written in ISO 8601 / RFC 3339 or a common variant of it, returning UTC
// milliseconds since the epoch. Accepted:
//   2010-12-30T14:32:00+01:00   2010-12-30 14:32:00+01:00   2010-12-30T13:32:00Z
//   2010-12-30T14:32:00.125+0100   2010-12-30 14:32:00-05   2010-12-30 14:32   2010-12-30
// - date and time separated by 'T', 't' or one space; seconds optional; a fraction of a
//   second ('.' or ',', any number of digits) is truncated to milliseconds;
// - the offset is Z/z, +HH:MM, +HHMM or +HH (or '-'), and is subtracted to give UTC;
// - a timestamp without offset ("naive") is taken as UTC: the caller who knows the zone a
//   log was written in must say so with an offset;
// - surrounding ASCII spaces are ignored.
// InvalidArgument (field "timestamp") for anything else, including impossible dates
// (2011-02-29), hours over 23, minutes or seconds over 59 and offsets over 23:59.
Result<int64_t> ParseTimestamp(std::string_view text);

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
  // The zone's offset from UTC at the instant `epoch_ms`, daylight saving included
  // (12'600'000 for Asia/Tehran): local wall time = epoch_ms + OffsetMs(epoch_ms).
  int64_t OffsetMs(int64_t epoch_ms) const;
  // The UTC instant at which local day `epoch_day` begins (its first local millisecond).
  int64_t StartOfDayMs(int32_t epoch_day) const { return LocalTimeMs(epoch_day, 0); }
  // The UTC instant of the local wall time `ms_of_day` into local day `epoch_day`, with the
  // offset in force at that wall time (so 09:00 is 09:00 on a day the clocks changed at
  // 02:00); a wall time a daylight-saving jump skips resolves forward.
  int64_t LocalTimeMs(int32_t epoch_day, int64_t ms_of_day) const;
  const std::string& name() const { return name_; }

 private:
  TimeZoneDays() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string name_;
};

}  // namespace nazar
