// The access area over SQL: sessions and API keys.
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

class SqlAccess final : public AccessStore {
 public:
  explicit SqlAccess(Kit kit) : kit_(kit) {}

  // --- sessions ---

  Result<void> CreateSession(const Session& s) override {
    return Done(kit_.Execute(
        fmt::format("INSERT INTO sessions ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", kSessions.columns),
        {s.token_hash, s.user_id.value, s.csrf_token, s.created_ms, s.last_seen_ms, s.expires_ms,
         s.ip, s.user_agent}));
  }

  Result<Session> GetSession(std::string_view token_hash) override {
    return kit_.Get(kSessions, "token_hash = ?", {std::string(token_hash)});
  }

  Result<void> TouchSession(std::string_view token_hash, int64_t now_ms) override {
    return Done(kit_.Execute("UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?",
                             {now_ms, std::string(token_hash)}));
  }

  Result<void> DeleteSession(std::string_view token_hash) override {
    return Done(
        kit_.Execute("DELETE FROM sessions WHERE token_hash = ?", {std::string(token_hash)}));
  }

  Result<void> DeleteSessionsOfUser(UserId user) override {
    return Done(kit_.Execute("DELETE FROM sessions WHERE user_id = ?", {user.value}));
  }

  Result<int64_t> DeleteExpiredSessions(int64_t now_ms, int64_t idle_ms) override {
    return kit_.Execute("DELETE FROM sessions WHERE expires_ms <= ? OR last_seen_ms <= ?",
                        {now_ms, now_ms - idle_ms});
  }

  // --- API keys ---

  Result<ApiKey> CreateApiKey(const NewApiKey& k) override {
    auto rows = kit_.Query(
        "INSERT INTO api_keys (org_id, name, role, prefix, secret_hash, created_by, created_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {k.org_id.value, k.name, std::string(ToString(k.role)), k.prefix, k.secret_hash,
         OptId(k.created_by), k.created_ms});
    TRY_ASSIGN(int64_t id, FirstInt(ParentMissingIsNotFound(std::move(rows), "organisation")));
    return ApiKey{.id = ApiKeyId{id},
                  .org_id = k.org_id,
                  .name = k.name,
                  .role = k.role,
                  .prefix = k.prefix,
                  .secret_hash = k.secret_hash,
                  .created_by = k.created_by,
                  .created_ms = k.created_ms};
  }

  Result<ApiKey> FindApiKeyByPrefix(std::string_view prefix) override {
    return kit_.Get(kApiKeys, "prefix = ?", {std::string(prefix)});
  }

  Result<Page<ApiKey>> ListApiKeys(OrgId org, PageRequest page) override {
    return kit_.ListPage(kApiKeys, "org_id = ? AND id > ? ORDER BY id LIMIT ?",
                         {org.value, page.after.value_or(0)}, ClampLimit(page.limit),
                         [](const ApiKey& k) { return k.id.value; });
  }

  Result<ApiKey> RevokeApiKey(OrgId org, ApiKeyId id, int64_t now_ms) override {
    return kit_.Run(true, [&](Connection& c) -> Result<ApiKey> {
      TRY(c.Execute(
          "UPDATE api_keys SET revoked_ms = ? WHERE org_id = ? AND id = ? AND revoked_ms IS NULL",
          {now_ms, org.value, id.value}));
      return Get(c, kApiKeys, "org_id = ? AND id = ?", {org.value, id.value});
    });
  }

  Result<void> TouchApiKey(ApiKeyId id, int64_t now_ms) override {
    return Done(
        kit_.Execute("UPDATE api_keys SET last_used_ms = ? WHERE id = ?", {now_ms, id.value}));
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<AccessStore> NewAccessArea(Kit kit) { return std::make_unique<SqlAccess>(kit); }

}  // namespace nazar::sql
