#include "demo/outcomes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/json.h"
#include "core/try.h"
#include "demo/cast.h"
#include "demo/random.h"
#include "outcomes/experience.h"
#include "outcomes/program_kpis.h"
#include "outcomes/service.h"
#include "outcomes/transactions.h"

namespace nazar::demo {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;
constexpr double kMsPerWeek = 7.0 * kMsPerDay;
constexpr size_t kBatch = 5'000;
constexpr uint64_t kOutcomeStream = 16;
constexpr int kMaxPurchases = 80;
constexpr int32_t kQuarterDays = 90;
constexpr int32_t kYearDays = 365;

// How customers of each NPS group buy: purchases a week while they stay, the chance of
// leaving after each purchase, and their typical basket (rials).
struct Habit {
  double weekly;
  double leave;
  double basket;
};
Habit HabitOf(outcomes::NpsGroup g) {
  switch (g) {
    case outcomes::NpsGroup::kPromoter: return {0.20, 0.04, 1'900'000};
    case outcomes::NpsGroup::kPassive: return {0.12, 0.09, 1'500'000};
    case outcomes::NpsGroup::kDetractor: return {0.08, 0.18, 1'300'000};
  }
  return {0.12, 0.09, 1'500'000};
}

// A rial amount rounded to a thousand, as prices are.
int64_t Rials(double v) { return std::max<int64_t>(10'000, static_cast<int64_t>(std::llround(v / 1000.0)) * 1000); }

// The CX program's business KPI targets, each set near where it stands at the end so that the
// scorecard shows a mix: CLV aimed 10% higher, churn 3 points lower, CAC 5% lower, cost to
// serve 10% above (on track).
Result<void> WriteBusinessTargets(Store& store, OrgId org, int64_t now, outcomes::Day last_day) {
  outcomes::ProgramKpis kpis(store);
  struct Aim {
    const char* metric;
    double times;
    double plus;
    int32_t days;  // CAC over the year: most customers are won early in the demo's year
  };
  for (const Aim& aim : {Aim{"clv", 1.10, 0, kQuarterDays}, {"churn", 1, -3, kQuarterDays}, {"cac", 0.95, 0, kYearDays},
                         {"cost_to_serve", 1.10, 0, kQuarterDays}}) {
    TRY_ASSIGN(const act::BusinessMeasure m, kpis.MeasureKpi(org, aim.metric, {last_day - aim.days + 1, last_day}));
    if (!m.enough) continue;
    const double target = std::max(0.0, std::round(m.value * aim.times + aim.plus));
    TRY(store.program().CreateKpi({.org_id = org, .survey_id = 0, .metric = aim.metric, .target = target,
                                   .window_days = aim.days, .created_ms = now, .updated_ms = now}));
  }
  return {};
}

}  // namespace

Result<OutcomeCounts> WriteOutcomes(Store& store, const Clock& clock, const User& admin, OrgId org,
                                    uint64_t seed, const std::vector<int64_t>& contact_ids,
                                    const Ratings& ratings, int64_t start_ms, int64_t end_ms) {
  OutcomeCounts counts;
  // The orders of the journeys, by contact.
  std::map<int64_t, std::vector<CustomerTransaction>> orders;
  for (const char* shop : {"website", "app"}) {
    TRY(ForEachListed(
        InteractionQuery{.touchpoint = shop, .limit = 1000},
        [&](const InteractionQuery& q) { return store.journeys().ListInteractions(org, q); },
        [&](const Interaction& i) {
          const Json facts = Json::parse(i.facts, nullptr, false);
          const int64_t value = facts.is_object() && facts.contains("order_value") && facts["order_value"].is_number()
                                    ? facts["order_value"].get<int64_t>() : 0;
          orders[i.contact_id].push_back({.org_id = org, .contact_id = i.contact_id, .occurred_ms = i.occurred_ms,
                                          .amount = value, .reference = i.reference, .product = "",
                                          .category = "order", .channel = i.channel, .created_ms = i.occurred_ms});
        }));
  }

  const auto products = Products();
  std::vector<CustomerTransaction> pending;
  auto flush = [&]() -> Result<void> {
    TRY(store.Transact([&](Store& tx) -> Result<void> {
      for (const CustomerTransaction& t : pending) TRY(tx.outcomes().InsertTransaction(t));
      return {};
    }));
    counts.transactions += static_cast<int64_t>(pending.size());
    pending.clear();
    return {};
  };
  for (size_t n = 0; n < contact_ids.size(); ++n) {
    const int64_t contact = contact_ids[n];
    Rng rng(SeedFor(seed, static_cast<Stream>(kOutcomeStream), n));
    outcomes::NpsGroup group = outcomes::NpsGroup::kPassive;
    if (auto it = ratings.find(contact); it != ratings.end() && !it->second.empty())
      group = outcomes::NpsGroupOf(std::ranges::max(it->second).second);
    const Habit habit = HabitOf(group);
    // Each customer's own rate and basket around their group's.
    const double weekly = habit.weekly * std::exp(0.5 * rng.Normal());
    const double basket = habit.basket * std::exp(0.3 * rng.Normal());
    // and their own chance of leaving, from a Beta(1, k) with the group's mean 1 / (1 + k):
    // customers differ within a group too, as BG/NBD assumes (a fixed chance per group leaves
    // the beta's a and b unidentified).
    const double leave = 1 - std::pow(rng.Uniform(), habit.leave / (1 - habit.leave));
    std::vector<CustomerTransaction> mine = orders[contact];
    int64_t at = mine.empty() ? start_ms + static_cast<int64_t>(rng.Below(static_cast<uint64_t>((end_ms - start_ms) / 2)))
                              : std::ranges::min(mine, {}, &CustomerTransaction::occurred_ms).occurred_ms;
    for (int k = 0; k < kMaxPurchases; ++k) {
      if (k > 0 && rng.Chance(leave)) break;  // gone
      at += static_cast<int64_t>(-std::log(1 - rng.Uniform()) / weekly * kMsPerWeek);
      if (at >= end_ms) break;
      const Product& p = products[rng.Below(products.size())];
      mine.push_back({.org_id = org, .contact_id = contact, .occurred_ms = at,
                      .amount = Rials(basket * std::exp(0.35 * rng.Normal())),
                      .reference = fmt::format("TX-{}-{}", contact, k + 1), .product = std::string(p.en),
                      .category = "shop", .channel = rng.Chance(0.55) ? "app" : "web", .created_ms = at});
    }
    // The first purchase names the channel that won the customer, as the spend below is booked.
    if (!mine.empty()) {
      const double u = rng.Uniform();
      std::ranges::min_element(mine, {}, &CustomerTransaction::occurred_ms)->channel =
          u < 0.45 ? "instagram" : u < 0.75 ? "google_ads" : u < 0.85 ? "sms" : "referral";
    }
    for (CustomerTransaction& t : mine) pending.push_back(std::move(t));
    if (pending.size() >= kBatch) TRY(flush());
  }
  if (!pending.empty()) TRY(flush());

  // Acquisition spend per channel and month; cost to serve per touchpoint.
  const int64_t now = clock.NowMs();
  Rng rng(SeedFor(seed, static_cast<Stream>(kOutcomeStream), 0xc057));
  // Each channel's spend per customer it wins (rials), around a blended 2.5 million; the
  // channels win the shares of first purchases drawn above.
  struct Spend {
    const char* channel;
    double share;
    double per_customer;
  };
  constexpr Spend kSpend[] = {{"instagram", 0.45, 2.6e6}, {"google_ads", 0.30, 3.3e6}, {"sms", 0.10, 1.5e6},
                              {"referral", 0.15, 1.0e6}};
  std::vector<std::string> months;
  for (int64_t day_ms = start_ms; day_ms < end_ms; day_ms += kMsPerDay) {
    std::string month = outcomes::FormatDay(static_cast<outcomes::Day>(day_ms / kMsPerDay)).substr(0, 7);
    if (months.empty() || months.back() != month) months.push_back(std::move(month));
  }
  for (const std::string& month : months) {
    for (const Spend& s : kSpend) {
      TRY(store.outcomes().PutAcquisitionCost({.org_id = org, .channel = s.channel, .month = month,
                                               .amount = Rials(static_cast<double>(contact_ids.size()) * s.share * s.per_customer /
                                                              static_cast<double>(months.size()) *
                                                              (0.8 + 0.4 * rng.Uniform())),
                                               .created_ms = now, .updated_ms = now}));
      ++counts.acquisition_costs;
    }
  }
  for (const auto& [touchpoint, amount] : {std::pair{"phone_support", 40'000}, {"email_support", 15'000},
                                           {"delivery", 90'000}})
    TRY(store.outcomes().PutServeCost({.org_id = org, .touchpoint = touchpoint, .amount = amount,
                                       .created_ms = now, .updated_ms = now}));

  // Two refits, as the admin would ask for them: one a quarter before the end (the scorecard's
  // "previous" CLV and churn), then one to the end.
  outcomes::OutcomesService service(store, clock);
  const Principal principal{.user = admin};
  const Actor actor{principal, "demo"};
  const auto last_day = static_cast<outcomes::Day>((end_ms - 1) / kMsPerDay);
  for (const outcomes::Day day : {last_day - kQuarterDays, last_day}) {
    auto fit = service.Refit(actor, {.org = org, .role = Role::kOwner},
                             {.calibration_end = outcomes::FormatDay(day), .horizon_weeks = 52, .discount_rate = 0.2});
    counts.fit_status = fit ? fit->status : fit.error().message;
  }
  if (counts.fit_status == "converged") TRY(WriteBusinessTargets(store, org, now, last_day));
  return counts;
}

}  // namespace nazar::demo
