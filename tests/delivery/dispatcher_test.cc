// The outbox's dispatcher on both stores, with handlers that send nothing: each topic goes
// to its own handler under its own retry policy, a node claims only the topics it handles,
// a handler's record commits with the settlement or not at all, and a replay puts the
// handler's domain back in the replay's own transaction.
#include "delivery/dispatcher.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "support/test_store.h"

namespace nazar::delivery {
namespace {

constexpr int64_t kT0 = 1'790'000'000'000;

// Answers every message with `answer`; its record writes a follow-up message (a domain
// effect) unless told to fail.
class FakeHandler final : public MessageHandler {
 public:
  Attempt Deliver(const OutboxMessage& m) override {
    delivered.push_back(m.key);
    Attempt a{.send = answer};
    a.record = [this, m](Store& tx, const Settled& s) -> Result<void> {
      if (fail_record) return Fail(Error::Internal("the record failed"));
      settled.push_back(s.state);
      auto q = tx.delivery().EnqueueOutbox(
          {.org_id = m.org_id,
           .topic = "follow.up",
           .key = m.topic + ":" + m.key + ":" + std::to_string(m.attempts),
           .payload = "{}",
           .due_ms = s.at_ms});
      if (!q) return Fail(q.error());
      return {};
    };
    return a;
  }
  Result<void> Replayed(Store& tx, const OutboxMessage& m, int64_t now_ms) override {
    if (fail_replay) return Fail(Error::Internal("the domain could not be put back"));
    replayed.push_back(m.key);
    auto q = tx.delivery().EnqueueOutbox({.org_id = m.org_id,
                                          .topic = "follow.up",
                                          .key = "replayed:" + m.key,
                                          .payload = "{}",
                                          .due_ms = now_ms});
    if (!q) return Fail(q.error());
    return {};
  }

  SendResult answer{SendOutcome::kRetry, "503 busy", false};
  bool fail_record = false;
  bool fail_replay = false;
  std::vector<std::string> delivered;
  std::vector<OutboxState> settled;
  std::vector<std::string> replayed;
};

class DispatcherTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    t_ = testing::MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    auto u = t_.store->accounts().CreateUser(
        {.email = "o@example.com", .name = "O", .password_hash = "h"});
    principal_.user = *u;
    org_ = t_.store->accounts().CreateOrganisation({.name = "Org", .created_ms = kT0}, u->id)->id;
    dispatcher_ = std::make_unique<Dispatcher>(*t_.store, clock_);
    dispatcher_->Register("webhook.deliver", webhooks_, {.max_attempts = 2, .base_ms = 1000});
    dispatcher_->Register("alert.notify", alerts_, {.max_attempts = 5, .base_ms = 10});
  }

  void Enqueue(const std::string& topic, const std::string& key) {
    ASSERT_TRUE(t_.store->delivery()
                    .EnqueueOutbox({.org_id = org_,
                                    .topic = topic,
                                    .key = key,
                                    .payload = "{}",
                                    .due_ms = clock_.NowMs()})
                    .value_or(false));
  }
  OutboxMessage Only(const std::string& topic) {
    auto page = t_.store->delivery().ListOutbox(org_, {.topic = topic});
    EXPECT_EQ(page->items.size(), 1u) << topic;
    return page->items.empty() ? OutboxMessage{} : page->items[0];
  }

  testing::TestStore t_;
  ManualClockForTest clock_{kT0};
  Principal principal_;
  OrgId org_;
  FakeHandler webhooks_, alerts_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_P(DispatcherTest, EachTopicGoesToItsHandlerUnderItsOwnRetryPolicy) {
  Enqueue("webhook.deliver", "w");
  Enqueue("alert.notify", "a");
  Enqueue("case.follow_up", "c");  // no handler on this node: left for another
  ASSERT_EQ(*dispatcher_->RunOnce(), 2);
  EXPECT_EQ(webhooks_.delivered, std::vector<std::string>{"w"});
  EXPECT_EQ(alerts_.delivered, std::vector<std::string>{"a"});
  EXPECT_EQ(Only("webhook.deliver").due_ms, kT0 + 1000);
  EXPECT_EQ(Only("alert.notify").due_ms, kT0 + 10);
  EXPECT_EQ(Only("case.follow_up").attempts, 0);

  clock_.Advance(1000);
  ASSERT_EQ(*dispatcher_->RunOnce(), 2);
  OutboxMessage webhook = Only("webhook.deliver");  // two attempts: its policy's last
  EXPECT_EQ(webhook.state, OutboxState::kDead);
  EXPECT_EQ(webhook.last_error, "503 busy");
  EXPECT_EQ(webhook.done_ms, kT0 + 1000);
  EXPECT_EQ(Only("alert.notify").state, OutboxState::kPending);
  EXPECT_EQ(Only("alert.notify").due_ms, kT0 + 1000 + 20);
  EXPECT_EQ(webhooks_.settled, (std::vector<OutboxState>{OutboxState::kPending, OutboxState::kDead}));

  alerts_.answer = {SendOutcome::kPermanent, "410 gone", false};
  clock_.Advance(20);
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  EXPECT_EQ(Only("alert.notify").state, OutboxState::kFailed);
  EXPECT_EQ(Only("case.follow_up").state, OutboxState::kPending);
  for (const TopicCounts& c : dispatcher_->counts()) {
    if (c.topic == "webhook.deliver") {
      EXPECT_EQ(c.retried, 1u);
      EXPECT_EQ(c.dead, 1u);
    } else {
      EXPECT_EQ(c.topic, "alert.notify");
      EXPECT_EQ(c.retried, 2u);
      EXPECT_EQ(c.failed, 1u);
    }
  }
}

TEST_P(DispatcherTest, AHandlersRecordCommitsWithTheSettlementOrNotAtAll) {
  Enqueue("webhook.deliver", "w");
  webhooks_.answer = {SendOutcome::kSent, "", false};
  webhooks_.fail_record = true;
  auto claimed = dispatcher_->Claim();
  ASSERT_EQ(claimed->size(), 1u);
  Attempt attempt = dispatcher_->Deliver((*claimed)[0]);
  auto settled = dispatcher_->Settle((*claimed)[0], attempt);
  ASSERT_FALSE(settled.has_value());
  OutboxMessage held = Only("webhook.deliver");  // still under the claim's lease: not settled
  EXPECT_EQ(held.state, OutboxState::kPending);
  EXPECT_EQ(held.lease, (*claimed)[0].lease);
  EXPECT_TRUE(t_.store->delivery().ListOutbox(org_, {.topic = "follow.up"})->items.empty());

  webhooks_.fail_record = false;
  ASSERT_TRUE(dispatcher_->Settle((*claimed)[0], attempt).has_value());
  EXPECT_EQ(Only("webhook.deliver").state, OutboxState::kSent);
  EXPECT_EQ(Only("follow.up").key, "webhook.deliver:w:1");
}

TEST_P(DispatcherTest, AReplayPutsTheDomainBackInItsOwnTransaction) {
  Enqueue("webhook.deliver", "w");
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(*dispatcher_->RunOnce(), 1);
    clock_.Advance(1000);
  }
  const int64_t id = Only("webhook.deliver").id;
  const Actor actor{principal_, "127.0.0.1"};
  webhooks_.fail_replay = true;
  EXPECT_FALSE(dispatcher_->Replay(actor, org_, id).has_value());
  EXPECT_EQ(Only("webhook.deliver").state, OutboxState::kDead);  // nothing changed
  EXPECT_TRUE(t_.store->audit().ListAudit(org_, {})->items.empty());

  webhooks_.fail_replay = false;
  auto replayed = dispatcher_->Replay(actor, org_, id);
  ASSERT_TRUE(replayed.has_value()) << replayed.error().ToString();
  EXPECT_EQ(webhooks_.replayed, std::vector<std::string>{"w"});
  EXPECT_TRUE(t_.store->delivery().ListOutbox(org_, {.key = "replayed:w"})->items.size() == 1u);
  auto audit = t_.store->audit().ListAudit(org_, {});
  ASSERT_EQ(audit->items.size(), 1u);
  EXPECT_EQ(audit->items[0].action, "outbox.replay");
  EXPECT_EQ(audit->items[0].actor_user_id, principal_.user->id);
  webhooks_.answer = {SendOutcome::kSent, "", false};
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  EXPECT_EQ(Only("webhook.deliver").state, OutboxState::kSent);
  EXPECT_EQ(Only("webhook.deliver").attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatcherTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar::delivery
