// Triggered feedback through the real API on both stores: rules and channel settings,
// interactions that invite, an email caught by a real SMTP sink, the invitation's page and
// its answers, IVR digits by token, and response rates.
#include <gtest/gtest.h>

#include <regex>

#include "api/api_fixture.h"
#include "support/sinks.h"

namespace nazar {
namespace {

using nlohmann::json;
using testing::HttpClient;
using testing::HttpResult;

json Definition() {
  return json::parse(R"({"title": {"fa": "پس از تماس", "en": "After your call"},
    "languages": ["fa", "en"], "hidden_fields": ["touchpoint", "agent"],
    "questions": [
      {"id": "csat", "type": "csat", "required": true, "text": {"fa": "راضی بودید؟", "en": "Satisfied?"}},
      {"id": "why", "type": "text", "text": {"fa": "چرا؟", "en": "Why?"}}]})");
}

class InvitationApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
    auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                               {{"name", "after calls"}, {"definition", Definition()}});
    ASSERT_EQ(created.status, 201) << created.body;
    survey = created.json()["id"];
    ASSERT_EQ(alice
                  ->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/publish"),
                         json::object())
                  .status,
              200);
    ASSERT_EQ(
        alice
            ->Post(
                OrgPath(org_a_.id, "/touchpoints"),
                {{"key", "call"}, {"channel", "phone"}, {"name", {{"fa", "تماس"}, {"en", "call"}}}})
            .status,
        200);
    auto settings = alice->Send("PUT", OrgPath(org_a_.id, "/channel-settings"),
                                json{{"smtp",
                                      {{"host", "127.0.0.1"},
                                       {"port", smtp.port()},
                                       {"tls", "none"},
                                       {"user", "mailer"},
                                       {"password", "s3cret-pass"},
                                       {"from_address", "cx@a.example"},
                                       {"from_name", "فروشگاه آ"}}}}
                                    .dump());
    ASSERT_EQ(settings.status, 200) << settings.body;
  }

  // A rule on the call touchpoint naming every field a call rule would otherwise default
  // (answered calls only, 15 minutes later, latest call, once a day, quiet hours).
  json Rule(json extra) {
    json r = {{"name", "after calls"},
              {"survey_id", survey},
              {"touchpoint", "call"},
              {"delivery", "email"},
              {"conditions", json::array()},
              {"delay_s", 0},
              {"latest_call_only", false},
              {"frequency_cap_days", 0},
              {"quiet_hours", nullptr}};
    r.update(extra);
    auto made = alice->Post(OrgPath(org_a_.id, "/trigger-rules"), r);
    EXPECT_EQ(made.status, 201) << made.body;
    return made.json();
  }

  json Interaction(const std::string& contact, json extra = json::object()) {
    json i = {{"contact", contact},
              {"email", contact + "@mail.example"},
              {"touchpoint", "call"},
              {"agent", "reza"},
              {"facts", {{"wait_s", 95}}}};
    i.update(extra);
    auto r = alice->Post(OrgPath(org_a_.id, "/interactions"), i);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["items"][0];
  }

  json InvitationOf(int64_t interaction) {
    auto list =
        alice->Get(OrgPath(org_a_.id, "/invitations?interaction=" + std::to_string(interaction)));
    EXPECT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.json()["items"].size(), 1u);
    return list.json()["items"][0];
  }

  std::unique_ptr<HttpClient> alice;
  int64_t survey = 0;
  testing::SmtpSink smtp;
};

TEST_P(InvitationApi, ChannelSettingsNeverShowThePassword) {
  auto got = alice->Get(OrgPath(org_a_.id, "/channel-settings"));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body.find("s3cret-pass"), std::string::npos);
  EXPECT_TRUE(got.json()["smtp"]["password_set"]);
  EXPECT_EQ(got.json()["smtp"]["from_name"], "فروشگاه آ");
  // Changing the host keeps the password; a gateway is checked.
  auto changed = alice->Send(
      "PUT", OrgPath(org_a_.id, "/channel-settings"),
      json{{"smtp",
            {{"host", "smtp.a.example"}, {"from_address", "cx@a.example"}, {"user", "mailer"}}}}
          .dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(t_.store->delivery().GetChannelSettings(org_a_.id)->smtp_password, "s3cret-pass");
  auto bad = alice->Send("PUT", OrgPath(org_a_.id, "/channel-settings"),
                         json{{"sms_gateway", {{"url", "gopher://x"}}}}.dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "sms_gateway.url");
  auto port = alice->Send(
      "PUT", OrgPath(org_a_.id, "/channel-settings"),
      json{{"smtp", {{"host", "h"}, {"port", 70000}, {"from_address", "cx@a.example"}}}}.dump());
  EXPECT_EQ(port.json()["error"]["field"], "smtp.port");
  // The audit log has the change, without the password.
  auto audit = alice->Get(OrgPath(org_a_.id, "/audit"));
  EXPECT_NE(audit.body.find("channels.put"), std::string::npos);
  EXPECT_EQ(audit.body.find("s3cret-pass"), std::string::npos);
  // Only owners and admins see them.
  auto key =
      alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "analyst"}, {"role", "analyst"}});
  HttpClient analyst(base_);
  analyst.bearer = key.json()["token"];
  EXPECT_EQ(analyst.Get(OrgPath(org_a_.id, "/channel-settings")).status, 403);
  EXPECT_EQ(analyst.Get(OrgPath(org_a_.id, "/trigger-rules")).status, 200);
}

// A gateway's Authorization (and any header marked secret) is write-only like the SMTP
// password: never in the API's answers nor the audit log; kept when the template changes;
// removed only when asked.
TEST_P(InvitationApi, GatewaySecretsAreWriteOnly) {
  json gateway = {{"url", "https://sms.example/send?to={{phone}}"},
                  {"headers", {{"Content-Type", "application/json"}, {"Authorization", "Bearer gw-key-9"}}},
                  {"secret_headers", {{"X-Api-Key", "api-key-7"}}},
                  {"body", R"({"text":"{{message}}"})"}};
  auto put = alice->Send("PUT", OrgPath(org_a_.id, "/channel-settings"),
                         json{{"sms_gateway", gateway}}.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  for (const HttpResult& r : {put, alice->Get(OrgPath(org_a_.id, "/channel-settings")),
                              alice->Get(OrgPath(org_a_.id, "/audit"))}) {
    EXPECT_EQ(r.body.find("gw-key-9"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("api-key-7"), std::string::npos) << r.body;
  }
  json shown = alice->Get(OrgPath(org_a_.id, "/channel-settings")).json()["sms_gateway"];
  EXPECT_EQ(shown["headers"], json({{"Content-Type", "application/json"}}));
  EXPECT_EQ(shown["secret_headers"], json({"Authorization", "X-Api-Key"}));
  // The sender has them in clear.
  auto stored =
      delivery::ReadStoredGateway(t_.store->delivery().GetChannelSettings(org_a_.id)->sms_gateway);
  ASSERT_TRUE(stored.has_value() && stored->has_value());
  std::map<std::string, std::pair<std::string, bool>> headers;
  for (const auto& h : (*stored)->headers) headers[h.name] = {h.value, h.secret};
  EXPECT_EQ(headers["Authorization"], std::make_pair(std::string("Bearer gw-key-9"), true));
  EXPECT_EQ(headers["X-Api-Key"], std::make_pair(std::string("api-key-7"), true));
  EXPECT_EQ(headers["Content-Type"], std::make_pair(std::string("application/json"), false));

  // The template as the app sends it back (secrets by name only): the secrets stay.
  shown["url"] = "https://sms2.example/send";
  shown.erase("secret_headers");
  ASSERT_EQ(alice->Send("PUT", OrgPath(org_a_.id, "/channel-settings"), json{{"sms_gateway", shown}}.dump()).status, 200);
  stored =
      delivery::ReadStoredGateway(t_.store->delivery().GetChannelSettings(org_a_.id)->sms_gateway);
  EXPECT_EQ((*stored)->url, "https://sms2.example/send");
  EXPECT_EQ((*stored)->headers.size(), 3u);
  // null removes one secret.
  shown["secret_headers"] = {{"X-Api-Key", nullptr}};
  ASSERT_EQ(alice->Send("PUT", OrgPath(org_a_.id, "/channel-settings"), json{{"sms_gateway", shown}}.dump()).status, 200);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/channel-settings")).json()["sms_gateway"]["secret_headers"],
            json({"Authorization"}));
  auto bad = alice->Send("PUT", OrgPath(org_a_.id, "/channel-settings"),
                         json{{"sms_gateway", {{"url", "https://x.example"}, {"secret_headers", {{"X-Key", 5}}}}}}.dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "sms_gateway.secret_headers.X-Key");
}

TEST_P(InvitationApi, RulesAreCheckedNamingTheField) {
  auto bad = alice->Post(
      OrgPath(org_a_.id, "/trigger-rules"),
      {{"name", "x"}, {"survey_id", survey}, {"touchpoint", "call"}, {"delivery", "pigeon"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "delivery");
  auto cond = alice->Post(OrgPath(org_a_.id, "/trigger-rules"),
                          {{"name", "x"},
                           {"survey_id", survey},
                           {"touchpoint", "call"},
                           {"delivery", "sms"},
                           {"conditions", {{{"fact", "wait_s"}, {"op", "about"}, {"value", 3}}}}});
  EXPECT_EQ(cond.json()["error"]["field"], "conditions[0].op");
  auto quiet = alice->Post(OrgPath(org_a_.id, "/trigger-rules"),
                           {{"name", "x"},
                            {"survey_id", survey},
                            {"touchpoint", "call"},
                            {"delivery", "sms"},
                            {"quiet_hours", {{"start", 25}, {"end", 8}}}});
  EXPECT_EQ(quiet.status, 400);
  EXPECT_EQ(
      alice
          ->Post(
              OrgPath(org_a_.id, "/trigger-rules"),
              {{"name", "x"}, {"survey_id", survey}, {"touchpoint", "nope"}, {"delivery", "sms"}})
          .json()["error"]["field"],
      "touchpoint");
  json rule =
      Rule({{"quiet_hours", {{"start", 21}, {"end", 8}}},
            {"sampling", 0.5},
            {"templates", {{"en", {{"subject", "Hi {{name}}"}, {"body", "Go: {{link}}"}}}}}});
  EXPECT_EQ(rule["quiet_hours"], json({{"start", 21}, {"end", 8}}));
  EXPECT_EQ(rule["sampling"], 0.5);
  std::string path =
      OrgPath(org_a_.id, "/trigger-rules/" + std::to_string(rule["id"].get<int64_t>()));
  json changed = rule;
  for (const char* k : {"id", "created_at", "updated_at"}) changed.erase(k);
  changed["enabled"] = false;
  changed["quiet_hours"] = nullptr;
  auto put = alice->Send("PUT", path, changed.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_FALSE(put.json()["enabled"]);
  EXPECT_TRUE(put.json()["quiet_hours"].is_null());
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/trigger-rules")).json()["items"].size(), 1u);
  EXPECT_EQ(alice->Delete(path).status, 200);
  EXPECT_EQ(alice->Get(path).status, 404);
}

TEST_P(InvitationApi, AnInteractionInvitesByEmailAndTheAnswerInheritsIt) {
  Rule({{"conditions", {{{"fact", "wait_s"}, {"op", "gte"}, {"value", 60}}}}});
  ASSERT_EQ(
      alice
          ->Post(OrgPath(org_a_.id, "/contacts"),
                 {{"external_id", "crm-7"}, {"email", "crm-7@mail.example"}, {"language", "fa"}})
          .status,
      200);
  json call = Interaction("crm-7", {{"facts", {{"wait_s", 95}}}});
  json quick = Interaction("crm-8", {{"facts", {{"wait_s", 10}}}});
  EXPECT_TRUE(alice
                  ->Get(OrgPath(org_a_.id, "/invitations?interaction=" +
                                               std::to_string(quick["id"].get<int64_t>())))
                  .json()["items"]
                  .empty());
  json inv = InvitationOf(call["id"]);
  EXPECT_EQ(inv["status"], "queued");
  EXPECT_EQ(inv["address"], "crm-7@mail.example");

  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(smtp.WaitFor(1));
  testing::SmtpMessage m = smtp.Messages()[0];
  EXPECT_EQ(m.rcpt_to[0], "crm-7@mail.example");
  EXPECT_EQ(m.auth, "mailer:s3cret-pass");
  EXPECT_EQ(m.Subject(), "نظر شما درباره‌ی تماس چیست؟");
  std::smatch link;
  std::string body = m.Body();
  ASSERT_TRUE(std::regex_search(body, link, std::regex("https?://[^/]+(/i/[A-Za-z0-9_-]+)")))
      << body;
  std::string page_path = link[1];
  EXPECT_EQ(page_path, "/i/" + inv["token"].get<std::string>());
  std::string one = OrgPath(org_a_.id, "/invitations/" + std::to_string(inv["id"].get<int64_t>()));
  EXPECT_EQ(alice->Get(one).json()["status"], "sent");

  // The respondent opens the link: the page, in the contact's language.
  HttpClient browser(base_);
  auto page = browser.Get(page_path);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("راضی بودید؟"), std::string::npos);
  EXPECT_NE(page.body.find("/api/v1/invitations/" + inv["token"].get<std::string>() + "/responses"),
            std::string::npos);
  EXPECT_EQ(alice->Get(one).json()["status"], "opened");
  // The page's script saves partial answers ...
  auto partial =
      browser.Post("/api/v1/invitations/" + inv["token"].get<std::string>() + "/responses",
                   {{"response_id", "ignored"}, {"answers", {{"csat", 2}}}});
  ASSERT_EQ(partial.status, 201) << partial.body;
  EXPECT_EQ(partial.json()["status"], "partial");
  EXPECT_EQ(alice->Get(one).json()["status"], "started");
  // ... and the form completes the response.
  browser.content_type = "application/x-www-form-urlencoded";
  auto posted =
      browser.Send("POST", page_path,
                   "language=fa&a.csat=2&a.why=%D8%B5%D9%81+%D8%B7%D9%88%D9%84%D8%A7%D9%86%DB%8C");
  ASSERT_EQ(posted.status, 200) << posted.body;
  json done = alice->Get(one).json();
  EXPECT_EQ(done["status"], "completed");
  ASSERT_TRUE(done["response_id"].is_number());
  EXPECT_EQ(done["deliveries"][0]["kind"], "send");
  EXPECT_EQ(done["deliveries"][0]["status"], "done");

  auto responses =
      alice->Get(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"));
  ASSERT_EQ(responses.json()["items"].size(), 1u);
  json r = responses.json()["items"][0];
  EXPECT_EQ(r["touchpoint"], "call");
  EXPECT_EQ(r["agent"], "reza");
  EXPECT_EQ(r["channel"], "phone");
  EXPECT_EQ(r["contact_id"], call["contact_id"]);
  EXPECT_EQ(r["interaction_id"], call["id"]);
  EXPECT_EQ(r["answers"]["why"], "صف طولانی");
  // The page again: the thank-you page, not a second response.
  EXPECT_EQ(browser.Get(page_path).status, 200);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"))
                .json()["items"]
                .size(),
            1u);
  // The contact's timeline-style view: the invitations of one contact.
  EXPECT_EQ(alice
                ->Get(OrgPath(org_a_.id, "/invitations?contact=" +
                                             std::to_string(call["contact_id"].get<int64_t>())))
                .json()["items"]
                .size(),
            1u);

  // The contact's timeline: the interaction, the invitation it led to (completed, without
  // its link's secret) and the response; the person's own export carries the token too.
  const std::string contact_path =
      OrgPath(org_a_.id, "/contacts/" + std::to_string(call["contact_id"].get<int64_t>()));
  json timeline = alice->Get(contact_path).json();
  ASSERT_EQ(timeline["invitations"].size(), 1u) << timeline.dump();
  EXPECT_EQ(timeline["invitations"][0]["status"], "completed");
  EXPECT_EQ(timeline["invitations"][0]["interaction_id"], call["id"]);
  EXPECT_FALSE(timeline["invitations"][0].contains("token"));
  EXPECT_EQ(timeline["interactions"].size(), 1u);
  EXPECT_EQ(timeline["responses"].size(), 1u);
  json exported = alice->Post(contact_path + "/export", json::object()).json();
  ASSERT_EQ(exported["invitations"].size(), 1u);
  EXPECT_TRUE(exported["invitations"][0].contains("token"));

  auto rates = alice->Get(OrgPath(org_a_.id, "/response-rates?by=rule"));
  ASSERT_EQ(rates.status, 200) << rates.body;
  EXPECT_EQ(rates.json()["total"]["sent"], 1);
  EXPECT_EQ(rates.json()["total"]["completed"], 1);
  EXPECT_EQ(rates.json()["items"][0]["response_rate"], 1.0);
  EXPECT_FALSE(rates.json()["items"][0]["enough"]);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/response-rates?by=agent")).json()["error"]["field"],
            "by");
  EXPECT_EQ(browser.Get("/i/not-a-token").status, 404);
}

// An operator imports Asterisk's queue_log again and again as it grows. A call still in the
// queue or still talking is left for a later import: no survey goes out mid-call, and its
// wait and talk are read once it has ended.
TEST_P(InvitationApi, CallsInProgressAreImportedOnlyOnceTheyEnd) {
  Rule({{"conditions", {{{"fact", "talk_s"}, {"op", "gt"}, {"value", 0}}}}});
  for (std::string caller : {"09121110001", "09121110002", "09121110003"}) {
    ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"),
                          {{"external_id", caller}, {"email", caller + "@mail.example"}})
                  .status,
              200);
  }
  // An hour ago (older calls are past the rules' reach).
  const int64_t t0 = clock_.NowMs() / 1000 - 3600;
  auto at = [&](int64_t s) { return std::to_string(t0 + s); };
  const std::string morning =
      at(0) + "|c1|call|NONE|ENTERQUEUE||09121110001|1\n" +
      at(10) + "|c1|call|SIP/1|CONNECT|10|x|1\n" +
      at(90) + "|c1|call|SIP/1|COMPLETECALLER|10|80|1\n" +
      at(190) + "|c2|call|NONE|ENTERQUEUE||09121110002|1\n" +
      at(220) + "|c2|call|SIP/2|CONNECT|30|x|1\n" +    // talking when the file is read
      at(290) + "|c3|call|NONE|ENTERQUEUE||09121110003|1\n";  // waiting
  const std::string later = morning +
      at(350) + "|c3|call|NONE|ABANDON|1|1|60\n" +
      at(490) + "|c2|call|SIP/2|COMPLETEAGENT|30|270|1\n";
  auto upload = [&](const std::string& log) {
    HttpClient c(base_);
    c.cookie = alice->cookie;
    c.csrf = alice->csrf;
    c.content_type = "text/plain";
    return c.Send("POST", OrgPath(org_a_.id, "/interactions/import?format=queue_log"), log);
  };
  auto invitations = [&] {
    return t_.store->outreach().ListInvitations(org_a_.id, {})->items.size();
  };

  auto first = upload(morning);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["created"], 1);
  EXPECT_EQ(first.json()["in_progress"], 2);
  EXPECT_EQ(t_.store->journeys().ListInteractions(org_a_.id, {})->items.size(), 1u);
  EXPECT_EQ(invitations(), 1u);  // c1 only: c2 is still talking to the agent

  auto second = upload(later);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json()["created"], 2);
  EXPECT_EQ(second.json()["unchanged"], 1);
  EXPECT_EQ(second.json()["in_progress"], 0);
  auto calls = t_.store->journeys().ListInteractions(org_a_.id, {})->items;
  ASSERT_EQ(calls.size(), 3u);
  std::map<std::string, json> facts;
  for (const auto& c : calls) facts[c.reference] = json::parse(c.facts);
  EXPECT_EQ(facts["c2"], json({{"wait_s", 30.0}, {"talk_s", 270.0}, {"answered", 1.0}, {"abandoned", 0.0}}));
  EXPECT_EQ(facts["c3"], json({{"wait_s", 60.0}, {"talk_s", 0.0}, {"answered", 0.0}, {"abandoned", 1.0}}));
  EXPECT_EQ(invitations(), 2u);  // c2 now that it has ended; c3 never talked

  auto third = upload(later);
  EXPECT_EQ(third.json()["created"], 0);
  EXPECT_EQ(third.json()["unchanged"], 3);
  EXPECT_EQ(invitations(), 2u);
}

TEST_P(InvitationApi, AnIvrAnswersWithDigitsByTheInvitationsToken) {
  Rule({{"delivery", "ivr"}});
  auto key = alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "IVR"}, {"role", "agent"}});
  HttpClient ivr(base_);
  ivr.bearer = key.json()["token"];
  json call = Interaction("caller-0912");
  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  EXPECT_EQ(smtp.Count(), 0u);  // nothing is sent for IVR
  // The IVR finds the call's invitation, then posts the caller's keypad digits.
  auto found = ivr.Get(
      OrgPath(org_a_.id, "/invitations?interaction=" + std::to_string(call["id"].get<int64_t>())));
  ASSERT_EQ(found.status, 200) << found.body;
  json inv = found.json()["items"][0];
  EXPECT_EQ(inv["status"], "sent");
  std::string answer = "/api/v1/invitations/" + inv["token"].get<std::string>() + "/responses";
  json digits = {{"input", "dtmf"}, {"complete", true}, {"answers", {{"csat", "4"}}}};
  auto first = ivr.Post(answer, digits);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = ivr.Post(answer, digits);
  EXPECT_EQ(again.status, 200);
  EXPECT_TRUE(again.json()["replayed"]);
  auto bad =
      ivr.Post(answer, {{"input", "dtmf"}, {"complete", true}, {"answers", {{"csat", "9"}}}});
  EXPECT_EQ(bad.status, 400);  // a key the scale lacks is refused; nothing changes
  EXPECT_EQ(bad.json()["error"]["field"], "answers.csat");
  auto responses = *t_.store->responses().ListResponses(org_a_.id, {.survey_id = survey});
  ASSERT_EQ(responses.items.size(), 1u);
  EXPECT_EQ(responses.items[0].answers, R"({"csat":4})");
  EXPECT_EQ(responses.items[0].agent, "reza");
  EXPECT_EQ(responses.items[0].channel, "phone");
  EXPECT_EQ(t_.store->outreach().GetInvitation(org_a_.id, inv["id"])->status,
            InvitationStatus::kCompleted);
  EXPECT_EQ(ivr.Post("/api/v1/invitations/unknown/responses", digits).status, 404);
}

TEST_P(InvitationApi, ABatchOfInteractionsInvitesASampleOnce) {
  json rule = Rule({{"sampling", 0.2}, {"frequency_cap_days", 30}});
  json batch = json::array();
  for (int i = 0; i < 500; ++i) {
    std::string contact = "c" + std::to_string(i % 200);
    batch.push_back({{"contact", contact},
                     {"email", contact + "@x.example"},
                     {"touchpoint", "call"},
                     {"reference", "call-" + std::to_string(i)}});
  }
  auto r = alice->Post(OrgPath(org_a_.id, "/interactions"), {{"interactions", batch}});
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 300);
  int expected_sampled = 0;
  std::set<int64_t> contacts;
  json items = r.json()["items"];
  for (const json& i : items)
    if (outreach::SampleValue(i["id"].get<int64_t>(), rule["id"].get<int64_t>()) < 0.2) {
      ++expected_sampled;
      contacts.insert(i["contact_id"].get<int64_t>());
    }
  auto all = t_.store->outreach().ListInvitations(org_a_.id, {.limit = 1000});
  EXPECT_GT(expected_sampled, 50);
  EXPECT_EQ(static_cast<int>(all->items.size()), expected_sampled);
  int queued = 0;
  for (const auto& inv : all->items) queued += inv.status == InvitationStatus::kQueued;
  EXPECT_EQ(queued, static_cast<int>(contacts.size()));  // the cap: one per contact
  // Sent again (a retry of the whole batch): nothing new.
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/interactions"), {{"interactions", batch}}).status,
            200);
  EXPECT_EQ(t_.store->outreach().ListInvitations(org_a_.id, {.limit = 1000})->items.size(),
            all->items.size());
}

// Dead letters: a send that kept failing is dead, listed for owners and admins only,
// replayed once, then delivered; the invitation follows.
TEST_P(InvitationApi, ADeadSendIsListedAndReplayedByThoseWhoManageChannels) {
  Rule(json::object());
  json inv = InvitationOf(Interaction("c1")["id"]);
  const std::string key = std::to_string(inv["id"].get<int64_t>());
  smtp.FailNextData(8, "421 4.7.0 try again later");
  for (int i = 0; i < 8; ++i) {
    ASSERT_EQ(*dispatcher_->RunOnce(), 1) << i;
    clock_.Advance(7 * 3600'000);
  }
  std::string one = OrgPath(org_a_.id, "/invitations/" + key);
  EXPECT_EQ(alice->Get(one).json()["status"], "failed");

  auto dead = alice->Get(OrgPath(org_a_.id, "/outbox?state=dead"));
  ASSERT_EQ(dead.status, 200) << dead.body;
  ASSERT_EQ(dead.json()["items"].size(), 1u);
  json m = dead.json()["items"][0];
  EXPECT_EQ(m["topic"], "invitation.send");
  EXPECT_EQ(m["key"], key);
  EXPECT_EQ(m["payload"], json({{"invitation_id", inv["id"]}}));
  EXPECT_EQ(m["state"], "dead");
  EXPECT_EQ(m["attempts"], 8);
  EXPECT_NE(m["last_error"].get<std::string>().find("421"), std::string::npos);
  EXPECT_FALSE(m["done_at"].is_null());
  EXPECT_TRUE(alice->Get(OrgPath(org_a_.id, "/outbox?topic=invitation.remind")).json()["items"].empty());
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/outbox?key=" + key)).json()["items"].size(), 1u);
  auto bad = alice->Get(OrgPath(org_a_.id, "/outbox?state=lost"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "state");
  json detail = alice->Get(one).json();
  EXPECT_EQ(detail["deliveries"][0]["state"], "dead");
  EXPECT_EQ(detail["deliveries"][0]["status"], "failed");
  EXPECT_EQ(detail["deliveries"][0]["id"], m["id"]);
  auto metrics = HttpClient(base_).Get("/metrics");
  EXPECT_NE(metrics.body.find(
                R"(nazar_outbox_deliveries_total{topic="invitation.send",outcome="dead"} 1)"),
            std::string::npos);
  EXPECT_NE(metrics.body.find(
                R"(nazar_outbox_deliveries_total{topic="invitation.send",outcome="retried"} 7)"),
            std::string::npos);

  // An analyst's key may read results, not the outbox.
  auto analyst_key = alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "a"}, {"role", "analyst"}});
  HttpClient analyst(base_);
  analyst.bearer = analyst_key.json()["token"];
  std::string replay = OrgPath(org_a_.id, "/outbox/" + std::to_string(m["id"].get<int64_t>()) + "/replay");
  EXPECT_EQ(analyst.Get(OrgPath(org_a_.id, "/outbox")).status, 403);
  EXPECT_EQ(analyst.Post(replay, json::object()).status, 403);
  EXPECT_EQ(t_.store->delivery().GetOutboxMessage(org_a_.id, m["id"])->state, OutboxState::kDead);

  auto replayed = alice->Post(replay, json::object());
  ASSERT_EQ(replayed.status, 200) << replayed.body;
  EXPECT_EQ(replayed.json()["state"], "pending");
  EXPECT_EQ(replayed.json()["attempts"], 0);
  EXPECT_EQ(alice->Get(one).json()["status"], "queued");
  auto again = alice->Post(replay, json::object());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json()["error"]["field"], "id");
  auto audit = t_.store->audit().ListAudit(org_a_.id, {});
  EXPECT_EQ(audit->items[0].action, "outbox.replay");
  EXPECT_EQ(audit->items[0].actor_user_id, alice_.id);

  ASSERT_EQ(*dispatcher_->RunOnce(), 1);
  ASSERT_TRUE(smtp.WaitFor(1));
  EXPECT_EQ(alice->Get(one).json()["status"], "sent");
  EXPECT_EQ(alice->Get(one).json()["deliveries"][0]["status"], "done");
  EXPECT_TRUE(alice->Get(OrgPath(org_a_.id, "/outbox?state=dead")).json()["items"].empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, InvitationApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
