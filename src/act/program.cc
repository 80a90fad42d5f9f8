#include "act/program.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "accounts/audit.h"
#include "act/members.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr size_t kMaxVision = 2000;
constexpr size_t kMaxPrinciples = 20;
constexpr size_t kMaxPrinciple = 300;

struct LoopKpi {
  std::string_view name;
  const metrics::ProportionEstimate LoopMetrics::*share;
};
constexpr LoopKpi kLoopKpis[] = {
    {"contacted", &LoopMetrics::contacted_within},
    {"sla_first_response", &LoopMetrics::sla_first_response},
    {"sla_resolution", &LoopMetrics::sla_resolution},
    {"recovery", &LoopMetrics::recovered},
    {"resolved", &LoopMetrics::resolved_by_customer},
};

constexpr std::string_view kBusinessKpis[] = {"clv", "churn", "cac", "cost_to_serve"};
// The largest target a money KPI may have (in the currency's major units).
constexpr double kMaxMoneyTarget = 1e15;

const LoopKpi* LoopKpiOf(std::string_view metric) {
  for (const LoopKpi& k : kLoopKpis)
    if (k.name == metric) return &k;
  return nullptr;
}

// A share as the scorecard shows a measurement: {"from", "to", "n", "status", "value" (percent),
// "margin", "ci_low", "ci_high"}, the numbers null below the minimum n.
Json ShareJson(const DayWindow& w, const std::optional<metrics::ProportionEstimate>& p, int64_t min_n) {
  const int64_t n = p ? p->n : 0;
  Json j = {{"from", IsoDay(w.from_day)}, {"to", IsoDay(w.to_day)}, {"n", n}};
  if (p && p->enough && n > 0) {
    j.update({{"status", "ok"},
              {"value", 100 * p->share},
              {"margin", 50 * (p->ci_high - p->ci_low)},
              {"ci_low", 100 * p->ci_low},
              {"ci_high", 100 * p->ci_high}});
  } else {
    j.update({{"status", "not_enough_responses"},
              {"message", fmt::format("not enough cases ({} of at least {})", n, min_n)},
              {"value", nullptr},
              {"margin", nullptr},
              {"ci_low", nullptr},
              {"ci_high", nullptr}});
  }
  return j;
}

// A business KPI's reading as the scorecard shows a measurement: {"from", "to", "n", "status",
// "value", "margin", "ci_low", "ci_high", "basis", "currency"?}, the numbers null and a
// "message" without enough customers.
Json BusinessJson(const DayWindow& w, const std::optional<BusinessMeasure>& m) {
  Json j = {{"from", IsoDay(w.from_day)}, {"to", IsoDay(w.to_day)}, {"n", m ? m->n : 0}};
  if (m && !m->currency.empty()) j["currency"] = m->currency;
  j["basis"] = m ? m->basis : "";
  if (m && m->enough) {
    j.update({{"status", "ok"}, {"value", m->value}, {"margin", m->margin},
              {"ci_low", m->value - m->margin}, {"ci_high", m->value + m->margin}});
  } else {
    j.update({{"status", "not_enough_responses"},
              {"message", m && !m->message.empty()
                              ? m->message
                              : fmt::format("not enough customers ({} of at least {})", m ? m->n : 0,
                                            m ? m->min_n : 1)},
              {"value", nullptr}, {"margin", nullptr}, {"ci_low", nullptr}, {"ci_high", nullptr}});
  }
  return j;
}

bool NeedsSurvey(std::string_view metric) { return !IsLoopKpi(metric) && !IsBusinessKpi(metric); }

TargetMetric MetricOf(const KpiTarget& k) {
  TargetMetric m{.survey_id = k.survey_id,
                 .metric = results::ParseMetric(k.metric).value_or(results::Metric::kNps)};
  if (!k.touchpoint.empty()) m.segment.emplace_back("touchpoint", k.touchpoint);
  return m;
}

}  // namespace

ProgramInput ReadProgramInput(JsonObjectReader& r) {
  ProgramInput in;
  in.vision = r.OptionalString("vision", {.max_chars = kMaxVision});
  in.principles = ReadTextList(r, "principles", kMaxPrinciples, kMaxPrinciple);
  in.owner = ReadMemberOrNull(r, "owner");
  return in;
}

Json ToJson(const CxProgram& p) {
  return {{"vision", p.vision},
          {"principles", Json::parse(p.principles, nullptr, false)},
          {"owner", UserJson(p.owner)},
          {"updated_at", p.updated_ms ? Json(FormatIsoUtc(p.updated_ms)) : Json(nullptr)}};
}

KpiInput ReadKpiInput(JsonObjectReader& r) {
  KpiInput in;
  in.survey_id = r.OptionalInt("survey_id", {.min = 1});
  if (auto m = r.OptionalString("metric", {.max_chars = 30})) {
    if (*m == "nps" || *m == "csat" || *m == "ces" || IsLoopKpi(*m) || IsBusinessKpi(*m)) in.metric = *m;
    else r.Reject("metric", "metric is nps, csat, ces, a loop measure (contacted, sla_first_response, "
                            "sla_resolution, recovery, resolved) or a business KPI (clv, churn, cac, "
                            "cost_to_serve)");
  }
  if (const Json* t = r.OptionalValue("touchpoint")) {
    if (t->is_null()) in.touchpoint = "";
    else if (t->is_string() && t->get_ref<const std::string&>().size() <= 200) in.touchpoint = t->get<std::string>();
    else r.Reject("touchpoint", "touchpoint is a touchpoint's key, or null for overall");
  }
  if (const Json* t = r.OptionalValue("target")) {
    // Its range depends on the metric's unit: CheckKpi, once the metric is known.
    if (t->is_number() && std::isfinite(t->get<double>())) in.target = t->get<double>();
    else r.Reject("target", "target is a number in the metric's unit");
  }
  in.due = ReadDueDate(r);
  in.window_days = r.OptionalInt("window_days", {.min = 1, .max = kMaxWindowDays});
  return in;
}

Json ToJson(const KpiTarget& k) {
  return {{"id", k.id},
          {"survey_id", k.survey_id},
          {"metric", k.metric},
          {"touchpoint", k.touchpoint.empty() ? Json(nullptr) : Json(k.touchpoint)},
          {"target", k.target},
          {"due", k.due.empty() ? Json(nullptr) : Json(k.due)},
          {"window_days", k.window_days},
          {"unit", KpiUnit(k.metric)},
          {"direction", LowerIsBetter(k.metric) ? "lower_is_better" : "higher_is_better"},
          {"kind", IsLoopKpi(k.metric) ? "loop" : IsBusinessKpi(k.metric) ? "business" : "survey"}};
}

bool IsLoopKpi(std::string_view metric) { return LoopKpiOf(metric) != nullptr; }

bool IsBusinessKpi(std::string_view metric) {
  return std::ranges::find(kBusinessKpis, metric) != std::end(kBusinessKpis);
}

bool LowerIsBetter(std::string_view metric) {
  return metric == "churn" || metric == "cac" || metric == "cost_to_serve";
}

std::string_view KpiUnit(std::string_view metric) {
  if (metric == "nps") return "points";
  if (IsBusinessKpi(metric) && metric != "churn") return "money";
  return "percent";
}

Json ToJson(const KpiLine& l) {
  const metrics::ScoreOptions options;
  // A loop measure's shares speak in percent, as CSAT does.
  const results::Metric metric = results::ParseMetric(l.kpi.metric).value_or(results::Metric::kCsat);
  Json j = ToJson(l.kpi);
  if (IsBusinessKpi(l.kpi.metric)) {
    j["actual"] = BusinessJson(l.window, l.business);
    j["previous"] = BusinessJson(l.previous_window, l.previous_business);
    const bool both = l.reading.enough && l.reading.previous;
    j["trend"] = {{"difference", both ? Json(l.reading.actual - *l.reading.previous) : Json(nullptr)},
                  {"margin", nullptr}, {"p_value", nullptr}, {"confidence_level", options.confidence_level},
                  {"verdict", "not_tested"},
                  {"summary", both ? "the change from the period before (not tested: both periods share "
                                     "most of their customers)"
                                   : "not enough data in one of the periods"}};
  } else if (IsLoopKpi(l.kpi.metric)) {
    j["actual"] = ShareJson(l.window, l.share, options.min_responses);
    j["previous"] = ShareJson(l.previous_window, l.previous_share, options.min_responses);
    j["trend"] = ChangeJson(metric, l.trend, options);
  } else {
    j["actual"] = ToJson(l.actual, options.min_responses);
    j["previous"] = ToJson(l.previous, options.min_responses);
    j["trend"] = ChangeJson(metric, l.trend, options);
  }
  j["trend"]["direction"] = TrendOf(l.reading);
  j["status"] = ToString(l.status);
  // How far from the target (actual - target), when there is an actual.
  j["gap"] = l.reading.enough ? Json(l.reading.actual - l.kpi.target) : Json(nullptr);
  return j;
}

CxProgramService::CxProgramService(Store& store, results::ResultsService& results, const Clock& clock,
                                   LoopReport* loop, BusinessKpiSource* business)
    : store_(store), results_(results), clock_(clock), loop_(loop), business_(business) {}

Result<CxProgram> CxProgramService::Get(const OrgAccess& access) { return store_.program().GetProgram(access.org); }

Result<CxProgram> CxProgramService::Put(const Actor& actor, const OrgAccess& access, const ProgramInput& in) {
  if (in.owner && *in.owner) TRY(CheckMember(store_, access.org, **in.owner, "owner"));
  CxProgram saved;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(CxProgram p, tx.program().GetProgram(access.org));
    if (in.vision) p.vision = *in.vision;
    if (in.principles) p.principles = Json(*in.principles).dump();
    if (in.owner) p.owner = *in.owner ? std::optional<UserId>(UserId{**in.owner}) : std::nullopt;
    p.updated_ms = clock_.NowMs();
    TRY_ASSIGN(saved, tx.program().PutProgram(p));
    return WriteAudit(tx.audit(), actor, access.org, "program.update", "program", ToJson(saved), p.updated_ms);
  }));
  return saved;
}

Result<std::vector<KpiTarget>> CxProgramService::ListKpis(const OrgAccess& access) {
  return store_.program().ListKpis(access.org);
}

Result<void> CxProgramService::CheckKpi(const OrgAccess& access, const KpiTarget& k) {
  if (KpiUnit(k.metric) == "points" && (k.target < -100 || k.target > 100))
    return Fail(Error::InvalidArgument("an NPS target is in points, -100 to 100", "target"));
  if (KpiUnit(k.metric) == "percent" && (k.target < 0 || k.target > 100))
    return Fail(Error::InvalidArgument("a CSAT, CES, loop or churn target is a percent, 0 to 100", "target"));
  if (KpiUnit(k.metric) == "money" && (k.target < 0 || k.target > kMaxMoneyTarget))
    return Fail(Error::InvalidArgument("a CLV, CAC or cost-to-serve target is an amount in the currency, 0 or more",
                                       "target"));
  if (IsBusinessKpi(k.metric)) {
    if (!business_) return Fail(Error::InvalidArgument("the business KPIs are not available here", "metric"));
    if (!k.touchpoint.empty())
      return Fail(Error::InvalidArgument("a business KPI is measured overall, not at a touchpoint", "touchpoint"));
    return {};
  }
  if (IsLoopKpi(k.metric)) {
    if (!loop_) return Fail(Error::InvalidArgument("the loop's measures are not available here", "metric"));
    return {};
  }
  if (k.survey_id <= 0) return Fail(Error::InvalidArgument("survey_id is required for nps, csat and ces", "survey_id"));
  return CheckTargetMetric(store_, results_, access.org, MetricOf(k), "survey_id", "metric");
}

Result<KpiTarget> CxProgramService::CreateKpi(const Actor& actor, const OrgAccess& access, const KpiInput& in) {
  if (!in.metric) return Fail(Error::InvalidArgument("metric is required", "metric"));
  const bool survey = NeedsSurvey(*in.metric);
  if (!in.survey_id && survey) return Fail(Error::InvalidArgument("survey_id is required", "survey_id"));
  if (!in.target) return Fail(Error::InvalidArgument("target is required", "target"));
  const int64_t now = clock_.NowMs();
  KpiTarget k{.org_id = access.org, .survey_id = survey ? *in.survey_id : 0, .metric = *in.metric,
              .touchpoint = in.touchpoint.value_or(""), .target = *in.target, .due = in.due.value_or(""),
              .window_days = in.window_days.value_or(90), .created_ms = now, .updated_ms = now};
  TRY(CheckKpi(access, k));
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(k, tx.program().CreateKpi(k));
    return WriteAudit(tx.audit(), actor, access.org, "kpi_target.create", fmt::format("kpi_target:{}", k.id),
                      ToJson(k), now);
  }));
  return k;
}

Result<KpiTarget> CxProgramService::UpdateKpi(const Actor& actor, const OrgAccess& access, int64_t kpi_id,
                                              const KpiInput& in) {
  TRY_ASSIGN(KpiTarget k, store_.program().GetKpi(access.org, kpi_id));
  if (in.survey_id) k.survey_id = *in.survey_id;
  if (in.metric) k.metric = *in.metric;
  if (!NeedsSurvey(k.metric)) k.survey_id = 0;
  if (in.touchpoint) k.touchpoint = *in.touchpoint;
  if (in.target) k.target = *in.target;
  if (in.due) k.due = *in.due;
  if (in.window_days) k.window_days = *in.window_days;
  k.updated_ms = clock_.NowMs();
  TRY(CheckKpi(access, k));
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(k, tx.program().UpdateKpi(access.org, k));
    return WriteAudit(tx.audit(), actor, access.org, "kpi_target.update", fmt::format("kpi_target:{}", k.id),
                      ToJson(k), k.updated_ms);
  }));
  return k;
}

Result<void> CxProgramService::DeleteKpi(const Actor& actor, const OrgAccess& access, int64_t kpi_id) {
  return store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(const KpiTarget k, tx.program().GetKpi(access.org, kpi_id));
    TRY(tx.program().DeleteKpi(access.org, kpi_id));
    return WriteAudit(tx.audit(), actor, access.org, "kpi_target.delete", fmt::format("kpi_target:{}", kpi_id),
                      ToJson(k), clock_.NowMs());
  });
}

Result<std::vector<KpiLine>> CxProgramService::Scorecard(const OrgAccess& access) {
  TRY_ASSIGN(const Organisation org, store_.accounts().GetOrganisation(access.org));
  TRY_ASSIGN(const TimeZoneDays zone, TimeZoneDays::ForZone(org.time_zone));
  const int32_t today = zone.LocalDay(clock_.NowMs());
  TRY_ASSIGN(const std::vector<KpiTarget> kpis, store_.program().ListKpis(access.org));
  std::vector<KpiLine> out;
  for (const KpiTarget& k : kpis) {
    if (IsBusinessKpi(k.metric)) {
      KpiLine line{.kpi = k};
      TRY(ReadBusiness(access.org, today, line));
      out.push_back(std::move(line));
      continue;
    }
    if (IsLoopKpi(k.metric)) {
      KpiLine line{.kpi = k};
      TRY(ReadLoop(access.org, zone, today, line));
      out.push_back(std::move(line));
      continue;
    }
    const TargetMetric metric = MetricOf(k);
    const int32_t days = static_cast<int32_t>(k.window_days);
    KpiLine line{.kpi = k};
    TRY_ASSIGN(line.actual, Measure(results_, org, metric, {today - days + 1, today}));
    TRY_ASSIGN(line.previous, Measure(results_, org, metric, {today - 2 * days + 1, today - days}));
    TRY_ASSIGN(line.trend, results::CompareHistograms(metric.metric, line.actual.scale,
                                                      line.previous.group.histogram,
                                                      line.actual.group.histogram, {}));
    const MetricValue now = ValueOf(line.actual.group), before = ValueOf(line.previous.group);
    line.reading = {.enough = now.enough, .actual = now.value, .margin = now.margin};
    if (before.enough) line.reading.previous = before.value;
    line.status = KpiStatusOf(k.target, line.reading);
    out.push_back(std::move(line));
  }
  return out;
}

Result<void> CxProgramService::ReadLoop(OrgId org, const TimeZoneDays& zone, int32_t today, KpiLine& line) {
  const LoopKpi* which = LoopKpiOf(line.kpi.metric);
  if (!loop_ || !which) return Fail(Error::Internal("a loop KPI without the loop's measures"));
  const int32_t days = static_cast<int32_t>(line.kpi.window_days);
  line.window = {today - days + 1, today};
  line.previous_window = {today - 2 * days + 1, today - days};
  auto share_in = [&](const DayWindow& w) -> Result<metrics::ProportionEstimate> {
    LoopQuery q{.from_ms = zone.StartOfDayMs(w.from_day), .to_ms = zone.StartOfDayMs(w.to_day + 1),
                .touchpoint = line.kpi.touchpoint};
    TRY_ASSIGN(const LoopMeasure m, loop_->Measure(org, q));
    return m.metrics.*(which->share);
  };
  TRY_ASSIGN(line.share, share_in(line.window));
  TRY_ASSIGN(line.previous_share, share_in(line.previous_window));
  const metrics::ProportionEstimate& now = *line.share;
  const metrics::ProportionEstimate& before = *line.previous_share;
  line.reading = {.enough = now.enough && now.n > 0, .actual = 100 * now.share,
                  .margin = 50 * (now.ci_high - now.ci_low)};
  if (before.enough && before.n > 0) line.reading.previous = 100 * before.share;
  if (now.n > 0 && before.n > 0) {
    TRY_ASSIGN(line.trend, metrics::CompareProportions({before.successes, before.n}, {now.successes, now.n}));
  }
  line.status = KpiStatusOf(line.kpi.target, line.reading);
  return {};
}

Result<void> CxProgramService::ReadBusiness(OrgId org, int32_t today, KpiLine& line) {
  if (!business_) return Fail(Error::Internal("a business KPI without the outcomes module"));
  const int32_t days = static_cast<int32_t>(line.kpi.window_days);
  line.window = {today - days + 1, today};
  line.previous_window = {today - 2 * days + 1, today - days};
  TRY_ASSIGN(line.business, business_->MeasureKpi(org, line.kpi.metric, line.window));
  TRY_ASSIGN(line.previous_business, business_->MeasureKpi(org, line.kpi.metric, line.previous_window));
  const BusinessMeasure& now = *line.business;
  const BusinessMeasure& before = *line.previous_business;
  line.reading = {.enough = now.enough, .actual = now.value, .margin = now.margin,
                  .lower_is_better = LowerIsBetter(line.kpi.metric)};
  if (before.enough) line.reading.previous = before.value;
  line.status = KpiStatusOf(line.kpi.target, line.reading);
  return {};
}

}  // namespace nazar::act
