// The numerical engine under the model fits (internal to outcomes): BFGS on a smooth
// function of a few variables, finite-difference gradients for models without analytic
// ones, and the covariance of maximum-likelihood estimates from the observed information.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace nazar::outcomes::detail {

// Value at x; when `grad` is not null also the gradient (grad->size() == x.size()).
using Objective = std::function<double(const std::vector<double>& x, std::vector<double>* grad)>;

struct Minimum {
  std::vector<double> x;
  double value = 0;
  std::vector<double> inverse_hessian;  // BFGS's estimate, row-major n×n
  int iterations = 0;
  int evaluations = 0;
  double gradient_norm = 0;  // largest |component|
  bool converged = false;
  std::string stopped_because;
};

struct BfgsOptions {
  double gradient_tolerance = 1e-9;
  int max_iterations = 500;
  // Start from this inverse Hessian (row-major) instead of a scaled identity.
  std::vector<double> inverse_hessian;
  std::function<void(int, double)> progress;
};

Minimum MinimizeBfgs(const Objective& f, std::vector<double> x0, const BfgsOptions& options);

// An Objective whose gradient is by central differences of `value` (step 1e-5 · max(1,|x|)).
Objective WithNumericGradient(std::function<double(const std::vector<double>&)> value);

// Covariance of the estimates at the maximum `p` of a log-likelihood: the inverse of minus
// its Hessian, which is taken by forward differences of `gradient` (of the log-likelihood,
// in the same parameters as `p`, all positive). Empty when minus the Hessian is not
// positive definite (the maximum is not identified).
std::vector<double> CovarianceFromGradient(
    const std::function<std::vector<double>(const std::vector<double>&)>& gradient,
    const std::vector<double>& p);

}  // namespace nazar::outcomes::detail

namespace nazar::outcomes::detail {
// The same from values only (a stencil of 2n² + 1 evaluations, steps 1e-3 · p).
std::vector<double> CovarianceFromValues(
    const std::function<double(const std::vector<double>&)>& value, const std::vector<double>& p);
}  // namespace nazar::outcomes::detail
