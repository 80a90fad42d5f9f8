// Boost.Math's log-gamma and digamma without exceptions (internal to outcomes): an optimiser
// probing an absurd point gets an infinite or NaN likelihood, which it steps back from.
#pragma once

#include <boost/math/policies/policy.hpp>
#include <cmath>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace nazar::outcomes::detail {

using NoThrow = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

inline double LogGamma(double x) { return boost::math::lgamma(x, NoThrow()); }
inline double Digamma(double x) { return boost::math::digamma(x, NoThrow()); }

// log Γ(v+n)/Γ(v): a sum of logs for n up to 64, exact whatever v (the difference of two
// log-gammas is noise when v is huge); the difference beyond.
inline double LogRising(double v, int n) {
  if (n > 64) return LogGamma(v + n) - LogGamma(v);
  double sum = 0;
  for (int j = 0; j < n; ++j) sum += std::log(v + j);
  return sum;
}

}  // namespace nazar::outcomes::detail
