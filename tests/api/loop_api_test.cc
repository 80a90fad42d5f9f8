// Closing the loop through the API, on both stores: a detractor's case carries the rating,
// a note records reaching the customer, closing asks "did we resolve it?" by e-mail (a real
// SMTP sink), the customer's "no" on the public page reopens the case, a later rating from
// the same customer is the case's recovery, and the loop's measures count all of it.
#include <gtest/gtest.h>

#include <regex>

#include "api/api_fixture.h"
#include "support/sinks.h"

namespace nazar {
namespace {

class LoopApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
    auto created = alice->Post(OrgPath(org_a_.id, "/surveys"), {{"name", "Relationship"},
                                                                {"template", "relationship_nps"},
                                                                {"languages", {"fa", "en"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    survey = created.json()["id"];
    ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/publish"), json::object()).status, 200);
    ASSERT_EQ(alice->Put(OrgPath(org_a_.id, "/channel-settings"),
                         {{"smtp", {{"host", "127.0.0.1"}, {"port", smtp.port()}, {"tls", "none"},
                                    {"from_address", "cx@a.example"}, {"from_name", "A Shop"}}}}).status, 200);
    ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"),
                          {{"external_id", "c-1"}, {"email", "mina@example.com"}, {"language", "fa"}}).status, 200);
    auto rule = alice->Post(OrgPath(org_a_.id, "/alert-rules"),
                            {{"name", "Detractors"}, {"survey_id", survey},
                             {"conditions", {{{"field", "answer.nps"}, {"op", "<="}, {"value", 6}}}}});
    ASSERT_EQ(rule.status, 201) << rule.body;
  }

  HttpResult Rate(const std::string& key, int nps, const std::string& contact = "c-1") {
    json body = {{"response_id", key}, {"touchpoint", "support"}, {"answers", {{"nps", nps}}}};
    if (!contact.empty()) body["hidden"] = {{"contact", contact}};
    return alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"), body);
  }

  HttpResult Form(const std::string& path, const std::string& body) {
    HttpClient browser(base_);
    browser.content_type = "application/x-www-form-urlencoded";
    return browser.Send("POST", path, body);
  }

  testing::SmtpSink smtp;
  std::unique_ptr<HttpClient> alice;
  int64_t survey = 0;
};

TEST_P(LoopApi, TheCustomerSaysItIsNotResolvedAndTheCaseReopens) {
  ASSERT_EQ(Rate("first", 3).status, 201);
  json c = alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"][0];
  EXPECT_EQ(c["nps"], 3);
  EXPECT_TRUE(c["first_contact_at"].is_null());
  const std::string path = OrgPath(org_a_.id, "/cases/" + std::to_string(c["id"].get<int64_t>()));

  auto bad_way = alice->Post(path + "/notes", {{"text", "called"}, {"contact", "pigeon"}});
  EXPECT_EQ(bad_way.status, 400);
  EXPECT_EQ(bad_way.json()["error"]["field"], "contact");
  ASSERT_EQ(alice->Post(path + "/notes", {{"text", "Called her back"}, {"contact", "phone"}}).status, 201);
  c = alice->Get(path).json();
  EXPECT_FALSE(c["first_contact_at"].is_null()) << "a noted call reaches the customer";

  auto early = alice->Patch(path, {{"version", c["version"]}, {"status", "open"}, {"ask_customer", true}});
  EXPECT_EQ(early.status, 400);
  EXPECT_EQ(early.json()["error"]["field"], "ask_customer");
  auto resolved = alice->Patch(path, {{"version", c["version"]}, {"status", "resolved"}, {"resolution", "Refunded"}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  auto closed = alice->Patch(path, {{"version", resolved.json()["version"]}, {"status", "closed"}, {"ask_customer", true}});
  ASSERT_EQ(closed.status, 200) << closed.body;

  for (int i = 0; i < 3; ++i) ASSERT_TRUE(dispatcher_->RunOnce().has_value());
  ASSERT_TRUE(smtp.WaitFor(1, std::chrono::seconds(10)));
  auto mail = smtp.Messages();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].rcpt_to, std::vector<std::string>{"mina@example.com"});
  std::smatch link;
  const std::string body = mail[0].Body();
  ASSERT_TRUE(std::regex_search(body, link, std::regex("/case-check/([A-Za-z0-9_-]+)"))) << body;
  const std::string page = link[0];

  HttpClient customer(base_);
  auto shown = customer.Get(page);
  ASSERT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("آیا مشکل شما حل شد؟"), std::string::npos) << "in the contact's language";
  EXPECT_NE(shown.body.find("dir=\"rtl\""), std::string::npos);
  EXPECT_EQ(customer.Get("/case-check/not-a-token").status, 404);
  auto unanswered = Form(page, "language=fa&a.comment=hm");
  EXPECT_EQ(unanswered.status, 400) << "the question is required";

  auto answered = Form(page, "language=fa&a.resolved=no&a.comment=%D9%87%D9%86%D9%88%D8%B2");
  ASSERT_EQ(answered.status, 200) << answered.body;
  c = alice->Get(path).json();
  EXPECT_EQ(c["status"], "open") << "a no reopens the case";
  ASSERT_EQ(c["checks"].size(), 1u);
  EXPECT_EQ(c["checks"][0]["answer"], "no");
  EXPECT_EQ(c["checks"][0]["comment"], "هنوز");
  std::vector<std::string> kinds;
  for (const json& e : c["history"]) kinds.push_back(e["kind"]);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "check_sent"), kinds.end());
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "customer_answer"), kinds.end());
  EXPECT_TRUE(c["history"].back()["actor"].is_null()) << "the customer reopened it, not a member";
  EXPECT_EQ(c["history"].back()["detail"]["by"], "customer");

  // A second answer changes nothing.
  ASSERT_EQ(Form(page, "language=fa&a.resolved=yes").status, 200);
  EXPECT_EQ(alice->Get(path).json()["checks"][0]["answer"], "no");

  // The customer rates again: the case's recovery.
  ASSERT_EQ(Rate("second", 9).status, 201);
  EXPECT_EQ(alice->Get(path).json()["next_nps"], 9);

  auto loop = alice->Get(OrgPath(org_a_.id, "/act/loop-metrics"));
  ASSERT_EQ(loop.status, 200) << loop.body;
  json m = loop.json();
  EXPECT_EQ(m["cases"], 1);
  EXPECT_EQ(m["open"], 1);
  EXPECT_EQ(m["detractor_cases"], 1);
  EXPECT_EQ(m["contacted_within"]["successes"], 1);
  EXPECT_EQ(m["contacted_within"]["n"], 1);
  EXPECT_TRUE(m["contacted_within"]["share"].is_null()) << "below the minimum n no share is printed";
  EXPECT_EQ(m["contacted_within"]["enough"], false);
  EXPECT_EQ(m["recovery"]["rated_again"], 1);
  EXPECT_EQ(m["recovery"]["successes"], 1);
  EXPECT_EQ(m["resolution_check"]["sent"], 1);
  EXPECT_EQ(m["resolution_check"]["n"], 1);
  EXPECT_EQ(m["resolution_check"]["successes"], 0);
  EXPECT_EQ(m["first_response"]["n"], 1);
  EXPECT_TRUE(m["first_response"]["median_hours"].is_null());
  EXPECT_EQ(m["root_causes"]["series"].size(), 1u);
  EXPECT_EQ(m["min_n"], 30);
}

TEST_P(LoopApi, AskingACustomerWithoutAnAddressChangesNothing) {
  ASSERT_EQ(Rate("anon", 2, "").status, 201);
  json c = alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"][0];
  const std::string path = OrgPath(org_a_.id, "/cases/" + std::to_string(c["id"].get<int64_t>()));
  auto resolved = alice->Patch(path, {{"version", c["version"]}, {"status", "resolved"}, {"resolution", "Done"}});
  ASSERT_EQ(resolved.status, 200);
  auto refused = alice->Patch(path, {{"version", resolved.json()["version"]}, {"status", "closed"}, {"ask_customer", true}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.json()["error"]["field"], "ask_customer");
  EXPECT_EQ(alice->Get(path).json()["status"], "resolved") << "nothing half-written";
}

TEST_P(LoopApi, LoopMeasuresCheckTheirInputAndTheirReaders) {
  ASSERT_EQ(Rate("first", 3).status, 201);
  auto bad = alice->Get(OrgPath(org_a_.id, "/act/loop-metrics?hours=0"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "hours");
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/act/loop-metrics?priority=soon")).json()["error"]["field"], "priority");
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/act/loop-metrics?touchpoint=delivery")).json()["cases"], 0);
  // An agent measures only their own cases; another organisation sees nothing of these.
  auto agent = MemberWithRole(org_a_.id, "sara@a.example", Role::kAgent);
  auto own = agent->Get(OrgPath(org_a_.id, "/act/loop-metrics"));
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json()["cases"], 0);
  auto viewer = MemberWithRole(org_a_.id, "vic@a.example", Role::kViewer);
  EXPECT_EQ(viewer->Get(OrgPath(org_a_.id, "/act/loop-metrics")).status, 403);
  auto bob = SignedIn("bob@b.example", "bob-password");
  EXPECT_EQ(bob->Get(OrgPath(org_a_.id, "/act/loop-metrics")).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, LoopApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
