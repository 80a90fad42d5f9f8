// Boost.Math's log-gamma and digamma without exceptions (internal to outcomes): an optimiser
// probing an absurd point gets an infinite or NaN likelihood, which it steps back from.
#pragma once

#include <boost/math/policies/policy.hpp>
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

}  // namespace nazar::outcomes::detail
