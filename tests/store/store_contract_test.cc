// The store as a whole: migrations, transactions, concurrency, reopening, opening URLs,
// and that one organisation never sees another's data.
#include "store_contract.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "store/store.h"
#include "support/temp_dir.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(StoreContractAsAWhole);

TEST_P(StoreContractAsAWhole, MigrateIsIdempotentAndReportsTheVersion) {
  auto v1 = s_->SchemaVersion();
  ASSERT_TRUE(v1.has_value());
  EXPECT_GE(*v1, 1);
  auto again = s_->Migrate();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, *v1);
  EXPECT_EQ(s_->backend(), GetParam());
}

TEST_P(StoreContractAsAWhole, ConcurrentMigrationsAgree) {
  // Several processes starting at once all migrate; simulate with fresh stores on one DB.
  auto other = OpenStore(t_.url);
  ASSERT_TRUE(other.has_value());
  std::atomic<int> ok{0};
  std::thread a([&] { ok += s_->Migrate().has_value(); });
  std::thread b([&] { ok += (*other)->Migrate().has_value(); });
  a.join();
  b.join();
  EXPECT_EQ(ok.load(), 2);
}

TEST_P(StoreContractAsAWhole, OtherOrganisationsDataIsInvisible) {
  User a = NewUserOk("a@example.com");
  User b = NewUserOk("b@example.com");
  Organisation oa = NewOrgOk("A", a.id);
  Organisation ob = NewOrgOk("B", b.id);
  auto key = s_->access().CreateApiKey({.org_id = oa.id,
                                        .name = "crm",
                                        .role = Role::kAnalyst,
                                        .prefix = "pA",
                                        .secret_hash = "s",
                                        .created_ms = kT0});
  ASSERT_TRUE(key.has_value());
  ASSERT_TRUE(s_->audit()
                  .AppendAudit({.org_id = oa.id, .action = "x", .target = "y", .at_ms = kT0})
                  .has_value());

  EXPECT_EQ(s_->accounts().GetMember(ob.id, a.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->accounts().SetMemberRole(ob.id, a.id, Role::kViewer).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(s_->accounts().RemoveMember(ob.id, a.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(s_->access().ListApiKeys(ob.id, {})->items.empty());
  EXPECT_EQ(s_->access().RevokeApiKey(ob.id, key->id, kT0).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(s_->access().FindApiKeyByPrefix("pA")->revoked_ms.has_value());
  EXPECT_TRUE(s_->audit().ListAudit(ob.id, {})->items.empty());
  auto members_b = s_->accounts().ListMembers(ob.id, {});
  ASSERT_EQ(members_b->items.size(), 1u);
  EXPECT_EQ(members_b->items[0].user_id, b.id);
}

TEST_P(StoreContractAsAWhole, TransactCommitsAllOrNothing) {
  User u = NewUserOk("t@example.com");
  Organisation o = NewOrgOk("Org", u.id);
  // A failure half-way leaves nothing behind.
  auto failed = s_->Transact([&](Store& tx) -> Result<void> {
    auto v =
        tx.accounts().CreateUser({.email = "ghost@example.com", .name = "g", .password_hash = "h"});
    if (!v) return Fail(v.error());
    if (auto m = tx.accounts().AddMember(o.id, v->id, Role::kViewer, kT0); !m)
      return Fail(m.error());
    return Fail(Error::InvalidArgument("boom", "x"));
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().field, "x");
  EXPECT_EQ(s_->accounts().FindUserByEmail("ghost@example.com").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->accounts().ListMembers(o.id, {})->items.size(), 1u);

  auto ok = s_->Transact([&](Store& tx) -> Result<void> {
    auto v =
        tx.accounts().CreateUser({.email = "real@example.com", .name = "r", .password_hash = "h"});
    if (!v) return Fail(v.error());
    if (auto m = tx.accounts().AddMember(o.id, v->id, Role::kViewer, kT0); !m)
      return Fail(m.error());
    auto a = tx.audit().AppendAudit(
        {.org_id = o.id, .action = "member.add", .target = "t", .at_ms = kT0});
    if (!a) return Fail(a.error());
    return {};
  });
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(s_->accounts().ListMembers(o.id, {})->items.size(), 2u);
  EXPECT_EQ(s_->audit().ListAudit(o.id, {})->items.size(), 1u);
}

TEST_P(StoreContractAsAWhole, AThrowingTransactionRollsBackAndFreesItsConnection) {
  EXPECT_THROW((void)s_->Transact([&](Store& tx) -> Result<void> {
    auto u = tx.accounts().CreateUser(
        {.email = "thrown@example.com", .name = "t", .password_hash = "h"});
    if (!u) return Fail(u.error());
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(s_->accounts().FindUserByEmail("thrown@example.com").error().code,
            ErrorCode::kNotFound);
  // No write lock or open transaction was left behind: writes from every pooled
  // connection still land at once.
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> writers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    writers.emplace_back([&, i] {
      ok += s_->accounts()
                .CreateUser({.email = "after" + std::to_string(i) + "@example.com",
                             .name = "a",
                             .password_hash = "h"})
                .has_value();
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
  EXPECT_EQ(*s_->accounts().CountUsers(), 8);
}

TEST_P(StoreContractAsAWhole, ConcurrentWritersAllLand) {
  constexpr int kThreads = 8, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto u = s_->accounts().CreateUser(
            {.email = "c" + std::to_string(t) + "_" + std::to_string(i) + "@example.com",
             .name = "c",
             .password_hash = "h"});
        if (!u) {
          ++failures;
          ADD_FAILURE() << u.error().ToString();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*s_->accounts().CountUsers(), kThreads * kEach);
}

TEST_P(StoreContractAsAWhole, DataSurvivesReopening) {
  User u = NewUserOk("durable@example.com");
  t_.store.reset();
  auto reopened = OpenStore(t_.url);
  ASSERT_TRUE(reopened.has_value());
  auto got = (*reopened)->accounts().FindUserByEmail("durable@example.com");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, u.id);
}

// A new SQLite database is switched to WAL by the pool and the background checkpointer at
// once; under load that used to fail with "database is locked" (seen in CI-like runs).
TEST(SqliteStoreOpen, FreshDatabasesOpenUnderContention) {
  std::atomic<int> failures{0};
  auto open_many = [&] {
    for (int i = 0; i < 40; ++i) {
      testing::TempDir dir("nazar-open");
      auto store = OpenStore("sqlite:" + dir.path() + "/n.db", {.pool_size = 4});
      if (!store || !(*store)->Migrate()) ++failures;
    }
  };
  std::thread a(open_many), b(open_many), c(open_many);
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(OpenStoreTest, RejectsUnknownUrlsNamingTheField) {
  auto s = OpenStore("mysql://x");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().field, "db");
  auto unreachable = OpenStore("postgresql://nazar@127.0.0.1:1/x?connect_timeout=1");
  ASSERT_FALSE(unreachable.has_value());
  EXPECT_EQ(unreachable.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace nazar::store_contract
