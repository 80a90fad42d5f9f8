// The API test fixture: a real server on a free loopback port over a fresh store of the
// parameter's backend, with two organisations (A: Alice, B: Bob).
#pragma once

#include <gtest/gtest.h>

#include "accounts/accounts.h"
#include "act/alerts.h"
#include "act/case_checks.h"
#include "act/cases.h"
#include "act/digests.h"
#include "act/follow_up.h"
#include "act/loop_report.h"
#include "act/notify.h"
#include "act/plans.h"
#include "act/program.h"
#include "act/settings.h"
#include "comments/enrich_jobs.h"
#include "responses/ingest.h"
#include "delivery/dispatcher.h"
#include "outreach/invitation_messages.h"
#include "outreach/invitations.h"
#include "survey/survey_service.h"
#include "outreach/triggers.h"
#include "http/api.h"
#include "http/server.h"
#include "journey/journeys.h"
#include "journey/persona_service.h"
#include "outcomes/program_kpis.h"
#include "outcomes/service.h"
#include "results/results.h"
#include "support/http_client.h"
#include "support/test_store.h"
#include "comments/text_models.h"
#include "webhooks/webhooks.h"

namespace nazar {

using nlohmann::json;
using testing::HttpClient;
using testing::HttpResult;

class ApiTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    t_ = testing::MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    accounts_ = std::make_unique<Accounts>(*t_.store, session_clock_);
    surveys_ = std::make_unique<survey::SurveyService>(*t_.store, clock_);
    text_ = std::move(comments::TextModels::Create(t_.store->text()).value());
    ASSERT_TRUE(text_->RefreshChanged().has_value());  // the baseline, as main takes it at start
    subscribers_ = std::make_unique<webhooks::SubscriberCache>(clock_);
    ingest_ = std::make_unique<responses::ResponseIngest>(
        *t_.store, *surveys_, clock_,
        responses::IngestOptions{.text = text_.get(), .webhook_subscribers = subscribers_.get()});
    results_ = std::make_unique<results::ResultsService>(*t_.store, *surveys_);
    journeys_ = std::make_unique<journey::Journeys>(*t_.store, clock_);
    personas_ = std::make_unique<journey::PersonaService>(*t_.store, clock_);
    enrich_jobs_ = std::make_unique<comments::EnrichJobs>(*t_.store, *surveys_, *text_, clock_);
    personas_->AddListener([this](OrgId org, std::optional<int64_t> contact,
                                  const std::vector<int64_t>& ids) {
      if (contact) {
        ASSERT_TRUE(results_->ContactPersonasChanged(org, *contact, ids).has_value());
      } else {
        ASSERT_TRUE(results_->Rebuild(org).has_value());
      }
    });
    triggers_ = std::make_unique<outreach::Triggers>(*t_.store, clock_);
    invitations_ = std::make_unique<outreach::Invitations>(*t_.store, *surveys_, clock_);
    // The outbox, not started: tests run its rounds (RunOnce) when they want them.
    dispatcher_ = std::make_unique<delivery::Dispatcher>(*t_.store, clock_);
    // Webhooks reach the loopback receivers of the tests (as --webhook-allow-private).
    webhooks_ = std::make_unique<webhooks::Webhooks>(
        *t_.store, clock_,
        webhooks::WebhookOptions{.send = {.allow_private = true}, .subscribers = subscribers_.get()});
    webhooks_->RegisterWith(*dispatcher_);
    journeys_->AddInteractionListener([this](const Interaction& i) { triggers_->OnInteraction(i); });
    ingest_->AddListener([this](const nazar::Response& r, const survey::Definition& d) {
      results_->Record(r, d);
    });
    // Act, as main wires it: alert rules in each response's transaction.
    act_settings_ = std::make_unique<act::ActSettingsService>(*t_.store, clock_);
    cases_ = std::make_unique<act::Cases>(*t_.store, *act_settings_, clock_);
    alerts_ = std::make_unique<act::AlertRules>(*t_.store, *surveys_, *cases_, clock_);
    loop_report_ = std::make_unique<act::LoopReport>(*t_.store, *act_settings_, clock_);
    case_checks_ = std::make_unique<act::CaseChecks>(*t_.store, clock_);
    ingest_->AddHook([this](Store& tx, const nazar::Response& r, const survey::Definition& d) {
      return alerts_->OnResponse(tx, r, d);
    });
    plans_ = std::make_unique<act::ActionPlans>(*t_.store, *results_, clock_);
    program_kpis_ = std::make_unique<outcomes::ProgramKpis>(*t_.store);
    program_ = std::make_unique<act::CxProgramService>(*t_.store, *results_, clock_, loop_report_.get(),
                                                       program_kpis_.get());
    digests_ = std::make_unique<act::Digests>(*t_.store, *program_, *act_settings_, clock_);
    outcomes_ = std::make_unique<outcomes::OutcomesService>(*t_.store, clock_);
    api_ = std::make_unique<http::Api>(http::ApiDeps{.store = *t_.store,
                                                     .accounts = *accounts_,
                                                     .clock = clock_,
                                                     .options = {.access_log = false,
                                                                 .trusted_proxies = {"127.0.0.1"}},
                                                     .surveys = surveys_.get(),
                                                     .ingest = ingest_.get(),
                                                     .results = results_.get(),
                                                     .journeys = journeys_.get(),
                                                     .triggers = triggers_.get(),
                                                     .invitations = invitations_.get(),
                                                     .dispatcher = dispatcher_.get(),
                                                     .text = text_.get(),
                                                     .personas = personas_.get(),
                                                     .enrich_jobs = enrich_jobs_.get(),
                                                     .alerts = alerts_.get(),
                                                     .cases = cases_.get(),
                                                     .act_settings = act_settings_.get(),
                                                     .loop_report = loop_report_.get(),
                                                     .case_checks = case_checks_.get(),
                                                     .webhooks = webhooks_.get(),
                                                     .plans = plans_.get(),
                                                     .program = program_.get(),
                                                     .digests = digests_.get(),
                                                     .outcomes = outcomes_.get()});
    server_ = std::make_unique<http::Server>(
        http::ServerOptions{.port = 0, .threads = 2, .max_body_bytes = 64 * 1024},
        [this](http::Request& r, http::Responder respond) { api_->Handle(r, std::move(respond)); });
    api_->AttachServerStats(&server_->stats());
    auto port = server_->Start();
    ASSERT_TRUE(port.has_value()) << port.error().ToString();
    base_ = "http://127.0.0.1:" + std::to_string(*port);
    invitation_messages_ = std::make_unique<outreach::InvitationMessages>(
        *t_.store, clock_, outreach::InvitationMessageOptions{.public_url = base_});
    invitation_messages_->RegisterWith(*dispatcher_);
    notify_ = std::make_unique<act::NotifyHandler>(*t_.store, clock_, act::NotifyOptions{.app_url = base_});
    notify_->RegisterWith(*dispatcher_);
    follow_ups_ = std::make_unique<act::FollowUpHandler>(*t_.store, clock_);
    follow_ups_->RegisterWith(*dispatcher_);
    check_mail_ = std::make_unique<act::CheckHandler>(*t_.store, clock_, base_);
    check_mail_->RegisterWith(*dispatcher_);
    digest_mail_ = std::make_unique<act::DigestHandler>(*t_.store, *program_, *act_settings_, clock_, base_);
    digest_mail_->RegisterWith(*dispatcher_);

    // Two organisations, each with its owner.
    alice_ = *accounts_->CreateUser({.email = "alice@a.example", .name = "Alice",
                                     .password = "alice-password"});
    org_a_ = *accounts_->CreateOrganisationFor(alice_.id, {.name = "A Shop"});
    bob_ = *accounts_->CreateUser({.email = "bob@b.example", .name = "Bob",
                                   .password = "bob-password"});
    org_b_ = *accounts_->CreateOrganisationFor(bob_.id, {.name = "B Bank"});
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  std::unique_ptr<HttpClient> SignedIn(const std::string& email, const std::string& password) {
    auto c = std::make_unique<HttpClient>(base_);
    auto r = c->Login(email, password);
    EXPECT_EQ(r.status, 200) << r.body;
    return c;
  }

  // A member of `org` with `role` (written to the store directly), signed in.
  std::unique_ptr<HttpClient> MemberWithRole(OrgId org, const std::string& email, Role role) {
    auto user = accounts_->CreateUser({.email = email, .name = email, .password = "member-password"});
    EXPECT_TRUE(user.has_value()) << user.error().ToString();
    EXPECT_TRUE(t_.store->accounts().AddMember(org, user->id, role, clock_.NowMs()).has_value());
    return SignedIn(email, "member-password");
  }

  // Joins `org` as its members do: `admin` invites `email` (with a password and name: a new
  // account) and the invitee, signed in, accepts. Returns the invitee's client.
  std::unique_ptr<HttpClient> InviteAndAccept(HttpClient& admin, OrgId org, const std::string& email,
                                              const std::string& password, const std::string& role,
                                              bool new_account = false) {
    json body = {{"email", email}, {"role", role}};
    if (new_account) body.update({{"name", email}, {"password", password}});
    auto invited = admin.Post(OrgPath(org, "/members"), body);
    EXPECT_EQ(invited.status, 202) << invited.body;
    auto invitee = SignedIn(email, password);
    auto accepted = invitee->Post("/api/v1/session/invitations/" +
                                      std::to_string(invited.json().value("id", int64_t{0})) + "/accept",
                                  json::object());
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    return invitee;
  }

  std::string OrgPath(OrgId org, const std::string& rest = "") {
    return "/api/v1/orgs/" + std::to_string(org.value) + rest;
  }

  // A survey made from `template_id` and published by `client`; its id (0 after a failed
  // assertion).
  int64_t PublishedSurvey(HttpClient& client, OrgId org, const std::string& name, const std::string& template_id,
                          const json& languages) {
    auto created = client.Post(OrgPath(org, "/surveys"), {{"name", name}, {"template", template_id}, {"languages", languages}});
    EXPECT_EQ(created.status, 201) << created.body;
    if (created.status != 201) return 0;
    const int64_t id = created.json()["id"];
    EXPECT_EQ(client.Post(OrgPath(org, "/surveys/" + std::to_string(id) + "/publish"), json::object()).status, 200);
    return id;
  }

  // The organisation's e-mail goes to an SMTP server on loopback (a test's sink).
  void UseSmtpSink(HttpClient& client, OrgId org, uint16_t port) {
    auto put = client.Put(OrgPath(org, "/channel-settings"),
                          {{"smtp", {{"host", "127.0.0.1"}, {"port", port}, {"tls", "none"},
                                     {"from_address", "cx@a.example"}, {"from_name", "A Shop"}}}});
    EXPECT_EQ(put.status, 200) << put.body;
  }

  SystemClock session_clock_;  // sessions live in real time
  // Response dates: starts at the real time and can be moved by tests.
  ManualClockForTest clock_{SystemClock().NowMs()};
  testing::TestStore t_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<survey::SurveyService> surveys_;
  std::unique_ptr<comments::TextModels> text_;  // each organisation's pipeline, as main has
  std::unique_ptr<webhooks::SubscriberCache> subscribers_;  // as main has
  std::unique_ptr<responses::ResponseIngest> ingest_;
  std::unique_ptr<results::ResultsService> results_;
  std::unique_ptr<journey::Journeys> journeys_;
  std::unique_ptr<journey::PersonaService> personas_;
  std::unique_ptr<comments::EnrichJobs> enrich_jobs_;
  std::unique_ptr<outreach::Triggers> triggers_;
  std::unique_ptr<outreach::Invitations> invitations_;
  std::unique_ptr<outreach::InvitationMessages> invitation_messages_;
  std::unique_ptr<delivery::Dispatcher> dispatcher_;
  std::unique_ptr<act::ActSettingsService> act_settings_;
  std::unique_ptr<act::Cases> cases_;
  std::unique_ptr<act::AlertRules> alerts_;
  std::unique_ptr<act::NotifyHandler> notify_;
  std::unique_ptr<act::FollowUpHandler> follow_ups_;
  std::unique_ptr<act::LoopReport> loop_report_;
  std::unique_ptr<act::CaseChecks> case_checks_;
  std::unique_ptr<act::CheckHandler> check_mail_;
  std::unique_ptr<webhooks::Webhooks> webhooks_;
  std::unique_ptr<act::ActionPlans> plans_;
  std::unique_ptr<outcomes::ProgramKpis> program_kpis_;
  std::unique_ptr<act::CxProgramService> program_;
  std::unique_ptr<act::Digests> digests_;
  std::unique_ptr<act::DigestHandler> digest_mail_;
  std::unique_ptr<outcomes::OutcomesService> outcomes_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Server> server_;
  std::string base_;
  User alice_, bob_;
  Organisation org_a_, org_b_;
};


}  // namespace nazar
