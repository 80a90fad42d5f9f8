// Business KPIs a CX program target may aim at (issue 16): what the CX program is for, in money.
// The outcomes module measures them (outcomes/program_kpis.h); act only names them, knows which
// way is better, and reads them through this interface, so that act does not depend on the
// outcomes service (which depends on act).
//
//   clv            mean customer lifetime value of the scored customers, in the currency
//                  (major units), from the latest converged fit whose calibration ends by the
//                  window's last day; higher is better.
//   churn          predicted churn, the mean of 1 − P(alive) of the same fit's customers, in
//                  percent; lower is better.
//   cac            acquisition spend over the new customers won, in the currency, over the
//                  calendar months that end in the window; lower is better.
//   cost_to_serve  the window's interactions × their touchpoint's cost-to-serve rate, over the
//                  customers who bought in the window, in the currency; lower is better.
//
// CLV and churn are estimates over customers: they have a margin (1.96 standard errors of the
// mean) and need the minimum n of customers. CAC and cost to serve are accounting ratios with
// no sampling margin; they need at least one customer in the denominator.
//
// Thread-safety: implementations are safe to share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "act/plan_metric.h"
#include "core/error.h"
#include "core/ids.h"

namespace nazar::act {

bool IsBusinessKpi(std::string_view metric);
// churn, cac and cost_to_serve: a smaller value is better.
bool LowerIsBetter(std::string_view metric);
// Any KPI target's unit: "points" (NPS), "percent" (CSAT, CES, loop measures, churn) or
// "money" (CLV, CAC, cost to serve).
std::string_view KpiUnit(std::string_view metric);

struct BusinessMeasure {
  int64_t n = 0;      // the customers it rests on (scored, new or buying customers)
  int64_t min_n = 1;  // the fewest it needs
  bool enough = false;
  double value = 0;   // the currency's major units, or percent for churn
  double margin = 0;  // half a 95% interval; 0 for the accounting ratios
  std::string unit;   // "money" or "percent"
  std::string currency;  // ISO 4217 for money
  std::string basis;  // what it was computed from: "fit 12 to 2026-11-30", "2026-09..2026-11"
  std::string message;  // why there is no value, when not enough
};

class BusinessKpiSource {
 public:
  virtual ~BusinessKpiSource() = default;
  // REQUIRES: IsBusinessKpi(metric). `window` in the organisation's local days.
  virtual Result<BusinessMeasure> MeasureKpi(OrgId org, std::string_view metric, DayWindow window) = 0;
};

}  // namespace nazar::act
