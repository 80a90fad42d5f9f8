// What the journeys show: calls (abandonment and waits per queue, satisfaction by wait
// band), which touchpoints move relationship NPS, the flows between touchpoints, and
// call-centre staffing with Erlang C.
#include <fmt/format.h>

#include <charconv>

#include "http/json/common_json.h"
#include "http/json_route.h"
#include "journey/calls.h"
#include "journey/erlang.h"
#include "journey/journeys.h"
#include "journey/touchpoint_impact.h"

namespace nazar::http {
namespace {

using nazar::Json;

// ?name= as a number: `fallback` when absent (InvalidArgument when `required`).
Result<double> NumberParam(const Request& request, const char* name, double fallback,
                           bool required) {
  auto v = request.Query(name);
  if (!v) {
    if (required) return Fail(Error::InvalidArgument(fmt::format("{} is required", name), name));
    return fallback;
  }
  double out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size())
    return Fail(Error::InvalidArgument(fmt::format("{} must be a number", name), name));
  return out;
}

// ?calls, ?interval_min, ?aht_s, ?target_sl, ?target_answer_s, ?agents (0: the fewest).
Result<journey::StaffingPlan> Staffing(const Request& q) {
  TRY_ASSIGN(const double calls, NumberParam(q, "calls", 0, true));
  TRY_ASSIGN(const double interval, NumberParam(q, "interval_min", 30, false));
  TRY_ASSIGN(const double aht, NumberParam(q, "aht_s", 0, true));
  TRY_ASSIGN(const double sl, NumberParam(q, "target_sl", 0.8, false));
  TRY_ASSIGN(const double answer, NumberParam(q, "target_answer_s", 20, false));
  TRY_ASSIGN(const double agents, NumberParam(q, "agents", 0, false));
  return journey::PlanStaffing(
      {.calls = calls, .interval_min = interval, .aht_s = aht}, sl, answer,
      agents > 0 ? std::optional<int>(static_cast<int>(agents)) : std::nullopt);
}

Json FiguresJson(const journey::StaffingFigures& f) {
  return {{"agents", f.agents},       {"service_level", f.service_level},
          {"p_wait", f.p_wait},       {"asa_s", f.stable ? Json(f.asa_s) : Json(nullptr)},
          {"occupancy", f.occupancy}, {"stable", f.stable}};
}

Json StaffingJson(const journey::StaffingPlan& plan) {
  Json out = FiguresJson(plan.at);
  out["traffic_erlangs"] = plan.at.traffic_erlangs;
  out["fewest_agents"] = plan.fewest_agents;
  out["curve"] = ArrayJson(plan.curve, FiguresJson);
  return out;
}

struct CallsAnswer {
  std::string question;
  journey::CallFigures figures;
};

// ?from, ?to, ?bands (seconds, comma separated) and ?question (the CSAT question).
Result<CallsAnswer> Calls(RequestContext& ctx, Store& store, journey::Journeys& journeys) {
  TRY_ASSIGN(const LocalDayBounds window, ParseLocalDayBounds(ctx, store));
  std::vector<double> edges;
  for (const std::string& e : SplitComma(ctx.request.Query("bands").value_or("30,60,120,300"))) {
    double v = 0;
    auto [p, ec] = std::from_chars(e.data(), e.data() + e.size(), v);
    if (ec != std::errc() || p != e.data() + e.size() || edges.size() >= 20)
      return Fail(
          Error::InvalidArgument("bands must be up to 20 seconds, comma separated", "bands"));
    edges.push_back(v);
  }
  CallsAnswer answer{.question = ctx.request.Query("question").value_or("csat")};
  TRY_ASSIGN(const auto calls,
             journeys.CallRecords(ctx.org().org, window.from_ms, window.to_ms, answer.question));
  auto figures = journey::AnalyzeCalls(calls, edges);
  if (!figures) {
    Error e = figures.error();
    if (e.field == "band_edges") e.field = "bands";
    return Fail(e);
  }
  answer.figures = std::move(*figures);
  return answer;
}

Json ShareJson(const metrics::ProportionEstimate& p) {
  if (p.n == 0) return nullptr;
  return {{"n", p.n},
          {"share", p.share},
          {"ci_low", p.ci_low},
          {"ci_high", p.ci_high},
          {"enough", p.enough}};
}

Json CallsJson(const CallsAnswer& answer) {
  Json queues = ArrayJson(answer.figures.queues, [](const journey::QueueFigures& x) -> Json {
    return {{"queue", x.queue},
            {"calls", x.calls},
            {"abandoned", ShareJson(x.abandoned)},
            {"mean_wait_s", x.mean_wait_s},
            {"median_wait_s", x.median_wait_s},
            {"p90_wait_s", x.p90_wait_s}};
  });
  Json bands = ArrayJson(answer.figures.bands, [](const journey::WaitBand& b) -> Json {
    return {{"from_s", b.from_s},
            {"to_s", ValueOrNull(b.to_s)},
            {"calls", b.calls},
            {"abandoned", ShareJson(b.abandoned)},
            {"satisfied", ShareJson(b.satisfied)}};
  });
  return {{"queues", queues}, {"bands", bands}, {"question", answer.question}};
}

struct ImpactAnswer {
  journey::ImpactRequest request;
  journey::ImpactReport report;
  std::vector<Touchpoint> catalogue;  // names and stages of the touchpoints
};

// ?survey (required), ?from, ?to, ?outcome, ?score, ?persona=ids, ?min_n.
Result<ImpactAnswer> TouchpointImpact(RequestContext& ctx, Store& store) {
  const Request& q = ctx.request;
  TRY_ASSIGN(const auto survey,
             IntParam(q, "survey", 1, INT64_MAX, "the relationship survey's id"));
  if (!survey)
    return Fail(Error::InvalidArgument("the relationship survey's id is required", "survey"));
  TRY_ASSIGN(const LocalDayBounds window, ParseLocalDayBounds(ctx, store));
  ImpactAnswer answer{
      .request = {.survey_id = *survey, .from_ms = window.from_ms, .to_ms = window.to_ms}};
  journey::ImpactRequest& req = answer.request;
  if (auto v = q.Query("outcome")) req.outcome_question = std::string(*v);
  if (auto v = q.Query("score")) req.score_question = std::string(*v);
  if (auto v = q.Query("persona")) {
    for (const std::string& part : SplitComma(*v)) {
      auto p = ParseWholeNumber(part);
      if (!p || *p < 1)
        return Fail(
            Error::InvalidArgument("persona must be persona ids, comma separated", "persona"));
      req.personas.push_back(*p);
    }
  }
  TRY_ASSIGN(const auto min_n, IntParam(q, "min_n", 3, 1'000'000, "3 to 1000000"));
  if (min_n) req.min_contacts = *min_n;
  TRY_ASSIGN(answer.report, journey::ReadTouchpointImpact(store, ctx.org().org, req));
  TRY_ASSIGN(answer.catalogue, store.journeys().ListTouchpoints(ctx.org().org));
  return answer;
}

Json ImpactJson(const ImpactAnswer& answer) {
  const journey::ImpactRequest& req = answer.request;
  const journey::ImpactReport& report = answer.report;
  const drivers::DriverAnalysis& a = report.analysis;
  Json touchpoints = ArrayJson(report.touchpoints, [&](const journey::TouchpointDriver& t) {
    const drivers::DriverImportance& d = t.importance;
    Json j = {{"touchpoint", t.touchpoint},
              {"contacts", t.contacts},
              {"mean", t.mean},
              {"satisfied_share", d.performance},
              {"lmg", d.lmg},
              {"lmg_share", d.lmg_share},
              {"ci_low", NumberOrNull(d.ci_low)},
              {"ci_high", NumberOrNull(d.ci_high)},
              {"relative_weight", d.relative_weight},
              {"relative_weight_pct", d.relative_weight_pct},
              {"quadrant", drivers::ToString(d.quadrant)}};
    for (const Touchpoint& tp : answer.catalogue) {
      if (tp.key != t.touchpoint) continue;
      j["name"] = Json::parse(tp.name, nullptr, false);
      j["stage"] = tp.stage_key;
    }
    return j;
  });
  Json too_few = Json::array();
  for (const auto& [touchpoint, contacts] : report.too_few)
    too_few.push_back({{"touchpoint", touchpoint}, {"contacts", contacts}});
  return {{"survey", req.survey_id},
          {"outcome", req.outcome_question},
          {"score", req.score_question},
          {"min_n", req.min_contacts},
          {"contacts", report.contacts},
          {"n", a.n},
          {"r2", a.r2},
          {"missing", drivers::ToString(a.missing)},
          {"bootstrap", {{"samples", a.bootstrap_samples}, {"used", a.bootstrap_samples_used}}},
          {"confidence_level", a.confidence_level},
          {"thresholds",
           {{"importance", a.thresholds.importance}, {"performance", a.thresholds.performance}}},
          {"touchpoints", std::move(touchpoints)},
          {"too_few", std::move(too_few)}};
}

Json FlowsJson(const journey::DirectlyFollowsGraph& dfg) {
  Json arcs = ArrayJson(dfg.arcs, [](const journey::DfgArc& a) -> Json {
    return {{"from", a.from}, {"to", a.to}, {"count", a.count}};
  });
  Json start = Json::object(), end = Json::object();
  for (const auto& s : dfg.start) start[s.activity] = s.count;
  for (const auto& e : dfg.end) end[e.activity] = e.count;
  return {
      {"cases", dfg.cases}, {"events", dfg.events}, {"arcs", arcs}, {"start", start}, {"end", end}};
}

}  // namespace

void AddJourneyAnalyticsRoutes(Router& router, ApiDeps& deps) {
  journey::Journeys& journeys = *deps.journeys;
  Store& store = deps.store;

  // Call-centre staffing with Erlang C: the figures for `agents`, or the fewest agents
  // meeting the target, with the service level around it (for a chart).
  router.Add({.method = "GET",
              .pattern = "/api/v1/staffing/erlang",
              .access = Access::kAny,
              .handler = JsonRoute(
                  200, [](RequestContext& ctx) { return Staffing(ctx.request); }, StaffingJson)});

  // Calls (interactions with a wait_s fact): per queue, abandonment and waits; by wait band,
  // abandonment and the CSAT of the responses linked to the call (question `question`,
  // favourable = 4 or 5).
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/journey/calls",
       .access = Access::kAny,
       .permission = Permission::kReadResults,
       .handler = JsonRoute(
           200, [&store, &journeys](RequestContext& ctx) { return Calls(ctx, store, journeys); },
           CallsJson)});

  // Which touchpoints move relationship NPS most (journey/touchpoint_impact.h).
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/journey/touchpoint-impact",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200, [&store](RequestContext& ctx) { return TouchpointImpact(ctx, store); },
                  ImpactJson)});

  // Flows between touchpoints: the directly-follows graph of interactions, a case per
  // contact, over the organisation's local days from..to.
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/journey/flows",
       .access = Access::kAny,
       .permission = Permission::kReadResults,
       .handler = JsonRoute(
           200,
           [&store, &journeys](RequestContext& ctx) -> Result<journey::DirectlyFollowsGraph> {
             TRY_ASSIGN(const LocalDayBounds window, ParseLocalDayBounds(ctx, store));
             return journeys.Flows(ctx.org().org, window.from_ms, window.to_ms);
           },
           FlowsJson)});
}

}  // namespace nazar::http
