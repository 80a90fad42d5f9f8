#include "drivers/relative_importance.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>

namespace nazar::drivers {
namespace {

// Slack for the symmetry and unit-diagonal checks of a correlation matrix built in floating
// point.
constexpr double kCorrelationSlack = 1e-9;

std::string DriverField(int j) { return "drivers[" + std::to_string(j) + "]"; }

// R² of the outcome on every subset of drivers, indexed by bitmask (bit j = driver j).
//
// Subsets are visited depth first, each one as its parent plus a driver with a larger index
// than any in the parent. The Cholesky factor L of the parent's Rxx block is a prefix of the
// child's, so adding driver j costs one triangular solve: l = L⁻¹ r_Sj, pivot = 1 - |l|²,
// and with z = L⁻¹ r_Sy (R²(S) = |z|²) the new component (r_jy - l·z)/√pivot adds its
// square to R². Rows of L at depth d are overwritten by siblings, which is safe because a
// subtree reads only rows above its own depth.
class SubsetR2Walk {
 public:
  SubsetR2Walk(const Eigen::MatrixXd& rxx, const Eigen::VectorXd& rxy)
      : k_(static_cast<int>(rxy.size())),
        rxx_(rxx),
        rxy_(rxy),
        chol_(k_, k_),
        z_(k_),
        members_(k_),
        r2_(std::size_t{1} << k_, 0.0) {}

  std::vector<double> Run() && {
    Visit(0, 0, 0, 0.0);
    return std::move(r2_);
  }

 private:
  void Visit(std::uint32_t mask, int depth, int first, double parent_r2) {
    for (int j = first; j < k_; ++j) {
      double sum_sq = 0.0;
      double z_new = rxy_(j);
      for (int i = 0; i < depth; ++i) {
        double l = rxx_(members_[i], j);
        for (int m = 0; m < i; ++m) l -= chol_(i, m) * chol_(depth, m);
        l /= chol_(i, i);
        chol_(depth, i) = l;
        sum_sq += l * l;
        z_new -= l * z_(i);
      }
      // The pivot is at least driver j's tolerance given all other drivers (checked by the
      // caller to exceed kMinTolerance), so the square root is safe.
      const double pivot = std::sqrt(rxx_(j, j) - sum_sq);
      chol_(depth, depth) = pivot;
      z_new /= pivot;
      z_(depth) = z_new;
      members_[depth] = j;
      const std::uint32_t child = mask | (std::uint32_t{1} << j);
      const double child_r2 = parent_r2 + z_new * z_new;
      r2_[child] = child_r2;
      Visit(child, depth + 1, j + 1, child_r2);
    }
  }

  int k_;
  const Eigen::MatrixXd& rxx_;
  const Eigen::VectorXd& rxy_;
  Eigen::MatrixXd chol_;  // row d: the factor row of the driver added at depth d
  Eigen::VectorXd z_;
  std::vector<int> members_;
  std::vector<double> r2_;
};

// Shapley value of each driver in the game v(S) = R²(S).
std::vector<double> ShapleyFromSubsets(const std::vector<double>& subset_r2, int k) {
  // weight[s] = s!(k-s-1)!/k! = 1 / (k * C(k-1, s)).
  std::vector<double> weight(k);
  double binom = 1.0;  // C(k-1, s)
  for (int s = 0; s < k; ++s) {
    weight[s] = 1.0 / (k * binom);
    binom = binom * (k - 1 - s) / (s + 1);
  }
  std::vector<double> lmg(k, 0.0);
  const std::uint32_t full = (std::uint32_t{1} << k) - 1;
  for (std::uint32_t mask = 0; mask < full; ++mask) {
    const double w = weight[std::popcount(mask)];
    const double base = subset_r2[mask];
    for (int j = 0; j < k; ++j) {
      const std::uint32_t bit = std::uint32_t{1} << j;
      if (mask & bit) continue;
      lmg[j] += w * (subset_r2[mask | bit] - base);
    }
  }
  return lmg;
}

std::vector<double> JohnsonWeights(const Eigen::MatrixXd& rxx, const Eigen::VectorXd& rxy) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(rxx);
  const Eigen::MatrixXd& v = eigen.eigenvectors();
  const Eigen::VectorXd root = eigen.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  // Λ = V diag(√λ) V' relates the drivers to their closest orthonormal counterparts Z
  // (X = Z Λ); β regresses the outcome on Z, and Λ_jm² apportions Z_m's share to driver j.
  const Eigen::MatrixXd lambda = v * root.asDiagonal() * v.transpose();
  const Eigen::VectorXd beta = v * root.cwiseInverse().asDiagonal() * v.transpose() * rxy;
  const Eigen::VectorXd weights = lambda.cwiseAbs2() * beta.cwiseAbs2();
  return {weights.data(), weights.data() + weights.size()};
}

}  // namespace

Result<R2Decomposition> DecomposeR2(std::span<const double> correlation, int num_drivers) {
  if (num_drivers < 1) {
    return Fail(Error::InvalidArgument("at least one driver is needed", "drivers"));
  }
  if (num_drivers > kMaxExactDrivers) {
    return Fail(Error::InvalidArgument(
        std::to_string(num_drivers) + " drivers exceed the exact Shapley budget of " +
            std::to_string(kMaxExactDrivers),
        "drivers"));
  }
  const int p = num_drivers + 1;
  if (correlation.size() != static_cast<std::size_t>(p) * p) {
    return Fail(Error::InvalidArgument("expected a " + std::to_string(p) + "x" +
                                           std::to_string(p) + " correlation matrix",
                                       "correlation"));
  }
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
      full(correlation.data(), p, p);
  for (int r = 0; r < p; ++r) {
    for (int c = 0; c < p; ++c) {
      const double value = full(r, c);
      if (!std::isfinite(value) || std::abs(value) > 1.0 + kCorrelationSlack ||
          std::abs(value - full(c, r)) > kCorrelationSlack ||
          (r == c && std::abs(value - 1.0) > kCorrelationSlack)) {
        return Fail(Error::InvalidArgument(
            "not a correlation matrix at (" + std::to_string(r) + ", " + std::to_string(c) + ")",
            "correlation"));
      }
    }
  }
  const Eigen::MatrixXd rxx = full.bottomRightCorner(num_drivers, num_drivers);
  const Eigen::VectorXd rxy = full.col(0).tail(num_drivers);

  // Tolerance_j = 1 - R²(j | others) = 1 / (Rxx⁻¹)_jj.
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(rxx);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive()) {
    return Fail(Error::InvalidArgument(
        "the drivers' correlation matrix is not positive definite", "correlation"));
  }
  const Eigen::MatrixXd inverse = ldlt.solve(Eigen::MatrixXd::Identity(num_drivers, num_drivers));
  int worst = 0;
  double worst_tolerance = 2.0;
  for (int j = 0; j < num_drivers; ++j) {
    const double tolerance = inverse(j, j) > 0.0 ? 1.0 / inverse(j, j) : 0.0;
    if (!(tolerance >= worst_tolerance)) {  // also catches NaN
      worst = j;
      worst_tolerance = tolerance;
    }
  }
  if (!(worst_tolerance >= kMinTolerance)) {
    return Fail(Error::InvalidArgument(
        "driver is (nearly) a linear combination of the other drivers", DriverField(worst)));
  }

  std::vector<double> subset_r2 = SubsetR2Walk(rxx, rxy).Run();
  R2Decomposition out;
  out.r2 = subset_r2.back();
  out.lmg = ShapleyFromSubsets(subset_r2, num_drivers);
  out.relative_weights = JohnsonWeights(rxx, rxy);
  return out;
}

}  // namespace nazar::drivers
