// The act area of the store: alert rules and the alerts they fired, cases with their
// history, root causes, in-app notifications, and each organisation's act settings
// (working calendar, SLA targets, case assignment). store.h has the rules every area keeps;
// act/ gives the JSON columns and status names their meaning.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "store/records.h"

namespace nazar {

struct AlertRule {
  int64_t id = 0;
  OrgId org_id;
  std::string name;  // unique per organisation
  bool enabled = true;
  std::optional<int64_t> survey_id;  // only this survey's responses; else every survey's
  std::string conditions;            // JSON {"match", "conditions"} (act/alert_conditions.h)
  std::string notify;                // JSON {"users", "roles", "touchpoint_owner", "channels"}
  bool open_case = true;
  std::string priority = "normal";  // of the cases it opens (act/case_flow.h)
  int64_t dedupe_minutes = 0;       // one alert per contact and rule within this window
  int64_t max_per_hour = 0;         // alerts of the rule per hour at most; 0 = no cap
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// A rule that held on a response. Suppressed alerts (a duplicate within the rule's window,
// over its hourly cap) are kept, with the reason, so the count of what was held back is
// honest; they notify nobody and open no case.
struct Alert {
  int64_t id = 0;
  OrgId org_id;
  int64_t rule_id = 0;
  int64_t response_id = 0;
  std::optional<int64_t> contact_id;
  std::optional<int64_t> case_id;
  std::string suppressed;  // "" fired, "duplicate", "rate_cap"
  int64_t created_ms = 0;
};

// A watched score that fell: a rule's metric for one segment ("" for the whole survey) fell
// significantly over the period ending on `period_end_day` against the period before. Once
// per rule, segment and period. `detail` is JSON (act/metric_watch.h).
struct MetricAlert {
  int64_t id = 0;
  OrgId org_id;
  int64_t rule_id = 0;
  std::string segment;
  int64_t period_end_day = 0;  // local epoch day
  std::string detail = "{}";
  std::optional<int64_t> case_id;
  int64_t created_ms = 0;
};

struct AlertQuery {
  std::optional<int64_t> rule_id;
  std::optional<int64_t> after;  // alerts with smaller ids (newest first)
  int limit = 50;
};

struct Case {
  int64_t id = 0;
  OrgId org_id;
  std::string title;
  std::string status = "new";       // act/case_flow.h
  std::string priority = "normal";
  std::optional<UserId> owner;
  std::optional<int64_t> response_id;
  std::optional<int64_t> contact_id;
  std::optional<int64_t> rule_id;  // the alert rule that opened it
  std::string touchpoint;
  std::string agent;
  std::optional<int64_t> root_cause_id;
  std::string resolution;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  std::optional<int64_t> first_response_ms;
  std::optional<int64_t> resolved_ms;
  std::optional<int64_t> closed_ms;
  int64_t version = 1;  // goes up with every change (optimistic concurrency)
  // The loop's facts: the NPS rating (0-10) of the response the case is about; the same
  // contact's next NPS rating after the case opened and when it came (recovery); when a
  // person first reached the customer (a follow-up written, a call or visit noted).
  std::optional<int64_t> nps;
  std::optional<int64_t> next_nps;
  std::optional<int64_t> next_nps_ms;
  std::optional<int64_t> first_contact_ms;
};

struct CaseQuery {
  std::vector<std::string> statuses;  // any of; empty = all
  std::optional<UserId> owner;
  bool unassigned = false;  // only cases without an owner
  std::optional<int64_t> after;  // cases with smaller ids (newest first)
  int limit = 50;
};

// One line of a case's history: opened, status, assigned, priority, note, root_cause,
// follow_up, sla_warning, sla_breach…; `detail` is a JSON object ({"from", "to"}, {"text"}).
struct CaseEvent {
  int64_t id = 0;
  OrgId org_id;
  int64_t case_id = 0;
  int64_t at_ms = 0;
  std::optional<UserId> actor;  // nullopt: Nazar itself (a rule, the SLA clock)
  std::string kind;
  std::string detail = "{}";
};

// "Did we resolve it?": one question sent to the case's customer when it closes. The token
// (only its SHA-256 is stored) is the customer's credential; one answer, "yes" or "no".
struct CaseCheck {
  int64_t id = 0;
  OrgId org_id;
  int64_t case_id = 0;
  std::string token_hash;
  std::string language;  // "fa" | "en"
  std::string sent_to;   // the e-mail address
  int64_t created_ms = 0;
  std::string answer;    // "" until answered, then "yes" | "no"
  std::string comment;
  std::optional<int64_t> answered_ms;
};

struct RootCause {
  int64_t id = 0;
  OrgId org_id;
  std::string name;       // JSON {"fa", "en"}; its "en" or "fa" unique per organisation
  std::string key;        // unique per organisation
  std::string points_at;  // JSON {"driver"?, "topic"?, "touchpoint"?}
  bool active = true;
  int64_t created_ms = 0;
};

struct Notification {
  int64_t id = 0;
  OrgId org_id;
  UserId user_id;
  std::string kind;    // "alert", "case.assigned", "case.mention", "sla.warning", "sla.breach"
  std::string detail;  // JSON: what the app shows and links to
  int64_t created_ms = 0;
  std::optional<int64_t> read_ms;
};

// JSON columns, each read by act/: the working calendar (act/business_hours.h), SLA targets
// per priority, case assignment rules.
struct ActSettings {
  OrgId org_id;
  std::string calendar = "{}";
  std::string sla = "{}";
  std::string assignment = "{}";
  int64_t updated_ms = 0;
};

class ActStore {
 public:
  virtual ~ActStore() = default;

  // --- alert rules (names unique per organisation: AlreadyExists on "name") --------------
  virtual Result<AlertRule> CreateAlertRule(const AlertRule& rule) = 0;
  // Writes everything but id, org_id and created_ms.
  virtual Result<AlertRule> UpdateAlertRule(OrgId org, const AlertRule& rule) = 0;
  virtual Result<AlertRule> GetAlertRule(OrgId org, int64_t rule_id) = 0;
  virtual Result<std::vector<AlertRule>> ListAlertRules(OrgId org) = 0;  // by id
  // The rule goes; its alerts and cases stay (they keep its id).
  virtual Result<void> DeleteAlertRule(OrgId org, int64_t rule_id) = 0;
  // The newest updated_ms of the organisation's rules and their count: a cache's revision.
  virtual Result<std::pair<int64_t, int64_t>> AlertRulesRevision(OrgId org) = 0;

  // --- alerts ------------------------------------------------------------------------------
  // Adds the alert unless the rule already fired on that response: then nullopt (a replayed
  // or re-completed response fires once).
  virtual Result<std::optional<Alert>> InsertAlert(const Alert& alert) = 0;
  // Alerts of the rule that fired (not suppressed) since `since_ms`, of one contact when set.
  virtual Result<int64_t> CountFiredAlerts(OrgId org, int64_t rule_id, int64_t since_ms,
                                           std::optional<int64_t> contact_id) = 0;
  virtual Result<void> SetAlertCase(OrgId org, int64_t alert_id, int64_t case_id) = 0;
  virtual Result<Page<Alert>> ListAlerts(OrgId org, const AlertQuery& query) = 0;
  // Adds it unless the rule already fired for that segment and period: then nullopt.
  virtual Result<std::optional<MetricAlert>> InsertMetricAlert(const MetricAlert& alert) = 0;
  virtual Result<void> SetMetricAlertCase(OrgId org, int64_t alert_id, int64_t case_id) = 0;
  virtual Result<Page<MetricAlert>> ListMetricAlerts(OrgId org, const AlertQuery& query) = 0;  // newest first

  // --- cases -------------------------------------------------------------------------------
  virtual Result<Case> CreateCase(const Case& c) = 0;
  virtual Result<Case> GetCase(OrgId org, int64_t case_id) = 0;
  // Writes the case's fields when its stored version is c.version, and bumps the version;
  // FailedPrecondition on "version" when someone changed it meanwhile.
  virtual Result<Case> UpdateCase(OrgId org, const Case& c) = 0;
  virtual Result<Page<Case>> ListCases(OrgId org, const CaseQuery& query) = 0;
  // Open cases per status of the organisation (the inbox's counts).
  virtual Result<std::map<std::string, int64_t>> CountCases(OrgId org, std::optional<UserId> owner) = 0;
  virtual Result<CaseEvent> AddCaseEvent(const CaseEvent& event) = 0;
  virtual Result<std::vector<CaseEvent>> ListCaseEvents(OrgId org, int64_t case_id) = 0;  // oldest first
  // The newest case each of `users` owns (its id); users owning none are absent. Round-robin
  // assignment picks the member whose newest case is oldest. One index seek per user.
  virtual Result<std::map<int64_t, int64_t>> NewestCaseOf(OrgId org,
                                                          const std::vector<UserId>& users) = 0;

  // --- the loop's measures -------------------------------------------------------------------
  // Cases created in [from_ms, to_ms), oldest first; at most `limit` (the caller says when
  // there were more).
  virtual Result<std::vector<Case>> ListCasesCreated(OrgId org, int64_t from_ms, int64_t to_ms,
                                                     int64_t limit) = 0;
  // Every history line of `kind` at or after `since_ms`, by case then time.
  virtual Result<std::vector<CaseEvent>> ListCaseEventsOfKind(OrgId org, std::string_view kind,
                                                              int64_t since_ms) = 0;
  // A contact rated again (NPS `nps` at at_ms, in response `response_id`): the contact's cases
  // that carry a rating, opened before at_ms about another response and with no next rating
  // yet, take this one. Returns how many cases it reached.
  virtual Result<int64_t> RecordNextNps(OrgId org, int64_t contact_id, int64_t response_id,
                                        int64_t nps, int64_t at_ms) = 0;

  // --- "did we resolve it?" -------------------------------------------------------------------
  virtual Result<CaseCheck> CreateCaseCheck(const CaseCheck& check) = 0;
  // A public look-up (the token is the secret): NotFound when no check has that token hash.
  virtual Result<CaseCheck> FindCaseCheck(std::string_view token_hash) = 0;
  // Records the answer unless the check was answered already: false then (nothing changes).
  virtual Result<bool> AnswerCaseCheck(OrgId org, int64_t check_id, std::string_view answer,
                                       std::string_view comment, int64_t at_ms) = 0;
  virtual Result<std::vector<CaseCheck>> ListCaseChecks(OrgId org, int64_t case_id) = 0;  // by id
  // Checks sent at or after `since_ms`, by id.
  virtual Result<std::vector<CaseCheck>> ListCaseChecksSince(OrgId org, int64_t since_ms) = 0;

  // --- root causes (key unique per organisation: AlreadyExists on "key") ------------------
  virtual Result<RootCause> CreateRootCause(const RootCause& cause) = 0;
  // Writes name, points_at and active.
  virtual Result<RootCause> UpdateRootCause(OrgId org, const RootCause& cause) = 0;
  virtual Result<RootCause> GetRootCause(OrgId org, int64_t cause_id) = 0;
  virtual Result<std::vector<RootCause>> ListRootCauses(OrgId org) = 0;  // by id

  // --- in-app notifications -----------------------------------------------------------------
  virtual Result<Notification> AddNotification(const Notification& n) = 0;
  // A user's notifications, newest first; only unread ones when `unread_only`.
  virtual Result<Page<Notification>> ListNotifications(OrgId org, UserId user, bool unread_only,
                                                       const PageRequest& page) = 0;
  virtual Result<int64_t> CountUnreadNotifications(OrgId org, UserId user) = 0;
  // Marks the user's notifications read: those up to `up_to_id` (inclusive), or all.
  virtual Result<int64_t> MarkNotificationsRead(OrgId org, UserId user,
                                                std::optional<int64_t> up_to_id, int64_t now_ms) = 0;

  // --- settings -----------------------------------------------------------------------------
  // The organisation's act settings; defaults ("{}" columns) when never written.
  virtual Result<ActSettings> GetActSettings(OrgId org) = 0;
  virtual Result<ActSettings> PutActSettings(const ActSettings& settings) = 0;
};

}  // namespace nazar
