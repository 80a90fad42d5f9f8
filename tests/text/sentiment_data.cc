#include "sentiment_data.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "text/analyzer.h"

namespace nazar::text::testing {

Result<std::vector<RatedText>> LoadVader(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::NotFound("cannot open " + path));
  std::stringstream text;
  text << in.rdbuf();
  return ParseVaderSet(text.str());
}

Result<DeepSentiPers> LoadDeepSentiPers(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::NotFound("cannot open " + path));
  auto split = ReadDeepSentiPers(in);
  if (!split) return Fail(split.error());
  return DeepSentiPers{std::move(split->train), std::move(split->held_out)};
}

// NB weights and the negation scope (docs/text-analysis.md gives each lever's measured
// effect). The blend stays 0.5: cross-validation on DeepSentiPers favours 0.9, which scores
// better there but leaves short customer-experience comments, which the model has not seen,
// to the model alone, and they read neutral (analyzer_test's demo); shrinking the model's
// share for comments of few known words (blend_words) does not save them either, the neutral
// band chosen on DeepSentiPers being too wide for the rules' scores. For the same reason the
// band is sought up to 0.27: DeepSentiPers' neutral class (43% of it, mostly descriptive
// sentences) favours 0.3 and more, where a fifth of the demo's complaints read neutral;
// its validation 3-class F1 is flat from 0.26 to 0.30 (0.664).
PolarityTrainingOptions PersianTrainingOptions() {
  return {.features = {.negation_scope = true},
          .nb_weighting = true,
          .blends = {0.5},
          .max_band = 0.27};
}

Result<PolarityModel> TrainPersianModel(const DeepSentiPers& data,
                                        const PolarityTrainingOptions& options) {
  auto rules = Analyzer::Create({.persian_rules_only = true});
  if (!rules) return Fail(rules.error());
  std::vector<PolarityExample> examples;
  for (const RatedText& t : data.train) {
    PolarityExample e = rules->PolarityFeatures(t.text);
    e.label = t.human < 0   ? Polarity::kNegative
              : t.human > 0 ? Polarity::kPositive
                            : Polarity::kNeutral;
    examples.push_back(std::move(e));
  }
  return TrainPolarityModel(examples, options);
}

}  // namespace nazar::text::testing
