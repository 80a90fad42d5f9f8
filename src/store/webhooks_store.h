// The webhooks area of the store: each organisation's webhook endpoints (where its events
// are sent, which events, the signing secrets) and the log of every delivery attempt
// (store.h has the rules every area keeps). The messages themselves are the outbox's
// (topic "webhook.deliver", delivery_store.h); webhooks/webhooks.h is the service over both.
//
// Secrets are sealed at rest with StoreOptions::secret_key, as the channel settings' are,
// and read back in clear; one sealed under another key reads still sealed (IsSealed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

enum class WebhookState { kEnabled, kDisabled };
std::string_view ToString(WebhookState state);
std::optional<WebhookState> ParseWebhookState(std::string_view text);

struct WebhookEndpoint {
  int64_t id = 0;
  OrgId org_id;
  std::string url;
  std::string description;
  std::vector<std::string> events;  // event types subscribed to ("case.opened"), no repeats
  std::string secret;               // "whsec_…" (sealed at rest)
  // The secret before the last rotation, still signing until previous_expires_ms (empty
  // when none).
  std::string previous_secret;
  std::optional<int64_t> previous_expires_ms;
  WebhookState state = WebhookState::kEnabled;
  std::string disabled_reason;  // why it was disabled ("410 Gone", "by an admin")
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// One delivery attempt of one message to one endpoint, written when the attempt is settled.
struct WebhookDelivery {
  int64_t id = 0;
  OrgId org_id;
  int64_t endpoint_id = 0;
  int64_t message_id = 0;  // the outbox message (replayed by its id)
  std::string webhook_id;  // the webhook-id header ("msg_…"), the same on every attempt
  std::string event;
  int attempt = 0;         // 1 for the first
  int status_code = 0;     // the receiver's HTTP status; 0 when none came back
  int64_t latency_ms = 0;
  // What became of the message after this attempt: "sent", "retrying", "failed" (refused
  // for good, or the endpoint disabled) or "dead" (still failing after the last attempt).
  std::string outcome;
  std::string error;  // empty when sent
  int64_t at_ms = 0;
};

class WebhooksStore {
 public:
  virtual ~WebhooksStore() = default;

  // Adds an endpoint (id, created and updated times as given are kept but the id is new).
  // NotFound for an unknown organisation.
  virtual Result<WebhookEndpoint> CreateEndpoint(const WebhookEndpoint& endpoint) = 0;
  virtual Result<WebhookEndpoint> GetEndpoint(OrgId org, int64_t endpoint_id) = 0;
  // The organisation's endpoints, oldest first (an organisation has a handful).
  virtual Result<std::vector<WebhookEndpoint>> ListEndpoints(OrgId org) = 0;
  // The ids of the enabled endpoints subscribed to `event`, in id order: one indexed query
  // that reads nothing for an organisation without endpoints (it runs inside every completed
  // response's transaction), and no secret is opened.
  virtual Result<std::vector<int64_t>> ListSubscribed(OrgId org, std::string_view event) = 0;
  // Writes every field but the id, organisation and created_ms. NotFound when not the
  // organisation's.
  virtual Result<WebhookEndpoint> UpdateEndpoint(const WebhookEndpoint& endpoint) = 0;
  // Deletes the endpoint and its delivery log; its messages still in the outbox are skipped.
  virtual Result<void> DeleteEndpoint(OrgId org, int64_t endpoint_id) = 0;

  virtual Result<int64_t> AppendDelivery(const WebhookDelivery& delivery) = 0;
  // The endpoint's attempts, newest first (the cursor is an id).
  virtual Result<Page<WebhookDelivery>> ListDeliveries(OrgId org, int64_t endpoint_id,
                                                       PageRequest page) = 0;
  // The ids of the endpoint's outbox messages that are dead or failed, oldest first (at
  // most `limit`): what "replay all failed" replays.
  virtual Result<std::vector<int64_t>> ListFailedMessages(OrgId org, int64_t endpoint_id,
                                                          int limit) = 0;
};

// The outbox key of a message to an endpoint: "<endpoint id>:<webhook id>", unique per
// organisation and topic as the outbox wants, and findable by endpoint.
std::string WebhookMessageKey(int64_t endpoint_id, std::string_view webhook_id);

}  // namespace nazar
