// Customers drawn from known parameters, for checking that the fits recover them and for
// benchmarks at any scale. Deterministic for a seed (std::mt19937_64 and libstdc++'s
// distributions). Each customer's first purchase is at 0 and their age T is uniform in
// [min_age, max_age] weeks; times are continuous, as the models assume.
// Thread-safety: plain functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "outcomes/bgnbd.h"
#include "outcomes/gamma_gamma.h"
#include "outcomes/pareto_nbd.h"
#include "outcomes/transactions.h"

namespace nazar::outcomes {

struct Population {
  size_t customers = 1000;
  double min_age = 26, max_age = 78;  // weeks
  uint64_t seed = 1;
};

// Purchase histories from BG/NBD and, for repeat buyers, mean spends from Gamma-Gamma.
// Customers are named by their index ("0", "1", …).
std::vector<CustomerSummary> SimulateBgNbd(const BgNbdParams& purchases,
                                           const GammaGammaParams& spend,
                                           const Population& population);

// Purchase histories from Pareto/NBD (spends as above).
std::vector<CustomerSummary> SimulateParetoNbd(const ParetoNbdParams& purchases,
                                               const GammaGammaParams& spend,
                                               const Population& population);

}  // namespace nazar::outcomes
