// The API's JSON of the outcomes records and reports (outcomes/service.h). Amounts stored
// are integers of the currency's minor unit; model values (CLV, expected spend) are numbers
// in the same unit, not rounded.
#include <fmt/format.h>

#include "outcomes/service.h"

namespace nazar::outcomes {
namespace {

Json ParsedOr(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json::object() : j;
}

Json IntervalJson(const Interval& i) { return Json::array({i.low, i.high}); }

template <typename Pairs>
Json PairsJson(const Pairs& pairs, const char* key) {
  Json out = Json::array();
  for (const auto& [name, amount] : pairs) out.push_back({{key, name}, {"amount", amount}});
  return out;
}

Json OptionalJson(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json AcquisitionJson(const std::vector<AcquisitionLine>& lines, const char* key) {
  Json out = Json::array();
  for (const AcquisitionLine& l : lines)
    out.push_back({{key, l.key}, {"amount", l.spend}, {"new_customers", l.new_customers}, {"cac", OptionalJson(l.cac)}});
  return out;
}

// A group's (or a segment's) figures; below min_n, a status instead of numbers.
Json GroupJson(const GroupValue& g, int64_t min_n) {
  Json j = {{"customers", g.customers}, {"revenue", g.revenue}};
  if (g.enough) {
    j["mean_clv"] = g.mean_clv;
    j["clv_interval"] = IntervalJson(g.clv_interval);
    j["churn"] = g.churn;
    j["churn_interval"] = IntervalJson(g.churn_interval);
    j["cost_to_serve"] = g.cost_to_serve;
    j["cost_to_serve_interval"] = IntervalJson(g.cost_to_serve_interval);
  } else {
    j["status"] = "not_enough_customers";
    j["message"] = fmt::format("{} customers; at least {} are needed to say", g.customers, min_n);
  }
  return j;
}

Json MoneyJson(const OutcomeSettings& s) {
  return {{"currency", s.currency}, {"minor_digits", s.minor_digits}};
}

}  // namespace

Json ToJson(const OutcomeSettings& s) {
  Json j = MoneyJson(s);
  j["updated_ms"] = s.updated_ms;
  return j;
}

Json ToJson(const CustomerTransaction& t) {
  return {{"id", t.id},           {"contact_id", t.contact_id}, {"occurred_ms", t.occurred_ms},
          {"amount", t.amount},   {"reference", t.reference},   {"product", t.product},
          {"category", t.category}, {"channel", t.channel},     {"created_ms", t.created_ms}};
}

Json ToJson(const AcquisitionCost& c) {
  return {{"id", c.id}, {"channel", c.channel}, {"month", c.month}, {"amount", c.amount},
          {"created_ms", c.created_ms}, {"updated_ms", c.updated_ms}};
}

Json ToJson(const ServeCost& c) {
  return {{"id", c.id}, {"touchpoint", c.touchpoint}, {"amount", c.amount},
          {"created_ms", c.created_ms}, {"updated_ms", c.updated_ms}};
}

Json ToJson(const OutcomeFit& f) {
  Json j = {{"id", f.id},
            {"fitted_ms", f.fitted_ms},
            {"calibration_end", f.calibration_end},
            {"status", f.status},
            {"purchase_model", f.purchase_model},
            {"horizon_weeks", f.horizon_weeks},
            {"discount_rate", f.discount_rate},
            {"customers", f.customers},
            {"transactions", f.transactions}};
  if (f.status == "converged") {
    j["purchases"] = ParsedOr(f.purchases);
    j["spend"] = ParsedOr(f.spend);
  } else {
    j["message"] = f.message;  // the diagnostics, instead of numbers
  }
  return j;
}

Json ToJson(const CustomerScore& s) {
  return {{"contact_id", s.contact_id}, {"fit_id", s.fit_id},
          {"frequency", s.frequency}, {"recency_weeks", s.recency}, {"age_weeks", s.age},
          {"monetary_value", s.monetary_value}, {"p_alive", s.p_alive},
          {"expected_purchases", s.expected_purchases}, {"expected_spend", s.expected_spend},
          {"clv", s.clv}};
}

Json ToJson(const TransactionImport& r) {
  Json problems = Json::array();
  for (const Error& e : r.problems) problems.push_back({{"field", e.field}, {"message", e.message}});
  return {{"rows", r.rows}, {"created", r.created}, {"unchanged", r.unchanged},
          {"written", r.written}, {"problem_count", r.problem_count}, {"problems", problems}};
}

Json ToJson(const ValueSummary& s) {
  Json j = MoneyJson(s.settings);
  j["fit"] = s.fit ? ToJson(*s.fit) : Json(nullptr);
  j["latest_failed_fit"] = s.latest && s.latest->status != "converged" ? ToJson(*s.latest) : Json(nullptr);
  j["transactions"] = s.transactions;
  j["customers"] = s.customers;
  j["revenue_last_year"] = s.revenue_last_year;
  j["clv"] = {{"total", s.clv_total}, {"mean", s.clv_mean},
              {"quantiles", {{"p10", s.clv_quantiles.empty() ? 0 : s.clv_quantiles[0]},
                             {"p25", s.clv_quantiles.empty() ? 0 : s.clv_quantiles[1]},
                             {"p50", s.clv_quantiles.empty() ? 0 : s.clv_quantiles[2]},
                             {"p75", s.clv_quantiles.empty() ? 0 : s.clv_quantiles[3]},
                             {"p90", s.clv_quantiles.empty() ? 0 : s.clv_quantiles[4]}}}};
  j["expected_churn"] = s.expected_churn;
  j["expected_purchases"] = s.expected_purchases;
  j["clv"]["histogram"] = {{"edges", s.clv_histogram.edges}, {"counts", s.clv_histogram.counts},
                           {"open_ended", s.clv_histogram.open_ended}};
  const Acquisition& a = s.acquisition;
  j["acquisition"] = {{"total", a.overall.spend}, {"new_customers", a.overall.new_customers},
                      {"cac", OptionalJson(a.overall.cac)},
                      {"by_channel", AcquisitionJson(a.by_channel, "channel")},
                      {"by_month", AcquisitionJson(a.by_month, "month")}};
  j["cost_to_serve"] = {
      {"total", s.serve_total},
      {"per_customer", s.customers > 0 ? static_cast<double>(s.serve_total) / static_cast<double>(s.customers) : 0.0},
      {"by_touchpoint", PairsJson(s.serve_by_touchpoint, "touchpoint")}};
  return j;
}

Json ToJson(const NpsValue& v, int64_t min_n) {
  Json groups = Json::array();
  for (const GroupValue& g : v.value.groups) {
    Json j = GroupJson(g, min_n);
    j["group"] = ToString(g.group);
    groups.push_back(std::move(j));
  }
  Json out = MoneyJson(v.settings);
  out["fit_id"] = v.fit.id;
  out["calibration_end"] = v.fit.calibration_end;
  out["min_n"] = min_n;
  out["customers"] = v.value.customers;
  out["scored_without_nps"] = v.without_nps;
  out["groups"] = groups;
  out["revenue_at_risk"] = v.value.revenue_at_risk;
  if (v.value.what_if) {
    const WhatIf& w = *v.value.what_if;
    Json j = {{"moved", w.moved}, {"from", "detractor"}, {"to", ToString(w.to)}};
    if (w.enough) {
      j["value_change"] = w.value_change;
      j["value_interval"] = IntervalJson(w.value_interval);
      j["churn_change"] = w.churn_change;
      j["churn_interval"] = IntervalJson(w.churn_interval);
    } else {
      j["status"] = "not_enough_customers";
      j["message"] = fmt::format("detractors and {}s each need at least {} customers", ToString(w.to), min_n);
    }
    j["caveat"] = kAssociationCaveat;
    out["what_if"] = std::move(j);
  }
  return out;
}

Json ToJson(const RetentionReport& r) {
  Json cohorts = Json::array();
  for (const CohortRetention& c : r.cohorts) {
    Json retention = Json::array();
    for (int64_t n : c.cohort.active)
      retention.push_back(c.cohort.customers > 0 ? static_cast<double>(n) / static_cast<double>(c.cohort.customers) : 0.0);
    cohorts.push_back({{"month", c.cohort.month}, {"customers", c.cohort.customers}, {"active", c.cohort.active},
                       {"retention", retention}, {"scored", c.scored}, {"predicted_churn", OptionalJson(c.predicted_churn)}});
  }
  return {{"end", r.end}, {"fit_id", r.fit_id ? Json(*r.fit_id) : Json(nullptr)}, {"cohorts", cohorts}};
}

Json ToJson(const PersonaValues& v, int64_t min_n) {
  Json personas = Json::array();
  for (const PersonaValue& p : v.personas) {
    Json j = GroupJson(p.value.value, min_n);
    j["persona_id"] = p.persona_id;
    j["name"] = p.name;
    j["emoji"] = p.emoji;
    j["revenue_at_risk"] = p.value.revenue_at_risk;
    personas.push_back(std::move(j));
  }
  Json out = MoneyJson(v.settings);
  out["fit_id"] = v.fit.id;
  out["calibration_end"] = v.fit.calibration_end;
  out["min_n"] = min_n;
  out["personas"] = personas;
  return out;
}

Json ToJson(const SegmentValues& v, int64_t min_n) {
  Json segments = Json::array();
  for (const ExperienceSegment& s : v.segments) {
    Json j = GroupJson(s.value.value, min_n);
    j["segment"] = s.key;
    j["revenue_at_risk"] = s.value.revenue_at_risk;
    segments.push_back(std::move(j));
  }
  Json out = MoneyJson(v.settings);
  out["by"] = ToString(v.request.by);
  out["touchpoint"] = v.request.touchpoint.empty() ? Json(nullptr) : Json(v.request.touchpoint);
  out["fit_id"] = v.fit.id;
  out["calibration_end"] = v.fit.calibration_end;
  out["min_n"] = min_n;
  out["customers"] = v.scored;
  out["unassigned"] = v.unassigned;
  out["segments"] = segments;
  return out;
}

}  // namespace nazar::outcomes
