#include "outcomes/program_kpis.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "core/try.h"
#include "outcomes/cohorts.h"
#include "outcomes/transactions.h"

namespace nazar::outcomes {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;
constexpr int kPage = 1000;
constexpr int kFitsScanned = 200;
constexpr double kZ95 = 1.959963984540054;

double MajorUnits(double minor, int minor_digits) { return minor / std::pow(10.0, minor_digits); }

int64_t StartMs(int32_t day) { return int64_t{day} * kMsPerDay; }

std::string Span(act::DayWindow w) { return act::IsoDay(w.from_day) + ".." + act::IsoDay(w.to_day); }

}  // namespace

Json FitSummaryOf(const std::vector<CustomerScore>& scores) {
  const double n = static_cast<double>(scores.size());
  double clv = 0, churn = 0;
  for (const CustomerScore& c : scores) {
    clv += c.clv;
    churn += 1 - c.p_alive;
  }
  const double clv_mean = n > 0 ? clv / n : 0, churn_mean = n > 0 ? churn / n : 0;
  double clv_ss = 0, churn_ss = 0;
  for (const CustomerScore& c : scores) {
    clv_ss += (c.clv - clv_mean) * (c.clv - clv_mean);
    churn_ss += (1 - c.p_alive - churn_mean) * (1 - c.p_alive - churn_mean);
  }
  return {{"customers", scores.size()}, {"clv_mean", clv_mean},
          {"clv_sd", n > 1 ? std::sqrt(clv_ss / (n - 1)) : 0.0}, {"churn_mean", churn_mean},
          {"churn_sd", n > 1 ? std::sqrt(churn_ss / (n - 1)) : 0.0}};
}

Result<act::BusinessMeasure> ProgramKpis::MeasureKpi(OrgId org, std::string_view metric, act::DayWindow window) {
  TRY_ASSIGN(const OutcomeSettings settings, store_.outcomes().GetSettings(org));
  act::BusinessMeasure m{.unit = std::string(act::KpiUnit(metric))};
  if (m.unit == "money") m.currency = settings.currency;
  if (metric == "clv" || metric == "churn") {
    TRY(FromFit(org, metric, window, m));
  } else if (metric == "cac") {
    TRY(Cac(org, window, m));
  } else if (metric == "cost_to_serve") {
    TRY(ServeCostPerCustomer(org, window, m));
  } else {
    return Fail(Error::InvalidArgument(fmt::format("{} is not a business KPI", metric), "metric"));
  }
  if (m.unit == "money") {
    m.value = MajorUnits(m.value, settings.minor_digits);
    m.margin = MajorUnits(m.margin, settings.minor_digits);
  }
  return m;
}

Result<void> ProgramKpis::FromFit(OrgId org, std::string_view metric, act::DayWindow w, act::BusinessMeasure& m) {
  m.min_n = kMinCustomers;
  TRY_ASSIGN(const std::vector<OutcomeFit> fits, store_.outcomes().ListFits(org, kFitsScanned));
  bool latest = true;  // the first converged fit listed is the one whose scores are stored
  for (const OutcomeFit& f : fits) {
    if (f.status != "converged") continue;
    const auto end = act::ParseIsoDay(f.calibration_end);
    if (!end || *end > w.to_day) {
      latest = false;
      continue;
    }
    Json summary = Json::parse(f.summary, nullptr, false);
    if ((!summary.is_object() || !summary.contains("customers")) && latest) {
      std::vector<CustomerScore> scores;
      TRY(ForEachListed(ScoreQuery{.limit = kPage},
                        [&](const ScoreQuery& q) { return store_.outcomes().ListScores(org, q); },
                        [&](const CustomerScore& c) { scores.push_back(c); }));
      summary = FitSummaryOf(scores);
    }
    m.basis = fmt::format("fit {} to {}", f.id, f.calibration_end);
    if (!summary.is_object() || !summary.contains("customers")) {
      m.message = fmt::format("the fit to {} kept no summary of its customers (refit to measure it)",
                              f.calibration_end);
      return {};
    }
    m.n = summary.value("customers", int64_t{0});
    const double scale = metric == "churn" ? 100.0 : 1.0;  // churn in percent
    const std::string key = metric == "churn" ? "churn" : "clv";
    m.value = scale * summary.value(key + "_mean", 0.0);
    m.margin = m.n > 0 ? scale * kZ95 * summary.value(key + "_sd", 0.0) / std::sqrt(static_cast<double>(m.n)) : 0;
    m.enough = m.n >= m.min_n;
    return {};
  }
  m.message = fmt::format("no customer-value fit calibrated by {} yet: refit on the customer value page",
                          act::IsoDay(w.to_day));
  return {};
}

Result<void> ProgramKpis::Cac(OrgId org, act::DayWindow w, act::BusinessMeasure& m) {
  std::vector<Transaction> transactions;
  std::vector<std::string> channels;
  TRY(ForEachListed(TransactionQuery{.to_ms = StartMs(w.to_day + 1), .limit = kPage},
                    [&](const TransactionQuery& q) { return store_.outcomes().ListTransactions(org, q); },
                    [&](const CustomerTransaction& t) {
                      transactions.push_back({.customer = std::to_string(t.contact_id),
                                              .day = static_cast<Day>(t.occurred_ms / kMsPerDay),
                                              .amount = static_cast<double>(t.amount)});
                      channels.push_back(t.channel);
                    }));
  TRY_ASSIGN(const std::vector<AcquisitionCost> costs, store_.outcomes().ListAcquisitionCosts(org));
  std::vector<ChannelSpend> spend;
  for (const AcquisitionCost& c : costs) spend.push_back({.channel = c.channel, .month = c.month, .amount = c.amount});
  // The months that end in the window: complete by its last day, and no month in two windows.
  std::string first, last;
  for (int32_t day = w.from_day; day <= w.to_day; ++day) {
    if (MonthOf(day) == MonthOf(day + 1)) continue;
    if (first.empty()) first = MonthOf(day);
    last = MonthOf(day);
  }
  if (first.empty()) {
    m.message = fmt::format("no calendar month ends in {}", Span(w));
    return {};
  }
  m.basis = first == last ? first : first + ".." + last;
  const Acquisition a = MeasureAcquisition(transactions, channels, spend, w.to_day);
  int64_t paid = 0;
  for (const AcquisitionLine& line : a.by_month) {
    if (line.key < first || line.key > last) continue;
    paid += line.spend;
    m.n += line.new_customers;
  }
  if (paid <= 0) {
    m.message = fmt::format("no acquisition spend recorded for {}", m.basis);
    return {};
  }
  m.enough = m.n >= m.min_n;
  if (m.enough) m.value = static_cast<double>(paid) / static_cast<double>(m.n);
  return {};
}

Result<void> ProgramKpis::ServeCostPerCustomer(OrgId org, act::DayWindow w, act::BusinessMeasure& m) {
  m.basis = Span(w);
  TRY_ASSIGN(const std::vector<ServeCost> rates, store_.outcomes().ListServeCosts(org));
  if (rates.empty()) {
    m.message = "no cost-to-serve rates yet: set them on the customer value page";
    return {};
  }
  std::map<std::string, int64_t, std::less<>> rate;
  for (const ServeCost& r : rates) rate[r.touchpoint] = r.amount;
  const int64_t from = StartMs(w.from_day), to = StartMs(w.to_day + 1);
  int64_t cost = 0;
  TRY(ForEachListed(InteractionQuery{.from_ms = from, .to_ms = to, .limit = kPage},
                    [&](const InteractionQuery& q) { return store_.journeys().ListInteractions(org, q); },
                    [&](const Interaction& i) {
                      if (auto it = rate.find(i.touchpoint); it != rate.end()) cost += it->second;
                    }));
  std::set<int64_t> buyers;
  TRY(ForEachListed(TransactionQuery{.from_ms = from, .to_ms = to, .limit = kPage},
                    [&](const TransactionQuery& q) { return store_.outcomes().ListTransactions(org, q); },
                    [&](const CustomerTransaction& t) { buyers.insert(t.contact_id); }));
  m.n = static_cast<int64_t>(buyers.size());
  m.enough = m.n >= m.min_n;
  if (m.enough) m.value = static_cast<double>(cost) / static_cast<double>(m.n);
  else m.message = fmt::format("no customer bought in {}", m.basis);
  return {};
}

}  // namespace nazar::outcomes
