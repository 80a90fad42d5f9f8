// Closing the loop through the API, on both stores: a detractor's case carries the rating,
// a note records reaching the customer, closing asks "did we resolve it?" by e-mail (a real
// SMTP sink), the customer's "no" on the public page reopens the case, a later rating from
// the same customer is the case's recovery, and the loop's measures count all of it.
#include <gtest/gtest.h>

#include <regex>

#include "act/metric_watch.h"
#include "api/api_fixture.h"
#include "support/sinks.h"

namespace nazar {
namespace {

class LoopApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
    survey = PublishedSurvey(*alice, org_a_.id, "Relationship", "relationship_nps", {"fa", "en"});
    ASSERT_NE(survey, 0);
    UseSmtpSink(*alice, org_a_.id, smtp.port());
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

TEST_P(LoopApi, AWatchedScoreThatFallsAlertsOncePerSegmentAndPeriod) {
  // Organisation time zone UTC; "today" is the day of `now`, the period the 7 days before.
  const int64_t kDay = 86'400'000;
  const int64_t now = 1'796'637'600'000;  // 2026-12-07 10:00 UTC
  int n = 0;
  auto rate = [&](int64_t at, const std::string& touchpoint, int nps, int count) {
    clock_.Set(at);
    for (int i = 0; i < count; ++i) {
      auto r = alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"),
                           {{"response_id", "w-" + std::to_string(n++)}, {"touchpoint", touchpoint}, {"answers", {{"nps", nps}}}});
      ASSERT_EQ(r.status, 201) << r.body;
    }
  };
  // Baseline week (10 days ago): delivery NPS 75 (30 promoters, 10 passives of 40); support 100.
  rate(now - 10 * kDay, "delivery", 10, 30);
  rate(now - 10 * kDay, "delivery", 8, 10);
  rate(now - 10 * kDay, "support", 9, 40);
  // This week (3 days ago): delivery NPS 0 (15 promoters, 10 passives, 15 detractors); support unchanged.
  rate(now - 3 * kDay, "delivery", 10, 15);
  rate(now - 3 * kDay, "delivery", 8, 10);
  rate(now - 3 * kDay, "delivery", 3, 15);
  rate(now - 3 * kDay, "support", 9, 40);
  clock_.Set(now);

  auto bad = alice->Post(OrgPath(org_a_.id, "/alert-rules"), {{"name", "x"}, {"survey_id", survey}, {"watch", {{"metric", "mood"}}}});
  EXPECT_EQ(bad.json()["error"]["field"], "watch.metric");
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/alert-rules"), {{"name", "x"}, {"watch", {{"metric", "nps"}}}}).json()["error"]["field"], "survey_id");
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/alert-rules"), {{"name", "x"}, {"survey_id", survey}, {"watch", {{"metric", "csat"}}}}).json()["error"]["field"],
            "watch.metric") << "the survey asks no CSAT question";
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/alert-rules"), {{"name", "x"}, {"survey_id", survey}, {"watch", {{"metric", "nps"}, {"days", 0}}}}).json()["error"]["field"],
            "watch.days");
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/alert-rules"), {{"name", "x"}, {"survey_id", survey}, {"watch", {{"metric", "nps"}}},
                                                            {"conditions", {{{"field", "answer.nps"}, {"op", "<="}, {"value", 6}}}}}).json()["error"]["field"], "conditions");
  auto rule = alice->Post(OrgPath(org_a_.id, "/alert-rules"),
                          {{"name", "NPS fell"}, {"survey_id", survey}, {"priority", "high"},
                           {"watch", {{"metric", "nps"}, {"by", "touchpoint"}, {"days", 7}, {"min_drop", 10}}},
                           {"notify", {{"users", {alice_.id.value}}, {"channels", {"in_app"}}}}});
  ASSERT_EQ(rule.status, 201) << rule.body;
  EXPECT_EQ(rule.json()["watch"]["by"], "touchpoint");
  EXPECT_EQ(rule.json()["conditions"], json::array());
  // What GET answers goes back with PUT, for a watch and for a rule on responses ("watch": null).
  const json rules = alice->Get(OrgPath(org_a_.id, "/alert-rules")).json();
  ASSERT_EQ(rules["items"].size(), 2u);
  for (const json& listed : rules["items"]) {
    json body = listed;
    for (const char* k : {"id", "created_at", "updated_at"}) body.erase(k);
    auto put = alice->Put(OrgPath(org_a_.id, "/alert-rules/" + std::to_string(listed["id"].get<int64_t>())), body);
    EXPECT_EQ(put.status, 200) << put.body;
  }

  act::MetricWatch watch(*t_.store, *results_, *cases_, clock_);
  auto fired = watch.Check(org_a_.id);
  ASSERT_TRUE(fired.has_value()) << fired.error().ToString();
  EXPECT_EQ(*fired, 1) << "delivery fell; support did not move";
  EXPECT_EQ(*watch.Check(org_a_.id), 0) << "once per segment and period";

  auto listed = alice->Get(OrgPath(org_a_.id, "/metric-alerts"));
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  json a = listed.json()["items"][0];
  EXPECT_EQ(a["segment"], "delivery");
  EXPECT_DOUBLE_EQ(a["detail"]["baseline"].get<double>(), 75.0);
  EXPECT_DOUBLE_EQ(a["detail"]["current"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(a["detail"]["difference"].get<double>(), -75.0);
  EXPECT_EQ(a["detail"]["n"], 40);
  EXPECT_EQ(a["detail"]["baseline_n"], 40);
  EXPECT_EQ(a["detail"]["period"]["from"], "2026-11-30");
  EXPECT_EQ(a["detail"]["period"]["to"], "2026-12-06");
  EXPECT_LT(a["detail"]["p_value"].get<double>(), 0.05);
  ASSERT_TRUE(a["case_id"].is_number());
  json c = alice->Get(OrgPath(org_a_.id, "/cases/" + std::to_string(a["case_id"].get<int64_t>()))).json();
  EXPECT_EQ(c["touchpoint"], "delivery");
  EXPECT_EQ(c["priority"], "high");
  EXPECT_TRUE(c["response_id"].is_null());
  bool told = false;
  const json bell = alice->Get(OrgPath(org_a_.id, "/notifications")).json();
  for (const json& x : bell["items"]) told |= x["detail"].contains("metric_alert_id") && x["detail"]["metric_alert_id"] == a["id"];
  EXPECT_TRUE(told) << bell.dump();
  auto bob = SignedIn("bob@b.example", "bob-password");
  EXPECT_EQ(bob->Get(OrgPath(org_a_.id, "/metric-alerts")).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, LoopApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
