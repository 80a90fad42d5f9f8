// The endpoints' administration (webhooks.h); the delivery handler is deliver.cc.
#include "webhooks/webhooks.h"

#include <fmt/format.h>

#include <algorithm>

#include "accounts/audit.h"
#include "core/time.h"
#include "webhooks/address.h"
#include "webhooks/events.h"
#include "webhooks/publish.h"
#include "webhooks/signature.h"

namespace nazar::webhooks {
namespace {

constexpr int kReplayAllLimit = 1000;

std::optional<std::vector<std::string>> ReadEvents(JsonObjectReader& r, bool required) {
  const Json* value = r.OptionalValue("events");
  if (!value) {
    if (required) r.Reject("events", "is required");
    return std::nullopt;
  }
  if (!value->is_array() || value->empty()) {
    r.Reject("events", fmt::format("must be a list of one or more of: {}",
                                   fmt::join(kEventTypes, ", ")));
    return std::nullopt;
  }
  std::vector<std::string> events;
  for (size_t i = 0; i < value->size(); ++i) {
    const Json& e = (*value)[i];
    const std::string field = fmt::format("events[{}]", i);
    if (!e.is_string() || !IsEventType(e.get<std::string>())) {
      r.Reject(field, fmt::format("must be one of: {}", fmt::join(kEventTypes, ", ")));
      return std::nullopt;
    }
    if (std::find(events.begin(), events.end(), e.get<std::string>()) != events.end()) {
      r.Reject(field, "is listed twice");
      return std::nullopt;
    }
    events.push_back(e.get<std::string>());
  }
  return events;
}

Json AuditDetails(const WebhookEndpoint& e) {
  return {{"url", e.url},
          {"description", e.description},
          {"events", e.events},
          {"enabled", e.state == WebhookState::kEnabled}};
}

std::string Target(int64_t endpoint_id) { return fmt::format("webhook:{}", endpoint_id); }

}  // namespace

delivery::RetryPolicy DefaultRetryPolicy() {
  return {.max_attempts = 18, .base_ms = 60'000, .max_ms = 8 * 3600'000, .jitter = 0.2};
}

EndpointInput ReadEndpointInput(JsonObjectReader& r) {
  EndpointInput in;
  in.url = r.String("url", {.min_chars = 1, .max_chars = kMaxUrlBytes});
  in.description =
      r.OptionalString("description", {.max_chars = kMaxDescriptionChars}).value_or("");
  in.events = ReadEvents(r, /*required=*/true).value_or(std::vector<std::string>{});
  in.secret = r.OptionalString("secret", {.min_chars = 1, .max_chars = 200});
  in.enabled = r.OptionalBool("enabled").value_or(true);
  return in;
}

EndpointPatch ReadEndpointPatch(JsonObjectReader& r) {
  EndpointPatch in;
  in.url = r.OptionalString("url", {.min_chars = 1, .max_chars = kMaxUrlBytes});
  in.description = r.OptionalString("description", {.max_chars = kMaxDescriptionChars});
  in.events = ReadEvents(r, /*required=*/false);
  in.enabled = r.OptionalBool("enabled");
  return in;
}

Json ToJson(const WebhookEndpoint& e) {
  return {{"id", e.id},
          {"url", e.url},
          {"description", e.description},
          {"events", e.events},
          {"enabled", e.state == WebhookState::kEnabled},
          {"disabled_reason", e.disabled_reason},
          {"rotating_until", !e.previous_secret.empty() && e.previous_expires_ms
                                 ? Json(FormatIsoUtc(*e.previous_expires_ms))
                                 : Json(nullptr)},
          {"created_at", FormatIsoUtc(e.created_ms)},
          {"updated_at", FormatIsoUtc(e.updated_ms)}};
}

Json ToJsonWithSecret(const WebhookEndpoint& e) {
  Json j = ToJson(e);
  j["secret"] = e.secret;
  return j;
}

Json ToJson(const WebhookDelivery& d) {
  return {{"id", d.id},
          {"message_id", d.message_id},
          {"webhook_id", d.webhook_id},
          {"event", d.event},
          {"attempt", d.attempt},
          {"status_code", d.status_code > 0 ? Json(d.status_code) : Json(nullptr)},
          {"latency_ms", d.latency_ms},
          {"outcome", d.outcome},
          {"error", d.error},
          {"at", FormatIsoUtc(d.at_ms)}};
}

Webhooks::Webhooks(Store& store, const Clock& clock, WebhookOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

void Webhooks::RegisterWith(delivery::Dispatcher& dispatcher) {
  dispatcher_ = &dispatcher;
  dispatcher.Register(std::string(kDeliverTopic), *this, options_.retry);
}

void Webhooks::Forget(OrgId org) {
  if (options_.subscribers) options_.subscribers->Forget(org);
}

Result<void> Webhooks::CheckUrl(const std::string& url) const {
  TRY(ParseWebhookUrl(url, options_.send.allow_private, "url"));
  return {};
}

Result<std::vector<WebhookEndpoint>> Webhooks::List(OrgId org) {
  return store_.webhooks().ListEndpoints(org);
}

Result<WebhookEndpoint> Webhooks::Get(OrgId org, int64_t endpoint_id) {
  return store_.webhooks().GetEndpoint(org, endpoint_id);
}

Result<WebhookEndpoint> Webhooks::Create(const Actor& actor, OrgId org, const EndpointInput& in) {
  TRY(CheckUrl(in.url));
  if (in.secret) TRY(SecretKey(*in.secret, "secret"));
  const int64_t now = clock_.NowMs();
  WebhookEndpoint created;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(const std::vector<WebhookEndpoint> existing, tx.webhooks().ListEndpoints(org));
    if (static_cast<int>(existing.size()) >= options_.max_endpoints)
      return Fail(Error::FailedPrecondition(
          fmt::format("an organisation has at most {} webhook endpoints", options_.max_endpoints)));
    TRY_ASSIGN(created, tx.webhooks().CreateEndpoint(
                            {.org_id = org,
                             .url = in.url,
                             .description = in.description,
                             .events = in.events,
                             .secret = in.secret.value_or(NewSecret()),
                             .state = in.enabled ? WebhookState::kEnabled : WebhookState::kDisabled,
                             .disabled_reason = in.enabled ? "" : "disabled by an admin",
                             .created_ms = now,
                             .updated_ms = now}));
    return WriteAudit(tx.audit(), actor, org, "webhook.create", Target(created.id),
                      AuditDetails(created), now);
  }));
  Forget(org);
  return created;
}

Result<WebhookEndpoint> Webhooks::Update(const Actor& actor, OrgId org, int64_t endpoint_id,
                                         const EndpointPatch& patch) {
  if (patch.url) TRY(CheckUrl(*patch.url));
  const int64_t now = clock_.NowMs();
  WebhookEndpoint updated;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(WebhookEndpoint e, tx.webhooks().GetEndpoint(org, endpoint_id));
    if (patch.url) e.url = *patch.url;
    if (patch.description) e.description = *patch.description;
    if (patch.events) e.events = *patch.events;
    if (patch.enabled && *patch.enabled != (e.state == WebhookState::kEnabled)) {
      e.state = *patch.enabled ? WebhookState::kEnabled : WebhookState::kDisabled;
      e.disabled_reason = *patch.enabled ? "" : "disabled by an admin";
    }
    e.updated_ms = now;
    TRY_ASSIGN(updated, tx.webhooks().UpdateEndpoint(e));
    return WriteAudit(tx.audit(), actor, org, "webhook.update", Target(endpoint_id),
                      AuditDetails(updated), now);
  }));
  Forget(org);
  return updated;
}

Result<void> Webhooks::Delete(const Actor& actor, OrgId org, int64_t endpoint_id) {
  const int64_t now = clock_.NowMs();
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(const WebhookEndpoint e, tx.webhooks().GetEndpoint(org, endpoint_id));
    TRY(tx.webhooks().DeleteEndpoint(org, endpoint_id));
    return WriteAudit(tx.audit(), actor, org, "webhook.delete", Target(endpoint_id),
                      AuditDetails(e), now);
  }));
  Forget(org);
  return {};
}

Result<WebhookEndpoint> Webhooks::RotateSecret(const Actor& actor, OrgId org, int64_t endpoint_id,
                                               const std::optional<std::string>& secret) {
  if (secret) TRY(SecretKey(*secret, "secret"));
  const int64_t now = clock_.NowMs();
  WebhookEndpoint rotated;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(WebhookEndpoint e, tx.webhooks().GetEndpoint(org, endpoint_id));
    if (secret && *secret == e.secret)
      return Fail(Error::InvalidArgument("secret must differ from the current one", "secret"));
    e.previous_secret = e.secret;
    e.previous_expires_ms = now + options_.rotation_overlap_ms;
    e.secret = secret.value_or(NewSecret());
    e.updated_ms = now;
    TRY_ASSIGN(rotated, tx.webhooks().UpdateEndpoint(e));
    return WriteAudit(tx.audit(), actor, org, "webhook.rotate_secret", Target(endpoint_id),
                      {{"previous_valid_until", FormatIsoUtc(*e.previous_expires_ms)}}, now);
  }));
  return rotated;
}

Result<Page<WebhookDelivery>> Webhooks::Deliveries(OrgId org, int64_t endpoint_id,
                                                   PageRequest page) {
  TRY(store_.webhooks().GetEndpoint(org, endpoint_id));
  return store_.webhooks().ListDeliveries(org, endpoint_id, page);
}

Result<OutboxMessage> Webhooks::Replay(const Actor& actor, OrgId org, int64_t endpoint_id,
                                       int64_t message_id) {
  TRY(store_.webhooks().GetEndpoint(org, endpoint_id));
  TRY_ASSIGN(const OutboxMessage m, store_.delivery().GetOutboxMessage(org, message_id));
  auto payload = ReadPayload(m.payload);
  if (m.topic != kDeliverTopic || !payload || payload->endpoint_id != endpoint_id)
    return Fail(Error::NotFound("webhook message not found"));
  if (!dispatcher_) return Fail(Error::Unavailable("the outbox is not running on this node"));
  return dispatcher_->Replay(actor, org, message_id);
}

Result<int> Webhooks::ReplayFailed(const Actor& actor, OrgId org, int64_t endpoint_id) {
  TRY(store_.webhooks().GetEndpoint(org, endpoint_id));
  if (!dispatcher_) return Fail(Error::Unavailable("the outbox is not running on this node"));
  TRY_ASSIGN(const std::vector<int64_t> failed,
             store_.webhooks().ListFailedMessages(org, endpoint_id, kReplayAllLimit));
  int replayed = 0;
  for (int64_t id : failed) {
    auto r = dispatcher_->Replay(actor, org, id);
    // Another admin may have replayed one meanwhile: it is pending already, not an error.
    if (!r && r.error().code != ErrorCode::kFailedPrecondition) return Fail(r.error());
    if (r) ++replayed;
  }
  return replayed;
}

Result<TestMessage> Webhooks::SendTest(const Actor& actor, OrgId org, int64_t endpoint_id,
                                       const std::string& event) {
  const std::string type = event.empty() ? "response.completed" : event;
  if (!IsEventType(type))
    return Fail(Error::InvalidArgument(
        fmt::format("event must be one of: {}", fmt::join(kEventTypes, ", ")), "event"));
  const int64_t now = clock_.NowMs();
  TestMessage out{.event = type};
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY(tx.webhooks().GetEndpoint(org, endpoint_id));
    EndpointMessage m = MessageFor(org, endpoint_id, type, SampleData(type, now), now);
    TRY(tx.delivery().EnqueueOutbox(m.outbox));
    TRY_ASSIGN(const Page<OutboxMessage> written,
               tx.delivery().ListOutbox(org, {.topic = m.outbox.topic, .key = m.outbox.key, .limit = 1}));
    if (written.items.empty()) return Fail(Error::Internal("the test message was not written"));
    out.message_id = written.items.front().id;
    out.webhook_id = m.webhook_id;
    return WriteAudit(tx.audit(), actor, org, "webhook.test", Target(endpoint_id),
                      {{"event", type}, {"webhook_id", out.webhook_id}}, now);
  }));
  if (dispatcher_) dispatcher_->Wake(now);
  return out;
}

}  // namespace nazar::webhooks
