// Time is stored as UTC milliseconds since the epoch (DESIGN rule 6); these helpers format
// it for the API. Calendars and time zones for display live with the metrics that need them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nazar {

// "2026-11-22T09:30:00.125Z"
std::string FormatIsoUtc(int64_t epoch_ms);

}  // namespace nazar

namespace nazar {

// True for an IANA time zone name that the bundled ICU data knows ("Asia/Tehran", "UTC").
bool IsKnownTimeZone(std::string_view name);

}  // namespace nazar
