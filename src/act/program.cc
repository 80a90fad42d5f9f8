#include "act/program.h"

#include <fmt/format.h>

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
  if (auto m = r.OptionalString("metric", {.max_chars = 10})) {
    in.metric = results::ParseMetric(*m);
    if (!in.metric || (*in.metric != results::Metric::kNps && *in.metric != results::Metric::kCsat &&
                       *in.metric != results::Metric::kCes))
      r.Reject("metric", "metric is nps, csat or ces");
  }
  if (const Json* t = r.OptionalValue("touchpoint")) {
    if (t->is_null()) in.touchpoint = "";
    else if (t->is_string() && t->get_ref<const std::string&>().size() <= 200) in.touchpoint = t->get<std::string>();
    else r.Reject("touchpoint", "touchpoint is a touchpoint's key, or null for overall");
  }
  if (const Json* t = r.OptionalValue("target")) {
    if (t->is_number() && std::isfinite(t->get<double>()) && t->get<double>() >= -100 && t->get<double>() <= 100)
      in.target = t->get<double>();
    else
      r.Reject("target", "target is a number: NPS points (-100..100) or percent favourable (0..100)");
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
          {"unit", k.metric == "nps" ? "points" : "percent"}};
}

Json ToJson(const KpiLine& l) {
  const metrics::ScoreOptions options;
  const results::Metric metric = results::ParseMetric(l.kpi.metric).value_or(results::Metric::kNps);
  Json j = ToJson(l.kpi);
  j["actual"] = ToJson(l.actual, options.min_responses);
  j["previous"] = ToJson(l.previous, options.min_responses);
  j["trend"] = ChangeJson(metric, l.trend, options);
  j["trend"]["direction"] = TrendOf(l.reading);
  j["status"] = ToString(l.status);
  // How far from the target (actual - target), when there is an actual.
  j["gap"] = l.reading.enough ? Json(l.reading.actual - l.kpi.target) : Json(nullptr);
  return j;
}

CxProgramService::CxProgramService(Store& store, results::ResultsService& results, const Clock& clock)
    : store_(store), results_(results), clock_(clock) {}

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
  if (k.metric != "nps" && (k.target < 0 || k.target > 100))
    return Fail(Error::InvalidArgument("a CSAT or CES target is a percent favourable, 0 to 100", "target"));
  return CheckTargetMetric(store_, results_, access.org, MetricOf(k), "survey_id", "metric");
}

Result<KpiTarget> CxProgramService::CreateKpi(const Actor& actor, const OrgAccess& access, const KpiInput& in) {
  if (!in.survey_id) return Fail(Error::InvalidArgument("survey_id is required", "survey_id"));
  if (!in.metric) return Fail(Error::InvalidArgument("metric is required", "metric"));
  if (!in.target) return Fail(Error::InvalidArgument("target is required", "target"));
  const int64_t now = clock_.NowMs();
  KpiTarget k{.org_id = access.org, .survey_id = *in.survey_id,
              .metric = std::string(results::ToString(*in.metric)),
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
  if (in.metric) k.metric = std::string(results::ToString(*in.metric));
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

}  // namespace nazar::act
