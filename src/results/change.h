// Why did a score move? The change of a score between a baseline and a current period,
// decomposed by segment (agent, touchpoint, channel, ...): how much of the move each
// segment explains, with a margin.
//
// Contract:
// - Every score here is the mean of a per-response value x: NPS +100 for a promoter (9-10),
//   0 for a passive, -100 for a detractor (points); CSAT and CES 100 for a favourable rating
//   (CSAT 4-5 of 5, CES 5-7 of 7) and 0 otherwise (percentage points); a rating's mean the
//   rating itself. So the overall score of a period is the share-weighted mean of its
//   segments' scores, S = sum_g w_g s_g, when the segments partition the period's answers
//   (single-valued dimensions; an absent value is a segment of its own).
// - The change S1 - S0 splits exactly into one contribution per segment, measured from the
//   centre c = (S0 + S1) / 2:  contribution_g = w1 (s1 - c) - w0 (s0 - c).
//   It splits further into `within` = w̄ (s1 - s0) (the segment's own score moved, at its
//   average share w̄) and `mix` = (w1 - w0)(s̄ - c) (its share of the answers changed while its
//   score sits above or below the centre); a segment present in one period only is all mix.
//   The contributions add up to the change (the shares of each period add up to 1).
// - The margin of a contribution: it is the difference of the two periods' means of
//   y = [response in g] (x - c) over all answers of each period (independent samples), so its
//   standard error is sqrt(var0(y) / N0 + var1(y) / N1) with the sample variances (n - 1);
//   margin = z * SE at the confidence level (c taken as fixed). NaN when a period has fewer
//   than 2 answers.
// - Segments come largest |contribution| first, then by key.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "metrics/scores.h"
#include "metrics/view.h"
#include "results/results.h"

namespace nazar::results {

struct SegmentChange {
  std::string key;
  int64_t baseline_n = 0, current_n = 0;
  double baseline_share = 0.0, current_share = 0.0;      // of the period's answers, 0..1
  std::optional<double> baseline_score, current_score;   // none without answers in the period
  double contribution = 0.0;  // to the change, in the score's unit
  double margin = 0.0;        // of the contribution (NaN when undefined)
  double within = 0.0;        // the part from the segment's own score moving
  double mix = 0.0;           // the part from its share of the answers changing
};

struct ChangeDecomposition {
  int64_t baseline_n = 0, current_n = 0;
  double baseline_score = 0.0, current_score = 0.0;  // NaN for a period without answers
  double change = 0.0;                               // current - baseline
  std::vector<SegmentChange> segments;
};

// The per-response value of a rating `value` for `metric` (see the contract).
double ResponseValue(Metric metric, int value);

// Decomposes the change from `baseline` to `current`, each a partition of one period's
// answers into segments (key, histogram on `scale`). Fails with InvalidArgument on
// "baseline[i]" / "current[i]" for a histogram not of the scale, and on "metric" for
// kDistribution.
Result<ChangeDecomposition> DecomposeChange(Metric metric, metrics::Scale scale,
                                            std::span<const MetricGroup> baseline,
                                            std::span<const MetricGroup> current,
                                            const metrics::ScoreOptions& options);

// The change of the score `request` asks for, from its baseline_filter (required: FailedPrecondition
// on "compare" without it) to its filter, decomposed by each of `by` (single-valued
// dimensions: InvalidArgument on "by" for a multi-valued one). Its group_by and trend are
// ignored. Fails as ResultsService::Report.
struct ChangeReport {
  MetricReport current;   // the overall figures, with the comparison
  std::vector<std::pair<metrics::DimensionRef, ChangeDecomposition>> by;
};
Result<ChangeReport> ExplainChange(ResultsService& results, const Organisation& org,
                                   const MetricRequest& request,
                                   std::span<const metrics::DimensionRef> by);

}  // namespace nazar::results
