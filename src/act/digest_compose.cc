// Composing a digest from the store (act/digest.h).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>

#include "accounts/permissions.h"
#include "act/case_flow.h"
#include "act/digest.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr int kPageSize = 200;

std::string NameIn(const std::string& stored, std::string_view locale, const std::string& fallback) {
  Json j = Json::parse(stored, nullptr, false);
  if (j.is_string()) return j.get<std::string>();
  if (!j.is_object()) return stored.empty() ? fallback : stored;
  for (std::string_view want : {locale, std::string_view("en"), std::string_view("fa")}) {
    auto it = j.find(std::string(want));
    if (it != j.end() && it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
  }
  return fallback;
}

Result<std::vector<DigestKpi>> Kpis(Store& store, CxProgramService& program, const OrgAccess& access,
                                    std::string_view locale) {
  TRY_ASSIGN(std::vector<KpiLine> lines, program.Scorecard(access));
  std::map<int64_t, std::string> surveys;
  std::map<std::string, std::string> touchpoints;
  if (!lines.empty()) {
    TRY_ASSIGN(std::vector<Touchpoint> tps, store.journeys().ListTouchpoints(access.org));
    for (const Touchpoint& t : tps) touchpoints[t.key] = NameIn(t.name, locale, t.key);
  }
  std::vector<DigestKpi> out;
  for (KpiLine& line : lines) {
    const int64_t id = line.kpi.survey_id;
    if (!surveys.contains(id)) {
      auto s = store.surveys().GetSurvey(access.org, id);
      surveys[id] = s ? s->name : fmt::format("#{}", id);
    }
    std::string metric = line.kpi.metric;
    std::transform(metric.begin(), metric.end(), metric.begin(), [](unsigned char c) { return std::toupper(c); });
    std::string label = fmt::format("{} · {}", surveys[id], metric);
    if (!line.kpi.touchpoint.empty()) {
      auto t = touchpoints.find(line.kpi.touchpoint);
      label += " · " + (t == touchpoints.end() ? line.kpi.touchpoint : t->second);
    }
    out.push_back({.label = std::move(label), .line = std::move(line)});
  }
  return out;
}

// The member's alert notifications in [since, until), newest first.
Result<void> ToldAlerts(Store& store, const DigestRequest& req, Digest& d) {
  PageRequest page{.limit = kPageSize};
  for (;;) {
    TRY_ASSIGN(Page<Notification> got, store.act().ListNotifications(req.org, req.user, false, page));
    for (const Notification& n : got.items) {
      if (n.created_ms >= req.until_ms) continue;
      if (n.created_ms < req.since_ms) return {};
      if (n.kind != "alert") continue;
      ++d.alerts;
      if (d.newest_alerts.size() >= kDigestListed) continue;
      Json detail = Json::parse(n.detail, nullptr, false);
      DigestAlert a{.at_ms = n.created_ms};
      if (detail.is_object()) {
        a.title = detail.value("title", Json(""));
        if (detail.contains("case_id") && detail["case_id"].is_number_integer())
          a.case_id = detail["case_id"].get<int64_t>();
      }
      d.newest_alerts.push_back(std::move(a));
    }
    if (!got.next_after) return {};
    page.after = got.next_after;
  }
}

Result<std::vector<Case>> OpenCases(Store& store, OrgId org, CaseQuery query) {
  query.statuses = {std::string(ToString(CaseStatus::kNew)), std::string(ToString(CaseStatus::kOpen)),
                    std::string(ToString(CaseStatus::kWaiting))};
  query.limit = kPageSize;
  std::vector<Case> out;
  for (;;) {
    TRY_ASSIGN(Page<Case> got, store.act().ListCases(org, query));
    out.insert(out.end(), got.items.begin(), got.items.end());
    if (!got.next_after) return out;
    query.after = got.next_after;
  }
}

void AddIfNear(const Case& c, const char* target, const SlaStatus& s, std::vector<DigestCase>& out) {
  if (s.state != SlaState::kWarning && s.state != SlaState::kBreached) return;
  out.push_back({.id = c.id, .title = c.title, .priority = c.priority, .target = target,
                 .state = std::string(SlaStateName(s.state)), .due_ms = s.due_ms});
}

Result<void> OwnCases(Store& store, ActSettingsService& settings, const DigestRequest& req, const Member& member,
                   Digest& d) {
  TRY_ASSIGN(std::vector<Case> mine, OpenCases(store, req.org, {.owner = req.user}));
  d.open_cases = static_cast<int64_t>(mine.size());
  if (!mine.empty()) {
    TRY_ASSIGN(auto loaded, settings.Get(req.org));
    for (const Case& c : mine) {
      TRY_ASSIGN(std::vector<CaseEvent> history, store.act().ListCaseEvents(req.org, c.id));
      const CaseSla sla = EvaluateCaseSla(loaded->clock, loaded->config, c, history, req.until_ms);
      AddIfNear(c, "first_response", sla.first_response, d.near_breach);
      AddIfNear(c, "resolution", sla.resolution, d.near_breach);
    }
    std::stable_sort(d.near_breach.begin(), d.near_breach.end(), [](const DigestCase& a, const DigestCase& b) {
      if ((a.state == "breached") != (b.state == "breached")) return a.state == "breached";
      return a.due_ms.value_or(INT64_MAX) < b.due_ms.value_or(INT64_MAX);
    });
    if (d.near_breach.size() > kDigestListed) d.near_breach.resize(kDigestListed);
  }
  if (RoleAllows(member.role, Permission::kManageCases)) {
    TRY_ASSIGN(std::vector<Case> nobody, OpenCases(store, req.org, {.unassigned = true}));
    d.unassigned = static_cast<int64_t>(nobody.size());
  }
  return {};
}

Json AlertJson(const DigestAlert& a) {
  return {{"title", a.title}, {"case_id", a.case_id ? Json(*a.case_id) : Json(nullptr)}, {"at", FormatIsoUtc(a.at_ms)}};
}

Json CaseJson(const DigestCase& c) {
  return {{"id", c.id},         {"title", c.title}, {"priority", c.priority},
          {"target", c.target}, {"state", c.state},
          {"due_at", c.due_ms ? Json(FormatIsoUtc(*c.due_ms)) : Json(nullptr)}};
}

}  // namespace

Result<Digest> ComposeDigest(Store& store, CxProgramService& program, ActSettingsService& settings,
                             const DigestRequest& req) {
  TRY_ASSIGN(const Member member, store.accounts().GetMember(req.org, req.user));
  TRY_ASSIGN(const User user, store.accounts().GetUser(req.user));
  Digest d{.frequency = req.frequency, .locale = user.locale == "fa" ? "fa" : "en", .user_name = user.name,
           .since_ms = req.since_ms, .until_ms = req.until_ms};
  TRY_ASSIGN(d.org, store.accounts().GetOrganisation(req.org));
  d.shows_kpis = RoleAllows(member.role, Permission::kReadCases);
  if (d.shows_kpis) {
    TRY_ASSIGN(d.kpis, Kpis(store, program, OrgAccess{.org = req.org, .role = member.role}, d.locale));
  }
  TRY(ToldAlerts(store, req, d));
  TRY(OwnCases(store, settings, req, member, d));
  return d;
}

Json ToJson(const Digest& d) {
  Json kpis = Json::array();
  for (const DigestKpi& k : d.kpis) {
    Json j = ToJson(k.line);
    j["label"] = k.label;
    kpis.push_back(std::move(j));
  }
  Json alerts = Json::array();
  for (const DigestAlert& a : d.newest_alerts) alerts.push_back(AlertJson(a));
  Json cases = Json::array();
  for (const DigestCase& c : d.near_breach) cases.push_back(CaseJson(c));
  return {{"frequency", d.frequency},
          {"locale", d.locale},
          {"since", FormatIsoUtc(d.since_ms)},
          {"until", FormatIsoUtc(d.until_ms)},
          {"kpis", d.shows_kpis ? kpis : Json(nullptr)},
          {"alerts", {{"count", d.alerts}, {"newest", alerts}}},
          {"cases", {{"open", d.open_cases},
                     {"near_breach", cases},
                     {"unassigned", d.unassigned ? Json(*d.unassigned) : Json(nullptr)}}},
          {"empty", d.empty()}};
}

}  // namespace nazar::act
