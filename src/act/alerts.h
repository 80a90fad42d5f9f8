// Alert rules: what an organisation wants to hear about at once ("a detractor", "CSAT ≤ 2 at
// the delivery touchpoint", "a comment mentioning a refund"), and what happens when one
// holds on a response: an alert, maybe a case with an owner, notifications.
//
// Contract:
// - Rules are checked when saved: conditions (act/alert_conditions.h; errors name
//   "conditions[i].field"), the survey and its questions when the rule names a survey
//   ("conditions[0].field": no question nps), recipients (members; roles), channels, the
//   priority. Saving and deleting are audited.
// - OnResponse runs inside the transaction that writes a complete response (the ingest's
//   hook), so an alert, its case and its notifications commit with the response or not at
//   all, within the response's own acknowledgement. A rule fires at most once per response
//   (a retry or a re-completion adds nothing). A rule that held on the same contact within
//   its de-duplication window, or that reached its hourly cap, records a suppressed alert
//   (the reason kept) and tells nobody.
// - Rules are cached per organisation and re-read when changed here or, from other nodes,
//   at most kRulesRecheckMs later; an organisation without rules costs no query per
//   response after the first.
// - A complete response with an NPS answer from a known contact also gives the contact's
//   earlier rated cases their next rating (ActStore::RecordNextNps, one statement): the
//   loop's recovery measure.
//
// Thread-safety: safe to share; OnResponse is called from the ingest's writer thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "act/alert_conditions.h"
#include "act/case_flow.h"
#include "act/cases.h"
#include "core/clock.h"
#include "core/json.h"
#include "store/store.h"
#include "survey/definition.h"
#include "survey/survey_service.h"

namespace nazar::act {

inline constexpr int64_t kRulesRecheckMs = 2000;

struct Watch;  // act/metric_watch.h

// Who hears of an alert and how: {"users"?: [ids], "roles"?: ["admin", …],
// "touchpoint_owner"?: bool, "channels": ["in_app", "email"]} (the case's owner is told
// of the case in any event).
struct AlertNotify {
  std::vector<int64_t> users;
  std::vector<Role> roles;
  bool touchpoint_owner = false;
  bool in_app = true;
  bool email = false;
};

// Reads a rule's "notify" (errors name "notify.<member>").
Result<AlertNotify> ParseNotify(const Json& json);
// The members an alert tells: the users named, the members with a role named, and the
// touchpoint's owner (when asked and `touchpoint` is set).
Result<std::vector<UserId>> AlertRecipients(Store& tx, OrgId org, const AlertNotify& notify,
                                            std::string_view touchpoint);

// A rule as the API reads it: {"name", "enabled"?, "survey_id"?, "match"?, "conditions",
// "notify"?, "open_case"?, "priority"?, "dedupe_minutes"?, "max_per_hour"?}; or, for a
// score, "watch" (act/metric_watch.h) and "survey_id" instead of "match" and "conditions".
struct AlertRuleInput {
  std::string name;
  bool enabled = true;
  std::optional<int64_t> survey_id;
  Json conditions = Json::object();  // {"match", "conditions"}
  std::optional<Json> watch;         // a score to watch instead (act/metric_watch.h)
  Json notify = Json::object();
  bool open_case = true;
  CasePriority priority = CasePriority::kNormal;
  int64_t dedupe_minutes = 24 * 60;
  int64_t max_per_hour = 0;
};
AlertRuleInput ReadAlertRuleInput(JsonObjectReader& r);

Json ToJson(const AlertRule& rule);
// Whether the rule watches a score (its stored conditions are {"watch": …}).
bool IsWatch(const AlertRule& rule);
Json ToJson(const Alert& alert);

class AlertRules {
 public:
  AlertRules(Store& store, survey::SurveyService& surveys, Cases& cases, const Clock& clock)
      : store_(store), surveys_(surveys), cases_(cases), clock_(clock) {}

  Result<AlertRule> Create(const Actor& actor, const OrgAccess& access, const AlertRuleInput& input);
  Result<AlertRule> Update(const Actor& actor, const OrgAccess& access, int64_t rule_id,
                           const AlertRuleInput& input);
  Result<void> Delete(const Actor& actor, const OrgAccess& access, int64_t rule_id);

  // The hook: evaluates the organisation's enabled rules on `response` (complete ones
  // only) in the transaction `tx` that writes it.
  Result<void> OnResponse(Store& tx, const Response& response, const survey::Definition& definition);

  // Alerts fired per rule since the process started (for /metrics).
  uint64_t fired() const { return fired_.load(); }

 private:
  struct Compiled {
    AlertRule rule;
    Conditions conditions;
    AlertNotify notify;
    bool reads_personas = false;
  };
  struct OrgRules {
    std::pair<int64_t, int64_t> revision{-1, -1};
    int64_t checked_ms = 0;
    std::shared_ptr<const std::vector<Compiled>> rules;
  };

  Result<AlertRule> Checked(OrgId org, const AlertRuleInput& input, AlertRule rule);
  Result<void> CheckWatchedSurvey(OrgId org, int64_t survey_id, const Watch& watch);
  Result<std::shared_ptr<const std::vector<Compiled>>> RulesOf(Store& tx, OrgId org);
  Result<void> Fire(Store& tx, const Compiled& rule, const Response& response,
                    std::optional<int64_t> nps, int64_t now_ms);
  void Forget(OrgId org);

  Store& store_;
  survey::SurveyService& surveys_;
  Cases& cases_;
  const Clock& clock_;
  std::mutex mu_;
  std::map<int64_t, OrgRules> cache_;
  std::atomic<uint64_t> fired_{0};
};

}  // namespace nazar::act
