#include "outcomes/pareto_nbd.h"

#include <boost/math/quadrature/gauss.hpp>
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "core/try.h"
#include "outcomes/fit_driver.h"
#include "outcomes/special.h"
#include "outcomes/summary_check.h"

namespace nazar::outcomes {
namespace {


constexpr unsigned kGaussPoints = 10;
constexpr double kMaxU = 45;

struct Terms {
  double head;      // lnΓ(r+x) − lnΓ(r) + r ln α + s ln β
  double survived;  // log of (α+T)^-(r+x) (β+T)^-s: alive at T
  double died;      // log of the integral over a death time in (t_x, T]
};

Terms Compute(const ParetoNbdParams& p, int x, double t_x, double age) {
  const double rx = p.r + x, q = rx + p.s;
  Terms out;
  out.head = detail::LogRising(p.r, x) + p.r * std::log(p.alpha) + p.s * std::log(p.beta);
  out.survived = -rx * std::log(p.alpha + age) - p.s * std::log(p.beta + age);
  // ∫_ρ^1 (1 + k y^{1/q})^-(s+1) dy with y = e^-u: e^-u times a smooth bounded factor on
  // [0, −ln ρ]; beyond u = kMaxU the rest is below e^-kMaxU of the whole.
  const double k = (p.beta - p.alpha) / (p.alpha + t_x);
  const double top = std::min(kMaxU, q * std::log((p.alpha + age) / (p.alpha + t_x)));
  auto integrand = [&](double u) {
    return std::exp(-u - (p.s + 1) * std::log1p(k * std::exp(-u / q)));
  };
  // Gauss–Legendre panels no wider than the factor's scale (q, and 2 for e^-u). For k < 0
  // (β < α) the factor's nearest singularity is at u = q ln(−k) < 0, close to 0 when β ≪ α:
  // the first panels are then as narrow as that distance and double, so each panel is at
  // least as far from it as it is wide.
  const double widest = std::min(2.0, q);
  const double nearest = k < 0 ? -q * std::log(-k) : widest;  // distance left of 0
  double width = std::clamp(nearest, 1e-12 * widest, widest);
  double integral = 0;
  for (double u = 0; u < top; u += width, width = std::min(2 * width, widest)) {
    integral += boost::math::quadrature::gauss<double, kGaussPoints>::integrate(
        integrand, u, std::min(u + width, top));
  }
  out.died = integral > 0 ? std::log(p.s) - q * std::log(p.alpha + t_x) - std::log(q) +
                                std::log(integral)
                          : -std::numeric_limits<double>::infinity();
  return out;
}

double LogSumExp(double a, double b) {
  const double m = std::max(a, b);
  if (m == -std::numeric_limits<double>::infinity()) return m;
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

ParetoNbdParams FromVector(const std::vector<double>& v) { return {v[0], v[1], v[2], v[3]}; }

}  // namespace

double ParetoNbdLogLikelihood(const ParetoNbdParams& p, int x, double t_x, double age) {
  Terms t = Compute(p, x, t_x, age);
  return t.head + LogSumExp(t.survived, t.died);
}

double ParetoNbdLogLikelihood(const ParetoNbdParams& p, std::span<const CustomerSummary> customers) {
  double ll = 0;
  for (const auto& c : customers) ll += ParetoNbdLogLikelihood(p, c.frequency, c.recency, c.age);
  return ll;
}

Result<ParetoNbdFit> FitParetoNbd(std::span<const CustomerSummary> customers,
                                  const FitOptions& options) {
  TRY(detail::CheckSummaries(customers));
  auto all = std::make_shared<std::vector<CustomerSummary>>(customers.begin(), customers.end());
  auto value_over = [](std::shared_ptr<std::vector<CustomerSummary>> cs) {
    return [cs](const std::vector<double>& v, std::vector<double>*) {
      return ParetoNbdLogLikelihood(FromVector(v), *cs);
    };
  };
  detail::FitProblem problem{.model = "Pareto/NBD",
                             .names = {"r", "alpha", "s", "beta"},
                             .start = {1, 1, 1, 1},
                             .customers = customers.size(),
                             .full = value_over(all),
                             .analytic_gradient = false};
  if (options.warm_start_customers > 0 && customers.size() > 4 * options.warm_start_customers) {
    auto part = std::make_shared<std::vector<CustomerSummary>>();
    for (size_t i : detail::EvenSubsample(customers.size(), options.warm_start_customers)) {
      part->push_back(customers[i]);
    }
    problem.subsample = value_over(part);
    problem.subsample_customers = part->size();
  }
  TRY_ASSIGN(detail::FittedParameters fit, detail::RunFit(problem, options));
  return ParetoNbdFit{.params = FromVector(fit.params),
                      .se = FromVector(fit.se),
                      .log_likelihood = fit.log_likelihood,
                      .customers = customers.size(),
                      .diagnostics = fit.diagnostics};
}

double ParetoNbdProbabilityAlive(const ParetoNbdParams& p, int x, double t_x, double age) {
  Terms t = Compute(p, x, t_x, age);
  return std::exp(t.survived - LogSumExp(t.survived, t.died));
}

double ParetoNbdExpectedPurchases(const ParetoNbdParams& p, int x, double t_x, double age,
                                  double t) {
  if (t <= 0) return 0;
  // (r+x)(β+T)/((α+T)(s−1)) [1 − ((β+T)/(β+T+t))^(s−1)] P(alive); at s = 1 the bracket over
  // (s−1) is its limit ln((β+T+t)/(β+T)).
  const double log_growth = std::log1p(t / (p.beta + age));
  const double sm1 = p.s - 1;
  const double per = std::abs(sm1) < 1e-10 ? log_growth : -std::expm1(-sm1 * log_growth) / sm1;
  return (p.r + x) * (p.beta + age) / (p.alpha + age) * per *
         ParetoNbdProbabilityAlive(p, x, t_x, age);
}

}  // namespace nazar::outcomes
