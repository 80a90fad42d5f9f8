#include "outcomes/gamma_gamma.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "core/try.h"
#include "outcomes/fit_driver.h"
#include "outcomes/special.h"
#include "outcomes/summary_check.h"

namespace nazar::outcomes {
namespace {


bool RepeatBuyer(const CustomerSummary& s) { return s.frequency > 0 && s.monetary_value > 0; }

// Repeat buyers sorted by frequency; per group the sum of log mean spends is fixed.
struct Columns {
  std::vector<int> group_x;
  std::vector<size_t> group_begin;
  std::vector<double> group_sum_log_mean;
  std::vector<double> mean;

  // Every `keep_every`-th repeat buyer, counting-sorted by frequency.
  static Columns From(std::span<const CustomerSummary> customers, size_t keep_every = 1) {
    std::vector<const CustomerSummary*> buyers;
    size_t seen = 0;
    int max_x = 0;
    for (const auto& s : customers) {
      if (RepeatBuyer(s) && seen++ % keep_every == 0) {
        buyers.push_back(&s);
        max_x = std::max(max_x, s.frequency);
      }
    }
    std::vector<size_t> start(static_cast<size_t>(max_x) + 2, 0);
    for (auto* b : buyers) ++start[b->frequency + 1];
    for (size_t x = 1; x < start.size(); ++x) start[x] += start[x - 1];
    Columns c;
    for (size_t x = 0; x + 1 < start.size(); ++x) {
      if (start[x + 1] > start[x]) {
        c.group_x.push_back(static_cast<int>(x));
        c.group_begin.push_back(start[x]);
        c.group_sum_log_mean.push_back(0);
      }
    }
    c.group_begin.push_back(buyers.size());
    c.mean.resize(buyers.size());
    for (auto* b : buyers) c.mean[start[b->frequency]++] = b->monetary_value;
    for (size_t g = 0; g < c.group_x.size(); ++g) {
      for (size_t i = c.group_begin[g]; i < c.group_begin[g + 1]; ++i) {
        c.group_sum_log_mean[g] += std::log(c.mean[i]);
      }
    }
    return c;
  }
};

// ln L_i = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + x m).
double Evaluate(const Columns& c, const std::vector<double>& v, std::vector<double>* grad) {
  const double p = v[0], q = v[1], gamma = v[2];
  const double log_gamma = std::log(gamma), lg_q = detail::LogGamma(q), psi_q = detail::Digamma(q);
  double ll = 0, gp = 0, gq = 0, gg = 0;
  for (size_t g = 0; g + 1 < c.group_begin.size(); ++g) {
    const double x = c.group_x[g], px = p * x, log_x = std::log(x);
    const size_t begin = c.group_begin[g], end = c.group_begin[g + 1];
    const double n = static_cast<double>(end - begin), sum_log_mean = c.group_sum_log_mean[g];
    double sum_log = 0, sum_inv = 0;
    for (size_t i = begin; i < end; ++i) {
      const double d = gamma + x * c.mean[i];
      sum_log += std::log(d);
      sum_inv += 1 / d;
    }
    ll += n * (detail::LogGamma(px + q) - detail::LogGamma(px) - lg_q + q * log_gamma + px * log_x) +
          (px - 1) * sum_log_mean - (px + q) * sum_log;
    const double psi_pxq = detail::Digamma(px + q);
    gp += x * (n * (psi_pxq - detail::Digamma(px) + log_x) + sum_log_mean - sum_log);
    gq += n * (psi_pxq - psi_q + log_gamma) - sum_log;
    gg += n * q / gamma - (px + q) * sum_inv;
  }
  if (grad) *grad = {gp, gq, gg};
  return ll;
}

GammaGammaParams FromVector(const std::vector<double>& v) { return {v[0], v[1], v[2]}; }

}  // namespace

Result<GammaGammaFit> FitGammaGamma(std::span<const CustomerSummary> customers,
                                    const FitOptions& options) {
  TRY(detail::CheckSummaries(customers));
  auto all = std::make_shared<Columns>(Columns::From(customers));
  const size_t buyers = all->mean.size();
  if (buyers == 0) {
    return Fail(Error::InvalidArgument(
        "no customer has repeat purchases with a positive mean spend: Gamma-Gamma has nothing "
        "to fit",
        "customers"));
  }
  detail::FitProblem problem{
      .model = "Gamma-Gamma",
      .names = {"p", "q", "gamma"},
      .start = {1, 1, 1},
      .customers = buyers,
      .full = [all](const std::vector<double>& p, std::vector<double>* g) {
        return Evaluate(*all, p, g);
      }};
  if (options.warm_start_customers > 0 && buyers > 4 * options.warm_start_customers) {
    auto part = std::make_shared<Columns>(
        Columns::From(customers, buyers / options.warm_start_customers));
    problem.subsample = [part](const std::vector<double>& p, std::vector<double>* g) {
      return Evaluate(*part, p, g);
    };
    problem.subsample_customers = part->mean.size();
  }
  TRY_ASSIGN(detail::FittedParameters fit, detail::RunFit(problem, options));
  return GammaGammaFit{.params = FromVector(fit.params),
                       .se = FromVector(fit.se),
                       .log_likelihood = fit.log_likelihood,
                       .customers = buyers,
                       .diagnostics = fit.diagnostics};
}

double GammaGammaLogLikelihood(const GammaGammaParams& p, std::span<const CustomerSummary> customers) {
  return Evaluate(Columns::From(customers), {p.p, p.q, p.gamma}, nullptr);
}

double GammaGammaExpectedSpend(const GammaGammaParams& p, int x, double mean_spend) {
  return p.p * (p.gamma + x * mean_spend) / (p.p * x + p.q - 1);
}

double GammaGammaMeanSpend(const GammaGammaParams& p) {
  if (p.q <= 1) return std::numeric_limits<double>::infinity();
  return p.p * p.gamma / (p.q - 1);
}

}  // namespace nazar::outcomes
