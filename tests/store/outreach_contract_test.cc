// The outreach area: trigger rules, invitations (with their outbox messages) and
// suppressed addresses.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(OutreachContract);

TEST_P(OutreachContract, TriggerRulesAreScopedToTheirOrganisationsSurveys) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  TriggerRule rule{.org_id = w.org.id,
                   .name = "پس از تماس",
                   .survey_id = w.survey,
                   .touchpoint = "call",
                   .channel = "phone",
                   .conditions = R"([{"fact":"wait_s","op":"gt","value":60}])",
                   .delivery = DeliveryChannel::kSms,
                   .delay_s = 600,
                   .sampling = 0.25,
                   .frequency_cap_days = 30,
                   .quiet_start_hour = 21,
                   .quiet_end_hour = 8,
                   .reminder_after_hours = 48,
                   .templates = R"({"fa":{"body":"{{link}}"}})",
                   .created_ms = kT0,
                   .updated_ms = kT0};
  auto made = s_->outreach().CreateTriggerRule(rule);
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  auto got = s_->outreach().GetTriggerRule(w.org.id, made->id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, "پس از تماس");
  EXPECT_EQ(got->delivery, DeliveryChannel::kSms);
  EXPECT_DOUBLE_EQ(got->sampling, 0.25);
  EXPECT_EQ(got->quiet_start_hour, 21);
  EXPECT_EQ(got->quiet_end_hour, 8);
  EXPECT_EQ(got->reminder_after_hours, 48);
  EXPECT_EQ(got->conditions, rule.conditions);
  EXPECT_EQ(s_->outreach().GetTriggerRule(w.other.id, made->id).error().code, ErrorCode::kNotFound);
  // Another organisation's survey is not there for this one.
  TriggerRule foreign = rule;
  foreign.org_id = w.other.id;
  EXPECT_EQ(s_->outreach().CreateTriggerRule(foreign).error().code, ErrorCode::kNotFound);

  TriggerRule changed = *got;
  changed.enabled = false;
  changed.quiet_start_hour.reset();
  changed.quiet_end_hour.reset();
  changed.updated_ms = kT0 + 1;
  auto updated = s_->outreach().UpdateTriggerRule(w.org.id, changed);
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_FALSE(updated->enabled);
  EXPECT_FALSE(updated->quiet_start_hour.has_value());
  EXPECT_EQ(updated->created_ms, kT0);
  EXPECT_EQ(s_->outreach().UpdateTriggerRule(w.other.id, changed).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(s_->outreach().ListTriggerRules(w.org.id)->size(), 1u);
  EXPECT_TRUE(s_->outreach().ListTriggerRules(w.other.id)->empty());
  EXPECT_EQ(s_->outreach().DeleteTriggerRule(w.other.id, made->id).error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(s_->outreach().DeleteTriggerRule(w.org.id, made->id).has_value());
  EXPECT_TRUE(s_->outreach().ListTriggerRules(w.org.id)->empty());
}

TEST_P(OutreachContract, AnInvitationIsUniquePerRuleAndInteractionAndComesWithItsOutboxRow) {
  InviteWorld w = MakeInviteWorld(*s_);
  auto first = s_->outreach().InsertInvitation(NewInvitation(w, 7, w.interactions[0], "tok-1"));
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_TRUE(first->inserted);
  EXPECT_EQ(first->invitation.status, InvitationStatus::kQueued);
  auto outbox = MessagesOf(w.org.id, first->invitation.id);
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].topic, kInvitationSendTopic);
  EXPECT_EQ(outbox[0].payload, fmt::format(R"({{"invitation_id":{}}})", first->invitation.id));
  EXPECT_EQ(outbox[0].due_ms, kT0 + 60'000);
  EXPECT_EQ(outbox[0].state, OutboxState::kPending);

  // The same rule and interaction again (a retry, a catch-up): the first one, nothing new.
  auto again = s_->outreach().InsertInvitation(NewInvitation(w, 7, w.interactions[0], "tok-2"));
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->inserted);
  EXPECT_EQ(again->invitation.token, "tok-1");
  EXPECT_EQ(MessagesOf(w.org.id, first->invitation.id).size(), 1u);

  // A suppressed invitation has no outbox row and does not count for the frequency cap.
  Invitation capped = NewInvitation(w, 7, w.interactions[1], "tok-3", kT0 + 5000);
  capped.status = InvitationStatus::kSuppressed;
  capped.last_error = "frequency cap";
  auto suppressed = s_->outreach().InsertInvitation(capped);
  ASSERT_TRUE(suppressed.has_value());
  EXPECT_TRUE(MessagesOf(w.org.id, suppressed->invitation.id).empty());
  EXPECT_EQ(*s_->outreach().LastInvitationMs(w.org.id, w.contact), kT0);
  EXPECT_EQ(*s_->outreach().LastInvitationMs(w.org.id, w.contact + 1000), std::nullopt);

  EXPECT_EQ(s_->outreach().FindInvitationByToken("tok-1")->id, first->invitation.id);
  EXPECT_EQ(s_->outreach().FindInvitationByToken("nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->outreach().GetInvitation(w.other.id, first->invitation.id).error().code,
            ErrorCode::kNotFound);
  auto listed = s_->outreach().ListInvitations(w.org.id, {.status = InvitationStatus::kSuppressed});
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].last_error, "frequency cap");
  EXPECT_EQ(
      s_->outreach().ListInvitations(w.org.id, {.interaction_id = w.interactions[0]})->items.size(),
      1u);
  auto page = s_->outreach().ListInvitations(w.org.id, {.limit = 1});
  EXPECT_EQ(page->items[0].token, "tok-3");  // newest first
  ASSERT_TRUE(page->next_after.has_value());
  EXPECT_EQ(s_->outreach().ListInvitations(w.org.id, {.after = page->next_after})->items[0].token,
            "tok-1");
  EXPECT_TRUE(s_->outreach().ListInvitations(w.other.id, {})->items.empty());
  // The invitation must name the organisation's own contact.
  Invitation foreign = NewInvitation(w, 7, w.interactions[2], "tok-4");
  foreign.org_id = w.other.id;
  EXPECT_EQ(s_->outreach().InsertInvitation(foreign).error().code, ErrorCode::kNotFound);

  // Erasing the contact takes their invitations and their messages along (and nothing else).
  ASSERT_TRUE(s_->delivery()
                  .EnqueueOutbox({.org_id = w.org.id,
                                  .topic = std::string(kInvitationRemindTopic),
                                  .key = std::to_string(first->invitation.id),
                                  .payload = "{}",
                                  .due_ms = kT0})
                  .value_or(false));
  ASSERT_TRUE(s_->delivery()
                  .EnqueueOutbox({.org_id = w.org.id,
                                  .topic = "webhook.deliver",
                                  .key = std::to_string(first->invitation.id),
                                  .payload = "{}"})
                  .value_or(false));
  EXPECT_EQ(MessagesOf(w.org.id, first->invitation.id).size(), 3u);
  ASSERT_TRUE(s_->journeys().EraseContact(w.org.id, w.contact, {}).has_value());
  EXPECT_TRUE(s_->outreach().ListInvitations(w.org.id, {})->items.empty());
  auto left = MessagesOf(w.org.id, first->invitation.id);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].topic, "webhook.deliver");
}

TEST_P(OutreachContract, AnInvitationsStatusOnlyMovesForward) {
  InviteWorld w = MakeInviteWorld(*s_, 4);
  int64_t id =
      s_->outreach().InsertInvitation(NewInvitation(w, 1, w.interactions[0], "t1"))->invitation.id;
  // Opened before the sender recorded the send (it sent, then was slow to write it down).
  auto opened = s_->outreach().AdvanceInvitation(w.org.id, id, InvitationStatus::kOpened, kT0 + 10);
  ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
  EXPECT_EQ(opened->status, InvitationStatus::kOpened);
  auto sent = s_->outreach().RecordDelivery(
      w.org.id, id, {.event = DeliveryEvent::kSent, .at_ms = kT0 + 5, .attempts = 1});
  ASSERT_TRUE(sent.has_value()) << sent.error().ToString();
  EXPECT_EQ(sent->status, InvitationStatus::kOpened);
  EXPECT_EQ(sent->sent_ms, kT0 + 5);
  EXPECT_EQ(sent->attempts, 1);
  auto done =
      s_->outreach().AdvanceInvitation(w.org.id, id, InvitationStatus::kCompleted, kT0 + 20, 99);
  EXPECT_EQ(done->status, InvitationStatus::kCompleted);
  EXPECT_EQ(done->response_id, 99);
  auto back = s_->outreach().AdvanceInvitation(w.org.id, id, InvitationStatus::kStarted, kT0 + 30);
  EXPECT_EQ(back->status, InvitationStatus::kCompleted);
  EXPECT_EQ(back->started_ms, kT0 + 30);  // the time is kept, the status does not go back
  EXPECT_EQ(back->opened_ms, kT0 + 10);
  EXPECT_EQ(
      s_->outreach().AdvanceInvitation(w.other.id, id, InvitationStatus::kOpened, 1).error().code,
      ErrorCode::kNotFound);

  // Failed: retried, given up; still answered later through its link.
  int64_t f =
      s_->outreach().InsertInvitation(NewInvitation(w, 1, w.interactions[1], "t2"))->invitation.id;
  auto retrying = s_->outreach().RecordDelivery(w.org.id, f,
                                                {.event = DeliveryEvent::kRetrying,
                                                 .at_ms = kT0,
                                                 .attempts = 1,
                                                 .error = "451 try later",
                                                 .next_attempt_ms = kT0 + 60'000});
  EXPECT_EQ(retrying->status, InvitationStatus::kQueued);
  EXPECT_EQ(retrying->next_attempt_ms, kT0 + 60'000);
  EXPECT_EQ(retrying->last_error, "451 try later");
  auto failed = s_->outreach().RecordDelivery(w.org.id, f,
                                              {.event = DeliveryEvent::kFailed,
                                               .at_ms = kT0 + 1,
                                               .attempts = 2,
                                               .error = "550 no such user"});
  EXPECT_EQ(failed->status, InvitationStatus::kFailed);
  EXPECT_EQ(failed->failed_ms, kT0 + 1);
  EXPECT_FALSE(failed->next_attempt_ms.has_value());
  EXPECT_EQ(s_->outreach().AdvanceInvitation(w.org.id, f, InvitationStatus::kSent, kT0 + 2)->status,
            InvitationStatus::kFailed);
  EXPECT_EQ(
      s_->outreach().AdvanceInvitation(w.org.id, f, InvitationStatus::kCompleted, kT0 + 3)->status,
      InvitationStatus::kCompleted);

  Invitation quiet = NewInvitation(w, 1, w.interactions[2], "t3");
  quiet.status = InvitationStatus::kSuppressed;
  int64_t q = s_->outreach().InsertInvitation(quiet)->invitation.id;
  EXPECT_EQ(
      s_->outreach().AdvanceInvitation(w.org.id, q, InvitationStatus::kCompleted, kT0)->status,
      InvitationStatus::kSuppressed);

  auto reminded = s_->outreach().RecordDelivery(
      w.org.id, id, {.event = DeliveryEvent::kReminderSent, .at_ms = kT0 + 40});
  EXPECT_EQ(reminded->reminder_sent_ms, kT0 + 40);

  auto counts = s_->outreach().CountInvitations(w.org.id, kT0, kT0 + 1);
  ASSERT_TRUE(counts.has_value()) << counts.error().ToString();
  ASSERT_EQ(counts->size(), 1u);
  const InvitationCounts& c = (*counts)[0];
  EXPECT_EQ(c.survey_id, w.survey);
  EXPECT_EQ(c.rule_id, 1);
  EXPECT_EQ(c.invited, 3);
  EXPECT_EQ(c.sent, 2);  // both completed ones
  EXPECT_EQ(c.completed, 2);
  EXPECT_EQ(c.failed, 0);
  EXPECT_EQ(c.suppressed, 1);
  EXPECT_TRUE(s_->outreach().CountInvitations(w.org.id, kT0 + 1, kT0 + 2)->empty());
  EXPECT_TRUE(s_->outreach().CountInvitations(w.other.id, kT0, kT0 + 1)->empty());

  // A failed send replayed: queued again, its failure forgotten; other statuses stay.
  int64_t r = s_->outreach()
                  .InsertInvitation(NewInvitation(w, 1, w.interactions[3], "t4", kT0 + 5))
                  ->invitation.id;
  ASSERT_TRUE(s_->outreach()
                  .RecordDelivery(w.org.id, r,
                                  {.event = DeliveryEvent::kFailed,
                                   .at_ms = kT0 + 6,
                                   .attempts = 8,
                                   .error = "421 later"})
                  .has_value());
  auto requeued = s_->outreach().RecordDelivery(
      w.org.id, r,
      {.event = DeliveryEvent::kRequeued, .at_ms = kT0 + 7, .next_attempt_ms = kT0 + 7});
  ASSERT_TRUE(requeued.has_value()) << requeued.error().ToString();
  EXPECT_EQ(requeued->status, InvitationStatus::kQueued);
  EXPECT_FALSE(requeued->failed_ms.has_value());
  EXPECT_EQ(requeued->next_attempt_ms, kT0 + 7);
  EXPECT_EQ(s_->outreach()
                .RecordDelivery(w.org.id, id, {.event = DeliveryEvent::kRequeued, .at_ms = kT0})
                ->status,
            InvitationStatus::kCompleted);
}

// The outbox's own contract (claims, leases, settling, listing, replay, migration 10) is
// in outbox_contract_test.cc.

TEST_P(OutreachContract, SuppressedAddressesAreKeptPerOrganisation) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  EXPECT_FALSE(*s_->outreach().IsAddressSuppressed(w.org.id, "hash-1"));
  ASSERT_TRUE(
      s_->outreach().SuppressAddress(w.org.id, "hash-1", "550 no such user", kT0).has_value());
  ASSERT_TRUE(s_->outreach().SuppressAddress(w.org.id, "hash-1", "again", kT0 + 1).has_value());
  EXPECT_TRUE(*s_->outreach().IsAddressSuppressed(w.org.id, "hash-1"));
  EXPECT_FALSE(*s_->outreach().IsAddressSuppressed(w.other.id, "hash-1"));
}

// --- text settings, comment tags, personas ------------------------------------------------

}  // namespace
}  // namespace nazar::store_contract
