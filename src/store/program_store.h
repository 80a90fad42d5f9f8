// The program area of the store: the outer loop of act. Action plans (what they aim at, owner,
// due date, cost, the metric they should move with its "before" captured when the plan went
// active), their tasks and history, and each organisation's CX program (vision, guiding
// principles, owner) with its KPI targets. store.h has the rules every area keeps; act/plans.h
// and act/program.h give the JSON columns and status names their meaning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "store/records.h"

namespace nazar {

struct ActionPlan {
  int64_t id = 0;
  OrgId org_id;
  std::string title;
  std::string description;
  // JSON {"kind": "driver" | "topic" | "touchpoint" | "root_cause", "key"?, "root_cause_id"?}
  std::string aims_at = "{}";
  std::optional<UserId> owner;
  std::string due;               // local date "YYYY-MM-DD"; "" when none
  std::string status = "draft";  // act/plan_flow.h
  double cost_amount = 0;
  std::string cost_currency;     // ISO 4217 ("IRR", "EUR"); "" without a cost
  // JSON {"survey_id", "metric": "nps" | "csat" | "ces", "segment": {dimension: value}}
  std::string metric = "{}";
  int64_t baseline_days = 90;  // the "before" window: these days up to the day it went active
  int64_t window_days = 90;    // the "after" window: these days from the day after it was done
  // JSON: the "before" measurement taken when the plan went active (act/plans.h); "" before.
  std::string before;
  std::optional<int64_t> activated_ms;
  std::optional<int64_t> done_ms;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  int64_t version = 1;  // goes up with every change (optimistic concurrency)
};

struct PlanQuery {
  std::vector<std::string> statuses;  // any of; empty = all
  std::optional<int64_t> after;       // plans with smaller ids (newest first)
  int limit = 50;
};

struct PlanTask {
  int64_t id = 0;
  OrgId org_id;
  int64_t plan_id = 0;
  std::string title;
  bool done = false;
  std::optional<UserId> owner;
  int64_t created_ms = 0;
  std::optional<int64_t> done_ms;
};

// One line of a plan's history: created, status, task, edited; `detail` is a JSON object.
struct PlanEvent {
  int64_t id = 0;
  OrgId org_id;
  int64_t plan_id = 0;
  int64_t at_ms = 0;
  std::optional<UserId> actor;
  std::string kind;
  std::string detail = "{}";
};

// The organisation's CX program: one row, defaults when never written.
struct CxProgram {
  OrgId org_id;
  std::string vision;
  std::string principles = "[]";  // JSON array of strings
  std::optional<UserId> owner;
  int64_t updated_ms = 0;
};

struct KpiTarget {
  int64_t id = 0;
  OrgId org_id;
  int64_t survey_id = 0;
  std::string metric = "nps";  // "nps", "csat", "ces"
  std::string touchpoint;      // "" overall
  double target = 0;           // NPS points, or CSAT/CES percent favourable
  std::string due;             // local date "YYYY-MM-DD"; "" when none
  int64_t window_days = 90;    // the period the actual is measured over, up to today
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// A member's digest: a daily or weekly e-mail (act/digests.h) at `hour` local time, weekly
// on `weekday` (0 = Saturday .. 6 = Friday, act/business_hours.h's Weekday). No row: no digest.
struct DigestPref {
  OrgId org_id;
  UserId user_id;
  std::string frequency = "weekly";  // "daily" | "weekly"
  int64_t hour = 8;
  int64_t weekday = 0;
  int64_t updated_ms = 0;
};

class ProgramStore {
 public:
  virtual ~ProgramStore() = default;

  // --- action plans --------------------------------------------------------------------------
  virtual Result<ActionPlan> CreatePlan(const ActionPlan& plan) = 0;
  virtual Result<ActionPlan> GetPlan(OrgId org, int64_t plan_id) = 0;
  // Writes every field but id, org_id and created_ms when the stored version is plan.version,
  // and bumps the version; FailedPrecondition on "version" when someone changed it meanwhile.
  virtual Result<ActionPlan> UpdatePlan(OrgId org, const ActionPlan& plan) = 0;
  virtual Result<Page<ActionPlan>> ListPlans(OrgId org, const PlanQuery& query) = 0;
  // The plan goes with its tasks and history.
  virtual Result<void> DeletePlan(OrgId org, int64_t plan_id) = 0;
  virtual Result<PlanEvent> AddPlanEvent(const PlanEvent& event) = 0;
  virtual Result<std::vector<PlanEvent>> ListPlanEvents(OrgId org, int64_t plan_id) = 0;  // oldest first

  // --- tasks (NotFound for a plan of another organisation) -----------------------------------
  virtual Result<PlanTask> CreateTask(const PlanTask& task) = 0;
  virtual Result<PlanTask> GetTask(OrgId org, int64_t plan_id, int64_t task_id) = 0;
  // Writes title, done, owner and done_ms.
  virtual Result<PlanTask> UpdateTask(OrgId org, const PlanTask& task) = 0;
  virtual Result<void> DeleteTask(OrgId org, int64_t plan_id, int64_t task_id) = 0;
  virtual Result<std::vector<PlanTask>> ListTasks(OrgId org, int64_t plan_id) = 0;  // by id

  // --- the program and its KPI targets -------------------------------------------------------
  virtual Result<CxProgram> GetProgram(OrgId org) = 0;
  virtual Result<CxProgram> PutProgram(const CxProgram& program) = 0;
  virtual Result<KpiTarget> CreateKpi(const KpiTarget& kpi) = 0;
  virtual Result<KpiTarget> GetKpi(OrgId org, int64_t kpi_id) = 0;
  // Writes every field but id, org_id and created_ms.
  virtual Result<KpiTarget> UpdateKpi(OrgId org, const KpiTarget& kpi) = 0;
  virtual Result<void> DeleteKpi(OrgId org, int64_t kpi_id) = 0;
  virtual Result<std::vector<KpiTarget>> ListKpis(OrgId org) = 0;  // by id

  // --- digests (one per member; NotFound for an unknown organisation or user) -----------------
  virtual Result<std::optional<DigestPref>> GetDigestPref(OrgId org, UserId user) = 0;
  virtual Result<DigestPref> PutDigestPref(const DigestPref& pref) = 0;
  virtual Result<void> DeleteDigestPref(OrgId org, UserId user) = 0;  // none is fine
  virtual Result<std::vector<DigestPref>> ListDigestPrefs(OrgId org) = 0;  // by user
};

}  // namespace nazar
