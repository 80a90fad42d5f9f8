// The outbox's part of the store's contract, run against SQLite and a real PostgreSQL
// server: messages enqueued once per (organisation, topic, key), claimed under leases that
// never overlap, settled only under the lease, listed, replayed; and migration 10, which
// carries the rows of the invitations-only outbox (v5) over.
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "store/sql_driver.h"  // the migration test writes v5-era rows the old way
#include "store/store.h"
#include "support/test_store.h"

namespace nazar {
namespace {

using testing::MakeTestStore;
using testing::TestStore;

constexpr int64_t kT0 = 1'790'000'000'000;
const std::vector<std::string> kWebhooks{"webhook.deliver"};

class OutboxContract : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    t_ = MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    s_ = t_.store.get();
    auto u =
        s_->accounts().CreateUser({.email = "t@example.com", .name = "T", .password_hash = "h"});
    org_ = s_->accounts().CreateOrganisation({.name = "Org", .created_ms = kT0}, u->id)->id;
    other_ = s_->accounts().CreateOrganisation({.name = "Other", .created_ms = kT0}, u->id)->id;
  }

  OutboxMessage Webhook(std::string key, int64_t due = kT0, OrgId org = {}) {
    return {.org_id = org.value ? org : org_,
            .topic = "webhook.deliver",
            .key = key,
            .payload = R"({"hook":1,"key":")" + key + R"("})",
            .due_ms = due,
            .created_ms = kT0};
  }

  // Claims one message and settles it as `state`.
  void ClaimAndSettle(OutboxState state, int64_t now) {
    auto claimed = s_->delivery().ClaimOutbox(kWebhooks, now, 1000, 1, "l");
    ASSERT_TRUE(claimed.has_value() && claimed->size() == 1u);
    ASSERT_TRUE(s_->delivery()
                    .SettleOutbox(org_, (*claimed)[0].id, "l",
                                  {.state = state, .error = "why", .at_ms = now})
                    .has_value());
  }

  TestStore t_;
  Store* s_ = nullptr;
  OrgId org_, other_;
};

TEST_P(OutboxContract, AMessageIsEnqueuedOncePerOrganisationTopicAndKey) {
  EXPECT_EQ(s_->delivery().EnqueueOutbox(Webhook("k1")), true);
  OutboxMessage again = Webhook("k1", kT0 + 5);
  again.payload = R"({"second":true})";
  EXPECT_EQ(s_->delivery().EnqueueOutbox(again),
            false);  // nothing written: the first stays as it was
  EXPECT_EQ(s_->delivery().EnqueueOutbox(Webhook("k1", kT0, other_)), true);
  OutboxMessage alert = Webhook("k1");
  alert.topic = "alert.notify";
  EXPECT_EQ(s_->delivery().EnqueueOutbox(alert), true);
  auto mine = s_->delivery().ListOutbox(org_, {.key = "k1"});
  ASSERT_TRUE(mine.has_value()) << mine.error().ToString();
  ASSERT_EQ(mine->items.size(), 2u);
  const OutboxMessage& first = mine->items[1];  // newest first
  EXPECT_EQ(first.topic, "webhook.deliver");
  EXPECT_EQ(first.payload, R"({"hook":1,"key":"k1"})");
  EXPECT_EQ(first.state, OutboxState::kPending);
  EXPECT_EQ(first.due_ms, kT0);
  EXPECT_EQ(first.attempts, 0);
  EXPECT_EQ(first.created_ms, kT0);
  EXPECT_FALSE(first.done_ms.has_value());
  EXPECT_EQ(s_->delivery().GetOutboxMessage(org_, first.id)->key, "k1");
  EXPECT_EQ(s_->delivery().GetOutboxMessage(other_, first.id).error().code, ErrorCode::kNotFound);

  // Inside the caller's transaction: rolled back with it.
  auto failed = s_->Transact([&](Store& tx) -> Result<void> {
    if (auto q = tx.delivery().EnqueueOutbox(Webhook("k2")); !q) return Fail(q.error());
    return Fail(Error::InvalidArgument("the change that called for it failed", "x"));
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_TRUE(s_->delivery().ListOutbox(org_, {.key = "k2"})->items.empty());
  EXPECT_EQ(s_->delivery().EnqueueOutbox(Webhook("k3", kT0, OrgId{999'999})).error().code,
            ErrorCode::kNotFound);
}

TEST_P(OutboxContract, ClaimsLeaseAndSettleOnlyUnderTheLease) {
  const int64_t due = kT0 + 60'000, lease_ms = 30'000;
  ASSERT_TRUE(s_->delivery().EnqueueOutbox(Webhook("a", due)).has_value());
  OutboxMessage other_topic = Webhook("b", kT0);
  other_topic.topic = "alert.notify";
  ASSERT_TRUE(s_->delivery().EnqueueOutbox(other_topic).has_value());
  EXPECT_EQ(*s_->delivery().NextOutboxDueMs(kWebhooks), due);
  EXPECT_EQ(*s_->delivery().NextOutboxDueMs({"alert.notify", "webhook.deliver"}), kT0);
  EXPECT_EQ(*s_->delivery().NextOutboxDueMs({"case.follow_up"}), std::nullopt);
  EXPECT_TRUE(s_->delivery().ClaimOutbox(kWebhooks, due - 1, lease_ms, 10, "early")->empty());
  EXPECT_TRUE(s_->delivery().ClaimOutbox({}, due, lease_ms, 10, "none")->empty());

  // Only the topics asked for.
  auto claimed = s_->delivery().ClaimOutbox(kWebhooks, due, lease_ms, 10, "lease-a");
  ASSERT_TRUE(claimed.has_value()) << claimed.error().ToString();
  ASSERT_EQ(claimed->size(), 1u);
  OutboxMessage a = (*claimed)[0];
  EXPECT_EQ(a.key, "a");
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(a.lease, "lease-a");
  // Held: nobody else gets it while the lease runs.
  EXPECT_TRUE(
      s_->delivery().ClaimOutbox(kWebhooks, due + lease_ms - 1, lease_ms, 10, "lease-b")->empty());
  // The holder died: after the lease it is claimed again.
  auto reclaimed = s_->delivery().ClaimOutbox(kWebhooks, due + lease_ms, lease_ms, 10, "lease-b");
  ASSERT_EQ(reclaimed->size(), 1u);
  EXPECT_EQ((*reclaimed)[0].attempts, 2);
  // The first holder comes back too late: its settlement changes nothing.
  auto late = s_->delivery().SettleOutbox(org_, a.id, "lease-a",
                                          {.state = OutboxState::kSent, .at_ms = due});
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s_->delivery()
                .SettleOutbox(other_, a.id, "lease-b", {.state = OutboxState::kSent})
                .error()
                .code,
            ErrorCode::kFailedPrecondition);

  // A retry: pending again, later.
  const int64_t retry_at = due + lease_ms + 120'000;
  ASSERT_TRUE(s_->delivery()
                  .SettleOutbox(org_, a.id, "lease-b",
                                {.state = OutboxState::kPending,
                                 .due_ms = retry_at,
                                 .error = "451 busy",
                                 .at_ms = due + lease_ms})
                  .has_value());
  EXPECT_EQ(*s_->delivery().NextOutboxDueMs(kWebhooks), retry_at);
  EXPECT_TRUE(
      s_->delivery().ClaimOutbox(kWebhooks, retry_at - 1, lease_ms, 10, "lease-c")->empty());
  auto third = s_->delivery().ClaimOutbox(kWebhooks, retry_at, lease_ms, 10, "lease-c");
  ASSERT_EQ(third->size(), 1u);
  EXPECT_EQ((*third)[0].last_error, "451 busy");
  ASSERT_TRUE(
      s_->delivery()
          .SettleOutbox(org_, a.id, "lease-c", {.state = OutboxState::kSent, .at_ms = retry_at})
          .has_value());
  EXPECT_EQ(*s_->delivery().NextOutboxDueMs(kWebhooks), std::nullopt);
  EXPECT_TRUE(
      s_->delivery().ClaimOutbox(kWebhooks, retry_at + 10 * lease_ms, lease_ms, 10, "d")->empty());
  auto done = *s_->delivery().GetOutboxMessage(org_, a.id);
  EXPECT_EQ(done.state, OutboxState::kSent);
  EXPECT_EQ(done.done_ms, retry_at);
  EXPECT_EQ(done.last_error, "");
  EXPECT_EQ(done.lease, "");
}

TEST_P(OutboxContract, ConcurrentClaimersNeverShareAMessage) {
  for (int i = 0; i < 120; ++i)
    ASSERT_TRUE(
        s_->delivery().EnqueueOutbox(Webhook("m" + std::to_string(i), kT0 + i % 7)).has_value());
  std::mutex mu;
  std::vector<int64_t> seen;
  std::vector<std::thread> claimers;
  for (int t = 0; t < 4; ++t) {
    claimers.emplace_back([&, t] {
      for (;;) {
        auto got = s_->delivery().ClaimOutbox(kWebhooks, kT0 + 60'000, 60'000, 7,
                                              "claimer-" + std::to_string(t));
        if (!got) continue;  // busy: try again
        if (got->empty()) return;
        std::lock_guard lock(mu);
        for (const auto& m : *got) seen.push_back(m.id);
      }
    });
  }
  for (auto& c : claimers) c.join();
  std::set<int64_t> unique(seen.begin(), seen.end());
  EXPECT_EQ(seen.size(), 120u);
  EXPECT_EQ(unique.size(), 120u);
}

TEST_P(OutboxContract, DeadAndFailedMessagesAreListedAndReplayed) {
  for (const char* key : {"dead", "failed", "sent"})
    ASSERT_TRUE(s_->delivery().EnqueueOutbox(Webhook(key)).has_value());
  ASSERT_TRUE(s_->delivery().EnqueueOutbox(Webhook("waiting", kT0 + 3600'000)).has_value());
  ASSERT_TRUE(s_->delivery().EnqueueOutbox(Webhook("theirs", kT0 + 3600'000, other_)).has_value());
  // Claimed in id order (one due time): dead, failed, sent; the later ones stay pending.
  ClaimAndSettle(OutboxState::kDead, kT0 + 1);
  ClaimAndSettle(OutboxState::kFailed, kT0 + 2);
  ClaimAndSettle(OutboxState::kSent, kT0 + 3);

  auto dead = s_->delivery().ListOutbox(org_, {.state = OutboxState::kDead});
  ASSERT_EQ(dead->items.size(), 1u);
  EXPECT_EQ(dead->items[0].key, "dead");
  EXPECT_EQ(dead->items[0].done_ms, kT0 + 1);
  EXPECT_EQ(dead->items[0].last_error, "why");
  EXPECT_EQ(s_->delivery().ListOutbox(org_, {.state = OutboxState::kFailed})->items[0].key,
            "failed");
  EXPECT_EQ(s_->delivery().ListOutbox(org_, {.state = OutboxState::kPending})->items.size(), 1u);
  EXPECT_TRUE(s_->delivery().ListOutbox(org_, {.topic = "alert.notify"})->items.empty());
  EXPECT_EQ(s_->delivery().ListOutbox(other_, {})->items.size(), 1u);
  // Newest first, a page at a time.
  auto page = s_->delivery().ListOutbox(org_, {.limit = 3});
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[0].key, "waiting");
  ASSERT_TRUE(page->next_after.has_value());
  auto rest = s_->delivery().ListOutbox(org_, {.after = page->next_after, .limit = 3});
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].key, "dead");
  EXPECT_FALSE(rest->next_after.has_value());

  // Replayed: pending again, due now, attempts from zero.
  const int64_t id = dead->items[0].id;
  EXPECT_EQ(s_->delivery().ReplayOutbox(other_, id, kT0 + 10).error().code, ErrorCode::kNotFound);
  auto replayed = s_->delivery().ReplayOutbox(org_, id, kT0 + 10);
  ASSERT_TRUE(replayed.has_value()) << replayed.error().ToString();
  EXPECT_EQ(replayed->state, OutboxState::kPending);
  EXPECT_EQ(replayed->due_ms, kT0 + 10);
  EXPECT_EQ(replayed->attempts, 0);
  EXPECT_FALSE(replayed->done_ms.has_value());
  auto again = s_->delivery().ReplayOutbox(org_, id, kT0 + 11);  // pending now
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.error().field, "id");
  int64_t sent_id = s_->delivery().ListOutbox(org_, {.state = OutboxState::kSent})->items[0].id;
  EXPECT_EQ(s_->delivery().ReplayOutbox(org_, sent_id, kT0).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s_->delivery().ReplayOutbox(org_, 999'999, kT0).error().code, ErrorCode::kNotFound);
  auto claimed = s_->delivery().ClaimOutbox(kWebhooks, kT0 + 10, 1000, 10, "again");
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, id);
  EXPECT_EQ((*claimed)[0].attempts, 1);
  int64_t failed_id = s_->delivery().ListOutbox(org_, {.state = OutboxState::kFailed})->items[0].id;
  EXPECT_EQ(s_->delivery().ReplayOutbox(org_, failed_id, kT0 + 20)->state, OutboxState::kPending);
}

// Migration 10 is tested on data: a database at version 8 gets v5-era outbox rows written
// the old way (raw SQL over the store's own driver, as the old code wrote them), then
// migrates to the latest version, whose outbox must hold the same rows in the new shape.
TEST_P(OutboxContract, MigrationTenCarriesTheInvitationsOutboxOver) {
  TestStore fresh = MakeTestStore(GetParam(), {}, /*migrate=*/false);
  ASSERT_NE(fresh.store, nullptr);
  ASSERT_EQ(fresh.store->MigrateToForTest(8), 8);
  int64_t org_id = 0;
  {
    const bool sqlite = GetParam() == StoreBackend::kSqlite;
    auto driver = sqlite ? sql::MakeSqliteDriver(fresh.url.substr(7), 5000)
                         : sql::MakePostgresDriver(fresh.url);
    auto c = driver->Connect();
    ASSERT_TRUE(c.has_value()) << c.error().ToString();
    auto id = [&](std::string_view statement, const sql::Params& params) -> int64_t {
      auto rows = (*c)->Query(statement, params);
      EXPECT_TRUE(rows.has_value() && rows->size() == 1u)
          << (rows ? "no row" : rows.error().ToString()) << ": " << statement;
      return rows && !rows->empty() ? rows->front().Int(0) : 0;
    };
    const int64_t org = org_id = id(
        "INSERT INTO organisations (name, time_zone, calendar, digits, language, created_ms) "
        "VALUES ('Old', 'Asia/Tehran', 'jalali', 'persian', 'fa', ?) RETURNING id",
        {kT0});
    int64_t survey = id(
        "INSERT INTO surveys (org_id, name, status, draft, created_ms, updated_ms) VALUES (?, "
        "'S', 'published', '{}', ?, ?) RETURNING id",
        {org, kT0, kT0});
    int64_t contact = id(
        "INSERT INTO contacts (org_id, external_id, email, phone, language, attributes, "
        "created_ms, updated_ms) VALUES (?, 'c1', 'c1@x.ir', '', 'fa', '{}', ?, ?) RETURNING id",
        {org, kT0, kT0});
    std::vector<int64_t> invitations;
    for (int i = 0; i < 3; ++i) {
      int64_t interaction = id(
          "INSERT INTO interactions (org_id, contact_id, touchpoint, occurred_ms, channel, "
          "agent, facts, created_ms) VALUES (?, ?, 'call', ?, 'phone', '', '{}', ?) RETURNING id",
          {org, contact, kT0 + i, kT0});
      invitations.push_back(id(
          "INSERT INTO invitations (org_id, rule_id, survey_id, contact_id, interaction_id, "
          "channel, address, token, status, touchpoint, agent, interaction_channel, attempts, "
          "last_error, created_ms, due_ms) VALUES (?, 1, ?, ?, ?, 'email', 'c1@x.ir', ?, "
          "'queued', 'call', '', 'phone', 0, '', ?, ?) RETURNING id",
          {org, survey, contact, interaction, "tok-" + std::to_string(i), kT0, kT0}));
    }
    auto outbox = [&](int64_t invitation, const char* kind, const char* status, sql::Value lease,
                      int64_t attempts, const char* error, sql::Value done) {
      id("INSERT INTO outbox (org_id, invitation_id, kind, due_ms, attempts, status, lease, "
         "last_error, created_ms, done_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
         {org, invitation, std::string(kind), kT0 + 500, attempts, std::string(status), lease,
          std::string(error), kT0, done});
    };
    outbox(invitations[0], "send", "done", std::monostate{}, 1, "", kT0 + 1);
    outbox(invitations[0], "reminder", "pending", std::string("lease-1"), 2, "451 busy",
           std::monostate{});
    outbox(invitations[1], "send", "failed", std::monostate{}, 1, "550 no such user", kT0 + 2);
    outbox(invitations[2], "send", "pending", std::monostate{}, 0, "", std::monostate{});
  }
  auto reached = fresh.store->Migrate();
  ASSERT_TRUE(reached.has_value()) << reached.error().ToString();
  EXPECT_GE(*reached, 10);

  const OrgId org{org_id};
  auto all = fresh.store->delivery().ListOutbox(org, {});
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  ASSERT_EQ(all->items.size(), 4u);
  std::vector<OutboxMessage> rows(all->items.rbegin(), all->items.rend());  // old id order
  auto key = [](int64_t invitation) { return std::to_string(invitation); };
  EXPECT_EQ(rows[0].topic, kInvitationSendTopic);
  EXPECT_EQ(rows[0].state, OutboxState::kSent);
  EXPECT_EQ(rows[0].done_ms, kT0 + 1);
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[1].topic, kInvitationRemindTopic);
  EXPECT_EQ(rows[1].key, rows[0].key);
  EXPECT_EQ(rows[1].state, OutboxState::kPending);
  EXPECT_EQ(rows[1].lease, "lease-1");
  EXPECT_EQ(rows[1].attempts, 2);
  EXPECT_EQ(rows[1].last_error, "451 busy");
  EXPECT_EQ(rows[1].due_ms, kT0 + 500);
  EXPECT_EQ(rows[1].created_ms, kT0);
  EXPECT_EQ(rows[2].state, OutboxState::kFailed);
  EXPECT_EQ(rows[2].last_error, "550 no such user");
  EXPECT_EQ(rows[3].state, OutboxState::kPending);
  EXPECT_FALSE(rows[3].done_ms.has_value());
  for (const OutboxMessage& m : rows) {
    EXPECT_EQ(m.org_id, org);
    EXPECT_EQ(m.payload, R"({"invitation_id":)" + m.key + "}");
  }
  auto invitation_ids = fresh.store->outreach().ListInvitations(org, {});
  ASSERT_EQ(invitation_ids->items.size(), 3u);
  EXPECT_EQ(rows[0].key, key(invitation_ids->items[2].id));  // newest first
  EXPECT_EQ(rows[3].key, key(invitation_ids->items[0].id));
  // The copied rows are the new outbox's: claimed by topic, enqueued once per key.
  auto claimed = fresh.store->delivery().ClaimOutbox({std::string(kInvitationSendTopic)}, kT0 + 500,
                                                     1000, 10, "new");
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].key, rows[3].key);
  EXPECT_EQ(fresh.store->delivery().EnqueueOutbox({.org_id = org,
                                                   .topic = std::string(kInvitationSendTopic),
                                                   .key = rows[3].key,
                                                   .payload = "{}",
                                                   .due_ms = kT0}),
            false);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxContract, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
