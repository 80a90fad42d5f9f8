#include "metrics/scores.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>

namespace nazar::metrics {
namespace {

namespace bmp = boost::math::policies;

// Boost.Math reports out-of-domain arguments as NaN instead of throwing: exceptions stay out
// of domain code, and every argument is validated before it gets here anyway.
using NoThrowPolicy =
    bmp::policy<bmp::domain_error<bmp::ignore_error>, bmp::pole_error<bmp::ignore_error>,
                bmp::overflow_error<bmp::ignore_error>, bmp::underflow_error<bmp::ignore_error>,
                bmp::evaluation_error<bmp::ignore_error>, bmp::rounding_error<bmp::ignore_error>>;
using Normal = boost::math::normal_distribution<double, NoThrowPolicy>;
using StudentT = boost::math::students_t_distribution<double, NoThrowPolicy>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kPointsPerUnit = 100.0;  // NPS points per unit of pP - pD
constexpr double kMaxNps = 100.0;
constexpr int64_t kMinForSpread = 2;  // responses needed for a sample standard deviation

std::string Field(std::string_view prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : fmt::format("{}.{}", prefix, name);
}

Result<void> ValidateOptions(const ScoreOptions& options) {
  if (options.min_responses < 1 || options.min_responses > kMaxResponses) {
    return Fail(Error::InvalidArgument(fmt::format("must be between 1 and {}", kMaxResponses),
                                       "options.min_responses"));
  }
  if (!(options.confidence_level > 0.0 && options.confidence_level < 1.0)) {
    return Fail(
        Error::InvalidArgument("must be strictly between 0 and 1", "options.confidence_level"));
  }
  return {};
}

Result<void> ValidateScale(Scale scale) {
  const int64_t points = int64_t{scale.max} - scale.min + 1;
  if (points < 1 || points > kMaxScalePoints) {
    return Fail(Error::InvalidArgument(fmt::format("scale {}..{} must have between 1 and {} values",
                                                   scale.min, scale.max, kMaxScalePoints),
                                       "scale"));
  }
  return {};
}

std::size_t ScalePoints(Scale scale) { return static_cast<std::size_t>(scale.max - scale.min + 1); }

Result<void> ValidateCount(int64_t count, std::string field) {
  if (count < 0)
    return Fail(Error::InvalidArgument("count must not be negative", std::move(field)));
  if (count > kMaxResponses) {
    return Fail(Error::InvalidArgument(fmt::format("count must be at most {}", kMaxResponses),
                                       std::move(field)));
  }
  return {};
}

Error TooManyResponses(std::string field) {
  return Error::InvalidArgument(fmt::format("more than {} responses in total", kMaxResponses),
                                std::move(field));
}

// Checks the scale and the counts; returns the number of responses.
Result<int64_t> ValidateRatingCounts(const RatingCounts& counts) {
  if (auto ok = ValidateScale(counts.scale); !ok) return Fail(std::move(ok.error()));
  if (counts.counts.size() != ScalePoints(counts.scale)) {
    return Fail(Error::InvalidArgument(
        fmt::format("expected {} counts, one per value of the scale {}..{}",
                    ScalePoints(counts.scale), counts.scale.min, counts.scale.max),
        "counts"));
  }
  int64_t n = 0;
  for (std::size_t i = 0; i < counts.counts.size(); ++i) {
    if (auto ok = ValidateCount(counts.counts[i], fmt::format("counts[{}]", i)); !ok) {
      return Fail(std::move(ok.error()));
    }
    n += counts.counts[i];  // each term <= 2^50 and at most 1001 terms: no overflow
  }
  if (n > kMaxResponses) return Fail(TooManyResponses("counts"));
  return n;
}

Result<void> ValidateNpsCounts(const NpsCounts& counts, std::string_view prefix) {
  for (const auto& [count, name] :
       {std::pair{counts.promoters, "promoters"}, std::pair{counts.passives, "passives"},
        std::pair{counts.detractors, "detractors"}}) {
    if (auto ok = ValidateCount(count, Field(prefix, name)); !ok)
      return Fail(std::move(ok.error()));
  }
  if (counts.Total() > kMaxResponses) return Fail(TooManyResponses(std::string(prefix)));
  return {};
}

Result<void> ValidateProportionCounts(const ProportionCounts& counts, std::string_view prefix,
                                      std::string_view successes_name, std::string_view n_name) {
  if (auto ok = ValidateCount(counts.n, Field(prefix, n_name)); !ok) {
    return Fail(std::move(ok.error()));
  }
  if (auto ok = ValidateCount(counts.successes, Field(prefix, successes_name)); !ok) {
    return Fail(std::move(ok.error()));
  }
  if (counts.successes > counts.n) {
    return Fail(
        Error::InvalidArgument(fmt::format("{} ({}) must not exceed {} ({})", successes_name,
                                           counts.successes, n_name, counts.n),
                               Field(prefix, successes_name)));
  }
  return {};
}

Result<void> ValidateMoments(const SampleMoments& moments, std::string_view prefix) {
  if (auto ok = ValidateCount(moments.n, Field(prefix, "n")); !ok) {
    return Fail(std::move(ok.error()));
  }
  if (moments.n >= 1 && !std::isfinite(moments.mean)) {
    return Fail(Error::InvalidArgument("mean must be finite", Field(prefix, "mean")));
  }
  if (moments.n >= kMinForSpread &&
      !(std::isfinite(moments.standard_deviation) && moments.standard_deviation >= 0.0)) {
    return Fail(Error::InvalidArgument("standard deviation must be finite and not negative",
                                       Field(prefix, "standard_deviation")));
  }
  return {};
}

struct Interval {
  double low = kNaN;
  double high = kNaN;
};

// Wilson score interval for `successes` out of `n` at two-sided critical value z:
//   centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²).
Interval WilsonInterval(int64_t successes, int64_t n, double z) {
  if (n == 0) return {};
  const double nd = static_cast<double>(n);
  const double p = static_cast<double>(successes) / nd;
  const double z2 = z * z;
  const double denominator = 1.0 + z2 / nd;
  const double centre = (p + z2 / (2.0 * nd)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1.0 - p) / nd + z2 / (4.0 * nd * nd));
  // At 0/n and n/n the bound on the observed side is exactly 0 or 1; rounding must not move it.
  return {successes == 0 ? 0.0 : std::clamp(centre - half, 0.0, 1.0),
          successes == n ? 1.0 : std::clamp(centre + half, 0.0, 1.0)};
}

ProportionEstimate Proportion(int64_t successes, int64_t n, const ScoreOptions& options) {
  const Interval ci = WilsonInterval(successes, n, CriticalZ(options.confidence_level));
  return {.successes = successes,
          .n = n,
          .share = n == 0 ? kNaN : static_cast<double>(successes) / static_cast<double>(n),
          .ci_low = ci.low,
          .ci_high = ci.high,
          .confidence_level = options.confidence_level,
          .enough = n >= options.min_responses};
}

MeanEstimate Mean(const SampleMoments& moments, const ScoreOptions& options) {
  MeanEstimate estimate{.n = moments.n,
                        .mean = moments.n >= 1 ? moments.mean : kNaN,
                        .standard_deviation = kNaN,
                        .standard_error = kNaN,
                        .margin = kNaN,
                        .ci_low = kNaN,
                        .ci_high = kNaN,
                        .confidence_level = options.confidence_level,
                        .enough = moments.n >= options.min_responses && moments.n >= kMinForSpread};
  if (moments.n < kMinForSpread) return estimate;
  const double n = static_cast<double>(moments.n);
  estimate.standard_deviation = moments.standard_deviation;
  estimate.standard_error = moments.standard_deviation / std::sqrt(n);
  estimate.margin = CriticalT(options.confidence_level, n - 1.0) * estimate.standard_error;
  estimate.ci_low = estimate.mean - estimate.margin;
  estimate.ci_high = estimate.mean + estimate.margin;
  return estimate;
}

// Counts already validated.
SampleMoments Moments(const RatingCounts& counts, int64_t n) {
  if (n == 0) return {0, kNaN, kNaN};
  // Sum of indexes (rating - scale.min) is exact in int64: at most 2^50 * 1000.
  int64_t index_sum = 0;
  for (std::size_t i = 0; i < counts.counts.size(); ++i) {
    index_sum += counts.counts[i] * static_cast<int64_t>(i);
  }
  const double nd = static_cast<double>(n);
  const double mean_index = static_cast<double>(index_sum) / nd;
  if (n < kMinForSpread) return {n, counts.scale.min + mean_index, kNaN};
  double squares = 0.0;
  for (std::size_t i = 0; i < counts.counts.size(); ++i) {
    const double deviation = static_cast<double>(i) - mean_index;
    squares += static_cast<double>(counts.counts[i]) * deviation * deviation;
  }
  return {n, counts.scale.min + mean_index, std::sqrt(squares / (nd - 1.0))};
}

struct NpsParts {
  double promoter_share = kNaN;
  double detractor_share = kNaN;
  double nps = kNaN;             // points
  double standard_error = kNaN;  // points
};

NpsParts Nps(const NpsCounts& counts) {
  const int64_t n = counts.Total();
  if (n == 0) return {};
  const double nd = static_cast<double>(n);
  const double p_promoter = static_cast<double>(counts.promoters) / nd;
  const double p_detractor = static_cast<double>(counts.detractors) / nd;
  const double net = p_promoter - p_detractor;
  // Trinomial variance of the per-response score (+1, 0, -1), divided by n; never below 0
  // except by rounding.
  const double variance = std::max(0.0, (p_promoter + p_detractor - net * net) / nd);
  return {p_promoter, p_detractor, kPointsPerUnit * net, kPointsPerUnit * std::sqrt(variance)};
}

// Fills statistic, p-value and verdict once baseline, current, difference, standard_error
// and degrees_of_freedom are set.
void Decide(Comparison& c, bool enough, bool student_t) {
  if (std::isnan(c.difference) || std::isnan(c.standard_error)) {
    c.statistic = kNaN;
    c.p_value = kNaN;
  } else if (c.standard_error == 0.0) {
    // No spread in either sample: any difference is certain, none is no change.
    c.statistic = c.difference == 0.0 ? 0.0 : std::copysign(kInfinity, c.difference);
    c.p_value = c.difference == 0.0 ? 1.0 : 0.0;
  } else {
    c.statistic = c.difference / c.standard_error;
    c.p_value =
        student_t ? TwoSidedPFromT(c.statistic, c.degrees_of_freedom) : TwoSidedPFromZ(c.statistic);
  }
  if (!enough || std::isnan(c.p_value)) {
    c.verdict = Verdict::kNotEnoughData;
  } else if (c.p_value < c.significance_level) {
    c.verdict = c.difference > 0.0 ? Verdict::kSignificantIncrease : Verdict::kSignificantDecrease;
  } else {
    c.verdict = Verdict::kNoSignificantChange;
  }
}

// The mean rating of counts on a scale: its t interval clipped to the scale, as the NPS
// interval is, since no mean can lie outside it (a t interval of two answers, 2 and 5 of 1-5,
// reaches -15.6 to 22.6). The margin is left as the t interval's.
MeanEstimate ScaleMean(const RatingCounts& counts, int64_t n, const ScoreOptions& options) {
  MeanEstimate m = Mean(Moments(counts, n), options);
  if (!std::isnan(m.ci_low)) {
    const double lo = counts.scale.min, hi = counts.scale.max;
    m.ci_low = std::clamp(m.ci_low, lo, hi);
    m.ci_high = std::clamp(m.ci_high, lo, hi);
  }
  return m;
}

Result<TopBoxScore> TopBox(const RatingCounts& counts, int64_t n, int favourable_min,
                           const ScoreOptions& options) {
  int64_t favourable = 0;
  for (std::size_t i = static_cast<std::size_t>(favourable_min - counts.scale.min);
       i < counts.counts.size(); ++i) {
    favourable += counts.counts[i];
  }
  return TopBoxScore{.n = n,
                     .favourable = favourable,
                     .favourable_share = Proportion(favourable, n, options),
                     .mean = ScaleMean(counts, n, options),
                     .enough = n >= options.min_responses};
}

Result<TopBoxScore> NamedTopBox(const RatingCounts& counts, Scale scale, int favourable_min,
                                std::string_view score_name, const ScoreOptions& options) {
  if (counts.scale != scale) {
    return Fail(Error::InvalidArgument(
        fmt::format("{} ratings are on the scale {}..{}, not {}..{}", score_name, scale.min,
                    scale.max, counts.scale.min, counts.scale.max),
        "scale"));
  }
  return ScoreTopBox(counts, favourable_min, options);
}

}  // namespace

// --- Distribution helpers -------------------------------------------------------------------

double CriticalZ(double confidence_level) {
  if (!(confidence_level > 0.0 && confidence_level < 1.0)) return kNaN;
  return quantile(complement(Normal(), (1.0 - confidence_level) / 2.0));
}

double CriticalT(double confidence_level, double degrees_of_freedom) {
  if (!(confidence_level > 0.0 && confidence_level < 1.0) || !(degrees_of_freedom > 0.0)) {
    return kNaN;
  }
  if (std::isinf(degrees_of_freedom)) return CriticalZ(confidence_level);
  return quantile(complement(StudentT(degrees_of_freedom), (1.0 - confidence_level) / 2.0));
}

double TwoSidedPFromZ(double z) {
  if (std::isnan(z)) return kNaN;
  return std::erfc(std::abs(z) / std::sqrt(2.0));
}

double TwoSidedPFromT(double t, double degrees_of_freedom) {
  if (std::isnan(t) || !(degrees_of_freedom > 0.0)) return kNaN;
  if (std::isinf(degrees_of_freedom)) return TwoSidedPFromZ(t);
  if (std::isinf(t)) return 0.0;
  return std::min(1.0, 2.0 * cdf(complement(StudentT(degrees_of_freedom), std::abs(t))));
}

// --- Counting -------------------------------------------------------------------------------

Result<RatingCounts> CountRatings(std::span<const int> ratings, Scale scale) {
  if (auto ok = ValidateScale(scale); !ok) return Fail(std::move(ok.error()));
  if (ratings.size() > static_cast<std::size_t>(kMaxResponses)) {
    return Fail(TooManyResponses("ratings"));
  }
  RatingCounts counts{scale, std::vector<int64_t>(ScalePoints(scale), 0)};
  for (std::size_t i = 0; i < ratings.size(); ++i) {
    if (ratings[i] < scale.min || ratings[i] > scale.max) {
      return Fail(Error::InvalidArgument(
          fmt::format("rating {} is outside the scale {}..{}", ratings[i], scale.min, scale.max),
          fmt::format("ratings[{}]", i)));
    }
    ++counts.counts[static_cast<std::size_t>(ratings[i] - scale.min)];
  }
  return counts;
}

Result<NpsCounts> CountNps(std::span<const int> ratings) {
  auto counts = CountRatings(ratings, kNpsScale);
  if (!counts) return Fail(std::move(counts.error()));
  return NpsCountsOf(*counts);
}

Result<NpsCounts> NpsCountsOf(const RatingCounts& counts) {
  if (counts.scale != kNpsScale) {
    return Fail(Error::InvalidArgument(fmt::format("NPS ratings are on the scale 0..10, not {}..{}",
                                                   counts.scale.min, counts.scale.max),
                                       "scale"));
  }
  if (auto n = ValidateRatingCounts(counts); !n) return Fail(std::move(n.error()));
  NpsCounts nps;
  for (int rating = kNpsScale.min; rating <= kNpsScale.max; ++rating) {
    const int64_t count = counts.counts[static_cast<std::size_t>(rating)];
    if (rating >= kNpsPromoterMin) {
      nps.promoters += count;
    } else if (rating >= kNpsPassiveMin) {
      nps.passives += count;
    } else {
      nps.detractors += count;
    }
  }
  return nps;
}

// --- Scores ---------------------------------------------------------------------------------

Result<ProportionEstimate> EstimateProportion(const ProportionCounts& counts,
                                              const ScoreOptions& options) {
  if (auto ok = ValidateOptions(options); !ok) return Fail(std::move(ok.error()));
  if (auto ok = ValidateProportionCounts(counts, "counts", "successes", "n"); !ok) {
    return Fail(std::move(ok.error()));
  }
  return Proportion(counts.successes, counts.n, options);
}

Result<ProportionEstimate> ResponseRate(int64_t responses, int64_t invitations,
                                        const ScoreOptions& options) {
  if (auto ok = ValidateOptions(options); !ok) return Fail(std::move(ok.error()));
  if (auto ok = ValidateProportionCounts({responses, invitations}, "", "responses", "invitations");
      !ok) {
    return Fail(std::move(ok.error()));
  }
  return Proportion(responses, invitations, options);
}

Result<SampleMoments> MomentsOf(const RatingCounts& counts) {
  auto n = ValidateRatingCounts(counts);
  if (!n) return Fail(std::move(n.error()));
  return Moments(counts, *n);
}

Result<MeanEstimate> EstimateMean(const SampleMoments& moments, const ScoreOptions& options) {
  if (auto ok = ValidateOptions(options); !ok) return Fail(std::move(ok.error()));
  if (auto ok = ValidateMoments(moments, "moments"); !ok) return Fail(std::move(ok.error()));
  return Mean(moments, options);
}

Result<RatingSummary> SummarizeRatings(const RatingCounts& counts, const ScoreOptions& options) {
  if (auto ok = ValidateOptions(options); !ok) return Fail(std::move(ok.error()));
  auto n = ValidateRatingCounts(counts);
  if (!n) return Fail(std::move(n.error()));
  RatingSummary summary{.scale = counts.scale,
                        .counts = counts.counts,
                        .shares = {},
                        .n = *n,
                        .mean = ScaleMean(counts, *n, options),
                        .enough = *n >= options.min_responses};
  summary.shares.reserve(counts.counts.size());
  for (int64_t count : counts.counts) {
    summary.shares.push_back(*n == 0 ? kNaN : static_cast<double>(count) / static_cast<double>(*n));
  }
  return summary;
}

Result<NpsScore> ScoreNps(const NpsCounts& counts, const ScoreOptions& options) {
  if (auto ok = ValidateOptions(options); !ok) return Fail(std::move(ok.error()));
  if (auto ok = ValidateNpsCounts(counts, "counts"); !ok) return Fail(std::move(ok.error()));
  const int64_t n = counts.Total();
  const NpsParts parts = Nps(counts);
  const double margin = CriticalZ(options.confidence_level) * parts.standard_error;
  return NpsScore{.counts = counts,
                  .n = n,
                  .promoter_share = parts.promoter_share,
                  .detractor_share = parts.detractor_share,
                  .nps = parts.nps,
                  .standard_error = parts.standard_error,
                  .margin = margin,
                  .ci_low = n == 0 ? kNaN : std::clamp(parts.nps - margin, -kMaxNps, kMaxNps),
                  .ci_high = n == 0 ? kNaN : std::clamp(parts.nps + margin, -kMaxNps, kMaxNps),
                  .confidence_level = options.confidence_level,
                  .enough = n >= options.min_responses};
}

Result<NpsScore> ScoreNps(std::span<const int> ratings, const ScoreOptions& options) {
  auto counts = CountNps(ratings);
  if (!counts) return Fail(std::move(counts.error()));
  return ScoreNps(*counts, options);
}

Result<TopBoxScore> ScoreTopBox(const RatingCounts& counts, int favourable_min,
                                const ScoreOptions& options) {
  if (auto ok = ValidateOptions(options); !ok) return Fail(std::move(ok.error()));
  auto n = ValidateRatingCounts(counts);
  if (!n) return Fail(std::move(n.error()));
  if (favourable_min < counts.scale.min || favourable_min > counts.scale.max) {
    return Fail(Error::InvalidArgument(fmt::format("{} is outside the scale {}..{}", favourable_min,
                                                   counts.scale.min, counts.scale.max),
                                       "favourable_min"));
  }
  return TopBox(counts, *n, favourable_min, options);
}

Result<TopBoxScore> ScoreCsat(const RatingCounts& counts, const ScoreOptions& options) {
  return NamedTopBox(counts, kCsatScale, kCsatSatisfiedMin, "CSAT", options);
}

Result<TopBoxScore> ScoreCes(const RatingCounts& counts, const ScoreOptions& options) {
  return NamedTopBox(counts, kCesScale, kCesEasyMin, "CES", options);
}

// --- Comparisons ----------------------------------------------------------------------------

std::string_view ToString(Verdict verdict) {
  switch (verdict) {
    case Verdict::kSignificantIncrease:
      return "significant_increase";
    case Verdict::kSignificantDecrease:
      return "significant_decrease";
    case Verdict::kNoSignificantChange:
      return "no_significant_change";
    case Verdict::kNotEnoughData:
      return "not_enough_data";
  }
  return "not_enough_data";
}

Result<Comparison> CompareNps(const NpsCounts& baseline, const NpsCounts& current,
                              const ScoreOptions& options) {
  if (auto ok = ValidateOptions(options); !ok) return Fail(std::move(ok.error()));
  if (auto ok = ValidateNpsCounts(baseline, "baseline"); !ok) return Fail(std::move(ok.error()));
  if (auto ok = ValidateNpsCounts(current, "current"); !ok) return Fail(std::move(ok.error()));
  const NpsParts before = Nps(baseline);
  const NpsParts after = Nps(current);
  Comparison c;
  c.baseline = before.nps;
  c.current = after.nps;
  c.difference = after.nps - before.nps;
  c.standard_error = std::hypot(before.standard_error, after.standard_error);
  c.degrees_of_freedom = kInfinity;
  c.significance_level = 1.0 - options.confidence_level;
  Decide(c, baseline.Total() >= options.min_responses && current.Total() >= options.min_responses,
         /*student_t=*/false);
  return c;
}

Result<Comparison> CompareProportions(const ProportionCounts& baseline,
                                      const ProportionCounts& current,
                                      const ScoreOptions& options) {
  if (auto ok = ValidateOptions(options); !ok) return Fail(std::move(ok.error()));
  if (auto ok = ValidateProportionCounts(baseline, "baseline", "successes", "n"); !ok) {
    return Fail(std::move(ok.error()));
  }
  if (auto ok = ValidateProportionCounts(current, "current", "successes", "n"); !ok) {
    return Fail(std::move(ok.error()));
  }
  Comparison c;
  c.degrees_of_freedom = kInfinity;
  c.significance_level = 1.0 - options.confidence_level;
  if (baseline.n == 0 || current.n == 0) {
    c.baseline = baseline.n == 0 ? kNaN : static_cast<double>(baseline.successes) / baseline.n;
    c.current = current.n == 0 ? kNaN : static_cast<double>(current.successes) / current.n;
    c.difference = c.current - c.baseline;
    c.standard_error = kNaN;
  } else {
    const double n1 = static_cast<double>(baseline.n);
    const double n2 = static_cast<double>(current.n);
    c.baseline = static_cast<double>(baseline.successes) / n1;
    c.current = static_cast<double>(current.successes) / n2;
    c.difference = c.current - c.baseline;
    // Under the null hypothesis both samples share one proportion: pool them.
    const double pooled = static_cast<double>(baseline.successes + current.successes) / (n1 + n2);
    c.standard_error = std::sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2));
  }
  Decide(c, baseline.n >= options.min_responses && current.n >= options.min_responses,
         /*student_t=*/false);
  return c;
}

Result<Comparison> CompareMeans(const SampleMoments& baseline, const SampleMoments& current,
                                const ScoreOptions& options) {
  if (auto ok = ValidateOptions(options); !ok) return Fail(std::move(ok.error()));
  if (auto ok = ValidateMoments(baseline, "baseline"); !ok) return Fail(std::move(ok.error()));
  if (auto ok = ValidateMoments(current, "current"); !ok) return Fail(std::move(ok.error()));
  Comparison c;
  c.baseline = baseline.n >= 1 ? baseline.mean : kNaN;
  c.current = current.n >= 1 ? current.mean : kNaN;
  c.difference = c.current - c.baseline;
  c.significance_level = 1.0 - options.confidence_level;
  if (baseline.n < kMinForSpread || current.n < kMinForSpread) {
    c.standard_error = kNaN;
    c.degrees_of_freedom = kNaN;
  } else {
    const double n1 = static_cast<double>(baseline.n);
    const double n2 = static_cast<double>(current.n);
    const double v1 = baseline.standard_deviation * baseline.standard_deviation / n1;
    const double v2 = current.standard_deviation * current.standard_deviation / n2;
    c.standard_error = std::sqrt(v1 + v2);
    // Welch-Satterthwaite; undefined (NaN) when both standard deviations are 0.
    const double denominator = v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0);
    c.degrees_of_freedom = denominator > 0.0 ? (v1 + v2) * (v1 + v2) / denominator : kNaN;
  }
  const int64_t needed = std::max(options.min_responses, kMinForSpread);
  Decide(c, baseline.n >= needed && current.n >= needed, /*student_t=*/true);
  return c;
}

}  // namespace nazar::metrics
