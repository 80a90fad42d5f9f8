// Contacts, touchpoints, interactions and their imports through the real API, on both stores.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "api/api_fixture.h"

namespace nazar {
namespace {

using nlohmann::json;
using testing::HttpClient;
using testing::HttpResult;

class JourneyApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
    ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contact-attributes"),
                          {{"name", "tier"}, {"type", "choice"}, {"choices", {"gold", "silver"}}}).status, 201);
    ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contact-attributes"),
                          {{"name", "since"}, {"type", "date"}}).status, 201);
  }

  HttpResult Upload(const std::string& path, const std::string& body, const std::string& type) {
    HttpClient c(base_);
    c.cookie = alice->cookie;
    c.csrf = alice->csrf;
    c.content_type = type;
    return c.Send("POST", OrgPath(org_a_.id, path), body);
  }

  int64_t Contacts() { return *t_.store->journeys().CountContacts(org_a_.id); }

  std::unique_ptr<HttpClient> alice;
};

TEST_P(JourneyApi, ContactsAreUpsertedWithTypedAttributes) {
  auto bad = alice->Post(OrgPath(org_a_.id, "/contacts"),
                         {{"external_id", "crm-1"}, {"attributes", {{"tier", "platinum"}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "attributes.tier");
  auto unknown = alice->Post(OrgPath(org_a_.id, "/contacts"),
                             {{"external_id", "crm-1"}, {"attributes", {{"shoe_size", 42}}}});
  EXPECT_EQ(unknown.json()["error"]["field"], "attributes.shoe_size");
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"), {{"external_id", "crm-1"}, {"phone", "12"}})
                .json()["error"]["field"], "phone");
  EXPECT_EQ(Contacts(), 0);

  auto made = alice->Post(OrgPath(org_a_.id, "/contacts"),
                          {{"external_id", "crm-1"}, {"email", "Sara@Example.IR"}, {"phone", "۰۹۱۲ ۱۲۳ ۴۵۶۷"},
                           {"language", "fa"}, {"attributes", {{"tier", "gold"}, {"since", "2024-03-20"}}}});
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(made.json()["email"], "sara@example.ir");
  EXPECT_EQ(made.json()["phone"], "09121234567");
  // A partial update changes what it names and keeps the rest.
  auto changed = alice->Post(OrgPath(org_a_.id, "/contacts"),
                             {{"external_id", "crm-1"}, {"attributes", {{"tier", "silver"}}}});
  ASSERT_EQ(changed.status, 200);
  EXPECT_EQ(changed.json()["id"], made.json()["id"]);
  EXPECT_EQ(changed.json()["attributes"], json({{"tier", "silver"}, {"since", "2024-03-20"}}));
  EXPECT_EQ(changed.json()["email"], "sara@example.ir");
  auto found = alice->Get(OrgPath(org_a_.id, "/contacts?q=SARA"));
  EXPECT_EQ(found.json()["items"].size(), 1u);
  EXPECT_EQ(found.json()["total"], 1);
  // Bytes that are not UTF-8 are refused naming the parameter, on both stores.
  auto bad_text = alice->Get(OrgPath(org_a_.id, "/contacts?q=%FF"));
  EXPECT_EQ(bad_text.status, 400);
  EXPECT_EQ(bad_text.json()["error"]["field"], "q");
}

TEST_P(JourneyApi, AContactImportIsAllOrNothingAndADryRunNamesEveryBadLine) {
  const std::string bad =
      "external_id,email,phone,language,tier,since\n"
      "c1,a@x.ir,09121111111,fa,gold,2024-01-01\n"
      "c2,not-an-email,,en,silver,\n"
      "c3,,,,platinum,\n"
      "\"c4\",d@x.ir,,fa,,2024-02-30\n"
      "c1,again@x.ir,,,,\n";
  auto dry = Upload("/contacts/import?dry_run=true", bad, "text/csv");
  ASSERT_EQ(dry.status, 400) << dry.body;
  json report = dry.json()["report"];
  EXPECT_EQ(report["rows"], 5);
  EXPECT_EQ(report["problem_count"], 4);
  std::vector<std::string> fields;
  for (const auto& p : report["problems"]) fields.push_back(p["field"]);
  EXPECT_EQ(fields, (std::vector<std::string>{"line 3.email", "line 4.tier", "line 5.since",
                                              "line 6.external_id"}));
  EXPECT_EQ(dry.json()["error"]["field"], "line 3.email");
  EXPECT_EQ(Upload("/contacts/import", bad, "text/csv").status, 400);
  EXPECT_EQ(Contacts(), 0);  // not even the good rows

  const std::string good =
      "external_id,email,tier\n"
      "c1,a@x.ir,gold\n"
      "c2,b@x.ir,silver\n";
  auto check = Upload("/contacts/import?dry_run=1", good, "text/csv");
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_EQ(check.json()["created"], 2);
  EXPECT_FALSE(check.json()["written"]);
  EXPECT_EQ(Contacts(), 0);
  auto done = Upload("/contacts/import", good, "text/csv");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(done.json()["written"]);
  EXPECT_EQ(Contacts(), 2);
  auto again = Upload("/contacts/import", "external_id,tier\nc2,gold\nc9,\n", "text/csv");
  EXPECT_EQ(again.json()["created"], 1);
  EXPECT_EQ(again.json()["unchanged"], 1);
  EXPECT_EQ(t_.store->journeys().FindContactByExternalId(org_a_.id, "c2")->email, "b@x.ir");
  auto header = Upload("/contacts/import", "id,email\n1,a@x.ir\n", "text/csv");
  EXPECT_EQ(header.status, 400);
  EXPECT_EQ(header.json()["error"]["field"], "line 1");
}

TEST_P(JourneyApi, InteractionsTieContactsToTouchpointsAndFlowBetweenThem) {
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/journey-stages"), {{"key", "buy"}, {"position", 1}}).status, 200);
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "web_order"}, {"stage", "nope"}})
                .json()["error"]["field"], "stage");
  for (const char* key : {"web_order", "delivery", "call"}) {
    auto tp = alice->Post(OrgPath(org_a_.id, "/touchpoints"),
                          {{"key", key}, {"channel", std::string(key) == "call" ? "phone" : "web"},
                           {"stage", "buy"}, {"name", {{"fa", "نقطه"}, {"en", key}}}});
    ASSERT_EQ(tp.status, 200) << tp.body;
  }
  auto one = alice->Post(OrgPath(org_a_.id, "/interactions"),
                         {{"contact", "c1"}, {"touchpoint", "web_order"}, {"reference", "order-1"},
                          {"occurred_at", "2026-11-01T10:00:00+03:30"}, {"facts", {{"order_value", 120.5}}}});
  ASSERT_EQ(one.status, 201) << one.body;
  EXPECT_EQ(one.json()["items"][0]["occurred_at"], "2026-11-01T06:30:00.000Z");
  EXPECT_EQ(one.json()["items"][0]["channel"], "web");
  auto replay = alice->Post(OrgPath(org_a_.id, "/interactions"),
                            {{"contact", "c1"}, {"touchpoint", "web_order"}, {"reference", "order-1"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_TRUE(replay.json()["items"][0]["replayed"]);
  EXPECT_EQ(replay.json()["items"][0]["id"], one.json()["items"][0]["id"]);

  json batch = {{"interactions", {
      {{"contact", "c1"}, {"touchpoint", "delivery"}, {"occurred_at", "2026-11-03T09:00:00Z"}},
      {{"contact", "c2"}, {"touchpoint", "teleport"}}}}};
  auto refused = alice->Post(OrgPath(org_a_.id, "/interactions"), batch);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json()["error"]["field"], "interactions[1].touchpoint");
  EXPECT_EQ(t_.store->journeys().ListInteractions(org_a_.id, {})->items.size(),
            1u);  // all or nothing
  batch["interactions"][1]["touchpoint"] = "web_order";
  batch["interactions"][1]["occurred_at"] = "2026-11-02T09:00:00Z";
  batch["interactions"].push_back({{"contact", "c2"}, {"touchpoint", "delivery"}, {"occurred_at", "2026-11-04T09:00:00Z"}});
  batch["interactions"].push_back({{"contact", "c1"}, {"touchpoint", "call"}, {"occurred_at", "2026-11-05T09:00:00Z"},
                                    {"agent", "sara"}, {"facts", {{"wait_s", 42}}}});
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/interactions"), batch).status, 201);
  EXPECT_EQ(Contacts(), 2);  // c1 and c2 created on first sight

  auto flows = alice->Get(OrgPath(org_a_.id, "/journey/flows"));
  ASSERT_EQ(flows.status, 200) << flows.body;
  EXPECT_EQ(flows.json()["cases"], 2);
  EXPECT_EQ(flows.json()["events"], 5);
  EXPECT_EQ(flows.json()["arcs"][0], json({{"from", "web_order"}, {"to", "delivery"}, {"count", 2}}));
  EXPECT_EQ(flows.json()["start"]["web_order"], 2);
  EXPECT_EQ(flows.json()["end"]["call"], 1);

  int64_t c1 = t_.store->journeys().FindContactByExternalId(org_a_.id, "c1")->id;
  auto timeline = alice->Get(OrgPath(org_a_.id, "/contacts/" + std::to_string(c1)));
  ASSERT_EQ(timeline.status, 200);
  std::vector<std::string> steps;
  json history = timeline.json();
  for (const auto& i : history["interactions"]) steps.push_back(i["touchpoint"]);
  EXPECT_EQ(steps, (std::vector<std::string>{"web_order", "delivery", "call"}));
}

TEST_P(JourneyApi, AsteriskQueueLogBecomesCallInteractions) {
  const std::string log =
      "1709280010|1709280010.11|Support-Queue|NONE|ENTERQUEUE||09121234567|1\n"
      "1709280022|1709280010.11|Support-Queue|SIP/8001|CONNECT|12|1709280022.14|4\n"
      "1709280200|1709280010.11|Support-Queue|SIP/8001|COMPLETECALLER|12|178|1\n"
      "1709280300|1709280300.20|Support-Queue|NONE|ENTERQUEUE||02188776655|1\n"
      "1709280345|1709280300.20|Support-Queue|NONE|ABANDON|1|1|45\n";
  auto dry = Upload("/interactions/import?format=queue_log&dry_run=true", log, "text/plain");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json()["created"], 2);
  EXPECT_FALSE(dry.json()["written"].get<bool>());
  auto imported = Upload("/interactions/import?format=queue_log", log, "text/plain");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.json()["created"], 2);
  // A dry run of the same log again says what a real run would: nothing new.
  auto dry_again = Upload("/interactions/import?format=queue_log&dry_run=true", log, "text/plain");
  EXPECT_EQ(dry_again.json()["created"], 0) << dry_again.body;
  EXPECT_EQ(dry_again.json()["unchanged"], 2);
  // A CSV repeating one reference within the file, and one already stored.
  auto repeats = Upload("/interactions/import?format=csv&dry_run=true",
                        "contact,touchpoint,reference\nc9,support_queue,R-1\nc9,support_queue,R-1\n"
                        "c9,support_queue,1709280010.11\nc9,support_queue,\n",
                        "text/csv");
  ASSERT_EQ(repeats.status, 200) << repeats.body;
  EXPECT_EQ(repeats.json()["created"], 2);    // R-1 once, and the row without a reference
  EXPECT_EQ(repeats.json()["unchanged"], 2);  // R-1 again, and the stored call
  auto again = Upload("/interactions/import?format=queue_log", log, "text/plain");
  EXPECT_EQ(again.json()["created"], 0);  // the call ids are the references
  EXPECT_EQ(again.json()["unchanged"], 2);
  auto calls = t_.store->journeys().ListInteractions(org_a_.id, {.touchpoint = "support_queue"});
  ASSERT_EQ(calls->items.size(), 2u);
  EXPECT_EQ(calls->items[0].agent, "SIP/8001");
  EXPECT_EQ(json::parse(calls->items[0].facts), json({{"wait_s", 12.0}, {"talk_s", 178.0}, {"answered", 1.0}, {"abandoned", 0.0}}));
  EXPECT_EQ(json::parse(calls->items[1].facts)["abandoned"], 1.0);
  EXPECT_EQ(t_.store->journeys().FindContactByExternalId(org_a_.id, "09121234567")->phone,
            "09121234567");
  auto bad = Upload("/interactions/import?format=csv&dry_run=true",
                    "contact,touchpoint,occurred_at,fact.wait_s\nc1,support_queue,yesterday,3\nc2,support_queue,,x\n",
                    "text/csv");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["report"]["problems"][0]["field"], "line 3.fact.wait_s");
  EXPECT_EQ(bad.json()["report"]["problems"][1]["field"], "line 2.occurred_at");
  EXPECT_EQ(Upload("/interactions/import?format=xml", "x", "text/plain").json()["error"]["field"], "format");
}

TEST_P(JourneyApi, ADataSubjectCanBeExportedAndErased) {
  auto c = alice->Post(OrgPath(org_a_.id, "/contacts"), {{"external_id", "dsr-1"}, {"email", "me@x.ir"}});
  int64_t id = c.json()["id"];
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "call"}}).status, 200);
  auto in = alice->Post(OrgPath(org_a_.id, "/interactions"), {{"contact", "dsr-1"}, {"touchpoint", "call"}});
  ASSERT_EQ(in.status, 201);
  // The relationship survey with a number the respondent types (their age): personal, so
  // erasure must not keep it although it is a number.
  json def = survey::FindTemplate("relationship_nps")->definition;
  def["questions"].push_back({{"id", "age"}, {"type", "number"}, {"text", {{"fa", "سن"}, {"en", "Age"}}}});
  auto sv = alice->Post(OrgPath(org_a_.id, "/surveys"), {{"name", "R"}, {"definition", def}});
  ASSERT_EQ(sv.status, 201) << sv.body;
  int64_t survey = sv.json()["id"];
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/publish"), json::object()).status, 200);
  // As an invitation will: the response knows its contact.
  ASSERT_TRUE(
      t_.store->responses()
          .InsertResponse(
              {.org_id = org_a_.id,
               .survey_id = survey,
               .version = 1,
               .response_key = "r1",
               .status = ResponseStatus::kComplete,
               .touchpoint = "call",
               .hidden = R"({"phone":"0912"})",
               .answers = R"({"nps":2,"reason":"my name is Sara","age":41,"improve":["price"]})",
               .contact_id = id,
               .meta = "{}"})
          .has_value());
  // A GET must not export (it is audited: a cross-site link would do it in the admin's name).
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/contacts/" + std::to_string(id) + "/export")).status, 405);
  auto exported = alice->Post(OrgPath(org_a_.id, "/contacts/" + std::to_string(id) + "/export"), json::object());
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(exported.json()["responses"][0]["answers"]["reason"], "my name is Sara");
  EXPECT_EQ(exported.json()["interactions"].size(), 1u);

  auto erased = alice->Delete(OrgPath(org_a_.id, "/contacts/" + std::to_string(id)));
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json()["responses_anonymised"], 1);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/contacts/" + std::to_string(id))).status, 404);
  auto left = t_.store->responses().ListResponses(org_a_.id, {})->items;
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].answers, R"({"nps":2})");
  EXPECT_EQ(left[0].hidden, "{}");
  auto audit = alice->Get(OrgPath(org_a_.id, "/audit"));
  std::string actions;
  json entries = audit.json();
  for (const auto& e : entries["items"]) actions += e["action"].get<std::string>() + " ";
  EXPECT_NE(actions.find("contact.erase"), std::string::npos);
  EXPECT_NE(actions.find("contact.export"), std::string::npos);
  EXPECT_EQ(audit.body.find("me@x.ir"), std::string::npos);  // no personal data in the log
}

TEST_P(JourneyApi, CallsShowAbandonmentByQueueAndCsatByWait) {
  const std::string log =
      "1709280010|c1|support|NONE|ENTERQUEUE||09121234567|1\n"
      "1709280020|c1|support|SIP/1|CONNECT|10|x|1\n"
      "1709280100|c1|support|SIP/1|COMPLETECALLER|10|80|1\n"
      "1709280200|c2|support|NONE|ENTERQUEUE||09121234568|1\n"
      "1709280340|c2|support|NONE|ABANDON|1|1|140\n"
      "1709280400|c3|sales|NONE|ENTERQUEUE||09121234569|1\n"
      "1709280445|c3|sales|SIP/2|CONNECT|45|x|1\n"
      "1709280500|c3|sales|SIP/2|COMPLETEAGENT|45|55|1\n";
  ASSERT_EQ(Upload("/interactions/import?format=queue_log", log, "text/plain").status, 200);
  // A CSAT rating linked to call c1 (waited 10 s): as an invitation after the call will.
  auto sv = alice->Post(OrgPath(org_a_.id, "/surveys"),
                        {{"name", "S"}, {"template", "post_support"}, {"languages", {"en"}}});
  int64_t survey = sv.json()["id"];
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/publish"), json::object()).status, 200);
  auto c1 =
      t_.store->journeys().ListInteractions(org_a_.id, {.touchpoint = "support"})->items.at(0);
  ASSERT_TRUE(t_.store->responses()
                  .InsertResponse({.org_id = org_a_.id,
                                   .survey_id = survey,
                                   .version = 1,
                                   .response_key = "inv-c1",
                                   .status = ResponseStatus::kComplete,
                                   .touchpoint = "support",
                                   .hidden = "{}",
                                   .answers = R"({"csat":5,"ces":6,"resolved":"yes"})",
                                   .contact_id = c1.contact_id,
                                   .interaction_id = c1.id,
                                   .meta = "{}",
                                   .created_ms = 1709280200000,
                                   .updated_ms = 1709280200000})
                  .has_value());
  auto r = alice->Get(OrgPath(org_a_.id, "/journey/calls?bands=30,60"));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.json();
  ASSERT_EQ(j["queues"].size(), 2u);
  EXPECT_EQ(j["queues"][0]["queue"], "support");
  EXPECT_EQ(j["queues"][0]["calls"], 2);
  EXPECT_DOUBLE_EQ(j["queues"][0]["abandoned"]["share"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["queues"][0]["mean_wait_s"].get<double>(), 75);
  EXPECT_EQ(j["bands"][0]["calls"], 1);                 // 10 s
  EXPECT_EQ(j["bands"][0]["satisfied"]["n"], 1);
  EXPECT_DOUBLE_EQ(j["bands"][0]["satisfied"]["share"].get<double>(), 1.0);
  EXPECT_EQ(j["bands"][1]["calls"], 1);                 // 45 s
  EXPECT_TRUE(j["bands"][1]["satisfied"].is_null());    // nobody rated it
  EXPECT_EQ(j["bands"][2]["calls"], 1);                 // 140 s, abandoned
  EXPECT_DOUBLE_EQ(j["bands"][2]["abandoned"]["share"].get<double>(), 1.0);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/journey/calls?bands=60,30")).json()["error"]["field"], "bands");
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/journey/calls?bands=x")).json()["error"]["field"], "bands");
}

TEST_P(JourneyApi, StaffingReproducesThePublishedErlangCExample) {
  // 100 calls per 30 min, AHT 3 min, 80% in 20 s -> 14 agents, SL 0.88835, P(wait) 0.1741319.
  auto r = alice->Get("/api/v1/staffing/erlang?calls=100&interval_min=30&aht_s=180&target_sl=0.8&target_answer_s=20");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.json();
  EXPECT_EQ(j["agents"], 14);
  EXPECT_NEAR(j["service_level"].get<double>(), 0.88835, 5e-6);
  EXPECT_NEAR(j["p_wait"].get<double>(), 0.1741319, 5e-8);
  EXPECT_NEAR(j["occupancy"].get<double>(), 0.7142857, 5e-8);
  json curve = j["curve"];
  auto thirteen = std::find_if(curve.begin(), curve.end(), [](const json& c) { return c["agents"] == 13; });
  ASSERT_NE(thirteen, curve.end());
  EXPECT_NEAR((*thirteen)["service_level"].get<double>(), 0.7956, 5e-5);
  auto bad = alice->Get("/api/v1/staffing/erlang?calls=ten&aht_s=180");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "calls");
  EXPECT_EQ(alice->Get("/api/v1/staffing/erlang?calls=10").json()["error"]["field"], "aht_s");
}

// Personas: a rule decides who belongs; every metric can be filtered and broken down by
// persona, and a contact that changes is counted in its new personas at once.
TEST_P(JourneyApi, PersonasSegmentTheMetrics) {
  for (auto [id, tier] : {std::pair{"c1", "gold"}, {"c2", "silver"}, {"c3", "gold"}}) {
    ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"),
                          {{"external_id", id}, {"attributes", {{"tier", tier}}}}).status, 200);
  }
  json gold = {{"name", "Gold customers"}, {"emoji", "💎"}, {"goals", {"fast delivery"}},
               {"pains", {"waiting"}}, {"description", "tier gold"},
               {"rule", {{"all", {{{"attribute", "tier"}, {"op", "eq"}, {"value", "gold"}}}}}}};
  json bad_rule = gold;
  bad_rule["rule"]["all"][0]["op"] = "about";
  auto bad = alice->Post(OrgPath(org_a_.id, "/personas"), bad_rule);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "rule.all[0].op");
  json bad_goal = gold;
  bad_goal["goals"] = {"ok", ""};
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/personas"), bad_goal).json()["error"]["field"], "goals[1]");
  // The rule names what the organisation has: an unknown attribute, a choice it lacks, an
  // unknown touchpoint are refused at the condition.
  json typo = gold;
  typo["rule"]["all"][0]["attribute"] = "teir";
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/personas"), typo).json()["error"]["field"], "rule.all[0].attribute");
  json no_such_choice = gold;
  no_such_choice["rule"]["all"][0]["value"] = "golld";
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/personas"), no_such_choice).json()["error"]["field"], "rule.all[0].value");
  json no_such_touchpoint = gold;
  no_such_touchpoint["rule"] = {{"any", {{{"interactions", {{"touchpoint", "moon"}}}, {"op", "gte"}, {"value", 1}}}}};
  EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/personas"), no_such_touchpoint).json()["error"]["field"],
            "rule.any[0].interactions.touchpoint");
  auto made = alice->Post(OrgPath(org_a_.id, "/personas"), gold);
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t persona = made.json()["id"];
  EXPECT_EQ(made.json()["members"], 2);
  EXPECT_EQ(made.json()["goals"], json({"fast delivery"}));
  auto again = alice->Post(OrgPath(org_a_.id, "/personas"), gold);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json()["error"]["field"], "name");
  auto bob = SignedIn("bob@b.example", "bob-password");
  EXPECT_EQ(bob->Get(OrgPath(org_a_.id, "/personas")).status, 404);

  // Responses name their contact by a hidden field; an unknown one stays unlinked.
  auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                             {{"name", "p"}, {"template", "post_purchase"}, {"languages", {"en"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t survey = created.json()["id"];
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/publish"),
                        json::object()).status, 200);
  auto answer = [&](const std::string& key, const std::string& contact, int nps) {
    auto r = alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"),
                         {{"response_id", key},
                          {"answers", {{"csat", 4}, {"nps", nps}, {"delivery", 4}}},
                          {"hidden", {{"contact", contact}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  };
  EXPECT_EQ(answer("r1", "c1", 10)["contact_id"],
            t_.store->journeys().FindContactByExternalId(org_a_.id, "c1")->id);
  answer("r2", "c2", 0);
  answer("r3", "c3", 9);
  EXPECT_TRUE(answer("r4", "nobody", 5)["contact_id"].is_null());
  // A public link's hidden fields are typed by anyone: they never tie a response to a contact.
  const std::string token =
      created.json()["links"][0]["token"];  // the survey's public link
  HttpClient stranger(base_);
  auto forged = stranger.Post("/api/v1/links/" + token + "/responses",
                              {{"response_id", "forged"}, {"complete", true},
                               {"answers", {{"csat", 1}, {"nps", 0}, {"delivery", 1}}},
                               {"hidden", {{"contact", "c1"}}}});
  ASSERT_EQ(forged.status, 201) << forged.body;
  auto newest = t_.store->responses().ListResponses(
      org_a_.id, {.survey_id = survey, .newest_first = true, .limit = 1});
  ASSERT_EQ(newest->items.size(), 1u);
  const nazar::Response& stored = newest->items[0];
  EXPECT_NE(stored.hidden.find("c1"), std::string::npos) << "kept as a plain hidden value";
  EXPECT_FALSE(stored.contact_id.has_value()) << "a stranger cannot file an answer under c1";

  const std::string p = std::to_string(persona);
  auto metrics = [&](const std::string& q) {
    auto r = alice->Get(OrgPath(org_a_.id, "/metrics?metric=nps&min_n=1&" + q));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  json by_persona = metrics("group_by=persona");
  EXPECT_EQ(by_persona["overall"]["n"], 5);  // with the stranger's answer, in no persona
  std::map<std::string, int64_t> n;
  for (const json& g : by_persona["groups"]) n[g.value("key", "")] = g["n"];
  EXPECT_EQ(n, (std::map<std::string, int64_t>{{"", 3}, {p, 2}}));
  json filtered = metrics("persona=" + p);
  EXPECT_EQ(filtered["overall"]["n"], 2);
  EXPECT_DOUBLE_EQ(filtered["overall"]["score"]["nps"].get<double>(), 100.0);

  // c2 becomes gold: counted in the persona at once (its response appended again).
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"),
                        {{"external_id", "c2"}, {"attributes", {{"tier", "gold"}}}}).status, 200);
  json after = metrics("persona=" + p);
  EXPECT_EQ(after["overall"]["n"], 3);
  EXPECT_NEAR(after["overall"]["score"]["nps"].get<double>(), 100.0 * (2 - 1) / 3, 1e-9);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/personas/" + p)).json()["members"], 3);
  const int64_t c2 = t_.store->journeys().FindContactByExternalId(org_a_.id, "c2")->id;
  json timeline = alice->Get(OrgPath(org_a_.id, "/contacts/" + std::to_string(c2))).json();
  ASSERT_EQ(timeline["personas"].size(), 1u);
  EXPECT_EQ(timeline["personas"][0]["name"], "Gold customers");

  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "web"}, {"channel", "web"}}).status, 200);
  // A behaviour rule: two or more orders; nobody has any yet.
  json edited = gold;
  edited["rule"] = {{"all", {{{"interactions", {{"touchpoint", "web"}}}, {"op", "gte"}, {"value", 2}}}}};
  auto put = alice->Put(OrgPath(org_a_.id, "/personas/" + p), edited);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["members"], 0);
  EXPECT_EQ(metrics("persona=" + p)["overall"]["n"], 0);

  ASSERT_EQ(alice->Delete(OrgPath(org_a_.id, "/personas/" + p)).status, 200);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/personas/" + p)).status, 404);
  EXPECT_TRUE(alice->Get(OrgPath(org_a_.id, "/personas")).json()["items"].empty());
}

// Which touchpoints move relationship NPS: contacts' relationship ratings against their
// ratings of the touchpoints they went through, tied together by the `contact` field.
TEST_P(JourneyApi, TouchpointImpactRanksWhatMovesRelationshipNps) {
  auto publish = [&](const std::string& tmpl) {
    auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                               {{"name", tmpl}, {"template", tmpl}, {"languages", {"en"}}});
    EXPECT_EQ(created.status, 201) << created.body;
    const int64_t id = created.json()["id"];
    EXPECT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(id) + "/publish"),
                          json::object()).status, 200);
    return id;
  };
  const int64_t relationship = publish("relationship_nps");
  const int64_t purchase = publish("post_purchase");
  auto submit = [&](int64_t survey, const std::string& key, json answers, json hidden) {
    auto r = alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"),
                         {{"response_id", key}, {"answers", answers}, {"hidden", hidden}});
    ASSERT_EQ(r.status, 201) << r.body;
  };
  // 40 contacts: delivery's rating decides their NPS; the app's does not.
  for (int c = 0; c < 40; ++c) {
    const std::string id = "k" + std::to_string(c);
    ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"),
                          {{"external_id", id}, {"attributes", {{"tier", c % 2 ? "silver" : "gold"}}}})
                  .status, 200);
    const int delivery = 1 + c % 5, app = 1 + (c * 3 + 1) % 5;
    submit(purchase, id + "-d", {{"csat", delivery}, {"nps", 5}, {"delivery", 3}},
           {{"contact", id}, {"touchpoint", "delivery"}});
    submit(purchase, id + "-a", {{"csat", app}, {"nps", 5}, {"delivery", 3}},
           {{"contact", id}, {"touchpoint", "app"}});
    submit(relationship, id + "-r", {{"nps", std::min(10, 2 * delivery + (c % 2))}}, {{"contact", id}});
  }
  auto r = alice->Get(OrgPath(org_a_.id, "/journey/touchpoint-impact?survey=" +
                                             std::to_string(relationship)));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.json();
  EXPECT_EQ(j["contacts"], 40);
  EXPECT_EQ(j["missing"], "pairwise");
  ASSERT_EQ(j["touchpoints"].size(), 2u);
  EXPECT_EQ(j["touchpoints"][0]["touchpoint"], "delivery");
  EXPECT_GT(j["touchpoints"][0]["lmg_share"].get<double>(), 0.9);
  EXPECT_GT(j["r2"].get<double>(), 0.9);
  EXPECT_EQ(j["touchpoints"][0]["contacts"], 40);
  EXPECT_NEAR(j["touchpoints"][0]["satisfied_share"].get<double>(), 16.0 / 40, 1e-12);  // 4s and 5s
  // For one persona: its contacts only.
  auto gold = alice->Post(OrgPath(org_a_.id, "/personas"),
                          {{"name", "Gold"}, {"rule", {{"all", {{{"attribute", "tier"}, {"op", "eq"}, {"value", "gold"}}}}}}});
  ASSERT_EQ(gold.status, 201) << gold.body;
  auto of_gold = alice->Get(OrgPath(org_a_.id, "/journey/touchpoint-impact?min_n=10&survey=" +
                                                   std::to_string(relationship) + "&persona=" +
                                                   std::to_string(gold.json()["id"].get<int64_t>())));
  ASSERT_EQ(of_gold.status, 200) << of_gold.body;
  EXPECT_EQ(of_gold.json()["contacts"], 20);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/journey/touchpoint-impact?persona=x&survey=1")).json()["error"]["field"],
            "persona");
  // Errors name the parameter.
  auto missing = alice->Get(OrgPath(org_a_.id, "/journey/touchpoint-impact"));
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json()["error"]["field"], "survey");
  // Trailing characters are refused, not read as the number before them.
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/journey/touchpoint-impact?survey=" +
                                              std::to_string(relationship) + "x"))
                .json()["error"]["field"], "survey");
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/journey/touchpoint-impact?min_n=30abc&survey=" +
                                              std::to_string(relationship)))
                .json()["error"]["field"], "min_n");
  auto few = alice->Get(OrgPath(org_a_.id, "/journey/touchpoint-impact?min_n=100&survey=" +
                                               std::to_string(relationship)));
  EXPECT_EQ(few.json()["error"]["field"], "touchpoints");
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/journey/touchpoint-impact?survey=999999")).status, 404);
}

// Two integrations update the same contact at once, each with its own attribute: neither
// update is lost (the merge runs on a locked row), on SQLite and on PostgreSQL. Writers that
// both think a contact new do not overwrite each other either.
TEST_P(JourneyApi, ConcurrentContactUpdatesAreMergedNotLost) {
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contact-attributes"),
                        {{"name", "city"}, {"type", "text"}}).status, 201);
  constexpr int kRounds = 25;
  std::atomic<int> failures{0};
  auto writer = [&](const std::string& attribute, const std::string& value) {
    auto client = SignedIn("alice@a.example", "alice-password");
    for (int i = 0; i < kRounds; ++i) {
      json attributes = {{attribute, value}};
      auto r = client->Post(OrgPath(org_a_.id, "/contacts"),
                            {{"external_id", "shared-" + std::to_string(i)},
                             {"attributes", attributes}});
      if (r.status != 200) ++failures;
    }
  };
  std::thread a(writer, "tier", "gold"), b(writer, "city", "Tabriz");
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  for (int i = 0; i < kRounds; ++i) {
    auto c = t_.store->journeys().FindContactByExternalId(org_a_.id, "shared-" + std::to_string(i));
    ASSERT_TRUE(c.has_value());
    json attributes = json::parse(c->attributes);
    EXPECT_EQ(attributes.value("tier", ""), "gold") << i << " " << c->attributes;
    EXPECT_EQ(attributes.value("city", ""), "Tabriz") << i << " " << c->attributes;
  }
  // An interaction naming an unseen contact, racing an upsert of it: the upsert's email stays.
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "web"}, {"channel", "web"}}).status, 200);
  std::thread c([&] {
    auto client = SignedIn("alice@a.example", "alice-password");
    for (int i = 0; i < kRounds; ++i) {
      client->Post(OrgPath(org_a_.id, "/contacts"),
                   {{"external_id", "race-" + std::to_string(i)}, {"email", "known@x.ir"}});
    }
  });
  std::thread d([&] {
    auto client = SignedIn("alice@a.example", "alice-password");
    for (int i = 0; i < kRounds; ++i) {
      client->Post(OrgPath(org_a_.id, "/interactions"),
                   {{"contact", "race-" + std::to_string(i)}, {"touchpoint", "web"}});
    }
  });
  c.join();
  d.join();
  for (int i = 0; i < kRounds; ++i) {
    auto contact =
        t_.store->journeys().FindContactByExternalId(org_a_.id, "race-" + std::to_string(i));
    ASSERT_TRUE(contact.has_value());
    EXPECT_EQ(contact->email, "known@x.ir") << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, JourneyApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
