// Act's outer loop through the API, on both stores: an action plan captures its metric's
// "before" when it goes active and, once done, measures the "after" and the change with the
// dashboard's own test; the numbers are checked against a computation done here by hand (the
// trinomial NPS variance, the unpooled z). The program's KPI targets are rated on track, at
// risk or off track by the documented rule. Bad input names its field; analysts read, only
// admins change; every change is audited.
#include <gtest/gtest.h>

#include <cmath>

#include "api/api_fixture.h"

namespace nazar {
namespace {

constexpr int64_t kDayMs = 86'400'000;

// `base` with the fields of `extra` over it (merged one level down).
json With(json base, const json& extra) {
  base.update(extra, true);
  return base;
}

struct Nps {
  int promoters, passives, detractors;
  int n() const { return promoters + passives + detractors; }
  double score() const { return 100.0 * (promoters - detractors) / n(); }
  // The standard error in points from the trinomial variance.
  double se() const {
    double p = double(promoters) / n(), d = double(detractors) / n();
    return 100 * std::sqrt((p + d - (p - d) * (p - d)) / n());
  }
};

class ProgramApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
    survey = PublishedSurvey(*alice, org_a_.id, "Relationship", "relationship_nps", {"en"});
    ASSERT_NE(survey, 0);
    today = clock_.NowMs() / kDayMs * kDayMs + 12 * 3600'000;  // noon UTC (the org's zone)
  }

  // `counts` responses at `touchpoint` on the day `day` days from `today`.
  void Seed(int day, const std::string& touchpoint, Nps counts) {
    clock_.Set(today + day * kDayMs);
    int i = 0;
    auto send = [&](int rating, int how_many) {
      for (int k = 0; k < how_many; ++k) {
        json body = {{"response_id", touchpoint + "-" + std::to_string(day) + "-" + std::to_string(i++)},
                     {"touchpoint", touchpoint},
                     {"answers", {{"nps", rating}}}};
        auto r = alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/responses"), body);
        ASSERT_EQ(r.status, 201) << r.body;
      }
    };
    send(10, counts.promoters);
    send(8, counts.passives);
    send(3, counts.detractors);
  }

  json Plan(const std::string& title, const std::string& touchpoint) {
    return {{"title", title},
            {"description", "Courier partner changed; drivers call before arriving"},
            {"aims_at", {{"kind", "touchpoint"}, {"key", touchpoint}}},
            {"owner", alice_.id.value},
            {"due", "2030-06-30"},
            {"cost", {{"amount", 1200}, {"currency", "EUR"}}},
            {"metric", {{"survey_id", survey}, {"metric", "nps"}, {"segment", {{"touchpoint", touchpoint}}}}},
            {"baseline_days", 30},
            {"window_days", 30},
            {"tasks", {"Sign the new courier", "Brief the drivers"}}};
  }

  HttpResult Move(int64_t id, const std::string& status) {
    std::string path = OrgPath(org_a_.id, "/action-plans/" + std::to_string(id));
    int64_t version = alice->Get(path).json()["version"];
    return alice->Patch(path, {{"status", status}, {"version", version}});
  }

  std::unique_ptr<HttpClient> alice;
  int64_t survey = 0;
  int64_t today = 0;
};

TEST_P(ProgramApi, APlanMeasuresItsEffectWithTheDashboardsTest) {
  const Nps before{40, 30, 30}, between{20, 10, 10}, after{70, 20, 10};
  const Nps store_before{15, 10, 15}, store_after{16, 10, 14};
  Seed(-55, "delivery", {5, 0, 5});  // before the baseline window: not counted
  Seed(-25, "delivery", before);
  Seed(-25, "store", store_before);
  Seed(-25, "web", {3, 1, 1});

  clock_.Set(today - 20 * kDayMs);
  auto created = alice->Post(OrgPath(org_a_.id, "/action-plans"), Plan("Faster delivery", "delivery"));
  ASSERT_EQ(created.status, 201) << created.body;
  json plan = created.json();
  EXPECT_EQ(plan["status"], "draft");
  EXPECT_EQ(plan["tasks"].size(), 2u);
  EXPECT_EQ(plan["next"], json({"active", "cancelled"}));
  EXPECT_TRUE(plan["effect"]["before"].is_null());
  int64_t id = plan["id"];
  int64_t store_plan = alice->Post(OrgPath(org_a_.id, "/action-plans"), Plan("Store queue", "store")).json()["id"];
  int64_t web_plan = alice->Post(OrgPath(org_a_.id, "/action-plans"), Plan("Checkout page", "web")).json()["id"];

  // Active: the "before" is the baseline window up to yesterday, at that touchpoint only.
  auto active = Move(id, "active");
  ASSERT_EQ(active.status, 200) << active.body;
  json b = active.json()["effect"]["before"];
  EXPECT_EQ(b["n"], before.n()) << b;
  EXPECT_EQ(b["status"], "ok");
  EXPECT_NEAR(b["value"].get<double>(), before.score(), 1e-9);  // 10
  EXPECT_NEAR(b["margin"].get<double>(), 1.959964 * before.se(), 1e-4);
  EXPECT_EQ(active.json()["effect"]["unit"], "points");
  ASSERT_EQ(Move(store_plan, "active").status, 200);
  auto web_active = Move(web_plan, "active");
  ASSERT_EQ(web_active.status, 200) << web_active.body;
  EXPECT_EQ(web_active.json()["effect"]["before"]["status"], "not_enough_responses");
  EXPECT_TRUE(web_active.json()["effect"]["before"]["value"].is_null()) << "no number below the minimum n";

  // The metric is fixed once active; a done plan stays done; versions guard changes.
  std::string path = OrgPath(org_a_.id, "/action-plans/" + std::to_string(id));
  auto fixed = alice->Put(path, {{"version", active.json()["version"]}, {"baseline_days", 60}});
  EXPECT_EQ(fixed.status, 409);
  EXPECT_EQ(fixed.json()["error"]["field"], "baseline_days");
  auto stale = alice->Patch(path, {{"status", "done"}, {"version", 1}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.json()["error"]["field"], "version");

  Seed(-15, "delivery", between);  // while the plan runs: neither before nor after
  clock_.Set(today - 10 * kDayMs);
  auto done = Move(id, "done");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(done.json()["effect"]["after"].is_null()) << "the after window starts tomorrow";
  EXPECT_EQ(done.json()["next"], json::array());
  EXPECT_EQ(Move(id, "active").json()["error"]["field"], "status");
  ASSERT_EQ(Move(store_plan, "done").status, 200);
  Seed(-7, "delivery", after);
  Seed(-7, "store", store_after);

  clock_.Set(today);
  auto read = alice->Get(path);
  ASSERT_EQ(read.status, 200) << read.body;
  json effect = read.json()["effect"];
  EXPECT_EQ(effect["after"]["n"], after.n());
  EXPECT_NEAR(effect["after"]["value"].get<double>(), after.score(), 1e-9);  // 60
  EXPECT_FALSE(effect["window_complete"].get<bool>()) << "10 of its 30 days";
  // The change by hand: 60 - 10 with the unpooled z of two trinomial NPS variances.
  const double se = std::hypot(before.se(), after.se());
  const double z = (after.score() - before.score()) / se;
  EXPECT_NEAR(effect["change"]["difference"].get<double>(), 50.0, 1e-9);
  EXPECT_NEAR(effect["change"]["margin"].get<double>(), 1.959964 * se, 1e-4);  // 20.83
  EXPECT_NEAR(effect["change"]["p_value"].get<double>(), std::erfc(z / std::sqrt(2.0)), 1e-9);
  EXPECT_EQ(effect["change"]["verdict"], "significant_increase");

  // The store's queue: 0 -> 5 points on 40 and 40 responses does not tell.
  json store_effect = alice->Get(OrgPath(org_a_.id, "/action-plans/" + std::to_string(store_plan))).json()["effect"];
  EXPECT_NEAR(store_effect["change"]["difference"].get<double>(), store_after.score() - store_before.score(), 1e-9);
  EXPECT_EQ(store_effect["change"]["verdict"], "no_significant_change");
  EXPECT_EQ(store_effect["change"]["summary"], "no significant change");
  const double store_z = (store_after.score() - store_before.score()) / std::hypot(store_before.se(), store_after.se());
  EXPECT_NEAR(store_effect["change"]["p_value"].get<double>(), std::erfc(std::abs(store_z) / std::sqrt(2.0)), 1e-9);

  // The list shows each plan with its effect; the history and the audit log have the changes.
  auto list = alice->Get(OrgPath(org_a_.id, "/action-plans?status=done"));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["items"].size(), 2u);
  json history = read.json()["history"];
  ASSERT_EQ(history.size(), 3u) << history;
  EXPECT_EQ(history[1]["detail"], json({{"from", "draft"}, {"to", "active"}}));
  auto audit = alice->Get(OrgPath(org_a_.id, "/audit"));
  EXPECT_NE(audit.body.find("action_plan.status"), std::string::npos);
}

TEST_P(ProgramApi, TasksAndBadInputNameTheirField) {
  auto created = alice->Post(OrgPath(org_a_.id, "/action-plans"), Plan("Faster delivery", "delivery"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string path = OrgPath(org_a_.id, "/action-plans/" + created.json()["id"].dump());
  int64_t task = created.json()["tasks"][0]["id"];
  auto ticked = alice->Put(path + "/tasks/" + std::to_string(task), {{"done", true}});
  ASSERT_EQ(ticked.status, 200) << ticked.body;
  EXPECT_TRUE(ticked.json()["done"].get<bool>());
  EXPECT_FALSE(ticked.json()["done_at"].is_null());
  EXPECT_EQ(alice->Post(path + "/tasks", {{"title", "Call back three customers"}}).status, 201);
  EXPECT_EQ(alice->Get(path).json()["tasks_done"], 1);
  EXPECT_EQ(alice->Get(path).json()["tasks_total"], 3);
  EXPECT_EQ(alice->Delete(path + "/tasks/" + std::to_string(task)).status, 200);
  EXPECT_EQ(alice->Get(path).json()["tasks_total"], 2);

  auto expect_field = [&](json body, const std::string& field, int status = 400) {
    auto r = alice->Post(OrgPath(org_a_.id, "/action-plans"), body);
    EXPECT_EQ(r.status, status) << body << " -> " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field) << r.body;
  };
  json plan = Plan("x", "delivery");
  expect_field(With(plan, {{"metric", {{"survey_id", survey}, {"metric", "csat"}}}}), "metric.metric");
  expect_field(With(plan, {{"metric", {{"survey_id", 999999}, {"metric", "nps"}}}}), "metric.survey_id");
  expect_field(With(plan, {{"metric", {{"survey_id", survey}, {"metric", "nps"}, {"segment", {{"colour", "red"}}}}}}),
               "metric.segment");
  expect_field(With(plan, {{"owner", 999999}}), "owner");
  expect_field(With(plan, {{"due", "2030-02-30"}}), "due");
  expect_field(With(plan, {{"cost", {{"amount", -1}, {"currency", "EUR"}}}}), "cost.amount");
  expect_field(With(plan, {{"aims_at", {{"kind", "root_cause"}, {"root_cause_id", 999999}}}}),
               "aims_at.root_cause_id");
  json untitled = plan;
  untitled.erase("title");
  expect_field(untitled, "title");
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/action-plans")).json()["items"].size(), 1u) << "nothing half-written";

  // Without an owner a plan cannot go active.
  auto orphan = alice->Post(OrgPath(org_a_.id, "/action-plans"), With(plan, {{"owner", nullptr}}));
  ASSERT_EQ(orphan.status, 201) << orphan.body;
  auto no_owner = Move(orphan.json()["id"], "active");
  EXPECT_EQ(no_owner.status, 400);
  EXPECT_EQ(no_owner.json()["error"]["field"], "owner");

  // Analysts read; only owners and admins change.
  auto analyst = MemberWithRole(org_a_.id, "ana@a.example", Role::kAnalyst);
  EXPECT_EQ(analyst->Get(path).status, 200);
  EXPECT_EQ(analyst->Post(OrgPath(org_a_.id, "/action-plans"), plan).status, 403);
  EXPECT_EQ(analyst->Put(OrgPath(org_a_.id, "/program"), {{"vision", "x"}}).status, 403);
  auto agent = MemberWithRole(org_a_.id, "agent@a.example", Role::kAgent);
  EXPECT_EQ(agent->Get(OrgPath(org_a_.id, "/program/scorecard")).status, 403);
  // Only drafts are deleted.
  EXPECT_EQ(alice->Delete(path).status, 200);
}

TEST_P(ProgramApi, TheScorecardRatesEachTargetByTheRule) {
  const Nps previous{28, 6, 6};  // 55 (n = 40)
  const Nps current{70, 20, 10};  // 60 (n = 100), margin 1.96 * 6.63 = 13.0
  Seed(-10, "delivery", previous);
  Seed(-2, "delivery", current);
  clock_.Set(today);
  auto put = alice->Put(OrgPath(org_a_.id, "/program"),
                        {{"vision", "هر مشتری بداند صدایش شنیده می‌شود"},
                         {"principles", {"Close the loop within a day", "Fix causes, not symptoms"}},
                         {"owner", alice_.id.value}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["principles"].size(), 2u);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/program")).json()["vision"], "هر مشتری بداند صدایش شنیده می‌شود");
  EXPECT_EQ(alice->Put(OrgPath(org_a_.id, "/program"), {{"principles", {""}}}).json()["error"]["field"], "principles[0]");

  auto kpi = [&](double target, json extra = json::object()) {
    json body = {{"survey_id", survey}, {"metric", "nps"}, {"touchpoint", "delivery"},
                 {"target", target}, {"due", "2030-12-31"}, {"window_days", 7}};
    body.update(extra);
    auto r = alice->Post(OrgPath(org_a_.id, "/program/kpis"), body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"].get<int64_t>();
  };
  kpi(50);   // 60 >= 50: on track
  kpi(70);   // 60 + 13.0 >= 70: at risk (within the margin)
  kpi(80);   // 73 < 80, and 60 > 55 the week before: at risk (moving toward it)
  int64_t far = kpi(80, {{"touchpoint", "store"}});  // no responses: not enough data
  auto bad = alice->Post(OrgPath(org_a_.id, "/program/kpis"),
                         {{"survey_id", survey}, {"metric", "ces"}, {"target", 80}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "metric");

  auto card = alice->Get(OrgPath(org_a_.id, "/program/scorecard"));
  ASSERT_EQ(card.status, 200) << card.body;
  json items = card.json()["items"];
  ASSERT_EQ(items.size(), 4u);
  EXPECT_NEAR(items[0]["actual"]["value"].get<double>(), current.score(), 1e-9);
  EXPECT_NEAR(items[0]["actual"]["margin"].get<double>(), 1.959964 * current.se(), 1e-4);
  EXPECT_NEAR(items[0]["previous"]["value"].get<double>(), previous.score(), 1e-9);
  EXPECT_EQ(items[0]["trend"]["direction"], "up");
  EXPECT_NEAR(items[0]["gap"].get<double>(), 10.0, 1e-9);
  EXPECT_EQ(items[0]["status"], "on_track");
  EXPECT_EQ(items[1]["status"], "at_risk");
  EXPECT_EQ(items[2]["status"], "at_risk");
  EXPECT_EQ(items[3]["status"], "not_enough_data");

  // The week before was better: falling and out of reach is off track.
  Seed(-9, "delivery", {40, 0, 0});  // the week before now 77.5 (n = 80)
  clock_.Set(today);
  card = alice->Get(OrgPath(org_a_.id, "/program/scorecard"));
  EXPECT_EQ(card.json()["items"][2]["trend"]["direction"], "down");
  EXPECT_EQ(card.json()["items"][2]["status"], "off_track");
  EXPECT_EQ(alice->Delete(OrgPath(org_a_.id, "/program/kpis/" + std::to_string(far))).status, 200);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/program/kpis")).json()["items"].size(), 3u);
}

// A loop measure as a KPI target: the share of detractors reached within 24 hours over the
// window, its margin half its Wilson interval (computed here independently), no survey needed.
TEST_P(ProgramApi, TheLoopsMeasuresAreTargetsToo) {
  auto rule = alice->Post(OrgPath(org_a_.id, "/alert-rules"),
                          {{"name", "Detractors"}, {"survey_id", survey},
                           {"conditions", {{{"field", "answer.nps"}, {"op", "<="}, {"value", 6}}}}});
  ASSERT_EQ(rule.status, 201) << rule.body;
  Seed(-2, "delivery", {0, 0, 40});  // 40 detractors two days ago: 40 cases
  clock_.Set(today - 2 * kDayMs + 3600'000);  // an hour later, 32 of them are called
  json cases = alice->Get(OrgPath(org_a_.id, "/cases?limit=100")).json()["items"];
  ASSERT_EQ(cases.size(), 40u);
  for (int i = 0; i < 32; ++i) {
    auto note = alice->Post(OrgPath(org_a_.id, "/cases/" + std::to_string(cases[i]["id"].get<int64_t>()) + "/notes"),
                            {{"text", "Called back"}, {"contact", "phone"}});
    ASSERT_EQ(note.status, 201) << note.body;
  }
  clock_.Set(today);

  struct Bad {
    json body;
    const char* field;
  };
  for (const Bad& b : {Bad{{{"metric", "contacted"}, {"target", 150}}, "target"},
                       Bad{{{"metric", "loops"}, {"target", 80}}, "metric"},
                       Bad{{{"metric", "nps"}, {"target", 30}}, "survey_id"}}) {
    auto r = alice->Post(OrgPath(org_a_.id, "/program/kpis"), b.body);
    EXPECT_EQ(r.status, 400) << b.body.dump();
    EXPECT_EQ(r.json()["error"]["field"], b.field) << r.body;
  }
  auto made = alice->Post(OrgPath(org_a_.id, "/program/kpis"),
                          {{"metric", "contacted"}, {"target", 75}, {"window_days", 7}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["kind"], "loop");
  EXPECT_EQ(made.json()["unit"], "percent");
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/program/kpis"),
                        {{"metric", "recovery"}, {"target", 50}, {"window_days", 7}}).status, 201);

  json items = alice->Get(OrgPath(org_a_.id, "/program/scorecard")).json()["items"];
  ASSERT_EQ(items.size(), 2u);
  const json& reached = items[0];
  EXPECT_EQ(reached["actual"]["n"], 40);
  EXPECT_NEAR(reached["actual"]["value"].get<double>(), 80.0, 1e-9);
  // Wilson's interval for 32 of 40 at 95%.
  const double z = 1.959963984540054, n = 40, p = 0.8;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  EXPECT_NEAR(reached["actual"]["ci_low"].get<double>(), 100 * (centre - half), 1e-6);
  EXPECT_NEAR(reached["actual"]["margin"].get<double>(), 100 * half, 1e-6);
  EXPECT_EQ(reached["status"], "on_track");
  EXPECT_EQ(reached["previous"]["status"], "not_enough_responses") << "no cases the week before";
  EXPECT_EQ(items[1]["status"], "not_enough_data") << "nobody rated again: no recovery to measure";
  EXPECT_EQ(items[1]["actual"]["n"], 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProgramApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
