// When a member's digest is due: daily at their local hour, or weekly on their weekday at that
// hour, in the organisation's time zone (daylight saving included: 08:00 stays 08:00).
//
// Contract:
// - A slot is one due instant. Its period key names it: the local date "YYYY-MM-DD" of the
//   instant, "d" before it for a daily digest and "w" for a weekly one ("d2026-12-07"), so a
//   change of frequency never collides with a slot already sent.
// - The digest of a slot covers [since_ms, due_ms): since_ms is the slot before's due instant
//   (one local day or seven before, at the same wall time).
// - DueSlot gives the latest slot at or before now_ms when it is still worth sending: due no
//   more than kDigestGraceMs ago (a server down over the hour sends late, not a stale digest
//   at night) and not before the choice was saved (choosing at 15:00 a digest at 08:00 does
//   not send this morning's at once). Otherwise nullopt.
// Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.h"
#include "store/program_store.h"

namespace nazar::act {

inline constexpr int64_t kDigestGraceMs = 6 * 3600'000;

struct DigestSlot {
  std::string period;
  int64_t due_ms = 0;
  int64_t since_ms = 0;
};

// The latest slot at or before now_ms (whatever its age).
DigestSlot LatestSlot(const DigestPref& pref, const TimeZoneDays& zone, int64_t now_ms);
// The first slot after now_ms.
DigestSlot NextSlot(const DigestPref& pref, const TimeZoneDays& zone, int64_t now_ms);
// The latest slot when it is to be sent now (see the contract).
std::optional<DigestSlot> DueSlot(const DigestPref& pref, const TimeZoneDays& zone, int64_t now_ms);

}  // namespace nazar::act
