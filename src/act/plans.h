// Action plans: the outer loop's unit of work. A plan is tied to what it should move (a key
// driver, a topic, a touchpoint, or a root cause from the organisation's list), has an owner,
// a due date, tasks, a cost, and the metric it targets (act/plan_metric.h). Its status moves
// draft -> active -> done (or cancelled; act/plan_flow.h) with a full history.
//
// Contract:
// - Going active captures the "before": the metric over the `baseline_days` local days up to
//   the day before (its histogram is kept, so the "before" never drifts). After the plan is
//   done, the "after" is the metric over the `window_days` days from the day after it was
//   done (so far, until the window is complete), and the change is the dashboard's comparison
//   of the two histograms (results::CompareHistograms: the same test, the same minimum n),
//   with its margin and verdict; "no significant change" when the metric did not move, and
//   "not enough responses" instead of a number below the minimum n.
// - The metric and its windows may change only while a draft.
// - Every change is one transaction with its history line and its audit row; edits and
//   transitions only from the version read (FailedPrecondition on "version" otherwise).
//   Only drafts are deleted; other plans are cancelled.
// - Bad input names its field ("metric.survey_id", "owner", "aims_at.root_cause_id", ...).
//
// Thread-safety: safe to share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "act/plan_flow.h"
#include "act/plan_metric.h"
#include "core/clock.h"
#include "core/json.h"
#include "results/results.h"
#include "store/store.h"

namespace nazar::act {

// Create or edit: {"title", "description"?, "aims_at"?: {"kind": "driver" | "topic" |
// "touchpoint" | "root_cause", "key"? | "root_cause_id"?}, "owner"? (id or null), "due"?
// ("YYYY-MM-DD" or null), "cost"?: {"amount", "currency"} or null, "metric"?: TargetMetric,
// "baseline_days"?, "window_days"?, "tasks"?: [titles] (create only), "version" (edit only)}.
// On an edit only the fields given change.
struct PlanInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<Json> aims_at;
  std::optional<std::optional<int64_t>> owner;
  std::optional<std::string> due;  // "" clears
  std::optional<std::pair<double, std::string>> cost;  // {0, ""} clears
  std::optional<TargetMetric> metric;
  std::optional<int64_t> baseline_days;
  std::optional<int64_t> window_days;
  std::vector<std::string> tasks;
  std::optional<int64_t> version;
};
PlanInput ReadPlanInput(JsonObjectReader& r);

// {"status", "version", "note"?}
struct PlanTransition {
  PlanStatus status = PlanStatus::kDraft;
  int64_t version = 0;
  std::string note;
};
PlanTransition ReadPlanTransition(JsonObjectReader& r);

// {"title"?, "done"?, "owner"? (id or null)}; title required on create.
struct TaskInput {
  std::optional<std::string> title;
  std::optional<bool> done;
  std::optional<std::optional<int64_t>> owner;
};
TaskInput ReadTaskInput(JsonObjectReader& r);

// What a plan did to its metric, as far as it is known.
struct PlanEffect {
  std::optional<Measurement> before;
  std::optional<Measurement> after;  // once done and its window has begun
  std::optional<metrics::Comparison> change;
  std::optional<int32_t> after_starts;  // the after window's first day, once done
  bool window_complete = false;
};

struct PlanRow {
  ActionPlan plan;
  int64_t tasks_done = 0;
  int64_t tasks_total = 0;
  PlanEffect effect;
};

struct PlanDetail {
  PlanRow row;
  std::vector<PlanTask> tasks;
  std::vector<PlanEvent> history;
};

Json ToJson(const PlanRow& row);      // the plan with its effect
Json ToJson(const PlanDetail& detail);  // and its tasks, history and next statuses
Json ToJson(const PlanTask& task);

class ActionPlans {
 public:
  ActionPlans(Store& store, results::ResultsService& results, const Clock& clock);

  Result<Page<PlanRow>> List(const OrgAccess& access, const PlanQuery& query);
  Result<PlanDetail> Detail(const OrgAccess& access, int64_t plan_id);
  Result<PlanDetail> Create(const Actor& actor, const OrgAccess& access, const PlanInput& input);
  Result<PlanDetail> Edit(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                          const PlanInput& input);
  Result<PlanDetail> Move(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                          const PlanTransition& transition);
  Result<void> Delete(const Actor& actor, const OrgAccess& access, int64_t plan_id);

  Result<PlanTask> AddTask(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                           const TaskInput& input);
  Result<PlanTask> ChangeTask(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                              int64_t task_id, const TaskInput& input);
  Result<void> RemoveTask(const Actor& actor, const OrgAccess& access, int64_t plan_id,
                          int64_t task_id);

  // The plan's effect as of now (exposed for the demo and tests).
  Result<PlanEffect> EffectOf(const Organisation& org, const ActionPlan& plan);

 private:
  Result<PlanRow> RowOf(const Organisation& org, const ActionPlan& plan);
  // Checks what the input names (owner, survey and metric, root cause) against the store.
  Result<void> CheckReferences(const OrgAccess& access, const PlanInput& input);
  Result<void> Record(Store& tx, const Actor& actor, OrgId org, int64_t plan_id,
                      std::string kind, const Json& detail, const std::string& audit_action);

  Store& store_;
  results::ResultsService& results_;
  const Clock& clock_;
};

}  // namespace nazar::act
