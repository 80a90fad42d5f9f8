// How the three models are fitted (internal to outcomes): one driver around BFGS that works
// in log-parameters, warms up on a subsample of a large population, takes the standard
// errors from the observed information and turns a failure into an error with diagnostics.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "outcomes/fit.h"

namespace nazar::outcomes::detail {

// Total log-likelihood at natural (positive) parameters; with `grad`, also its gradient in
// those parameters. `grad` null when only the value is wanted.
using LogLikelihood = std::function<double(const std::vector<double>& p, std::vector<double>* grad)>;

struct FitProblem {
  std::string_view model;             // "BG/NBD", for messages
  std::vector<std::string> names;     // parameter names, for messages
  std::vector<double> start;          // natural parameters
  size_t customers = 0;
  LogLikelihood full;
  LogLikelihood subsample;            // over `subsample_customers`, or empty
  size_t subsample_customers = 0;
  bool analytic_gradient = true;      // false: gradients by differences of values
};

struct FittedParameters {
  std::vector<double> params, se;
  double log_likelihood = 0;
  FitDiagnostics diagnostics;
};

Result<FittedParameters> RunFit(const FitProblem& problem, const FitOptions& options);

// Every `stride`-th index of [0, n) so that about `want` remain (all when n <= want).
std::vector<size_t> EvenSubsample(size_t n, size_t want);

}  // namespace nazar::outcomes::detail
