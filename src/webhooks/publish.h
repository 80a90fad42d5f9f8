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
// endpoints; nothing else is read or written.
//
// Thread-safety: as the Store passed in (a transaction's belongs to its caller).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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

// Publish of response.completed for a response that is complete (anything else: nothing).
Result<void> PublishResponseCompleted(Store& tx, const Response& response, int64_t now_ms);
// Publish of invitation.updated.
Result<void> PublishInvitationUpdated(Store& tx, const Invitation& invitation, int64_t now_ms);

}  // namespace nazar::webhooks
