// The audit area: the log of administrative actions.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(AuditContract);

TEST_P(AuditContract, AuditIsNewestFirstAndPaged) {
  User u = NewUserOk("a@example.com");
  Organisation o = NewOrgOk("Org", u.id);
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(s_->audit()
                    .AppendAudit({.org_id = o.id,
                                  .actor_user_id = u.id,
                                  .action = "act" + std::to_string(i),
                                  .target = "t",
                                  .details = R"({"i":)" + std::to_string(i) + "}",
                                  .ip = "10.0.0.1",
                                  .at_ms = kT0 + i})
                    .has_value());
  }
  auto first = s_->audit().ListAudit(o.id, {.limit = 4});
  ASSERT_EQ(first->items.size(), 4u);
  EXPECT_EQ(first->items[0].action, "act6");
  EXPECT_EQ(first->items[0].details, R"({"i":6})");
  EXPECT_EQ(first->items[0].actor_user_id, u.id);
  EXPECT_FALSE(first->items[0].actor_api_key_id.has_value());
  auto second = s_->audit().ListAudit(o.id, {.after = first->next_after, .limit = 4});
  ASSERT_EQ(second->items.size(), 3u);
  EXPECT_EQ(second->items[2].action, "act0");
  EXPECT_FALSE(second->next_after.has_value());
}

}  // namespace
}  // namespace nazar::store_contract
