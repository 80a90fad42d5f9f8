// Digests: each member chooses a daily or weekly e-mail of their KPIs, new alerts and cases near
// breach (act/digest.h says what one holds), at an hour of their organisation's day.
//
// Contract:
// - The choice: {"frequency": "off" | "daily" | "weekly", "hour"?: 0-23 (default 8),
//   "weekday"?: "sat" … "fri" (weekly; default the organisation's first working day of the
//   week: Saturday for a Jalali organisation, Monday otherwise)}. Errors name the field. A
//   member's own; an API key has none.
// - Scheduling (RunDue, every few minutes on each node): a slot due now (act/digest_schedule.h)
//   becomes one outbox message (topic "act.digest", key "digest:<user>:<period>"): the
//   outbox's key keeps it to one per member and slot however many nodes run it.
// - Delivery composes the digest for the slot's period at send time; an empty one is skipped
//   (settled as skipped, nothing sent), as is one to a former member or without an SMTP server.
// - SendNow: a digest of the last day or week (by the member's frequency; a week when off) at
//   once, for "send me one now".
//
// Thread-safety: safe to share; the handler may run on the dispatcher's thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "act/digest.h"
#include "act/digest_schedule.h"
#include "core/clock.h"
#include "delivery/dispatcher.h"

namespace nazar::act {

inline constexpr std::string_view kDigestTopic = "act.digest";

struct DigestInput {
  std::string frequency;  // "off" | "daily" | "weekly"
  std::optional<int64_t> hour;
  std::optional<int64_t> weekday;  // act/business_hours.h Weekday
};
DigestInput ReadDigestInput(JsonObjectReader& r);

// What a member sees of their choice: the choice and when the next digest leaves.
struct DigestChoice {
  std::optional<DigestPref> pref;  // nullopt: off
  std::optional<int64_t> next_ms;
};
Json ToJson(const DigestChoice& choice);

class Digests {
 public:
  Digests(Store& store, CxProgramService& program, ActSettingsService& settings, const Clock& clock)
      : store_(store), program_(program), settings_(settings), clock_(clock) {}

  Result<DigestChoice> Get(OrgId org, UserId me);
  Result<DigestChoice> Put(OrgId org, UserId me, const DigestInput& input);
  // The digest as it would be sent now (the member's period; a week when off).
  Result<Digest> Preview(OrgId org, UserId me);
  // Queues the preview's digest to the member now; false when one was queued this minute.
  Result<bool> SendNow(OrgId org, UserId me);

  // Queues the slots due now; returns how many it queued.
  Result<int64_t> RunDue(OrgId org);
  Result<int64_t> RunDueEverywhere();  // errors of one organisation are logged, not fatal

 private:
  Result<DigestRequest> LastPeriod(OrgId org, UserId me);
  // The outbox row asking DigestHandler for `req`'s digest, queued once per `key`; true if new.
  Result<bool> Enqueue(const DigestRequest& req, std::string key);

  Store& store_;
  CxProgramService& program_;
  ActSettingsService& settings_;
  const Clock& clock_;
};

// Sends "act.digest": composes, skips an empty one, renders and e-mails.
class DigestHandler final : public delivery::MessageHandler {
 public:
  DigestHandler(Store& store, CxProgramService& program, ActSettingsService& settings, const Clock& clock,
                std::string app_url)
      : store_(store), program_(program), settings_(settings), clock_(clock), app_url_(std::move(app_url)) {}
  void RegisterWith(delivery::Dispatcher& dispatcher);
  delivery::Attempt Deliver(const OutboxMessage& message) override;

 private:
  Store& store_;
  CxProgramService& program_;
  ActSettingsService& settings_;
  const Clock& clock_;
  std::string app_url_;
};

}  // namespace nazar::act
