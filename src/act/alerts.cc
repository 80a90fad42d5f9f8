#include "act/alerts.h"

#include <fmt/format.h>

#include <algorithm>

#include "accounts/audit.h"
#include "act/members.h"
#include "act/metric_watch.h"
#include "act/notify.h"
#include "act/ratings.h"
#include "webhooks/publish.h"
#include "comments/enrichment.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr int64_t kHourMs = 3600'000;

std::string Fold(std::string_view text) { return comments::FoldForSearch(text); }

}  // namespace

Result<AlertNotify> ParseNotify(const Json& j) {
  AlertNotify n;
  auto bad = [](std::string field, std::string message) {
    return Fail(Error::InvalidArgument(std::move(message), "notify." + field));
  };
  if (!j.is_object()) return Fail(Error::InvalidArgument("notify must be an object", "notify"));
  for (const auto& [k, v] : j.items()) {
    if (k != "users" && k != "roles" && k != "touchpoint_owner" && k != "channels")
      return bad(k, fmt::format("unknown member {}", k));
  }
  if (j.contains("users")) {
    if (!j["users"].is_array() || j["users"].size() > 50) return bad("users", "users must be a list of at most 50 user ids");
    for (const Json& u : j["users"]) {
      if (!u.is_number_integer() || u.get<int64_t>() <= 0) return bad("users", "users must be user ids");
      n.users.push_back(u.get<int64_t>());
    }
  }
  if (j.contains("roles")) {
    if (!j["roles"].is_array()) return bad("roles", "roles must be a list of roles");
    for (const Json& r : j["roles"]) {
      auto role = r.is_string() ? ParseRole(r.get<std::string>()) : std::nullopt;
      if (!role) return bad("roles", "roles are owner, admin, analyst, agent or viewer");
      n.roles.push_back(*role);
    }
  }
  if (j.contains("touchpoint_owner")) {
    if (!j["touchpoint_owner"].is_boolean()) return bad("touchpoint_owner", "touchpoint_owner must be true or false");
    n.touchpoint_owner = j["touchpoint_owner"].get<bool>();
  }
  if (j.contains("channels")) {
    if (!j["channels"].is_array()) return bad("channels", "channels must be a list");
    n.in_app = false;
    for (const Json& c : j["channels"]) {
      if (c == "in_app") n.in_app = true;
      else if (c == "email") n.email = true;
      else return bad("channels", "channels are in_app and email");
    }
  }
  return n;
}

namespace {

// What a response says, for the conditions.
// `answers`: r's answers, parsed once by the caller.
ResponseFacts FactsOf(const Response& r, Json answers, bool with_personas, Store& tx) {
  ResponseFacts f;
  f.answers = std::move(answers);
  Json hidden = Json::parse(r.hidden, nullptr, false);
  if (hidden.is_object())
    for (const auto& [k, v] : hidden.items())
      if (v.is_string()) f.hidden[k] = v.get<std::string>();
  f.touchpoint = r.touchpoint;
  f.channel = r.channel;
  f.agent = r.agent;
  f.language = r.language;
  for (const comments::StoredComment& c : comments::StoredComments(r.meta)) {
    f.sentiments.push_back(c.label);
    f.topics.insert(f.topics.end(), c.topics.begin(), c.topics.end());
  }
  if (r.comment_text) f.comment_text = Matchable(*r.comment_text);
  if (with_personas && r.contact_id) {
    if (auto members = tx.personas().ListPersonaMembers(r.org_id, *r.contact_id))
      for (const PersonaMember& m : *members) f.personas.push_back(m.persona_id);
  }
  return f;
}

// The case title: the rule's name and the score that set it off, in the response's words.
std::string CaseTitle(const AlertRule& rule, const Response& r) {
  return fmt::format("{} · response {}", rule.name, r.id);
}

}  // namespace

AlertRuleInput ReadAlertRuleInput(JsonObjectReader& r) {
  AlertRuleInput in;
  in.name = r.String("name", {.min_chars = 1, .max_chars = 120});
  in.enabled = r.OptionalBool("enabled").value_or(true);
  in.survey_id = r.OptionalInt("survey_id", {.min = 1});
  if (auto m = r.OptionalString("match", {.max_chars = 10})) in.conditions["match"] = *m;
  if (const Json* w = r.OptionalValue("watch"); w && !w->is_null()) in.watch = *w;
  if (const Json* c = r.OptionalValue("conditions")) {
    // A watch's own GET answers "conditions": [] — sent back, it means none.
    if (in.watch && !(c->is_array() && c->empty()))
      r.Reject("conditions", "a rule has conditions on responses or a watch on a score, not both");
    in.conditions["conditions"] = *c;
  } else if (!in.watch) {
    r.Reject("conditions", "conditions is required");
  }
  if (const Json* n = r.OptionalValue("notify")) in.notify = *n;
  in.open_case = r.OptionalBool("open_case").value_or(true);
  if (auto p = r.OptionalString("priority", {.max_chars = 20})) {
    auto parsed = ParseCasePriority(*p);
    if (!parsed) r.Reject("priority", fmt::format("priority is {}", CasePriorityNames()));
    else in.priority = *parsed;
  }
  in.dedupe_minutes = r.OptionalInt("dedupe_minutes", {.min = 0, .max = 60 * 24 * 90}).value_or(24 * 60);
  in.max_per_hour = r.OptionalInt("max_per_hour", {.min = 0, .max = 100000}).value_or(0);
  return in;
}

Json ToJson(const AlertRule& a) {
  Json conditions = Json::parse(a.conditions, nullptr, false);
  if (!conditions.is_object()) conditions = Json::object();
  return {{"id", a.id},
          {"watch", conditions.contains("watch") ? conditions["watch"] : Json(nullptr)},
          {"name", a.name},
          {"enabled", a.enabled},
          {"survey_id", a.survey_id ? Json(*a.survey_id) : Json(nullptr)},
          {"match", conditions.value("match", "all")},
          {"conditions", conditions.value("conditions", Json::array())},
          {"notify", Json::parse(a.notify, nullptr, false)},
          {"open_case", a.open_case},
          {"priority", a.priority},
          {"dedupe_minutes", a.dedupe_minutes},
          {"max_per_hour", a.max_per_hour},
          {"created_at", FormatIsoUtc(a.created_ms)},
          {"updated_at", FormatIsoUtc(a.updated_ms)}};
}

bool IsWatch(const AlertRule& rule) { return rule.conditions.find("\"watch\"") != std::string::npos &&
                                              Json::parse(rule.conditions, nullptr, false).contains("watch"); }

Json ToJson(const Alert& a) {
  return {{"id", a.id},
          {"rule_id", a.rule_id},
          {"response_id", a.response_id},
          {"contact_id", a.contact_id ? Json(*a.contact_id) : Json(nullptr)},
          {"case_id", a.case_id ? Json(*a.case_id) : Json(nullptr)},
          {"suppressed", a.suppressed.empty() ? Json(nullptr) : Json(a.suppressed)},
          {"created_at", FormatIsoUtc(a.created_ms)}};
}

Result<AlertRule> AlertRules::Checked(OrgId org, const AlertRuleInput& in, AlertRule rule) {
  TRY_ASSIGN(AlertNotify notify, ParseNotify(in.notify));
  for (int64_t u : notify.users) TRY(CheckMember(store_, org, u, "notify.users"));
  Conditions conditions;
  if (in.watch) {
    TRY_ASSIGN(Watch watch, ParseWatch(*in.watch));
    if (!in.survey_id) return Fail(Error::InvalidArgument("a watch needs the survey whose score it watches", "survey_id"));
    TRY(CheckWatchedSurvey(org, *in.survey_id, watch));
    rule.conditions = Json{{"watch", ToJson(watch)}}.dump();
  } else {
    TRY_ASSIGN(conditions, ParseConditions(in.conditions, Fold));
    rule.conditions = ToJson(conditions).dump();
  }
  if (in.survey_id && !in.watch) {
    auto survey = store_.surveys().GetSurvey(org, *in.survey_id);
    if (!survey) {
      if (survey.error().code != ErrorCode::kNotFound) return Fail(survey.error());
      return Fail(Error::InvalidArgument("no such survey", "survey_id"));
    }
    if (auto live = surveys_.Live(org, *in.survey_id)) {
      for (const auto& [i, question] : QuestionsRead(conditions)) {
        if (!live->definition->FindQuestion(question))
          return Fail(Error::InvalidArgument(fmt::format("the survey has no question {}", question),
                                             fmt::format("conditions[{}].field", i)));
      }
    }
  }
  rule.org_id = org;
  rule.name = in.name;
  rule.enabled = in.enabled;
  rule.survey_id = in.survey_id;
  rule.notify = in.notify.dump();
  rule.open_case = in.open_case;
  rule.priority = std::string(ToString(in.priority));
  rule.dedupe_minutes = in.dedupe_minutes;
  rule.max_per_hour = in.max_per_hour;
  rule.updated_ms = clock_.NowMs();
  return rule;
}

Result<AlertRule> AlertRules::Create(const Actor& actor, const OrgAccess& access, const AlertRuleInput& in) {
  TRY_ASSIGN(AlertRule rule, Checked(access.org, in, AlertRule{.created_ms = clock_.NowMs()}));
  AlertRule made;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(made, tx.act().CreateAlertRule(rule));
    return WriteAudit(tx.audit(), actor, access.org, "alert_rule.create", fmt::format("alert_rule:{}", made.id),
                      ToJson(made), clock_.NowMs());
  }));
  Forget(access.org);
  return made;
}

Result<AlertRule> AlertRules::Update(const Actor& actor, const OrgAccess& access, int64_t id,
                                     const AlertRuleInput& in) {
  TRY_ASSIGN(AlertRule old, store_.act().GetAlertRule(access.org, id));
  TRY_ASSIGN(AlertRule rule, Checked(access.org, in, old));
  AlertRule saved;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(saved, tx.act().UpdateAlertRule(access.org, rule));
    return WriteAudit(tx.audit(), actor, access.org, "alert_rule.update", fmt::format("alert_rule:{}", id),
                      ToJson(saved), clock_.NowMs());
  }));
  Forget(access.org);
  return saved;
}

Result<void> AlertRules::Delete(const Actor& actor, const OrgAccess& access, int64_t id) {
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(AlertRule old, tx.act().GetAlertRule(access.org, id));
    TRY(tx.act().DeleteAlertRule(access.org, id));
    return WriteAudit(tx.audit(), actor, access.org, "alert_rule.delete", fmt::format("alert_rule:{}", id),
                      {{"name", old.name}}, clock_.NowMs());
  }));
  Forget(access.org);
  return {};
}

Result<void> AlertRules::CheckWatchedSurvey(OrgId org, int64_t survey_id, const Watch& watch) {
  auto survey = store_.surveys().GetSurvey(org, survey_id);
  if (!survey) {
    if (survey.error().code != ErrorCode::kNotFound) return Fail(survey.error());
    return Fail(Error::InvalidArgument("no such survey", "survey_id"));
  }
  auto live = surveys_.Live(org, survey_id);
  if (!live) return {};  // not published yet: checked again when it fires
  const survey::QuestionType wanted = watch.metric == results::Metric::kNps    ? survey::QuestionType::kNps
                                      : watch.metric == results::Metric::kCsat ? survey::QuestionType::kCsat
                                                                               : survey::QuestionType::kCes;
  for (const survey::Question& q : live->definition->questions)
    if (q.type == wanted) return {};
  return Fail(Error::InvalidArgument(fmt::format("the survey asks no {} question", results::ToString(watch.metric)),
                                     "watch.metric"));
}

void AlertRules::Forget(OrgId org) {
  std::lock_guard lock(mu_);
  cache_.erase(org.value);
}

Result<std::shared_ptr<const std::vector<AlertRules::Compiled>>> AlertRules::RulesOf(Store& tx, OrgId org) {
  const int64_t now = clock_.NowMs();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(org.value);
    if (it != cache_.end() && now - it->second.checked_ms < kRulesRecheckMs) return it->second.rules;
  }
  TRY_ASSIGN(auto revision, tx.act().AlertRulesRevision(org));
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(org.value);
    if (it != cache_.end() && it->second.revision == revision) {
      it->second.checked_ms = now;
      return it->second.rules;
    }
  }
  auto compiled = std::make_shared<std::vector<Compiled>>();
  if (revision.second > 0) {
    TRY_ASSIGN(auto rules, tx.act().ListAlertRules(org));
    for (AlertRule& rule : rules) {
      if (!rule.enabled || IsWatch(rule)) continue;  // a watch runs on a schedule (act/metric_watch.h)
      auto conditions = ParseConditions(Json::parse(rule.conditions, nullptr, false), Fold);
      auto notify = ParseNotify(Json::parse(rule.notify, nullptr, false));
      if (!conditions || !notify) continue;  // checked when saved; a bad row never fires
      bool personas = std::any_of(conditions->all.begin(), conditions->all.end(),
                                  [](const Condition& c) { return c.field == ConditionField::kPersona; });
      compiled->push_back({std::move(rule), std::move(*conditions), std::move(*notify), personas});
    }
  }
  std::lock_guard lock(mu_);
  cache_[org.value] = OrgRules{revision, now, compiled};
  return std::shared_ptr<const std::vector<Compiled>>(compiled);
}

Result<void> AlertRules::OnResponse(Store& tx, const Response& response, const survey::Definition& definition) {
  if (response.status != ResponseStatus::kComplete) return {};
  Json answers = Json::parse(response.answers, nullptr, false);
  const std::optional<int64_t> nps = NpsOf(answers, definition);
  // A customer rating again: the loop's recovery measure reads it on their earlier cases.
  if (nps && response.contact_id) {
    TRY(tx.act().RecordNextNps(response.org_id, *response.contact_id, response.id, *nps,
                               response.completed_ms.value_or(response.created_ms)));
  }
  TRY_ASSIGN(auto rules, RulesOf(tx, response.org_id));
  if (rules->empty()) return {};
  const bool personas = std::any_of(rules->begin(), rules->end(), [](const Compiled& c) { return c.reads_personas; });
  ResponseFacts facts = FactsOf(response, std::move(answers), personas, tx);
  const int64_t now = clock_.NowMs();
  for (const Compiled& rule : *rules) {
    if (rule.rule.survey_id && *rule.rule.survey_id != response.survey_id) continue;
    if (!Holds(rule.conditions, facts)) continue;
    TRY(Fire(tx, rule, response, nps, now));
  }
  return {};
}

Result<std::vector<UserId>> AlertRecipients(Store& tx, OrgId org, const AlertNotify& notify,
                                            std::string_view touchpoint) {
  std::vector<UserId> out;
  for (int64_t u : notify.users) out.push_back(UserId{u});
  if (!notify.roles.empty()) {
    TRY(ForEachListed(PageRequest{.limit = 1000},
                      [&](const PageRequest& q) { return tx.accounts().ListMembers(org, q); },
                      [&](const Member& m) {
                        if (std::find(notify.roles.begin(), notify.roles.end(), m.role) != notify.roles.end())
                          out.push_back(m.user_id);
                      }));
  }
  if (notify.touchpoint_owner && !touchpoint.empty()) {
    auto tps = tx.journeys().ListTouchpoints(org);
    if (tps) {
      for (const Touchpoint& t : *tps) {
        if (t.key != touchpoint || t.owner.empty()) continue;
        if (auto user = tx.accounts().FindUserByEmail(t.owner))
          if (tx.accounts().GetMember(org, user->id)) out.push_back(user->id);
      }
    }
  }
  return out;
}

Result<void> AlertRules::Fire(Store& tx, const Compiled& c, const Response& response,
                              std::optional<int64_t> nps, int64_t now) {
  const AlertRule& rule = c.rule;
  Alert alert{.org_id = response.org_id, .rule_id = rule.id, .response_id = response.id,
              .contact_id = response.contact_id, .created_ms = now};
  if (rule.dedupe_minutes > 0 && response.contact_id) {
    TRY_ASSIGN(int64_t recent, tx.act().CountFiredAlerts(response.org_id, rule.id,
                                                         now - rule.dedupe_minutes * 60'000, response.contact_id));
    if (recent > 0) alert.suppressed = "duplicate";
  }
  if (alert.suppressed.empty() && rule.max_per_hour > 0) {
    TRY_ASSIGN(int64_t hour, tx.act().CountFiredAlerts(response.org_id, rule.id, now - kHourMs, std::nullopt));
    if (hour >= rule.max_per_hour) alert.suppressed = "rate_cap";
  }
  TRY_ASSIGN(std::optional<Alert> inserted, tx.act().InsertAlert(alert));
  if (!inserted || !inserted->suppressed.empty()) return {};
  fired_++;
  Json detail = {{"title", CaseTitle(rule, response)}, {"rule_id", rule.id}, {"response_id", response.id}};
  TRY(webhooks::Publish(tx, response.org_id, "alert.fired",
                        {{"id", inserted->id}, {"rule_id", rule.id}, {"rule", rule.name},
                         {"response_id", response.id},
                         {"contact_id", response.contact_id ? Json(*response.contact_id) : Json(nullptr)},
                         {"touchpoint", response.touchpoint}, {"agent", response.agent}},
                        now));
  if (rule.open_case) {
    Case draft{.org_id = response.org_id, .title = CaseTitle(rule, response), .priority = rule.priority,
               .response_id = response.id, .contact_id = response.contact_id, .rule_id = rule.id,
               .touchpoint = response.touchpoint, .agent = response.agent, .nps = nps};
    TRY_ASSIGN(Case opened, cases_.Open(tx, draft, std::nullopt, now));
    TRY(tx.act().SetAlertCase(response.org_id, inserted->id, opened.id));
    detail["case_id"] = opened.id;
  }
  TRY_ASSIGN(std::vector<UserId> people, AlertRecipients(tx, response.org_id, c.notify, response.touchpoint));
  if (people.empty() || (!c.notify.in_app && !c.notify.email)) return {};
  Notice notice{.kind = "alert", .detail = detail, .key = fmt::format("alert:{}", inserted->id)};
  return Notify(tx, response.org_id, people, notice, c.notify.email, now);
}

}  // namespace nazar::act
