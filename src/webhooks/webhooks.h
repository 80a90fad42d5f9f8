// Webhooks for integrators: each organisation's endpoints (where its events go, which
// events, how they are signed) and the outbox handler that delivers them.
//
// Administration (admins: Permission::kManageWebhooks; every change audited in the same
// transaction as the change, "webhook.create" / "webhook.update" / "webhook.delete" /
// "webhook.rotate_secret" / "webhook.test"; a replay is the outbox's "outbox.replay"):
// - Create: URL checked (webhooks/address.h: http(s), no credentials, no private address
//   unless allowed), events from webhooks/events.h's list, a "whsec_" secret made (or the
//   one given, checked: base64 of 24..64 bytes). The secret is in the answer to the
//   create and to a rotation only; never again.
// - RotateSecret: a new secret (made or given); the old one keeps signing beside it for
//   `rotation_overlap_ms` (24 h), so receivers switch without losing a message.
// - Update: URL, description, events, enabled. Enabling clears the disabled reason.
// - Replay: one dead or failed message of the endpoint, or all of them (oldest first, at most
//   1,000 a call): pending again, due now (delivery::Dispatcher::Replay).
// - SendTest: a message of the chosen event with SampleData to this endpoint alone,
//   whatever it subscribes to.
//
// Delivery (topic "webhook.deliver", webhooks/publish.h writes the messages): each attempt
// POSTs the stored body with webhook-id, webhook-timestamp (the attempt's second) and
// webhook-signature (the current secret, and the previous one while it is in force;
// webhooks/signature.h) through webhooks/sender.h (address checked and pinned at send time).
//   2xx                      -> sent
//   410 Gone                 -> failed, and the endpoint disabled ("410 Gone"), audited
//                               ("webhook.disable", no actor: the system)
//   refused address          -> failed (replayable once the URL or the rules change)
//   endpoint disabled        -> failed (replayable after enabling it)
//   endpoint deleted         -> skipped (sent, nothing sent)
//   other status, 3xx (never followed), timeout, connection error -> retried per
//                               DefaultRetryPolicy(), dead after its last attempt
// Every attempt but a skip writes a WebhookDelivery row in the settling transaction.
//
// Thread-safety: Deliver runs on the dispatcher's thread while the API calls the rest from
// the server's threads; no state besides the options and the dispatcher's address.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/json.h"
#include "delivery/dispatcher.h"
#include "store/store.h"
#include "webhooks/publish.h"
#include "webhooks/sender.h"

namespace nazar::webhooks {

// About three days: retries after 1, 2, 4, … 256 minutes, then every 8 hours, 18 attempts in
// all (72.5 hours of delays before jitter), each delay spread by ±20%.
delivery::RetryPolicy DefaultRetryPolicy();

struct WebhookOptions {
  SendOptions send;  // send.allow_private also lets endpoints name private addresses
  delivery::RetryPolicy retry = DefaultRetryPolicy();
  int64_t rotation_overlap_ms = 24 * 3600'000;  // how long a rotated-out secret still signs
  int max_endpoints = 20;                       // per organisation
  // This node's cache of which organisations have subscribers (ingest's), told of every
  // change made here; nullptr: none to tell.
  SubscriberCache* subscribers = nullptr;
};

inline constexpr size_t kMaxDescriptionChars = 500;

// A new endpoint as the API gives it.
struct EndpointInput {
  std::string url;
  std::string description;
  std::vector<std::string> events;
  std::optional<std::string> secret;  // "whsec_…"; made when absent
  bool enabled = true;
};
// Changes to an endpoint; unset fields stay.
struct EndpointPatch {
  std::optional<std::string> url;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> events;
  std::optional<bool> enabled;
};

// {"url", "description", "events": [...], "secret"?, "enabled"?}: errors name the field
// ("events[1]"); an unknown event is refused.
EndpointInput ReadEndpointInput(JsonObjectReader& r);
EndpointPatch ReadEndpointPatch(JsonObjectReader& r);

// The API's view: {"id", "url", "description", "events", "enabled", "disabled_reason",
// "rotating_until" | null, "created_at", "updated_at"}; never a secret.
Json ToJson(const WebhookEndpoint& endpoint);
// The same with "secret": the answer to a create or a rotation, once.
Json ToJsonWithSecret(const WebhookEndpoint& endpoint);
// {"id", "message_id", "webhook_id", "event", "attempt", "status_code" | null,
// "latency_ms", "outcome", "error", "at"}.
Json ToJson(const WebhookDelivery& delivery);

// A test message queued: {"message_id", "webhook_id", "event"}.
struct TestMessage {
  int64_t message_id = 0;
  std::string webhook_id;
  std::string event;
};

class Webhooks final : public delivery::MessageHandler {
 public:
  Webhooks(Store& store, const Clock& clock, WebhookOptions options = {});

  // Registers the topic with options.retry; replays go through `dispatcher`.
  void RegisterWith(delivery::Dispatcher& dispatcher);

  Result<std::vector<WebhookEndpoint>> List(OrgId org);
  Result<WebhookEndpoint> Get(OrgId org, int64_t endpoint_id);
  Result<WebhookEndpoint> Create(const Actor& actor, OrgId org, const EndpointInput& input);
  Result<WebhookEndpoint> Update(const Actor& actor, OrgId org, int64_t endpoint_id,
                                 const EndpointPatch& patch);
  Result<void> Delete(const Actor& actor, OrgId org, int64_t endpoint_id);
  // `secret`: the new one as given ("whsec_…"), or nullopt to make one.
  Result<WebhookEndpoint> RotateSecret(const Actor& actor, OrgId org, int64_t endpoint_id,
                                       const std::optional<std::string>& secret);
  Result<Page<WebhookDelivery>> Deliveries(OrgId org, int64_t endpoint_id, PageRequest page);
  // NotFound when the message is not one of this endpoint's.
  Result<OutboxMessage> Replay(const Actor& actor, OrgId org, int64_t endpoint_id,
                               int64_t message_id);
  // How many were replayed.
  Result<int> ReplayFailed(const Actor& actor, OrgId org, int64_t endpoint_id);
  // `event` empty: "response.completed".
  Result<TestMessage> SendTest(const Actor& actor, OrgId org, int64_t endpoint_id,
                               const std::string& event);

  delivery::Attempt Deliver(const OutboxMessage& message) override;

  const WebhookOptions& options() const { return options_; }

 private:
  Result<void> CheckUrl(const std::string& url) const;
  void Forget(OrgId org);  // tells options_.subscribers

  Store& store_;
  const Clock& clock_;
  WebhookOptions options_;
  delivery::Dispatcher* dispatcher_ = nullptr;
};

}  // namespace nazar::webhooks
