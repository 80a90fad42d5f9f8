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

// NB weights, the negation scope and the rules' marks, 800 passes, the blend chosen on
// cross-validation (0.8), the model's share shrunk for comments of few known words
// (blend_words 4); docs/text-analysis.md gives each lever's measured effect. The blend was
// held at 0.5 before the marks: above it, short customer-experience comments, which the
// model has not seen, read neutral (analyzer_test's demo: 340 of 400 complaints negative at
// 0.9); with the marks the model reads their rated words' sides like the rules, and with
// blend_words a short complaint leans on the rules ("۵ روز است منتظر برگشت پولم هستم"
// reads neutral at a constant 0.8). The band is sought up to 0.27: DeepSentiPers' neutral
// class (43% of it, mostly descriptive sentences) favours 0.3 and more, where a fifth of
// the demo's complaints read neutral; its validation 3-class F1 is flat from 0.26 to 0.30.
PolarityTrainingOptions PersianTrainingOptions() {
  return {.iterations = 800,
          .features = {.negation_scope = true, .marks = true},
          .nb_weighting = true,
          .blends = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0},
          .blend_words = 4.0,
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
