// The webhooks area over SQL: endpoints (their secrets sealed) and the delivery log. Its
// tables are its own (migration 12); the failed messages are read from the outbox by key.
#include <climits>
#include <string>

#include "core/enum_names.h"
#include "store/sql_kit.h"

namespace nazar {
namespace {
constexpr EnumNames<WebhookState, 2> kWebhookStates{
    {{WebhookState::kEnabled, "enabled"}, {WebhookState::kDisabled, "disabled"}}};
}  // namespace

std::string_view ToString(WebhookState s) { return NameOf(kWebhookStates, s); }
std::optional<WebhookState> ParseWebhookState(std::string_view t) {
  return ParseName(kWebhookStates, t);
}

std::string WebhookMessageKey(int64_t endpoint_id, std::string_view webhook_id) {
  return std::to_string(endpoint_id) + ":" + std::string(webhook_id);
}

namespace sql {
namespace {

// Events are stored as ",a,b," so that one LIKE '%,<event>,%' finds the subscribers.
std::string StoredEvents(const std::vector<std::string>& events) {
  std::string out = ",";
  for (const std::string& e : events) out += e + ",";
  return out;
}

std::vector<std::string> EventsFrom(std::string_view stored) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < stored.size()) {
    size_t end = stored.find(',', start);
    if (end == std::string_view::npos) end = stored.size();
    if (end > start) out.emplace_back(stored.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr std::string_view kEndpointCols =
    "id, org_id, url, description, events, secret, previous_secret, previous_expires_ms, state, "
    "disabled_reason, created_ms, updated_ms";
WebhookEndpoint EndpointFrom(const Row& r) {
  return {.id = r.Int(0),
          .org_id = OrgId{r.Int(1)},
          .url = r.Text(2),
          .description = r.Text(3),
          .events = EventsFrom(r.Text(4)),
          .secret = r.Text(5),
          .previous_secret = r.Text(6),
          .previous_expires_ms = r.OptInt(7),
          .state = ParseWebhookState(r.Text(8)).value_or(WebhookState::kDisabled),
          .disabled_reason = r.Text(9),
          .created_ms = r.Int(10),
          .updated_ms = r.Int(11)};
}
const Table<WebhookEndpoint> kEndpoints{"webhook_endpoints", kEndpointCols, EndpointFrom,
                                        "webhook endpoint"};

constexpr std::string_view kDeliveryCols =
    "id, org_id, endpoint_id, message_id, webhook_id, event, attempt, status_code, latency_ms, "
    "outcome, error, at_ms";
WebhookDelivery DeliveryFrom(const Row& r) {
  return {.id = r.Int(0),
          .org_id = OrgId{r.Int(1)},
          .endpoint_id = r.Int(2),
          .message_id = r.Int(3),
          .webhook_id = r.Text(4),
          .event = r.Text(5),
          .attempt = static_cast<int>(r.Int(6)),
          .status_code = static_cast<int>(r.Int(7)),
          .latency_ms = r.Int(8),
          .outcome = r.Text(9),
          .error = r.Text(10),
          .at_ms = r.Int(11)};
}
const Table<WebhookDelivery> kDeliveries{"webhook_deliveries", kDeliveryCols, DeliveryFrom,
                                         "webhook delivery"};

class SqlWebhooks final : public WebhooksStore {
 public:
  explicit SqlWebhooks(Kit kit) : kit_(kit) {}

  Result<WebhookEndpoint> CreateEndpoint(const WebhookEndpoint& e) override {
    auto rows = kit_.Query(
        fmt::format("INSERT INTO webhook_endpoints (org_id, url, description, events, secret, "
                    "previous_secret, previous_expires_ms, state, disabled_reason, created_ms, "
                    "updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {}",
                    kEndpointCols),
        {e.org_id.value, e.url, e.description, StoredEvents(e.events), kit_.Seal(e.secret),
         kit_.Seal(e.previous_secret), OptMs(e.previous_expires_ms), std::string(ToString(e.state)),
         e.disabled_reason, e.created_ms, e.updated_ms});
    TRY_ASSIGN(WebhookEndpoint written,
               One<WebhookEndpoint>(ParentMissingIsNotFound(std::move(rows), "organisation"),
                                    kEndpoints.map, kEndpoints.what));
    return Unsealed(std::move(written));
  }

  Result<WebhookEndpoint> GetEndpoint(OrgId org, int64_t id) override {
    TRY_ASSIGN(WebhookEndpoint e, kit_.Get(kEndpoints, "org_id = ? AND id = ?", {org.value, id}));
    return Unsealed(std::move(e));
  }

  Result<std::vector<WebhookEndpoint>> ListEndpoints(OrgId org) override {
    return UnsealedAll(kit_.List(kEndpoints, "org_id = ? ORDER BY id", {org.value}));
  }

  Result<std::vector<int64_t>> ListSubscribed(OrgId org, std::string_view event) override {
    return All<int64_t>(kit_.Query("SELECT id FROM webhook_endpoints WHERE org_id = ? AND state = "
                                   "'enabled' AND events LIKE ? ESCAPE '!' ORDER BY id",
                                   {org.value, "%," + EscapedLike(event) + ",%"}),
                        [](const Row& r) { return r.Int(0); });
  }

  Result<WebhookEndpoint> UpdateEndpoint(const WebhookEndpoint& e) override {
    auto rows = kit_.Query(
        fmt::format("UPDATE webhook_endpoints SET url = ?, description = ?, events = ?, secret = "
                    "?, previous_secret = ?, previous_expires_ms = ?, state = ?, "
                    "disabled_reason = ?, updated_ms = ? WHERE org_id = ? AND id = ? RETURNING {}",
                    kEndpointCols),
        {e.url, e.description, StoredEvents(e.events), kit_.Seal(e.secret),
         kit_.Seal(e.previous_secret), OptMs(e.previous_expires_ms), std::string(ToString(e.state)),
         e.disabled_reason, e.updated_ms, e.org_id.value, e.id});
    TRY_ASSIGN(WebhookEndpoint written,
               One<WebhookEndpoint>(std::move(rows), kEndpoints.map, kEndpoints.what));
    return Unsealed(std::move(written));
  }

  Result<void> DeleteEndpoint(OrgId org, int64_t id) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      TRY(c.Execute("DELETE FROM webhook_deliveries WHERE org_id = ? AND endpoint_id = ?",
                    {org.value, id}));
      return OneChanged(
          c.Execute("DELETE FROM webhook_endpoints WHERE org_id = ? AND id = ?", {org.value, id}),
          kEndpoints.what);
    });
  }

  Result<int64_t> AppendDelivery(const WebhookDelivery& d) override {
    return FirstInt(kit_.Query(
        "INSERT INTO webhook_deliveries (org_id, endpoint_id, message_id, webhook_id, event, "
        "attempt, status_code, latency_ms, outcome, error, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?) RETURNING id",
        {d.org_id.value, d.endpoint_id, d.message_id, d.webhook_id, d.event, int64_t{d.attempt},
         int64_t{d.status_code}, d.latency_ms, d.outcome, d.error, d.at_ms}));
  }

  Result<Page<WebhookDelivery>> ListDeliveries(OrgId org, int64_t endpoint_id,
                                               PageRequest page) override {
    return kit_.ListPage(kDeliveries,
                         "org_id = ? AND endpoint_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                         {org.value, endpoint_id, page.after.value_or(INT64_MAX)},
                         ClampLimit(page.limit));
  }

  Result<std::vector<int64_t>> ListFailedMessages(OrgId org, int64_t endpoint_id,
                                                  int limit) override {
    return All<int64_t>(
        kit_.Query("SELECT id FROM outbox WHERE org_id = ? AND topic = 'webhook.deliver' AND "
                   "state IN ('dead', 'failed') AND key LIKE ? ORDER BY id LIMIT ?",
                   {org.value, std::to_string(endpoint_id) + ":%", int64_t{ClampLimit(limit)}}),
        [](const Row& r) { return r.Int(0); });
  }

 private:
  static Value OptMs(const std::optional<int64_t>& ms) {
    return ms ? Value(*ms) : Value(std::monostate{});
  }

  // `text` with LIKE's wildcards and the escape character taken literally (ESCAPE '!').
  static std::string EscapedLike(std::string_view text) {
    std::string out;
    for (char c : text) {
      if (c == '%' || c == '_' || c == '!') out += '!';
      out += c;
    }
    return out;
  }

  WebhookEndpoint Unsealed(WebhookEndpoint e) const {
    e.secret = kit_.Unseal(std::move(e.secret));
    e.previous_secret = kit_.Unseal(std::move(e.previous_secret));
    return e;
  }

  Result<std::vector<WebhookEndpoint>> UnsealedAll(Result<std::vector<WebhookEndpoint>> all) const {
    if (!all) return all;
    for (WebhookEndpoint& e : *all) e = Unsealed(std::move(e));
    return all;
  }

  Kit kit_;
};

}  // namespace

std::unique_ptr<WebhooksStore> NewWebhooksArea(Kit kit) {
  return std::make_unique<SqlWebhooks>(kit);
}

}  // namespace sql
}  // namespace nazar
