// The delivery area over SQL: the outbox and the channel settings, whose secrets it seals.
#include <algorithm>
#include <climits>
#include <string>

#include "core/crypto.h"
#include "core/json.h"
#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

Result<OutboxMessage> GetOutboxOn(Connection& c, OrgId org, int64_t id) {
  return Get(c, kOutbox, "org_id = ? AND id = ?", {org.value, id});
}

class SqlDelivery final : public DeliveryStore {
 public:
  explicit SqlDelivery(Kit kit) : kit_(kit) {}

  // --- the outbox ---

  Result<bool> EnqueueOutbox(const OutboxMessage& m) override {
    auto n = kit_.Run(false, [&](Connection& c) { return EnqueueOn(c, m); });
    TRY_ASSIGN(int64_t written, ParentMissingIsNotFound(std::move(n), "organisation"));
    return written > 0;
  }

  Result<std::vector<OutboxMessage>> ClaimOutbox(const std::vector<std::string>& topics,
                                                 int64_t now_ms, int64_t lease_ms, int limit,
                                                 std::string_view lease) override {
    if (topics.empty()) return std::vector<OutboxMessage>{};
    Params params{std::string(lease), now_ms + lease_ms, now_ms};
    params.insert(params.end(), topics.begin(), topics.end());
    params.push_back(int64_t{std::max(limit, 1)});
    // PostgreSQL: concurrent claimers skip each other's rows instead of waiting; SQLite
    // runs one writer at a time.
    TRY_ASSIGN(std::vector<OutboxMessage> out,
               All<OutboxMessage>(
                   kit_.Query(fmt::format("UPDATE outbox SET lease = ?, due_ms = ?, attempts = "
                                          "attempts + 1 WHERE id IN (SELECT id FROM outbox WHERE "
                                          "state = 'pending' AND due_ms <= ? AND topic IN ({}) "
                                          "ORDER BY due_ms, id LIMIT ?{}) RETURNING {}",
                                          Placeholders(topics.size()),
                                          kit_.postgres() ? " FOR UPDATE SKIP LOCKED" : "",
                                          kOutbox.columns),
                              params),
                   kOutbox.map));
    std::sort(out.begin(), out.end(),
              [](const OutboxMessage& a, const OutboxMessage& b) { return a.id < b.id; });
    return out;
  }

  Result<std::optional<int64_t>> NextOutboxDueMs(const std::vector<std::string>& topics) override {
    if (topics.empty()) return std::optional<int64_t>();
    TRY_ASSIGN(Rows rows, kit_.Query(fmt::format("SELECT MIN(due_ms) FROM outbox WHERE state = "
                                                 "'pending' AND topic IN ({})",
                                                 Placeholders(topics.size())),
                                     Params(topics.begin(), topics.end())));
    return rows.front().OptInt(0);
  }

  Result<void> SettleOutbox(OrgId org, int64_t id, std::string_view lease,
                            const OutboxSettlement& s) override {
    const bool pending = s.state == OutboxState::kPending;
    TRY_ASSIGN(int64_t n,
               kit_.Execute("UPDATE outbox SET state = ?, due_ms = ?, last_error = ?, lease = "
                            "NULL, done_ms = ? WHERE org_id = ? AND id = ? AND lease = ? AND "
                            "state = 'pending'",
                            {std::string(ToString(s.state)), pending ? s.due_ms : s.at_ms, s.error,
                             pending ? Value(std::monostate{}) : Value(s.at_ms), org.value, id,
                             std::string(lease)}));
    if (n == 0)
      return Fail(
          Error::FailedPrecondition("the outbox message's lease was lost to another claim"));
    return {};
  }

  Result<OutboxMessage> GetOutboxMessage(OrgId org, int64_t id) override {
    return kit_.Run(false, [&](Connection& c) { return GetOutboxOn(c, org, id); });
  }

  Result<Page<OutboxMessage>> ListOutbox(OrgId org, const OutboxQuery& q) override {
    int limit = ClampLimit(q.limit);
    std::string where = "org_id = ? AND id < ?";
    Params params{org.value, q.after.value_or(INT64_MAX)};
    if (q.state) {
      where += " AND state = ?";
      params.push_back(std::string(ToString(*q.state)));
    }
    for (auto [column, value] :
         {std::pair<const char*, const std::optional<std::string>*>{"topic", &q.topic},
          {"key", &q.key}}) {
      if (!*value) continue;
      where += fmt::format(" AND {} = ?", column);
      params.push_back(**value);
    }
    return kit_.ListPage(kOutbox, where + " ORDER BY id DESC LIMIT ?", std::move(params), limit);
  }

  Result<OutboxMessage> ReplayOutbox(OrgId org, int64_t id, int64_t now_ms) override {
    return kit_.Run(true, [&](Connection& c) -> Result<OutboxMessage> {
      TRY_ASSIGN(Rows rows,
                 c.Query(fmt::format("UPDATE outbox SET state = 'pending', due_ms = ?, attempts "
                                     "= 0, lease = NULL, done_ms = NULL WHERE org_id = ? AND id "
                                     "= ? AND state IN ('dead', 'failed') RETURNING {}",
                                     kOutbox.columns),
                         {now_ms, org.value, id}));
      if (!rows.empty()) return kOutbox.map(rows.front());
      TRY_ASSIGN(OutboxMessage current, GetOutboxOn(c, org, id));
      return Fail(Error::FailedPrecondition(
          fmt::format("only a dead or failed message can be replayed; this one is {}",
                      ToString(current.state)),
          "id"));
    });
  }

  // --- channel settings ---

  Result<ChannelSettings> GetChannelSettings(OrgId org) override {
    TRY_ASSIGN(Rows rows, kit_.Query(fmt::format("SELECT {} FROM channel_settings WHERE org_id = ?",
                                                 kChannelSettings.columns),
                                     {org.value}));
    if (rows.empty()) return ChannelSettings{.org_id = org};
    return Unsealed(kChannelSettings.map(rows.front()));
  }

  Result<ChannelSettings> PutChannelSettings(const ChannelSettings& x) override {
    auto rows = kit_.Query(
        fmt::format(
            "INSERT INTO channel_settings ({0}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (org_id) DO UPDATE SET smtp_host = excluded.smtp_host, "
            "smtp_port = excluded.smtp_port, smtp_tls = excluded.smtp_tls, "
            "smtp_user = excluded.smtp_user, smtp_password = excluded.smtp_password, "
            "from_address = excluded.from_address, from_name = excluded.from_name, "
            "sms_gateway = excluded.sms_gateway, webhook_gateway = excluded.webhook_gateway, "
            "updated_ms = excluded.updated_ms RETURNING {0}",
            kChannelSettings.columns),
        {x.org_id.value, x.smtp_host, int64_t{x.smtp_port}, std::string(ToString(x.smtp_tls)),
         x.smtp_user, kit_.Seal(x.smtp_password), x.from_address, x.from_name,
         GatewaySecrets(x.sms_gateway, /*seal=*/true),
         GatewaySecrets(x.webhook_gateway, /*seal=*/true), x.updated_ms});
    TRY_ASSIGN(ChannelSettings written,
               One<ChannelSettings>(ParentMissingIsNotFound(std::move(rows), "organisation"),
                                    kChannelSettings.map, "channel settings"));
    return Unsealed(std::move(written));
  }

 private:
  // The password in clear: opened when sealed, as stored when it was written before sealing
  // existed. Under another key (or none) it stays sealed: unusable for sending, but a write
  // of the settings keeps it instead of wiping it.
  ChannelSettings Unsealed(ChannelSettings s) const {
    s.smtp_password = kit_.Unseal(std::move(s.smtp_password));
    s.sms_gateway = GatewaySecrets(s.sms_gateway, /*seal=*/false);
    s.webhook_gateway = GatewaySecrets(s.webhook_gateway, /*seal=*/false);
    return s;
  }

  // A gateway template's "secret_headers" values (delivery/channels.h) sealed for writing,
  // or opened after reading; the same rules as the SMTP password. Other text is unchanged.
  std::string GatewaySecrets(const std::string& text, bool seal) const {
    if (text.empty() || text.find("\"secret_headers\"") == std::string::npos) return text;
    Json g = Json::parse(text, nullptr, false);
    if (!g.is_object() || !g.contains("secret_headers") || !g["secret_headers"].is_object())
      return text;
    for (auto& [name, value] : g["secret_headers"].items()) {
      if (!value.is_string()) continue;
      std::string v = value.get<std::string>();
      value = seal ? kit_.Seal(v) : kit_.Unseal(v);
    }
    return g.dump();
  }

  Kit kit_;
};

}  // namespace

Result<int64_t> EnqueueOn(Connection& c, const OutboxMessage& m) {
  return c.Execute(
      "INSERT INTO outbox (org_id, topic, key, payload, state, due_ms, attempts, last_error, "
      "created_ms) VALUES (?, ?, ?, ?, 'pending', ?, 0, '', ?) ON CONFLICT (org_id, topic, key) "
      "DO NOTHING",
      {m.org_id.value, m.topic, m.key, m.payload, m.due_ms, m.created_ms});
}

std::unique_ptr<DeliveryStore> NewDeliveryArea(Kit kit) {
  return std::make_unique<SqlDelivery>(kit);
}

}  // namespace nazar::sql
