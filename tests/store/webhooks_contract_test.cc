// The webhooks area's part of the store's contract, on SQLite and a real PostgreSQL: endpoints
// written, read, found by the event they subscribe to (enabled ones only), changed and deleted;
// their secrets sealed at rest; the delivery log per endpoint; the failed messages found by
// endpoint; other organisations' rows invisible.
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/store.h"
#include "store_contract.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(WebhooksContract);

WebhookEndpoint Endpoint(OrgId org, std::string url, std::vector<std::string> events) {
  return {.org_id = org,
          .url = std::move(url),
          .description = "CRM",
          .events = std::move(events),
          .secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
          .created_ms = kT0,
          .updated_ms = kT0};
}

TEST_P(WebhooksContract, EndpointsAreWrittenReadAndFoundByEvent) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto crm = s_->webhooks().CreateEndpoint(
      Endpoint(w.org.id, "https://crm.example/in", {"response.completed", "case.opened"}));
  ASSERT_TRUE(crm.has_value()) << crm.error().ToString();
  EXPECT_GT(crm->id, 0);
  EXPECT_EQ(crm->events, (std::vector<std::string>{"response.completed", "case.opened"}));
  EXPECT_EQ(crm->state, WebhookState::kEnabled);
  auto cases = s_->webhooks().CreateEndpoint(Endpoint(w.org.id, "https://ops.example/in", {"case.opened"}));
  ASSERT_TRUE(cases.has_value());
  ASSERT_TRUE(s_->webhooks().CreateEndpoint(Endpoint(w.other.id, "https://x.example/", {"case.opened"})));

  auto got = s_->webhooks().GetEndpoint(w.org.id, crm->id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->url, "https://crm.example/in");
  EXPECT_EQ(got->secret, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  EXPECT_FALSE(got->previous_expires_ms.has_value());
  EXPECT_EQ(s_->webhooks().GetEndpoint(w.other.id, crm->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->webhooks().ListEndpoints(w.org.id)->size(), 2u);

  auto subscribed = [&](std::string_view event) {
    auto found = s_->webhooks().ListSubscribed(w.org.id, event);
    EXPECT_TRUE(found.has_value()) << found.error().ToString();
    return found.value_or(std::vector<int64_t>{});
  };
  EXPECT_EQ(subscribed("case.opened"), (std::vector<int64_t>{crm->id, cases->id}));
  EXPECT_EQ(subscribed("response.completed"), (std::vector<int64_t>{crm->id}));
  EXPECT_TRUE(subscribed("case.closed").empty());
  EXPECT_TRUE(subscribed("case.").empty());  // whole event names only
  EXPECT_TRUE(subscribed("%").empty());

  // Disabled endpoints hear nothing; a rotation keeps the previous secret with its expiry.
  WebhookEndpoint changed = *crm;
  changed.state = WebhookState::kDisabled;
  changed.disabled_reason = "the receiver answered 410 Gone";
  changed.previous_secret = changed.secret;
  changed.previous_expires_ms = kT0 + 1000;
  changed.secret = "whsec_" + Base64Encode(std::string(32, 'n'));
  changed.updated_ms = kT0 + 5;
  auto updated = s_->webhooks().UpdateEndpoint(changed);
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_EQ(updated->disabled_reason, "the receiver answered 410 Gone");
  EXPECT_EQ(updated->previous_secret, crm->secret);
  EXPECT_EQ(updated->previous_expires_ms, kT0 + 1000);
  EXPECT_EQ(updated->created_ms, kT0);
  EXPECT_EQ(subscribed("case.opened"), (std::vector<int64_t>{cases->id}));
  changed.org_id = w.other.id;
  EXPECT_EQ(s_->webhooks().UpdateEndpoint(changed).error().code, ErrorCode::kNotFound);

  EXPECT_EQ(s_->webhooks().DeleteEndpoint(w.other.id, cases->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(s_->webhooks().DeleteEndpoint(w.org.id, cases->id).has_value());
  EXPECT_EQ(s_->webhooks().GetEndpoint(w.org.id, cases->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->webhooks().CreateEndpoint(Endpoint(OrgId{999999}, "https://a.example/", {})).error().code,
            ErrorCode::kNotFound);
}

// With a secret key both secrets are sealed at rest; a store without the key reads them
// sealed, one with it in clear.
TEST_P(WebhooksContract, SecretsAreSealedAtRest) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto keyed = OpenStore(t_.url, {.pool_size = 2, .secret_key = RandomBytes(kSecretKeyBytes)});
  ASSERT_TRUE(keyed.has_value());
  WebhookEndpoint e = Endpoint(w.org.id, "https://crm.example/in", {"case.opened"});
  e.previous_secret = "whsec_" + Base64Encode(std::string(24, 'p'));
  e.previous_expires_ms = kT0;
  auto written = (*keyed)->webhooks().CreateEndpoint(e);
  ASSERT_TRUE(written.has_value()) << written.error().ToString();
  EXPECT_EQ(written->secret, e.secret);
  EXPECT_EQ((*keyed)->webhooks().ListEndpoints(w.org.id)->front().previous_secret,
            e.previous_secret);
  auto raw = s_->webhooks().GetEndpoint(w.org.id, written->id);
  EXPECT_TRUE(IsSealed(raw->secret));
  EXPECT_TRUE(IsSealed(raw->previous_secret));
  EXPECT_EQ(raw->secret.find("MfKQ9r8"), std::string::npos);
}

TEST_P(WebhooksContract, TheDeliveryLogIsPerEndpointNewestFirst) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto a = s_->webhooks().CreateEndpoint(Endpoint(w.org.id, "https://a.example/", {"case.opened"}));
  auto b = s_->webhooks().CreateEndpoint(Endpoint(w.org.id, "https://b.example/", {"case.opened"}));
  ASSERT_TRUE(a && b);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(s_->webhooks().AppendDelivery({.org_id = w.org.id,
                                               .endpoint_id = a->id,
                                               .message_id = 7,
                                               .webhook_id = "msg_1",
                                               .event = "case.opened",
                                               .attempt = i,
                                               .status_code = i < 3 ? 500 : 200,
                                               .latency_ms = 12,
                                               .outcome = i < 3 ? "retrying" : "sent",
                                               .error = i < 3 ? "HTTP 500: busy" : "",
                                               .at_ms = kT0 + i}));
  }
  ASSERT_TRUE(s_->webhooks().AppendDelivery(
      {.org_id = w.org.id, .endpoint_id = b->id, .message_id = 8, .webhook_id = "msg_2",
       .event = "case.opened", .attempt = 1, .outcome = "failed", .at_ms = kT0}));
  auto page = s_->webhooks().ListDeliveries(w.org.id, a->id, {.limit = 2});
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].attempt, 3);
  EXPECT_EQ(page->items[0].status_code, 200);
  EXPECT_EQ(page->items[1].error, "HTTP 500: busy");
  ASSERT_TRUE(page->next_after.has_value());
  auto rest = s_->webhooks().ListDeliveries(w.org.id, a->id, {.after = page->next_after, .limit = 2});
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].attempt, 1);
  EXPECT_FALSE(rest->next_after.has_value());
  EXPECT_TRUE(s_->webhooks().ListDeliveries(w.other.id, a->id, {})->items.empty());
  // Deleting an endpoint deletes its log.
  ASSERT_TRUE(s_->webhooks().DeleteEndpoint(w.org.id, a->id).has_value());
  EXPECT_TRUE(s_->webhooks().ListDeliveries(w.org.id, a->id, {})->items.empty());
  EXPECT_EQ(s_->webhooks().ListDeliveries(w.org.id, b->id, {})->items.size(), 1u);
}

TEST_P(WebhooksContract, FailedMessagesAreFoundByEndpoint) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto enqueue = [&](OrgId org, std::string key) {
    ASSERT_TRUE(s_->delivery()
                    .EnqueueOutbox({.org_id = org, .topic = "webhook.deliver", .key = key,
                                    .payload = "{}", .due_ms = kT0, .created_ms = kT0})
                    .value_or(false));
  };
  enqueue(w.org.id, WebhookMessageKey(1, "msg_a"));
  enqueue(w.org.id, WebhookMessageKey(1, "msg_b"));
  enqueue(w.org.id, WebhookMessageKey(11, "msg_c"));  // endpoint 11: "1" is not its prefix
  enqueue(w.org.id, WebhookMessageKey(1, "msg_d"));   // stays pending
  enqueue(w.other.id, WebhookMessageKey(1, "msg_e"));
  auto claimed = s_->delivery().ClaimOutbox({"webhook.deliver"}, kT0, 1000, 4, "l");
  ASSERT_TRUE(claimed.has_value());
  std::vector<int64_t> failed;
  for (const OutboxMessage& m : *claimed) {
    if (m.key.ends_with("msg_d")) continue;
    const OutboxState state = m.key.ends_with("msg_a") ? OutboxState::kDead : OutboxState::kFailed;
    ASSERT_TRUE(s_->delivery().SettleOutbox(m.org_id, m.id, "l", {.state = state, .at_ms = kT0}));
    if (m.org_id == w.org.id && m.key.starts_with("1:")) failed.push_back(m.id);
  }
  std::sort(failed.begin(), failed.end());
  EXPECT_EQ(*s_->webhooks().ListFailedMessages(w.org.id, 1, 100), failed);
  EXPECT_EQ(s_->webhooks().ListFailedMessages(w.org.id, 1, 1)->size(), 1u);
  EXPECT_TRUE(s_->webhooks().ListFailedMessages(w.other.id, 11, 100)->empty());
}

}  // namespace
}  // namespace nazar::store_contract
