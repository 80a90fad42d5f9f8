// Act through the API, on both stores: a detractor's response fires an alert rule, which
// opens a case with the owner the assignment rules choose and tells people (in the app, and
// by e-mail to a real SMTP sink); the case moves through its flow with its history and SLA
// clocks; bad rules and bad transitions name their field; agents see only their cases.
#include <gtest/gtest.h>

#include "act/sla_sweep.h"
#include "api/api_fixture.h"
#include "support/sinks.h"

namespace nazar {
namespace {

class ActApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
    auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                               {{"name", "After support"}, {"template", "post_support"}, {"languages", {"en"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    survey = created.json()["id"];
    ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/publish"), json::object()).status, 200);
  }

  HttpResult Answer(const std::string& key, int csat, const std::string& agent = "agent-7",
                    const std::string& contact = "") {
    json body = {{"response_id", key},
                 {"touchpoint", "support"},
                 {"agent", agent},
                 {"answers", {{"csat", csat}, {"ces", 3}, {"resolved", "no"}}}};
    if (!contact.empty()) body["hidden"] = {{"contact", contact}};
    return alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"), body);
  }

  json Rule(json extra = json::object()) {
    json r = {{"name", "Unhappy after support"},
              {"survey_id", survey},
              {"conditions", {{{"field", "answer.csat"}, {"op", "<="}, {"value", 2}}}},
              {"priority", "high"}};
    r.update(extra);
    return r;
  }

  std::unique_ptr<HttpClient> alice;
  int64_t survey = 0;
};

TEST_P(ActApi, ADetractorOpensACaseForTheRightOwnerAndPeopleHearOfIt) {
  testing::SmtpSink smtp;
  ASSERT_EQ(alice->Put(OrgPath(org_a_.id, "/channel-settings"),
                       {{"smtp", {{"host", "127.0.0.1"}, {"port", smtp.port()}, {"tls", "none"},
                                  {"from_address", "cx@a.example"}, {"from_name", "فروشگاه آ"}}}}).status, 200);
  auto agent = MemberWithRole(org_a_.id, "sara@a.example", Role::kAgent);
  int64_t sara = t_.store->accounts().FindUserByEmail("sara@a.example")->id.value;
  auto lead = MemberWithRole(org_a_.id, "lead@a.example", Role::kAnalyst);
  ASSERT_EQ(alice->Put(OrgPath(org_a_.id, "/act/settings"),
                       {{"assignment", {{"rules", {{{"touchpoint", "support"}, {"users", {sara}}}}}}}}).status, 200);
  auto rule = alice->Post(OrgPath(org_a_.id, "/alert-rules"),
                          Rule({{"notify", {{"roles", {"analyst"}}, {"channels", {"in_app", "email"}}}}}));
  ASSERT_EQ(rule.status, 201) << rule.body;

  ASSERT_EQ(Answer("happy-1", 5).status, 201);
  auto sad = Answer("sad-1", 1);
  ASSERT_EQ(sad.status, 201) << sad.body;
  // The case is there as soon as the response is acknowledged: same transaction.
  auto inbox = alice->Get(OrgPath(org_a_.id, "/cases"));
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  ASSERT_EQ(inbox.json()["items"].size(), 1u) << inbox.body;
  json c = inbox.json()["items"][0];
  EXPECT_EQ(c["owner"], sara);
  EXPECT_EQ(c["priority"], "high");
  EXPECT_EQ(c["status"], "new");
  EXPECT_EQ(c["response_id"], sad.json()["id"]);
  EXPECT_EQ(c["agent"], "agent-7");
  EXPECT_EQ(c["sla"]["first_response"]["state"], "running");
  // A replay of the same response fires nothing more.
  ASSERT_EQ(Answer("sad-1", 1).status, 200);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/alerts")).json()["items"].size(), 1u);

  // The owner and the analyst were told in the app; e-mails went out through the outbox.
  auto bell = agent->Get(OrgPath(org_a_.id, "/notifications"));
  ASSERT_EQ(bell.status, 200) << bell.body;
  EXPECT_EQ(bell.json()["unread"], 1);
  EXPECT_EQ(bell.json()["items"][0]["kind"], "case.assigned");
  EXPECT_EQ(lead->Get(OrgPath(org_a_.id, "/notifications")).json()["items"][0]["kind"], "alert");
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/notifications")).json()["unread"], 0);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(dispatcher_->RunOnce().has_value());
  ASSERT_TRUE(smtp.WaitFor(2, std::chrono::seconds(10)));
  std::set<std::string> to;
  for (const auto& m : smtp.Messages()) to.insert(m.rcpt_to.front());
  EXPECT_EQ(to, (std::set<std::string>{"sara@a.example", "lead@a.example"}));
  // Each e-mail links to the case's page in the app, and the link opens it.
  const std::string page = "/o/" + std::to_string(org_a_.id.value) + "/cases/" + std::to_string(c["id"].get<int64_t>());
  for (const auto& m : smtp.Messages())
    EXPECT_NE(m.Body().find(base_ + page), std::string::npos) << m.rcpt_to.front() << ": " << m.Body();
  EXPECT_EQ(HttpClient(base_).Get(page).status, 200);
  EXPECT_EQ(agent->Post(OrgPath(org_a_.id, "/notifications/read"), json::object()).json()["marked"], 1);
  EXPECT_EQ(agent->Get(OrgPath(org_a_.id, "/notifications")).json()["unread"], 0);
}

TEST_P(ActApi, ACaseMovesThroughItsFlowWithItsHistory) {
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/alert-rules"), Rule()).status, 201);
  ASSERT_EQ(Answer("sad-1", 2).status, 201);
  json c = alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"][0];
  std::string path = OrgPath(org_a_.id, "/cases/" + std::to_string(c["id"].get<int64_t>()));
  EXPECT_TRUE(c["owner"].is_null()) << "no assignment rules: unassigned";

  auto opened = alice->Patch(path, {{"version", 1}, {"status", "open"}, {"owner", alice_.id.value}});
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(opened.json()["version"], 2);
  EXPECT_FALSE(opened.json()["first_response_at"].is_null());
  auto stale = alice->Patch(path, {{"version", 1}, {"status", "waiting"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.json()["error"]["field"], "version");
  auto bare = alice->Patch(path, {{"version", 2}, {"status", "resolved"}});
  EXPECT_EQ(bare.status, 400);
  EXPECT_EQ(bare.json()["error"]["field"], "resolution");
  auto cause = alice->Post(OrgPath(org_a_.id, "/root-causes"),
                           {{"key", "wrong_answer"}, {"name", {{"fa", "پاسخ نادرست"}, {"en", "Wrong answer"}}},
                            {"points_at", {{"topic", "support_resolution"}}}});
  ASSERT_EQ(cause.status, 201) << cause.body;
  auto resolved = alice->Patch(path, {{"version", 2}, {"status", "resolved"}, {"root_cause", cause.json()["id"]},
                                      {"resolution", "Called back; refunded the fee"}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  auto closed = alice->Patch(path, {{"version", 3}, {"status", "closed"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto again = alice->Patch(path, {{"version", 4}, {"status", "closed"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json()["error"]["field"], "status");
  EXPECT_EQ(again.json()["error"]["message"], "the case is already closed; it can become open");
  auto note = alice->Post(path + "/notes", {{"text", "Customer thanked us"}});
  ASSERT_EQ(note.status, 201) << note.body;

  auto detail = alice->Get(path);
  ASSERT_EQ(detail.status, 200) << detail.body;
  ASSERT_TRUE(detail.json()["history"].is_array()) << detail.body;
  std::vector<std::string> kinds;
  const json history = detail.json()["history"];
  for (const json& e : history) kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"opened", "assigned", "status", "root_cause", "status",
                                             "resolution", "status", "note"}));
  EXPECT_EQ(detail.json()["next_statuses"], json({"open"}));
  EXPECT_EQ(detail.json()["response"]["answers"]["csat"], 2);
  EXPECT_EQ(detail.json()["sla"]["resolution"]["state"].get<std::string>().substr(0, 3), "met");
  // Administrative changes are audited.
  auto audit = alice->Get(OrgPath(org_a_.id, "/audit"));
  EXPECT_NE(audit.body.find("alert_rule.create"), std::string::npos);
  EXPECT_NE(audit.body.find("root_cause.create"), std::string::npos);
}

TEST_P(ActApi, AgentsSeeOnlyTheirCasesAndViewersNone) {
  auto agent = MemberWithRole(org_a_.id, "sara@a.example", Role::kAgent);
  auto other = MemberWithRole(org_a_.id, "omid@a.example", Role::kAgent);
  auto viewer = MemberWithRole(org_a_.id, "vida@a.example", Role::kViewer);
  int64_t sara = t_.store->accounts().FindUserByEmail("sara@a.example")->id.value;
  ASSERT_EQ(alice->Put(OrgPath(org_a_.id, "/act/settings"), {{"assignment", {{"default", {sara}}}}}).status, 200);
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/alert-rules"), Rule()).status, 201);
  ASSERT_EQ(Answer("sad-1", 1).status, 201);
  json c = alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"][0];
  std::string path = OrgPath(org_a_.id, "/cases/" + std::to_string(c["id"].get<int64_t>()));

  EXPECT_EQ(agent->Get(OrgPath(org_a_.id, "/cases")).json()["items"].size(), 1u);
  EXPECT_EQ(other->Get(OrgPath(org_a_.id, "/cases")).json()["items"].size(), 0u);
  EXPECT_EQ(other->Get(path).status, 404);
  EXPECT_EQ(other->Patch(path, {{"version", 1}, {"status", "open"}}).status, 404);
  EXPECT_EQ(viewer->Get(OrgPath(org_a_.id, "/cases")).status, 403);
  EXPECT_EQ(agent->Post(OrgPath(org_a_.id, "/alert-rules"), Rule({{"name", "x"}})).status, 403);
  auto reassign = agent->Patch(path, {{"version", 1}, {"owner", alice_.id.value}});
  EXPECT_EQ(reassign.status, 403);
  EXPECT_EQ(reassign.json()["error"]["field"], "owner");
  EXPECT_EQ(agent->Patch(path, {{"version", 1}, {"status", "open"}}).status, 200);
}

TEST_P(ActApi, BadRulesNameTheirFieldAndWriteNothing) {
  struct Bad {
    json body;
    std::string field;
  } cases[] = {
      {Rule({{"conditions", json::array()}}), "conditions"},
      {Rule({{"conditions", {{{"field", "answer.nps"}, {"op", "<="}, {"value", 6}}}}}), "conditions[0].field"},
      {Rule({{"conditions", {{{"field", "answer.csat"}, {"op", "≤"}, {"value", 2}}}}}), "conditions[0].op"},
      {Rule({{"priority", "asap"}}), "priority"},
      {Rule({{"notify", {{"users", {99999}}}}}), "notify.users"},
      {Rule({{"notify", {{"channels", {"sms"}}}}}), "notify.channels"},
      {Rule({{"survey_id", 99999}}), "survey_id"},
      {Rule({{"max_per_hour", -1}}), "max_per_hour"},
      {Rule({{"colour", "red"}}), "colour"},
  };
  for (const Bad& b : cases) {
    auto r = alice->Post(OrgPath(org_a_.id, "/alert-rules"), b.body);
    EXPECT_EQ(r.status, 400) << b.body.dump() << " -> " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], b.field) << b.body.dump() << " -> " << r.body;
  }
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/alert-rules")).json()["items"].size(), 0u);
  auto settings = alice->Put(OrgPath(org_a_.id, "/act/settings"),
                             {{"sla", {{"high", {{"first_response_minutes", 60}, {"resolution_minutes", 30}}}}}});
  EXPECT_EQ(settings.status, 400);
  EXPECT_EQ(settings.json()["error"]["field"], "sla.high.resolution_minutes");
  auto calendar = alice->Put(OrgPath(org_a_.id, "/act/settings"),
                             {{"calendar", {{"time_zone", "Mars/Olympus"},
                                            {"week", {{"sat", json::array({json::array({"08:00", "16:00"})})}}}}}});
  EXPECT_EQ(calendar.status, 400);
  EXPECT_EQ(calendar.json()["error"]["field"], "calendar.time_zone");
  EXPECT_FALSE(alice->Get(OrgPath(org_a_.id, "/act/settings")).json()["saved"].get<bool>());
}

TEST_P(ActApi, ARepeatFromTheSameContactIsHeldBackAndTheHourlyCapHolds) {
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"), {{"external_id", "c-1"}}).status, 200);
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/alert-rules"),
                        Rule({{"dedupe_minutes", 60}, {"max_per_hour", 2}})).status, 201);
  ASSERT_EQ(Answer("r1", 1, "a", "c-1").status, 201);
  ASSERT_EQ(Answer("r2", 1, "a", "c-1").status, 201);  // same contact within the hour
  ASSERT_EQ(Answer("r3", 1, "a").status, 201);
  ASSERT_EQ(Answer("r4", 1, "a").status, 201);  // third within the hour: over the cap
  const json alerts = alice->Get(OrgPath(org_a_.id, "/alerts")).json()["items"];
  ASSERT_EQ(alerts.size(), 4u);
  std::vector<json> suppressed;
  for (const json& a : alerts) suppressed.push_back(a["suppressed"]);
  EXPECT_EQ(suppressed, (std::vector<json>{"rate_cap", nullptr, "duplicate", nullptr}));
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"].size(), 2u);
  clock_.Advance(61 * 60'000);
  ASSERT_EQ(Answer("r5", 1, "a", "c-1").status, 201);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"].size(), 3u);
}

// The sweeper tells the owner once when a clock warns and once when it breaches, and the
// escalation contact on the breach; working time only (Monday-Friday 09:00-17:00 UTC here).
TEST_P(ActApi, SlaWarningsAndBreachesAreRaisedOnceAndEscalated) {
  auto agent = MemberWithRole(org_a_.id, "sara@a.example", Role::kAgent);
  int64_t sara = t_.store->accounts().FindUserByEmail("sara@a.example")->id.value;
  auto lead = MemberWithRole(org_a_.id, "lead@a.example", Role::kAdmin);
  int64_t lead_id = t_.store->accounts().FindUserByEmail("lead@a.example")->id.value;
  json week = json::object();
  for (const char* d : {"mon", "tue", "wed", "thu", "fri"}) week[d] = json::array({json::array({"09:00", "17:00"})});
  auto put = alice->Put(OrgPath(org_a_.id, "/act/settings"),
                        {{"calendar", {{"time_zone", "UTC"}, {"week", week}}},
                         {"sla", {{"high", {{"first_response_minutes", 60}, {"resolution_minutes", 240}}}}},
                         {"assignment", {{"default", {sara}}}},
                         {"escalate_to", lead_id}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["escalate_to"], lead_id);
  EXPECT_EQ(put.json()["warn_at"], 0.8);
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/alert-rules"), Rule()).status, 201);
  // Monday 2026-12-07 10:00 UTC: the first response is due at 11:00, warned at 10:48.
  clock_.Set(1796637600000);
  ASSERT_EQ(Answer("sad-1", 1).status, 201);
  json c = alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"][0];
  EXPECT_EQ(c["sla"]["first_response"]["due_at"], "2026-12-07T11:00:00.000Z");
  EXPECT_EQ(c["sla"]["resolution"]["due_at"], "2026-12-07T14:00:00.000Z");
  auto sweep = [&] { return act::SweepSla(*t_.store, *act_settings_, clock_, org_a_.id).value(); };
  EXPECT_EQ(sweep(), 0);
  clock_.Advance(50 * 60'000);  // 10:50: warned
  EXPECT_EQ(sweep(), 1);
  EXPECT_EQ(sweep(), 0) << "once";
  clock_.Advance(20 * 60'000);  // 11:10: breached
  EXPECT_EQ(sweep(), 1);
  json bell = agent->Get(OrgPath(org_a_.id, "/notifications")).json();
  std::vector<std::string> kinds;
  for (const json& n : bell["items"]) kinds.push_back(n["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"sla.breach", "sla.warning", "case.assigned"}));
  json escalated = lead->Get(OrgPath(org_a_.id, "/notifications")).json();
  ASSERT_EQ(escalated["items"].size(), 1u);
  EXPECT_EQ(escalated["items"][0]["kind"], "sla.breach");
  // Friday evening to Monday: a 4-hour resolution target opened Friday 16:00 is due Monday 12:00.
  clock_.Set(1797004800000);  // Friday 2026-12-11 16:00 UTC
  ASSERT_EQ(Answer("sad-2", 1).status, 201);
  json second = alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"][0];
  EXPECT_EQ(second["sla"]["resolution"]["due_at"], "2026-12-14T12:00:00.000Z");
  auto bad = alice->Put(OrgPath(org_a_.id, "/act/settings"), {{"escalate_to", 99999}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "escalate_to");
}

// The customer hears back: an e-mail from the case, in their language, through the outbox to
// a real SMTP server, its delivery kept in the case's history.
TEST_P(ActApi, TheCustomerHearsBackFromTheCase) {
  testing::SmtpSink smtp;
  ASSERT_EQ(alice->Put(OrgPath(org_a_.id, "/channel-settings"),
                       {{"smtp", {{"host", "127.0.0.1"}, {"port", smtp.port()}, {"tls", "none"},
                                  {"from_address", "cx@a.example"}, {"from_name", "فروشگاه آ"}}}}).status, 200);
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"),
                        {{"external_id", "c-1"}, {"email", "mina@example.com"}, {"language", "fa"}}).status, 200);
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/alert-rules"), Rule()).status, 201);
  ASSERT_EQ(Answer("sad-1", 1, "agent-7", "c-1").status, 201);
  ASSERT_EQ(Answer("sad-2", 1, "agent-7").status, 201);  // no contact
  json cases = alice->Get(OrgPath(org_a_.id, "/cases")).json()["items"];
  ASSERT_EQ(cases.size(), 2u);
  int64_t with_contact = cases[1]["id"], without = cases[0]["id"];
  std::string path = OrgPath(org_a_.id, "/cases/" + std::to_string(with_contact));

  auto nobody = alice->Post(OrgPath(org_a_.id, "/cases/" + std::to_string(without) + "/follow-up"), json::object());
  EXPECT_EQ(nobody.status, 409);
  EXPECT_EQ(nobody.json()["error"]["field"], "contact");
  auto sent = alice->Post(path + "/follow-up", json::object());
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_EQ(sent.json()["kind"], "follow_up");
  EXPECT_EQ(sent.json()["detail"]["language"], "fa") << "the contact's language";
  EXPECT_EQ(sent.json()["detail"]["subject"], "پیگیری نظر شما (پروندهٔ " + std::to_string(with_contact) + ")");
  EXPECT_NE(sent.json()["detail"]["body"].get<std::string>().find("A Shop"), std::string::npos);
  EXPECT_FALSE(alice->Get(path).json()["first_response_at"].is_null()) << "writing to the customer is a response";
  auto own = alice->Post(path + "/follow-up", {{"subject", "Case {{case}}"}, {"body", "Dear customer, about {{title}}"},
                                               {"language", "en"}});
  ASSERT_EQ(own.status, 202) << own.body;
  EXPECT_EQ(own.json()["detail"]["subject"], "Case " + std::to_string(with_contact));
  EXPECT_EQ(alice->Post(path + "/follow-up", {{"language", "de"}}).json()["error"]["field"], "language");

  for (int i = 0; i < 3; ++i) ASSERT_TRUE(dispatcher_->RunOnce().has_value());
  ASSERT_TRUE(smtp.WaitFor(2, std::chrono::seconds(10)));
  auto mail = smtp.Messages();
  EXPECT_EQ(mail[0].rcpt_to, std::vector<std::string>{"mina@example.com"});
  EXPECT_EQ(mail[0].Header("Message-ID"),
            "<case-" + std::to_string(with_contact) + "-" + std::to_string(sent.json()["id"].get<int64_t>()) + "@nazar>");
  const json history = alice->Get(path).json()["history"];
  int sent_events = 0;
  for (const json& e : history) sent_events += e["kind"] == "follow_up_sent";
  EXPECT_EQ(sent_events, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ActApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
