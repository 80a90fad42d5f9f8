// The access area: sessions and API keys.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(AccessContract);

TEST_P(AccessContract, SessionsLiveAndExpire) {
  User u = NewUserOk("s@example.com");
  Session s{.token_hash = "th1",
            .user_id = u.id,
            .csrf_token = "c1",
            .created_ms = kT0,
            .last_seen_ms = kT0,
            .expires_ms = kT0 + 1000,
            .ip = "127.0.0.1",
            .user_agent = "test"};
  ASSERT_TRUE(s_->access().CreateSession(s).has_value());
  EXPECT_EQ(s_->access().CreateSession(s).error().code, ErrorCode::kAlreadyExists);
  auto got = s_->access().GetSession("th1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->csrf_token, "c1");
  EXPECT_EQ(got->user_id, u.id);
  ASSERT_TRUE(s_->access().TouchSession("th1", kT0 + 500).has_value());
  EXPECT_EQ(s_->access().GetSession("th1")->last_seen_ms, kT0 + 500);

  Session idle = s;
  idle.token_hash = "th2";
  idle.expires_ms = kT0 + 100000;
  ASSERT_TRUE(s_->access().CreateSession(idle).has_value());
  // At kT0+2000: th1 is past its absolute expiry; th2 idle for 2000 ms > 1500 ms.
  EXPECT_EQ(*s_->access().DeleteExpiredSessions(kT0 + 2000, 1500), 2);
  EXPECT_EQ(s_->access().GetSession("th1").error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(s_->access().CreateSession(s).has_value());
  ASSERT_TRUE(s_->access().DeleteSessionsOfUser(u.id).has_value());
  EXPECT_EQ(s_->access().GetSession("th1").error().code, ErrorCode::kNotFound);
}

TEST_P(AccessContract, ApiKeysAreScopedRevocableAndPaged) {
  User u = NewUserOk("k@example.com");
  Organisation o = NewOrgOk("Org", u.id);
  for (int i = 0; i < 3; ++i) {
    auto k = s_->access().CreateApiKey({.org_id = o.id,
                                        .name = "key" + std::to_string(i),
                                        .role = Role::kAgent,
                                        .prefix = "p" + std::to_string(i),
                                        .secret_hash = "h" + std::to_string(i),
                                        .created_by = u.id,
                                        .created_ms = kT0});
    ASSERT_TRUE(k.has_value()) << k.error().ToString();
  }
  auto dup =
      s_->access().CreateApiKey({.org_id = o.id, .name = "x", .prefix = "p0", .secret_hash = "h"});
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(
      s_->access().CreateApiKey({.org_id = OrgId{99999}, .name = "x", .prefix = "zz"}).error().code,
      ErrorCode::kNotFound);

  auto found = s_->access().FindApiKeyByPrefix("p1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "key1");
  EXPECT_EQ(found->role, Role::kAgent);
  EXPECT_EQ(found->secret_hash, "h1");
  EXPECT_EQ(found->created_by, u.id);

  auto p1 = s_->access().ListApiKeys(o.id, {.limit = 2});
  ASSERT_EQ(p1->items.size(), 2u);
  ASSERT_TRUE(p1->next_after.has_value());
  auto p2 = s_->access().ListApiKeys(o.id, {.after = p1->next_after, .limit = 2});
  ASSERT_EQ(p2->items.size(), 1u);
  EXPECT_FALSE(p2->next_after.has_value());

  auto revoked = s_->access().RevokeApiKey(o.id, found->id, kT0 + 5);
  ASSERT_TRUE(revoked.has_value());
  EXPECT_EQ(revoked->revoked_ms, kT0 + 5);
  // Revoking again keeps the first revocation time.
  EXPECT_EQ(s_->access().RevokeApiKey(o.id, found->id, kT0 + 9)->revoked_ms, kT0 + 5);
  ASSERT_TRUE(s_->access().TouchApiKey(found->id, kT0 + 7).has_value());
  EXPECT_EQ(s_->access().FindApiKeyByPrefix("p1")->last_used_ms, kT0 + 7);
}

}  // namespace
}  // namespace nazar::store_contract
