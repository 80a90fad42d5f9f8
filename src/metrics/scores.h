// Experience scores from ratings: NPS (and eNPS), CSAT, CES and any rating scale, each with
// its margin of error, and significance tests between two periods or segments.
//
// Contract:
// - Input is counts: the live columnar view aggregates responses into counts per rating
//   value (RatingCounts) or per NPS group (NpsCounts), so the count-based functions are the
//   primary API. CountRatings / CountNps turn a span of raw ratings into those counts.
// - Scales: NPS 0-10 (promoters 9-10, passives 7-8, detractors 0-6); CSAT 1-5 (satisfied
//   4-5); CES 1-7 (easy 5-7). eNPS is NPS asked of employees: use the NPS functions.
// - NPS = 100 (pP - pD) in points (-100..100). Its variance on the -1..1 scale is the
//   trinomial Var = (pP + pD - (pP - pD)^2) / n; the standard error and margin are reported
//   in points (x100) and the margin is z * SE with z the exact two-sided normal quantile of
//   the confidence level (1.959964 at 95%). With pP = 1/2, pD = 1/6, n = 300 this gives
//   NPS 33.3, SE 4.30 points, margin +-8.4 points.
// - Proportions (CSAT % satisfied, CES % easy, response rate) carry the Wilson score
//   interval, which stays inside 0..1 and behaves at 0/n and n/n.
// - Means carry a Student t interval with n - 1 degrees of freedom (the sample standard
//   deviation uses n - 1), exact for normal data and the usual choice for small n. The mean
//   of ratings on a scale (SummarizeRatings, the top-box scores) has it clipped to the scale,
//   as NPS's is: two answers 2 and 5 of 1-5 give 1 to 5, not -15.6 to 22.6.
// - Comparisons (current against baseline; difference = current - baseline):
//     NPS: z = (NPS2 - NPS1) / sqrt(SE1^2 + SE2^2) with each SE from its own trinomial
//          variance (unpooled);
//     proportions: the pooled two-proportion z test;
//     means: Welch's t test with Welch-Satterthwaite degrees of freedom.
//   Each reports the two-sided p-value; the change is significant when p < 1 - confidence
//   level, and the verdict says in which direction.
// - Minimum n: a score with fewer than ScoreOptions::min_responses responses (default 30) has
//   enough = false: the API says "not enough responses" instead of showing the number. The
//   numbers are still filled in whenever they are defined (n >= 1; n >= 2 for a standard
//   deviation) so that logs and tests can see them; they are NaN when undefined (n = 0).
//   A comparison where either side has too few responses has verdict kNotEnoughData.
// - Degenerate spreads: when a standard error is 0 (every response in one group, in both
//   samples) an equal pair gives statistic 0 and p = 1, an unequal pair an infinite statistic
//   and p = 0. The trinomial and Wald-type standard errors understate the uncertainty when a
//   share is near 0 or 1; the minimum n keeps that case rare.
// - Errors are values: InvalidArgument naming the field ("ratings[17]", "counts[3]",
//   "baseline.promoters", "options.confidence_level", ...). Nothing here does I/O.
//
// Thread safety: pure functions of their arguments; safe to call concurrently.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nazar::metrics {

// --- Options --------------------------------------------------------------------------------

// 30 responses is the common rule of thumb for trusting the normal approximation behind the
// margins; at n = 30 an NPS margin can still reach +-36 points, so dashboards may ask for more.
inline constexpr int64_t kDefaultMinResponses = 30;
inline constexpr double kDefaultConfidenceLevel = 0.95;
// The largest number of responses (in total, per score) accepted: every count and sum stays
// exact in a double and no int64 sum can overflow.
inline constexpr int64_t kMaxResponses = int64_t{1} << 50;

struct ScoreOptions {
  // Fewest responses for a score to be reported (enough = true) and for each side of a
  // comparison to get a verdict. At least 1, at most kMaxResponses. Default: 30.
  int64_t min_responses = kDefaultMinResponses;

  // Two-sided confidence level of every interval, strictly between 0 and 1. Comparisons are
  // significant at the level 1 - confidence_level. Default: 0.95.
  double confidence_level = kDefaultConfidenceLevel;
};

// --- Scales and counts ----------------------------------------------------------------------

// A closed range of integer ratings.
struct Scale {
  int min = 0;
  int max = 0;
  friend bool operator==(const Scale&, const Scale&) = default;
};

inline constexpr Scale kNpsScale{0, 10};
inline constexpr Scale kCsatScale{1, 5};
inline constexpr Scale kCesScale{1, 7};
// The most values a scale may have (a 0-1000 slider); keeps count vectors small.
inline constexpr int kMaxScalePoints = 1001;

inline constexpr int kNpsPromoterMin = 9;  // 9-10
inline constexpr int kNpsPassiveMin = 7;   // 7-8; 0-6 are detractors
inline constexpr int kCsatSatisfiedMin = 4;
inline constexpr int kCesEasyMin = 5;

// Counts per rating value: counts[i] responses gave the rating scale.min + i, so
// counts.size() == scale.max - scale.min + 1.
struct RatingCounts {
  Scale scale;
  std::vector<int64_t> counts;
};

// Counts the ratings on `scale`. Fails on "scale" for an empty or oversized scale, on
// "ratings[i]" for the first rating outside it, on "ratings" for more than kMaxResponses.
[[nodiscard]] Result<RatingCounts> CountRatings(std::span<const int> ratings, Scale scale);

// --- Proportions ----------------------------------------------------------------------------

// `successes` out of `n` (satisfied out of responses, responses out of invitations).
struct ProportionCounts {
  int64_t successes = 0;
  int64_t n = 0;
};

struct ProportionEstimate {
  int64_t successes = 0;
  int64_t n = 0;
  double share = 0.0;   // successes / n, in 0..1; NaN when n = 0
  double ci_low = 0.0;  // Wilson score interval at confidence_level, in 0..1; NaN when n = 0
  double ci_high = 0.0;
  double confidence_level = kDefaultConfidenceLevel;
  bool enough = false;  // n >= options.min_responses
};

// Fails on "counts.successes" / "counts.n" for negative counts, successes > n, or
// n > kMaxResponses; on "options.*" for bad options.
[[nodiscard]] Result<ProportionEstimate> EstimateProportion(const ProportionCounts& counts,
                                                            const ScoreOptions& options = {});

// Responses out of invitations delivered; fields "responses", "invitations". The minimum-n
// rule applies to the invitations.
[[nodiscard]] Result<ProportionEstimate> ResponseRate(int64_t responses, int64_t invitations,
                                                      const ScoreOptions& options = {});

// --- Means ----------------------------------------------------------------------------------

// What a mean and its test need: the count, the mean, and the sample standard deviation
// (divisor n - 1). mean is NaN when n = 0, standard_deviation NaN when n < 2.
struct SampleMoments {
  int64_t n = 0;
  double mean = 0.0;
  double standard_deviation = 0.0;
};

// Moments of rating counts. Fails as RatingCounts are validated (fields "counts", "counts[i]",
// "scale").
[[nodiscard]] Result<SampleMoments> MomentsOf(const RatingCounts& counts);

struct MeanEstimate {
  int64_t n = 0;
  double mean = 0.0;                // NaN when n = 0
  double standard_deviation = 0.0;  // sample SD (n - 1); NaN when n < 2
  double standard_error = 0.0;      // SD / sqrt(n); NaN when n < 2
  double margin = 0.0;              // t(n - 1) quantile * SE; NaN when n < 2
  double ci_low = 0.0;              // mean -+ margin; NaN when n < 2
  double ci_high = 0.0;
  double confidence_level = kDefaultConfidenceLevel;
  bool enough = false;  // n >= options.min_responses and n >= 2
};

// Fails on "moments.n" (negative or over kMaxResponses), "moments.mean" (not finite with
// n >= 1), "moments.standard_deviation" (negative or not finite with n >= 2), "options.*".
[[nodiscard]] Result<MeanEstimate> EstimateMean(const SampleMoments& moments,
                                                const ScoreOptions& options = {});

// --- Rating scale distribution --------------------------------------------------------------

struct RatingSummary {
  Scale scale;
  std::vector<int64_t> counts;  // per value, as given
  std::vector<double> shares;   // counts / n per value; all NaN when n = 0
  int64_t n = 0;
  MeanEstimate mean;    // mean rating with its t interval
  bool enough = false;  // n >= options.min_responses
};

// Fails on "scale", "counts" (size not matching the scale, or total over kMaxResponses),
// "counts[i]" (negative), "options.*".
[[nodiscard]] Result<RatingSummary> SummarizeRatings(const RatingCounts& counts,
                                                     const ScoreOptions& options = {});

// --- NPS ------------------------------------------------------------------------------------

struct NpsCounts {
  int64_t promoters = 0;   // rated 9-10
  int64_t passives = 0;    // rated 7-8
  int64_t detractors = 0;  // rated 0-6
  int64_t Total() const { return promoters + passives + detractors; }
  friend bool operator==(const NpsCounts&, const NpsCounts&) = default;
};

// Fails on "ratings[i]" for a rating outside 0-10, on "ratings" for over kMaxResponses.
[[nodiscard]] Result<NpsCounts> CountNps(std::span<const int> ratings);
// From counts per value 0..10. Fails on "scale" unless counts.scale is kNpsScale, and as
// RatingCounts are validated.
[[nodiscard]] Result<NpsCounts> NpsCountsOf(const RatingCounts& counts);

struct NpsScore {
  NpsCounts counts;
  int64_t n = 0;
  double promoter_share = 0.0;   // pP in 0..1; NaN when n = 0 (as every figure below)
  double detractor_share = 0.0;  // pD in 0..1
  double nps = 0.0;              // 100 (pP - pD), in points, -100..100
  double standard_error = 0.0;   // 100 sqrt((pP + pD - (pP - pD)^2) / n), in points
  double margin = 0.0;           // z * standard_error, in points
  double ci_low = 0.0;           // nps -+ margin, clipped to -100..100
  double ci_high = 0.0;
  double confidence_level = kDefaultConfidenceLevel;
  bool enough = false;  // n >= options.min_responses
};

// Fails on "counts.promoters" / "counts.passives" / "counts.detractors" (negative), "counts"
// (total over kMaxResponses), "options.*".
[[nodiscard]] Result<NpsScore> ScoreNps(const NpsCounts& counts, const ScoreOptions& options = {});
// CountNps then ScoreNps.
[[nodiscard]] Result<NpsScore> ScoreNps(std::span<const int> ratings,
                                        const ScoreOptions& options = {});

// --- CSAT and CES ---------------------------------------------------------------------------

// A top-box score: the share of favourable ratings (CSAT: satisfied, 4-5 of 1-5; CES: easy,
// 5-7 of 1-7) and the mean rating.
struct TopBoxScore {
  int64_t n = 0;
  int64_t favourable = 0;
  ProportionEstimate favourable_share;  // favourable / n with its Wilson interval
  MeanEstimate mean;                    // mean rating with its t interval
  bool enough = false;                  // n >= options.min_responses
};

// REQUIRES counts on the 1-5 scale (checked: "scale"); otherwise as SummarizeRatings.
[[nodiscard]] Result<TopBoxScore> ScoreCsat(const RatingCounts& counts,
                                            const ScoreOptions& options = {});
// REQUIRES counts on the 1-7 scale (checked: "scale"); otherwise as SummarizeRatings.
[[nodiscard]] Result<TopBoxScore> ScoreCes(const RatingCounts& counts,
                                           const ScoreOptions& options = {});
// Any scale: favourable are the ratings >= favourable_min. Fails on "favourable_min" outside
// the scale.
[[nodiscard]] Result<TopBoxScore> ScoreTopBox(const RatingCounts& counts, int favourable_min,
                                              const ScoreOptions& options = {});

// --- Comparisons ----------------------------------------------------------------------------

enum class Verdict {
  kSignificantIncrease,  // current is higher, p < 1 - confidence_level
  kSignificantDecrease,  // current is lower, p < 1 - confidence_level
  kNoSignificantChange,  // p >= 1 - confidence_level
  kNotEnoughData,        // a side has fewer than min_responses (or the test is undefined)
};

// Stable snake_case names: "significant_increase", "significant_decrease",
// "no_significant_change", "not_enough_data".
std::string_view ToString(Verdict verdict);

// Figures are NaN where undefined (a side with n = 0, or n < 2 for means).
struct Comparison {
  double baseline = 0.0;        // the baseline estimate: NPS points, share 0..1, or mean
  double current = 0.0;         // the current estimate, same unit
  double difference = 0.0;      // current - baseline, same unit
  double standard_error = 0.0;  // of the difference, same unit
  double statistic = 0.0;       // z (NPS, proportions) or Welch's t (means)
  // Welch-Satterthwaite degrees of freedom for means (NaN when both standard deviations are
  // 0); +infinity for the z tests.
  double degrees_of_freedom = 0.0;
  double p_value = 0.0;             // two-sided
  double significance_level = 0.0;  // 1 - options.confidence_level
  Verdict verdict = Verdict::kNotEnoughData;
};

// Unpooled two-sample z on NPS. Fields "baseline.*", "current.*", "options.*".
[[nodiscard]] Result<Comparison> CompareNps(const NpsCounts& baseline, const NpsCounts& current,
                                            const ScoreOptions& options = {});
// Pooled two-proportion z test. Fields "baseline.successes", "baseline.n", "current.*",
// "options.*".
[[nodiscard]] Result<Comparison> CompareProportions(const ProportionCounts& baseline,
                                                    const ProportionCounts& current,
                                                    const ScoreOptions& options = {});
// Welch's t test. Fields "baseline.n", "baseline.mean", "baseline.standard_deviation",
// "current.*", "options.*". Needs n >= 2 on both sides for a verdict.
[[nodiscard]] Result<Comparison> CompareMeans(const SampleMoments& baseline,
                                              const SampleMoments& current,
                                              const ScoreOptions& options = {});

// --- Distribution helpers -------------------------------------------------------------------
// Exposed for the API's documentation of methods and for tests. Out-of-domain arguments
// (confidence outside (0, 1), df <= 0, NaN) give NaN.

// The z with P(|Z| <= z) = confidence_level: 1.959964 for 0.95.
double CriticalZ(double confidence_level);
// The t with P(|T_df| <= t) = confidence_level: 2.228139 for 0.95 and df = 10.
double CriticalT(double confidence_level, double degrees_of_freedom);
// P(|Z| >= |z|): 0.05 for z = 1.959964.
double TwoSidedPFromZ(double z);
// P(|T_df| >= |t|).
double TwoSidedPFromT(double t, double degrees_of_freedom);

}  // namespace nazar::metrics
