// Webhooks over the API, on both stores, against a real receiver on loopback: admins
// configure (others are refused), the secret is shown once, bad input names its field and
// writes nothing, every change is audited; a completed response and an invitation's moves
// reach the receiver signed; the delivery log, replays and the test event.
#include <gtest/gtest.h>

#include "api/api_fixture.h"
#include "support/sinks.h"
#include "webhooks/signature.h"

namespace nazar {
namespace {

class WebhookApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
  }

  std::string Hooks(const std::string& rest = "") { return OrgPath(org_a_.id, "/webhooks" + rest); }

  json CreateHook(json events, std::string path = "/in") {
    auto made = alice->Post(Hooks(), {{"url", sink.url() + path},
                                      {"description", "CRM"},
                                      {"events", std::move(events)}});
    EXPECT_EQ(made.status, 201) << made.body;
    return made.json();
  }

  // The published survey every response here answers.
  int64_t PublishedSurvey() {
    auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                               {{"name", "After support"}, {"template", "post_support"}, {"languages", {"en"}}});
    EXPECT_EQ(created.status, 201) << created.body;
    int64_t id = created.json()["id"];
    EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(id) + "/publish"), json::object()).status,
              200);
    return id;
  }

  bool Verified(const testing::HttpRequestSeen& r, const std::string& secret) {
    return webhooks::Verify(*webhooks::SecretKey(secret), r.Header("webhook-signature"),
                            r.Header("webhook-id"), std::stoll(r.Header("webhook-timestamp")),
                            r.body, clock_.NowMs() / 1000);
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    const json audit = alice->Get(OrgPath(org_a_.id, "/audit?limit=200")).json();
    for (const json& e : audit["items"]) actions.push_back(e["action"]);
    return actions;
  }

  std::unique_ptr<HttpClient> alice;
  testing::HttpSink sink;
};

TEST_P(WebhookApi, AdminsConfigureAndTheSecretIsShownOnce) {
  json hook = CreateHook({"response.completed", "case.opened"});
  const std::string secret = hook["secret"];
  EXPECT_TRUE(secret.starts_with("whsec_"));
  EXPECT_EQ(hook["events"], json({"response.completed", "case.opened"}));
  EXPECT_EQ(hook["enabled"], true);
  const std::string one = Hooks("/" + std::to_string(hook["id"].get<int64_t>()));
  auto listed = alice->Get(Hooks());
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_EQ(listed.body.find(secret.substr(6)), std::string::npos) << "never shown again";
  EXPECT_EQ(alice->Get(one).body.find(secret.substr(6)), std::string::npos);

  auto changed = alice->Patch(one, {{"events", {"case.closed"}}, {"enabled", false}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["events"], json({"case.closed"}));
  EXPECT_EQ(changed.json()["disabled_reason"], "disabled by an admin");
  auto rotated = alice->Post(one + "/rotate-secret", json::object());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_NE(rotated.json()["secret"], secret);
  EXPECT_FALSE(rotated.json()["rotating_until"].is_null());

  // Analysts, agents and viewers may not; an admin may.
  for (auto [email, role] : {std::pair{"an@a.example", Role::kAnalyst}, {"ag@a.example", Role::kAgent},
                             {"vi@a.example", Role::kViewer}}) {
    auto member = MemberWithRole(org_a_.id, email, role);
    EXPECT_EQ(member->Get(Hooks()).status, 403) << email;
    EXPECT_EQ(member->Post(Hooks(), {{"url", sink.url()}, {"events", {"case.opened"}}}).status, 403);
    EXPECT_EQ(member->Post(one + "/test", json::object()).status, 403);
  }
  auto admin = MemberWithRole(org_a_.id, "ad@a.example", Role::kAdmin);
  EXPECT_EQ(admin->Get(Hooks()).status, 200);

  EXPECT_EQ(alice->Delete(one).status, 204);
  EXPECT_EQ(alice->Get(one).status, 404);
  std::vector<std::string> actions = AuditActions();
  for (const char* action : {"webhook.create", "webhook.update", "webhook.rotate_secret", "webhook.delete"})
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action << " in " << json(actions).dump();
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/audit?limit=200")).body.find(secret.substr(6)),
            std::string::npos);
}

TEST_P(WebhookApi, BadInputNamesTheFieldAndWritesNothing) {
  struct Bad {
    json body;
    std::string field;
  };
  const std::string ok_url = sink.url() + "/in";
  for (const Bad& b : std::vector<Bad>{
           {{{"url", "ftp://x.example/"}, {"events", {"case.opened"}}}, "url"},
           {{{"url", "https://user:pw@x.example/"}, {"events", {"case.opened"}}}, "url"},
           {{{"events", {"case.opened"}}}, "url"},
           {{{"url", ok_url}}, "events"},
           {{{"url", ok_url}, {"events", json::array()}}, "events"},
           {{{"url", ok_url}, {"events", {"case.opened", "case.deleted"}}}, "events[1]"},
           {{{"url", ok_url}, {"events", {"case.opened", "case.opened"}}}, "events[1]"},
           {{{"url", ok_url}, {"events", {"case.opened"}}, {"secret", "whsec_c2hvcnQ="}}, "secret"},
           {{{"url", ok_url}, {"events", {"case.opened"}}, {"secret", "not base64 at all"}}, "secret"},
           {{{"url", ok_url}, {"events", {"case.opened"}}, {"colour", "red"}}, "colour"}}) {
    auto r = alice->Post(Hooks(), b.body);
    EXPECT_EQ(r.status, 400) << b.body.dump() << " -> " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], b.field) << r.body;
  }
  EXPECT_TRUE(alice->Get(Hooks()).json()["items"].empty());
  json hook = CreateHook({"case.opened"});
  const std::string one = Hooks("/" + std::to_string(hook["id"].get<int64_t>()));
  auto bad_patch = alice->Patch(one, {{"url", "gopher://x"}});
  EXPECT_EQ(bad_patch.json()["error"]["field"], "url");
  EXPECT_EQ(alice->Get(one).json()["url"], sink.url() + "/in") << "nothing half-written";
  EXPECT_EQ(alice->Post(one + "/test", {{"event", "case.deleted"}}).json()["error"]["field"], "event");
  EXPECT_EQ(alice->Post(one + "/rotate-secret", {{"secret", "whsec_"}}).json()["error"]["field"], "secret");
  EXPECT_EQ(alice->Get(Hooks("/0")).json()["error"]["field"], "webhook");
  EXPECT_EQ(alice->Get(Hooks("/424242")).status, 404);
}

TEST_P(WebhookApi, ACompletedResponseReachesTheReceiverSignedOnce) {
  json hook = CreateHook({"response.completed"});
  int64_t survey = PublishedSurvey();
  const std::string responses = OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses");
  json answers = {{"csat", 2}, {"ces", 6}, {"resolved", "no"}};
  auto answered = alice->Post(responses, {{"response_id", "r-1"}, {"answers", answers}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  // A retry of the same submission is not a second completion.
  ASSERT_EQ(alice->Post(responses, {{"response_id", "r-1"}, {"answers", answers}}).status, 200);
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(sink.WaitFor(1));
  const testing::HttpRequestSeen r = sink.Requests()[0];
  EXPECT_TRUE(Verified(r, hook["secret"]));
  json body = json::parse(r.body);
  EXPECT_EQ(body["type"], "response.completed");
  EXPECT_EQ(body["data"]["id"], answered.json()["id"]);
  EXPECT_EQ(body["data"]["survey_id"], survey);
  EXPECT_EQ(body["data"]["answers"]["csat"], 2);
  EXPECT_EQ(*dispatcher_->RunOnce(), 0);
  auto log = alice->Get(Hooks("/" + std::to_string(hook["id"].get<int64_t>()) + "/deliveries"));
  ASSERT_EQ(log.status, 200);
  ASSERT_EQ(log.json()["items"].size(), 1u);
  EXPECT_EQ(log.json()["items"][0]["outcome"], "sent");
  EXPECT_EQ(log.json()["items"][0]["status_code"], 200);
  EXPECT_EQ(log.json()["items"][0]["webhook_id"], r.Header("webhook-id"));
}

// The loop as an integrator sees it: a detractor fires an alert rule, which opens a case;
// the case is closed; each step arrives signed, in order, and verifies.
TEST_P(WebhookApi, AlertsAndCasesReachTheReceiverSigned) {
  json hook = CreateHook({"alert.fired", "case.opened", "case.updated", "case.closed"});
  int64_t survey = PublishedSurvey();
  auto rule = alice->Post(OrgPath(org_a_.id, "/alert-rules"),
                          {{"name", "unhappy"}, {"survey_id", survey},
                           {"conditions", {{{"field", "answer.csat"}, {"op", "<="}, {"value", 2}}}}});
  ASSERT_EQ(rule.status, 201) << rule.body;
  auto answered = alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"),
                              {{"response_id", "r-1"}, {"answers", {{"csat", 2}, {"ces", 6}, {"resolved", "no"}}}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  json c = alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"][0];
  std::string path = OrgPath(org_a_.id, "/cases/" + std::to_string(c["id"].get<int64_t>()));
  ASSERT_EQ(alice->Patch(path, {{"version", 1}, {"status", "resolved"}, {"resolution", "refunded"}}).status, 200);
  ASSERT_EQ(alice->Patch(path, {{"version", 2}, {"status", "closed"}}).status, 200);
  while (*dispatcher_->RunOnce() > 0) {
  }
  ASSERT_TRUE(sink.WaitFor(4));
  std::vector<std::string> types;
  for (const testing::HttpRequestSeen& r : sink.Requests()) {
    EXPECT_TRUE(Verified(r, hook["secret"])) << r.body;
    types.push_back(json::parse(r.body)["type"]);
  }
  std::sort(types.begin(), types.end());
  EXPECT_EQ(types, (std::vector<std::string>{"alert.fired", "case.closed", "case.opened", "case.updated"}));
  for (const testing::HttpRequestSeen& r : sink.Requests()) {
    json body = json::parse(r.body);
    if (body["type"] == "alert.fired") {
      EXPECT_EQ(body["data"]["response_id"], answered.json()["id"]);
      EXPECT_EQ(body["data"]["rule"], "unhappy");
    }
    if (body["type"] == "case.closed") {
      EXPECT_EQ(body["data"]["id"], c["id"]);
      EXPECT_EQ(body["data"]["status"], "closed");
      EXPECT_EQ(body["data"]["resolution"], "refunded");
    }
  }
}

TEST_P(WebhookApi, AnInvitationsMovesAreSentAsInvitationUpdated) {
  json hook = CreateHook({"invitation.updated"});
  int64_t survey = PublishedSurvey();
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "call"}}).status, 200);
  auto rule = alice->Post(OrgPath(org_a_.id, "/trigger-rules"),
                          {{"name", "after calls"}, {"survey_id", survey}, {"touchpoint", "call"},
                           {"delivery", "ivr"}});
  ASSERT_EQ(rule.status, 201) << rule.body;
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/interactions"), {{"contact", "c-1"}, {"touchpoint", "call"}}).status,
            201);
  auto invitations = alice->Get(OrgPath(org_a_.id, "/invitations")).json()["items"];
  ASSERT_EQ(invitations.size(), 1u);
  // The IVR "send" marks it sent: invitation.updated goes out with the settlement.
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(sink.WaitFor(1));
  json sent = json::parse(sink.Requests()[0].body);
  EXPECT_EQ(sent["type"], "invitation.updated");
  EXPECT_EQ(sent["data"]["id"], invitations[0]["id"]);
  EXPECT_EQ(sent["data"]["status"], "sent");
  // The respondent opens the link.
  HttpClient browser(base_);
  ASSERT_EQ(browser.Get("/i/" + invitations[0]["token"].get<std::string>()).status, 200);
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(sink.WaitFor(2));
  json opened = json::parse(sink.Requests()[1].body);
  EXPECT_EQ(opened["data"]["status"], "opened");
  EXPECT_TRUE(Verified(sink.Requests()[1], hook["secret"]));
}

TEST_P(WebhookApi, TheTestEventTheLogAndReplays) {
  json hook = CreateHook({"case.opened"});
  const std::string one = Hooks("/" + std::to_string(hook["id"].get<int64_t>()));
  sink.RespondNext(1, 410);
  auto test = alice->Post(one + "/test", {{"event", "case.opened"}});
  ASSERT_EQ(test.status, 202) << test.body;
  EXPECT_TRUE(test.json()["webhook_id"].get<std::string>().starts_with("msg_"));
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  auto gone = alice->Get(one).json();
  EXPECT_EQ(gone["enabled"], false);
  EXPECT_EQ(gone["disabled_reason"], "the receiver answered 410 Gone");
  auto log = alice->Get(one + "/deliveries").json()["items"];
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["outcome"], "failed");
  EXPECT_EQ(log[0]["status_code"], 410);
  const int64_t message = log[0]["message_id"];
  EXPECT_EQ(message, test.json()["message_id"]);

  ASSERT_EQ(alice->Patch(one, {{"enabled", true}}).status, 200);
  auto replayed = alice->Post(one + "/messages/" + std::to_string(message) + "/replay", json::object());
  ASSERT_EQ(replayed.status, 200) << replayed.body;
  EXPECT_EQ(replayed.json()["state"], "pending");
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(sink.WaitFor(2));
  json body = json::parse(sink.Requests()[1].body);
  EXPECT_EQ(body["data"]["test"], true);
  EXPECT_TRUE(Verified(sink.Requests()[1], hook["secret"]));
  // A message that went through is not replayed; replay-all finds nothing left.
  EXPECT_EQ(alice->Post(one + "/messages/" + std::to_string(message) + "/replay", json::object()).status, 409);
  EXPECT_EQ(alice->Post(one + "/replay", json::object()).json()["replayed"], 0);
  // Another endpoint's message is not this one's.
  json other = CreateHook({"case.opened"}, "/other");
  EXPECT_EQ(alice->Post(Hooks("/" + std::to_string(other["id"].get<int64_t>()) + "/messages/" +
                              std::to_string(message) + "/replay"),
                        json::object())
                .status,
            404);
  std::vector<std::string> actions = AuditActions();
  for (const char* action : {"webhook.test", "webhook.disable", "outbox.replay"})
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action << " in " << json(actions).dump();
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
