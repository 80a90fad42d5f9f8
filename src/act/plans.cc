#include "act/plans.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "accounts/audit.h"
#include "act/members.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxText = 5000;
constexpr size_t kMaxTasks = 50;

bool IsKey(const Json& v) {
  return v.is_string() && !v.get_ref<const std::string&>().empty() && v.get_ref<const std::string&>().size() <= 200;
}

void ReadAimsAt(JsonObjectReader& r, PlanInput& in) {
  const Json* a = r.OptionalValue("aims_at");
  if (!a) return;
  const char* shape =
      "aims_at is {\"kind\": \"driver\", \"topic\" or \"touchpoint\", \"key\"} or {\"kind\": "
      "\"root_cause\", \"root_cause_id\"}";
  if (!a->is_object() || !a->contains("kind") || !(*a)["kind"].is_string()) return r.Reject("aims_at", shape);
  const std::string kind = (*a)["kind"];
  if (kind == "root_cause") {
    const Json& id = a->value("root_cause_id", Json());
    if (a->size() != 2 || !id.is_number_integer() || id.get<int64_t>() <= 0)
      return r.Reject("aims_at.root_cause_id", "aims_at.root_cause_id must be a root cause's id");
  } else if (kind == "driver" || kind == "topic" || kind == "touchpoint") {
    if (a->size() != 2 || !IsKey(a->value("key", Json())))
      return r.Reject("aims_at.key", fmt::format("aims_at.key must name the {}", kind));
  } else {
    return r.Reject("aims_at.kind", shape);
  }
  in.aims_at = *a;
}

void ReadCost(JsonObjectReader& r, PlanInput& in) {
  const Json* c = r.OptionalValue("cost");
  if (!c) return;
  if (c->is_null()) {
    in.cost = std::pair<double, std::string>{0, ""};
    return;
  }
  if (!c->is_object() || c->size() != 2 || !c->contains("amount") || !c->contains("currency"))
    return r.Reject("cost", "cost is {\"amount\", \"currency\"} or null");
  const Json& amount = (*c)["amount"];
  if (!amount.is_number() || !std::isfinite(amount.get<double>()) || amount.get<double>() < 0 ||
      amount.get<double>() > 1e15)
    return r.Reject("cost.amount", "cost.amount must be a number from 0");
  const Json& currency = (*c)["currency"];
  bool iso = currency.is_string() && currency.get_ref<const std::string&>().size() == 3 &&
             std::ranges::all_of(currency.get_ref<const std::string&>(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
  if (!iso) return r.Reject("cost.currency", "cost.currency must be an ISO 4217 code such as IRR or EUR");
  in.cost = std::pair<double, std::string>{amount.get<double>(), currency.get<std::string>()};
}

Json OptTimeJson(const std::optional<int64_t>& ms) { return ms ? Json(FormatIsoUtc(*ms)) : Json(nullptr); }

Json EffectJson(const ActionPlan& plan, const PlanEffect& e) {
  const metrics::ScoreOptions options;
  const results::Metric metric = TargetMetricFrom(plan.metric).metric;
  Json j = {{"before", e.before ? ToJson(*e.before, options.min_responses) : Json(nullptr)},
            {"after", e.after ? ToJson(*e.after, options.min_responses) : Json(nullptr)},
            {"change", e.change ? ChangeJson(metric, *e.change, options) : Json(nullptr)},
            {"after_starts", e.after_starts ? Json(IsoDay(*e.after_starts)) : Json(nullptr)},
            {"window_complete", e.window_complete},
            {"unit", metric == results::Metric::kNps ? "points" : "percent"}};
  return j;
}

Json PlanJson(const ActionPlan& p) {
  return {{"id", p.id},
          {"title", p.title},
          {"description", p.description},
          {"aims_at", Json::parse(p.aims_at, nullptr, false)},
          {"owner", UserJson(p.owner)},
          {"due", p.due.empty() ? Json(nullptr) : Json(p.due)},
          {"status", p.status},
          {"cost", p.cost_currency.empty() ? Json(nullptr)
                                            : Json{{"amount", p.cost_amount}, {"currency", p.cost_currency}}},
          {"metric", Json::parse(p.metric, nullptr, false)},
          {"baseline_days", p.baseline_days},
          {"window_days", p.window_days},
          {"activated_at", OptTimeJson(p.activated_ms)},
          {"done_at", OptTimeJson(p.done_ms)},
          {"created_at", FormatIsoUtc(p.created_ms)},
          {"updated_at", FormatIsoUtc(p.updated_ms)},
          {"version", p.version}};
}

Json EventJson(const PlanEvent& e) {
  return {{"id", e.id},
          {"at", FormatIsoUtc(e.at_ms)},
          {"actor", UserJson(e.actor)},
          {"kind", e.kind},
          {"detail", Json::parse(e.detail, nullptr, false)}};
}

// The plan as changed by the input's fields (the ones given).
void Apply(const PlanInput& in, ActionPlan& p) {
  if (in.title) p.title = *in.title;
  if (in.description) p.description = *in.description;
  if (in.aims_at) p.aims_at = in.aims_at->dump();
  if (in.owner) p.owner = *in.owner ? std::optional<UserId>(UserId{**in.owner}) : std::nullopt;
  if (in.due) p.due = *in.due;
  if (in.cost) std::tie(p.cost_amount, p.cost_currency) = *in.cost;
  if (in.metric) p.metric = ToJson(*in.metric).dump();
  if (in.baseline_days) p.baseline_days = *in.baseline_days;
  if (in.window_days) p.window_days = *in.window_days;
}

}  // namespace

PlanInput ReadPlanInput(JsonObjectReader& r) {
  PlanInput in;
  in.title = r.OptionalString("title", {.min_chars = 1, .max_chars = kMaxTitle});
  in.description = r.OptionalString("description", {.max_chars = kMaxText});
  ReadAimsAt(r, in);
  in.owner = ReadMemberOrNull(r, "owner");
  in.due = ReadDueDate(r);
  ReadCost(r, in);
  in.metric = ReadTargetMetric(r, "metric");
  in.baseline_days = r.OptionalInt("baseline_days", {.min = 1, .max = kMaxWindowDays});
  in.window_days = r.OptionalInt("window_days", {.min = 1, .max = kMaxWindowDays});
  in.tasks = ReadTextList(r, "tasks", kMaxTasks, kMaxTitle).value_or(std::vector<std::string>{});
  in.version = r.OptionalInt("version", {.min = 1});
  return in;
}

PlanTransition ReadPlanTransition(JsonObjectReader& r) {
  PlanTransition t;
  t.version = r.Int("version", {.min = 1});
  std::string status = r.String("status", {.max_chars = 20});
  if (auto s = ParsePlanStatus(status)) t.status = *s;
  else if (r.ok()) r.Reject("status", fmt::format("status is {}", PlanStatusNames()));
  t.note = r.OptionalString("note", {.max_chars = kMaxText}).value_or("");
  return t;
}

TaskInput ReadTaskInput(JsonObjectReader& r) {
  TaskInput t;
  t.title = r.OptionalString("title", {.min_chars = 1, .max_chars = kMaxTitle});
  t.done = r.OptionalBool("done");
  t.owner = ReadMemberOrNull(r, "owner");
  return t;
}

Json ToJson(const PlanTask& t) {
  return {{"id", t.id},
          {"plan_id", t.plan_id},
          {"title", t.title},
          {"done", t.done},
          {"owner", UserJson(t.owner)},
          {"created_at", FormatIsoUtc(t.created_ms)},
          {"done_at", OptTimeJson(t.done_ms)}};
}

Json ToJson(const PlanRow& row) {
  Json j = PlanJson(row.plan);
  j["tasks_done"] = row.tasks_done;
  j["tasks_total"] = row.tasks_total;
  j["effect"] = EffectJson(row.plan, row.effect);
  return j;
}

Json ToJson(const PlanDetail& d) {
  Json j = ToJson(d.row);
  j["tasks"] = Json::array();
  for (const PlanTask& t : d.tasks) j["tasks"].push_back(ToJson(t));
  j["history"] = Json::array();
  for (const PlanEvent& e : d.history) j["history"].push_back(EventJson(e));
  j["next"] = Json::array();
  if (auto s = ParsePlanStatus(d.row.plan.status))
    for (PlanStatus n : NextPlanStatuses(*s)) j["next"].push_back(ToString(n));
  return j;
}

ActionPlans::ActionPlans(Store& store, results::ResultsService& results, const Clock& clock)
    : store_(store), results_(results), clock_(clock) {}

Result<PlanEffect> ActionPlans::EffectOf(const Organisation& org, const ActionPlan& plan) {
  PlanEffect e;
  const TargetMetric metric = TargetMetricFrom(plan.metric);
  if (!plan.before.empty()) {
    TRY_ASSIGN(e.before, MeasurementFrom(metric.metric, plan.before));
  }
  if (plan.status != ToString(PlanStatus::kDone) || !plan.done_ms) return e;
  TRY_ASSIGN(const TimeZoneDays zone, TimeZoneDays::ForZone(org.time_zone));
  const int32_t first = zone.LocalDay(*plan.done_ms) + 1;
  const int32_t last = first + static_cast<int32_t>(plan.window_days) - 1;
  const int32_t today = zone.LocalDay(clock_.NowMs());
  e.after_starts = first;
  e.window_complete = today > last;
  if (today < first) return e;
  TRY_ASSIGN(e.after, Measure(results_, org, metric, {first, std::min(last, today)}));
  if (e.before) {
    TRY_ASSIGN(e.change, results::CompareHistograms(metric.metric, e.before->scale,
                                                    e.before->group.histogram,
                                                    e.after->group.histogram, {}));
  }
  return e;
}

Result<PlanRow> ActionPlans::RowOf(const Organisation& org, const ActionPlan& plan) {
  PlanRow row{.plan = plan};
  TRY_ASSIGN(auto tasks, store_.program().ListTasks(org.id, plan.id));
  row.tasks_total = static_cast<int64_t>(tasks.size());
  row.tasks_done = std::ranges::count_if(tasks, [](const PlanTask& t) { return t.done; });
  TRY_ASSIGN(row.effect, EffectOf(org, plan));
  return row;
}

Result<Page<PlanRow>> ActionPlans::List(const OrgAccess& access, const PlanQuery& query) {
  TRY_ASSIGN(const Organisation org, store_.accounts().GetOrganisation(access.org));
  TRY_ASSIGN(Page<ActionPlan> plans, store_.program().ListPlans(access.org, query));
  Page<PlanRow> out{.next_after = plans.next_after};
  for (const ActionPlan& p : plans.items) {
    TRY_ASSIGN(PlanRow row, RowOf(org, p));
    out.items.push_back(std::move(row));
  }
  return out;
}

Result<PlanDetail> ActionPlans::Detail(const OrgAccess& access, int64_t plan_id) {
  TRY_ASSIGN(const Organisation org, store_.accounts().GetOrganisation(access.org));
  TRY_ASSIGN(const ActionPlan plan, store_.program().GetPlan(access.org, plan_id));
  PlanDetail d;
  TRY_ASSIGN(d.row, RowOf(org, plan));
  TRY_ASSIGN(d.tasks, store_.program().ListTasks(access.org, plan_id));
  TRY_ASSIGN(d.history, store_.program().ListPlanEvents(access.org, plan_id));
  return d;
}

Result<void> ActionPlans::CheckReferences(const OrgAccess& access, const PlanInput& in) {
  if (in.owner && *in.owner) TRY(CheckMember(store_, access.org, **in.owner, "owner"));
  if (in.aims_at && (*in.aims_at)["kind"] == "root_cause") {
    auto cause = store_.act().GetRootCause(access.org, (*in.aims_at)["root_cause_id"].get<int64_t>());
    if (!cause && cause.error().code == ErrorCode::kNotFound)
      return Fail(Error::InvalidArgument("no such root cause", "aims_at.root_cause_id"));
    TRY(cause);
  }
  if (in.metric)
    TRY(CheckTargetMetric(store_, results_, access.org, *in.metric, "metric.survey_id",
                          "metric.metric"));
  return {};
}

Result<void> ActionPlans::Record(Store& tx, const Actor& actor, OrgId org, int64_t plan_id,
                                 std::string kind, const Json& detail,
                                 const std::string& audit_action) {
  const int64_t now = clock_.NowMs();
  TRY(tx.program().AddPlanEvent({.org_id = org, .plan_id = plan_id, .at_ms = now,
                                 .actor = actor.user_id(), .kind = std::move(kind),
                                 .detail = detail.dump()}));
  return WriteAudit(tx.audit(), actor, org, audit_action, fmt::format("action_plan:{}", plan_id),
                    detail, now);
}

Result<PlanDetail> ActionPlans::Create(const Actor& actor, const OrgAccess& access,
                                       const PlanInput& in) {
  if (!in.title) return Fail(Error::InvalidArgument("title is required", "title"));
  if (!in.metric) return Fail(Error::InvalidArgument("metric is required: what the plan should move", "metric"));
  if (in.version) return Fail(Error::InvalidArgument("a new plan has no version", "version"));
  TRY(CheckReferences(access, in));
  const int64_t now = clock_.NowMs();
  ActionPlan plan{.org_id = access.org, .created_ms = now, .updated_ms = now};
  Apply(in, plan);
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(plan, tx.program().CreatePlan(plan));
    for (const std::string& title : in.tasks)
      TRY(tx.program().CreateTask({.org_id = access.org, .plan_id = plan.id, .title = title, .created_ms = now}));
    return Record(tx, actor, access.org, plan.id, "created", {{"title", plan.title}}, "action_plan.create");
  }));
  return Detail(access, plan.id);
}

Result<PlanDetail> ActionPlans::Edit(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                                     const PlanInput& in) {
  if (!in.version) return Fail(Error::InvalidArgument("version is required: the one you read", "version"));
  if (!in.tasks.empty()) return Fail(Error::InvalidArgument("tasks are added one by one to a plan", "tasks"));
  TRY(CheckReferences(access, in));
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(ActionPlan plan, tx.program().GetPlan(access.org, plan_id));
    const PlanStatus status = ParsePlanStatus(plan.status).value_or(PlanStatus::kDraft);
    if (!MetricEditable(status) && (in.metric || in.baseline_days || in.window_days)) {
      const char* field = in.metric ? "metric" : in.baseline_days ? "baseline_days" : "window_days";
      return Fail(Error::FailedPrecondition(
          fmt::format("the metric and its windows are fixed once a plan is {}", plan.status), field));
    }
    if (status == PlanStatus::kDone || status == PlanStatus::kCancelled)
      return Fail(Error::FailedPrecondition(fmt::format("a {} plan is not edited", plan.status), "status"));
    plan.version = *in.version;
    Apply(in, plan);
    plan.updated_ms = clock_.NowMs();
    TRY_ASSIGN(plan, tx.program().UpdatePlan(access.org, plan));
    return Record(tx, actor, access.org, plan_id, "edited", PlanJson(plan), "action_plan.update");
  }));
  return Detail(access, plan_id);
}

Result<PlanDetail> ActionPlans::Move(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                                     const PlanTransition& t) {
  TRY_ASSIGN(const Organisation org, store_.accounts().GetOrganisation(access.org));
  TRY_ASSIGN(const ActionPlan read, store_.program().GetPlan(access.org, plan_id));
  const int64_t now = clock_.NowMs();
  // The "before" of a plan going active: the baseline window up to yesterday, kept as counts.
  // Measured from the in-memory view before the transaction, which then checks the version.
  std::string before;
  if (t.status == PlanStatus::kActive && read.version == t.version) {
    TRY_ASSIGN(const TimeZoneDays zone, TimeZoneDays::ForZone(org.time_zone));
    const int32_t today = zone.LocalDay(now);
    TRY_ASSIGN(Measurement m, Measure(results_, org, TargetMetricFrom(read.metric),
                                      {today - static_cast<int32_t>(read.baseline_days), today - 1}));
    before = StoredMeasurement(m).dump();
  }
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(ActionPlan plan, tx.program().GetPlan(access.org, plan_id));
    if (plan.version != t.version)
      return Fail(Error::FailedPrecondition("the plan was changed by someone else meanwhile; reload it", "version"));
    const PlanStatus from = ParsePlanStatus(plan.status).value_or(PlanStatus::kDraft);
    TRY(CheckPlanTransition(from, t.status));
    if (t.status == PlanStatus::kActive) {
      if (!plan.owner) return Fail(Error::InvalidArgument("a plan needs an owner before it goes active", "owner"));
      plan.before = before;
      plan.activated_ms = now;
    }
    if (t.status == PlanStatus::kDone) plan.done_ms = now;
    if (t.status == PlanStatus::kDraft) {  // back from cancelled: measured afresh when active
      plan.before.clear();
      plan.activated_ms.reset();
    }
    plan.status = std::string(ToString(t.status));
    plan.updated_ms = now;
    TRY_ASSIGN(plan, tx.program().UpdatePlan(access.org, plan));
    Json detail = {{"from", ToString(from)}, {"to", ToString(t.status)}};
    if (!t.note.empty()) detail["note"] = t.note;
    return Record(tx, actor, access.org, plan_id, "status", detail, "action_plan.status");
  }));
  return Detail(access, plan_id);
}

Result<void> ActionPlans::Delete(const Actor& actor, const OrgAccess& access, int64_t plan_id) {
  return store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(const ActionPlan plan, tx.program().GetPlan(access.org, plan_id));
    if (plan.status != ToString(PlanStatus::kDraft))
      return Fail(Error::FailedPrecondition("only a draft is deleted; cancel the plan instead", "status"));
    TRY(tx.program().DeletePlan(access.org, plan_id));
    return WriteAudit(tx.audit(), actor, access.org, "action_plan.delete",
                      fmt::format("action_plan:{}", plan_id), {{"title", plan.title}}, clock_.NowMs());
  });
}

Result<PlanTask> ActionPlans::AddTask(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                                      const TaskInput& in) {
  if (!in.title) return Fail(Error::InvalidArgument("title is required", "title"));
  if (in.owner && *in.owner) TRY(CheckMember(store_, access.org, **in.owner, "owner"));
  PlanTask task;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY(tx.program().GetPlan(access.org, plan_id));
    const int64_t now = clock_.NowMs();
    PlanTask t{.org_id = access.org, .plan_id = plan_id, .title = *in.title,
               .done = in.done.value_or(false), .created_ms = now};
    if (in.owner && *in.owner) t.owner = UserId{**in.owner};
    if (t.done) t.done_ms = now;
    TRY_ASSIGN(task, tx.program().CreateTask(t));
    return Record(tx, actor, access.org, plan_id, "task", {{"added", task.title}}, "plan_task.create");
  }));
  return task;
}

Result<PlanTask> ActionPlans::ChangeTask(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                                         int64_t task_id, const TaskInput& in) {
  if (in.owner && *in.owner) TRY(CheckMember(store_, access.org, **in.owner, "owner"));
  PlanTask task;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(task, tx.program().GetTask(access.org, plan_id, task_id));
    const bool was_done = task.done;
    if (in.title) task.title = *in.title;
    if (in.owner) task.owner = *in.owner ? std::optional<UserId>(UserId{**in.owner}) : std::nullopt;
    if (in.done) task.done = *in.done;
    if (task.done && !was_done) task.done_ms = clock_.NowMs();
    if (!task.done) task.done_ms.reset();
    TRY_ASSIGN(task, tx.program().UpdateTask(access.org, task));
    Json detail = {{"task", task.title}};
    if (task.done != was_done) detail[task.done ? "done" : "undone"] = true;
    return Record(tx, actor, access.org, plan_id, "task", detail, "plan_task.update");
  }));
  return task;
}

Result<void> ActionPlans::RemoveTask(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                                     int64_t task_id) {
  return store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(const PlanTask task, tx.program().GetTask(access.org, plan_id, task_id));
    TRY(tx.program().DeleteTask(access.org, plan_id, task_id));
    return Record(tx, actor, access.org, plan_id, "task", {{"removed", task.title}}, "plan_task.delete");
  });
}

}  // namespace nazar::act
