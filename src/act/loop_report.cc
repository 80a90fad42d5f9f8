#include "act/loop_report.h"

#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "accounts/permissions.h"
#include "act/case_flow.h"
#include "act/loop_metrics.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr int64_t kDayMs = 24 * 3600'000;
constexpr int64_t kDefaultDays = 90;
constexpr int64_t kMaxContactHours = 24 * 90;

Json Number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// A share with its counts; the share and its interval only at or above the minimum n.
Json ShareJson(const metrics::ProportionEstimate& p) {
  const bool show = p.enough && p.n > 0;
  return {{"successes", p.successes},
          {"n", p.n},
          {"share", show ? Number(p.share) : Json(nullptr)},
          {"ci_low", show ? Number(p.ci_low) : Json(nullptr)},
          {"ci_high", show ? Number(p.ci_high) : Json(nullptr)},
          {"enough", p.enough}};
}

Json QuantileJson(const QuantileEstimate& q, bool show) {
  if (!show) return nullptr;
  return {{"value", Number(q.value)}, {"ci_low", Number(q.ci_low)}, {"ci_high", Number(q.ci_high)}};
}

Json DurationJson(const DurationSummary& d) {
  return {{"n", d.n},
          {"waiting", d.waiting},
          {"enough", d.enough},
          {"median_hours", QuantileJson(d.median_hours, d.enough)},
          {"p90_hours", QuantileJson(d.p90_hours, d.enough)}};
}

bool Keep(const Case& c, const LoopQuery& q) {
  if (!q.touchpoint.empty() && c.touchpoint != q.touchpoint) return false;
  if (!q.agent.empty() && c.agent != q.agent) return false;
  if (q.owner && (!c.owner || c.owner->value != *q.owner)) return false;
  if (q.priority && c.priority != *q.priority) return false;
  if (q.rule_id && c.rule_id != q.rule_id) return false;
  return true;
}

}  // namespace

Result<LoopMeasure> LoopReport::Measure(OrgId org_id, const LoopQuery& q) {
  if (q.contact_within_hours < 1 || q.contact_within_hours > kMaxContactHours)
    return Fail(Error::InvalidArgument(fmt::format("hours lies between 1 and {}", kMaxContactHours), "hours"));
  if (q.priority && !ParseCasePriority(*q.priority))
    return Fail(Error::InvalidArgument(fmt::format("priority is {}", CasePriorityNames()), "priority"));
  const int64_t now = clock_.NowMs();
  const int64_t to = q.to_ms.value_or(now + 1);  // up to now, inclusive
  const int64_t from = q.from_ms.value_or(to - kDefaultDays * kDayMs);
  if (from >= to) return Fail(Error::InvalidArgument("from must come before to", "from"));

  TRY_ASSIGN(Organisation org, store_.accounts().GetOrganisation(org_id));
  TRY_ASSIGN(TimeZoneDays zone, TimeZoneDays::ForZone(org.time_zone));
  TRY_ASSIGN(auto settings, settings_.Get(org_id));
  TRY_ASSIGN(std::vector<Case> cases, store_.act().ListCasesCreated(org_id, from, to, kLoopCaseLimit + 1));
  const bool truncated = static_cast<int64_t>(cases.size()) > kLoopCaseLimit;
  if (truncated) cases.resize(kLoopCaseLimit);
  std::erase_if(cases, [&](const Case& c) { return !Keep(c, q); });

  // Status lines (the SLA's pauses) and checks, read once for the whole period.
  TRY_ASSIGN(std::vector<CaseEvent> status_lines, store_.act().ListCaseEventsOfKind(org_id, "status", from));
  std::unordered_map<int64_t, std::vector<CaseEvent>> history;
  for (CaseEvent& e : status_lines) history[e.case_id].push_back(std::move(e));
  TRY_ASSIGN(std::vector<CaseCheck> checks, store_.act().ListCaseChecksSince(org_id, from));
  std::unordered_map<int64_t, std::pair<int, std::string>> checks_of;  // sent, newest answer
  for (const CaseCheck& k : checks) {
    auto& [sent, answer] = checks_of[k.case_id];
    sent++;
    if (!k.answer.empty()) answer = k.answer;
  }

  static const std::vector<CaseEvent> kNone;
  std::vector<LoopCase> facts;
  facts.reserve(cases.size());
  for (const Case& c : cases) {
    auto h = history.find(c.id);
    CaseSla sla = EvaluateCaseSla(settings->clock, settings->config, c, h == history.end() ? kNone : h->second, now);
    auto status = ParseCaseStatus(c.status).value_or(CaseStatus::kOpen);
    LoopCase f{.created_ms = c.created_ms,
               .local_day = zone.LocalDay(c.created_ms),
               .first_response_ms = c.first_response_ms,
               .first_contact_ms = c.first_contact_ms,
               .resolved_ms = c.resolved_ms,
               .open = IsOpenWork(status),
               .nps = c.nps,
               .next_nps = c.next_nps,
               .first_response_sla = sla.first_response.state,
               .resolution_sla = sla.resolution.state,
               .root_cause_id = c.root_cause_id};
    if (auto k = checks_of.find(c.id); k != checks_of.end()) {
      f.checks_sent = k->second.first;
      f.check_answer = k->second.second;
    }
    facts.push_back(std::move(f));
  }
  LoopOptions options{.contact_within_ms = q.contact_within_hours * 3600'000, .now_ms = now,
                      .jalali = org.calendar == Calendar::kJalali};
  TRY_ASSIGN(LoopMetrics m, ComputeLoopMetrics(facts, options));
  return LoopMeasure{.metrics = std::move(m), .options = options, .from_ms = from, .to_ms = to, .truncated = truncated};
}

Result<Json> LoopReport::Compute(const Actor& actor, const OrgAccess& access, const LoopQuery& in) {
  LoopQuery q = in;
  if (!RoleAllows(access.role, Permission::kReadCases) && !RoleAllows(access.role, Permission::kManageCases)) {
    if (!actor.user_id()) return Fail(Error::PermissionDenied("measuring cases needs a member"));
    q.owner = actor.user_id()->value;  // an agent measures their own cases
  }
  TRY_ASSIGN(const LoopMeasure measured, Measure(access.org, q));
  const LoopMetrics& m = measured.metrics;
  const LoopOptions& options = measured.options;
  TRY_ASSIGN(std::vector<RootCause> causes, store_.act().ListRootCauses(access.org));
  std::unordered_map<int64_t, const RootCause*> cause_of;
  for (const RootCause& rc : causes) cause_of[rc.id] = &rc;
  Json series = Json::array();
  for (const auto& [id, counts] : m.root_causes) {
    int64_t total = 0;
    for (int64_t n : counts) total += n;
    Json one = {{"id", id == 0 ? Json(nullptr) : Json(id)}, {"counts", counts}, {"total", total}};
    if (auto it = cause_of.find(id); it != cause_of.end()) {
      one["key"] = it->second->key;
      one["name"] = Json::parse(it->second->name, nullptr, false);
    } else {
      one["key"] = nullptr;
      one["name"] = nullptr;
    }
    series.push_back(std::move(one));
  }
  Json contacted = ShareJson(m.contacted_within);
  contacted["hours"] = q.contact_within_hours;
  Json recovery = ShareJson(m.recovered);
  recovery["rated_again"] = m.rated_again;
  Json check = ShareJson(m.resolved_by_customer);
  check["sent"] = m.checks_sent;
  return Json{{"period", {{"from", FormatIsoUtc(measured.from_ms)}, {"to", FormatIsoUtc(measured.to_ms)}}},
              {"cases", m.cases},
              {"open", m.open},
              {"detractor_cases", m.detractor_cases},
              {"contacted_within", std::move(contacted)},
              {"first_response", DurationJson(m.first_response)},
              {"resolution", DurationJson(m.resolution)},
              {"sla", {{"first_response", ShareJson(m.sla_first_response)},
                       {"resolution", ShareJson(m.sla_resolution)}}},
              {"recovery", std::move(recovery)},
              {"resolution_check", std::move(check)},
              {"root_causes", {{"months", m.months}, {"series", std::move(series)}}},
              {"min_n", options.score.min_responses},
              {"confidence_level", options.score.confidence_level},
              {"truncated", measured.truncated}};
}

}  // namespace nazar::act
