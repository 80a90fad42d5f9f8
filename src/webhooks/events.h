// The events an organisation's webhook endpoints may subscribe to, and the envelope every
// event travels in:
//   {"type": "case.opened", "timestamp": "2026-03-01T08:30:00.000Z", "data": {...}}
// `timestamp` is when the event happened (UTC, ISO 8601), not when an attempt was made (that
// is the webhook-timestamp header's, webhooks/signature.h).
//
// Pure. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json.h"

namespace nazar::webhooks {

inline constexpr std::array<std::string_view, 6> kEventTypes = {
    "response.completed", "alert.fired",  "case.opened",
    "case.updated",       "case.closed",  "invitation.updated"};

bool IsEventType(std::string_view event);

// The body sent for one event, as text (signed and sent byte for byte as written).
std::string Envelope(std::string_view event, int64_t at_ms, const Json& data);

// A realistic `data` for `event` ("send test event"), marked {"test": true}.
Json SampleData(std::string_view event, int64_t now_ms);

}  // namespace nazar::webhooks
