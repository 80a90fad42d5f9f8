// Act's outer loop: action plans (their tasks, status flow and measured effect), the CX
// program (vision, principles, owner), its KPI targets and the scorecard. Those who read cases
// read these (read_cases); owners and admins change them (manage_program). The use cases live
// in act/plans.h and act/program.h.
#include "act/plans.h"
#include "act/program.h"
#include "http/json/common_json.h"
#include "http/json_route.h"

namespace nazar::http {
namespace {

nazar::Json PlanRowJson(const act::PlanRow& row) { return act::ToJson(row); }
nazar::Json PlanJson(const act::PlanDetail& detail) { return act::ToJson(detail); }
nazar::Json TaskJson(const PlanTask& task) { return act::ToJson(task); }
nazar::Json ProgramJson(const CxProgram& program) { return act::ToJson(program); }
nazar::Json KpiJson(const KpiTarget& kpi) { return act::ToJson(kpi); }
nazar::Json KpiLineJson(const act::KpiLine& line) { return act::ToJson(line); }

Result<PlanQuery> ReadPlanQuery(RequestContext& ctx) {
  PlanQuery q;
  TRY_ASSIGN(const PageRequest page, ParsePage(ctx.request));
  q.after = page.after;
  q.limit = page.limit;
  if (auto status = ctx.request.Query("status"); status && !status->empty()) {
    for (const std::string& s : SplitComma(*status)) {
      if (!act::ParsePlanStatus(s))
        return Fail(Error::InvalidArgument("status is a list of " + act::PlanStatusNames(), "status"));
      q.statuses.push_back(s);
    }
  }
  return q;
}

}  // namespace

void AddProgramRoutes(Router& router, ApiDeps& deps) {
  if (!deps.plans || !deps.program) return;
  act::ActionPlans& plans = *deps.plans;
  act::CxProgramService& program = *deps.program;
  const std::string org = "/api/v1/orgs/{org}";
  const std::string plan = org + "/action-plans/{plan}";

  // --- action plans ---
  router.Add({.method = "GET", .pattern = org + "/action-plans", .access = Access::kAny,
              .permission = Permission::kReadCases,
              .handler = [&plans](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const PlanQuery q, ReadPlanQuery(ctx));
                TRY_ASSIGN(const Page<act::PlanRow> page, plans.List(ctx.org(), q));
                return Response::Json(200, PageJson(page, PlanRowJson));
              }});
  router.Add({.method = "POST", .pattern = org + "/action-plans", .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = JsonRoute(
                  201, act::ReadPlanInput,
                  [&plans](RequestContext& ctx, const act::PlanInput& in) {
                    return plans.Create(ctx.actor(), ctx.org(), in);
                  },
                  PlanJson)});
  router.Add({.method = "GET", .pattern = plan, .access = Access::kAny,
              .permission = Permission::kReadCases,
              .handler = JsonRoute(
                  200, PathId{"plan"},
                  [&plans](RequestContext& ctx, int64_t id) { return plans.Detail(ctx.org(), id); },
                  PlanJson)});
  router.Add({.method = "PUT", .pattern = plan, .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = JsonRoute(
                  200, PathId{"plan"}, act::ReadPlanInput,
                  [&plans](RequestContext& ctx, int64_t id, const act::PlanInput& in) {
                    return plans.Edit(ctx.actor(), ctx.org(), id, in);
                  },
                  PlanJson)});
  router.Add({.method = "PATCH", .pattern = plan, .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = JsonRoute(
                  200, PathId{"plan"}, act::ReadPlanTransition,
                  [&plans](RequestContext& ctx, int64_t id, const act::PlanTransition& t) {
                    return plans.Move(ctx.actor(), ctx.org(), id, t);
                  },
                  PlanJson)});
  router.Add({.method = "DELETE", .pattern = plan, .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = JsonRoute(
                  200, PathId{"plan"},
                  [&plans](RequestContext& ctx, int64_t id) { return plans.Delete(ctx.actor(), ctx.org(), id); },
                  DeletedJson)});

  // --- tasks ---
  router.Add({.method = "POST", .pattern = plan + "/tasks", .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = JsonRoute(
                  201, PathId{"plan"}, act::ReadTaskInput,
                  [&plans](RequestContext& ctx, int64_t id, const act::TaskInput& in) {
                    return plans.AddTask(ctx.actor(), ctx.org(), id, in);
                  },
                  TaskJson)});
  router.Add({.method = "PUT", .pattern = plan + "/tasks/{task}", .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = [&plans](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const int64_t plan_id, ctx.IdParam("plan"));
                TRY_ASSIGN(const int64_t task_id, ctx.IdParam("task"));
                TRY_ASSIGN(const act::TaskInput in, ReadBody(ctx.request, act::ReadTaskInput));
                TRY_ASSIGN(const PlanTask task, plans.ChangeTask(ctx.actor(), ctx.org(), plan_id, task_id, in));
                return Response::Json(200, TaskJson(task));
              }});
  router.Add({.method = "DELETE", .pattern = plan + "/tasks/{task}", .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = [&plans](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const int64_t plan_id, ctx.IdParam("plan"));
                TRY_ASSIGN(const int64_t task_id, ctx.IdParam("task"));
                TRY(plans.RemoveTask(ctx.actor(), ctx.org(), plan_id, task_id));
                return Response::Json(200, DeletedJson());
              }});

  // --- the program, its KPI targets, the scorecard ---
  router.Add({.method = "GET", .pattern = org + "/program", .access = Access::kAny,
              .permission = Permission::kReadCases,
              .handler = JsonRoute(
                  200, [&program](RequestContext& ctx) { return program.Get(ctx.org()); }, ProgramJson)});
  router.Add({.method = "PUT", .pattern = org + "/program", .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = JsonRoute(
                  200, act::ReadProgramInput,
                  [&program](RequestContext& ctx, const act::ProgramInput& in) {
                    return program.Put(ctx.actor(), ctx.org(), in);
                  },
                  ProgramJson)});
  router.Add({.method = "GET", .pattern = org + "/program/kpis", .access = Access::kAny,
              .permission = Permission::kReadCases,
              .handler = JsonRoute(
                  200, [&program](RequestContext& ctx) { return program.ListKpis(ctx.org()); },
                  [](const std::vector<KpiTarget>& list) { return ItemsJson(list, KpiJson); })});
  router.Add({.method = "POST", .pattern = org + "/program/kpis", .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = JsonRoute(
                  201, act::ReadKpiInput,
                  [&program](RequestContext& ctx, const act::KpiInput& in) {
                    return program.CreateKpi(ctx.actor(), ctx.org(), in);
                  },
                  KpiJson)});
  router.Add({.method = "PUT", .pattern = org + "/program/kpis/{kpi}", .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = JsonRoute(
                  200, PathId{"kpi"}, act::ReadKpiInput,
                  [&program](RequestContext& ctx, int64_t id, const act::KpiInput& in) {
                    return program.UpdateKpi(ctx.actor(), ctx.org(), id, in);
                  },
                  KpiJson)});
  router.Add({.method = "DELETE", .pattern = org + "/program/kpis/{kpi}", .access = Access::kAny,
              .permission = Permission::kManageProgram,
              .handler = JsonRoute(
                  200, PathId{"kpi"},
                  [&program](RequestContext& ctx, int64_t id) { return program.DeleteKpi(ctx.actor(), ctx.org(), id); },
                  DeletedJson)});
  router.Add({.method = "GET", .pattern = org + "/program/scorecard", .access = Access::kAny,
              .permission = Permission::kReadCases,
              .handler = JsonRoute(
                  200, [&program](RequestContext& ctx) { return program.Scorecard(ctx.org()); },
                  [](const std::vector<act::KpiLine>& lines) { return ItemsJson(lines, KpiLineJson); })});
}

}  // namespace nazar::http
