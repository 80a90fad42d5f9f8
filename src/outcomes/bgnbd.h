// The BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005, "Counting your customers
// the easy way"): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each
// repeat purchase they drop out with probability p ~ Beta(a, b). Time is in weeks.
//
// The likelihood is evaluated in log space (log-sum-exp of its two terms; its gamma and beta
// ratios as sums of logs at integer offsets, exact even at absurd parameters an optimiser may
// visit), so frequencies in the hundreds stay finite; the fit uses the analytic gradient and
// groups customers by frequency, so each evaluation costs a few logarithms a customer. The Gaussian hypergeometric function of the expectations is summed after Euler's
// transformation, whose series has a denominator parameter that grows with the frequency.
// Thread-safety: plain functions over plain data.
#pragma once

#include <cstddef>
#include <span>

#include "core/error.h"
#include "outcomes/fit.h"
#include "outcomes/transactions.h"

namespace nazar::outcomes {

struct BgNbdParams {
  double r = 1, alpha = 1, a = 1, b = 1;
};

struct BgNbdFit {
  BgNbdParams params;
  BgNbdParams se;  // standard errors
  double log_likelihood = 0;
  size_t customers = 0;
  FitDiagnostics diagnostics;
};

// Maximum likelihood over all customers (frequency, recency, age). InvalidArgument when
// there are none or a summary is impossible (negative values, recency beyond age, recency 0
// with repeat purchases); FailedPrecondition with diagnostics when the fit does not converge.
Result<BgNbdFit> FitBgNbd(std::span<const CustomerSummary> customers, const FitOptions& options = {});

double BgNbdLogLikelihood(const BgNbdParams& p, std::span<const CustomerSummary> customers);

// P(alive at T | x, t_x, T).
double BgNbdProbabilityAlive(const BgNbdParams& p, int x, double t_x, double age);
// Expected purchases in (T, T + t] given x, t_x, T (eq. 10 of the paper). REQUIRES: a ≠ 1
// (the formula divides by a − 1; its limit is not taken).
double BgNbdExpectedPurchases(const BgNbdParams& p, int x, double t_x, double age, double t);
// Expected purchases of a new customer in (0, t]: E[X(t)].
double BgNbdExpectedPurchasesNew(const BgNbdParams& p, double t);
// P(X(t) = x) for a new customer.
double BgNbdProbabilityOfPurchases(const BgNbdParams& p, double t, int x);

// Gauss's hypergeometric 2F1(a, b; c; z) for 0 <= z < 1 by its series, summed until the
// terms no longer change the sum (at most 1e6 terms; NaN if it has not converged by then).
double Hypergeometric2F1(double a, double b, double c, double z);

}  // namespace nazar::outcomes
