// The access area of the store: sign-in sessions and API keys, the two ways a request
// says who it speaks for (store.h has the rules every area keeps).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

struct NewApiKey {
  OrgId org_id;
  std::string name;
  Role role = Role::kViewer;
  std::string prefix;
  std::string secret_hash;
  std::optional<UserId> created_by;
  int64_t created_ms = 0;
};

class AccessStore {
 public:
  virtual ~AccessStore() = default;

  // Sessions, keyed by the hash of their token.
  virtual Result<void> CreateSession(const Session& session) = 0;
  virtual Result<Session> GetSession(std::string_view token_hash) = 0;
  virtual Result<void> TouchSession(std::string_view token_hash, int64_t now_ms) = 0;
  virtual Result<void> DeleteSession(std::string_view token_hash) = 0;
  virtual Result<void> DeleteSessionsOfUser(UserId user) = 0;
  virtual Result<int64_t> DeleteExpiredSessions(int64_t now_ms, int64_t idle_ms) = 0;

  // API keys. FindApiKeyByPrefix is the only lookup without an OrgId: the key decides
  // which organisation a request speaks for.
  virtual Result<ApiKey> CreateApiKey(const NewApiKey& key) = 0;
  virtual Result<ApiKey> FindApiKeyByPrefix(std::string_view prefix) = 0;
  virtual Result<Page<ApiKey>> ListApiKeys(OrgId org, PageRequest page) = 0;  // by id
  virtual Result<ApiKey> RevokeApiKey(OrgId org, ApiKeyId id, int64_t now_ms) = 0;
  virtual Result<void> TouchApiKey(ApiKeyId id, int64_t now_ms) = 0;
};

}  // namespace nazar
