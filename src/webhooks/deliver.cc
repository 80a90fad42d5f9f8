// The "webhook.deliver" topic's handler: one signed attempt, and its record (webhooks.h has
// the outcomes).
#include <fmt/format.h>

#include "accounts/audit.h"
#include "webhooks/publish.h"
#include "webhooks/signature.h"
#include "webhooks/webhooks.h"

namespace nazar::webhooks {
namespace {

using delivery::SendOutcome;

constexpr int kGone = 410;
constexpr std::string_view kGoneReason = "the receiver answered 410 Gone";

std::string OutcomeName(OutboxState state) {
  switch (state) {
    case OutboxState::kSent: return "sent";
    case OutboxState::kPending: return "retrying";
    case OutboxState::kFailed: return "failed";
    case OutboxState::kDead: return "dead";
  }
  return "failed";
}

delivery::Attempt Skip(std::string why) {
  return {.send = {SendOutcome::kSent, std::move(why), false}, .skipped = true};
}

// The keys signing now: the current secret's, and the previous one's until it expires.
// A secret that does not decode (sealed under another key) signs nothing.
std::vector<std::string> SigningKeys(const WebhookEndpoint& e, int64_t now_ms) {
  std::vector<std::string> keys;
  if (auto key = SecretKey(e.secret)) keys.push_back(*key);
  if (!e.previous_secret.empty() && e.previous_expires_ms && *e.previous_expires_ms > now_ms)
    if (auto key = SecretKey(e.previous_secret)) keys.push_back(*key);
  return keys;
}

}  // namespace

delivery::Attempt Webhooks::Deliver(const OutboxMessage& m) {
  auto payload = ReadPayload(m.payload);
  if (!payload) return Skip("not a webhook message");
  auto endpoint = store_.webhooks().GetEndpoint(m.org_id, payload->endpoint_id);
  if (!endpoint) {
    if (endpoint.error().code == ErrorCode::kNotFound) return Skip("the endpoint was deleted");
    return {.send = {SendOutcome::kRetry, endpoint.error().message, false}};
  }
  const int64_t now = clock_.NowMs();
  WebhookDelivery row{.org_id = m.org_id,
                      .endpoint_id = endpoint->id,
                      .message_id = m.id,
                      .webhook_id = payload->webhook_id,
                      .event = payload->event,
                      .attempt = m.attempts,
                      .at_ms = now};
  delivery::Attempt a;
  bool gone = false;
  if (endpoint->state != WebhookState::kEnabled) {
    a.send = {SendOutcome::kPermanent,
              fmt::format("the endpoint is disabled ({})", endpoint->disabled_reason), false};
  } else if (std::vector<std::string> keys = SigningKeys(*endpoint, now); keys.empty()) {
    a.send = {SendOutcome::kRetry, "the endpoint's secret cannot be read (another secret key?)",
              false};
  } else {
    const int64_t timestamp_s = now / 1000;
    HttpAttempt sent = PostSigned(
        {.url = endpoint->url,
         .headers = {{"webhook-id", payload->webhook_id},
                     {"webhook-timestamp", std::to_string(timestamp_s)},
                     {"webhook-signature",
                      SignatureHeader(keys, payload->webhook_id, timestamp_s, payload->body)}},
         .body = payload->body},
        options_.send);
    row.status_code = sent.status;
    row.latency_ms = sent.latency_ms;
    gone = sent.status == kGone;
    if (sent.ok()) {
      a.send = {SendOutcome::kSent, fmt::format("HTTP {}", sent.status), false};
    } else if (sent.refused || gone) {
      a.send = {SendOutcome::kPermanent, sent.error, false};
    } else {
      a.send = {SendOutcome::kRetry, sent.error, false};
    }
  }
  row.error = a.send.outcome == SendOutcome::kSent ? "" : a.send.detail;
  a.record = [row, gone](Store& tx, const delivery::Settled& settled) mutable -> Result<void> {
    row.outcome = OutcomeName(settled.state);
    TRY(tx.webhooks().AppendDelivery(row));
    if (!gone) return {};
    TRY_ASSIGN(WebhookEndpoint e, tx.webhooks().GetEndpoint(row.org_id, row.endpoint_id));
    if (e.state == WebhookState::kDisabled) return {};
    e.state = WebhookState::kDisabled;
    e.disabled_reason = std::string(kGoneReason);
    e.updated_ms = settled.at_ms;
    TRY(tx.webhooks().UpdateEndpoint(e));
    const Principal system;  // no user, no key: the server itself
    return WriteAudit(tx.audit(), Actor{system, ""}, row.org_id, "webhook.disable",
                      fmt::format("webhook:{}", row.endpoint_id),
                      {{"reason", kGoneReason}, {"webhook_id", row.webhook_id}}, settled.at_ms);
  };
  return a;
}

}  // namespace nazar::webhooks
