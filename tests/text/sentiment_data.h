// Test support: the published sentiment data sets in ../shared/data/sentiment, read with
// the project's CSV reader, and the figures the evaluation reports.
//
// Thread safety: pure functions (the loaders read files).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "text/evaluation.h"
#include "text/polarity_model.h"

namespace nazar::text::testing {

using text::RatedText;

// VADER's ground truth (id<TAB>mean<TAB>text), e.g. "vader-amazon-reviews.tsv".
Result<std::vector<RatedText>> LoadVader(const std::string& path);

// DeepSentiPers (text,label; no header) and its fixed split: every fifth record (1-based
// records 5, 10, 15, ...) is held out and never trained on.
struct DeepSentiPers {
  std::vector<RatedText> train;
  std::vector<RatedText> held_out;
};
Result<DeepSentiPers> LoadDeepSentiPers(const std::string& path);

// The options the compiled-in Persian model was trained with.
PolarityTrainingOptions PersianTrainingOptions();

// Trains the Persian polarity model on DeepSentiPers' training split, as the compiled-in
// one was trained (features from an Analyzer with the rules only).
Result<PolarityModel> TrainPersianModel(const DeepSentiPers& data,
                                        const PolarityTrainingOptions& options =
                                            PersianTrainingOptions());

// What the evaluation reports of a scorer on a rated set (text/evaluation.h).
using Figures = SentimentFigures;

// `human_band`: where the human ratings turn neutral (0.5 for VADER's, 1 for -2..2).
// A score of exactly 0 is a miss for both binary classes.
inline Figures Evaluate(std::span<const RatedText> data, double human_band, double score_band,
                        const std::function<double(const std::string&)>& score) {
  return EvaluateSentiment(data, human_band, score_band, score);
}

}  // namespace nazar::text::testing
