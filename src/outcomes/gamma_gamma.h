// The Gamma-Gamma model of spend (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie's
// note "The Gamma-Gamma model of monetary value"): a customer's transactions are
// Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, independent of how often they buy.
// It is fitted on repeat buyers only (frequency > 0 and a positive mean spend), on the mean
// amount of their repeat purchases; the log-likelihood is in logs throughout and grouped by
// frequency like BG/NBD's.
// Thread-safety: plain functions over plain data.
#pragma once

#include <cstddef>
#include <span>

#include "core/error.h"
#include "outcomes/fit.h"
#include "outcomes/transactions.h"

namespace nazar::outcomes {

struct GammaGammaParams {
  double p = 1, q = 1, gamma = 1;
};

struct GammaGammaFit {
  GammaGammaParams params;
  GammaGammaParams se;
  double log_likelihood = 0;
  size_t customers = 0;  // the repeat buyers it was fitted on
  FitDiagnostics diagnostics;
};

// InvalidArgument when no customer has repeat purchases with a positive mean spend.
Result<GammaGammaFit> FitGammaGamma(std::span<const CustomerSummary> customers,
                                    const FitOptions& options = {});

// Over the repeat buyers among `customers`.
double GammaGammaLogLikelihood(const GammaGammaParams& p, std::span<const CustomerSummary> customers);

// E[mean spend | x repeat purchases of mean `mean_spend`]; the population mean for x = 0.
double GammaGammaExpectedSpend(const GammaGammaParams& p, int x, double mean_spend);
// p γ / (q - 1), the population mean spend (infinite for q <= 1).
double GammaGammaMeanSpend(const GammaGammaParams& p);

}  // namespace nazar::outcomes
