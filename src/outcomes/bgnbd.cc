#include "outcomes/bgnbd.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <vector>

#include "core/try.h"
#include "outcomes/fit_driver.h"
#include "outcomes/special.h"
#include "outcomes/summary_check.h"

namespace nazar::outcomes {
namespace {


double LogBeta(double a, double b) { return detail::LogGamma(a) + detail::LogGamma(b) - detail::LogGamma(a + b); }

// Customers sorted by frequency, as columns: the per-frequency terms of the likelihood (log
// gamma and beta functions, their derivatives) are computed once per distinct frequency.
struct Columns {
  std::vector<int> group_x;          // distinct frequencies, ascending
  std::vector<size_t> group_begin;   // customers of group g: [begin[g], begin[g + 1])
  std::vector<double> recency, age;
  std::vector<double> weight;        // customers a row stands for (1 until merged)

  // Counting sort by frequency: one pass to count, one to place.
  static Columns From(std::span<const CustomerSummary> customers, const std::vector<size_t>& pick) {
    int max_x = 0;
    for (size_t i : pick) max_x = std::max(max_x, customers[i].frequency);
    std::vector<size_t> start(static_cast<size_t>(max_x) + 2, 0);
    for (size_t i : pick) ++start[customers[i].frequency + 1];
    for (size_t x = 1; x < start.size(); ++x) start[x] += start[x - 1];
    Columns c;
    c.recency.resize(pick.size());
    c.age.resize(pick.size());
    for (size_t x = 0; x + 1 < start.size(); ++x) {
      if (start[x + 1] > start[x]) {
        c.group_x.push_back(static_cast<int>(x));
        c.group_begin.push_back(start[x]);
      }
    }
    c.group_begin.push_back(pick.size());
    for (size_t i : pick) {
      const size_t at = start[customers[i].frequency]++;
      c.recency[at] = customers[i].recency;
      c.age[at] = customers[i].age;
    }
    c.weight.assign(pick.size(), 1.0);
    return c;
  }

  // Folds the rows with the same (x, t_x, T) into one weighted by their count. Data dated by
  // day repeat them a lot (CDNOW_master's 23,570 customers are ~4,000 rows); simulated
  // continuous times do not, so the caller asks only when it pays.
  void Merge() {
    std::vector<double> merged_recency, merged_age, merged_weight;
    std::vector<size_t> merged_begin;
    std::vector<std::pair<double, double>> rows;
    for (size_t g = 0; g + 1 < group_begin.size(); ++g) {
      rows.clear();
      for (size_t i = group_begin[g]; i < group_begin[g + 1]; ++i) rows.emplace_back(age[i], recency[i]);
      std::sort(rows.begin(), rows.end());
      merged_begin.push_back(merged_age.size());
      for (size_t k = 0; k < rows.size(); ++k) {
        if (k > 0 && rows[k] == rows[k - 1]) {
          merged_weight.back() += 1;
          continue;
        }
        merged_age.push_back(rows[k].first);
        merged_recency.push_back(rows[k].second);
        merged_weight.push_back(1);
      }
    }
    merged_begin.push_back(merged_age.size());
    recency = std::move(merged_recency), age = std::move(merged_age);
    weight = std::move(merged_weight), group_begin = std::move(merged_begin);
  }
};

// log(1 + u) for u >= 0: glibc's log1p costs about twice log, and only small u need it.
inline double Log1pFast(double u) { return u < 1e-3 ? std::log1p(u) : std::log(1 + u); }

// Σ_{j<x} log(v + j) and Σ_{j<x} 1/(v + j): log Γ(v+x)/Γ(v) and ψ(v+x) − ψ(v) without the
// cancellation of differencing two large log-gammas (exact for any v, e.g. r = 1e40 where
// the difference of lgammas is noise an optimiser would climb). Advanced as x grows.

struct Rising {
  double v, log_sum = 0, inv_sum = 0;
  int upto = 0;
  void To(int x) {
    for (; upto < x; ++upto) {
      log_sum += std::log(v + upto);
      inv_sum += 1 / (v + upto);
    }
  }
};

// Log-likelihood at (r, α, a, b) and, with `grad`, its gradient in those parameters. The
// per-frequency terms are ratios of gamma functions at integer offsets, summed as the
// groups' frequencies ascend:
//   Γ(r+x)/Γ(r); B(a, b+x)/B(a, b) = Γ(b+x)/Γ(b) · Γ(a+b)/Γ(a+b+x);
//   B(a+1, b+x−1)/B(a, b) = a · Γ(b+x−1)/Γ(b) · Γ(a+b)/Γ(a+b+x).
double Evaluate(const Columns& c, const std::vector<double>& p, std::vector<double>* grad) {
  const double r = p[0], alpha = p[1], a = p[2], b = p[3];
  const double log_alpha = std::log(alpha), inv_alpha = 1 / alpha, log_a = std::log(a);
  Rising rr{r}, rb{b}, rab{a + b};
  double ll = 0, gr = 0, galpha = 0, ga = 0, gb = 0;
  for (size_t g = 0; g + 1 < c.group_begin.size(); ++g) {
    const int x = c.group_x[g];
    const size_t begin = c.group_begin[g], end = c.group_begin[g + 1];
    double n = 0;
    for (size_t i = begin; i < end; ++i) n += c.weight[i];
    const double rx = r + x;
    // b's sums to x − 1 first (the second term), then to x.
    rb.To(std::max(x - 1, 0));
    const double log_b_less = rb.log_sum, inv_b_less = rb.inv_sum;
    rr.To(x), rb.To(x), rab.To(x);
    // r log α − (r+x) log(α+T) as −(r+x) log(1 + T/α) − x log α: no difference of two
    // large numbers when r and α are both large (an optimiser's excursion).
    const double head = rr.log_sum - x * log_alpha;
    const double d_head_r = rr.inv_sum;
    const double c1 = rb.log_sum - rab.log_sum;
    const double dc1a = -rab.inv_sum, dc1b = rb.inv_sum - rab.inv_sum;
    if (x == 0) {
      double sum_log = 0, sum_inv = 0;
      for (size_t i = begin; i < end; ++i) {
        const double w = c.weight[i];
        sum_log += w * Log1pFast(c.age[i] * inv_alpha);
        sum_inv += w / (alpha + c.age[i]);
      }
      ll += n * (head + c1) - r * sum_log;
      gr += n * d_head_r - sum_log;
      galpha += n * r / alpha - r * sum_inv;
      ga += n * dc1a;
      gb += n * dc1b;
      continue;
    }
    const double c2 = log_a + log_b_less - rab.log_sum;
    const double dc2a = 1 / a - rab.inv_sum;
    const double dc2b = inv_b_less - rab.inv_sum;
    double sum_lse = 0, sum_w1 = 0, sum_w1_log1 = 0, sum_w2_log2 = 0, sum_w1_inv1 = 0,
           sum_w2_inv2 = 0;
    for (size_t i = begin; i < end; ++i) {
      const double l1 = Log1pFast(c.age[i] * inv_alpha), l2 = Log1pFast(c.recency[i] * inv_alpha);
      const double t1 = c1 - rx * l1, t2 = c2 - rx * l2;
      const double e = std::exp(-std::abs(t1 - t2));
      const double w = c.weight[i];
      sum_lse += w * (std::max(t1, t2) + Log1pFast(e));  // e in (0, 1]
      // The shares of the two terms, times the row's weight.
      const double w_big = w / (1 + e), w1 = t1 >= t2 ? w_big : w - w_big, w2 = w - w1;
      sum_w1 += w1;
      sum_w1_log1 += w1 * l1;
      sum_w2_log2 += w2 * l2;
      sum_w1_inv1 += w1 / (alpha + c.age[i]);
      sum_w2_inv2 += w2 / (alpha + c.recency[i]);
    }
    ll += n * head + sum_lse;
    gr += n * d_head_r - sum_w1_log1 - sum_w2_log2;
    galpha += n * r / alpha - rx * (sum_w1_inv1 + sum_w2_inv2);
    ga += sum_w1 * dc1a + (n - sum_w1) * dc2a;
    gb += sum_w1 * dc1b + (n - sum_w1) * dc2b;
  }
  if (grad) *grad = {gr, galpha, ga, gb};
  return ll;
}

BgNbdParams FromVector(const std::vector<double>& v) { return {v[0], v[1], v[2], v[3]}; }

}  // namespace

Result<BgNbdFit> FitBgNbd(std::span<const CustomerSummary> customers, const FitOptions& options) {
  TRY(detail::CheckSummaries(customers));
  auto all = std::make_shared<Columns>(
      Columns::From(customers, detail::EvenSubsample(customers.size(), 0)));
  detail::FitProblem problem{
      .model = "BG/NBD",
      .names = {"r", "alpha", "a", "b"},
      .start = {1, 1, 1, 1},
      .customers = customers.size(),
      .full = [all](const std::vector<double>& p, std::vector<double>* g) {
        return Evaluate(*all, p, g);
      }};
  // Merging pays when rows repeat: always worth trying on a small population; on a large
  // one when the subsample already repeats (then the whole repeats more).
  constexpr double kMergeWhenRowsBelow = 0.7;
  bool merge = true;
  if (options.warm_start_customers > 0 && customers.size() > 4 * options.warm_start_customers) {
    auto part = std::make_shared<Columns>(Columns::From(
        customers, detail::EvenSubsample(customers.size(), options.warm_start_customers)));
    const double picked = static_cast<double>(part->age.size());
    part->Merge();
    merge = static_cast<double>(part->age.size()) < kMergeWhenRowsBelow * picked;
    problem.subsample = [part](const std::vector<double>& p, std::vector<double>* g) {
      return Evaluate(*part, p, g);
    };
    problem.subsample_customers = static_cast<size_t>(picked);
  }
  if (merge) all->Merge();
  TRY_ASSIGN(detail::FittedParameters fit, detail::RunFit(problem, options));
  return BgNbdFit{.params = FromVector(fit.params),
                  .se = FromVector(fit.se),
                  .log_likelihood = fit.log_likelihood,
                  .customers = customers.size(),
                  .diagnostics = fit.diagnostics};
}

double BgNbdLogLikelihood(const BgNbdParams& p, std::span<const CustomerSummary> customers) {
  Columns c = Columns::From(customers, detail::EvenSubsample(customers.size(), 0));
  c.Merge();
  return Evaluate(c, {p.r, p.alpha, p.a, p.b}, nullptr);
}

double BgNbdProbabilityAlive(const BgNbdParams& p, int x, double t_x, double age) {
  if (x == 0) return 1;
  // 1 / (1 + a/(b+x-1) ((α+T)/(α+t_x))^(r+x)), the odds in logs.
  const double log_odds = std::log(p.a / (p.b + x - 1)) +
                          (p.r + x) * std::log((p.alpha + age) / (p.alpha + t_x));
  return 1 / (1 + std::exp(log_odds));
}

double Hypergeometric2F1(double a, double b, double c, double z) {
  double term = 1, sum = 1;
  for (int k = 0; k < 1000000; ++k) {
    term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
    const double before = sum;
    sum += term;
    if (sum == before && std::abs(term) <= std::numeric_limits<double>::epsilon() * std::abs(sum)) {
      return sum;
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double BgNbdExpectedPurchases(const BgNbdParams& p, int x, double t_x, double age, double t) {
  if (t <= 0) return 0;
  // ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z) after Euler's transformation is
  // (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), z = t/(α+T+t): the factor no longer
  // underflows for large x and the series' denominator grows with x.
  const double z = t / (p.alpha + age + t);
  const double c = p.a + p.b + x - 1;
  const double f = Hypergeometric2F1(p.a + p.b - 1 - p.r, p.a - 1, c, z);
  const double bracket = 1 - std::exp((p.a - 1) * std::log1p(-z)) * f;
  return c / (p.a - 1) * bracket * BgNbdProbabilityAlive(p, x, t_x, age);
}

double BgNbdExpectedPurchasesNew(const BgNbdParams& p, double t) {
  return BgNbdExpectedPurchases(p, 0, 0, 0, t);
}

double BgNbdProbabilityOfPurchases(const BgNbdParams& p, double t, int x) {
  // Eq. 8 of the paper, each term in logs.
  const double log_q = std::log(p.alpha / (p.alpha + t)), log_z = std::log(t / (p.alpha + t));
  const double log_beta_ab = LogBeta(p.a, p.b);
  auto log_nb = [&](int j) {  // log Γ(r+j)/(Γ(r) j!) + r log q + j log z
    return detail::LogGamma(p.r + j) - detail::LogGamma(p.r) - detail::LogGamma(j + 1.0) + p.r * log_q + (j > 0 ? j * log_z : 0);
  };
  double out = std::exp(LogBeta(p.a, p.b + x) - log_beta_ab + log_nb(x));
  if (x > 0) {
    double below = 0;
    for (int j = 0; j < x; ++j) below += std::exp(log_nb(j));
    out += std::exp(LogBeta(p.a + 1, p.b + x - 1) - log_beta_ab) * (1 - below);
  }
  return out;
}

}  // namespace nazar::outcomes
