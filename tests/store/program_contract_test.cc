// The program area: action plans with optimistic versions, their history and tasks (deleted
// with a draft plan), the program row and KPI targets; never across organisations.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(ProgramContract);

TEST_P(ProgramContract, PlansKeepTheirVersionTasksAndHistory) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  UserId owner = s_->accounts().CreateUser({.email = "o@example.com", .name = "O", .password_hash = "h"})->id;
  ActionPlan p{.org_id = w.org.id, .title = "Faster delivery", .aims_at = R"({"kind":"touchpoint","key":"delivery"})",
               .owner = owner, .due = "2030-06-30", .cost_amount = 1250.5, .cost_currency = "EUR",
               .metric = R"({"survey_id":1,"metric":"nps"})", .baseline_days = 30, .window_days = 45,
               .created_ms = kT0, .updated_ms = kT0};
  auto made = s_->program().CreatePlan(p);
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  EXPECT_EQ(made->version, 1);
  EXPECT_EQ(made->owner, owner);
  EXPECT_DOUBLE_EQ(made->cost_amount, 1250.5);
  EXPECT_EQ(made->window_days, 45);
  EXPECT_FALSE(made->activated_ms.has_value());

  ActionPlan active = *made;
  active.status = "active";
  active.before = R"({"histogram":[1,2]})";
  active.activated_ms = kT0 + 10;
  auto moved = s_->program().UpdatePlan(w.org.id, active);
  ASSERT_TRUE(moved.has_value()) << moved.error().ToString();
  EXPECT_EQ(moved->version, 2);
  EXPECT_EQ(moved->status, "active");
  EXPECT_EQ(moved->activated_ms, kT0 + 10);
  EXPECT_EQ(moved->created_ms, kT0);
  auto stale = s_->program().UpdatePlan(w.org.id, active);  // still version 1
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(stale.error().field, "version");
  EXPECT_EQ(s_->program().UpdatePlan(w.other.id, *moved).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->program().GetPlan(w.other.id, made->id).error().code, ErrorCode::kNotFound);

  auto task = s_->program().CreateTask({.org_id = w.org.id, .plan_id = made->id, .title = "Sign", .created_ms = kT0});
  ASSERT_TRUE(task.has_value()) << task.error().ToString();
  PlanTask done = *task;
  done.done = true;
  done.done_ms = kT0 + 5;
  done.owner = owner;
  EXPECT_TRUE(s_->program().UpdateTask(w.org.id, done)->done);
  EXPECT_EQ(s_->program().GetTask(w.other.id, made->id, task->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->program().CreateTask({.org_id = w.other.id, .plan_id = made->id, .title = "x"}).error().code,
            ErrorCode::kNotFound)
      << "another organisation's plan";
  ASSERT_TRUE(s_->program().AddPlanEvent({.org_id = w.org.id, .plan_id = made->id, .at_ms = kT0, .actor = owner,
                                          .kind = "created"}).has_value());
  EXPECT_EQ(s_->program().ListPlanEvents(w.org.id, made->id)->size(), 1u);
  EXPECT_TRUE(s_->program().ListPlanEvents(w.other.id, made->id)->empty());

  ASSERT_TRUE(s_->program().CreatePlan({.org_id = w.org.id, .title = "Second", .created_ms = kT0}).has_value());
  EXPECT_EQ(s_->program().ListPlans(w.org.id, {})->items.size(), 2u);
  auto actives = s_->program().ListPlans(w.org.id, {.statuses = {"active"}});
  ASSERT_EQ(actives->items.size(), 1u);
  EXPECT_EQ(actives->items[0].id, made->id);
  auto first = s_->program().ListPlans(w.org.id, {.limit = 1});
  EXPECT_EQ(first->items.size(), 1u);
  EXPECT_TRUE(first->next_after.has_value());
  EXPECT_TRUE(s_->program().ListPlans(w.other.id, {})->items.empty());

  EXPECT_EQ(s_->program().DeletePlan(w.other.id, made->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(s_->program().DeletePlan(w.org.id, made->id).has_value());
  EXPECT_TRUE(s_->program().ListTasks(w.org.id, made->id)->empty());
  EXPECT_TRUE(s_->program().ListPlanEvents(w.org.id, made->id)->empty());
}

TEST_P(ProgramContract, TheProgramAndItsKpiTargets) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  EXPECT_EQ(s_->program().GetProgram(w.org.id)->principles, "[]") << "defaults before it is written";
  ASSERT_TRUE(s_->program().PutProgram({.org_id = w.org.id, .vision = "هر مشتری شنیده شود",
                                        .principles = R"(["a","b"])", .updated_ms = kT0}).has_value());
  ASSERT_TRUE(s_->program().PutProgram({.org_id = w.org.id, .vision = "v2", .principles = R"(["a"])",
                                        .updated_ms = kT0 + 1}).has_value());
  EXPECT_EQ(s_->program().GetProgram(w.org.id)->vision, "v2");
  EXPECT_EQ(s_->program().GetProgram(w.other.id)->vision, "");

  auto kpi = s_->program().CreateKpi({.org_id = w.org.id, .survey_id = w.survey, .metric = "csat",
                                      .touchpoint = "support", .target = 85.5, .due = "2030-12-31",
                                      .window_days = 30, .created_ms = kT0, .updated_ms = kT0});
  ASSERT_TRUE(kpi.has_value()) << kpi.error().ToString();
  EXPECT_DOUBLE_EQ(kpi->target, 85.5);
  KpiTarget changed = *kpi;
  changed.target = 90;
  EXPECT_DOUBLE_EQ(s_->program().UpdateKpi(w.org.id, changed)->target, 90);
  EXPECT_EQ(s_->program().UpdateKpi(w.other.id, changed).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->program().DeleteKpi(w.other.id, kpi->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->program().ListKpis(w.org.id)->size(), 1u);
  ASSERT_TRUE(s_->program().DeleteKpi(w.org.id, kpi->id).has_value());
  EXPECT_TRUE(s_->program().ListKpis(w.org.id)->empty());
}

TEST_P(ProgramContract, EachMemberHasOneDigestChoicePerOrganisation) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  UserId mina = s_->accounts().CreateUser({.email = "m@example.com", .name = "M", .password_hash = "h"})->id;
  UserId reza = s_->accounts().CreateUser({.email = "r@example.com", .name = "R", .password_hash = "h"})->id;
  EXPECT_FALSE(s_->program().GetDigestPref(w.org.id, mina)->has_value()) << "no row: no digest";

  auto put = s_->program().PutDigestPref({.org_id = w.org.id, .user_id = mina, .frequency = "daily",
                                          .hour = 7, .weekday = 0, .updated_ms = kT0});
  ASSERT_TRUE(put.has_value()) << put.error().ToString();
  EXPECT_EQ(put->frequency, "daily");
  auto changed = s_->program().PutDigestPref({.org_id = w.org.id, .user_id = mina, .frequency = "weekly",
                                              .hour = 9, .weekday = 6, .updated_ms = kT0 + 1});
  ASSERT_TRUE(changed.has_value()) << changed.error().ToString();
  ASSERT_TRUE(s_->program().PutDigestPref({.org_id = w.other.id, .user_id = mina, .frequency = "daily",
                                           .hour = 18, .weekday = 1, .updated_ms = kT0}).has_value());
  ASSERT_TRUE(s_->program().PutDigestPref({.org_id = w.org.id, .user_id = reza, .frequency = "daily",
                                           .hour = 8, .weekday = 1, .updated_ms = kT0}).has_value());

  auto mine = s_->program().GetDigestPref(w.org.id, mina);
  ASSERT_TRUE(mine.has_value() && mine->has_value());
  EXPECT_EQ((*mine)->frequency, "weekly");
  EXPECT_EQ((*mine)->hour, 9);
  EXPECT_EQ((*mine)->weekday, 6);
  EXPECT_EQ((*mine)->updated_ms, kT0 + 1);
  auto listed = s_->program().ListDigestPrefs(w.org.id);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].user_id, mina);
  EXPECT_EQ((*listed)[1].user_id, reza);
  EXPECT_EQ(s_->program().GetDigestPref(w.other.id, mina).value()->hour, 18) << "each organisation its own";

  EXPECT_EQ(s_->program().PutDigestPref({.org_id = w.org.id, .user_id = UserId{999999}, .frequency = "daily",
                                         .updated_ms = kT0}).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(s_->program().DeleteDigestPref(w.org.id, mina).has_value());
  ASSERT_TRUE(s_->program().DeleteDigestPref(w.org.id, mina).has_value()) << "none is fine";
  EXPECT_FALSE(s_->program().GetDigestPref(w.org.id, mina)->has_value());
  EXPECT_EQ(s_->program().ListDigestPrefs(w.org.id)->size(), 1u);
  EXPECT_TRUE(s_->program().GetDigestPref(w.other.id, mina)->has_value());
}

}  // namespace
}  // namespace nazar::store_contract
