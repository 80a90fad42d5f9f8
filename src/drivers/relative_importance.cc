#include "drivers/relative_importance.h"

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

// Rxx must be positive definite with every driver's tolerance 1 - R²(j | other drivers)
// at least kMinTolerance. A Cholesky factorisation in driver order names the first driver
// that is (nearly) a combination of the drivers before it; a negative pivot means the
// matrix is not a correlation matrix of any data (possible with pairwise deletion).
Result<void> CheckPositiveDefinite(const Eigen::MatrixXd& rxx) {
  const int k = static_cast<int>(rxx.rows());
  Eigen::MatrixXd chol = Eigen::MatrixXd::Zero(k, k);
  for (int j = 0; j < k; ++j) {
    for (int i = 0; i < j; ++i) {
      double l = rxx(j, i);
      for (int m = 0; m < i; ++m) l -= chol(j, m) * chol(i, m);
      chol(j, i) = l / chol(i, i);
    }
    const double pivot = rxx(j, j) - chol.row(j).head(j).squaredNorm();
    if (pivot < -kMinTolerance) {
      return Fail(Error::InvalidArgument("the drivers' correlation matrix is not positive definite",
                                         "correlation"));
    }
    if (pivot < kMinTolerance) {
      return Fail(Error::InvalidArgument(
          DriverField(j) + " is (nearly) a linear combination of the drivers before it",
          DriverField(j)));
    }
    chol(j, j) = std::sqrt(pivot);
  }
  // Tolerance_j = 1 / (Rxx⁻¹)_jj, and (Rxx⁻¹)_jj = |column j of L⁻¹|². The in-order pivots
  // above bound only the last driver's tolerance.
  const Eigen::MatrixXd chol_inverse =
      chol.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(k, k));
  for (int j = 0; j < k; ++j) {
    if (!(1.0 / chol_inverse.col(j).squaredNorm() >= kMinTolerance)) {
      return Fail(Error::InvalidArgument(
          DriverField(j) + " is (nearly) a linear combination of the other drivers",
          DriverField(j)));
    }
  }
  return {};
}

// R² of the outcome on every subset of drivers, indexed by bitmask (bit j = driver j).
//
// Subsets are visited depth first, each one as its parent plus a driver with a larger index
// than any in the parent, so a subset is the ordered list of its members t_0 < ... < t_{d-1}
// and its Rxx block has Cholesky factor L, built row by row along the path. For a candidate
// driver j, l_j = L⁻¹ r_{S,j} (the row j would add to L) gains exactly one component per
// level, (r_{t_d,j} - l_{t_d}·l_j) / L_dd, and the components above it depend only on the
// shared prefix. So one k x k array `row_` holds l_j for every j along the current path,
// together with |l_j|² and l_j·z per level (z = L⁻¹ r_{S,y}, R²(S) = |z|²). Adding j then
// costs O(1): pivot = 1 - |l_j|², z_j = (r_jy - l_j·z) / √pivot, R² += z_j²; preparing a
// node's candidates costs O(depth) each, about 2^k k / 2 operations in all.
class SubsetR2Walk {
 public:
  SubsetR2Walk(const Eigen::MatrixXd& rxx, const Eigen::VectorXd& rxy)
      : k_(static_cast<int>(rxy.size())),
        rxx_(rxx),
        rxy_(rxy),
        row_(Eigen::MatrixXd::Zero(k_, k_)),
        sum_sq_(Eigen::MatrixXd::Zero(k_ + 1, k_)),
        dot_z_(Eigen::MatrixXd::Zero(k_ + 1, k_)),
        r2_(std::size_t{1} << k_, 0.0) {}

  std::vector<double> Run() && {
    Visit(0, 0, 0, 0.0);
    return std::move(r2_);
  }

 private:
  // Node `mask` at `depth`; its candidates are drivers >= `first`, whose row_ entries
  // [0, depth) and sum_sq_/dot_z_ at `depth` are current.
  void Visit(std::uint32_t mask, int depth, int first, double r2) {
    for (int s = first; s < k_; ++s) {
      // The pivot is at least driver s's tolerance given all other drivers (checked by the
      // caller to exceed kMinTolerance), so the square root is safe.
      const double diag = std::sqrt(rxx_(s, s) - sum_sq_(depth, s));
      const double z = (rxy_(s) - dot_z_(depth, s)) / diag;
      const std::uint32_t child = mask | (std::uint32_t{1} << s);
      const double child_r2 = r2 + z * z;
      r2_[child] = child_r2;
      if (s + 1 == k_) continue;  // no candidates left below this child
      const auto l_s = row_.row(s).head(depth);
      for (int j = s + 1; j < k_; ++j) {
        const double l = (rxx_(s, j) - l_s.dot(row_.row(j).head(depth))) / diag;
        row_(j, depth) = l;
        sum_sq_(depth + 1, j) = sum_sq_(depth, j) + l * l;
        dot_z_(depth + 1, j) = dot_z_(depth, j) + l * z;
      }
      Visit(child, depth + 1, s + 1, child_r2);
    }
  }

  int k_;
  const Eigen::MatrixXd& rxx_;
  const Eigen::VectorXd& rxy_;
  Eigen::MatrixXd row_;     // row j: l_j along the current path, one column per level
  Eigen::MatrixXd sum_sq_;  // (level, j): |l_j|² over the first `level` components
  Eigen::MatrixXd dot_z_;   // (level, j): l_j·z over the first `level` components
  std::vector<double> r2_;
};

// Shapley value of each driver in the game v(S) = R²(S):
//   lmg_j = Σ_{S∌j} w(|S|) (v(S∪j) - v(S)),  w(s) = s!(k-s-1)!/k!.
// Regrouped by subset instead of by pair: with a(S) = w(|S|-1) v(S) and b(S) = w(|S|) v(S)
// (b(full) = 0), lmg_j = Σ_{S∋j} a(S) - Σ_{S∌j} b(S) = Σ_{S∋j} (a + b)(S) - Σ_S b(S).
// The subsets holding j are contiguous runs of 2^j masks, so each sum is a straight loop.
std::vector<double> ShapleyFromSubsets(const std::vector<double>& subset_r2, int k) {
  // weight[s] = s!(k-s-1)!/k! = 1 / (k * C(k-1, s)); weight[-1] and weight[k] are unused (0).
  std::vector<double> weight(k + 2, 0.0);
  double binom = 1.0;  // C(k-1, s)
  for (int s = 0; s < k; ++s) {
    weight[s + 1] = 1.0 / (k * binom);
    binom = binom * (k - 1 - s) / (s + 1);
  }
  const std::size_t count = std::size_t{1} << k;
  std::vector<double> both(count);
  double all_b = 0.0;
  for (std::size_t mask = 0; mask < count; ++mask) {
    const int size = std::popcount(mask);
    const double b = weight[size + 1] * subset_r2[mask];
    both[mask] = weight[size] * subset_r2[mask] + b;
    all_b += b;
  }
  std::vector<double> lmg(k);
  for (int j = 0; j < k; ++j) {
    const std::size_t run = std::size_t{1} << j;
    double holding_j = 0.0;
    for (std::size_t start = run; start < count; start += 2 * run) {
      for (std::size_t mask = start; mask < start + run; ++mask) holding_j += both[mask];
    }
    lmg[j] = holding_j - all_b;
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
    return Fail(Error::InvalidArgument(std::to_string(num_drivers) +
                                           " drivers exceed the exact Shapley budget of " +
                                           std::to_string(kMaxExactDrivers),
                                       "drivers"));
  }
  const int p = num_drivers + 1;
  if (correlation.size() != static_cast<std::size_t>(p) * p) {
    return Fail(Error::InvalidArgument(
        "expected a " + std::to_string(p) + "x" + std::to_string(p) + " correlation matrix",
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

  if (auto checked = CheckPositiveDefinite(rxx); !checked) return Fail(std::move(checked.error()));

  std::vector<double> subset_r2 = SubsetR2Walk(rxx, rxy).Run();
  R2Decomposition out;
  out.r2 = subset_r2.back();
  out.lmg = ShapleyFromSubsets(subset_r2, num_drivers);
  out.relative_weights = JohnsonWeights(rxx, rxy);
  return out;
}

}  // namespace nazar::drivers
