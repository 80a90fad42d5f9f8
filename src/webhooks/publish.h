// Publishing an event to an organisation's webhook endpoints: the one entry point every
// domain calls (responses on completion, outreach when an invitation moves, act for alerts
// and cases), INSIDE its own transaction, so an event is never without its messages and a
// rolled-back change sends nothing.
//
// For each enabled endpoint of the organisation subscribed to the event, one outbox message
// (topic "webhook.deliver", key "<endpoint>:<webhook id>") holding the endpoint, the webhook
// id ("msg_" + 128 random bits, the webhook-id header, the same on every retry), the event
// and the body exactly as it will be signed and sent:
//   {"type": event, "timestamp": now as ISO 8601 UTC, "data": data}.
// The dispatcher delivers it through webhooks::Webhooks (webhooks.h).
//
// Cost: one indexed query (WebhooksStore::ListSubscribed) when the organisation has no
// endpoints; nothing else is read or written. On the ingest path even that is mostly saved
// by a SubscriberCache (below).
//
// Thread-safety: as the Store passed in (a transaction's belongs to its caller);
// SubscriberCache is safe to share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "core/json.h"
#include "store/store.h"

namespace nazar::webhooks {

inline constexpr std::string_view kDeliverTopic = "webhook.deliver";

// Enqueues one `webhook.deliver` outbox message per enabled endpoint of `org` subscribed
// to `event` (e.g. "case.opened"), with `data` as the event's data, in the caller's
// transaction `tx`. The message id (webhook-id) is stable across retries.
Result<void> Publish(Store& tx, OrgId org, std::string_view event, const Json& data, int64_t now_ms);

// The message to one endpoint (Publish's, and the "send test event"'s), not yet enqueued.
struct EndpointMessage {
  OutboxMessage outbox;    // topic, key, payload, due now
  std::string webhook_id;  // "msg_…"
};
EndpointMessage MessageFor(OrgId org, int64_t endpoint_id, std::string_view event,
                           const Json& data, int64_t now_ms);

// What a message's payload says (nullopt when it is not one of these).
struct MessagePayload {
  int64_t endpoint_id = 0;
  std::string webhook_id;
  std::string event;
  std::string body;
};
std::optional<MessagePayload> ReadPayload(std::string_view payload);

// The events' data as integrators receive it.
// response.completed: {"id", "survey_id", "version", "channel", "touchpoint", "agent",
// "language", "contact_id", "interaction_id", "answers", "hidden", "created_at", "completed_at"}.
Json ResponseEventData(const Response& response);
// invitation.updated: {"id", "survey_id", "rule_id", "contact_id", "interaction_id",
// "channel", "status", "touchpoint", "response_id", "last_error"}.
Json InvitationEventData(const Invitation& invitation);

// Which events each organisation's enabled endpoints subscribe to, remembered per node so
// that a hot path (every completed response) skips even Publish's one query for the many
// organisations without endpoints. An answer is at most `ttl_ms` old for endpoints changed
// on another node; changes made through this node's Webhooks service forget the organisation
// at once (Forget), so they count from the next event.
class SubscriberCache {
 public:
  explicit SubscriberCache(const Clock& clock, int64_t ttl_ms = 2000) : clock_(clock), ttl_ms_(ttl_ms) {}

  // False when no enabled endpoint of `org` subscribes to `event` (as last read, at most
  // ttl_ms ago); reads the organisation's endpoints through `tx` when it does not know.
  Result<bool> MayHaveSubscribers(Store& tx, OrgId org, std::string_view event);
  void Forget(OrgId org);

 private:
  struct Known {
    std::set<std::string, std::less<>> events;
    int64_t read_ms = 0;
  };
  const Clock& clock_;
  const int64_t ttl_ms_;
  std::mutex mu_;
  std::map<int64_t, Known> known_;  // by organisation id
};

// Publish of response.completed for a response that is complete (anything else: nothing);
// with `cache`, nothing is read for an organisation it knows has no subscriber.
Result<void> PublishResponseCompleted(Store& tx, const Response& response, int64_t now_ms,
                                      SubscriberCache* cache = nullptr);
// Publish of invitation.updated.
Result<void> PublishInvitationUpdated(Store& tx, const Invitation& invitation, int64_t now_ms);

}  // namespace nazar::webhooks
