// The act area: alert rules, alerts (once per rule and response), cases with optimistic
// versions and their history, root causes, notifications, settings; never across
// organisations.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(ActContract);

AlertRule Rule(OrgId org, std::string name) {
  return AlertRule{.org_id = org,
                   .name = std::move(name),
                   .conditions = R"({"match":"all","conditions":[]})",
                   .notify = R"({"channels":["in_app"]})",
                   .dedupe_minutes = 60,
                   .max_per_hour = 10,
                   .created_ms = kT0,
                   .updated_ms = kT0};
}

TEST_P(ActContract, AlertRulesAreNamedOncePerOrganisation) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto made = s_->act().CreateAlertRule(Rule(w.org.id, "Detractors"));
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  EXPECT_TRUE(made->enabled);
  EXPECT_EQ(made->max_per_hour, 10);
  auto dup = s_->act().CreateAlertRule(Rule(w.org.id, "Detractors"));
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.error().field, "name");
  ASSERT_TRUE(s_->act().CreateAlertRule(Rule(w.other.id, "Detractors")).has_value());

  AlertRule changed = *made;
  changed.enabled = false;
  changed.survey_id = w.survey;
  changed.updated_ms = kT0 + 5;
  auto updated = s_->act().UpdateAlertRule(w.org.id, changed);
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_FALSE(updated->enabled);
  EXPECT_EQ(updated->survey_id, w.survey);
  EXPECT_EQ(updated->created_ms, kT0);
  EXPECT_EQ(s_->act().AlertRulesRevision(w.org.id)->first, kT0 + 5);
  EXPECT_EQ(s_->act().AlertRulesRevision(w.org.id)->second, 1);
  EXPECT_EQ(s_->act().GetAlertRule(w.other.id, made->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->act().UpdateAlertRule(w.other.id, changed).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->act().DeleteAlertRule(w.other.id, made->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(s_->act().DeleteAlertRule(w.org.id, made->id).has_value());
  EXPECT_TRUE(s_->act().ListAlertRules(w.org.id)->empty());
  EXPECT_EQ(s_->act().AlertRulesRevision(w.org.id)->second, 0);
}

TEST_P(ActContract, ARuleFiresOncePerResponseAndCountsWhatFired) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  int64_t rule = s_->act().CreateAlertRule(Rule(w.org.id, "R"))->id;
  Alert a{.org_id = w.org.id, .rule_id = rule, .response_id = 7, .contact_id = w.contact, .created_ms = kT0};
  auto first = s_->act().InsertAlert(a);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  ASSERT_TRUE(first->has_value());
  auto again = s_->act().InsertAlert(a);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->has_value()) << "the same rule on the same response fires once";
  Alert held = a;
  held.response_id = 8;
  held.suppressed = "duplicate";
  ASSERT_TRUE((*s_->act().InsertAlert(held)).has_value());
  EXPECT_EQ(*s_->act().CountFiredAlerts(w.org.id, rule, kT0, std::nullopt), 1);
  EXPECT_EQ(*s_->act().CountFiredAlerts(w.org.id, rule, kT0, w.contact), 1);
  EXPECT_EQ(*s_->act().CountFiredAlerts(w.org.id, rule, kT0, w.contact + 99), 0);
  EXPECT_EQ(*s_->act().CountFiredAlerts(w.org.id, rule, kT0 + 1, std::nullopt), 0);
  EXPECT_EQ(*s_->act().CountFiredAlerts(w.other.id, rule, 0, std::nullopt), 0);
  auto listed = s_->act().ListAlerts(w.org.id, {.limit = 1});
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].response_id, 8) << "newest first";
  ASSERT_TRUE(listed->next_after.has_value());
  auto rest = s_->act().ListAlerts(w.org.id, {.after = listed->next_after, .limit = 5});
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].response_id, 7);
  EXPECT_TRUE(s_->act().ListAlerts(w.other.id, {})->items.empty());
  EXPECT_EQ(s_->act().SetAlertCase(w.other.id, (**first).id, 1).error().code, ErrorCode::kNotFound);
}

TEST_P(ActContract, ACaseChangesOnlyFromTheVersionItWasReadAt) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  UserId owner = s_->accounts().CreateUser({.email = "o@example.com", .name = "O", .password_hash = "h"})->id;
  Case c{.org_id = w.org.id, .title = "NPS 2 from c1", .priority = "high", .owner = owner,
         .response_id = 5, .contact_id = w.contact, .touchpoint = "delivery", .agent = "a-1",
         .created_ms = kT0, .updated_ms = kT0};
  auto made = s_->act().CreateCase(c);
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  EXPECT_EQ(made->status, "new");
  EXPECT_EQ(made->version, 1);
  EXPECT_EQ(made->owner, owner);

  Case open = *made;
  open.status = "open";
  open.first_response_ms = kT0 + 10;
  open.updated_ms = kT0 + 10;
  auto v2 = s_->act().UpdateCase(w.org.id, open);
  ASSERT_TRUE(v2.has_value()) << v2.error().ToString();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->first_response_ms, kT0 + 10);
  auto stale = s_->act().UpdateCase(w.org.id, open);  // still version 1
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(stale.error().field, "version");
  EXPECT_EQ(s_->act().GetCase(w.org.id, made->id)->status, "open") << "the stale write changed nothing";
  EXPECT_EQ(s_->act().UpdateCase(w.other.id, *v2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->act().GetCase(w.other.id, made->id).error().code, ErrorCode::kNotFound);

  Case second = c;
  second.owner.reset();
  second.title = "CSAT 1";
  int64_t unowned = s_->act().CreateCase(second)->id;
  EXPECT_EQ(s_->act().ListCases(w.org.id, {})->items.size(), 2u);
  auto mine = s_->act().ListCases(w.org.id, {.owner = owner});
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].id, made->id);
  auto nobody = s_->act().ListCases(w.org.id, {.unassigned = true});
  ASSERT_EQ(nobody->items.size(), 1u);
  EXPECT_EQ(nobody->items[0].id, unowned);
  EXPECT_EQ(s_->act().ListCases(w.org.id, {.statuses = {"new", "waiting"}})->items.size(), 1u);
  EXPECT_TRUE(s_->act().ListCases(w.other.id, {})->items.empty());
  auto counts = s_->act().CountCases(w.org.id, std::nullopt);
  EXPECT_EQ((*counts)["open"], 1);
  EXPECT_EQ((*counts)["new"], 1);
  EXPECT_EQ((*s_->act().CountCases(w.org.id, owner)).size(), 1u);
}

TEST_P(ActContract, ACaseKeepsItsHistoryAndEachOwnersNewestCaseIsKnown) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  UserId u1 = s_->accounts().CreateUser({.email = "u1@example.com", .name = "U1", .password_hash = "h"})->id;
  UserId u2 = s_->accounts().CreateUser({.email = "u2@example.com", .name = "U2", .password_hash = "h"})->id;
  int64_t id = s_->act().CreateCase({.org_id = w.org.id, .title = "t", .owner = u1, .created_ms = kT0})->id;
  ASSERT_TRUE(s_->act().AddCaseEvent({.org_id = w.org.id, .case_id = id, .at_ms = kT0, .kind = "opened"}).has_value());
  ASSERT_TRUE(s_->act().AddCaseEvent({.org_id = w.org.id, .case_id = id, .at_ms = kT0 + 1, .kind = "assigned",
                                      .detail = R"({"to":1})"}).has_value());
  auto note = s_->act().AddCaseEvent({.org_id = w.org.id, .case_id = id, .at_ms = kT0 + 2, .actor = u1,
                                      .kind = "note", .detail = R"({"text":"called back"})"});
  ASSERT_TRUE(note.has_value()) << note.error().ToString();
  EXPECT_EQ(note->actor, u1);
  auto history = s_->act().ListCaseEvents(w.org.id, id);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].kind, "opened");
  EXPECT_FALSE((*history)[0].actor.has_value());
  EXPECT_EQ((*history)[2].detail, R"({"text":"called back"})");
  EXPECT_TRUE(s_->act().ListCaseEvents(w.other.id, id)->empty());
  auto newest = s_->act().NewestCaseOf(w.org.id, {u1, u2});
  ASSERT_TRUE(newest.has_value()) << newest.error().ToString();
  EXPECT_EQ(newest->size(), 1u);
  EXPECT_EQ(newest->at(u1.value), id);
  int64_t later = s_->act().CreateCase({.org_id = w.org.id, .title = "t2", .owner = u1, .created_ms = kT0})->id;
  EXPECT_EQ(s_->act().NewestCaseOf(w.org.id, {u1, u2})->at(u1.value), later);
  EXPECT_TRUE(s_->act().NewestCaseOf(w.other.id, {u1})->empty());
  EXPECT_FALSE(s_->act().AddCaseEvent({.org_id = w.org.id, .case_id = id + 100, .at_ms = kT0, .kind = "note"}).has_value());
}

TEST_P(ActContract, TheLoopsFactsNextRatingsAndChecks) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  const int64_t contact = w.contact;
  auto rated = s_->act().CreateCase({.org_id = w.org.id, .title = "rated", .response_id = 500, .contact_id = contact,
                                     .created_ms = kT0, .nps = 3});
  ASSERT_TRUE(rated.has_value()) << rated.error().ToString();
  EXPECT_EQ(rated->nps, 3);
  EXPECT_FALSE(rated->next_nps.has_value());
  int64_t unrated = s_->act().CreateCase({.org_id = w.org.id, .title = "csat", .contact_id = contact, .created_ms = kT0})->id;
  int64_t later = s_->act().CreateCase({.org_id = w.org.id, .title = "later", .contact_id = contact,
                                        .created_ms = kT0 + 5000, .nps = 5})->id;
  // The response the case is about is not its own next rating; one from before the case neither.
  EXPECT_EQ(*s_->act().RecordNextNps(w.org.id, contact, 500, 2, kT0 + 10), 0);
  EXPECT_EQ(*s_->act().RecordNextNps(w.other.id, contact, 501, 9, kT0 + 10), 0) << "never across organisations";
  EXPECT_EQ(*s_->act().RecordNextNps(w.org.id, contact, 501, 9, kT0 + 100), 1);
  EXPECT_EQ(*s_->act().RecordNextNps(w.org.id, contact, 502, 1, kT0 + 200), 0) << "the first next rating stays";
  EXPECT_EQ(s_->act().GetCase(w.org.id, rated->id)->next_nps, 9);
  EXPECT_EQ(s_->act().GetCase(w.org.id, rated->id)->next_nps_ms, kT0 + 100);
  EXPECT_FALSE(s_->act().GetCase(w.org.id, unrated)->next_nps.has_value()) << "a case without a rating has no recovery";
  EXPECT_EQ(*s_->act().RecordNextNps(w.org.id, contact, 503, 8, kT0 + 6000), 1);
  EXPECT_EQ(s_->act().GetCase(w.org.id, later)->next_nps, 8);

  Case contacted = *s_->act().GetCase(w.org.id, unrated);
  contacted.first_contact_ms = kT0 + 7;
  EXPECT_EQ(s_->act().UpdateCase(w.org.id, contacted)->first_contact_ms, kT0 + 7);
  auto window = s_->act().ListCasesCreated(w.org.id, kT0, kT0 + 5000, 10);
  ASSERT_TRUE(window.has_value()) << window.error().ToString();
  ASSERT_EQ(window->size(), 2u) << "created in [from, to)";
  EXPECT_EQ(window->front().id, rated->id);
  EXPECT_EQ(s_->act().ListCasesCreated(w.org.id, kT0, kT0 + 9000, 1)->size(), 1u);
  EXPECT_TRUE(s_->act().ListCasesCreated(w.other.id, kT0, kT0 + 9000, 10)->empty());
  ASSERT_TRUE(s_->act().AddCaseEvent({.org_id = w.org.id, .case_id = later, .at_ms = kT0 + 6000, .kind = "status",
                                      .detail = R"({"from":"new","to":"open"})"}).has_value());
  ASSERT_TRUE(s_->act().AddCaseEvent({.org_id = w.org.id, .case_id = rated->id, .at_ms = kT0 + 10, .kind = "status",
                                      .detail = R"({"from":"new","to":"open"})"}).has_value());
  ASSERT_TRUE(s_->act().AddCaseEvent({.org_id = w.org.id, .case_id = rated->id, .at_ms = kT0 + 20, .kind = "note"}).has_value());
  auto status = s_->act().ListCaseEventsOfKind(w.org.id, "status", kT0);
  ASSERT_EQ(status->size(), 2u);
  EXPECT_EQ((*status)[0].case_id, rated->id) << "by case";
  EXPECT_EQ(s_->act().ListCaseEventsOfKind(w.org.id, "status", kT0 + 11)->size(), 1u);

  auto check = s_->act().CreateCaseCheck({.org_id = w.org.id, .case_id = rated->id, .token_hash = "hash-1",
                                          .language = "fa", .sent_to = "mina@example.com", .created_ms = kT0 + 30});
  ASSERT_TRUE(check.has_value()) << check.error().ToString();
  EXPECT_TRUE(check->answer.empty());
  EXPECT_FALSE(check->answered_ms.has_value());
  EXPECT_EQ(s_->act().FindCaseCheck("hash-1")->id, check->id);
  EXPECT_EQ(s_->act().FindCaseCheck("hash-2").error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(*s_->act().AnswerCaseCheck(w.other.id, check->id, "no", "", kT0 + 40)) << "never across organisations";
  EXPECT_TRUE(*s_->act().AnswerCaseCheck(w.org.id, check->id, "no", "هنوز", kT0 + 40));
  EXPECT_FALSE(*s_->act().AnswerCaseCheck(w.org.id, check->id, "yes", "", kT0 + 50)) << "the first answer stands";
  auto listed = s_->act().ListCaseChecks(w.org.id, rated->id);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].answer, "no");
  EXPECT_EQ((*listed)[0].comment, "هنوز");
  EXPECT_EQ((*listed)[0].answered_ms, kT0 + 40);
  EXPECT_EQ(s_->act().ListCaseChecksSince(w.org.id, kT0 + 30)->size(), 1u);
  EXPECT_TRUE(s_->act().ListCaseChecksSince(w.org.id, kT0 + 31)->empty());
  EXPECT_TRUE(s_->act().ListCaseChecks(w.other.id, rated->id)->empty());
  auto dup = s_->act().CreateCaseCheck({.org_id = w.org.id, .case_id = later, .token_hash = "hash-1",
                                        .language = "en", .sent_to = "x@example.com", .created_ms = kT0});
  EXPECT_FALSE(dup.has_value()) << "a token is unique";
}

TEST_P(ActContract, AMetricAlertIsOncePerRuleSegmentAndPeriod) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  MetricAlert a{.org_id = w.org.id, .rule_id = 3, .segment = "delivery", .period_end_day = 20000,
                .detail = R"({"difference":-75})", .created_ms = kT0};
  auto first = s_->act().InsertMetricAlert(a);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->detail, R"({"difference":-75})");
  EXPECT_FALSE(s_->act().InsertMetricAlert(a)->has_value()) << "the same rule, segment and period";
  MetricAlert next_day = a;
  next_day.period_end_day = 20001;
  EXPECT_TRUE(s_->act().InsertMetricAlert(next_day)->has_value());
  MetricAlert other_segment = a;
  other_segment.segment = "support";
  EXPECT_TRUE(s_->act().InsertMetricAlert(other_segment)->has_value());
  MetricAlert elsewhere = a;
  elsewhere.org_id = w.other.id;
  EXPECT_TRUE(s_->act().InsertMetricAlert(elsewhere)->has_value());
  ASSERT_TRUE(s_->act().SetMetricAlertCase(w.org.id, (*first)->id, 42).has_value());
  EXPECT_FALSE(s_->act().SetMetricAlertCase(w.other.id, (*first)->id, 42).has_value()) << "never across organisations";
  auto page = s_->act().ListMetricAlerts(w.org.id, {.limit = 10});
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items.back().case_id, 42) << "newest first";
  EXPECT_EQ(s_->act().ListMetricAlerts(w.org.id, {.rule_id = 4, .limit = 10})->items.size(), 0u);
  EXPECT_EQ(s_->act().ListMetricAlerts(w.other.id, {.limit = 10})->items.size(), 1u);
}

TEST_P(ActContract, RootCausesNotificationsAndSettings) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  UserId u = s_->accounts().CreateUser({.email = "n@example.com", .name = "N", .password_hash = "h"})->id;
  RootCause rc{.org_id = w.org.id, .name = R"({"fa":"تأخیر پیک","en":"Courier delay"})", .key = "courier_delay",
               .points_at = R"({"topic":"delivery"})", .created_ms = kT0};
  auto made = s_->act().CreateRootCause(rc);
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  EXPECT_EQ(s_->act().CreateRootCause(rc).error().field, "key");
  RootCause off = *made;
  off.active = false;
  EXPECT_FALSE(s_->act().UpdateRootCause(w.org.id, off)->active);
  EXPECT_EQ(s_->act().UpdateRootCause(w.other.id, off).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->act().ListRootCauses(w.org.id)->size(), 1u);

  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(s_->act().AddNotification({.org_id = w.org.id, .user_id = u, .kind = "alert",
                                           .detail = "{}", .created_ms = kT0 + i}).has_value());
  EXPECT_EQ(*s_->act().CountUnreadNotifications(w.org.id, u), 3);
  EXPECT_EQ(*s_->act().CountUnreadNotifications(w.other.id, u), 0);
  auto page = s_->act().ListNotifications(w.org.id, u, true, {.limit = 2});
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(*s_->act().MarkNotificationsRead(w.org.id, u, page->items[1].id, kT0 + 9), 2);
  EXPECT_EQ(*s_->act().CountUnreadNotifications(w.org.id, u), 1);
  EXPECT_EQ(s_->act().ListNotifications(w.org.id, u, false, {})->items.size(), 3u);
  EXPECT_EQ(*s_->act().MarkNotificationsRead(w.org.id, u, std::nullopt, kT0 + 10), 1);

  auto defaults = s_->act().GetActSettings(w.org.id);
  ASSERT_TRUE(defaults.has_value());
  EXPECT_EQ(defaults->sla, "{}");
  ActSettings s{.org_id = w.org.id, .calendar = R"({"time_zone":"Asia/Tehran"})", .sla = R"({"urgent":{}})",
                .assignment = "{}", .updated_ms = kT0};
  ASSERT_TRUE(s_->act().PutActSettings(s).has_value());
  s.sla = R"({"high":{}})";
  ASSERT_TRUE(s_->act().PutActSettings(s).has_value());
  EXPECT_EQ(s_->act().GetActSettings(w.org.id)->sla, R"({"high":{}})");
  EXPECT_EQ(s_->act().GetActSettings(w.other.id)->sla, "{}");
}

}  // namespace
}  // namespace nazar::store_contract
