// Post-call feedback through the real API on both stores (issue 13): the call-centre
// settings and agents' names, trigger rules changed with PATCH and sent back as read, the
// contacts search's count, a test message, one-click unsubscribe. Other organisations and
// roles are refused by the cross-organisation walker over the OpenAPI document.
#include <gtest/gtest.h>

#include "api/api_fixture.h"
#include "support/sinks.h"

namespace nazar {
namespace {

using nlohmann::json;
using testing::HttpClient;

class PostCallApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
    bob = SignedIn("bob@b.example", "bob-password");
  }
  std::unique_ptr<HttpClient> alice, bob;
};

TEST_P(PostCallApi, TheDefaultCountryAndAgentsBelongToTheOrganisation) {
  auto settings = alice->Get(OrgPath(org_a_.id, "/call-centre/settings"));
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(settings.json()["default_country"], "");  // the organisation is on UTC
  ASSERT_EQ(alice
                ->Post(OrgPath(org_a_.id, "/contacts"),
                       {{"external_id", "crm-1"}, {"phone", "0912 111 0001"}})
                .status,
            200);
  auto saved = alice->Put(OrgPath(org_a_.id, "/call-centre/settings"), {{"default_country", "ir"}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json()["default_country"], "IR");
  EXPECT_EQ(t_.store->journeys().FindContactByExternalId(org_a_.id, "crm-1")->phone_key,
            "+989121110001");
  auto bad = alice->Put(OrgPath(org_a_.id, "/call-centre/settings"), {{"default_country", "XX"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "default_country");
  EXPECT_EQ(
      bob->Put(OrgPath(org_a_.id, "/call-centre/settings"), {{"default_country", "GB"}}).status,
      404);

  auto agent = alice->Put(OrgPath(org_a_.id, "/call-centre/agents/SIP%2F8007"),
                          {{"agent_id", "agent-07"}, {"name", {{"fa", "سارا"}, {"en", "Sara"}}}});
  ASSERT_EQ(agent.status, 200) << agent.body;
  EXPECT_EQ(agent.json()["member"], "SIP/8007");
  auto listed = alice->Get(OrgPath(org_a_.id, "/call-centre/agents"));
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_EQ(listed.json()["items"][0]["name"]["fa"], "سارا");
  EXPECT_EQ(
      alice->Put(OrgPath(org_a_.id, "/call-centre/agents/SIP%2F8001"), {{"name", {{"fa", "x"}}}})
          .json()["error"]["field"],
      "agent_id");
  EXPECT_EQ(bob->Get(OrgPath(org_b_.id, "/call-centre/agents")).json()["items"].size(), 0u);
  EXPECT_EQ(alice->Delete(OrgPath(org_a_.id, "/call-centre/agents/SIP%2F8007")).status, 200);
  EXPECT_EQ(alice->Delete(OrgPath(org_a_.id, "/call-centre/agents/SIP%2F8007")).status, 404);
}

TEST_P(PostCallApi, RulesArePatchedAndTheContactSearchCountsItsMatches) {
  auto survey = alice->Post(
      OrgPath(org_a_.id, "/surveys"),
      {{"name", "after calls"}, {"template", "post_support"}, {"languages", {"fa", "en"}}});
  ASSERT_EQ(survey.status, 201) << survey.body;
  ASSERT_EQ(
      alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "support"}, {"channel", "phone"}})
          .status,
      200);
  auto made = alice->Post(OrgPath(org_a_.id, "/trigger-rules"), {{"name", "after calls"},
                                                                 {"survey_id", survey.json()["id"]},
                                                                 {"touchpoint", "support"},
                                                                 {"delivery", "sms"}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["delay_s"], 900);  // a call rule's defaults
  EXPECT_EQ(made.json()["sms_parts"]["fa"]["parts"], 1);
  std::string path =
      OrgPath(org_a_.id, "/trigger-rules/" + std::to_string(made.json()["id"].get<int64_t>()));
  auto patched = alice->Patch(path, {{"delay_s", 60}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["delay_s"], 60);
  EXPECT_EQ(patched.json()["conditions"], made.json()["conditions"]);
  EXPECT_EQ(alice->Patch(path, {{"delay_s", -1}}).json()["error"]["field"], "delay_s");
  // What GET returned goes back as it is.
  auto read = alice->Get(path);
  auto put = alice->Put(path, read.json());
  EXPECT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(bob->Patch(path, {{"delay_s", 1}}).status, 404);

  for (const char* id : {"crm-1", "crm-2", "web-3"})
    ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"), {{"external_id", id}}).status, 200);
  auto found = alice->Get(OrgPath(org_a_.id, "/contacts?q=crm&limit=1"));
  EXPECT_EQ(found.json()["items"].size(), 1u);
  EXPECT_EQ(found.json()["total"], 2);  // the matches, not every contact
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/contacts")).json()["total"], 3);
}

TEST_P(PostCallApi, ATestMessageSaysWhatTheChannelAnswered) {
  testing::SmtpSink smtp;
  auto none = alice->Post(OrgPath(org_a_.id, "/channel-settings/test"),
                          {{"channel", "sms"}, {"to", "09121110001"}});
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_FALSE(none.json()["sent"]);
  EXPECT_NE(none.json()["detail"].get<std::string>().find("not set up"), std::string::npos);
  ASSERT_EQ(
      alice
          ->Put(OrgPath(org_a_.id, "/channel-settings"), {{"smtp",
                                                           {{"host", "127.0.0.1"},
                                                            {"port", smtp.port()},
                                                            {"tls", "none"},
                                                            {"from_address", "cx@a.example"}}}})
          .status,
      200);
  auto sent = alice->Post(OrgPath(org_a_.id, "/channel-settings/test"),
                          {{"channel", "email"}, {"to", "me@a.example"}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_TRUE(sent.json()["sent"]);
  ASSERT_TRUE(smtp.WaitFor(1));
  EXPECT_EQ(smtp.Messages()[0].rcpt_to, std::vector<std::string>{"me@a.example"});
  EXPECT_EQ(smtp.Messages()[0].Subject(), "پیام آزمایشی");
  EXPECT_EQ(
      alice->Post(OrgPath(org_a_.id, "/channel-settings/test"), {{"channel", "fax"}, {"to", "x"}})
          .json()["error"]["field"],
      "channel");
  EXPECT_EQ(alice
                ->Post(OrgPath(org_a_.id, "/channel-settings/test"),
                       {{"channel", "email"}, {"to", "nobody"}})
                .json()["error"]["field"],
            "to");
  auto viewer = MemberWithRole(org_a_.id, "viewer@a.example", Role::kViewer);
  EXPECT_EQ(viewer
                ->Post(OrgPath(org_a_.id, "/channel-settings/test"),
                       {{"channel", "email"}, {"to", "me@a.example"}})
                .status,
            403);
}

TEST_P(PostCallApi, OneClickUnsubscribeNeedsThePost) {
  HttpClient anyone(base_);
  anyone.content_type = "application/x-www-form-urlencoded";
  EXPECT_EQ(anyone.Send("POST", "/u/no-such-token", "List-Unsubscribe=One-Click").status, 404);
  auto page = anyone.Send("GET", "/u/some-token", "");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("method=\"post\""), std::string::npos);
}

TEST_P(PostCallApi, AQueueLogImportReportsItsCallersAndUnnamedAgents) {
  ASSERT_EQ(
      alice->Put(OrgPath(org_a_.id, "/call-centre/settings"), {{"default_country", "IR"}}).status,
      200);
  ASSERT_EQ(alice
                ->Post(OrgPath(org_a_.id, "/contacts"),
                       {{"external_id", "crm-1"}, {"phone", "۰۹۱۲ ۱۱۱ ۰۰۰۱"}})
                .status,
            200);
  const std::string log =
      "1709280010|c.1|600|NONE|ENTERQUEUE||+989121110001|1\n"
      "1709280015|c.1|600|SIP/8001|CONNECT|5|c.1.b|1\n"
      "1709280100|c.1|600|SIP/8001|COMPLETECALLER|5|85|1\n"
      "1709280200|c.2|600|NONE|ENTERQUEUE||09350000002|1\n"
      "1709280260|c.2|600|NONE|ABANDON|1|1|60\n";
  HttpClient upload(base_);
  upload.cookie = alice->cookie;
  upload.csrf = alice->csrf;
  upload.content_type = "text/plain";
  auto r = upload.Send("POST", OrgPath(org_a_.id, "/interactions/import?format=queue_log"), log);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["callers"], json({{"matched", 1},
                                       {"unmatched", 1},
                                       {"withheld", 0},
                                       {"unmatched_numbers", json::array({"09350000002"})}}));
  EXPECT_EQ(r.json()["unmapped_agents"], json::array({"SIP/8001"}));
  auto calls = t_.store->journeys().ListInteractions(org_a_.id, {.touchpoint = "q_600"});
  ASSERT_EQ(calls->items.size(), 2u);
  EXPECT_EQ(calls->items[0].contact_id,
            t_.store->journeys().FindContactByExternalId(org_a_.id, "crm-1")->id);
}

INSTANTIATE_TEST_SUITE_P(Backends, PostCallApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
