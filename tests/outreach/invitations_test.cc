// Triggered feedback end to end on both stores: interactions recorded through Journeys,
// trigger rules, invitations, the outbox's dispatcher and the invitations' message handler
// delivering to a real SMTP sink and a real HTTP gateway sink on loopback ports, dead
// messages replayed, and responses through invitations.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "outreach_fixture.h"

namespace nazar::outreach {
using namespace testing_outreach;
namespace {

// --- rules and matching ----------------------------------------------------------------------

TEST_P(InvitationsTest, RulesMatchTouchpointChannelAndEveryFactCondition) {
  MakeRule(
      {.channel = "phone",
       .conditions =
           R"([{"fact":"wait_s","op":"gt","value":60},{"fact":"answered","op":"eq","value":1}])"});
  struct Case {
    const char* contact;
    const char* touchpoint;
    const char* channel;
    std::vector<std::pair<std::string, double>> facts;
    bool invited;
  };
  const std::vector<Case> cases = {
      {"c1", "call", "", {{"wait_s", 61}, {"answered", 1}}, true},   // channel from the touchpoint
      {"c2", "call", "", {{"wait_s", 60}, {"answered", 1}}, false},  // gt is strict
      {"c3", "call", "", {{"wait_s", 300}, {"answered", 0}}, false},
      {"c4", "call", "", {{"wait_s", 300}}, false},  // a missing fact is false
      {"c5", "call", "chat", {{"wait_s", 300}, {"answered", 1}}, false},
      {"c6", "order", "phone", {{"wait_s", 300}, {"answered", 1}}, false},
  };
  for (const Case& c : cases) {
    Interaction i = Record(c.contact, c.facts, c.touchpoint, {}, c.channel);
    EXPECT_EQ(Invites({.interaction_id = i.id}).size(), c.invited ? 1u : 0u) << c.contact;
  }
}

TEST(TriggerRuleTest, BadRulesNameTheirField) {
  struct Case {
    TriggerRule rule;
    const char* field;
  };
  TriggerRule ok{.name = "r", .survey_id = 1, .touchpoint = "call"};
  auto with = [&](auto change) {
    TriggerRule r = ok;
    change(r);
    return r;
  };
  const std::vector<Case> cases = {
      {with([](auto& r) { r.name.clear(); }), "name"},
      {with([](auto& r) { r.sampling = 1.5; }), "sampling"},
      {with([](auto& r) { r.delay_s = -1; }), "delay_s"},
      {with([](auto& r) { r.quiet_start_hour = 21; }), "quiet_hours"},
      {with([](auto& r) {
         r.quiet_start_hour = 21;
         r.quiet_end_hour = 24;
       }),
       "quiet_hours.end"},
      {with([](auto& r) { r.conditions = R"([{"fact":"wait_s","op":"over","value":1}])"; }),
       "conditions[0].op"},
      {with([](auto& r) { r.conditions = R"([{"fact":"Wait","op":"gt","value":1}])"; }),
       "conditions[0].fact"},
      {with([](auto& r) { r.conditions = R"([{"fact":"w","op":"gt","value":"x"}])"; }),
       "conditions[0].value"},
      {with([](auto& r) { r.templates = R"({"de":{"body":"{{link}}"}})"; }), "templates.de"},
      {with([](auto& r) { r.templates = R"({"fa":{"body":"no link"}})"; }), "templates.fa.body"},
      {with([](auto& r) { r.templates = R"({"en":{"subject":"{{nme}}","body":"{{link}}"}})"; }),
       "templates.en.subject"},
      {with([](auto& r) {
         r.delivery = DeliveryChannel::kIvr;
         r.reminder_after_hours = 2;
       }),
       "reminder_after_hours"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseRule(c.rule);
    ASSERT_FALSE(parsed.has_value()) << c.field;
    EXPECT_EQ(parsed.error().field, c.field) << parsed.error().message;
  }
  EXPECT_TRUE(ParseRule(ok).has_value());
}

TEST_P(InvitationsTest, RulesNameAnExistingSurveyAndTouchpoint) {
  TriggerRule r{.name = "x", .survey_id = 999'999, .touchpoint = "call"};
  EXPECT_EQ(triggers_->CreateRule(actor(), access_, r).error().field, "survey_id");
  r.survey_id = survey_;
  r.touchpoint = "nowhere";
  EXPECT_EQ(triggers_->CreateRule(actor(), access_, r).error().field, "touchpoint");
  EXPECT_TRUE(store_->outreach().ListTriggerRules(org_)->empty());
  TriggerRule made = MakeRule({});
  made.enabled = false;
  ASSERT_TRUE(triggers_->UpdateRule(actor(), access_, made).has_value());
  Record("c1");
  EXPECT_TRUE(Invites().empty());  // disabled
  ASSERT_TRUE(triggers_->DeleteRule(actor(), access_, made.id).has_value());
  auto audit = store_->audit().ListAudit(org_, {});
  std::set<std::string> actions;
  for (const auto& e : audit->items) actions.insert(e.action);
  EXPECT_TRUE(actions.contains("trigger_rule.create"));
  EXPECT_TRUE(actions.contains("trigger_rule.delete"));
}

TEST_P(InvitationsTest, SamplingIsAStableHashNearItsRate) {
  int kept = 0;
  for (int64_t id = 1; id <= 20'000; ++id) kept += SampleValue(id, 7) < 0.3;
  EXPECT_NEAR(kept / 20'000.0, 0.3, 0.015);
  EXPECT_EQ(SampleValue(42, 7), SampleValue(42, 7));
  EXPECT_NE(SampleValue(42, 7), SampleValue(42, 8));

  TriggerRule rule = MakeRule({.sampling = 0.3});
  std::vector<Interaction> all;
  for (int i = 0; i < 60; ++i) all.push_back(Record("s" + std::to_string(i)));
  std::set<int64_t> invited;
  for (const Invitation& inv : Invites({.limit = 1000})) invited.insert(inv.interaction_id);
  std::set<int64_t> expected;
  for (const Interaction& i : all)
    if (SampleValue(i.id, rule.id) < 0.3) expected.insert(i.id);
  EXPECT_EQ(invited, expected);
  EXPECT_GT(invited.size(), 5u);
  EXPECT_LT(invited.size(), 40u);
  // Evaluating again decides the same and invites nobody twice.
  for (const Interaction& i : all) {
    auto again = triggers_->Evaluate(i);
    ASSERT_TRUE(again.has_value());
    for (const auto& inv : *again) EXPECT_FALSE(inv.inserted);
  }
  EXPECT_EQ(Invites({.limit = 1000}).size(), expected.size());
}

TEST_P(InvitationsTest, TheFrequencyCapHoldsAcrossRulesAndLapses) {
  MakeRule({.frequency_cap_days = 30});
  MakeRule({.name = "orders", .touchpoint = "order", .frequency_cap_days = 30});
  Interaction first = Record("c1");
  EXPECT_EQ(Invites({.interaction_id = first.id})[0].status, InvitationStatus::kQueued);
  clock_.Advance(10 * kDay);
  Interaction order = Record("c1", {}, "order");
  Invitation capped = Invites({.interaction_id = order.id})[0];
  EXPECT_EQ(capped.status, InvitationStatus::kSuppressed);
  EXPECT_NE(capped.last_error.find("frequency cap"), std::string::npos) << capped.last_error;
  EXPECT_EQ(Invites({.interaction_id = Record("c2").id})[0].status, InvitationStatus::kQueued);
  clock_.Advance(21 * kDay);  // 31 days after the first
  EXPECT_EQ(Invites({.interaction_id = Record("c1").id})[0].status, InvitationStatus::kQueued);
}

TEST(QuietHoursTest, SendsWaitForTheEndOfTheOrganisationsQuietHours) {
  auto tehran = TimeZoneDays::ForZone("Asia/Tehran").value();  // UTC+3:30
  auto new_york = TimeZoneDays::ForZone("America/New_York").value();
  struct Case {
    const TimeZoneDays* zone;
    int start, end;
    const char* due;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {&tehran, 21, 8, "2026-11-22T06:30:00Z", "2026-11-22T06:30:00Z"},   // 10:00: not quiet
      {&tehran, 21, 8, "2026-11-22T17:20:00Z", "2026-11-22T17:20:00Z"},   // 20:50: not yet
      {&tehran, 21, 8, "2026-11-22T17:50:00Z", "2026-11-23T04:30:00Z"},   // 21:20 -> 08:00 next day
      {&tehran, 21, 8, "2026-11-22T17:30:00Z", "2026-11-23T04:30:00Z"},   // 21:00 sharp
      {&tehran, 21, 8, "2026-11-21T22:30:00Z", "2026-11-22T04:30:00Z"},   // 02:00 -> 08:00 same day
      {&tehran, 21, 8, "2026-11-22T04:30:00Z", "2026-11-22T04:30:00Z"},   // 08:00: open again
      {&tehran, 13, 15, "2026-11-22T10:00:00Z", "2026-11-22T11:30:00Z"},  // 13:30 -> 15:00
      {&new_york, 20, 9, "2026-07-01T01:00:00Z", "2026-07-01T13:00:00Z"},  // 21:00 EDT -> 09:00
      {&new_york, 20, 9, "2026-12-01T03:00:00Z", "2026-12-01T14:00:00Z"},  // 22:00 EST -> 09:00
      // The nights the clocks change: 09:00 is still 09:00 local (it was 10:00, and 08:00 —
      // inside the quiet hours — when the end was the day's start plus nine hours).
      {&new_york, 20, 9, "2026-03-08T04:00:00Z", "2026-03-08T13:00:00Z"},  // spring forward
      {&new_york, 20, 9, "2026-11-01T02:00:00Z", "2026-11-01T14:00:00Z"},  // fall back
  };
  for (const Case& c : cases)
    EXPECT_EQ(FormatIsoUtc(OutsideQuietHours(At(c.due), *c.zone, c.start, c.end)),
              FormatIsoUtc(At(c.expected)))
        << c.due;
}

TEST_P(InvitationsTest, TheDelayAndQuietHoursSetWhenAnInvitationIsDue) {
  MakeRule({.delay_s = 30 * 60, .quiet_start_hour = 21, .quiet_end_hour = 8});
  // 10:00 local, 30 minutes later is 10:30.
  EXPECT_EQ(Invites({.interaction_id = Record("c1").id})[0].due_ms, clock_.NowMs() + 30 * kMinute);
  // A call at 20:50 local: due 21:20, inside quiet hours: 08:00 the next morning.
  clock_.Set(At("2026-11-22T17:20:00Z"));
  Invitation evening = Invites({.interaction_id = Record("c2").id})[0];
  EXPECT_EQ(FormatIsoUtc(evening.due_ms), "2026-11-23T04:30:00.000Z");
  // The morning's invitation is due, the evening's waits for the morning.
  EXPECT_EQ(*sender_->RunOnce(), 1);
  clock_.Set(evening.due_ms - 1);
  EXPECT_EQ(*sender_->RunOnce(), 0);
  clock_.Set(evening.due_ms);
  EXPECT_EQ(*sender_->RunOnce(), 1);
  EXPECT_TRUE(smtp_.WaitFor(2));
  // An old interaction (an old log imported) invites nobody.
  Record("c3", {}, "call", clock_.NowMs() - 8 * kDay);
  EXPECT_EQ(Invites().size(), 2u);
}

// --- the outbox and the channels ----------------------------------------------------------------

TEST_P(InvitationsTest, AnEmailArrivesInPersianWithItsLink) {
  MakeRule({.templates = R"({"fa":{"subject":"{{name}}، {{touchpoint}} با {{agent}} چطور بود؟",
                                   "body":"سلام {{name}}\nلطفاً به ما بگویید: {{link}}\nسپاس"}})"});
  ASSERT_TRUE(journeys_
                  ->UpsertContact(
                      org_, {.external_id = "c1", .email = "sara@mail.example", .language = "fa"})
                  .has_value());
  ASSERT_TRUE(
      journeys_->DefineAttribute(actor(), access_, {.name = "name", .type = AttributeType::kText})
          .has_value());
  ASSERT_TRUE(
      journeys_->UpsertContact(org_, {.external_id = "c1", .attributes = {{"name", "سارا"}}})
          .has_value());
  Record("c1");
  Invitation inv = Only();
  EXPECT_EQ(inv.status, InvitationStatus::kQueued);
  EXPECT_EQ(inv.address, "sara@mail.example");
  ASSERT_EQ(*sender_->RunOnce(), 1);
  ASSERT_TRUE(smtp_.WaitFor(1));
  testing::SmtpMessage m = smtp_.Messages()[0];
  EXPECT_EQ(m.mail_from, "cx@shop.example");
  EXPECT_EQ(m.rcpt_to, std::vector<std::string>{"sara@mail.example"});
  EXPECT_EQ(m.auth, "mailer:s3cret");
  EXPECT_EQ(m.Subject(), "سارا، تماس با پشتیبانی با sara چطور بود؟");
  EXPECT_EQ(m.FromName(), "باشگاه مشتریان");
  EXPECT_EQ(m.Header("Message-ID"), "<" + inv.token + ".send@shop.example>");
  EXPECT_EQ(m.Body(), "سلام سارا\nلطفاً به ما بگویید: https://cx.example/i/" + inv.token + "\nسپاس");
  Invitation sent = Fresh(inv);
  EXPECT_EQ(sent.status, InvitationStatus::kSent);
  EXPECT_EQ(sent.sent_ms, clock_.NowMs());
  EXPECT_EQ(sent.attempts, 1);
  EXPECT_EQ(*sender_->RunOnce(), 0);
  EXPECT_EQ(smtp_.Count(), 1u);
}

TEST_P(InvitationsTest, TheBuiltInMessageSpeaksTheContactsLanguage) {
  MakeRule({});
  ASSERT_TRUE(journeys_
                  ->UpsertContact(
                      org_, {.external_id = "en1", .email = "en1@mail.example", .language = "en"})
                  .has_value());
  Record("en1");
  Record("fa1");  // no language: the organisation's (fa)
  ASSERT_EQ(*sender_->RunOnce(), 2);
  ASSERT_TRUE(smtp_.WaitFor(2));
  std::map<std::string, std::string> subjects;
  for (const auto& m : smtp_.Messages()) subjects[m.rcpt_to[0]] = m.Subject();
  EXPECT_EQ(subjects["en1@mail.example"], "How was your support call?");
  EXPECT_EQ(subjects["fa1@mail.example"],
            "نظر شما درباره‌ی تماس با پشتیبانی چیست؟");
}

TEST_P(InvitationsTest, ACrashAfterSendingResendsOnceWithTheSameMessageId) {
  MakeRule({});
  Record("c1");
  Invitation inv = Only();
  auto claimed = sender_->Claim();
  ASSERT_TRUE(claimed.has_value());
  ASSERT_EQ(claimed->size(), 1u);
  Attempt d = sender_->Deliver((*claimed)[0]);
  EXPECT_EQ(d.send.outcome, SendOutcome::kSent) << d.send.detail;
  ASSERT_TRUE(smtp_.WaitFor(1));
  // ... and the sender dies here, before it records the send.
  EXPECT_EQ(Fresh(inv).status, InvitationStatus::kQueued);
  EXPECT_EQ(*sender_->RunOnce(), 0);  // the dead sender's lease still holds
  clock_.Advance(5 * kMinute);        // the lease ends
  ASSERT_EQ(*sender_->RunOnce(), 1);
  ASSERT_TRUE(smtp_.WaitFor(2));
  EXPECT_EQ(*sender_->RunOnce(), 0);
  clock_.Advance(kDay);
  EXPECT_EQ(*sender_->RunOnce(), 0);
  auto messages = smtp_.Messages();
  ASSERT_EQ(messages.size(), 2u);  // once more, and only once
  EXPECT_EQ(messages[0].Header("Message-ID"), messages[1].Header("Message-ID"));
  EXPECT_EQ(messages[0].Body(), messages[1].Body());
  Invitation sent = Fresh(inv);
  EXPECT_EQ(sent.status, InvitationStatus::kSent);
  EXPECT_EQ(sent.attempts, 2);
  // The dead sender's late record changes nothing.
  auto late = sender_->Settle((*claimed)[0], d);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(InvitationsTest, ASendOpenedBeforeItWasRecordedIsNotSentAgain) {
  MakeRule({});
  Record("c1");
  Invitation inv = Only();
  auto claimed = sender_->Claim();
  (void)sender_->Deliver((*claimed)[0]);  // sent; the sender dies before recording it
  ASSERT_TRUE(invitations_->Open(inv.token, /*mark_opened=*/true).has_value());
  clock_.Advance(5 * kMinute);
  ASSERT_EQ(*sender_->RunOnce(), 1);
  EXPECT_EQ(smtp_.Count(), 1u);
  Invitation now = Fresh(inv);
  EXPECT_EQ(now.status, InvitationStatus::kOpened);
  EXPECT_TRUE(now.sent_ms.has_value());
}

TEST_P(InvitationsTest, TransientFailuresBackOffExponentiallyThenSucceed) {
  MakeRule({});
  Record("c1");
  Invitation inv = Only();
  smtp_.FailNextData(2, "451 4.3.0 mailbox busy, try later");
  const int64_t t0 = clock_.NowMs();
  ASSERT_EQ(*sender_->RunOnce(), 1);
  Invitation first = Fresh(inv);
  EXPECT_EQ(first.status, InvitationStatus::kQueued);
  EXPECT_EQ(first.attempts, 1);
  EXPECT_EQ(first.next_attempt_ms, t0 + kMinute);
  EXPECT_NE(first.last_error.find("451"), std::string::npos) << first.last_error;
  EXPECT_EQ(*sender_->RunOnce(), 0);
  clock_.Set(t0 + kMinute);
  ASSERT_EQ(*sender_->RunOnce(), 1);
  EXPECT_EQ(Fresh(inv).next_attempt_ms, t0 + kMinute + 2 * kMinute);
  clock_.Set(t0 + 3 * kMinute - 1);
  EXPECT_EQ(*sender_->RunOnce(), 0);
  clock_.Set(t0 + 3 * kMinute);
  ASSERT_EQ(*sender_->RunOnce(), 1);
  Invitation sent = Fresh(inv);
  EXPECT_EQ(sent.status, InvitationStatus::kSent);
  EXPECT_EQ(sent.attempts, 3);
  EXPECT_EQ(sent.last_error, "");
  EXPECT_EQ(smtp_.Count(), 1u);
  const RetryPolicy& policy = sender_->PolicyOf(kInvitationSendTopic);
  EXPECT_EQ(policy.DelayMs(1), kMinute);
  EXPECT_EQ(policy.DelayMs(4), 8 * kMinute);
  EXPECT_EQ(policy.DelayMs(30), kHour);  // capped
  EXPECT_EQ(CountsOf(kInvitationSendTopic).retried, 2u);
  EXPECT_EQ(CountsOf(kInvitationSendTopic).sent, 1u);
}

TEST_P(InvitationsTest, GivingUpAfterMaxAttemptsFailsTheInvitationButNotTheAddress) {
  MakeRule({});
  Record("c1");
  Invitation inv = Only();
  smtp_.FailNextData(100, "421 4.7.0 try again later");
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(*sender_->RunOnce(), 1) << i;
    clock_.Advance(kHour);
  }
  Invitation failed = Fresh(inv);
  EXPECT_EQ(failed.status, InvitationStatus::kFailed);
  EXPECT_EQ(failed.attempts, 4);
  EXPECT_EQ(*sender_->RunOnce(), 0);
  EXPECT_FALSE(*store_->outreach().IsAddressSuppressed(org_, AddressHash(inv.address)));
  // The message is dead: listed as such until someone replays it.
  auto send = MessagesOf(inv);
  ASSERT_EQ(send.size(), 1u);
  EXPECT_EQ(send[0].state, OutboxState::kDead);
  EXPECT_NE(send[0].last_error.find("421"), std::string::npos) << send[0].last_error;
  EXPECT_EQ(CountsOf(kInvitationSendTopic).dead, 1u);
  EXPECT_EQ(CountsOf(kInvitationSendTopic).retried, 3u);
}

TEST_P(InvitationsTest, ADeadSendReplayedIsDeliveredAndTheInvitationSentAfterAll) {
  MakeRule({});
  Record("c1");
  Invitation inv = Only();
  smtp_.FailNextData(4, "421 4.7.0 try again later");
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(*sender_->RunOnce(), 1) << i;
    clock_.Advance(kHour);
  }
  ASSERT_EQ(Fresh(inv).status, InvitationStatus::kFailed);
  const int64_t id = MessagesOf(inv)[0].id;
  // Another organisation cannot replay it; a message that is not dead or failed is refused.
  auto other = accounts_->CreateOrganisationFor(principal_.user->id, {.name = "Other"});
  EXPECT_EQ(sender_->Replay(actor(), other->id, id).error().code, ErrorCode::kNotFound);
  auto replayed = sender_->Replay(actor(), org_, id);
  ASSERT_TRUE(replayed.has_value()) << replayed.error().ToString();
  EXPECT_EQ(replayed->state, OutboxState::kPending);
  EXPECT_EQ(replayed->attempts, 0);
  EXPECT_EQ(replayed->due_ms, clock_.NowMs());
  EXPECT_EQ(sender_->Replay(actor(), org_, id).error().code, ErrorCode::kFailedPrecondition);
  Invitation queued = Fresh(inv);
  EXPECT_EQ(queued.status, InvitationStatus::kQueued);
  EXPECT_FALSE(queued.failed_ms.has_value());
  auto audit = store_->audit().ListAudit(org_, {});
  ASSERT_FALSE(audit->items.empty());
  EXPECT_EQ(audit->items[0].action, "outbox.replay");
  EXPECT_EQ(audit->items[0].target, "outbox:" + std::to_string(id));

  ASSERT_EQ(*sender_->RunOnce(), 1);
  ASSERT_TRUE(smtp_.WaitFor(1));
  EXPECT_EQ(smtp_.Messages()[0].Header("Message-ID"), "<" + inv.token + ".send@shop.example>");
  Invitation sent = Fresh(inv);
  EXPECT_EQ(sent.status, InvitationStatus::kSent);
  EXPECT_EQ(sent.attempts, 1);
  EXPECT_EQ(sent.last_error, "");
  EXPECT_EQ(MessagesOf(inv)[0].state, OutboxState::kSent);
}

TEST_P(InvitationsTest, APermanentRefusalFailsAtOnceAndMarksTheAddress) {
  MakeRule({});
  smtp_.RejectRecipient("gone@mail.example", "550 5.1.1 no such user here");
  ASSERT_TRUE(journeys_->UpsertContact(org_, {.external_id = "gone", .email = "gone@mail.example"})
                  .has_value());
  Record("gone");
  Invitation inv = Only();
  ASSERT_EQ(*sender_->RunOnce(), 1);
  Invitation failed = Fresh(inv);
  EXPECT_EQ(failed.status, InvitationStatus::kFailed);
  EXPECT_EQ(failed.attempts, 1);
  EXPECT_NE(failed.last_error.find("550"), std::string::npos) << failed.last_error;
  EXPECT_TRUE(*store_->outreach().IsAddressSuppressed(org_, AddressHash("GONE@mail.example ")));
  EXPECT_EQ(smtp_.Count(), 0u);
  EXPECT_EQ(MessagesOf(inv)[0].state, OutboxState::kFailed);
  EXPECT_EQ(CountsOf(kInvitationSendTopic).failed, 1u);
  // Never invited again.
  Interaction next = Record("gone");
  Invitation suppressed = Invites({.interaction_id = next.id})[0];
  EXPECT_EQ(suppressed.status, InvitationStatus::kSuppressed);
  EXPECT_EQ(suppressed.last_error, "the address failed permanently before");
  EXPECT_EQ(*sender_->RunOnce(), 0);
}

TEST_P(InvitationsTest, OneReminderUnlessAnswered) {
  MakeRule({.quiet_start_hour = 21, .quiet_end_hour = 8, .reminder_after_hours = 24});
  Record("c1");
  Record("c2");
  ASSERT_EQ(*sender_->RunOnce(), 2);
  ASSERT_TRUE(smtp_.WaitFor(2));
  auto invites = Invites();
  Invitation answered = invites[0].address == "c2@mail.example" ? invites[0] : invites[1];
  Invitation waiting = invites[0].address == "c1@mail.example" ? invites[0] : invites[1];
  auto reminders = MessagesOf(waiting);
  ASSERT_EQ(reminders.size(), 2u);
  EXPECT_EQ(reminders[1].topic, kInvitationRemindTopic);
  EXPECT_EQ(reminders[1].due_ms, clock_.NowMs() + 24 * kHour);  // 10:00 next day: not quiet
  // c2 answers.
  Submission s = Invitations::SubmissionFor(answered);
  s.complete = true;
  s.answers = {{"csat", 5}};
  ASSERT_TRUE(ingest_->Submit(s).has_value());

  clock_.Advance(24 * kHour - 1);
  EXPECT_EQ(*sender_->RunOnce(), 0);
  clock_.Advance(1);
  ASSERT_EQ(*sender_->RunOnce(), 2);  // both reminders come due; one is not needed
  ASSERT_TRUE(smtp_.WaitFor(3));
  testing::SmtpMessage reminder = smtp_.Messages()[2];
  EXPECT_EQ(reminder.rcpt_to[0], "c1@mail.example");
  EXPECT_TRUE(reminder.Subject().starts_with("یادآوری: ")) << reminder.Subject();
  EXPECT_EQ(reminder.Header("Message-ID"), "<" + waiting.token + ".reminder@shop.example>");
  EXPECT_EQ(Fresh(waiting).reminder_sent_ms, clock_.NowMs());
  EXPECT_FALSE(Fresh(answered).reminder_sent_ms.has_value());
  clock_.Advance(30 * kDay);
  EXPECT_EQ(*sender_->RunOnce(), 0);
  EXPECT_EQ(smtp_.Count(), 3u);  // one reminder, once
  EXPECT_EQ(CountsOf(kInvitationRemindTopic).sent, 1u);
  EXPECT_EQ(CountsOf(kInvitationRemindTopic).skipped, 1u);
}

TEST_P(InvitationsTest, SmsGoesThroughTheGatewayTemplate) {
  testing::HttpSink gateway;
  auto settings = *store_->delivery().GetChannelSettings(org_);
  settings.sms_gateway = Json{
      {"method", "POST"},
      {"url", gateway.url() + "/send?to={{phone}}"},
      {"headers",
       {{"Content-Type", "application/json"},
        {"Idempotency-Key", "{{token}}"},
        {"Authorization", "Bearer gw-key"}}},
      {"body", R"({"to":"{{phone}}","text":"{{message}}"})"},
      {"success_codes",
       {200, 202}}}.dump();
  ASSERT_TRUE(store_->delivery().PutChannelSettings(settings).has_value());
  MakeRule({.delivery = DeliveryChannel::kSms,
            .templates = R"({"fa":{"body":"«{{touchpoint}}» را ارزیابی کنید: {{link}}"}})"});
  Record("c1");
  Invitation inv = Only();
  EXPECT_EQ(inv.address, "+989120000102");
  ASSERT_EQ(*sender_->RunOnce(), 1);
  ASSERT_TRUE(gateway.WaitFor(1));
  testing::HttpRequestSeen req = gateway.Requests()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/send?to=%2B989120000102");
  EXPECT_EQ(req.Header("idempotency-key"), inv.token);
  EXPECT_EQ(req.Header("authorization"), "Bearer gw-key");
  Json body = Json::parse(req.body);
  EXPECT_EQ(body["to"], "+989120000102");
  EXPECT_EQ(body["text"], "«تماس با پشتیبانی» را ارزیابی کنید: https://cx.example/i/" + inv.token);
  EXPECT_EQ(Fresh(inv).status, InvitationStatus::kSent);

  // 503: retried; 400: failed for good (the number is not marked: it may be the template).
  gateway.RespondNext(1, 503);
  Record("c22");
  ASSERT_EQ(*sender_->RunOnce(), 1);
  Invitation retried = Invites({.limit = 1})[0];
  EXPECT_EQ(retried.status, InvitationStatus::kQueued);
  EXPECT_NE(retried.last_error.find("HTTP 503"), std::string::npos);
  gateway.RespondNext(1, 400);
  clock_.Advance(kMinute);
  ASSERT_EQ(*sender_->RunOnce(), 1);
  EXPECT_EQ(Fresh(retried).status, InvitationStatus::kFailed);
  EXPECT_FALSE(*store_->outreach().IsAddressSuppressed(org_, AddressHash(retried.address)));
}

TEST_P(InvitationsTest, WebhooksCarryTheContactAndIvrSendsNothing) {
  testing::HttpSink hook;
  auto settings = *store_->delivery().GetChannelSettings(org_);
  settings.webhook_gateway =
      Json{{"url", hook.url() + "/cx"},
           {"headers", {{"Content-Type", "application/x-www-form-urlencoded"}}},
           {"body", "contact={{contact}}&link={{link}}&agent={{agent}}"}}
          .dump();
  ASSERT_TRUE(store_->delivery().PutChannelSettings(settings).has_value());
  MakeRule({.delivery = DeliveryChannel::kWebhook});
  MakeRule({.name = "ivr", .touchpoint = "order", .delivery = DeliveryChannel::kIvr});
  Record("c 1");
  Record("c2", {}, "order");
  ASSERT_EQ(*sender_->RunOnce(), 2);
  ASSERT_TRUE(hook.WaitFor(1));
  auto invites = Invites();
  const Invitation& ivr = invites[0].channel == DeliveryChannel::kIvr ? invites[0] : invites[1];
  const Invitation& web = invites[0].channel == DeliveryChannel::kIvr ? invites[1] : invites[0];
  EXPECT_EQ(hook.Requests()[0].body,
            "contact=c%201&link=https%3A%2F%2Fcx.example%2Fi%2F" + web.token + "&agent=sara");
  EXPECT_EQ(Fresh(ivr).status, InvitationStatus::kSent);
  EXPECT_EQ(hook.Requests().size(), 1u);
  EXPECT_EQ(smtp_.Count(), 0u);
}

TEST_P(InvitationsTest, ChannelsThatAreNotSetUpRetryUntilTheyAre) {
  ASSERT_TRUE(store_->delivery().PutChannelSettings({.org_id = org_}).has_value());
  MakeRule({});
  Record("c1");
  ASSERT_EQ(*sender_->RunOnce(), 1);
  Invitation waiting = Only();
  EXPECT_EQ(waiting.status, InvitationStatus::kQueued);
  EXPECT_NE(waiting.last_error.find("not set up"), std::string::npos);
  ASSERT_TRUE(store_->delivery()
                  .PutChannelSettings({.org_id = org_,
                                       .smtp_host = "127.0.0.1",
                                       .smtp_port = smtp_.port(),
                                       .smtp_tls = SmtpTls::kNone,
                                       .from_address = "cx@shop.example"})
                  .has_value());
  clock_.Advance(kMinute);
  ASSERT_EQ(*sender_->RunOnce(), 1);
  EXPECT_EQ(Fresh(waiting).status, InvitationStatus::kSent);
}

// --- responses through invitations and response rates ---------------------------------------

TEST_P(InvitationsTest, AResponseThroughAnInvitationInheritsItsInteraction) {
  MakeRule({});
  Interaction call = Record("c1", {{"wait_s", 30}});
  Invitation inv = Only();
  ASSERT_EQ(*sender_->RunOnce(), 1);
  auto opened = invitations_->Open(inv.token, true);
  ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
  EXPECT_EQ(opened->invitation.status, InvitationStatus::kOpened);
  EXPECT_EQ(opened->live.survey.id, survey_);

  Submission partial = Invitations::SubmissionFor(opened->invitation);
  partial.complete = false;
  partial.answers = {{"csat", 2}};
  auto started = ingest_->Submit(partial);
  ASSERT_TRUE(started.has_value()) << started.error().ToString();
  EXPECT_EQ(Fresh(inv).status, InvitationStatus::kStarted);

  Submission rest = Invitations::SubmissionFor(opened->invitation);
  rest.complete = true;
  rest.answers = {{"why", "صف طولانی بود"}};
  auto done = ingest_->Submit(rest);
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  const Response& r = done->response;
  EXPECT_EQ(r.status, ResponseStatus::kComplete);
  EXPECT_EQ(r.response_key, "i:" + inv.token);
  EXPECT_EQ(r.contact_id, call.contact_id);
  EXPECT_EQ(r.interaction_id, call.id);
  EXPECT_EQ(r.touchpoint, "call");
  EXPECT_EQ(r.agent, "sara");
  EXPECT_EQ(r.channel, "phone");
  EXPECT_EQ(Json::parse(r.meta)["delivery"], "email");
  EXPECT_EQ(Json::parse(r.hidden)["agent"], "sara");
  Invitation completed = Fresh(inv);
  EXPECT_EQ(completed.status, InvitationStatus::kCompleted);
  EXPECT_EQ(completed.response_id, r.id);
  // The same answers again (a retry, the IVR calling twice): one response.
  auto again = ingest_->Submit(rest);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(*store_->responses().CountResponses(org_, {.survey_id = survey_}), 1);
  // A suppressed invitation has no page.
  EXPECT_EQ(invitations_->Open("no-such-token", false).error().code, ErrorCode::kNotFound);
}

TEST_P(InvitationsTest, ResponseRatesCountCompletedOutOfSentWithAWilsonInterval) {
  TriggerRule calls = MakeRule({});
  TriggerRule orders = MakeRule({.name = "orders", .touchpoint = "order"});
  for (int i = 0; i < 10; ++i) Record("c" + std::to_string(i));
  for (int i = 0; i < 4; ++i) Record("o" + std::to_string(i), {}, "order");
  ASSERT_EQ(*sender_->RunOnce(), 14);
  int answered = 0;
  for (const Invitation& inv : Invites({.limit = 100})) {
    bool answers = inv.rule_id == calls.id ? answered < 6 : inv.contact_id % 2 == 0;
    if (inv.rule_id == calls.id) answered += answers;
    if (!answers) continue;
    Submission s = Invitations::SubmissionFor(inv);
    s.answers = {{"csat", 4}};
    ASSERT_TRUE(ingest_->Submit(s).has_value());
  }
  auto by_rule =
      invitations_->Rates(org_, clock_.NowMs() - kDay, clock_.NowMs() + 1, RateGrouping::kRule);
  ASSERT_TRUE(by_rule.has_value()) << by_rule.error().ToString();
  ASSERT_EQ(by_rule->rows.size(), 2u);
  const ResponseRateRow& call_row =
      by_rule->rows[0].counts.rule_id == calls.id ? by_rule->rows[0] : by_rule->rows[1];
  EXPECT_EQ(call_row.counts.sent, 10);
  EXPECT_EQ(call_row.counts.completed, 6);
  EXPECT_DOUBLE_EQ(call_row.rate.share, 0.6);
  auto expected = metrics::ResponseRate(6, 10).value();
  EXPECT_DOUBLE_EQ(call_row.rate.ci_low, expected.ci_low);
  EXPECT_DOUBLE_EQ(call_row.rate.ci_high, expected.ci_high);
  EXPECT_LT(call_row.rate.ci_low, 0.6);
  EXPECT_GT(call_row.rate.ci_high, 0.6);
  EXPECT_EQ(by_rule->total.counts.sent, 14);
  auto by_survey =
      invitations_->Rates(org_, clock_.NowMs() - kDay, clock_.NowMs() + 1, RateGrouping::kSurvey);
  ASSERT_EQ(by_survey->rows.size(), 1u);
  EXPECT_EQ(by_survey->rows[0].counts.survey_id, survey_);
  EXPECT_EQ(by_survey->rows[0].counts.invited, 14);
  auto by_channel =
      invitations_->Rates(org_, clock_.NowMs() - kDay, clock_.NowMs() + 1, RateGrouping::kChannel);
  ASSERT_EQ(by_channel->rows.size(), 1u);
  EXPECT_EQ(by_channel->rows[0].counts.channel, DeliveryChannel::kEmail);
  EXPECT_TRUE(invitations_->Rates(org_, 0, 1, RateGrouping::kRule)->rows.empty());
  (void)orders;
}

TEST_P(InvitationsTest, CatchUpInvitesWhatACrashedRunMissed) {
  MakeRule({});
  journey::Journeys without_listener(*store_, clock_);  // the process died before the listener ran
  auto written = without_listener.RecordInteractions(
      org_, {{.contact = "c1", .email = "c1@mail.example", .touchpoint = "call"},
             {.contact = "c2", .email = "c2@mail.example", .touchpoint = "call"}});
  ASSERT_TRUE(written.has_value());
  EXPECT_TRUE(Invites().empty());
  EXPECT_EQ(*triggers_->CatchUp(clock_.NowMs() - kDay), 2);
  EXPECT_EQ(*triggers_->CatchUp(clock_.NowMs() - kDay), 0);
  EXPECT_EQ(Invites().size(), 2u);
}

TEST_P(InvitationsTest, ManyInteractionsAtOnceShareTransactionsAndKeepTheCapInOrder) {
  MakeRule({.frequency_cap_days = 30});
  journey::Journeys importer(*store_, clock_);  // no listener: evaluated below, all at once
  std::vector<journey::InteractionFields> rows;
  for (int i = 0; i < 10; ++i) {
    std::string contact = "c" + std::to_string(i % 4);
    rows.push_back({.contact = contact,
                    .email = contact + "@mail.example",
                    .touchpoint = "call",
                    .reference = "call-" + std::to_string(i)});
  }
  auto written = importer.RecordInteractions(org_, rows);
  ASSERT_TRUE(written.has_value()) << written.error().ToString();
  std::vector<Interaction> all;
  for (const auto& w : *written) all.push_back(w.interaction);
  auto made = triggers_->EvaluateMany(all);
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  EXPECT_EQ(*made, 10);
  for (size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(Invites({.interaction_id = all[i].id})[0].status,
              i < 4 ? InvitationStatus::kQueued : InvitationStatus::kSuppressed)
        << i;
  EXPECT_EQ(*triggers_->EvaluateMany(all), 0);
  EXPECT_EQ(Invites({.limit = 100}).size(), 10u);
}

TEST_P(InvitationsTest, TheSenderThreadDeliversWhatIsDueAndStopsGracefully) {
  MakeRule({});
  triggers_->SetOnQueued([this](int64_t due) { sender_->Wake(due); });
  sender_->Start();
  Record("c1");
  ASSERT_TRUE(smtp_.WaitFor(1, std::chrono::seconds(10)));
  sender_->Stop();
  for (int i = 0; i < 50 && Fresh(Only()).status != InvitationStatus::kSent; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(Fresh(Only()).status, InvitationStatus::kSent);
  EXPECT_EQ(CountsOf(kInvitationSendTopic).sent, 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, InvitationsTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

// --- the message itself -------------------------------------------------------------------------

TEST(EmailTest, ALongPersianSubjectBecomesFoldedEncodedWordsThatDecodeBack) {
  std::string subject;
  for (int i = 0; i < 8; ++i) subject += "نظر شما درباره‌ی تماس امروز ";
  std::string encoded = EncodeHeaderText(subject);
  size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    size_t end = encoded.find("\r\n ", start);
    std::string word =
        encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
    EXPECT_LE(word.size(), 75u);
    EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
    ++words;
    start = end == std::string::npos ? encoded.size() : end + 3;
  }
  EXPECT_GT(words, 3);
  testing::SmtpMessage m{.data = "Subject: " + encoded + "\r\n\r\nx"};
  EXPECT_EQ(m.Subject(), subject);
  EXPECT_EQ(EncodeHeaderText("Plain ASCII"), "Plain ASCII");
  // A line break smuggled into a header cannot start another header.
  std::string injected = ComposeEmail({.from_address = "a@b.example",
                                       .from_name = "x\r\nBcc: c@d",
                                       .to = "t@b.example",
                                       .subject = "hi\r\nBcc: e@f",
                                       .body = "b",
                                       .message_id = "m@b.example"});
  EXPECT_EQ(injected.find("\r\nBcc:"), std::string::npos);
}

TEST(TemplateTest, PlaceholdersAreFilledAndEscapedForWhereTheyGo) {
  Placeholders values{{"link", "https://x.example/i/a b"}, {"message", "«سلام» \"hi\"\n"}};
  EXPECT_EQ(FillTemplate("go {{link}} {{unknown}}", values),
            "go https://x.example/i/a b {{unknown}}");
  EXPECT_EQ(FillTemplate("u={{link}}", values, Escape::kUrl),
            "u=https%3A%2F%2Fx.example%2Fi%2Fa%20b");
  EXPECT_EQ(FillTemplate(R"({"t":"{{message}}"})", values, Escape::kJson),
            R"({"t":"«سلام» \"hi\"\n"})");
  EXPECT_EQ(FillTemplate("{{message}}", values, Escape::kHeader), "«سلام» \"hi\" ");
  EXPECT_EQ(PlaceholdersIn("{{a}} {{b}} {{a}}"), (std::vector<std::string>{"a", "b"}));
  auto bad = ParseGatewayTemplate(Json{{"url", "ftp://x"}}, "sms_gateway");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "sms_gateway.url");
}

}  // namespace
}  // namespace nazar::outreach
