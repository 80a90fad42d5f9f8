// The CX program of an organisation: its vision statement, guiding principles (shown in the
// app, printable for teams), the program owner, and KPI targets (NPS, CSAT or CES of a survey,
// or one of the loop's measures; overall or at one touchpoint: a target value, a due date)
// read against what results and cases say now.
//
// Contract:
// - The scorecard measures each target's actual over its `window_days` local days up to today
//   and the trend against the window before, through the dashboard's machinery
//   (act/plan_metric.h: Measure, results' comparison for the trend's significance), and rates
//   it with act/kpi_status.h's one rule (on track / at risk / off track / not enough data).
//   A loop measure is the share of the window's cases (act/loop_report.h), its margin half its
//   Wilson interval, its trend the two-proportion z test against the window before.
//   A business KPI (CLV, churn, CAC, cost to serve: act/business_kpi.h) is measured by the
//   outcomes module over the window and the window before; its trend is the plain difference
//   (no significance test: the two readings share most of their customers).
// - Values are in points (NPS), percent (CSAT and CES favourable, loop measures, churn) or the
//   currency's major units (CLV, CAC, cost to serve), targets in the same unit; higher is
//   better except for churn, CAC and cost to serve (KpiUnit, LowerIsBetter).
// - Every change is audited in its own transaction; bad input names its field.
//
// Thread-safety: safe to share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "act/business_kpi.h"
#include "act/kpi_status.h"
#include "act/loop_report.h"
#include "act/plan_metric.h"
#include "core/clock.h"
#include "core/json.h"
#include "results/results.h"
#include "store/store.h"

namespace nazar::act {

// {"vision"?, "principles"?: [text], "owner"? (id or null)}; only the fields given change.
struct ProgramInput {
  std::optional<std::string> vision;
  std::optional<std::vector<std::string>> principles;
  std::optional<std::optional<int64_t>> owner;
};
ProgramInput ReadProgramInput(JsonObjectReader& r);
Json ToJson(const CxProgram& program);

// The loop's measures a KPI target may aim at (act/loop_report.h), each a share of cases in
// percent over the window: detractors reached within 24 hours ("contacted"), SLA attainment
// ("sla_first_response", "sla_resolution"), recovered detractors ("recovery"), and cases the
// customer says were resolved ("resolved"). They need no survey; a touchpoint narrows them.
bool IsLoopKpi(std::string_view metric);

// {"survey_id", "metric": "nps" | "csat" | "ces" | a loop measure | a business KPI,
// "touchpoint"? (null or "" overall; not for business KPIs), "target", "due"? ("YYYY-MM-DD" or
// null), "window_days"?}; all but due and touchpoint needed on create (survey_id only for nps,
// csat and ces); an update changes the fields given.
struct KpiInput {
  std::optional<int64_t> survey_id;
  std::optional<std::string> metric;
  std::optional<std::string> touchpoint;
  std::optional<double> target;
  std::optional<std::string> due;
  std::optional<int64_t> window_days;
};
KpiInput ReadKpiInput(JsonObjectReader& r);
Json ToJson(const KpiTarget& kpi);

struct KpiLine {
  KpiTarget kpi;
  Measurement actual;  // a survey metric's
  Measurement previous;
  // A loop measure's shares over the window and the window before (IsLoopKpi).
  std::optional<metrics::ProportionEstimate> share;
  std::optional<metrics::ProportionEstimate> previous_share;
  // A business KPI's readings over the window and the window before (IsBusinessKpi).
  std::optional<BusinessMeasure> business;
  std::optional<BusinessMeasure> previous_business;
  DayWindow window;
  DayWindow previous_window;
  metrics::Comparison trend;  // actual against previous
  KpiReading reading;
  KpiStatus status = KpiStatus::kNotEnoughData;
};
Json ToJson(const KpiLine& line);

class CxProgramService {
 public:
  // `loop`: the loop's measures for loop KPI targets; `business`: the business KPIs (without
  // either, targets on its measures are refused).
  CxProgramService(Store& store, results::ResultsService& results, const Clock& clock,
                   LoopReport* loop = nullptr, BusinessKpiSource* business = nullptr);

  Result<CxProgram> Get(const OrgAccess& access);
  Result<CxProgram> Put(const Actor& actor, const OrgAccess& access, const ProgramInput& input);

  Result<std::vector<KpiTarget>> ListKpis(const OrgAccess& access);
  Result<KpiTarget> CreateKpi(const Actor& actor, const OrgAccess& access, const KpiInput& input);
  Result<KpiTarget> UpdateKpi(const Actor& actor, const OrgAccess& access, int64_t kpi_id,
                              const KpiInput& input);
  Result<void> DeleteKpi(const Actor& actor, const OrgAccess& access, int64_t kpi_id);

  // Every KPI target with its actual, trend and status as of now.
  Result<std::vector<KpiLine>> Scorecard(const OrgAccess& access);

 private:
  Result<void> CheckKpi(const OrgAccess& access, const KpiTarget& kpi);

  Result<void> ReadLoop(OrgId org, const TimeZoneDays& zone, int32_t today, KpiLine& line);
  Result<void> ReadBusiness(OrgId org, int32_t today, KpiLine& line);

  Store& store_;
  results::ResultsService& results_;
  const Clock& clock_;
  LoopReport* loop_;
  BusinessKpiSource* business_;
};

}  // namespace nazar::act
