// OutcomesService: the refit on stored transactions and the value it gives (the summary,
// value by NPS group).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "accounts/audit.h"
#include "act/ratings.h"
#include "core/try.h"
#include "outcomes/bgnbd.h"
#include "outcomes/gamma_gamma.h"
#include "outcomes/pareto_nbd.h"
#include "outcomes/program_kpis.h"
#include "outcomes/service.h"
#include "outcomes/transactions.h"
#include "outcomes/value.h"
#include "survey/definition.h"

namespace nazar::outcomes {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;
constexpr int64_t kYearDays = 365;
constexpr int kPage = 1000;
constexpr int kHistogramBins = 20;

Json DiagnosticsJson(const FitDiagnostics& d) {
  return {{"iterations", d.iterations}, {"evaluations", d.evaluations},
          {"gradient_norm", d.gradient_norm}, {"stopped_because", d.stopped_because}};
}

Json FitJson(const BgNbdFit& f) {
  return {{"model", "bgnbd"},
          {"params", {{"r", f.params.r}, {"alpha", f.params.alpha}, {"a", f.params.a}, {"b", f.params.b}}},
          {"se", {{"r", f.se.r}, {"alpha", f.se.alpha}, {"a", f.se.a}, {"b", f.se.b}}},
          {"log_likelihood", f.log_likelihood}, {"customers", f.customers},
          {"diagnostics", DiagnosticsJson(f.diagnostics)}};
}

Json FitJson(const ParetoNbdFit& f) {
  return {{"model", "pareto"},
          {"params", {{"r", f.params.r}, {"alpha", f.params.alpha}, {"s", f.params.s}, {"beta", f.params.beta}}},
          {"se", {{"r", f.se.r}, {"alpha", f.se.alpha}, {"s", f.se.s}, {"beta", f.se.beta}}},
          {"log_likelihood", f.log_likelihood}, {"customers", f.customers},
          {"diagnostics", DiagnosticsJson(f.diagnostics)}};
}

Json FitJson(const GammaGammaFit& f) {
  return {{"model", "gamma_gamma"},
          {"params", {{"p", f.params.p}, {"q", f.params.q}, {"gamma", f.params.gamma}}},
          {"se", {{"p", f.se.p}, {"q", f.se.q}, {"gamma", f.se.gamma}}},
          {"log_likelihood", f.log_likelihood}, {"customers", f.customers},
          {"diagnostics", DiagnosticsJson(f.diagnostics)}};
}

// The first moment after the calibration end's day.
int64_t EndMs(const std::string& calibration_end) {
  auto day = ParseDay(calibration_end, "calibration_end");
  return (int64_t{day.value_or(0)} + 1) * kMsPerDay;
}

// Every transaction of the organisation occurring in [from_ms, to_ms).
template <typename Use>
Result<void> ForEachTransaction(Store& store, OrgId org, std::optional<int64_t> from_ms,
                                std::optional<int64_t> to_ms, Use&& use) {
  return ForEachListed(TransactionQuery{.from_ms = from_ms, .to_ms = to_ms, .limit = kPage},
                       [&](const TransactionQuery& q) { return store.outcomes().ListTransactions(org, q); },
                       use);
}

template <typename Use>
Result<void> ForEachScore(Store& store, OrgId org, Use&& use) {
  return ForEachListed(ScoreQuery{.limit = kPage},
                       [&](const ScoreQuery& q) { return store.outcomes().ListScores(org, q); }, use);
}

Transaction ModelTransaction(const CustomerTransaction& t) {
  return {.customer = std::to_string(t.contact_id), .day = static_cast<Day>(t.occurred_ms / kMsPerDay),
          .amount = static_cast<double>(t.amount)};
}

// The day a fit's calibration ends on (the last day it counts), or today's.
Day LastDay(const std::optional<OutcomeFit>& fit, int64_t now_ms) {
  return static_cast<Day>((fit ? EndMs(fit->calibration_end) - 1 : now_ms) / kMsPerDay);
}

Result<std::optional<OutcomeFit>> LatestGoodFit(Store& store, OrgId org) {
  auto fit = store.outcomes().LatestConvergedFit(org);
  if (fit) return std::optional<OutcomeFit>(*fit);
  if (fit.error().code != ErrorCode::kNotFound) return Fail(fit.error());
  return std::optional<OutcomeFit>();
}

double QuantileOf(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(h);
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

RefitInput ReadRefitInput(JsonObjectReader& r) {
  RefitInput in;
  in.calibration_end = r.OptionalString("calibration_end", {.max_chars = 10}).value_or("");
  if (r.ok() && !in.calibration_end.empty() && !ParseDay(in.calibration_end, "calibration_end"))
    r.Reject("calibration_end", "calibration_end is a date YYYY-MM-DD");
  if (const Json* h = r.OptionalValue("horizon_weeks")) {
    if (h->is_number() && h->get<double>() > 0 && h->get<double>() <= 520) in.horizon_weeks = h->get<double>();
    else r.Reject("horizon_weeks", "horizon_weeks is a number of weeks, more than 0 and at most 520");
  }
  if (auto model = r.OptionalString("model", {.max_chars = 10})) {
    if (*model == "bgnbd" || *model == "pareto") in.model = *model;
    else r.Reject("model", "model is bgnbd (BG/NBD) or pareto (Pareto/NBD)");
  }
  if (const Json* d = r.OptionalValue("discount_rate")) {
    if (d->is_number() && d->get<double>() >= 0 && d->get<double>() <= 1) in.discount_rate = d->get<double>();
    else r.Reject("discount_rate", "discount_rate is a yearly rate from 0 to 1 (0.1 for 10%)");
  }
  return in;
}

Result<OutcomeFit> OutcomesService::Refit(const Actor& actor, const OrgAccess& access, const RefitInput& in) {
  const OrgId org = access.org;
  const int64_t now = clock_.NowMs();
  OutcomeFit fit{.org_id = org, .fitted_ms = now,
                 .calibration_end = in.calibration_end.empty() ? FormatDay(static_cast<Day>(now / kMsPerDay))
                                                               : in.calibration_end,
                 .purchase_model = in.model, .horizon_weeks = in.horizon_weeks, .discount_rate = in.discount_rate};
  std::vector<Transaction> transactions;
  TRY(ForEachTransaction(store_, org, std::nullopt, EndMs(fit.calibration_end),
                         [&](const CustomerTransaction& t) { transactions.push_back(ModelTransaction(t)); }));
  if (transactions.empty())
    return Fail(Error::InvalidArgument(
        fmt::format("no transactions up to {} to fit on", fit.calibration_end), "calibration_end"));
  fit.transactions = static_cast<int64_t>(transactions.size());
  TRY_ASSIGN(const std::vector<CustomerSummary> customers,
             Summarize(transactions, static_cast<Day>(EndMs(fit.calibration_end) / kMsPerDay - 1)));
  fit.customers = static_cast<int64_t>(customers.size());

  auto record = [&](const std::vector<CustomerScore>& scores) -> Result<OutcomeFit> {
    OutcomeFit saved;
    TRY(store_.Transact([&](Store& tx) -> Result<void> {
      TRY_ASSIGN(saved, tx.outcomes().SaveFit(fit, scores));
      return WriteAudit(tx.audit(), actor, org, "outcomes.refit", fmt::format("fit:{}", saved.id),
                        {{"status", saved.status}, {"customers", saved.customers},
                         {"calibration_end", saved.calibration_end}},
                        now);
    }));
    return saved;
  };
  auto failed = [&](const Error& e) -> Result<OutcomeFit> {
    if (e.code != ErrorCode::kFailedPrecondition) return Fail(e);
    fit.status = "failed";
    fit.message = e.message;
    TRY(record({}));
    return Fail(Error::FailedPrecondition(e.message, "fit"));
  };

  std::optional<BgNbdFit> bgnbd;
  std::optional<ParetoNbdFit> pareto;
  if (in.model == "pareto") {
    auto purchases = FitParetoNbd(customers);
    if (!purchases) return failed(purchases.error());
    fit.purchases = FitJson(*purchases).dump();
    pareto = *purchases;
  } else {
    auto purchases = FitBgNbd(customers);
    if (!purchases) return failed(purchases.error());
    fit.purchases = FitJson(*purchases).dump();
    bgnbd = *purchases;
  }
  auto spend = FitGammaGamma(customers);
  if (!spend) {
    if (spend.error().code == ErrorCode::kInvalidArgument)  // no repeat buyers with spend
      return failed(Error::FailedPrecondition("Gamma-Gamma: " + spend.error().message));
    return failed(spend.error());
  }
  fit.spend = FitJson(*spend).dump();
  const ValueOptions options{.horizon_weeks = in.horizon_weeks, .annual_discount_rate = in.discount_rate};
  TRY(CheckValueOptions(options));
  const std::vector<CustomerValue> values = pareto ? ValueWithParetoNbd(pareto->params, spend->params, customers, options)
                                                  : ValueWithBgNbd(bgnbd->params, spend->params, customers, options);
  std::vector<CustomerScore> scores;
  scores.reserve(customers.size());
  for (size_t i = 0; i < customers.size(); ++i) {
    const CustomerSummary& c = customers[i];
    const CustomerValue& v = values[i];
    if (!std::isfinite(v.clv) || !std::isfinite(v.p_alive))
      return failed(Error::FailedPrecondition(
          fmt::format("the fitted models give no finite value for contact {} (frequency {}, recency {:.2f}, "
                      "age {:.2f} weeks)", c.customer, c.frequency, c.recency, c.age)));
    scores.push_back({.org_id = org, .contact_id = std::stoll(c.customer), .frequency = c.frequency,
                      .recency = c.recency, .age = c.age, .monetary_value = c.monetary_value,
                      .p_alive = v.p_alive, .expected_purchases = v.expected_purchases,
                      .expected_spend = v.expected_spend, .clv = v.clv});
  }
  fit.summary = FitSummaryOf(scores).dump();
  return record(scores);
}

Result<int64_t> OutcomesService::RefitDue(int64_t every_ms) {
  TRY_ASSIGN(const std::vector<OrgId> orgs, store_.responses().ListOrganisationIds());
  const Principal schedule;
  const Actor actor{schedule, "schedule"};
  int64_t refitted = 0;
  for (OrgId org : orgs) {
    auto latest = store_.outcomes().LatestFit(org);
    if (!latest) {
      if (latest.error().code != ErrorCode::kNotFound)
        spdlog::warn("organisation {}: outcomes refit: {}", org.value, latest.error().ToString());
      continue;  // never refitted: nobody asked for customer value yet
    }
    if (clock_.NowMs() - latest->fitted_ms < every_ms) continue;
    auto fit = Refit(actor, {.org = org, .role = Role::kOwner},
                     {.model = latest->purchase_model == "pareto" ? "pareto" : "bgnbd",
                      .horizon_weeks = latest->horizon_weeks, .discount_rate = latest->discount_rate});
    if (fit) ++refitted;
    else spdlog::warn("organisation {}: outcomes refit: {}", org.value, fit.error().ToString());
  }
  return refitted;
}

Result<ValueSummary> OutcomesService::Summary(OrgId org) {
  ValueSummary s;
  TRY_ASSIGN(s.settings, store_.outcomes().GetSettings(org));
  TRY_ASSIGN(s.transactions, store_.outcomes().CountTransactions(org));
  TRY_ASSIGN(s.fit, LatestGoodFit(store_, org));
  if (auto latest = store_.outcomes().LatestFit(org); latest && (!s.fit || latest->id != s.fit->id)) s.latest = *latest;

  std::vector<double> clvs;
  double churn = 0;
  TRY(ForEachScore(store_, org, [&](const CustomerScore& c) {
    clvs.push_back(c.clv);
    s.clv_total += c.clv;
    churn += 1 - c.p_alive;
    s.expected_purchases += c.expected_purchases;
  }));
  s.customers = static_cast<int64_t>(clvs.size());
  if (!clvs.empty()) {
    s.clv_mean = s.clv_total / static_cast<double>(clvs.size());
    s.expected_churn = churn / static_cast<double>(clvs.size());
    std::ranges::sort(clvs);
    for (double q : {0.1, 0.25, 0.5, 0.75, 0.9}) s.clv_quantiles.push_back(QuantileOf(clvs, q));
    s.clv_histogram = HistogramOf(std::move(clvs), kHistogramBins);
  }
  // Every transaction to the end: last year's revenue, and who was won when and by which channel.
  const Day last = LastDay(s.fit, clock_.NowMs());
  const int64_t end = (int64_t{last} + 1) * kMsPerDay;
  std::vector<Transaction> transactions;
  std::vector<std::string> channels;
  TRY(ForEachTransaction(store_, org, std::nullopt, end, [&](const CustomerTransaction& t) {
    if (t.occurred_ms >= end - kYearDays * kMsPerDay) s.revenue_last_year += static_cast<double>(t.amount);
    transactions.push_back(ModelTransaction(t));
    channels.push_back(t.channel);
  }));
  TRY_ASSIGN(const auto costs, store_.outcomes().ListAcquisitionCosts(org));
  std::vector<ChannelSpend> spend;
  for (const AcquisitionCost& c : costs) spend.push_back({.channel = c.channel, .month = c.month, .amount = c.amount});
  s.acquisition = MeasureAcquisition(transactions, channels, spend, last);

  TRY_ASSIGN(const auto rates, store_.outcomes().ListServeCosts(org));
  if (!rates.empty()) {
    std::map<std::string, int64_t, std::less<>> rate, serve;
    for (const ServeCost& r : rates) rate[r.touchpoint] = r.amount;
    TRY(ForEachListed(
        InteractionQuery{.limit = kPage},
        [&](const InteractionQuery& q) { return store_.journeys().ListInteractions(org, q); },
        [&](const Interaction& i) {
          if (auto it = rate.find(i.touchpoint); it != rate.end()) serve[i.touchpoint] += it->second;
        }));
    for (const auto& [touchpoint, amount] : serve) s.serve_total += amount;
    s.serve_by_touchpoint.assign(serve.begin(), serve.end());
  }
  return s;
}

Result<RetentionReport> OutcomesService::Retention(OrgId org) {
  RetentionReport out;
  TRY_ASSIGN(const std::optional<OutcomeFit> fit, LatestGoodFit(store_, org));
  if (fit) out.fit_id = fit->id;
  const Day last = LastDay(fit, clock_.NowMs());
  out.end = FormatDay(last);
  std::vector<Transaction> transactions;
  TRY(ForEachTransaction(store_, org, std::nullopt, (int64_t{last} + 1) * kMsPerDay,
                         [&](const CustomerTransaction& t) { transactions.push_back(ModelTransaction(t)); }));
  std::map<std::string, std::pair<int64_t, double>> predicted;  // cohort -> (scored, Σ churn)
  if (fit) {
    // A score's first purchase day is the calibration end less its age (T, in weeks).
    TRY(ForEachScore(store_, org, [&](const CustomerScore& c) {
      auto& [n, churn] = predicted[MonthOf(last - static_cast<Day>(std::lround(c.age * 7)))];
      ++n;
      churn += 1 - c.p_alive;
    }));
  }
  for (Cohort& c : RetentionByCohort(transactions, last)) {
    CohortRetention r{.cohort = std::move(c)};
    if (auto it = predicted.find(r.cohort.month); it != predicted.end() && it->second.first > 0) {
      r.scored = it->second.first;
      r.predicted_churn = it->second.second / static_cast<double>(it->second.first);
    }
    out.cohorts.push_back(std::move(r));
  }
  return out;
}

Result<OutcomeFit> OutcomesService::GoodFit(OrgId org) {
  auto fit = store_.outcomes().LatestConvergedFit(org);
  if (!fit && fit.error().code == ErrorCode::kNotFound)
    return Fail(Error::NotFound("no customer-value fit yet: refit first (POST …/outcomes/refit)"));
  return fit;
}

Result<std::unordered_map<int64_t, CustomerExperience>> OutcomesService::Scored(OrgId org, const OutcomeFit& fit) {
  std::unordered_map<int64_t, CustomerExperience> customers;
  TRY(ForEachScore(store_, org, [&](const CustomerScore& c) {
    customers[c.contact_id] = {.clv = c.clv, .p_alive = c.p_alive};
  }));
  const int64_t end = EndMs(fit.calibration_end), from = end - kYearDays * kMsPerDay;
  TRY(ForEachTransaction(store_, org, from, end, [&](const CustomerTransaction& t) {
    if (auto it = customers.find(t.contact_id); it != customers.end())
      it->second.revenue += static_cast<double>(t.amount);
  }));
  // Cost to serve over the same year: each interaction at its touchpoint's rate.
  TRY_ASSIGN(const auto rates, store_.outcomes().ListServeCosts(org));
  if (rates.empty()) return customers;
  std::map<std::string, int64_t, std::less<>> rate;
  for (const ServeCost& r : rates) rate[r.touchpoint] = r.amount;
  TRY(ForEachListed(
      InteractionQuery{.from_ms = from, .to_ms = end, .limit = kPage},
      [&](const InteractionQuery& q) { return store_.journeys().ListInteractions(org, q); },
      [&](const Interaction& i) {
        auto c = customers.find(i.contact_id);
        auto r = rate.find(i.touchpoint);
        if (c != customers.end() && r != rate.end()) c->second.serve += static_cast<double>(r->second);
      }));
  return customers;
}

Result<PersonaValues> OutcomesService::ValueByPersona(OrgId org, const ExperienceOptions& options) {
  PersonaValues out;
  TRY_ASSIGN(out.settings, store_.outcomes().GetSettings(org));
  TRY_ASSIGN(out.fit, GoodFit(org));
  TRY_ASSIGN(const auto customers, Scored(org, out.fit));
  TRY_ASSIGN(const auto personas, store_.personas().ListPersonas(org));
  TRY_ASSIGN(const auto members, store_.personas().ListPersonaMembers(org));
  std::map<int64_t, std::vector<CustomerExperience>> of;  // persona -> its scored members
  for (const PersonaMember& m : members)
    if (auto it = customers.find(m.contact_id); it != customers.end()) of[m.persona_id].push_back(it->second);
  for (const Persona& p : personas) {
    // Members come by contact id: a stable order for the bootstrap.
    TRY_ASSIGN(SegmentValue value, ValueOfSegment(of[p.id], options));
    out.personas.push_back({.persona_id = p.id, .name = p.name, .emoji = p.emoji, .value = std::move(value)});
  }
  return out;
}

Result<NpsValue> OutcomesService::ValueByNps(OrgId org, const NpsValueRequest& request) {
  NpsValue out;
  TRY_ASSIGN(out.settings, store_.outcomes().GetSettings(org));
  TRY_ASSIGN(out.fit, GoodFit(org));
  TRY_ASSIGN(auto customers, Scored(org, out.fit));
  out.scored = static_cast<int64_t>(customers.size());

  // Each contact's NPS group from their latest NPS answer.
  TRY_ASSIGN(const auto latest,
             LatestSegments(org, ResponseQuery{.survey_id = request.survey_id}, customers,
                            [](const Response& r, const survey::Definition& d) -> std::optional<std::string> {
                              const auto rating = act::NpsOf(Json::parse(r.answers, nullptr, false), d);
                              if (!rating) return std::nullopt;
                              return std::string(ToString(NpsGroupOf(*rating)));
                            }));

  std::vector<CustomerExperience> rated;
  for (auto& [contact, c] : customers) {
    auto it = latest.find(contact);
    if (it == latest.end()) continue;
    c.group = ParseNpsGroup(it->second).value_or(NpsGroup::kPassive);
    rated.push_back(c);
  }
  // A stable order whatever the hash map's: the bootstrap resamples by position.
  std::ranges::sort(rated, [](const CustomerExperience& a, const CustomerExperience& b) {
    return std::tie(a.group, a.clv, a.p_alive, a.revenue) < std::tie(b.group, b.clv, b.p_alive, b.revenue);
  });
  out.without_nps = out.scored - static_cast<int64_t>(rated.size());
  TRY_ASSIGN(out.value, ValueByNpsGroup(rated, request.options));
  return out;
}

}  // namespace nazar::outcomes
