// A three-class polarity model (negative / neutral / positive) that the project trains
// itself: multinomial logistic regression over a comment's stemmed unigrams and bigrams
// (counts) plus a few dense features (the lexicon-and-rules scores of the Analyzer).
//
// Contract:
// - Training is deterministic: full-batch AdaGrad on the class-weighted (balanced)
//   log-loss with an L2 penalty, features kept when they occur in at least `min_count`
//   examples, in a fixed order. The same examples and options give the same model on the
//   same build. The neutral class is the reference (its logit is 0).
// - The score of a comment is the mean of the model's P(pos) - P(neg) and the first dense
//   feature (the rules' compound score): the model knows the words of its training domain,
//   the rules carry the rest (short customer-experience comments the model never saw).
// - The neutral band (|score| below it reads as neutral) is chosen by k-fold
//   cross-validation on the training examples only, maximising the 3-class macro-F1.
// - A model is serialised as text (one feature a line, weights with 6 significant
//   digits) so that it can be compiled into the binary and reviewed in a diff.
// - Errors are values: InvalidArgument for bad options or examples (field named), or for a
//   malformed serialised model ("line N").
//
// Thread safety: a PolarityModel is immutable after construction; Predict is const and
// safe to call concurrently. Training is a pure function.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "text/tokenizer.h"

namespace nazar::text {

// Dense features every example carries, in this order.
inline constexpr size_t kPolarityDenseFeatures = 3;
inline constexpr std::array<std::string_view, kPolarityDenseFeatures> kPolarityDenseNames = {
    "lexicon_compound", "lexicon_positive", "lexicon_negative"};

// What the model reads of one comment: its stems in order ("" marks a break that bigrams
// do not cross, such as punctuation) and the dense features.
struct PolarityInput {
  std::vector<std::string_view> stems;
  std::array<double, kPolarityDenseFeatures> dense{};
};

enum class Polarity { kNegative, kNeutral, kPositive };

struct PolarityExample {
  std::vector<std::string> stems;  // owned copies of PolarityInput::stems
  std::array<double, kPolarityDenseFeatures> dense{};
  Polarity label = Polarity::kNeutral;
};

struct PolarityTrainingOptions {
  double l2 = 1e-3;            // L2 penalty on every weight but the biases; >= 0
  double learning_rate = 0.3;  // AdaGrad step; > 0
  int iterations = 400;        // full passes; >= 1
  int min_count = 2;           // a feature must occur in this many examples; >= 1
  int folds = 4;               // cross-validation folds for the neutral band; >= 2
};

struct PolarityProbabilities {
  double negative = 0.0;
  double neutral = 1.0;
  double positive = 0.0;
};

class PolarityModel {
 public:
  PolarityModel() = default;

  // Parses Serialize()'s format.
  static Result<PolarityModel> Parse(std::string_view text);
  std::string Serialize() const;

  PolarityProbabilities Predict(const PolarityInput& input) const;
  // The score in [-1, 1] (see the contract).
  double Score(const PolarityInput& input) const;

  // |score| below this reads as neutral.
  double neutral_band() const { return neutral_band_; }
  size_t num_features() const { return weights_.size(); }
  bool empty() const { return weights_.empty(); }

 private:
  friend Result<PolarityModel> TrainPolarityModel(std::span<const PolarityExample>,
                                                  const PolarityTrainingOptions&);
  using Weights = std::array<float, 2>;  // negative, positive (neutral is the reference)
  std::unordered_map<std::string, Weights, StringHash, std::equal_to<>> weights_;
  std::array<Weights, kPolarityDenseFeatures> dense_{};
  Weights bias_{};
  double neutral_band_ = 0.1;
};

[[nodiscard]] Result<PolarityModel> TrainPolarityModel(std::span<const PolarityExample> examples,
                                                       const PolarityTrainingOptions& options = {});

}  // namespace nazar::text
