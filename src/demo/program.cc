#include "demo/program.h"

#include <fmt/format.h>

#include "act/plan_metric.h"
#include "core/json.h"
#include "core/time.h"
#include "core/try.h"
#include "results/results.h"

namespace nazar::demo {
namespace {

constexpr int64_t kDayMs = 86'400'000;

struct PlanSpec {
  const char* title;
  const char* description;
  const char* aims_kind;  // "root_cause" (key below), "touchpoint", "topic", "driver"
  const char* aims_key;
  const char* survey;     // the template the survey was made from
  const char* metric;
  const char* touchpoint;  // "" for the whole survey
  const char* owner;       // e-mail of a demo member
  const char* status;
  int activated_days_ago;  // 0: never
  int done_days_ago;       // 0: not done
  int baseline_days;
  int window_days;
  double cost;  // in rials
  std::vector<std::pair<const char*, bool>> tasks;
};

std::vector<PlanSpec> Specs() {
  return {
      {"پیک اختصاصی برای تهران", "قرارداد با شرکت پیک دوم و تماس راننده پیش از رسیدن، تا تأخیرها و بسته‌های گم‌شده کم شود.",
       "root_cause", "courier_delay", "post_purchase", "nps", "delivery", "maryam@example.com", "done", 150, 90, 60, 60,
       4'500'000'000, {{"عقد قرارداد با پیک دوم", true}, {"پیامک زمان تحویل به مشتری", true}, {"گزارش هفتگی تأخیرها", true}}},
      {"آموزش کارشناسان پشتیبانی تلفنی", "دورهٔ دو هفته‌ای پاسخ‌گویی درست در تماس اول، با پایگاه دانش به‌روز.",
       "root_cause", "agent_knowledge", "post_support", "csat", "phone_support", "maryam@example.com", "done", 120, 75, 45, 45,
       800'000'000, {{"به‌روزرسانی پایگاه دانش", true}, {"کارگاه پاسخ در تماس اول", true}, {"ارزیابی کیفیت تماس‌ها", true}}},
      {"بازطراحی صفحهٔ پیگیری سفارش در وب‌سایت", "نمایش وضعیت لحظه‌ای سفارش در وب‌سایت تا تماس‌های «سفارشم کجاست» کم شود.",
       "touchpoint", "website", "post_purchase", "nps", "website", "admin@example.com", "done", 45, 30, 30, 14,
       350'000'000, {{"طراحی صفحه", true}, {"اتصال به سامانهٔ پیک", true}}},
      {"بازگشت وجه ظرف ۲۴ ساعت", "بازگشت خودکار وجه سفارش‌های لغوشده ظرف یک روز کاری.",
       "root_cause", "refund_policy", "relationship_nps", "nps", "", "admin@example.com", "active", 20, 0, 60, 60,
       1'200'000'000, {{"تغییر فرایند مالی", true}, {"اطلاع‌رسانی به مشتریان", false}, {"پایش شکایت‌ها", false}}},
      {"کاهش زمان انتظار پشت خط", "برنامه‌ریزی نیروی مرکز تماس با Erlang C برای ساعت‌های اوج.",
       "root_cause", "long_wait", "post_support", "ces", "phone_support", "sara@example.com", "draft", 0, 0, 90, 90,
       0, {{"برآورد نیروی ساعت‌های اوج", false}, {"شیفت عصر", false}}},
  };
}

const DemoSurvey* SurveyOf(const DemoSummary& s, std::string_view template_id) {
  for (const DemoSurvey& d : s.surveys)
    if (d.template_id == template_id) return &d;
  return nullptr;
}

}  // namespace

Result<ProgramCounts> WriteProgram(Store& store, survey::SurveyService& surveys, const DemoSummary& summary,
                                   int64_t now_ms) {
  ProgramCounts counts;
  const Organisation& org = summary.organisation;
  const OrgId org_id = org.id;
  const UserId admin = summary.admin.id;
  TRY(store.program().PutProgram(
      {.org_id = org_id,
       .vision = "هر مشتری، در هر نقطهٔ تماس، احساس کند شنیده می‌شود و مشکلش یک بار برای همیشه حل می‌شود.",
       .principles = Json(std::vector<std::string>{
                         "صدای مشتری را در همان روز به صاحب مسئله برسانیم.",
                         "علت را درست کنیم، نه فقط نشانه را.",
                         "هر تصمیم بهبود را با داده و حاشیهٔ خطایش بسنجیم.",
                         "به کارکنان خط مقدم اختیار جبران بدهیم.",
                         "وعده‌ای ندهیم که نمی‌توانیم نگه داریم."})
                         .dump(),
       .owner = admin,
       .updated_ms = now_ms}));

  // KPI targets: the relationship NPS overall, delivery's NPS, support's CSAT and CES.
  struct KpiSpec {
    const char* survey;
    const char* metric;
    const char* touchpoint;
    double target;
    int window_days;
  };
  const KpiSpec kpis[] = {
      {"relationship_nps", "nps", "", 35, 90},       {"post_purchase", "nps", "delivery", 10, 90},
      {"post_purchase", "nps", "app", 40, 90},       {"post_support", "csat", "", 80, 30},
      {"post_support", "csat", "phone_support", 85, 30}, {"post_support", "ces", "", 70, 30},
  };
  TRY_ASSIGN(const TimeZoneDays zone, TimeZoneDays::ForZone(org.time_zone));
  const int32_t today = zone.LocalDay(now_ms);
  const std::string due = act::IsoDay(today + 180);
  for (const KpiSpec& k : kpis) {
    const DemoSurvey* s = SurveyOf(summary, k.survey);
    if (!s) continue;
    TRY(store.program().CreateKpi({.org_id = org_id, .survey_id = s->survey.id, .metric = k.metric,
                                   .touchpoint = k.touchpoint, .target = k.target, .due = due,
                                   .window_days = k.window_days, .created_ms = now_ms, .updated_ms = now_ms}));
    ++counts.kpis;
  }

  // The plans' "before": measured from the demo's responses as the server would have at
  // activation (the in-memory view, built here once).
  results::ResultsService results(store, surveys);
  TRY(results.Rebuild(org_id));
  TRY_ASSIGN(const std::vector<RootCause> causes, store.act().ListRootCauses(org_id));
  for (const PlanSpec& p : Specs()) {
    const DemoSurvey* s = SurveyOf(summary, p.survey);
    auto owner = store.accounts().FindUserByEmail(p.owner);
    if (!s || !owner) continue;
    Json aims = {{"kind", p.aims_kind}};
    if (std::string_view(p.aims_kind) == "root_cause") {
      for (const RootCause& c : causes)
        if (c.key == p.aims_key) aims["root_cause_id"] = c.id;
    } else {
      aims["key"] = p.aims_key;
    }
    act::TargetMetric metric{.survey_id = s->survey.id,
                             .metric = results::ParseMetric(p.metric).value_or(results::Metric::kNps)};
    if (*p.touchpoint) metric.segment.emplace_back("touchpoint", p.touchpoint);
    const int64_t created = now_ms - (p.activated_days_ago + 7) * kDayMs;
    ActionPlan plan{.org_id = org_id, .title = p.title, .description = p.description, .aims_at = aims.dump(),
                    .owner = owner->id, .due = act::IsoDay(today - p.done_days_ago + 30), .status = p.status,
                    .cost_amount = p.cost, .cost_currency = p.cost > 0 ? "IRR" : "",
                    .metric = act::ToJson(metric).dump(), .baseline_days = p.baseline_days,
                    .window_days = p.window_days, .created_ms = created, .updated_ms = now_ms};
    std::vector<std::pair<int64_t, Json>> history{{created, {{"title", p.title}}}};
    if (p.activated_days_ago > 0) {
      const int64_t at = now_ms - p.activated_days_ago * kDayMs;
      const int32_t day = zone.LocalDay(at);
      TRY_ASSIGN(act::Measurement before, act::Measure(results, org, metric, {day - p.baseline_days, day - 1}));
      plan.before = act::StoredMeasurement(before).dump();
      plan.activated_ms = at;
      history.push_back({at, {{"from", "draft"}, {"to", "active"}}});
    }
    if (p.done_days_ago > 0) {
      plan.done_ms = now_ms - p.done_days_ago * kDayMs;
      history.push_back({*plan.done_ms, {{"from", "active"}, {"to", "done"}}});
    }
    TRY(store.Transact([&](Store& tx) -> Result<void> {
      TRY_ASSIGN(const ActionPlan made, tx.program().CreatePlan(plan));
      for (size_t i = 0; i < history.size(); ++i)
        TRY(tx.program().AddPlanEvent({.org_id = org_id, .plan_id = made.id, .at_ms = history[i].first,
                                       .actor = admin, .kind = i == 0 ? "created" : "status",
                                       .detail = history[i].second.dump()}));
      for (const auto& [title, done] : p.tasks)
        TRY(tx.program().CreateTask({.org_id = org_id, .plan_id = made.id, .title = title, .done = done,
                                     .owner = owner->id, .created_ms = created,
                                     .done_ms = done ? std::optional<int64_t>(plan.activated_ms.value_or(created))
                                                     : std::nullopt}));
      return {};
    }));
    ++counts.plans;
  }

  // Digests: the admin reads the week on Saturday morning, those who work cases each morning.
  TRY_ASSIGN(const Page<Member> members, store.accounts().ListMembers(org_id, {.limit = 200}));
  for (const Member& m : members.items) {
    const bool works_cases = m.role == Role::kAgent || m.role == Role::kAnalyst;
    TRY(store.program().PutDigestPref({.org_id = org_id, .user_id = m.user_id,
                                       .frequency = works_cases ? "daily" : "weekly", .hour = 8,
                                       .weekday = 0 /* Saturday */, .updated_ms = now_ms}));
    ++counts.digests;
  }
  return counts;
}

}  // namespace nazar::demo
