// Digests through the API, on both stores: a member chooses a daily digest (bad choices name
// their field, API keys have none), the schedule queues it once per slot however often it
// runs, and it reaches a real SMTP sink with their new alert and their case past its deadline;
// an empty digest is not sent; "send me one now" and the preview say the same.
#include <gtest/gtest.h>

#include <thread>

#include "act/digests.h"
#include "api/api_fixture.h"
#include "support/sinks.h"

namespace nazar {
namespace {

constexpr int64_t kMonday0600 = 1796623200000;  // 2026-12-07T06:00:00Z
constexpr int64_t kHour = 3600'000;

class DigestApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    clock_.Set(kMonday0600);
    alice = SignedIn("alice@a.example", "alice-password");
    survey = PublishedSurvey(*alice, org_a_.id, "Relationship", "relationship_nps", {"en"});
    ASSERT_NE(survey, 0);
    UseSmtpSink(*alice, org_a_.id, smtp.port());
    json week = json::object();
    for (const char* d : {"sat", "sun", "mon", "tue", "wed", "thu", "fri"})
      week[d] = json::array({json::array({"00:00", "24:00"})});
    auto settings = alice->Put(OrgPath(org_a_.id, "/act/settings"),
                               {{"calendar", {{"time_zone", "UTC"}, {"week", week}}},
                                {"sla", {{"normal", {{"first_response_minutes", 60}, {"resolution_minutes", 120}}}}},
                                {"assignment", {{"default", {alice_.id.value}}}}});
    ASSERT_EQ(settings.status, 200) << settings.body;
    auto rule = alice->Post(OrgPath(org_a_.id, "/alert-rules"),
                            {{"name", "Detractors"}, {"survey_id", survey},
                             {"notify", {{"users", {alice_.id.value}}, {"channels", {"in_app"}}}},
                             {"conditions", {{{"field", "answer.nps"}, {"op", "<="}, {"value", 6}}}}});
    ASSERT_EQ(rule.status, 201) << rule.body;
  }

  HttpResult Rate(const std::string& key, int nps) {
    return alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"),
                       {{"response_id", key}, {"answers", {{"nps", nps}}}});
  }

  void Deliver() {
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(dispatcher_->RunOnce().has_value());
  }

  // The digests the sink has (the case's owner is also told of the case by e-mail), waiting
  // for `n` of them at most ten seconds.
  std::vector<testing::SmtpMessage> Digests(size_t n) {
    std::vector<testing::SmtpMessage> out;
    for (int i = 0; i < 100 && out.size() < n; ++i) {
      out.clear();
      for (const testing::SmtpMessage& m : smtp.Messages())
        if (m.Subject().find("Nazar digest") != std::string::npos) out.push_back(m);
      if (out.size() < n) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return out;
  }

  testing::SmtpSink smtp;
  std::unique_ptr<HttpClient> alice;
  int64_t survey = 0;
};

TEST_P(DigestApi, ADailyDigestArrivesOnceWithTheNewAlertAndTheCasePastItsDeadline) {
  const std::string path = OrgPath(org_a_.id, "/digest");
  EXPECT_EQ(alice->Get(path).json()["frequency"], "off");
  auto chosen = alice->Put(path, {{"frequency", "daily"}, {"hour", 8}});
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_EQ(chosen.json()["next_at"], "2026-12-07T08:00:00.000Z");
  EXPECT_TRUE(chosen.json()["weekday"].is_null());

  ASSERT_EQ(Rate("angry", 2).status, 201);  // 06:00: alert, case owned by alice (1 h to respond)
  clock_.Set(kMonday0600 + 2 * kHour + 30'000);  // 08:00:30: the case's first response is late
  EXPECT_EQ(digests_->RunDue(org_a_.id).value(), 1);
  EXPECT_EQ(digests_->RunDue(org_a_.id).value(), 0) << "one per slot";
  Deliver();
  std::vector<testing::SmtpMessage> mail = Digests(1);
  ASSERT_EQ(mail.size(), 1u);
  const std::string m = mail[0].Body();
  EXPECT_EQ(mail[0].rcpt_to, std::vector<std::string>{"alice@a.example"});
  EXPECT_EQ(mail[0].Subject(), "Your daily Nazar digest · A Shop · 7 December 2026");
  EXPECT_NE(m.find("New alerts: 1"), std::string::npos) << m;
  EXPECT_NE(m.find("Your open cases: 1 · near or past their deadline: 1"), std::string::npos) << m;
  EXPECT_NE(m.find("deadline passed: first response (7 December 2026, 07:00)"), std::string::npos) << m;
  const std::string link = base_ + "/o/" + std::to_string(org_a_.id.value) + "/cases/";
  const size_t at = m.find(link);
  ASSERT_NE(at, std::string::npos) << m;
  const std::string page = m.substr(at + base_.size(), m.find_first_of(" \n", at) - at - base_.size());
  HttpClient browser(base_);
  EXPECT_EQ(browser.Get(page).status, 200) << page << ": the link opens the app";
  EXPECT_NE(mail[0].Part("text/html").find("dir=\"ltr\""), std::string::npos) << "an HTML part beside the text";

  // The next morning's covers the day since; nothing new, but the case is still open.
  clock_.Set(kMonday0600 + 26 * kHour);
  EXPECT_EQ(digests_->RunDue(org_a_.id).value(), 1);
  Deliver();
  mail = Digests(2);
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_NE(mail[1].Body().find("New alerts: 0"), std::string::npos);

  ASSERT_EQ(alice->Put(path, {{"frequency", "off"}}).status, 200);
  clock_.Set(kMonday0600 + 50 * kHour);
  EXPECT_EQ(digests_->RunDue(org_a_.id).value(), 0) << "off";
}

TEST_P(DigestApi, PreviewAndSendNowSayTheSame) {
  ASSERT_EQ(Rate("angry", 1).status, 201);
  ASSERT_EQ(Rate("happy", 10).status, 201);
  clock_.Advance(kHour / 2);
  json preview = alice->Get(OrgPath(org_a_.id, "/digest/preview")).json();
  EXPECT_EQ(preview["alerts"]["count"], 1);
  EXPECT_EQ(preview["cases"]["open"], 1);
  EXPECT_EQ(preview["cases"]["near_breach"].size(), 0u) << "30 of 60 minutes: not yet warned";
  EXPECT_EQ(preview["cases"]["unassigned"], 0) << "an owner manages cases";
  EXPECT_TRUE(preview["kpis"].is_array()) << "an owner reads the program";
  EXPECT_FALSE(preview["empty"].get<bool>());
  clock_.Advance(kHour / 3);  // 50 of 60 minutes: past 0.8, the warning
  preview = alice->Get(OrgPath(org_a_.id, "/digest/preview")).json();
  ASSERT_EQ(preview["cases"]["near_breach"].size(), 1u);
  EXPECT_EQ(preview["cases"]["near_breach"][0]["state"], "warning");
  EXPECT_EQ(preview["cases"]["near_breach"][0]["target"], "first_response");

  auto sent = alice->Post(OrgPath(org_a_.id, "/digest/send"), json::object());
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_TRUE(sent.json()["queued"].get<bool>());
  EXPECT_FALSE(alice->Post(OrgPath(org_a_.id, "/digest/send"), json::object()).json()["queued"].get<bool>())
      << "one a minute";
  Deliver();
  auto mail = Digests(1);
  ASSERT_EQ(mail.size(), 1u);
  const std::string m = mail[0].Body();
  EXPECT_TRUE(mail[0].Subject().starts_with("Your Nazar digest · A Shop"));
  EXPECT_NE(m.find("deadline near: first response"), std::string::npos) << m;
}

TEST_P(DigestApi, AnEmptyDigestIsNotSent) {
  auto viewer = MemberWithRole(org_a_.id, "vera@a.example", Role::kViewer);
  ASSERT_EQ(viewer->Put(OrgPath(org_a_.id, "/digest"), {{"frequency", "daily"}, {"hour", 7}}).status, 200);
  json preview = viewer->Get(OrgPath(org_a_.id, "/digest/preview")).json();
  EXPECT_TRUE(preview["kpis"].is_null()) << "a viewer does not read the program";
  EXPECT_TRUE(preview["empty"].get<bool>());
  clock_.Set(kMonday0600 + kHour + 60'000);
  EXPECT_EQ(digests_->RunDue(org_a_.id).value(), 1);
  Deliver();
  auto outbox = t_.store->delivery().ListOutbox(org_a_.id, {});
  ASSERT_TRUE(outbox.has_value());
  bool skipped = false;
  for (const OutboxMessage& o : outbox->items)
    if (o.topic == "act.digest") skipped = o.state == OutboxState::kSent && o.last_error == "nothing to report";
  EXPECT_TRUE(skipped);
  EXPECT_TRUE(Digests(0).empty());
}

TEST_P(DigestApi, BadChoicesNameTheirFieldAndApiKeysHaveNone) {
  const std::string path = OrgPath(org_a_.id, "/digest");
  struct Bad {
    json body;
    const char* field;
  };
  for (const Bad& b : {Bad{{{"frequency", "hourly"}}, "frequency"}, Bad{{{"frequency", "daily"}, {"hour", 24}}, "hour"},
                       Bad{{{"frequency", "weekly"}, {"weekday", "someday"}}, "weekday"},
                       Bad{{{"hour", 8}}, "frequency"}, Bad{{{"frequency", "daily"}, {"colour", "red"}}, "colour"}}) {
    auto r = alice->Put(path, b.body);
    EXPECT_EQ(r.status, 400) << b.body.dump();
    EXPECT_EQ(r.json()["error"]["field"], b.field) << r.body;
  }
  EXPECT_EQ(alice->Get(path).json()["frequency"], "off") << "nothing half-written";
  auto weekly = alice->Put(path, {{"frequency", "weekly"}});
  ASSERT_EQ(weekly.status, 200);
  EXPECT_EQ(weekly.json()["weekday"], "mon") << "a Gregorian organisation's week starts on Monday";
  EXPECT_EQ(weekly.json()["hour"], 8);
  EXPECT_EQ(weekly.json()["next_at"], "2026-12-07T08:00:00.000Z") << "Monday 08:00, two hours on";

  auto key = alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "CRM"}, {"role", "analyst"}});
  ASSERT_EQ(key.status, 201);
  HttpClient integration(base_);
  integration.bearer = key.json()["token"];
  auto refused = integration.Get(path);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("API keys"), std::string::npos);
  auto bob = SignedIn("bob@b.example", "bob-password");
  EXPECT_EQ(bob->Get(path).status, 404) << "another organisation's";
}

INSTANTIATE_TEST_SUITE_P(Backends, DigestApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
