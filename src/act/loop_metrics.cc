#include "act/loop_metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>

#include "core/jalali.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr double kHourMs = 3600'000.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool Decided(SlaState s) { return s == SlaState::kMet || s == SlaState::kMetLate || s == SlaState::kBreached; }

Result<metrics::ProportionEstimate> Share(int64_t successes, int64_t n, const metrics::ScoreOptions& o) {
  return metrics::EstimateProportion({.successes = successes, .n = n}, o);
}

DurationSummary Durations(std::vector<double> hours, int64_t waiting, double z, int64_t min_n) {
  DurationSummary d{.n = static_cast<int64_t>(hours.size()), .waiting = waiting};
  d.enough = d.n >= min_n;
  if (hours.empty()) {
    d.median_hours = d.p90_hours = {kNaN, kNaN, kNaN};
    return d;
  }
  std::sort(hours.begin(), hours.end());
  d.median_hours = EstimateQuantile(hours, 0.5, z);
  d.p90_hours = EstimateQuantile(hours, 0.9, z);
  return d;
}

int32_t MonthStart(int32_t day, bool jalali) {
  if (jalali) {
    auto j = JalaliFromEpochDay(day);
    return static_cast<int32_t>(*EpochDayFromJalali({j->year, j->month, 1}));
  }
  auto g = GregorianFromEpochDay(day);
  return static_cast<int32_t>(*EpochDayFromGregorian({g->year, g->month, 1}));
}

}  // namespace

QuantileEstimate EstimateQuantile(std::span<const double> sorted, double p, double z) {
  const double n = static_cast<double>(sorted.size());
  // R's type 7: h = (n - 1) p, between the order statistics floor(h) and floor(h) + 1 (0-based).
  const double h = (n - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  QuantileEstimate q{.value = sorted[lo] + (h - std::floor(h)) * (sorted[hi] - sorted[lo])};
  const double spread = z * std::sqrt(n * p * (1 - p));
  const double r = std::round(n * p - spread);      // 1-based ranks
  const double s = std::round(1 + n * p + spread);
  q.ci_low = r >= 1 && r <= n ? sorted[static_cast<size_t>(r) - 1] : kNaN;
  q.ci_high = s >= 1 && s <= n ? sorted[static_cast<size_t>(s) - 1] : kNaN;
  return q;
}

std::string MonthLabel(int32_t local_day, bool jalali) {
  if (jalali) {
    auto j = JalaliFromEpochDay(local_day);
    return j ? fmt::format("{:04d}-{:02d}", j->year, j->month) : "";
  }
  auto g = GregorianFromEpochDay(local_day);
  return g ? fmt::format("{:04d}-{:02d}", g->year, g->month) : "";
}

Result<LoopMetrics> ComputeLoopMetrics(std::span<const LoopCase> cases, const LoopOptions& o) {
  const double level = o.score.confidence_level;
  if (!(level > 0 && level < 1))
    return Fail(Error::InvalidArgument("the confidence level lies between 0 and 1", "confidence_level"));
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + level / 2);
  LoopMetrics m;
  m.cases = static_cast<int64_t>(cases.size());
  int64_t contactable = 0, contacted = 0;
  int64_t fr_decided = 0, fr_met = 0, res_decided = 0, res_met = 0;
  int64_t recovered = 0, answered = 0, yes = 0;
  std::vector<double> first_response, resolution;
  int64_t fr_waiting = 0, res_waiting = 0;
  for (const LoopCase& c : cases) {
    if (c.open) m.open++;
    if (c.first_response_ms) first_response.push_back((*c.first_response_ms - c.created_ms) / kHourMs);
    else fr_waiting++;
    if (c.resolved_ms) resolution.push_back((*c.resolved_ms - c.created_ms) / kHourMs);
    else if (c.open) res_waiting++;
    if (Decided(c.first_response_sla)) {
      fr_decided++;
      fr_met += c.first_response_sla == SlaState::kMet;
    }
    if (Decided(c.resolution_sla)) {
      res_decided++;
      res_met += c.resolution_sla == SlaState::kMet;
    }
    const bool detractor = c.nps && *c.nps <= 6;
    if (detractor) {
      m.detractor_cases++;
      const bool in_time = c.first_contact_ms && *c.first_contact_ms - c.created_ms <= o.contact_within_ms;
      if (c.first_contact_ms || o.now_ms - c.created_ms >= o.contact_within_ms) {
        contactable++;
        contacted += in_time;
      }
      if (c.next_nps) {
        m.rated_again++;
        recovered += *c.next_nps >= 7;
      }
    }
    m.checks_sent += c.checks_sent;
    if (!c.check_answer.empty()) {
      answered++;
      yes += c.check_answer == "yes";
    }
  }
  TRY_ASSIGN(m.contacted_within, Share(contacted, contactable, o.score));
  TRY_ASSIGN(m.sla_first_response, Share(fr_met, fr_decided, o.score));
  TRY_ASSIGN(m.sla_resolution, Share(res_met, res_decided, o.score));
  TRY_ASSIGN(m.recovered, Share(recovered, m.rated_again, o.score));
  TRY_ASSIGN(m.resolved_by_customer, Share(yes, answered, o.score));
  m.first_response = Durations(std::move(first_response), fr_waiting, z, o.score.min_responses);
  m.resolution = Durations(std::move(resolution), res_waiting, z, o.score.min_responses);

  if (cases.empty()) return m;
  auto [first, last] = std::minmax_element(cases.begin(), cases.end(),
                                           [](const LoopCase& a, const LoopCase& b) { return a.local_day < b.local_day; });
  std::map<int32_t, size_t> index;  // month start -> position
  for (int32_t d = MonthStart(first->local_day, o.jalali); d <= last->local_day;) {
    index[d] = m.months.size();
    m.months.push_back(MonthLabel(d, o.jalali));
    d = MonthStart(d + 32, o.jalali);  // every month is 29 to 31 days long
  }
  for (const LoopCase& c : cases) {
    auto& series = m.root_causes[c.root_cause_id.value_or(0)];
    series.resize(m.months.size());
    series[index.at(MonthStart(c.local_day, o.jalali))]++;
  }
  return m;
}

}  // namespace nazar::act
