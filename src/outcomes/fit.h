// What every model fit shares: its options, how it went, and the failure it reports.
//
// Fits maximise the log-likelihood over the logarithms of the parameters (so they stay
// positive) with BFGS; standard errors come from the inverse of the observed information
// (the negative Hessian of the log-likelihood at the maximum, by forward differences of the
// gradient). A fit that stops without meeting the tolerance, or whose Hessian is not
// negative definite there, is not a fit: it is FailedPrecondition with the diagnostics in
// the message (iterations, gradient, log-likelihood and the parameters where it stopped),
// never numbers that look like an answer.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace nazar::outcomes {

struct FitOptions {
  // Stop when every component of the gradient of the mean log-likelihood per customer, with
  // respect to the log-parameters, is below this.
  double gradient_tolerance = 1e-9;
  int max_iterations = 500;
  // Above four times this many customers, BFGS first runs on an evenly spread subsample of
  // `warm_start_customers` and starts the full fit from there (with the subsample's
  // curvature): a large population then needs a handful of full passes instead of dozens.
  // 0 turns the warm start off.
  size_t warm_start_customers = 5000;
  // Called after each iteration with (iteration, log-likelihood): a progress bar's hook.
  std::function<void(int, double)> progress;
};

struct FitDiagnostics {
  int iterations = 0;
  int evaluations = 0;         // log-likelihood (and gradient) evaluations over all customers
  double gradient_norm = 0;    // largest |d mean LL / d log-parameter| at the end
  std::string stopped_because;  // "gradient below tolerance", …
};

}  // namespace nazar::outcomes
