#include "outcomes/value.h"

#include <gtest/gtest.h>

#include <cmath>

#include "cdnow.h"

namespace nazar::outcomes {
namespace {

const BgNbdParams kBgNbd{0.2425945, 4.4136019, 0.7929199, 2.4258881};
const ParetoNbdParams kPareto{0.55315, 10.57633, 0.60625, 11.67150};
const GammaGammaParams kSpend{6.25, 3.74, 15.44};

TEST(Value, BgNbdPerCustomerAgreesWithTheModelFunctions) {
  const auto& customers = CdnowSample();
  const ValueOptions options{.horizon_weeks = 39, .annual_discount_rate = 0.15, .period_weeks = 4};
  auto values = ValueWithBgNbd(kBgNbd, kSpend, customers, options);
  ASSERT_EQ(values.size(), customers.size());
  for (size_t i = 0; i < customers.size(); i += 37) {
    const auto& c = customers[i];
    const auto& v = values[i];
    EXPECT_DOUBLE_EQ(v.p_alive, BgNbdProbabilityAlive(kBgNbd, c.frequency, c.recency, c.age));
    EXPECT_NEAR(v.expected_purchases,
                BgNbdExpectedPurchases(kBgNbd, c.frequency, c.recency, c.age, 39), 1e-12);
    const double spend = GammaGammaExpectedSpend(kSpend, c.frequency, c.monetary_value);
    EXPECT_DOUBLE_EQ(v.expected_spend, spend);
    // Periods ending at 4, 8, …, 36 and 39 weeks, each discounted from its end.
    double clv = 0, before = 0;
    for (double t = 4;; t += 4) {
      const double end = std::min(t, 39.0);
      const double e = BgNbdExpectedPurchases(kBgNbd, c.frequency, c.recency, c.age, end);
      clv += (e - before) * spend / std::pow(1.15, end / (365.25 / 7));
      before = e;
      if (end == 39) break;
    }
    EXPECT_NEAR(v.clv, clv, 1e-9 * std::max(1.0, clv)) << i;
  }
}

TEST(Value, WithoutDiscountTheValueIsPurchasesTimesSpend) {
  const auto& customers = CdnowSample();
  auto values = ValueWithParetoNbd(kPareto, kSpend, customers, {.horizon_weeks = 52});
  for (size_t i = 0; i < customers.size(); i += 101) {
    const auto& c = customers[i];
    EXPECT_NEAR(values[i].expected_purchases,
                ParetoNbdExpectedPurchases(kPareto, c.frequency, c.recency, c.age, 52), 1e-12);
    EXPECT_NEAR(values[i].clv, values[i].expected_purchases * values[i].expected_spend, 1e-9);
  }
  // The customer of the paper's worked example: x=2, t_x=30.43, T=38.86.
  std::vector<CustomerSummary> one = {{"1", 2, 30.43, 38.86, 20}};
  auto v = ValueWithBgNbd(kBgNbd, kSpend, one, {.horizon_weeks = 39, .period_weeks = 39});
  EXPECT_NEAR(v[0].expected_purchases, 1.226, 5e-4);
}

TEST(Value, OptionsAreChecked) {
  EXPECT_EQ(CheckValueOptions({.horizon_weeks = 0}).error().field, "horizon_weeks");
  EXPECT_EQ(CheckValueOptions({.annual_discount_rate = -0.1}).error().field, "discount_rate");
  EXPECT_EQ(CheckValueOptions({.period_weeks = NAN}).error().field, "period_weeks");
  EXPECT_TRUE(CheckValueOptions({}).has_value());
}

}  // namespace
}  // namespace nazar::outcomes
