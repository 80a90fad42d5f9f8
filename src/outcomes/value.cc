#include "outcomes/value.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nazar::outcomes {
namespace {

constexpr double kWeeksPerYear = 365.25 / 7;
constexpr size_t kMaxTerms = 1000000;
constexpr size_t kBlock = 16;
// Far below what a value needs, above the sums' own rounding.
constexpr double kSeriesTolerance = 1e-15;

struct Periods {
  std::vector<double> end;       // t_k
  std::vector<double> discount;  // (1+R)^(−t_k / weeks a year)
};

Periods MakePeriods(const ValueOptions& o) {
  Periods p;
  for (double t = o.period_weeks;; t += o.period_weeks) {
    const double end = std::min(t, o.horizon_weeks);
    p.end.push_back(end);
    p.discount.push_back(std::pow(1 + o.annual_discount_rate, -end / kWeeksPerYear));
    if (end >= o.horizon_weeks) break;
  }
  return p;
}

double Discounted(const Periods& periods, const std::vector<double>& expected, double spend) {
  double clv = 0, before = 0;
  for (size_t k = 0; k < expected.size(); ++k) {
    clv += (expected[k] - before) * periods.discount[k];
    before = expected[k];
  }
  return clv * spend;
}

// The series 2F1(a+b−1−r, a−1; a+b+x−1; z) = Σ_j c_j z^j of one frequency x, its
// coefficients grown as far as a customer needs them.
class Series {
 public:
  Series(const BgNbdParams& p, int x) : a_(p.a + p.b - 1 - p.r), b_(p.a - 1), c_(p.a + p.b + x - 1) {
    coef_.push_back(1);
  }
  // The coefficients c_0 … c_{n-1}, grown to at least n.
  const double* Coefficients(size_t n) {
    while (coef_.size() < n) {
      const double k = static_cast<double>(coef_.size() - 1);
      coef_.push_back(coef_.back() * (a_ + k) * (b_ + k) / ((c_ + k) * (k + 1)));
    }
    return coef_.data();
  }

 private:
  double a_, b_, c_;
  std::vector<double> coef_;
};

// Each customer's value: `alive(c)` and `expected(c, alive, out)`, which fills the expected
// purchases by the end of each period.
template <typename Alive, typename Expected>
std::vector<CustomerValue> Score(const GammaGammaParams& spend,
                                 std::span<const CustomerSummary> customers,
                                 const ValueOptions& options, Alive alive, Expected expected_by) {
  const Periods periods = MakePeriods(options);
  std::vector<double> expected(periods.end.size());
  std::vector<CustomerValue> out(customers.size());
  for (size_t i = 0; i < customers.size(); ++i) {
    const CustomerSummary& c = customers[i];
    CustomerValue& v = out[i];
    v.p_alive = alive(c);
    v.expected_spend = GammaGammaExpectedSpend(spend, c.frequency, c.monetary_value);
    expected_by(c, v.p_alive, periods, expected);
    v.expected_purchases = expected.back();
    v.clv = Discounted(periods, expected, v.expected_spend);
  }
  return out;
}

}  // namespace

Result<void> CheckValueOptions(const ValueOptions& o) {
  if (!(o.horizon_weeks > 0) || !std::isfinite(o.horizon_weeks)) {
    return Fail(Error::InvalidArgument("the horizon is a positive number of weeks", "horizon_weeks"));
  }
  if (!(o.annual_discount_rate >= 0) || !std::isfinite(o.annual_discount_rate)) {
    return Fail(Error::InvalidArgument(
        "the discount rate is a yearly rate of 0 or more (0.1 for 10%)", "discount_rate"));
  }
  if (!(o.period_weeks > 0) || !std::isfinite(o.period_weeks)) {
    return Fail(Error::InvalidArgument("the period is a positive number of weeks", "period_weeks"));
  }
  if (o.horizon_weeks / o.period_weeks > 100000) {
    return Fail(Error::InvalidArgument("the horizon has more than 100,000 periods", "horizon_weeks"));
  }
  return {};
}

std::vector<CustomerValue> ValueWithBgNbd(const BgNbdParams& p, const GammaGammaParams& spend,
                                          std::span<const CustomerSummary> customers,
                                          const ValueOptions& options) {
  std::vector<Series> series;  // by frequency
  std::vector<double> z, log_rest, power, sum;
  auto alive = [&](const CustomerSummary& c) {
    return BgNbdProbabilityAlive(p, c.frequency, c.recency, c.age);
  };
  auto expected_by = [&](const CustomerSummary& c, double p_alive, const Periods& periods,
                         std::vector<double>& expected) {
    const size_t n = periods.end.size();
    z.resize(n), log_rest.resize(n), power.assign(n, 1), sum.assign(n, 1);
    while (series.size() <= static_cast<size_t>(c.frequency)) {
      series.emplace_back(p, static_cast<int>(series.size()));
    }
    Series& s = series[c.frequency];
    // z and log(1 − z) = log((α+T)/(α+T+t)), the latter from the ratio itself (no log1p).
    for (size_t k = 0; k < n; ++k) {
      const double total = p.alpha + c.age + periods.end[k];
      z[k] = periods.end[k] / total;
      log_rest[k] = std::log((p.alpha + c.age) / total);
    }
    // z grows with the period, so the sums finish in order: periods from `done` on are
    // still summing, and the last one decides when all are. The coefficients come in blocks
    // so the inner loop is plain arithmetic.
    size_t done = 0;
    for (size_t from = 1; done < n && from < kMaxTerms; from += kBlock) {
      const double* coef = s.Coefficients(from + kBlock);
      for (size_t j = from; j < from + kBlock && done < n; ++j) {
        const double cj = coef[j];
        for (size_t k = done; k < n; ++k) {
          power[k] *= z[k];
          sum[k] += cj * power[k];
        }
        while (done < n && std::abs(cj * power[done]) <= kSeriesTolerance * std::abs(sum[done])) {
          ++done;
        }
      }
    }
    const bool converged = done == n;
    const double scale = (p.a + p.b + c.frequency - 1) / (p.a - 1) * p_alive;
    for (size_t k = 0; k < n; ++k) {
      expected[k] = converged ? scale * (1 - std::exp((p.a - 1) * log_rest[k]) * sum[k])
                              : std::numeric_limits<double>::quiet_NaN();
    }
  };
  return Score(spend, customers, options, alive, expected_by);
}

std::vector<CustomerValue> ValueWithParetoNbd(const ParetoNbdParams& p,
                                              const GammaGammaParams& spend,
                                              std::span<const CustomerSummary> customers,
                                              const ValueOptions& options) {
  auto alive = [&](const CustomerSummary& c) {
    return ParetoNbdProbabilityAlive(p, c.frequency, c.recency, c.age);
  };
  auto expected_by = [&](const CustomerSummary& c, double p_alive, const Periods& periods,
                         std::vector<double>& expected) {
    // E(t) = P(alive) · (r+x)(β+T)/(α+T) · [1 − ((β+T)/(β+T+t))^(s−1)] / (s−1).
    const double scale = p_alive * (p.r + c.frequency) * (p.beta + c.age) / (p.alpha + c.age);
    const double sm1 = p.s - 1;
    for (size_t k = 0; k < expected.size(); ++k) {
      const double growth = std::log1p(periods.end[k] / (p.beta + c.age));
      expected[k] = scale * (std::abs(sm1) < 1e-10 ? growth : -std::expm1(-sm1 * growth) / sm1);
    }
  };
  return Score(spend, customers, options, alive, expected_by);
}

}  // namespace nazar::outcomes
