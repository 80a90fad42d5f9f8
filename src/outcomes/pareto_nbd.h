// The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987; the likelihood as in Fader &
// Hardie's 2005 note "A note on deriving the Pareto/NBD model"): while alive a customer buys
// at a Poisson rate λ ~ Gamma(r, α) and dies at an exponential time with rate
// μ ~ Gamma(s, β). Time is in weeks.
//
// The published likelihood subtracts two Gaussian hypergeometric functions (A0), which loses
// every digit, overflows or turns NaN for large frequencies or far-apart α and β: the known
// failures of lifetimes, CLVTools and BTYDplus. Here the same quantity is its integral,
//   s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ
//     = s (α+t_x)^-(r+s+x) / (r+s+x) · ∫_{ρ}^{1} (1 + k y^{1/(r+s+x)})^-(s+1) dy,
// with k = (β−α)/(α+t_x) and ρ = ((α+t_x)/(α+T))^(r+s+x): a bounded, positive, monotone
// integrand whatever the parameters, integrated (as e^-u times a smooth factor, y = e^-u)
// by Gauss–Legendre on panels graded towards the factor's nearest singularity, a fixed
// cost of a few dozen points a customer; the rest stays in logs. Frequencies in the thousands give finite, exact likelihoods.
// Gradients are by central differences, so the fit costs more than BG/NBD's.
// Thread-safety: plain functions over plain data.
#pragma once

#include <cstddef>
#include <span>

#include "core/error.h"
#include "outcomes/fit.h"
#include "outcomes/transactions.h"

namespace nazar::outcomes {

struct ParetoNbdParams {
  double r = 1, alpha = 1, s = 1, beta = 1;
};

struct ParetoNbdFit {
  ParetoNbdParams params;
  ParetoNbdParams se;
  double log_likelihood = 0;
  size_t customers = 0;
  FitDiagnostics diagnostics;
};

Result<ParetoNbdFit> FitParetoNbd(std::span<const CustomerSummary> customers,
                                  const FitOptions& options = {});

double ParetoNbdLogLikelihood(const ParetoNbdParams& p, std::span<const CustomerSummary> customers);
// One customer's log-likelihood.
double ParetoNbdLogLikelihood(const ParetoNbdParams& p, int x, double t_x, double age);

double ParetoNbdProbabilityAlive(const ParetoNbdParams& p, int x, double t_x, double age);
// Expected purchases in (T, T + t] given x, t_x, T.
double ParetoNbdExpectedPurchases(const ParetoNbdParams& p, int x, double t_x, double age, double t);

}  // namespace nazar::outcomes
