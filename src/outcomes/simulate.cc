#include "outcomes/simulate.h"

#include <algorithm>
#include <random>
#include <string>

namespace nazar::outcomes {
namespace {

using Rng = std::mt19937_64;

// Gamma with shape and rate.
double GammaDraw(Rng& rng, double shape, double rate) {
  return std::gamma_distribution<double>(shape, 1 / rate)(rng);
}

void DrawSpend(Rng& rng, const GammaGammaParams& spend, CustomerSummary& c) {
  const double nu = GammaDraw(rng, spend.q, spend.gamma);
  // The sum of x Gamma(p, ν) amounts is Gamma(px, ν).
  c.monetary_value = c.frequency > 0 ? GammaDraw(rng, spend.p * c.frequency, nu) / c.frequency : 0;
}

double Age(Rng& rng, const Population& population) {
  return std::uniform_real_distribution<double>(population.min_age, population.max_age)(rng);
}

// Each customer: a name, an age, a purchase history from `history(rng, customer)`, a spend.
template <typename History>
std::vector<CustomerSummary> Simulate(const Population& population, const GammaGammaParams& spend,
                                      History history) {
  Rng rng(population.seed);
  std::vector<CustomerSummary> out(population.customers);
  for (size_t i = 0; i < out.size(); ++i) {
    CustomerSummary& c = out[i];
    c.customer = std::to_string(i);
    c.age = Age(rng, population);
    history(rng, c);
    DrawSpend(rng, spend, c);
  }
  return out;
}

}  // namespace

std::vector<CustomerSummary> SimulateBgNbd(const BgNbdParams& purchases,
                                           const GammaGammaParams& spend,
                                           const Population& population) {
  return Simulate(population, spend, [&](Rng& rng, CustomerSummary& c) {
    std::uniform_real_distribution<double> unit(0, 1);
    const double lambda = GammaDraw(rng, purchases.r, purchases.alpha);
    const double x = GammaDraw(rng, purchases.a, 1), y = GammaDraw(rng, purchases.b, 1);
    const double drop = x / (x + y);  // Beta(a, b)
    std::exponential_distribution<double> wait(lambda);
    double t = 0;
    for (;;) {
      t += wait(rng);
      if (t > c.age) break;
      ++c.frequency;
      c.recency = t;
      if (unit(rng) < drop) break;  // drops out right after this repeat purchase
    }
  });
}

std::vector<CustomerSummary> SimulateParetoNbd(const ParetoNbdParams& purchases,
                                               const GammaGammaParams& spend,
                                               const Population& population) {
  return Simulate(population, spend, [&](Rng& rng, CustomerSummary& c) {
    const double lambda = GammaDraw(rng, purchases.r, purchases.alpha);
    const double mu = GammaDraw(rng, purchases.s, purchases.beta);
    const double death = std::exponential_distribution<double>(mu)(rng);
    const double end = std::min(death, c.age);
    std::exponential_distribution<double> wait(lambda);
    for (double t = wait(rng); t <= end; t += wait(rng)) {
      ++c.frequency;
      c.recency = t;
    }
  });
}

}  // namespace nazar::outcomes
