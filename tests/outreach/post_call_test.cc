// Post-call feedback (issue 13) end to end on both stores: one survey per interaction (rules
// on a touchpoint as an ordered fallback, a second response replacing the first).
#include <fmt/format.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "delivery/sms_segments.h"
#include "journey/call_centre.h"
#include "outreach_fixture.h"

namespace nazar::outreach {
using namespace testing_outreach;
namespace {

class PostCallTest : public InvitationsTest {
 protected:
  // A call of a contact with these addresses (empty: none).
  Interaction Call(const std::string& contact, const std::string& phone, const std::string& email) {
    journey::InteractionFields f{.contact = contact,
                                 .email = email,
                                 .phone = phone,
                                 .touchpoint = "call",
                                 .occurred_ms = clock_.NowMs(),
                                 .agent = "sara"};
    auto written = journeys_->RecordInteractions(org_, {f});
    EXPECT_TRUE(written.has_value()) << written.error().ToString();
    return written->front().interaction;
  }
};

// With an SMS rule and an e-mail rule on the same touchpoint, one call made two complete
// responses; now the rules are a chain: SMS if the contact has a mobile, else e-mail.
TEST_P(PostCallTest, RulesOnOneTouchpointAreAnOrderedFallback) {
  TriggerRule sms = MakeRule({.name = "sms first", .delivery = DeliveryChannel::kSms});
  TriggerRule mail = MakeRule({.name = "else e-mail", .delivery = DeliveryChannel::kEmail});
  struct Case {
    const char* contact;
    const char* phone;
    const char* email;
    int64_t asked_by;     // the rule whose invitation is queued; 0: none
    bool sms_suppressed;  // the SMS rule's invitation kept as suppressed
    const char* sms_reason;
  };
  const std::vector<Case> cases = {
      {"mobile", "0912 111 0001", "m@mail.example", sms.id, false, ""},
      {"landline", "021 8888 1234", "l@mail.example", mail.id, true, "not a mobile"},
      {"no phone", "", "n@mail.example", mail.id, true, "no phone number"},
      {"nothing", "", "", 0, true, "no phone number"},
  };
  for (const Case& c : cases) {
    Interaction call = Call(c.contact, c.phone, c.email);
    auto invites = Invites({.interaction_id = call.id});
    int queued = 0;
    for (const Invitation& inv : invites) {
      if (inv.status != InvitationStatus::kQueued) continue;
      ++queued;
      EXPECT_EQ(inv.rule_id, c.asked_by) << c.contact;
    }
    EXPECT_EQ(queued, c.asked_by ? 1 : 0) << c.contact;
    auto by_sms = Invites({.rule_id = sms.id, .interaction_id = call.id});
    ASSERT_EQ(by_sms.size(), 1u) << c.contact;
    if (c.sms_suppressed) {
      EXPECT_EQ(by_sms[0].status, InvitationStatus::kSuppressed) << c.contact;
      EXPECT_NE(by_sms[0].last_error.find(c.sms_reason), std::string::npos) << by_sms[0].last_error;
    }
    // The mobile's call: the e-mail rule made nothing at all.
    if (c.asked_by == sms.id) {
      EXPECT_TRUE(Invites({.rule_id = mail.id, .interaction_id = call.id}).empty());
    }
    // Evaluating again (a retry, the catch-up) asks nobody twice.
    auto again = triggers_->Evaluate(call);
    ASSERT_TRUE(again.has_value());
    for (const auto& made : *again) EXPECT_FALSE(made.inserted) << c.contact;
    EXPECT_EQ(Invites({.interaction_id = call.id}).size(), invites.size()) << c.contact;
  }
  // Many at once (an import) keep the chain too.
  std::vector<Interaction> calls;
  for (int i = 0; i < 5; ++i) {
    journey::InteractionFields f{.contact = "bulk" + std::to_string(i),
                                 .email = "b@mail.example",
                                 .phone = i % 2 ? "02188881234" : "09121110002",
                                 .touchpoint = "call",
                                 .occurred_ms = clock_.NowMs()};
    calls.push_back(journeys_->RecordInteractions(org_, {f})->front().interaction);
  }
  ASSERT_TRUE(triggers_->EvaluateMany(calls).has_value());
  for (const Interaction& call : calls) {
    int queued = 0;
    for (const Invitation& inv : Invites({.interaction_id = call.id}))
      queued += inv.status == InvitationStatus::kQueued;
    EXPECT_EQ(queued, 1);
  }
}

// Two invitations about one call (made before one survey per interaction was kept): the
// second answer replaces the first; the call has one response and counts once.
TEST_P(PostCallTest, ASecondResponseAboutTheSameCallReplacesTheFirst) {
  TriggerRule rule = MakeRule({});
  Interaction call = Call("c1", "09121110003", "c1@mail.example");
  Invitation first = Only();
  Invitation legacy = first;
  legacy.id = 0;
  legacy.rule_id = MakeRule({.name = "old e-mail rule"}).id;
  legacy.token = "legacy-token-0123456789";
  auto second = store_->outreach().InsertInvitation(legacy);
  ASSERT_TRUE(second.has_value() && second->inserted);

  Submission a = Invitations::SubmissionFor(first);
  a.answers = {{"csat", 2}, {"why", "دیر جواب دادند"}};
  auto one = ingest_->Submit(a);
  ASSERT_TRUE(one.has_value()) << one.error().ToString();
  Submission b = Invitations::SubmissionFor(second->invitation);
  b.answers = {{"csat", 5}};
  auto two = ingest_->Submit(b);
  ASSERT_TRUE(two.has_value()) << two.error().ToString();
  EXPECT_FALSE(two->replayed);
  EXPECT_EQ(two->response.id, one->response.id);
  EXPECT_EQ(*store_->responses().CountResponses(org_, {.survey_id = survey_}), 1);
  Response kept = *store_->responses().GetResponse(org_, one->response.id);
  EXPECT_EQ(Json::parse(kept.answers)["csat"], 5);  // replaced
  EXPECT_EQ(kept.interaction_id, call.id);
  EXPECT_EQ(kept.status, ResponseStatus::kComplete);
  EXPECT_EQ(Fresh(second->invitation).status, InvitationStatus::kCompleted);
  EXPECT_EQ(Fresh(second->invitation).response_id, kept.id);
  // The first invitation's retry is still its own key's replay.
  auto retry = ingest_->Submit(a);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->response.id, kept.id);
  EXPECT_EQ(*store_->responses().CountResponses(org_, {.survey_id = survey_}), 1);
  (void)rule;
}

// --- the right calls ----------------------------------------------------------------------

TEST_P(PostCallTest, CallTouchpointRulesGetCallDefaults) {
  Json body = {{"name", "after calls"},
               {"survey_id", survey_},
               {"touchpoint", "call"},
               {"delivery", "email"}};
  auto made = triggers_->CreateRuleFromJson(actor(), access_, body);
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  Json shown = ToJson(*made);
  EXPECT_EQ(shown["conditions"], CallRuleDefaults()["conditions"]);
  EXPECT_EQ(shown["conditions"][1], Json({{"fact", "talk_s"}, {"op", "gte"}, {"value", 20}}));
  EXPECT_EQ(shown["delay_s"], 900);
  EXPECT_EQ(shown["latest_call_only"], true);
  EXPECT_EQ(shown["frequency_cap_days"], 1);
  EXPECT_EQ(shown["quiet_hours"], Json({{"start", 21}, {"end", 8}}));
  // What the body says wins; other touchpoints get no defaults.
  body["conditions"] = Json::array();
  body["delay_s"] = 0;
  auto own = triggers_->CreateRuleFromJson(actor(), access_, body);
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(ToJson(*own)["conditions"], Json::array());
  EXPECT_EQ(own->delay_s, 0);
  EXPECT_TRUE(own->latest_call_only);
  body = {
      {"name", "orders"}, {"survey_id", survey_}, {"touchpoint", "order"}, {"delivery", "email"}};
  auto order = triggers_->CreateRuleFromJson(actor(), access_, body);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(ToJson(*order)["conditions"], Json::array());
  EXPECT_FALSE(order->latest_call_only);
  body["delivery"] = "fax";
  EXPECT_EQ(triggers_->CreateRuleFromJson(actor(), access_, body).error().field, "delivery");
}

// Abandoned and very short calls ask nobody; a caller who calls again before their
// invitation leaves is asked once, about the later call.
TEST_P(PostCallTest, OnlyAnsweredCallsAndTheCallersLatestAreAsked) {
  Json body = {{"name", "after calls"},
               {"survey_id", survey_},
               {"touchpoint", "call"},
               {"delivery", "email"}};
  ASSERT_TRUE(triggers_->CreateRuleFromJson(actor(), access_, body).has_value());
  auto call = [&](const std::string& contact, double answered, double talk) {
    journey::InteractionFields f{
        .contact = contact,
        .email = contact + "@mail.example",
        .touchpoint = "call",
        .occurred_ms = clock_.NowMs(),
        .agent = "sara",
        .facts = {{"answered", answered}, {"talk_s", talk}, {"wait_s", 30}}};
    return journeys_->RecordInteractions(org_, {f})->front().interaction;
  };
  call("abandoned", 0, 0);
  call("short", 1, 12);
  EXPECT_TRUE(Invites().empty());
  Interaction first = call("c1", 1, 240);
  clock_.Advance(5 * kMinute);
  Interaction second = call("c1", 1, 95);
  auto of_first = Invites({.interaction_id = first.id});
  ASSERT_EQ(of_first.size(), 1u);
  EXPECT_EQ(of_first[0].status, InvitationStatus::kSuppressed);
  EXPECT_EQ(of_first[0].last_error, kSupersededReason);
  auto of_second = Invites({.interaction_id = second.id});
  ASSERT_EQ(of_second.size(), 1u);
  EXPECT_EQ(of_second[0].status, InvitationStatus::kQueued);
  EXPECT_EQ(of_second[0].due_ms, second.occurred_ms + 15 * kMinute);
  // The first's message comes due first and sends nothing; the second's sends one e-mail.
  clock_.Advance(11 * kMinute);
  ASSERT_TRUE(sender_->RunOnce().has_value());
  EXPECT_EQ(smtp_.Count(), 0u);
  clock_.Advance(5 * kMinute);
  ASSERT_TRUE(sender_->RunOnce().has_value());
  ASSERT_TRUE(smtp_.WaitFor(1));
  EXPECT_EQ(Fresh(of_second[0]).status, InvitationStatus::kSent);
  EXPECT_EQ(Fresh(of_first[0]).status, InvitationStatus::kSuppressed);
  // Evaluating the first call again asks nobody (not even a fallback rule).
  TriggerRule fallback = MakeRule({.name = "fallback"});
  auto again = triggers_->Evaluate(first);
  ASSERT_TRUE(again.has_value());
  for (const auto& made : *again) EXPECT_FALSE(made.inserted);
  ASSERT_TRUE(triggers_->DeleteRule(actor(), access_, fallback.id).has_value());
  // A third call the same day: asked at most once a day.
  clock_.Advance(kHour);
  Interaction third = call("c1", 1, 300);
  auto of_third = Invites({.interaction_id = third.id});
  ASSERT_FALSE(of_third.empty());
  for (const Invitation& inv : of_third) EXPECT_EQ(inv.status, InvitationStatus::kSuppressed);
}

TEST_P(PostCallTest, RulesArePatchedAndWhatIsReadCanBeSentBack) {
  TriggerRule rule = MakeRule({.delay_s = 60});
  auto patched =
      triggers_->PatchRule(actor(), access_, rule.id,
                           Json{{"delay_s", 600}, {"quiet_hours", {{"start", 22}, {"end", 7}}}});
  ASSERT_TRUE(patched.has_value()) << patched.error().ToString();
  EXPECT_EQ(patched->delay_s, 600);
  EXPECT_EQ(patched->quiet_start_hour, 22);
  EXPECT_EQ(patched->name, rule.name);
  EXPECT_EQ(patched->survey_id, survey_);
  auto cleared = triggers_->PatchRule(actor(), access_, rule.id, Json{{"quiet_hours", nullptr}});
  ASSERT_TRUE(cleared.has_value());
  EXPECT_FALSE(cleared->quiet_start_hour.has_value());
  EXPECT_EQ(cleared->delay_s, 600);
  EXPECT_EQ(triggers_->PatchRule(actor(), access_, rule.id, Json{{"sampling", 2}}).error().field,
            "sampling");
  EXPECT_EQ(triggers_->PatchRule(actor(), access_, rule.id, Json{{"colour", "red"}}).error().field,
            "colour");
  EXPECT_EQ(triggers_->PatchRule(actor(), access_, 999'999, Json::object()).error().code,
            ErrorCode::kNotFound);
  // GET's body, sent back as it was (id, created_at and updated_at included).
  Json read = ToJson(*cleared);
  JsonObjectReader r(read);
  TriggerRule back = ReadTriggerRule(r);
  ASSERT_TRUE(r.Finish().has_value()) << r.Finish().error().ToString();
  back.id = rule.id;
  EXPECT_TRUE(triggers_->UpdateRule(actor(), access_, back).has_value());
}

// --- names, not machine keys ---------------------------------------------------------------

// queue_log writes "SIP/8007" and "600"; the customer reads the agent's name and the queue's.
TEST_P(PostCallTest, MessagesNameTheAgentAndTheQueueNotTheirMachineKeys) {
  journey::CallCentre centre(*store_, clock_);
  ASSERT_TRUE(centre
                  .PutAgent(actor(), access_,
                            {.member = "SIP/8007",
                             .agent_id = "agent-07",
                             .name = R"({"fa":"سارا","en":"Sara"})"})
                  .has_value());
  auto import = [&](const std::string& log, journey::ImportOptions options = {}) {
    std::istringstream in(log);
    auto r =
        journeys_->ImportInteractions(org_, in, journey::InteractionFormat::kQueueLog, options);
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r.value_or(journey::ImportReport{});
  };
  const int64_t at = clock_.NowMs() / 1000 - 600;
  auto call = [&](int64_t t, const std::string& id, const std::string& member) {
    return fmt::format(
        "{0}|{1}|600|NONE|ENTERQUEUE||09121110007|1\n{2}|{1}|600|{3}|CONNECT|5|{1}.1|1\n"
        "{4}|{1}|600|{3}|COMPLETECALLER|5|120|1\n",
        t, id, t + 5, member, t + 125);
  };
  journey::ImportReport first =
      import(call(at, "7.1", "SIP/8001"), {.queue_names = {{"600", "پشتیبانی فنی"}}});
  EXPECT_EQ(first.unmapped_agents, std::vector<std::string>{"SIP/8001"});
  auto tps = store_->journeys().ListTouchpoints(org_);
  auto q600 =
      std::find_if(tps->begin(), tps->end(), [](const Touchpoint& t) { return t.key == "q_600"; });
  ASSERT_NE(q600, tps->end());
  EXPECT_EQ(Json::parse(q600->name), Json({{"fa", "پشتیبانی فنی"}, {"en", "پشتیبانی فنی"}}));
  EXPECT_EQ(q600->channel, "phone");

  MakeRule(
      {.touchpoint = "q_600",
       .templates =
           R"({"fa":{"subject":"تماس امروز با {{agent}} در {{touchpoint}} چطور بود؟","body":"{{link}}"}})"});
  ASSERT_TRUE(
      journeys_
          ->UpsertContact(
              org_, {.external_id = "09121110007", .email = "c7@mail.example", .language = "fa"})
          .has_value());
  journey::ImportReport second = import(call(at + 200, "7.2", "SIP/8007"));
  EXPECT_TRUE(second.unmapped_agents.empty());
  auto calls = store_->journeys().ListInteractions(org_, {.touchpoint = "q_600"});
  ASSERT_EQ(calls->items.size(), 2u);
  EXPECT_EQ(calls->items[0].agent, "SIP/8001");  // unmapped: kept as written
  EXPECT_EQ(calls->items[1].agent, "agent-07");
  Invitation inv = Only();
  EXPECT_EQ(inv.agent, "agent-07");
  ASSERT_EQ(*sender_->RunOnce(), 1);
  ASSERT_TRUE(smtp_.WaitFor(1));
  EXPECT_EQ(smtp_.Messages()[0].Subject(), "تماس امروز با سارا در پشتیبانی فنی چطور بود؟");
}

// --- messages people read -------------------------------------------------------------------

TEST(SmsPartsTest, TheBuiltInPersianSmsIsOnePartAndTemplatesSayWhatTheyCost) {
  Json fa = SmsPartsJson(DefaultSmsMessage("fa").body);
  EXPECT_EQ(fa["encoding"], "ucs2");
  EXPECT_LE(fa["units"].get<int64_t>(), 70);
  EXPECT_EQ(fa["parts"], 1);
  EXPECT_EQ(SmsPartsJson(DefaultSmsMessage("en").body)["encoding"], "gsm7");
  EXPECT_EQ(SmsPartsJson(DefaultSmsMessage("en").body)["parts"], 1);
  // The e-mail message as an SMS (the old built-in): 182 UCS-2 units, three billed parts.
  TriggerRule rule{.delivery = DeliveryChannel::kSms,
                   .templates = Json{{"fa", {{"body", DefaultMessage("fa").body}}}}.dump()};
  Json shown = ToJson(rule);
  EXPECT_EQ(shown["sms_parts"]["fa"]["parts"], 3);
  EXPECT_EQ(shown["sms_parts"]["en"]["parts"], 1);  // the built-in English SMS
  EXPECT_TRUE(ToJson(TriggerRule{.delivery = DeliveryChannel::kEmail})["sms_parts"].is_null());
}

TEST_P(PostCallTest, TheBuiltInSmsArrivesInOnePart) {
  testing::HttpSink gateway;
  auto settings = *store_->delivery().GetChannelSettings(org_);
  settings.sms_gateway = Json{{"method", "POST"},
                              {"url", gateway.url() + "/send"},
                              {"headers", {{"Content-Type", "application/json"}}},
                              {"body", R"({"to":"{{phone}}","text":"{{message}}"})"}}
                             .dump();
  ASSERT_TRUE(store_->delivery().PutChannelSettings(settings).has_value());
  MakeRule({.delivery = DeliveryChannel::kSms});
  Call("c1", "0912 111 0005", "");
  ASSERT_EQ(*sender_->RunOnce(), 1);
  ASSERT_TRUE(gateway.WaitFor(1));
  std::string text = Json::parse(gateway.Requests()[0].body)["text"];
  EXPECT_EQ(text, "نظرتان درباره تماس؟ https://cx.example/i/" + Only().token);
  delivery::SmsSegments parts = delivery::CountSmsSegments(text);
  EXPECT_EQ(parts.parts, 1) << parts.units;
}

TEST_P(PostCallTest, EmailsHaveARightToLeftHtmlPartAndOneClickUnsubscribe) {
  MakeRule({});
  ASSERT_TRUE(
      journeys_
          ->UpsertContact(org_, {.external_id = "c1", .email = "c1@mail.example", .language = "fa"})
          .has_value());
  Call("c1", "", "c1@mail.example");
  Invitation inv = Only();
  ASSERT_EQ(*sender_->RunOnce(), 1);
  ASSERT_TRUE(smtp_.WaitFor(1));
  testing::SmtpMessage m = smtp_.Messages()[0];
  EXPECT_NE(m.Header("Content-Type").find("multipart/alternative"), std::string::npos);
  const std::string link = "https://cx.example/i/" + inv.token;
  EXPECT_NE(m.Body().find(link), std::string::npos);  // the plain text, as before
  EXPECT_EQ(m.Body().find("<"), std::string::npos);
  std::string html = m.Part("text/html");
  EXPECT_NE(html.find(R"(<html lang="fa" dir="rtl">)"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"" + link + "\""), std::string::npos) << html;
  const std::string unsubscribe = "https://cx.example/u/" + inv.token;
  EXPECT_EQ(m.Header("List-Unsubscribe"), "<" + unsubscribe + ">");
  EXPECT_EQ(m.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  EXPECT_NE(html.find(unsubscribe), std::string::npos);
  // One click: the address is never invited again.
  auto gone = invitations_->Unsubscribe(inv.token);
  ASSERT_TRUE(gone.has_value()) << gone.error().ToString();
  EXPECT_TRUE(*store_->outreach().IsAddressSuppressed(org_, AddressHash("c1@mail.example")));
  clock_.Advance(kDay);
  Interaction later = Call("c1", "", "c1@mail.example");
  auto again = Invites({.interaction_id = later.id});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].status, InvitationStatus::kSuppressed);
  EXPECT_EQ(invitations_->Unsubscribe("no-such-token").error().code, ErrorCode::kNotFound);
}

TEST(OptOutTest, KeywordsAreReadAsPeopleTypeThem) {
  for (const char* stop : {"لغو", "لغو۱۱", "لغو 11", " لغو11 ", "STOP", "Stop.", "unsubscribe", "۱۱"})
    EXPECT_TRUE(IsOptOutKeyword(stop)) << stop;
  for (const char* other : {"", "ممنون", "لغو نکنید", "5", "stopped", "111"})
    EXPECT_FALSE(IsOptOutKeyword(other)) << other;
}

// A reply "لغو۱۱" from +98… suppresses the number the contact holds as 0912…: no more SMS.
TEST_P(PostCallTest, AnOptOutReplySuppressesTheNumberInEveryForm) {
  MakeRule({.delivery = DeliveryChannel::kSms});
  Interaction first = Call("c1", "0912 111 0009", "");
  EXPECT_EQ(Invites({.interaction_id = first.id})[0].status, InvitationStatus::kQueued);
  auto ignored = invitations_->ReceiveSms(org_, "+989121110009", "+989121110009", "ممنون");
  ASSERT_TRUE(ignored.has_value());
  EXPECT_FALSE(*ignored);
  auto stop = invitations_->ReceiveSms(org_, "+989121110009", "+989121110009", "لغو۱۱");
  ASSERT_TRUE(stop.has_value()) << stop.error().ToString();
  EXPECT_TRUE(*stop);
  EXPECT_TRUE(*store_->outreach().IsAddressSuppressed(org_, AddressHash("09121110009")));
  clock_.Advance(kDay);
  Interaction later = Call("c1", "0912 111 0009", "");
  auto again = Invites({.interaction_id = later.id});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].status, InvitationStatus::kSuppressed);
}

// An English contact got a Persian e-mail (the rule had only a Persian template) and an
// English survey: the message is in the contact's language, the built-in one if need be.
TEST_P(PostCallTest, TheMessageIsInTheContactsLanguage) {
  MakeRule({.templates = R"({"fa":{"subject":"تماس امروز چطور بود؟","body":"{{link}}"}})"});
  ASSERT_TRUE(journeys_->UpsertContact(org_, {.external_id = "en1", .email = "en1@mail.example", .language = "en"}).has_value());
  ASSERT_TRUE(journeys_->UpsertContact(org_, {.external_id = "fa1", .email = "fa1@mail.example", .language = "fa"}).has_value());
  Call("en1", "", "en1@mail.example");
  Call("fa1", "", "fa1@mail.example");
  ASSERT_EQ(*sender_->RunOnce(), 2);
  ASSERT_TRUE(smtp_.WaitFor(2));
  std::map<std::string, std::string> subject_of;
  for (const testing::SmtpMessage& m : smtp_.Messages()) subject_of[m.rcpt_to[0]] = m.Subject();
  EXPECT_EQ(subject_of["en1@mail.example"], "How was your support call?");
  EXPECT_EQ(subject_of["fa1@mail.example"], "تماس امروز چطور بود؟");
}

// --- operators --------------------------------------------------------------------------------

TEST_P(PostCallTest, AFailedDeliveryAttemptIsLoggedAtInfo) {
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>(
      "post-call-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  logger->set_level(spdlog::level::info);
  spdlog::set_default_logger(logger);
  MakeRule({});
  Call("c1", "", "c1@mail.example");
  smtp_.FailNextData(1, "451 4.3.0 busy");
  auto ran = sender_->RunOnce();
  spdlog::set_default_logger(previous);
  ASSERT_TRUE(ran.has_value());
  std::string line = log.str();
  EXPECT_NE(line.find("[info]"), std::string::npos) << line;
  EXPECT_NE(line.find("invitation.send message"), std::string::npos) << line;
  EXPECT_NE(line.find("attempt 1 failed (retrying)"), std::string::npos) << line;
  EXPECT_NE(line.find("451"), std::string::npos) << line;
}

INSTANTIATE_TEST_SUITE_P(Backends, PostCallTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar::outreach
