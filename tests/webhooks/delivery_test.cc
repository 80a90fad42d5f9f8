// Webhooks end to end below the API, on both stores: events published in a transaction,
// delivered by the outbox's dispatcher to a real HTTP receiver on loopback, which checks the
// signature with its own HMAC (OpenSSL, not Nazar's code); retries after a 500, a 410 that
// disables the endpoint (audited), secret rotation, replays, and the server-side request
// forgery guard when private addresses are not allowed.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <memory>

#include "core/clock.h"
#include "core/crypto.h"
#include "delivery/dispatcher.h"
#include "support/sinks.h"
#include "support/test_store.h"
#include "webhooks/events.h"
#include "webhooks/publish.h"
#include "webhooks/signature.h"
#include "webhooks/webhooks.h"

namespace nazar::webhooks {
namespace {

using testing::HttpRequestSeen;
using testing::HttpSink;

constexpr int64_t kT0 = 1'790'000'000'000;
constexpr int64_t kHour = 3600'000;

// The receiver's own check of a Standard Webhooks request: base64(HMAC-SHA256(key,
// "{id}.{timestamp}.{body}")) among the header's "v1," signatures.
bool ReceiverVerifies(const HttpRequestSeen& r, const std::string& whsec) {
  const std::string key = testing::Base64DecodeForTest(whsec.substr(6));
  const std::string content =
      r.Header("webhook-id") + "." + r.Header("webhook-timestamp") + "." + r.body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &n);
  unsigned char b64[128] = {};
  EVP_EncodeBlock(b64, mac, static_cast<int>(n));
  const std::string expected = "v1," + std::string(reinterpret_cast<char*>(b64));
  const std::string header = r.Header("webhook-signature");
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(' ', start);
    if (end == std::string::npos) end = header.size();
    if (header.substr(start, end - start) == expected) return true;
    start = end + 1;
  }
  return false;
}

class WebhookDeliveryTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    t_ = testing::MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    user_ = *t_.store->accounts().CreateUser({.email = "a@a.example", .name = "A", .password_hash = "h"});
    org_ = t_.store->accounts().CreateOrganisation({.name = "A", .created_ms = kT0}, user_.id)->id;
    other_ = t_.store->accounts().CreateOrganisation({.name = "B", .created_ms = kT0}, user_.id)->id;
    principal_.user = user_;
    dispatcher_ = std::make_unique<delivery::Dispatcher>(*t_.store, clock_);
    hooks_ = std::make_unique<Webhooks>(*t_.store, clock_,
                                        WebhookOptions{.send = {.allow_private = true}});
    hooks_->RegisterWith(*dispatcher_);
  }

  Actor actor() const { return Actor{principal_, "192.0.2.1"}; }

  WebhookEndpoint Create(std::vector<std::string> events, std::string path = "/hooks") {
    auto e = hooks_->Create(actor(), org_, {.url = sink_.url() + path, .events = std::move(events)});
    EXPECT_TRUE(e.has_value()) << e.error().ToString();
    return e.value_or(WebhookEndpoint{});
  }

  void PublishOk(std::string_view event, const Json& data, OrgId org = {}) {
    auto done = t_.store->Transact([&](Store& tx) {
      return Publish(tx, org.value ? org : org_, event, data, clock_.NowMs());
    });
    ASSERT_TRUE(done.has_value()) << done.error().ToString();
  }

  std::vector<WebhookDelivery> Log(int64_t endpoint) {
    return t_.store->webhooks().ListDeliveries(org_, endpoint, {.limit = 100})->items;
  }

  std::vector<OutboxMessage> Messages() {
    return t_.store->delivery().ListOutbox(org_, {.topic = "webhook.deliver"})->items;
  }

  ManualClockForTest clock_{kT0};
  testing::TestStore t_;
  User user_;
  OrgId org_, other_;
  Principal principal_;
  HttpSink sink_;
  std::unique_ptr<delivery::Dispatcher> dispatcher_;
  std::unique_ptr<Webhooks> hooks_;
};

TEST_P(WebhookDeliveryTest, PublishedEventsArriveSignedAndTheReceiverVerifiesThem) {
  WebhookEndpoint crm = Create({"case.opened", "response.completed"});
  WebhookEndpoint other = Create({"invitation.updated"}, "/other");
  PublishOk("case.opened", {{"case_id", 7}, {"note", "مشتری ناراضی"}});
  PublishOk("case.opened", {{"case_id", 8}}, other_);  // another organisation's event
  ASSERT_EQ(Messages().size(), 1u);
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(sink_.WaitFor(1));
  const HttpRequestSeen r = sink_.Requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/hooks");
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_TRUE(r.Header("webhook-id").starts_with("msg_"));
  EXPECT_EQ(r.Header("webhook-timestamp"), std::to_string(kT0 / 1000));
  EXPECT_TRUE(ReceiverVerifies(r, crm.secret)) << r.Header("webhook-signature");
  EXPECT_FALSE(ReceiverVerifies(r, other.secret));
  Json body = Json::parse(r.body);
  EXPECT_EQ(body["type"], "case.opened");
  EXPECT_EQ(body["timestamp"], "2026-09-21T14:13:20.000Z");
  EXPECT_EQ(body["data"]["note"], "مشتری ناراضی");
  // The receiver's verification with Nazar's own Verify agrees.
  EXPECT_TRUE(Verify(*SecretKey(crm.secret), r.Header("webhook-signature"), r.Header("webhook-id"),
                     kT0 / 1000, r.body, kT0 / 1000));

  auto log = Log(crm.id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].outcome, "sent");
  EXPECT_EQ(log[0].status_code, 200);
  EXPECT_EQ(log[0].attempt, 1);
  EXPECT_EQ(log[0].webhook_id, r.Header("webhook-id"));
  EXPECT_TRUE(log[0].error.empty());
  EXPECT_EQ(Messages()[0].state, OutboxState::kSent);
  EXPECT_TRUE(Log(other.id).empty());
}

TEST_P(WebhookDeliveryTest, A500IsRetriedWithBackoffUnderTheSameWebhookId) {
  WebhookEndpoint crm = Create({"response.completed"});
  sink_.RespondNext(1, 500);
  PublishOk("response.completed", {{"id", 1}});
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  OutboxMessage m = Messages()[0];
  EXPECT_EQ(m.state, OutboxState::kPending);
  // 1 minute, spread by ±20%.
  EXPECT_GE(m.due_ms - kT0, 48'000);
  EXPECT_LE(m.due_ms - kT0, 72'000);
  auto log = Log(crm.id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].outcome, "retrying");
  EXPECT_EQ(log[0].status_code, 500);
  EXPECT_NE(log[0].error.find("HTTP 500"), std::string::npos);
  EXPECT_EQ(*dispatcher_->RunOnce(), 0);  // not due yet
  clock_.Set(m.due_ms);
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(sink_.WaitFor(2));
  auto requests = sink_.Requests();
  EXPECT_EQ(requests[0].Header("webhook-id"), requests[1].Header("webhook-id"));
  EXPECT_EQ(requests[1].Header("webhook-timestamp"), std::to_string(m.due_ms / 1000));
  EXPECT_TRUE(ReceiverVerifies(requests[1], crm.secret));
  EXPECT_EQ(requests[0].body, requests[1].body);
  log = Log(crm.id);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].outcome, "sent");
  EXPECT_EQ(log[0].attempt, 2);
}

TEST_P(WebhookDeliveryTest, A410DisablesTheEndpointAndSaysSoInTheAuditLog) {
  WebhookEndpoint crm = Create({"case.closed"});
  sink_.RespondNext(1, 410);
  PublishOk("case.closed", {{"case_id", 3}});
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  EXPECT_EQ(Messages()[0].state, OutboxState::kFailed);
  auto e = hooks_->Get(org_, crm.id);
  EXPECT_EQ(e->state, WebhookState::kDisabled);
  EXPECT_EQ(e->disabled_reason, "the receiver answered 410 Gone");
  EXPECT_EQ(Log(crm.id)[0].outcome, "failed");
  EXPECT_EQ(Log(crm.id)[0].status_code, 410);
  auto audit = t_.store->audit().ListAudit(org_, {})->items;
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "webhook.disable");
  EXPECT_EQ(audit[0].target, "webhook:" + std::to_string(crm.id));
  EXPECT_FALSE(audit[0].actor_user_id.has_value());
  // A disabled endpoint hears nothing more; enabled again, its failed message is replayed.
  PublishOk("case.closed", {{"case_id", 4}});
  EXPECT_EQ(Messages().size(), 1u);
  ASSERT_TRUE(hooks_->Update(actor(), org_, crm.id, {.enabled = true}).has_value());
  EXPECT_EQ(*hooks_->ReplayFailed(actor(), org_, crm.id), 1);
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  EXPECT_EQ(Messages()[0].state, OutboxState::kSent);
  EXPECT_EQ(sink_.Requests().size(), 2u);
  EXPECT_EQ(*hooks_->ReplayFailed(actor(), org_, crm.id), 0);
  EXPECT_EQ(hooks_->ReplayFailed(actor(), other_, crm.id).error().code, ErrorCode::kNotFound);
}

TEST_P(WebhookDeliveryTest, ARotatedSecretSignsBesideTheNewOneFor24Hours) {
  WebhookEndpoint crm = Create({"case.updated"});
  auto rotated = hooks_->RotateSecret(actor(), org_, crm.id, std::nullopt);
  ASSERT_TRUE(rotated.has_value()) << rotated.error().ToString();
  EXPECT_NE(rotated->secret, crm.secret);
  EXPECT_EQ(rotated->previous_expires_ms, kT0 + 24 * kHour);
  PublishOk("case.updated", {{"case_id", 1}});
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(sink_.WaitFor(1));
  const HttpRequestSeen during = sink_.Requests()[0];
  EXPECT_TRUE(ReceiverVerifies(during, crm.secret));
  EXPECT_TRUE(ReceiverVerifies(during, rotated->secret));
  clock_.Advance(24 * kHour + 1);
  PublishOk("case.updated", {{"case_id", 2}});
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(sink_.WaitFor(2));
  const HttpRequestSeen after = sink_.Requests()[1];
  EXPECT_FALSE(ReceiverVerifies(after, crm.secret));
  EXPECT_TRUE(ReceiverVerifies(after, rotated->secret));
  // A given secret is checked; a bad one changes nothing.
  auto bad = hooks_->RotateSecret(actor(), org_, crm.id, "whsec_short");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "secret");
  EXPECT_EQ(hooks_->Get(org_, crm.id)->secret, rotated->secret);
}

TEST_P(WebhookDeliveryTest, ATestEventGoesToThatEndpointAlone) {
  WebhookEndpoint crm = Create({"case.opened"});
  WebhookEndpoint other = Create({"case.opened"}, "/other");
  auto test = hooks_->SendTest(actor(), org_, crm.id, "invitation.updated");
  ASSERT_TRUE(test.has_value()) << test.error().ToString();
  EXPECT_TRUE(test->webhook_id.starts_with("msg_"));
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(sink_.WaitFor(1));
  const HttpRequestSeen r = sink_.Requests()[0];
  EXPECT_EQ(r.target, "/hooks");
  Json body = Json::parse(r.body);
  EXPECT_EQ(body["type"], "invitation.updated");
  EXPECT_EQ(body["data"]["test"], true);
  EXPECT_EQ(body["data"]["status"], "completed");
  EXPECT_TRUE(ReceiverVerifies(r, crm.secret));
  EXPECT_EQ(Log(crm.id)[0].message_id, test->message_id);
  EXPECT_TRUE(Log(other.id).empty());
  EXPECT_EQ(hooks_->SendTest(actor(), org_, crm.id, "case.deleted").error().field, "event");
  EXPECT_EQ(hooks_->SendTest(actor(), other_, crm.id, "").error().code, ErrorCode::kNotFound);
}

TEST_P(WebhookDeliveryTest, ADeletedEndpointsMessagesAreSkipped) {
  WebhookEndpoint crm = Create({"alert.fired"});
  PublishOk("alert.fired", {{"rule", 1}});
  ASSERT_TRUE(hooks_->Delete(actor(), org_, crm.id).has_value());
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  EXPECT_EQ(Messages()[0].state, OutboxState::kSent);
  EXPECT_EQ(Messages()[0].last_error, "the endpoint was deleted");
  EXPECT_EQ(sink_.Requests().size(), 0u);
}

// Without --webhook-allow-private: loopback, private, link-local and metadata addresses are
// refused when the endpoint is written (400 naming the url) and again when a message is sent
// (a name that resolves to loopback; an endpoint written while they were allowed).
TEST_P(WebhookDeliveryTest, PrivateAddressesAreRefusedUnlessAllowed) {
  auto strict_dispatcher = std::make_unique<delivery::Dispatcher>(*t_.store, clock_);
  Webhooks strict(*t_.store, clock_, {});
  strict.RegisterWith(*strict_dispatcher);
  const std::string port = std::to_string(sink_.port());
  for (const std::string& url : std::vector<std::string>{
           "http://127.0.0.1:" + port + "/", "http://10.0.0.7/hook", "http://169.254.169.254/latest/",
        "http://[::1]:" + port + "/", "http://localhost:" + port + "/", "http://[fe80::1]/"}) {
    auto e = strict.Create(actor(), org_, {.url = url, .events = {"case.opened"}});
    ASSERT_FALSE(e.has_value()) << url;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.error().field, "url") << e.error().message;
  }
  EXPECT_TRUE(hooks_->List(org_)->empty()) << "nothing half-written";

  // A host name that resolves to loopback passes the first check and is refused when sent.
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  const std::string name = host;
  auto named = strict.Create(actor(), org_,
                             {.url = "http://" + name + ":" + port + "/", .events = {"case.opened"}});
  ASSERT_TRUE(named.has_value()) << named.error().ToString();
  // And one written while private addresses were allowed, sent after they no longer are.
  WebhookEndpoint literal = Create({"case.opened"});
  PublishOk("case.opened", {{"case_id", 1}});
  ASSERT_EQ(*strict_dispatcher->RunOnce(), 2);
  EXPECT_EQ(sink_.Requests().size(), 0u) << "nothing reached the receiver";
  for (const WebhookEndpoint& e : {*named, literal}) {
    auto log = Log(e.id);
    ASSERT_EQ(log.size(), 1u) << e.url;
    EXPECT_EQ(log[0].outcome, "failed");
    EXPECT_EQ(log[0].status_code, 0);
    EXPECT_NE(log[0].error.find("loopback"), std::string::npos) << log[0].error;
  }
}

TEST_P(WebhookDeliveryTest, BadInputNamesTheFieldAndWritesNothing) {
  EXPECT_EQ(hooks_->Create(actor(), org_, {.url = "ftp://x.example/", .events = {"case.opened"}})
                .error()
                .field,
            "url");
  EXPECT_EQ(hooks_->Create(actor(), org_,
                           {.url = sink_.url(), .events = {"case.opened"}, .secret = "whsec_!!"})
                .error()
                .field,
            "secret");
  EXPECT_EQ(hooks_->Update(actor(), org_, 424242, {.description = "x"}).error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(hooks_->List(org_)->empty());
  EXPECT_TRUE(t_.store->audit().ListAudit(org_, {})->items.empty());
  // A secret given is kept as given.
  const std::string given = "whsec_" + Base64Encode(std::string(32, 'g'));
  auto e = hooks_->Create(actor(), org_, {.url = sink_.url(), .events = {"case.opened"}, .secret = given});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->secret, given);
  auto audit = t_.store->audit().ListAudit(org_, {})->items;
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "webhook.create");
  EXPECT_EQ(audit[0].actor_user_id, user_.id);
  EXPECT_EQ(audit[0].details.find(given.substr(6)), std::string::npos) << "no secret in the audit";
}

// The ingest path's cache: an organisation without subscribers costs no query until the
// cache's time is up; this node's changes count at once, another node's within the time.
TEST_P(WebhookDeliveryTest, TheSubscriberCacheSparesTheQueryAndForgetsOnChange) {
  SubscriberCache cache(clock_, 2000);
  Webhooks cached(*t_.store, clock_, {.send = {.allow_private = true}, .subscribers = &cache});
  Store& s = *t_.store;
  EXPECT_FALSE(*cache.MayHaveSubscribers(s, org_, "response.completed"));
  const uint64_t before = s.stats().queries.load();
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(*cache.MayHaveSubscribers(s, org_, "response.completed"));
  EXPECT_EQ(s.stats().queries.load(), before) << "known: nothing read";
  auto e = cached.Create(actor(), org_, {.url = sink_.url(), .events = {"response.completed"}});
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(*cache.MayHaveSubscribers(s, org_, "response.completed")) << "this node's change, at once";
  EXPECT_FALSE(*cache.MayHaveSubscribers(s, org_, "case.opened"));
  // Another node (the store directly) disables it: seen when the cache's time is up.
  WebhookEndpoint off = *e;
  off.state = WebhookState::kDisabled;
  ASSERT_TRUE(s.webhooks().UpdateEndpoint(off).has_value());
  EXPECT_TRUE(*cache.MayHaveSubscribers(s, org_, "response.completed"));
  clock_.Advance(2000);
  EXPECT_FALSE(*cache.MayHaveSubscribers(s, org_, "response.completed"));
  // A completed response publishes through it: nothing for an organisation without subscribers.
  const Response r{.org_id = other_, .status = ResponseStatus::kComplete};
  ASSERT_TRUE(PublishResponseCompleted(s, r, kT0, &cache).has_value());
  EXPECT_TRUE(Messages().empty());
}

TEST(WebhookRetryPolicy, SpansAboutThreeDays) {
  const delivery::RetryPolicy p = DefaultRetryPolicy();
  int64_t plain = 0, low = 0, high = 0;
  for (int attempt = 1; attempt < p.max_attempts; ++attempt) {
    plain += p.DelayMs(attempt);
    for (int64_t message = 1; message <= 50; ++message) {
      const int64_t d = p.DelayMs(attempt, message);
      EXPECT_GE(d, p.DelayMs(attempt) * 8 / 10);
      EXPECT_LE(d, p.DelayMs(attempt) * 12 / 10 + 1);
    }
    low += p.DelayMs(attempt, 1);
    high += p.DelayMs(attempt, 2);
  }
  EXPECT_EQ(plain, (511 + 8 * 480) * 60'000);  // 72.5 hours
  EXPECT_NE(low, high) << "jitter spreads messages apart";
  EXPECT_GT(low, 60 * kHour);
  EXPECT_LT(low, 85 * kHour);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookDeliveryTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar::webhooks
