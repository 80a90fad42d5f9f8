// The act area over SQL: alert rules, alerts, cases and their events, root causes,
// notifications, act settings. Its tables' row mappings live here, with the area.
#include <string>

#include "store/act_store.h"
#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

// --- rows ------------------------------------------------------------------------------------

AlertRule AlertRuleFrom(const Row& r) {
  return AlertRule{.id = r.Int(0),
                   .org_id = OrgId{r.Int(1)},
                   .name = r.Text(2),
                   .enabled = r.Int(3) != 0,
                   .survey_id = r.OptInt(4),
                   .conditions = r.Text(5),
                   .notify = r.Text(6),
                   .open_case = r.Int(7) != 0,
                   .priority = r.Text(8),
                   .dedupe_minutes = r.Int(9),
                   .max_per_hour = r.Int(10),
                   .created_ms = r.Int(11),
                   .updated_ms = r.Int(12)};
}
const Table<AlertRule> kAlertRules{
    "alert_rules",
    "id, org_id, name, enabled, survey_id, conditions, notify, open_case, priority, "
    "dedupe_minutes, max_per_hour, created_ms, updated_ms",
    AlertRuleFrom, "alert rule"};

Alert AlertFrom(const Row& r) {
  return Alert{.id = r.Int(0),
               .org_id = OrgId{r.Int(1)},
               .rule_id = r.Int(2),
               .response_id = r.Int(3),
               .contact_id = r.OptInt(4),
               .case_id = r.OptInt(5),
               .suppressed = r.Text(6),
               .created_ms = r.Int(7)};
}
const Table<Alert> kAlerts{
    "alerts", "id, org_id, rule_id, response_id, contact_id, case_id, suppressed, created_ms",
    AlertFrom, "alert"};

MetricAlert MetricAlertFrom(const Row& r) {
  return MetricAlert{.id = r.Int(0),
                     .org_id = OrgId{r.Int(1)},
                     .rule_id = r.Int(2),
                     .segment = r.Text(3),
                     .period_end_day = r.Int(4),
                     .detail = r.Text(5),
                     .case_id = r.OptInt(6),
                     .created_ms = r.Int(7)};
}
const Table<MetricAlert> kMetricAlerts{
    "metric_alerts", "id, org_id, rule_id, segment, period_end_day, detail, case_id, created_ms",
    MetricAlertFrom, "metric alert"};

Case CaseFrom(const Row& r) {
  Case c{.id = r.Int(0),
         .org_id = OrgId{r.Int(1)},
         .title = r.Text(2),
         .status = r.Text(3),
         .priority = r.Text(4),
         .response_id = r.OptInt(6),
         .contact_id = r.OptInt(7),
         .rule_id = r.OptInt(8),
         .touchpoint = r.Text(9),
         .agent = r.Text(10),
         .root_cause_id = r.OptInt(11),
         .resolution = r.Text(12),
         .created_ms = r.Int(13),
         .updated_ms = r.Int(14),
         .first_response_ms = r.OptInt(15),
         .resolved_ms = r.OptInt(16),
         .closed_ms = r.OptInt(17),
         .version = r.Int(18),
         .nps = r.OptInt(19),
         .next_nps = r.OptInt(20),
         .next_nps_ms = r.OptInt(21),
         .first_contact_ms = r.OptInt(22)};
  if (auto owner = r.OptInt(5)) c.owner = UserId{*owner};
  return c;
}
constexpr std::string_view kCaseWriteCols =
    "title, status, priority, owner_user_id, response_id, contact_id, rule_id, touchpoint, "
    "agent, root_cause_id, resolution, created_ms, updated_ms, first_response_ms, "
    "resolved_ms, closed_ms, nps, next_nps, next_nps_ms, first_contact_ms";
constexpr size_t kCaseWriteCount = 20;
const Table<Case> kCases{"cases",
                         "id, org_id, title, status, priority, owner_user_id, response_id, "
                         "contact_id, rule_id, touchpoint, agent, root_cause_id, resolution, "
                         "created_ms, updated_ms, first_response_ms, resolved_ms, closed_ms, "
                         "version, nps, next_nps, next_nps_ms, first_contact_ms",
                         CaseFrom, "case"};
Params CaseParams(const Case& c) {
  return {c.title,
          c.status,
          c.priority,
          c.owner ? Value(c.owner->value) : Value(std::monostate{}),
          Nullable(c.response_id),
          Nullable(c.contact_id),
          Nullable(c.rule_id),
          c.touchpoint,
          c.agent,
          Nullable(c.root_cause_id),
          c.resolution,
          c.created_ms,
          c.updated_ms,
          Nullable(c.first_response_ms),
          Nullable(c.resolved_ms),
          Nullable(c.closed_ms),
          Nullable(c.nps),
          Nullable(c.next_nps),
          Nullable(c.next_nps_ms),
          Nullable(c.first_contact_ms)};
}

CaseCheck CaseCheckFrom(const Row& r) {
  return CaseCheck{.id = r.Int(0),
                   .org_id = OrgId{r.Int(1)},
                   .case_id = r.Int(2),
                   .token_hash = r.Text(3),
                   .language = r.Text(4),
                   .sent_to = r.Text(5),
                   .created_ms = r.Int(6),
                   .answer = r.Text(7),
                   .comment = r.Text(8),
                   .answered_ms = r.OptInt(9)};
}
const Table<CaseCheck> kCaseChecks{
    "case_checks",
    "id, org_id, case_id, token_hash, language, sent_to, created_ms, answer, comment, answered_ms",
    CaseCheckFrom, "case check"};

CaseEvent CaseEventFrom(const Row& r) {
  CaseEvent e{.id = r.Int(0),
              .org_id = OrgId{r.Int(1)},
              .case_id = r.Int(2),
              .at_ms = r.Int(3),
              .kind = r.Text(5),
              .detail = r.Text(6)};
  if (auto actor = r.OptInt(4)) e.actor = UserId{*actor};
  return e;
}
const Table<CaseEvent> kCaseEvents{
    "case_events", "id, org_id, case_id, at_ms, actor_user_id, kind, detail", CaseEventFrom,
    "case event"};

RootCause RootCauseFrom(const Row& r) {
  return RootCause{.id = r.Int(0),
                   .org_id = OrgId{r.Int(1)},
                   .name = r.Text(3),
                   .key = r.Text(2),
                   .points_at = r.Text(4),
                   .active = r.Int(5) != 0,
                   .created_ms = r.Int(6)};
}
const Table<RootCause> kRootCauses{
    "root_causes", "id, org_id, key, name, points_at, active, created_ms", RootCauseFrom,
    "root cause"};

Notification NotificationFrom(const Row& r) {
  return Notification{.id = r.Int(0),
                      .org_id = OrgId{r.Int(1)},
                      .user_id = UserId{r.Int(2)},
                      .kind = r.Text(3),
                      .detail = r.Text(4),
                      .created_ms = r.Int(5),
                      .read_ms = r.OptInt(6)};
}
const Table<Notification> kNotifications{
    "notifications", "id, org_id, user_id, kind, detail, created_ms, read_ms", NotificationFrom,
    "notification"};

ActSettings SettingsFrom(const Row& r) {
  return ActSettings{.org_id = OrgId{r.Int(0)},
                     .calendar = r.Text(1),
                     .sla = r.Text(2),
                     .assignment = r.Text(3),
                     .updated_ms = r.Int(4)};
}
const Table<ActSettings> kSettings{"act_settings",
                                   "org_id, calendar, sla, assignment, updated_ms",
                                   SettingsFrom, "act settings"};

// A unique-key conflict names the field the caller chose.
template <typename T>
Result<T> Taken(Result<T> r, std::string_view what, std::string_view field) {
  if (!r && r.error().code == ErrorCode::kAlreadyExists)
    return Fail(Error::AlreadyExists(fmt::format("{} with this {} exists", what, field), std::string(field)));
  return r;
}

// Newest-first paging by id: "... AND id < ?" when `after` is set.
std::string Before(const std::optional<int64_t>& after, Params& params) {
  if (!after) return "";
  params.push_back(*after);
  return " AND id < ?";
}

class SqlAct final : public ActStore {
 public:
  explicit SqlAct(Kit kit) : kit_(kit) {}

  // --- alert rules ---

  Result<AlertRule> CreateAlertRule(const AlertRule& a) override {
    return Taken(One<AlertRule>(ParentMissingIsNotFound(
                                    kit_.Query(fmt::format(
                                                   "INSERT INTO alert_rules (org_id, name, enabled, "
                                                   "survey_id, conditions, notify, open_case, priority, "
                                                   "dedupe_minutes, max_per_hour, created_ms, updated_ms) "
                                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {}",
                                                   kAlertRules.columns),
                                               {a.org_id.value, a.name, int64_t{a.enabled},
                                                Nullable(a.survey_id), a.conditions, a.notify,
                                                int64_t{a.open_case}, a.priority, a.dedupe_minutes,
                                                a.max_per_hour, a.created_ms, a.updated_ms}),
                                    "organisation"),
                                kAlertRules.map, "alert rule"),
                 "an alert rule", "name");
  }

  Result<AlertRule> UpdateAlertRule(OrgId org, const AlertRule& a) override {
    return Taken(One<AlertRule>(
                     kit_.Query(fmt::format("UPDATE alert_rules SET name = ?, enabled = ?, "
                                            "survey_id = ?, conditions = ?, notify = ?, "
                                            "open_case = ?, priority = ?, dedupe_minutes = ?, "
                                            "max_per_hour = ?, updated_ms = ? WHERE org_id = ? "
                                            "AND id = ? RETURNING {}",
                                            kAlertRules.columns),
                                {a.name, int64_t{a.enabled}, Nullable(a.survey_id), a.conditions,
                                 a.notify, int64_t{a.open_case}, a.priority, a.dedupe_minutes,
                                 a.max_per_hour, a.updated_ms, org.value, a.id}),
                     kAlertRules.map, "alert rule"),
                 "an alert rule", "name");
  }

  Result<AlertRule> GetAlertRule(OrgId org, int64_t id) override {
    return kit_.Get(kAlertRules, "org_id = ? AND id = ?", {org.value, id});
  }

  Result<std::vector<AlertRule>> ListAlertRules(OrgId org) override {
    return kit_.List(kAlertRules, "org_id = ? ORDER BY id", {org.value});
  }

  Result<void> DeleteAlertRule(OrgId org, int64_t id) override {
    return OneChanged(kit_.Execute("DELETE FROM alert_rules WHERE org_id = ? AND id = ?",
                                   {org.value, id}),
                      "alert rule");
  }

  Result<std::pair<int64_t, int64_t>> AlertRulesRevision(OrgId org) override {
    TRY_ASSIGN(Rows rows, kit_.Query("SELECT COALESCE(MAX(updated_ms), 0), COUNT(*) FROM "
                                     "alert_rules WHERE org_id = ?",
                                     {org.value}));
    return std::pair<int64_t, int64_t>{rows.front().Int(0), rows.front().Int(1)};
  }

  // --- alerts ---

  Result<std::optional<Alert>> InsertAlert(const Alert& a) override {
    TRY_ASSIGN(Rows rows,
               ParentMissingIsNotFound(
                   kit_.Query(fmt::format("INSERT INTO alerts (org_id, rule_id, response_id, "
                                          "contact_id, case_id, suppressed, created_ms) VALUES "
                                          "(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, rule_id, "
                                          "response_id) DO NOTHING RETURNING {}",
                                          kAlerts.columns),
                              {a.org_id.value, a.rule_id, a.response_id, Nullable(a.contact_id),
                               Nullable(a.case_id), a.suppressed, a.created_ms}),
                   "organisation"));
    if (rows.empty()) return std::optional<Alert>{};
    return std::optional<Alert>{kAlerts.map(rows.front())};
  }

  Result<int64_t> CountFiredAlerts(OrgId org, int64_t rule_id, int64_t since_ms,
                                   std::optional<int64_t> contact_id) override {
    std::string sql =
        "SELECT COUNT(*) FROM alerts WHERE org_id = ? AND rule_id = ? AND created_ms >= ? AND "
        "suppressed = ''";
    Params params{org.value, rule_id, since_ms};
    if (contact_id) {
      sql += " AND contact_id = ?";
      params.push_back(*contact_id);
    }
    TRY_ASSIGN(Rows rows, kit_.Query(sql, params));
    return rows.front().Int(0);
  }

  Result<void> SetAlertCase(OrgId org, int64_t alert_id, int64_t case_id) override {
    return SetCaseOf("alerts", "alert", org, alert_id, case_id);
  }

  Result<Page<Alert>> ListAlerts(OrgId org, const AlertQuery& q) override {
    Params params;
    std::string where = AlertsWhere(org, q, params);
    return kit_.ListPage(kAlerts, where, std::move(params), ClampLimit(q.limit));
  }

  Result<std::optional<MetricAlert>> InsertMetricAlert(const MetricAlert& a) override {
    TRY_ASSIGN(Rows rows,
               ParentMissingIsNotFound(
                   kit_.Query(fmt::format("INSERT INTO metric_alerts (org_id, rule_id, segment, period_end_day, "
                                          "detail, created_ms) VALUES (?, ?, ?, ?, ?, ?) "
                                          "ON CONFLICT (org_id, rule_id, segment, period_end_day) DO NOTHING "
                                          "RETURNING {}",
                                          kMetricAlerts.columns),
                              {a.org_id.value, a.rule_id, a.segment, a.period_end_day, a.detail, a.created_ms}),
                   "organisation"));
    if (rows.empty()) return std::optional<MetricAlert>{};
    return std::optional<MetricAlert>{kMetricAlerts.map(rows.front())};
  }

  Result<void> SetMetricAlertCase(OrgId org, int64_t alert_id, int64_t case_id) override {
    return SetCaseOf("metric_alerts", "metric alert", org, alert_id, case_id);
  }

  Result<Page<MetricAlert>> ListMetricAlerts(OrgId org, const AlertQuery& q) override {
    Params params;
    std::string where = AlertsWhere(org, q, params);
    return kit_.ListPage(kMetricAlerts, where, std::move(params), ClampLimit(q.limit));
  }

  // The alerts of `q` (of one rule, before a cursor), newest first: `where` and its params.
  static std::string AlertsWhere(OrgId org, const AlertQuery& q, Params& params) {
    params.push_back(org.value);
    std::string where = "org_id = ?";
    if (q.rule_id) {
      where += " AND rule_id = ?";
      params.push_back(*q.rule_id);
    }
    return where + Before(q.after, params) + " ORDER BY id DESC LIMIT ?";
  }

  Result<void> SetCaseOf(std::string_view table, std::string_view what, OrgId org, int64_t id, int64_t case_id) {
    return OneChanged(kit_.Execute(fmt::format("UPDATE {} SET case_id = ? WHERE org_id = ? AND id = ?", table),
                                   {case_id, org.value, id}),
                      what);
  }

  // --- cases ---

  Result<Case> CreateCase(const Case& c) override {
    Params params{c.org_id.value};
    for (Value& v : CaseParams(c)) params.push_back(std::move(v));
    return One<Case>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO cases (org_id, {}, version) VALUES (?, {}, 1) RETURNING {}",
                                   kCaseWriteCols, Placeholders(kCaseWriteCount), kCases.columns),
                       params),
            "organisation or owner"),
        kCases.map, "case");
  }

  Result<Case> GetCase(OrgId org, int64_t id) override {
    return kit_.Get(kCases, "org_id = ? AND id = ?", {org.value, id});
  }

  Result<Case> UpdateCase(OrgId org, const Case& c) override {
    return kit_.Run(true, [&](Connection& conn) -> Result<Case> {
      Params params = CaseParams(c);
      params.insert(params.end(), {org.value, c.id, c.version});
      TRY_ASSIGN(Rows rows,
                 ParentMissingIsNotFound(
                     conn.Query(fmt::format("UPDATE cases SET ({}) = ({}), version = version + 1 "
                                            "WHERE org_id = ? AND id = ? AND version = ? "
                                            "RETURNING {}",
                                            kCaseWriteCols, Placeholders(kCaseWriteCount), kCases.columns),
                                params),
                     "owner"));
      if (!rows.empty()) return kCases.map(rows.front());
      TRY(Get(conn, kCases, "org_id = ? AND id = ?", {org.value, c.id}));  // NotFound
      return Fail(Error::FailedPrecondition(
          "the case was changed by someone else meanwhile; reload it", "version"));
    });
  }

  Result<Page<Case>> ListCases(OrgId org, const CaseQuery& q) override {
    Params params{org.value};
    std::string where = "org_id = ?";
    if (!q.statuses.empty()) {
      where += fmt::format(" AND status IN ({})", Placeholders(q.statuses.size()));
      for (const std::string& s : q.statuses) params.push_back(s);
    }
    if (q.owner) {
      where += " AND owner_user_id = ?";
      params.push_back(q.owner->value);
    }
    if (q.unassigned) where += " AND owner_user_id IS NULL";
    where += Before(q.after, params) + " ORDER BY id DESC LIMIT ?";
    return kit_.ListPage(kCases, where, std::move(params), ClampLimit(q.limit));
  }

  Result<std::map<std::string, int64_t>> CountCases(OrgId org, std::optional<UserId> owner) override {
    Params params{org.value};
    std::string sql = "SELECT status, COUNT(*) FROM cases WHERE org_id = ?";
    if (owner) {
      sql += " AND owner_user_id = ?";
      params.push_back(owner->value);
    }
    TRY_ASSIGN(Rows rows, kit_.Query(sql + " GROUP BY status", params));
    std::map<std::string, int64_t> out;
    for (const Row& r : rows) out[r.Text(0)] = r.Int(1);
    return out;
  }

  Result<CaseEvent> AddCaseEvent(const CaseEvent& e) override {
    return One<CaseEvent>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO case_events (org_id, case_id, at_ms, "
                                   "actor_user_id, kind, detail) VALUES (?, ?, ?, ?, ?, ?) "
                                   "RETURNING {}",
                                   kCaseEvents.columns),
                       {e.org_id.value, e.case_id, e.at_ms,
                        e.actor ? Value(e.actor->value) : Value(std::monostate{}), e.kind,
                        e.detail}),
            "case"),
        kCaseEvents.map, "case event");
  }

  Result<std::vector<CaseEvent>> ListCaseEvents(OrgId org, int64_t case_id) override {
    return kit_.List(kCaseEvents, "org_id = ? AND case_id = ? ORDER BY id", {org.value, case_id});
  }

  Result<std::map<int64_t, int64_t>> NewestCaseOf(OrgId org, const std::vector<UserId>& users) override {
    return kit_.Run(false, [&](Connection& c) -> Result<std::map<int64_t, int64_t>> {
      std::map<int64_t, int64_t> out;
      for (UserId u : users) {
        TRY_ASSIGN(Rows rows, c.Query("SELECT MAX(id) FROM cases WHERE org_id = ? AND owner_user_id = ?",
                                      {org.value, u.value}));
        if (!rows.empty() && !rows.front().IsNull(0)) out[u.value] = rows.front().Int(0);
      }
      return out;
    });
  }

  // --- the loop's measures ---

  Result<std::vector<Case>> ListCasesCreated(OrgId org, int64_t from_ms, int64_t to_ms,
                                             int64_t limit) override {
    return kit_.List(kCases, "org_id = ? AND created_ms >= ? AND created_ms < ? ORDER BY created_ms, id LIMIT ?",
                     {org.value, from_ms, to_ms, limit});
  }

  Result<std::vector<CaseEvent>> ListCaseEventsOfKind(OrgId org, std::string_view kind,
                                                      int64_t since_ms) override {
    return kit_.List(kCaseEvents, "org_id = ? AND kind = ? AND at_ms >= ? ORDER BY case_id, id",
                     {org.value, std::string(kind), since_ms});
  }

  Result<int64_t> RecordNextNps(OrgId org, int64_t contact_id, int64_t response_id, int64_t nps,
                                int64_t at_ms) override {
    return kit_.Execute(
        "UPDATE cases SET next_nps = ?, next_nps_ms = ? WHERE org_id = ? AND contact_id = ? "
        "AND nps IS NOT NULL AND next_nps IS NULL AND created_ms <= ? "
        "AND (response_id IS NULL OR response_id <> ?)",
        {nps, at_ms, org.value, contact_id, at_ms, response_id});
  }

  // --- "did we resolve it?" ---

  Result<CaseCheck> CreateCaseCheck(const CaseCheck& k) override {
    return One<CaseCheck>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO case_checks (org_id, case_id, token_hash, language, "
                                   "sent_to, created_ms, answer, comment) VALUES (?, ?, ?, ?, ?, ?, '', '') "
                                   "RETURNING {}",
                                   kCaseChecks.columns),
                       {k.org_id.value, k.case_id, k.token_hash, k.language, k.sent_to, k.created_ms}),
            "case"),
        kCaseChecks.map, "case check");
  }

  Result<CaseCheck> FindCaseCheck(std::string_view token_hash) override {
    return kit_.Get(kCaseChecks, "token_hash = ?", {std::string(token_hash)});
  }

  Result<bool> AnswerCaseCheck(OrgId org, int64_t check_id, std::string_view answer,
                               std::string_view comment, int64_t at_ms) override {
    TRY_ASSIGN(int64_t n, kit_.Execute("UPDATE case_checks SET answer = ?, comment = ?, answered_ms = ? "
                                       "WHERE org_id = ? AND id = ? AND answer = ''",
                                       {std::string(answer), std::string(comment), at_ms, org.value, check_id}));
    return n > 0;
  }

  Result<std::vector<CaseCheck>> ListCaseChecks(OrgId org, int64_t case_id) override {
    return kit_.List(kCaseChecks, "org_id = ? AND case_id = ? ORDER BY id", {org.value, case_id});
  }

  Result<std::vector<CaseCheck>> ListCaseChecksSince(OrgId org, int64_t since_ms) override {
    return kit_.List(kCaseChecks, "org_id = ? AND created_ms >= ? ORDER BY id", {org.value, since_ms});
  }

  // --- root causes ---

  Result<RootCause> CreateRootCause(const RootCause& rc) override {
    return Taken(One<RootCause>(ParentMissingIsNotFound(
                                    kit_.Query(fmt::format("INSERT INTO root_causes (org_id, key, "
                                                           "name, points_at, active, created_ms) "
                                                           "VALUES (?, ?, ?, ?, ?, ?) RETURNING {}",
                                                           kRootCauses.columns),
                                               {rc.org_id.value, rc.key, rc.name, rc.points_at,
                                                int64_t{rc.active}, rc.created_ms}),
                                    "organisation"),
                                kRootCauses.map, "root cause"),
                 "a root cause", "key");
  }

  Result<RootCause> UpdateRootCause(OrgId org, const RootCause& rc) override {
    return One<RootCause>(
        kit_.Query(fmt::format("UPDATE root_causes SET name = ?, points_at = ?, active = ? "
                               "WHERE org_id = ? AND id = ? RETURNING {}",
                               kRootCauses.columns),
                   {rc.name, rc.points_at, int64_t{rc.active}, org.value, rc.id}),
        kRootCauses.map, "root cause");
  }

  Result<RootCause> GetRootCause(OrgId org, int64_t id) override {
    return kit_.Get(kRootCauses, "org_id = ? AND id = ?", {org.value, id});
  }

  Result<std::vector<RootCause>> ListRootCauses(OrgId org) override {
    return kit_.List(kRootCauses, "org_id = ? ORDER BY id", {org.value});
  }

  // --- notifications ---

  Result<Notification> AddNotification(const Notification& n) override {
    return One<Notification>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO notifications (org_id, user_id, kind, detail, "
                                   "created_ms) VALUES (?, ?, ?, ?, ?) RETURNING {}",
                                   kNotifications.columns),
                       {n.org_id.value, n.user_id.value, n.kind, n.detail, n.created_ms}),
            "organisation or user"),
        kNotifications.map, "notification");
  }

  Result<Page<Notification>> ListNotifications(OrgId org, UserId user, bool unread_only,
                                               const PageRequest& page) override {
    Params params{org.value, user.value};
    std::string where = "org_id = ? AND user_id = ?";
    if (unread_only) where += " AND read_ms IS NULL";
    where += Before(page.after, params) + " ORDER BY id DESC LIMIT ?";
    return kit_.ListPage(kNotifications, where, std::move(params), ClampLimit(page.limit));
  }

  Result<int64_t> CountUnreadNotifications(OrgId org, UserId user) override {
    TRY_ASSIGN(Rows rows, kit_.Query("SELECT COUNT(*) FROM notifications WHERE org_id = ? AND "
                                     "user_id = ? AND read_ms IS NULL",
                                     {org.value, user.value}));
    return rows.front().Int(0);
  }

  Result<int64_t> MarkNotificationsRead(OrgId org, UserId user, std::optional<int64_t> up_to_id,
                                        int64_t now_ms) override {
    Params params{now_ms, org.value, user.value};
    std::string sql =
        "UPDATE notifications SET read_ms = ? WHERE org_id = ? AND user_id = ? AND read_ms IS NULL";
    if (up_to_id) {
      sql += " AND id <= ?";
      params.push_back(*up_to_id);
    }
    return kit_.Execute(sql, params);
  }

  // --- settings ---

  Result<ActSettings> GetActSettings(OrgId org) override {
    auto got = kit_.Get(kSettings, "org_id = ?", {org.value});
    if (!got && got.error().code == ErrorCode::kNotFound) return ActSettings{.org_id = org};
    return got;
  }

  Result<ActSettings> PutActSettings(const ActSettings& s) override {
    return One<ActSettings>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO act_settings (org_id, calendar, sla, assignment, "
                                   "updated_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id) DO "
                                   "UPDATE SET calendar = excluded.calendar, sla = excluded.sla, "
                                   "assignment = excluded.assignment, updated_ms = "
                                   "excluded.updated_ms RETURNING {}",
                                   kSettings.columns),
                       {s.org_id.value, s.calendar, s.sla, s.assignment, s.updated_ms}),
            "organisation"),
        kSettings.map, "act settings");
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<ActStore> NewActArea(Kit kit) { return std::make_unique<SqlAct>(kit); }

}  // namespace nazar::sql
