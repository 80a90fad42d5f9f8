// The business KPIs of the CX program's scorecard (act/business_kpi.h), measured on the
// organisation's stored outcomes: mean CLV and predicted churn from its customer-value fits,
// CAC from acquisition spend and the customers it won, cost to serve per buying customer from
// interactions and their cost-to-serve rates.
//
// Contract:
// - CLV and churn come from the newest converged fit whose calibration ends on or before the
//   window's last day, read from the summary kept with it (or, for the latest fit without one,
//   from its scores). Margin: 1.96 × standard deviation / √n. Fewer than kMinCustomers scored
//   customers: no value.
// - CAC: the acquisition spend of the calendar months that end in the window, over the new
//   customers of those months (outcomes/cohorts.h's rule: a customer is won by the month and
//   channel of their first purchase). No spend or no new customer: no value.
// - Cost to serve: Σ over the window's interactions of their touchpoint's rate, over the
//   contacts with a transaction in the window. No rates or no buyer: no value.
// - Money in the currency's major units (minor units / 10^minor_digits); churn in percent.
// - Windows are local days of the organisation, read here as UTC days (transactions and fits
//   are dated in UTC): a reading can be off by the hours of the zone's offset at its edges.
//
// Thread-safety: safe to share (state lives in the store).
#pragma once

#include <vector>

#include "act/business_kpi.h"
#include "core/json.h"
#include "store/store.h"

namespace nazar::outcomes {

// The fewest scored customers a CLV or churn reading needs (as value by NPS group).
inline constexpr int64_t kMinCustomers = 30;

// What a fit says of the customer base: {"customers", "clv_mean", "clv_sd", "churn_mean",
// "churn_sd"} (sample standard deviations; churn as 1 − P(alive)).
Json FitSummaryOf(const std::vector<CustomerScore>& scores);

class ProgramKpis final : public act::BusinessKpiSource {
 public:
  explicit ProgramKpis(Store& store) : store_(store) {}
  Result<act::BusinessMeasure> MeasureKpi(OrgId org, std::string_view metric, act::DayWindow window) override;

 private:
  Result<void> FromFit(OrgId org, std::string_view metric, act::DayWindow window, act::BusinessMeasure& m);
  Result<void> Cac(OrgId org, act::DayWindow window, act::BusinessMeasure& m);
  Result<void> ServeCostPerCustomer(OrgId org, act::DayWindow window, act::BusinessMeasure& m);

  Store& store_;
};

}  // namespace nazar::outcomes
