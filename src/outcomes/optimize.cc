#include "outcomes/optimize.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

namespace nazar::outcomes::detail {
namespace {

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

Vec ToVec(const std::vector<double>& v) { return Eigen::Map<const Vec>(v.data(), v.size()); }
std::vector<double> ToStd(const Vec& v) { return {v.data(), v.data() + v.size()}; }

constexpr double kArmijo = 1e-4;
constexpr double kCurvature = 0.9;
constexpr int kMaxLineSearchSteps = 60;
// When the line search can no longer decrease the value, a gradient this many times the
// tolerance still counts as converged: the value's rounding is then the limit.
constexpr double kPrecisionLimitFactor = 1e3;
// A decrease smaller than this (relative to the value) is rounding, not progress.
constexpr double kResolvable = 8 * std::numeric_limits<double>::epsilon();

std::vector<double> InvertNegated(const Mat& hessian) {
  Mat info = -0.5 * (hessian + hessian.transpose());
  Eigen::LLT<Mat> llt(info);
  if (llt.info() != Eigen::Success) return {};
  Mat cov = llt.solve(Mat::Identity(info.rows(), info.cols()));
  if (!cov.allFinite()) return {};
  return {cov.data(), cov.data() + cov.size()};  // symmetric: row- and column-major agree
}

}  // namespace

Minimum MinimizeBfgs(const Objective& f, std::vector<double> x0, const BfgsOptions& options) {
  const auto n = static_cast<Eigen::Index>(x0.size());
  Minimum out;
  std::vector<double> g_std(x0.size());
  auto eval = [&](const Vec& x, Vec* g) {
    ++out.evaluations;
    std::vector<double> xs = ToStd(x);
    double v = f(xs, g ? &g_std : nullptr);
    if (g) *g = ToVec(g_std);
    return v;
  };
  Vec x = ToVec(x0), g(n);
  double value = eval(x, &g);
  Mat h = Mat::Identity(n, n);
  bool scaled = false;
  if (options.inverse_hessian.size() == static_cast<size_t>(n * n)) {
    h = Eigen::Map<const Mat>(options.inverse_hessian.data(), n, n);
    scaled = true;
  }
  auto finish = [&](bool converged, std::string why) {
    out.x = ToStd(x);
    out.value = value;
    out.inverse_hessian.assign(h.data(), h.data() + h.size());
    out.gradient_norm = g.cwiseAbs().maxCoeff();
    out.converged = converged;
    out.stopped_because = std::move(why);
    return out;
  };
  if (!std::isfinite(value) || !g.allFinite()) {
    return finish(false, "the log-likelihood is not finite at the starting point");
  }
  for (out.iterations = 0; out.iterations < options.max_iterations; ++out.iterations) {
    if (g.cwiseAbs().maxCoeff() < options.gradient_tolerance) {
      return finish(true, "gradient below tolerance");
    }
    Vec p = -h * g;
    double slope = g.dot(p);
    if (!(slope < 0)) {  // not a descent direction: restart from steepest descent
      h = Mat::Identity(n, n);
      scaled = false;
      p = -g;
      slope = g.dot(p);
    }
    // A full step could not lower the value by more than its rounding: the gradient is as
    // small as this value can show (searching further only burns evaluations).
    if (-slope < kResolvable * std::max(1.0, std::abs(value))) {
      bool close = g.cwiseAbs().maxCoeff() < kPrecisionLimitFactor * options.gradient_tolerance;
      return finish(close, close ? "at the precision of the log-likelihood"
                                 : "the predicted decrease is below the log-likelihood's precision");
    }
    // The first steps move each log-parameter by at most 1.
    double step = scaled ? 1.0 : std::min(1.0, 1.0 / p.cwiseAbs().maxCoeff());
    Vec x_new(n), g_new(n);
    double value_new = 0;
    bool accepted = false;
    for (int k = 0; k < kMaxLineSearchSteps; ++k) {
      x_new = x + step * p;
      value_new = eval(x_new, &g_new);
      if (!std::isfinite(value_new) || !g_new.allFinite()) {
        step *= 0.1;
        continue;
      }
      if (value_new > value + kArmijo * step * slope) {
        // Minimum of the quadratic through value, slope and value_new, kept in [0.1, 0.5].
        double q = -slope * step * step / (2 * (value_new - value - slope * step));
        step = std::clamp(q, 0.1 * step, 0.5 * step);
        continue;
      }
      accepted = true;
      // Still falling steeply at a full step: look further (once per doubling).
      if (g_new.dot(p) < kCurvature * slope && k < kMaxLineSearchSteps - 1 && step >= 1.0 &&
          step < 64) {
        Vec x_far = x + 2 * step * p, g_far(n);
        double value_far = eval(x_far, &g_far);
        if (std::isfinite(value_far) && g_far.allFinite() && value_far < value_new) {
          x_new = x_far, g_new = g_far, value_new = value_far, step *= 2;
        }
      }
      break;
    }
    if (!accepted || !(value_new < value)) {
      bool close = g.cwiseAbs().maxCoeff() < kPrecisionLimitFactor * options.gradient_tolerance;
      return finish(close, close ? "no further decrease (at the precision of the log-likelihood)"
                                 : "the line search found no decrease");
    }
    Vec s = x_new - x, y = g_new - g;
    double sy = s.dot(y);
    if (sy > 1e-14 * s.norm() * y.norm()) {
      if (!scaled) {
        h = Mat::Identity(n, n) * (sy / y.dot(y));
        scaled = true;
      }
      double rho = 1 / sy;
      Mat left = Mat::Identity(n, n) - rho * s * y.transpose();
      h = left * h * left.transpose() + rho * s * s.transpose();
    }
    x = x_new, g = g_new, value = value_new;
    if (options.progress) options.progress(out.iterations + 1, value);
  }
  return finish(false, fmt::format("no convergence in {} iterations", options.max_iterations));
}

Objective WithNumericGradient(std::function<double(const std::vector<double>&)> value) {
  return [value = std::move(value)](const std::vector<double>& x, std::vector<double>* grad) {
    double v = value(x);
    if (grad) {
      std::vector<double> probe = x;
      for (size_t i = 0; i < x.size(); ++i) {
        double h = 1e-5 * std::max(1.0, std::abs(x[i]));
        probe[i] = x[i] + h;
        double up = value(probe);
        probe[i] = x[i] - h;
        double down = value(probe);
        probe[i] = x[i];
        (*grad)[i] = (up - down) / (2 * h);
      }
    }
    return v;
  };
}

std::vector<double> CovarianceFromGradient(
    const std::function<std::vector<double>(const std::vector<double>&)>& gradient,
    const std::vector<double>& p) {
  const auto n = static_cast<Eigen::Index>(p.size());
  Mat hessian(n, n);
  // Forward differences: n gradients beyond the one at p, accurate to ~1e-6 relative, more
  // than standard errors need.
  std::vector<double> probe = p;
  const Vec at = ToVec(gradient(p));
  for (Eigen::Index j = 0; j < n; ++j) {
    double h = 1e-6 * p[j];
    probe[j] = p[j] + h;
    hessian.col(j) = (ToVec(gradient(probe)) - at) / h;
    probe[j] = p[j];
  }
  return InvertNegated(hessian);
}

std::vector<double> CovarianceFromValues(
    const std::function<double(const std::vector<double>&)>& value, const std::vector<double>& p) {
  const auto n = static_cast<Eigen::Index>(p.size());
  Mat hessian(n, n);
  std::vector<double> q = p;
  auto at = [&](Eigen::Index i, double di, Eigen::Index j, double dj) {
    q = p;
    q[i] += di;
    q[j] += dj;
    return value(q);
  };
  const double center = value(p);
  for (Eigen::Index i = 0; i < n; ++i) {
    double hi = 1e-3 * p[i];
    hessian(i, i) = (at(i, hi, i, 0) - 2 * center + at(i, -hi, i, 0)) / (hi * hi);
    for (Eigen::Index j = 0; j < i; ++j) {
      double hj = 1e-3 * p[j];
      hessian(i, j) = hessian(j, i) =
          (at(i, hi, j, hj) - at(i, hi, j, -hj) - at(i, -hi, j, hj) + at(i, -hi, j, -hj)) /
          (4 * hi * hj);
    }
  }
  return InvertNegated(hessian);
}

}  // namespace nazar::outcomes::detail
