#include "webhooks/publish.h"

#include "core/crypto.h"
#include "core/time.h"
#include "webhooks/events.h"

namespace nazar::webhooks {
namespace {

constexpr size_t kWebhookIdBytes = 16;

Json ObjectOr(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_object() ? j : Json::object();
}

Json OptionalId(const std::optional<int64_t>& id) { return id ? Json(*id) : Json(nullptr); }

}  // namespace

EndpointMessage MessageFor(OrgId org, int64_t endpoint_id, std::string_view event,
                           const Json& data, int64_t now_ms) {
  std::string webhook_id = "msg_" + RandomToken(kWebhookIdBytes);
  Json payload = {{"endpoint_id", endpoint_id},
                  {"webhook_id", webhook_id},
                  {"event", event},
                  {"body", Envelope(event, now_ms, data)}};
  return {.outbox = {.org_id = org,
                     .topic = std::string(kDeliverTopic),
                     .key = WebhookMessageKey(endpoint_id, webhook_id),
                     .payload = payload.dump(),
                     .due_ms = now_ms,
                     .created_ms = now_ms},
          .webhook_id = std::move(webhook_id)};
}

namespace {

// Publish, with the data made only when some endpoint wants it (the common case on the
// ingest path is an organisation without endpoints).
template <typename MakeData>
Result<void> PublishMade(Store& tx, OrgId org, std::string_view event, MakeData make_data,
                         int64_t now_ms) {
  TRY_ASSIGN(const std::vector<int64_t> endpoints, tx.webhooks().ListSubscribed(org, event));
  if (endpoints.empty()) return {};
  const Json data = make_data();
  for (int64_t endpoint : endpoints) {
    TRY(tx.delivery().EnqueueOutbox(MessageFor(org, endpoint, event, data, now_ms).outbox));
  }
  return {};
}

}  // namespace

Result<void> Publish(Store& tx, OrgId org, std::string_view event, const Json& data,
                     int64_t now_ms) {
  return PublishMade(tx, org, event, [&data] { return data; }, now_ms);
}

std::optional<MessagePayload> ReadPayload(std::string_view payload) {
  Json j = Json::parse(payload, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  auto id = j.find("endpoint_id");
  auto webhook_id = j.find("webhook_id");
  auto event = j.find("event");
  auto body = j.find("body");
  if (id == j.end() || !id->is_number_integer() || webhook_id == j.end() ||
      !webhook_id->is_string() || event == j.end() || !event->is_string() || body == j.end() ||
      !body->is_string())
    return std::nullopt;
  return MessagePayload{.endpoint_id = id->get<int64_t>(),
                        .webhook_id = webhook_id->get<std::string>(),
                        .event = event->get<std::string>(),
                        .body = body->get<std::string>()};
}

Json ResponseEventData(const Response& r) {
  return {{"id", r.id},
          {"survey_id", r.survey_id},
          {"version", r.version},
          {"channel", r.channel},
          {"touchpoint", r.touchpoint},
          {"agent", r.agent},
          {"language", r.language},
          {"contact_id", OptionalId(r.contact_id)},
          {"interaction_id", OptionalId(r.interaction_id)},
          {"answers", ObjectOr(r.answers)},
          {"hidden", ObjectOr(r.hidden)},
          {"created_at", FormatIsoUtc(r.created_ms)},
          {"completed_at", r.completed_ms ? Json(FormatIsoUtc(*r.completed_ms)) : Json(nullptr)}};
}

Json InvitationEventData(const Invitation& i) {
  return {{"id", i.id},
          {"survey_id", i.survey_id},
          {"rule_id", i.rule_id},
          {"contact_id", i.contact_id},
          {"interaction_id", i.interaction_id},
          {"channel", ToString(i.channel)},
          {"status", ToString(i.status)},
          {"touchpoint", i.touchpoint},
          {"response_id", OptionalId(i.response_id)},
          {"last_error", i.last_error}};
}

Result<bool> SubscriberCache::MayHaveSubscribers(Store& tx, OrgId org, std::string_view event) {
  const int64_t now = clock_.NowMs();
  {
    std::lock_guard lock(mu_);
    auto it = known_.find(org.value);
    if (it != known_.end() && now - it->second.read_ms < ttl_ms_)
      return it->second.events.contains(event);
  }
  TRY_ASSIGN(const std::vector<WebhookEndpoint> endpoints, tx.webhooks().ListEndpoints(org));
  Known known{.read_ms = now};
  for (const WebhookEndpoint& e : endpoints)
    if (e.state == WebhookState::kEnabled) known.events.insert(e.events.begin(), e.events.end());
  const bool subscribed = known.events.contains(event);
  std::lock_guard lock(mu_);
  known_[org.value] = std::move(known);
  return subscribed;
}

void SubscriberCache::Forget(OrgId org) {
  std::lock_guard lock(mu_);
  known_.erase(org.value);
}

Result<void> PublishResponseCompleted(Store& tx, const Response& response, int64_t now_ms,
                                      SubscriberCache* cache) {
  if (response.status != ResponseStatus::kComplete) return {};
  if (cache) {
    TRY_ASSIGN(const bool wanted, cache->MayHaveSubscribers(tx, response.org_id, "response.completed"));
    if (!wanted) return {};
  }
  return PublishMade(tx, response.org_id, "response.completed",
                     [&response] { return ResponseEventData(response); }, now_ms);
}

Result<void> PublishInvitationUpdated(Store& tx, const Invitation& invitation, int64_t now_ms) {
  return PublishMade(tx, invitation.org_id, "invitation.updated",
                     [&invitation] { return InvitationEventData(invitation); }, now_ms);
}

}  // namespace nazar::webhooks
