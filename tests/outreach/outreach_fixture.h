// The fixture of triggered feedback end to end on both stores (invitations_test.cc,
// post_call_test.cc): interactions recorded through Journeys, trigger rules, invitations,
// the outbox's dispatcher and the invitations' message handler delivering to a real SMTP
// sink (and, in tests that make one, a real HTTP gateway sink) on loopback ports, responses
// through invitations.
#pragma once

#include "outreach/invitations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "delivery/channels.h"
#include "responses/ingest.h"
#include "delivery/dispatcher.h"
#include "outreach/invitation_messages.h"
#include "survey/survey_service.h"
#include "outreach/triggers.h"
#include "core/time.h"
#include "journey/journeys.h"
#include "support/sinks.h"
#include "support/test_store.h"

namespace nazar::outreach::testing_outreach {
// The suites drive outreach with the services it uses.
using namespace nazar::delivery;
using namespace nazar::responses;
using survey::SurveyService;

inline constexpr int64_t kMinute = 60'000;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

inline int64_t At(const char* iso) { return ParseTimestamp(iso).value(); }

inline Json BilingualSurvey() {
  return Json::parse(R"({"title": {"fa": "نظرسنجی", "en": "Survey"}, "languages": ["fa", "en"],
    "hidden_fields": ["touchpoint", "agent"],
    "questions": [
      {"id": "csat", "type": "csat", "required": true, "text": {"fa": "راضی بودید؟", "en": "Satisfied?"}},
      {"id": "why", "type": "text", "text": {"fa": "چرا؟", "en": "Why?"}}]})");
}

class InvitationsTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    t_ = testing::MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    store_ = t_.store.get();
    accounts_ = std::make_unique<Accounts>(*store_, clock_);
    auto u = accounts_->CreateUser(
        {.email = "o@example.com", .name = "O", .password = "owner-password"});
    // 10:00 in Tehran (UTC+3:30).
    org_ = accounts_
               ->CreateOrganisationFor(
                   u->id, {.name = "Shop", .time_zone = "Asia/Tehran", .language = "fa"})
               ->id;
    principal_.user = *u;
    access_ = OrgAccess{org_, Role::kOwner};
    surveys_ = std::make_unique<SurveyService>(*store_, clock_);
    ingest_ = std::make_unique<ResponseIngest>(*store_, *surveys_, clock_);
    journeys_ = std::make_unique<journey::Journeys>(*store_, clock_);
    triggers_ = std::make_unique<Triggers>(*store_, clock_, TriggerOptions{.cache_ms = 0});
    journeys_->AddInteractionListener(
        [this](const Interaction& i) { triggers_->OnInteraction(i); });
    invitations_ = std::make_unique<Invitations>(*store_, *surveys_, clock_);
    messages_ = std::make_unique<InvitationMessages>(
        *store_, clock_,
        InvitationMessageOptions{.public_url = "https://cx.example/",
                                 .smtp = {.connect_timeout_ms = 2000, .timeout_ms = 10'000},
                                 .http = {.connect_timeout_ms = 2000, .timeout_ms = 10'000}});
    sender_ = std::make_unique<Dispatcher>(*store_, clock_, DispatcherOptions{.lease_ms = 5 * kMinute});
    messages_->RegisterWith(*sender_, {.max_attempts = 4, .base_ms = kMinute, .max_ms = kHour});

    auto s = surveys_->Create(actor(), access_, "After the call", BilingualSurvey());
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    survey_ = surveys_->Publish(actor(), access_, s->id)->id;
    ASSERT_TRUE(journeys_
                    ->PutTouchpoint(actor(), access_,
                                    {.key = "call",
                                     .name = R"({"fa":"تماس با پشتیبانی","en":"support call"})",
                                     .channel = "phone"})
                    .has_value());
    ASSERT_TRUE(
        journeys_->PutTouchpoint(actor(), access_, {.key = "order", .channel = "web"}).has_value());
    ASSERT_TRUE(store_->delivery()
                    .PutChannelSettings({.org_id = org_,
                                         .smtp_host = "127.0.0.1",
                                         .smtp_port = smtp_.port(),
                                         .smtp_tls = SmtpTls::kNone,
                                         .smtp_user = "mailer",
                                         .smtp_password = "s3cret",
                                         .from_address = "cx@shop.example",
                                         .from_name = "باشگاه مشتریان"})
                    .has_value());
  }

  Actor actor() { return Actor{principal_, "127.0.0.1"}; }

  TriggerRule MakeRule(TriggerRule r) {
    if (r.name.empty()) r.name = "after calls";
    r.survey_id = survey_;
    if (r.touchpoint.empty()) r.touchpoint = "call";
    auto made = triggers_->CreateRule(actor(), access_, r);
    EXPECT_TRUE(made.has_value()) << made.error().ToString();
    return made.value_or(TriggerRule{});
  }

  // Records one interaction through Journeys (whose listener runs the triggers).
  Interaction Record(const std::string& contact,
                     std::vector<std::pair<std::string, double>> facts = {},
                     const std::string& touchpoint = "call", std::optional<int64_t> at = {},
                     const std::string& channel = "") {
    std::string mailbox = contact;
    std::replace(mailbox.begin(), mailbox.end(), ' ', '_');
    journey::InteractionFields f{.contact = contact,
                                 .email = mailbox + "@mail.example",
                                 .phone = "+989120000" + std::to_string(100 + contact.size()),
                                 .touchpoint = touchpoint,
                                 .occurred_ms = at.value_or(clock_.NowMs()),
                                 .channel = channel,
                                 .agent = "sara",
                                 .facts = std::move(facts)};
    auto written = journeys_->RecordInteractions(org_, {f});
    EXPECT_TRUE(written.has_value()) << written.error().ToString();
    return written->front().interaction;
  }

  std::vector<Invitation> Invites(InvitationQuery q = {}) {
    return store_->outreach().ListInvitations(org_, q)->items;
  }
  Invitation Only() {
    auto all = Invites();
    EXPECT_EQ(all.size(), 1u);
    return all.empty() ? Invitation{} : all.front();
  }
  Invitation Fresh(const Invitation& i) { return *store_->outreach().GetInvitation(org_, i.id); }
  // The invitation's messages (its send, its reminder), oldest first.
  std::vector<OutboxMessage> MessagesOf(const Invitation& i) {
    auto page = store_->delivery().ListOutbox(org_, {.key = std::to_string(i.id)});
    EXPECT_TRUE(page.has_value());
    return page ? std::vector<OutboxMessage>(page->items.rbegin(), page->items.rend())
                : std::vector<OutboxMessage>{};
  }
  TopicCounts CountsOf(std::string_view topic) {
    for (const TopicCounts& c : sender_->counts())
      if (c.topic == topic) return c;
    return {};
  }

  ManualClockForTest clock_{At("2026-11-22T06:30:00Z")};
  testing::SmtpSink smtp_;
  testing::TestStore t_;
  Store* store_ = nullptr;
  std::unique_ptr<Accounts> accounts_;
  OrgId org_;
  Principal principal_;
  OrgAccess access_;
  std::unique_ptr<SurveyService> surveys_;
  std::unique_ptr<ResponseIngest> ingest_;
  std::unique_ptr<journey::Journeys> journeys_;
  std::unique_ptr<Triggers> triggers_;
  std::unique_ptr<Invitations> invitations_;
  std::unique_ptr<InvitationMessages> messages_;
  std::unique_ptr<Dispatcher> sender_;
  int64_t survey_ = 0;
};

}  // namespace nazar::outreach::testing_outreach
