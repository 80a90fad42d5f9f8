#include "outcomes/fit_driver.h"

#include <fmt/format.h>

#include <cmath>

#include "outcomes/optimize.h"

namespace nazar::outcomes::detail {
namespace {

std::vector<double> Exp(const std::vector<double>& u) {
  std::vector<double> p(u.size());
  for (size_t i = 0; i < u.size(); ++i) p[i] = std::exp(u[i]);
  return p;
}

// Minus the mean log-likelihood over log-parameters, the quantity BFGS minimises.
Objective MeanNegative(const LogLikelihood& ll, size_t customers, bool analytic) {
  const double n = static_cast<double>(customers);
  if (!analytic) {
    return WithNumericGradient([ll, n](const std::vector<double>& u) {
      return -ll(Exp(u), nullptr) / n;
    });
  }
  return [ll, n](const std::vector<double>& u, std::vector<double>* grad) {
    std::vector<double> p = Exp(u);
    std::vector<double> g(p.size());
    double value = -ll(p, grad ? &g : nullptr) / n;
    if (grad) {
      for (size_t i = 0; i < p.size(); ++i) (*grad)[i] = -g[i] * p[i] / n;
    }
    return value;
  };
}

std::string Where(const FitProblem& problem, const std::vector<double>& p) {
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    out += fmt::format("{}{} {:.6g}", i ? ", " : "", problem.names[i], p[i]);
  }
  return out;
}

}  // namespace

std::vector<size_t> EvenSubsample(size_t n, size_t want) {
  std::vector<size_t> out;
  if (want == 0 || n <= want) {
    out.resize(n);
    for (size_t i = 0; i < n; ++i) out[i] = i;
    return out;
  }
  out.reserve(want);
  for (size_t k = 0; k < want; ++k) out.push_back(k * n / want);
  return out;
}

Result<FittedParameters> RunFit(const FitProblem& problem, const FitOptions& options) {
  std::vector<double> u(problem.start.size());
  for (size_t i = 0; i < u.size(); ++i) u[i] = std::log(problem.start[i]);
  BfgsOptions bfgs{.gradient_tolerance = options.gradient_tolerance,
                   .max_iterations = options.max_iterations,
                   .progress = options.progress};
  FitDiagnostics diagnostics;
  if (problem.subsample && problem.subsample_customers > 0) {
    // The warm start: its curvature per customer carries over to the full population.
    BfgsOptions warm = bfgs;
    warm.progress = nullptr;
    warm.gradient_tolerance = std::max(options.gradient_tolerance, 1e-7);
    Minimum first = MinimizeBfgs(
        MeanNegative(problem.subsample, problem.subsample_customers, problem.analytic_gradient), u,
        warm);
    if (first.converged) {
      u = first.x;
      bfgs.inverse_hessian = first.inverse_hessian;
    }
  }
  Minimum m = MinimizeBfgs(MeanNegative(problem.full, problem.customers, problem.analytic_gradient),
                           u, bfgs);
  diagnostics.iterations = m.iterations;
  diagnostics.evaluations = m.evaluations;
  diagnostics.gradient_norm = m.gradient_norm;
  diagnostics.stopped_because = m.stopped_because;
  std::vector<double> p = Exp(m.x);
  const double ll = -m.value * static_cast<double>(problem.customers);
  if (!m.converged) {
    return Fail(Error::FailedPrecondition(
        fmt::format("the {} fit did not converge: {} after {} iterations ({} evaluations); "
                    "largest gradient {:.3g} (tolerance {:.3g}); log-likelihood {:.6f} at {}",
                    problem.model, m.stopped_because, m.iterations, m.evaluations,
                    m.gradient_norm, options.gradient_tolerance, ll, Where(problem, p)),
        "model"));
  }
  std::vector<double> cov;
  if (problem.analytic_gradient) {
    cov = CovarianceFromGradient(
        [&](const std::vector<double>& q) {
          std::vector<double> g(q.size());
          problem.full(q, &g);
          return g;
        },
        p);
  } else {
    cov = CovarianceFromValues([&](const std::vector<double>& q) { return problem.full(q, nullptr); },
                               p);
  }
  if (cov.empty()) {
    return Fail(Error::FailedPrecondition(
        fmt::format("the {} fit stopped at a point that is not a maximum (the Hessian is not "
                    "negative definite): log-likelihood {:.6f} at {}; the data do not identify "
                    "the parameters",
                    problem.model, ll, Where(problem, p)),
        "model"));
  }
  FittedParameters out;
  out.params = p;
  const size_t k = p.size();
  out.se.resize(k);
  for (size_t i = 0; i < k; ++i) out.se[i] = std::sqrt(cov[i * k + i]);
  out.log_likelihood = ll;
  out.diagnostics = diagnostics;
  return out;
}

}  // namespace nazar::outcomes::detail
