#include "act/settings.h"

#include <fmt/format.h>

#include "accounts/audit.h"
#include "act/members.h"
#include "core/enum_names.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kMaxTargetMinutes = 60 * 24 * 365;
constexpr CasePriority kPriorities[] = {CasePriority::kLow, CasePriority::kNormal,
                                        CasePriority::kHigh, CasePriority::kUrgent};

Error Bad(std::string field, std::string message) {
  return Error::InvalidArgument(std::move(message), std::move(field));
}

// An error of a nested parser, its field put under `prefix`.
Error Under(std::string_view prefix, Error e) {
  e.field = e.field.empty() ? std::string(prefix) : fmt::format("{}.{}", prefix, e.field);
  return e;
}

Result<int64_t> Minutes(const Json& j, const std::string& field) {
  if (!j.is_number_integer() || j.get<int64_t>() <= 0 || j.get<int64_t>() > kMaxTargetMinutes)
    return Fail(Bad(field, fmt::format("{} must be a whole number of working minutes, 1 to {}",
                                       field.substr(field.rfind('.') + 1), kMaxTargetMinutes)));
  return j.get<int64_t>();
}

Result<Json> CheckAssignment(const Json& a) {
  if (!a.is_object()) return Fail(Bad("assignment", "assignment must be an object"));
  auto users = [](const Json& list, const std::string& field) -> Result<void> {
    if (!list.is_array() || list.empty() || list.size() > 100)
      return Fail(Bad(field, "users must be a list of 1 to 100 user ids"));
    for (const Json& u : list)
      if (!u.is_number_integer() || u.get<int64_t>() <= 0) return Fail(Bad(field, "users must be user ids"));
    return {};
  };
  for (const auto& [k, v] : a.items()) {
    if (k != "rules" && k != "default") return Fail(Bad("assignment." + k, fmt::format("unknown member {}", k)));
  }
  if (a.contains("default")) TRY(users(a["default"], "assignment.default"));
  if (a.contains("rules")) {
    if (!a["rules"].is_array() || a["rules"].size() > 50)
      return Fail(Bad("assignment.rules", "rules must be a list of at most 50 rules"));
    for (size_t i = 0; i < a["rules"].size(); ++i) {
      const Json& rule = a["rules"][i];
      std::string at = fmt::format("assignment.rules[{}]", i);
      if (!rule.is_object()) return Fail(Bad(at, "a rule must be an object"));
      for (const auto& [k, v] : rule.items()) {
        if (k == "users") continue;
        if (k != "touchpoint" && k != "agent" && k != "priority")
          return Fail(Bad(at + "." + k, fmt::format("unknown member {}", k)));
        if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 200)
          return Fail(Bad(at + "." + k, fmt::format("{} must be text", k)));
        if (k == "priority" && !ParseCasePriority(v.get<std::string>()))
          return Fail(Bad(at + ".priority", fmt::format("priority is {}", CasePriorityNames())));
      }
      if (!rule.contains("users")) return Fail(Bad(at + ".users", "users is required"));
      TRY(users(rule["users"], at + ".users"));
    }
  }
  return a;
}

std::vector<int64_t> UsersNamed(const Json& a) {
  std::vector<int64_t> out;
  auto add = [&](const Json& list) {
    for (const Json& u : list) out.push_back(u.get<int64_t>());
  };
  if (a.contains("default")) add(a["default"]);
  if (a.contains("rules"))
    for (const Json& r : a["rules"]) add(r["users"]);
  return out;
}

}  // namespace

ActConfig DefaultActConfig(std::string_view time_zone) {
  ActConfig c;
  c.calendar = time_zone == "Asia/Tehran" ? IranianCalendar() : WeekdaysCalendar(std::string(time_zone));
  c.sla[static_cast<int>(CasePriority::kUrgent)] = {60, 8 * 60};
  c.sla[static_cast<int>(CasePriority::kHigh)] = {4 * 60, 16 * 60};
  c.sla[static_cast<int>(CasePriority::kNormal)] = {8 * 60, 40 * 60};
  c.sla[static_cast<int>(CasePriority::kLow)] = {16 * 60, 80 * 60};
  return c;
}

Result<ActConfig> ParseActSettings(const Json& body, const ActConfig& defaults) {
  if (!body.is_object()) return Fail(Bad("body", "the settings must be an object"));
  for (const auto& [k, v] : body.items()) {
    if (k != "calendar" && k != "sla" && k != "warn_at" && k != "assignment" && k != "escalate_to")
      return Fail(Bad(k, fmt::format("unknown field {}", k)));
  }
  ActConfig c = defaults;
  c.saved = true;
  if (body.contains("calendar")) {
    auto calendar = ParseBusinessCalendar(body["calendar"]);
    if (!calendar) return Fail(Under("calendar", calendar.error()));
    c.calendar = std::move(*calendar);
  }
  if (body.contains("sla")) {
    const Json& sla = body["sla"];
    if (!sla.is_object()) return Fail(Bad("sla", "sla must be an object of priorities"));
    for (const auto& [name, target] : sla.items()) {
      auto p = ParseCasePriority(name);
      std::string at = "sla." + name;
      if (!p) return Fail(Bad(at, fmt::format("priorities are {}", CasePriorityNames())));
      if (!target.is_object() || !target.contains("first_response_minutes") || !target.contains("resolution_minutes"))
        return Fail(Bad(at, "a target needs first_response_minutes and resolution_minutes"));
      for (const auto& [k, v] : target.items())
        if (k != "first_response_minutes" && k != "resolution_minutes")
          return Fail(Bad(at + "." + k, fmt::format("unknown member {}", k)));
      TRY_ASSIGN(int64_t first, Minutes(target["first_response_minutes"], at + ".first_response_minutes"));
      TRY_ASSIGN(int64_t resolve, Minutes(target["resolution_minutes"], at + ".resolution_minutes"));
      if (resolve < first)
        return Fail(Bad(at + ".resolution_minutes", "resolution cannot come before the first response"));
      c.sla[static_cast<int>(*p)] = {first, resolve};
    }
  }
  if (body.contains("warn_at")) {
    const Json& w = body["warn_at"];
    if (!w.is_number() || w.get<double>() < 0.5 || w.get<double>() > 0.99)
      return Fail(Bad("warn_at", "warn_at is a share of the target between 0.5 and 0.99"));
    c.warn_fraction = w.get<double>();
  }
  if (body.contains("assignment")) {
    TRY_ASSIGN(c.assignment, CheckAssignment(body["assignment"]));
  }
  if (body.contains("escalate_to")) {
    const Json& e = body["escalate_to"];
    if (e.is_null()) c.escalate_to.reset();
    else if (e.is_number_integer() && e.get<int64_t>() > 0) c.escalate_to = UserId{e.get<int64_t>()};
    else return Fail(Bad("escalate_to", "escalate_to is a member's id or null"));
  }
  return c;
}

Json ToJson(const ActConfig& c) {
  Json sla = Json::object();
  for (CasePriority p : kPriorities) {
    const PrioritySla& t = c.sla[static_cast<int>(p)];
    sla[std::string(ToString(p))] = {{"first_response_minutes", t.first_response_minutes},
                                     {"resolution_minutes", t.resolution_minutes}};
  }
  return {{"calendar", ToJson(c.calendar)}, {"sla", std::move(sla)}, {"warn_at", c.warn_fraction},
          {"assignment", c.assignment},
          {"escalate_to", c.escalate_to ? Json(c.escalate_to->value) : Json(nullptr)},
          {"saved", c.saved}};
}

CaseSla EvaluateCaseSla(const BusinessClock& clock, const ActConfig& config, const Case& c,
                        const std::vector<CaseEvent>& history, int64_t now_ms) {
  // Paused while waiting on the customer, and while resolved (a reopened case resumes).
  std::vector<Pause> pauses;
  std::optional<int64_t> paused_since;
  for (const CaseEvent& e : history) {
    if (e.kind != "status") continue;
    Json d = Json::parse(e.detail, nullptr, false);
    std::string to = d.is_object() ? d.value("to", "") : "";
    bool pausing = to == "waiting" || to == "resolved" || to == "closed";
    if (pausing && !paused_since) paused_since = e.at_ms;
    if (!pausing && paused_since) {
      pauses.push_back({*paused_since, e.at_ms});
      paused_since.reset();
    }
  }
  if (paused_since) pauses.push_back({*paused_since, std::nullopt});
  auto priority = ParseCasePriority(c.priority).value_or(CasePriority::kNormal);
  const PrioritySla& t = config.sla[static_cast<int>(priority)];
  CaseSla out;
  out.first_response = EvaluateSla(clock, {t.first_response_minutes * kMinuteMs, config.warn_fraction},
                                   c.created_ms, {}, c.first_response_ms, now_ms);
  out.resolution = EvaluateSla(clock, {t.resolution_minutes * kMinuteMs, config.warn_fraction},
                               c.created_ms, pauses, c.resolved_ms, now_ms);
  return out;
}

Json ToJson(const CaseSla& sla) {
  auto one = [](const SlaStatus& s) {
    auto at = [](const std::optional<int64_t>& ms) {
      return ms && *ms != BusinessClock::kNever ? Json(FormatIsoUtc(*ms)) : Json(nullptr);
    };
    return Json{{"state", SlaStateName(s.state)},
                {"elapsed_minutes", s.elapsed_working_ms / kMinuteMs},
                {"remaining_minutes", s.remaining_working_ms / kMinuteMs},
                {"due_at", at(s.due_ms)},
                {"warn_at", at(s.warn_ms)}};
  };
  return {{"first_response", one(sla.first_response)}, {"resolution", one(sla.resolution)}};
}

ActSettings StoredActSettings(OrgId org, const ActConfig& config, int64_t now_ms) {
  Json saved = ToJson(config);
  // The sla column also keeps the settings that are not per priority (Get splits them off).
  Json sla = saved["sla"];
  sla["warn_at"] = config.warn_fraction;
  sla["escalate_to"] = saved["escalate_to"];
  return {.org_id = org, .calendar = saved["calendar"].dump(), .sla = sla.dump(),
          .assignment = config.assignment.dump(), .updated_ms = now_ms};
}

Result<std::shared_ptr<const ActSettingsService::Loaded>> ActSettingsService::Get(OrgId org) {
  TRY_ASSIGN(ActSettings stored, store_.act().GetActSettings(org));
  // Never saved: the defaults follow the organisation's time zone.
  std::string zone;
  if (stored.updated_ms == 0) {
    TRY_ASSIGN(Organisation o, store_.accounts().GetOrganisation(org));
    zone = o.time_zone;
  }
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(org.value);
    if (it != cache_.end() && it->second.updated_ms == stored.updated_ms && it->second.zone == zone)
      return it->second.loaded;
  }
  ActConfig defaults = DefaultActConfig(zone.empty() ? "UTC" : zone);
  ActConfig config = defaults;
  if (stored.updated_ms != 0) {
    Json body = {{"calendar", Json::parse(stored.calendar, nullptr, false)},
                 {"sla", Json::parse(stored.sla, nullptr, false)},
                 {"assignment", Json::parse(stored.assignment, nullptr, false)}};
    Json sla = body["sla"];
    for (const char* extra : {"warn_at", "escalate_to"}) {
      if (sla.is_object() && sla.contains(extra)) {
        body[extra] = sla[extra];
        body["sla"].erase(extra);
      }
    }
    auto parsed = ParseActSettings(body, defaults);
    if (!parsed) return Fail(Error::Internal("stored act settings do not read: " + parsed.error().message));
    config = std::move(*parsed);
  }
  TRY_ASSIGN(BusinessClock clock, BusinessClock::Make(config.calendar));
  auto loaded = std::make_shared<const Loaded>(Loaded{std::move(config), std::move(clock)});
  std::lock_guard lock(mu_);
  cache_[org.value] = {stored.updated_ms, zone, loaded};
  return loaded;
}

Result<std::shared_ptr<const ActSettingsService::Loaded>> ActSettingsService::Put(
    const Actor& actor, const OrgAccess& access, const Json& body) {
  TRY_ASSIGN(std::shared_ptr<const Loaded> current, Get(access.org));
  TRY_ASSIGN(ActConfig config, ParseActSettings(body, current->config));
  std::vector<std::pair<int64_t, const char*>> named;
  for (int64_t u : UsersNamed(config.assignment)) named.emplace_back(u, "assignment");
  if (config.escalate_to) named.emplace_back(config.escalate_to->value, "escalate_to");
  for (const auto& [u, field] : named) TRY(CheckMember(store_, access.org, u, field));
  const int64_t now = std::max<int64_t>(clock_.NowMs(), 1);
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY(tx.act().PutActSettings(StoredActSettings(access.org, config, now)));
    return WriteAudit(tx.audit(), actor, access.org, "act_settings.update", "act_settings", ToJson(config), now);
  }));
  return Get(access.org);
}

}  // namespace nazar::act
