// A three-class polarity model (negative / neutral / positive) that the project trains
// itself: multinomial logistic regression over a comment's stemmed unigrams and bigrams
// (counts), optionally its character n-grams across word and half-space boundaries, its
// stems in a negation's scope and the rules' marks (a rated word's side, negated, boosted or
// damped, before or after a contrast: PolarityFeatureSet), plus a few dense features (the
// lexicon-and-rules scores of the Analyzer).
//
// Contract:
// - Training is deterministic: full-batch AdaGrad on the class-weighted (balanced, unless
//   class_weighting is off) log-loss with an L2 penalty, features kept when they occur in at least `min_count`
//   examples, in a fixed order. The same examples and options give the same model on the
//   same build. The neutral class is the reference (its logit is 0).
// - NB weighting (NB-SVM style, Wang & Manning 2012), when asked: each sparse feature is
//   scaled by its largest |log-count ratio| of one class against the others before the fit,
//   so that discriminative features are penalised less; the scale is folded into the
//   stored weights, so prediction does not change.
// - The score of a comment is a blend of the model's P(pos) - P(neg) and the first dense
//   feature (the rules' compound score): blend × model + (1 - blend) × rules. The model
//   knows the words of its training domain, the rules carry the rest (short
//   customer-experience comments the model never saw).
// - The blend and the neutral band (|score| below it reads as neutral) are chosen by k-fold
//   cross-validation on the training examples only (never on held-out data): the blend
//   maximising the mean of the binary and 3-class macro-F1, the band the 3-class macro-F1.
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
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.h"
#include "text/feature_table.h"
#include "text/tokenizer.h"

namespace nazar::text {

// Dense features every example carries, in this order.
inline constexpr size_t kPolarityDenseFeatures = 3;
inline constexpr std::array<std::string_view, kPolarityDenseFeatures> kPolarityDenseNames = {
    "lexicon_compound", "lexicon_positive", "lexicon_negative"};

// What the model reads of one comment: its stems in order ("" marks a break that bigrams
// do not cross, such as punctuation), the dense features, its words as written (normalised,
// half-spaces joined) separated by single spaces with a space at each end (character
// n-grams), and per stem whether a negation's scope covers it.
struct PolarityInput {
  std::vector<std::string_view> stems;
  std::array<double, kPolarityDenseFeatures> dense{};
  std::string_view surface;
  std::vector<uint8_t> negated;  // empty, or one per stem
  // What the rules saw, as tokens that generalise across words (PolarityFeatureSet::marks).
  std::vector<std::string_view> marks;
};

enum class Polarity { kNegative, kNeutral, kPositive };

struct PolarityExample {
  std::vector<std::string> stems;  // owned copies of PolarityInput::stems
  std::array<double, kPolarityDenseFeatures> dense{};
  Polarity label = Polarity::kNeutral;
  std::string surface;
  std::vector<uint8_t> negated;
  std::vector<std::string> marks;
};

// Which sparse features the model reads besides the stems' unigrams and bigrams.
struct PolarityFeatureSet {
  // Character n-grams of char_min .. char_max code points of the surface (spaces included,
  // so they cross word boundaries); char_max 0: none. 1 <= char_min <= char_max <= 8.
  int char_min = 0;
  int char_max = 0;
  // A stem in a negation's scope also counts as "!stem".
  bool negation_scope = false;
  // The rules' marks count as features too: a rated word's side, negated or not, boosted or
  // damped, after a contrast ("<+>", "<!->", "<^+>", "<b->", ...).
  bool marks = false;
  // Adjacent stems' bigrams (off: unigrams only).
  bool bigrams = true;

  bool operator==(const PolarityFeatureSet&) const = default;
};

struct PolarityTrainingOptions {
  double l2 = 1e-3;            // L2 penalty on every weight but the biases; >= 0
  double learning_rate = 0.3;  // AdaGrad step; > 0
  int iterations = 400;        // full passes; >= 1
  int min_count = 2;           // a feature must occur in this many examples; >= 1
  int folds = 4;               // cross-validation folds for the blend and band; >= 2
  PolarityFeatureSet features;
  // Each class weighted by n / (3 n_class) in the loss (off: every example 1).
  bool class_weighting = true;
  bool nb_weighting = false;  // scale features by their log-count ratio (see the contract)
  // The blends tried (the best on cross-validation is kept); each in [0, 1].
  std::vector<double> blends = {0.5};
  // A second head fitted on the polar examples only (negative against positive) gives the
  // model's score its sign: (1 - P(neutral)) × tanh((z_pos - z_neg) / 2) of that head, so the
  // rare negative class is not outweighed by the neutral one.
  bool binary_head = false;
  // The model's share shrinks for comments of few words it knows: blend × known / (known +
  // blend_words), known the comment's stems the model has weights for (0: a constant
  // blend). Short customer-experience comments, unlike the training sentences, then lean on
  // the rules. >= 0.
  double blend_words = 0.0;
  // The widest neutral band tried; in [0, 1].
  double max_band = 0.8;
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
  // The model's own score in [-1, 1], before the blend with the rules.
  // `known`, when given, gets how many of the comment's stems the model knows.
  double ModelScore(const PolarityInput& input, int* known = nullptr) const;
  bool binary_head() const { return binary_head_; }
  // The score in [-1, 1] (see the contract).
  double Score(const PolarityInput& input) const;

  // |score| below this reads as neutral.
  double neutral_band() const { return neutral_band_; }
  // The model's share of the score (the rules' compound has the rest).
  double blend() const { return blend_; }
  double blend_words() const { return blend_words_; }
  const PolarityFeatureSet& features() const { return features_; }
  // Out-of-fold macro-F1 of the chosen blend and band on the training examples, binary and
  // 3-class (a trained model's; 0 for a parsed one).
  std::pair<double, double> validation_f1() const { return validation_f1_; }
  size_t num_features() const { return weights_.size() + char_weights_.size(); }
  bool empty() const { return weights_.empty() && char_weights_.empty(); }

 private:
  friend Result<PolarityModel> TrainPolarityModel(std::span<const PolarityExample>,
                                                  const PolarityTrainingOptions&);
  // negative, positive (neutral is the reference), then the binary head's negative and
  // positive (0 without one).
  using Weights = std::array<float, 4>;
  using Table = FeatureTable<Weights>;
  // Both heads' logits: negative, positive, then the binary head's.
  std::array<double, 4> Logits(const PolarityInput& input, int* known) const;

  Table weights_;       // stems' unigrams, bigrams and "!stem"
  Table char_weights_;  // character n-grams
  std::array<Weights, kPolarityDenseFeatures> dense_{};
  Weights bias_{};
  double neutral_band_ = 0.1;
  double blend_ = 0.5;
  double blend_words_ = 0.0;
  bool binary_head_ = false;
  PolarityFeatureSet features_;
  std::pair<double, double> validation_f1_{};
};

[[nodiscard]] Result<PolarityModel> TrainPolarityModel(std::span<const PolarityExample> examples,
                                                       const PolarityTrainingOptions& options = {});

}  // namespace nazar::text
