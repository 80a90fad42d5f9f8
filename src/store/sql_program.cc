// The program area over SQL: action plans, their tasks and history, the CX program and its
// KPI targets, each member's digest. Its tables are its own (migrations 14, 19).
#include <climits>
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

Value OptUser(const std::optional<UserId>& u) { return OptId(u); }
Value OptMs(const std::optional<int64_t>& ms) { return ms ? Value(*ms) : Value(std::monostate{}); }
std::optional<UserId> UserFrom(const Row& r, size_t i) {
  if (auto v = r.OptInt(i)) return UserId{*v};
  return std::nullopt;
}

constexpr std::string_view kPlanWriteCols =
    "title, description, aims_at, owner_user_id, due, status, cost_amount, cost_currency, "
    "metric, baseline_days, window_days, before, activated_ms, done_ms, updated_ms";
constexpr size_t kPlanWriteCount = 15;
ActionPlan PlanFrom(const Row& r) {
  return ActionPlan{.id = r.Int(0),
                    .org_id = OrgId{r.Int(1)},
                    .title = r.Text(2),
                    .description = r.Text(3),
                    .aims_at = r.Text(4),
                    .owner = UserFrom(r, 5),
                    .due = r.Text(6),
                    .status = r.Text(7),
                    .cost_amount = r.Real(8),
                    .cost_currency = r.Text(9),
                    .metric = r.Text(10),
                    .baseline_days = r.Int(11),
                    .window_days = r.Int(12),
                    .before = r.Text(13),
                    .activated_ms = r.OptInt(14),
                    .done_ms = r.OptInt(15),
                    .created_ms = r.Int(16),
                    .updated_ms = r.Int(17),
                    .version = r.Int(18)};
}
const Table<ActionPlan> kPlans{
    "action_plans",
    "id, org_id, title, description, aims_at, owner_user_id, due, status, cost_amount, "
    "cost_currency, metric, baseline_days, window_days, before, activated_ms, done_ms, "
    "created_ms, updated_ms, version",
    PlanFrom, "action plan"};
Params PlanParams(const ActionPlan& p) {
  return {p.title,         p.description,   p.aims_at,         OptUser(p.owner),
          p.due,           p.status,        p.cost_amount,     p.cost_currency,
          p.metric,        p.baseline_days, p.window_days,     p.before,
          OptMs(p.activated_ms), OptMs(p.done_ms), p.updated_ms};
}

PlanTask TaskFrom(const Row& r) {
  return PlanTask{.id = r.Int(0),
                  .org_id = OrgId{r.Int(1)},
                  .plan_id = r.Int(2),
                  .title = r.Text(3),
                  .done = r.Int(4) != 0,
                  .owner = UserFrom(r, 5),
                  .created_ms = r.Int(6),
                  .done_ms = r.OptInt(7)};
}
const Table<PlanTask> kTasks{"plan_tasks",
                             "id, org_id, plan_id, title, done, owner_user_id, created_ms, done_ms",
                             TaskFrom, "task"};

PlanEvent EventFrom(const Row& r) {
  return PlanEvent{.id = r.Int(0),
                   .org_id = OrgId{r.Int(1)},
                   .plan_id = r.Int(2),
                   .at_ms = r.Int(3),
                   .actor = UserFrom(r, 4),
                   .kind = r.Text(5),
                   .detail = r.Text(6)};
}
const Table<PlanEvent> kEvents{"plan_events",
                               "id, org_id, plan_id, at_ms, actor_user_id, kind, detail", EventFrom,
                               "plan event"};

CxProgram ProgramFrom(const Row& r) {
  return CxProgram{.org_id = OrgId{r.Int(0)},
                   .vision = r.Text(1),
                   .principles = r.Text(2),
                   .owner = UserFrom(r, 3),
                   .updated_ms = r.Int(4)};
}
const Table<CxProgram> kProgram{"cx_programs", "org_id, vision, principles, owner_user_id, updated_ms",
                                ProgramFrom, "program"};

KpiTarget KpiFrom(const Row& r) {
  return KpiTarget{.id = r.Int(0),
                   .org_id = OrgId{r.Int(1)},
                   .survey_id = r.Int(2),
                   .metric = r.Text(3),
                   .touchpoint = r.Text(4),
                   .target = r.Real(5),
                   .due = r.Text(6),
                   .window_days = r.Int(7),
                   .created_ms = r.Int(8),
                   .updated_ms = r.Int(9)};
}
const Table<KpiTarget> kKpis{"kpi_targets",
                             "id, org_id, survey_id, metric, touchpoint, target, due, window_days, "
                             "created_ms, updated_ms",
                             KpiFrom, "KPI target"};

DigestPref DigestFrom(const Row& r) {
  return DigestPref{.org_id = OrgId{r.Int(0)},
                    .user_id = UserId{r.Int(1)},
                    .frequency = r.Text(2),
                    .hour = r.Int(3),
                    .weekday = r.Int(4),
                    .updated_ms = r.Int(5)};
}
const Table<DigestPref> kDigests{"digest_prefs", "org_id, user_id, frequency, hour, weekday, updated_ms",
                                 DigestFrom, "digest"};

class SqlProgram final : public ProgramStore {
 public:
  explicit SqlProgram(Kit kit) : kit_(kit) {}

  // --- plans ---

  Result<ActionPlan> CreatePlan(const ActionPlan& p) override {
    Params params{p.org_id.value};
    for (Value& v : PlanParams(p)) params.push_back(std::move(v));
    params.push_back(p.created_ms);
    return One<ActionPlan>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO action_plans (org_id, {}, created_ms, version) "
                                   "VALUES (?, {}, ?, 1) RETURNING {}",
                                   kPlanWriteCols, Placeholders(kPlanWriteCount), kPlans.columns),
                       params),
            "organisation or owner"),
        kPlans.map, kPlans.what);
  }

  Result<ActionPlan> GetPlan(OrgId org, int64_t id) override {
    return kit_.Get(kPlans, "org_id = ? AND id = ?", {org.value, id});
  }

  Result<ActionPlan> UpdatePlan(OrgId org, const ActionPlan& p) override {
    return kit_.Run(true, [&](Connection& conn) -> Result<ActionPlan> {
      Params params = PlanParams(p);
      params.insert(params.end(), {org.value, p.id, p.version});
      TRY_ASSIGN(Rows rows,
                 ParentMissingIsNotFound(
                     conn.Query(fmt::format("UPDATE action_plans SET ({}) = ({}), version = "
                                            "version + 1 WHERE org_id = ? AND id = ? AND "
                                            "version = ? RETURNING {}",
                                            kPlanWriteCols, Placeholders(kPlanWriteCount),
                                            kPlans.columns),
                                params),
                     "owner"));
      if (!rows.empty()) return kPlans.map(rows.front());
      TRY(Get(conn, kPlans, "org_id = ? AND id = ?", {org.value, p.id}));  // NotFound
      return Fail(Error::FailedPrecondition(
          "the plan was changed by someone else meanwhile; reload it", "version"));
    });
  }

  Result<Page<ActionPlan>> ListPlans(OrgId org, const PlanQuery& q) override {
    Params params{org.value};
    std::string where = "org_id = ?";
    if (!q.statuses.empty()) {
      where += fmt::format(" AND status IN ({})", Placeholders(q.statuses.size()));
      for (const std::string& s : q.statuses) params.push_back(s);
    }
    where += " AND id < ? ORDER BY id DESC LIMIT ?";
    params.push_back(q.after.value_or(INT64_MAX));
    return kit_.ListPage(kPlans, where, std::move(params), ClampLimit(q.limit));
  }

  Result<void> DeletePlan(OrgId org, int64_t id) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      TRY(c.Execute("DELETE FROM plan_tasks WHERE org_id = ? AND plan_id = ?", {org.value, id}));
      TRY(c.Execute("DELETE FROM plan_events WHERE org_id = ? AND plan_id = ?", {org.value, id}));
      return OneChanged(c.Execute("DELETE FROM action_plans WHERE org_id = ? AND id = ?", {org.value, id}),
                        kPlans.what);
    });
  }

  Result<PlanEvent> AddPlanEvent(const PlanEvent& e) override {
    return One<PlanEvent>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO plan_events (org_id, plan_id, at_ms, actor_user_id, "
                                   "kind, detail) VALUES (?, ?, ?, ?, ?, ?) RETURNING {}",
                                   kEvents.columns),
                       {e.org_id.value, e.plan_id, e.at_ms, OptUser(e.actor), e.kind, e.detail}),
            "action plan"),
        kEvents.map, kEvents.what);
  }

  Result<std::vector<PlanEvent>> ListPlanEvents(OrgId org, int64_t plan_id) override {
    return kit_.List(kEvents, "org_id = ? AND plan_id = ? ORDER BY id", {org.value, plan_id});
  }

  // --- tasks ---

  Result<PlanTask> CreateTask(const PlanTask& t) override {
    return One<PlanTask>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO plan_tasks (org_id, plan_id, title, done, "
                                   "owner_user_id, created_ms, done_ms) VALUES (?, ?, ?, ?, ?, ?, "
                                   "?) RETURNING {}",
                                   kTasks.columns),
                       {t.org_id.value, t.plan_id, t.title, int64_t{t.done}, OptUser(t.owner),
                        t.created_ms, OptMs(t.done_ms)}),
            "action plan"),
        kTasks.map, kTasks.what);
  }

  Result<PlanTask> GetTask(OrgId org, int64_t plan_id, int64_t id) override {
    return kit_.Get(kTasks, "org_id = ? AND plan_id = ? AND id = ?", {org.value, plan_id, id});
  }

  Result<PlanTask> UpdateTask(OrgId org, const PlanTask& t) override {
    return One<PlanTask>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("UPDATE plan_tasks SET title = ?, done = ?, owner_user_id = ?, "
                                   "done_ms = ? WHERE org_id = ? AND plan_id = ? AND id = ? "
                                   "RETURNING {}",
                                   kTasks.columns),
                       {t.title, int64_t{t.done}, OptUser(t.owner), OptMs(t.done_ms), org.value,
                        t.plan_id, t.id}),
            "owner"),
        kTasks.map, kTasks.what);
  }

  Result<void> DeleteTask(OrgId org, int64_t plan_id, int64_t id) override {
    return OneChanged(kit_.Execute("DELETE FROM plan_tasks WHERE org_id = ? AND plan_id = ? AND id = ?",
                                   {org.value, plan_id, id}),
                      kTasks.what);
  }

  Result<std::vector<PlanTask>> ListTasks(OrgId org, int64_t plan_id) override {
    return kit_.List(kTasks, "org_id = ? AND plan_id = ? ORDER BY id", {org.value, plan_id});
  }

  // --- program and KPI targets ---

  Result<CxProgram> GetProgram(OrgId org) override {
    auto got = kit_.Get(kProgram, "org_id = ?", {org.value});
    if (!got && got.error().code == ErrorCode::kNotFound) return CxProgram{.org_id = org};
    return got;
  }

  Result<CxProgram> PutProgram(const CxProgram& p) override {
    return One<CxProgram>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO cx_programs (org_id, vision, principles, "
                                   "owner_user_id, updated_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                                   "(org_id) DO UPDATE SET vision = excluded.vision, principles = "
                                   "excluded.principles, owner_user_id = excluded.owner_user_id, "
                                   "updated_ms = excluded.updated_ms RETURNING {}",
                                   kProgram.columns),
                       {p.org_id.value, p.vision, p.principles, OptUser(p.owner), p.updated_ms}),
            "organisation or owner"),
        kProgram.map, kProgram.what);
  }

  Result<KpiTarget> CreateKpi(const KpiTarget& k) override {
    return One<KpiTarget>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO kpi_targets (org_id, survey_id, metric, touchpoint, "
                                   "target, due, window_days, created_ms, updated_ms) VALUES (?, ?, "
                                   "?, ?, ?, ?, ?, ?, ?) RETURNING {}",
                                   kKpis.columns),
                       {k.org_id.value, k.survey_id, k.metric, k.touchpoint, k.target, k.due,
                        k.window_days, k.created_ms, k.updated_ms}),
            "organisation"),
        kKpis.map, kKpis.what);
  }

  Result<KpiTarget> GetKpi(OrgId org, int64_t id) override {
    return kit_.Get(kKpis, "org_id = ? AND id = ?", {org.value, id});
  }

  Result<KpiTarget> UpdateKpi(OrgId org, const KpiTarget& k) override {
    return One<KpiTarget>(
        kit_.Query(fmt::format("UPDATE kpi_targets SET survey_id = ?, metric = ?, touchpoint = ?, "
                               "target = ?, due = ?, window_days = ?, updated_ms = ? WHERE org_id "
                               "= ? AND id = ? RETURNING {}",
                               kKpis.columns),
                   {k.survey_id, k.metric, k.touchpoint, k.target, k.due, k.window_days,
                    k.updated_ms, org.value, k.id}),
        kKpis.map, kKpis.what);
  }

  Result<void> DeleteKpi(OrgId org, int64_t id) override {
    return OneChanged(kit_.Execute("DELETE FROM kpi_targets WHERE org_id = ? AND id = ?", {org.value, id}),
                      kKpis.what);
  }

  Result<std::vector<KpiTarget>> ListKpis(OrgId org) override {
    return kit_.List(kKpis, "org_id = ? ORDER BY id", {org.value});
  }

  // --- digests ---

  Result<std::optional<DigestPref>> GetDigestPref(OrgId org, UserId user) override {
    auto got = kit_.Get(kDigests, "org_id = ? AND user_id = ?", {org.value, user.value});
    if (!got && got.error().code == ErrorCode::kNotFound) return std::optional<DigestPref>();
    TRY_ASSIGN(DigestPref pref, std::move(got));
    return std::optional<DigestPref>(std::move(pref));
  }

  Result<DigestPref> PutDigestPref(const DigestPref& d) override {
    return One<DigestPref>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO digest_prefs (org_id, user_id, frequency, hour, "
                                   "weekday, updated_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                                   "(org_id, user_id) DO UPDATE SET frequency = excluded.frequency, "
                                   "hour = excluded.hour, weekday = excluded.weekday, updated_ms = "
                                   "excluded.updated_ms RETURNING {}",
                                   kDigests.columns),
                       {d.org_id.value, d.user_id.value, d.frequency, d.hour, d.weekday, d.updated_ms}),
            "organisation or user"),
        kDigests.map, kDigests.what);
  }

  Result<void> DeleteDigestPref(OrgId org, UserId user) override {
    return Done(kit_.Execute("DELETE FROM digest_prefs WHERE org_id = ? AND user_id = ?", {org.value, user.value}));
  }

  Result<std::vector<DigestPref>> ListDigestPrefs(OrgId org) override {
    return kit_.List(kDigests, "org_id = ? ORDER BY user_id", {org.value});
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<ProgramStore> NewProgramArea(Kit kit) { return std::make_unique<SqlProgram>(kit); }

}  // namespace nazar::sql
