// A classifier for an organisation's own labels: analysts tag comments ("billing error",
// "courier was rude", "asks for a callback"), and the classifier learns to tag the rest.
//
// Contract:
// - Multi-label: a comment may carry several labels. One-vs-rest logistic regression per
//   label over the comment's stemmed unigrams and bigrams (sparse_features.h; the stems come
//   from Analyzer::Stems, so Persian morphology and English stemming apply), each label's
//   positives and negatives weighted to balance, full-batch AdaGrad with an L2 penalty.
//   Deterministic: the same examples and options give the same model on the same build.
// - Labels with fewer than `min_examples` examples are left out (reported as skipped); at
//   least two labels must remain (InvalidArgument on "labels" otherwise).
// - Held-out evaluation: every fifth example (index % 5 == 4) is held out, a model is
//   trained on the rest and measured on it; the model returned is then trained on every
//   example. Reported: top-label accuracy (the most probable label is one of the comment's
//   labels; for single-label data this is plain accuracy), exact-set match, micro and
//   macro F1 of the label sets (a label is predicted when its probability reaches the
//   threshold, 0.5), the majority baseline (always the most frequent training label), and
//   per label precision, recall, F1 and supports.
// - Serialised as text (a line per feature, weights with 6 significant digits).
// - Errors are values: InvalidArgument naming the field or the line of a serialised model.
//
// Thread safety: a LabelClassifier is immutable once made; Predict is const. Training is a
// pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "text/tokenizer.h"

namespace nazar::text {

struct LabelExample {
  std::vector<std::string> stems;   // Analyzer::Stems of the comment
  std::vector<std::string> labels;  // at least one
};

struct LabelTrainingOptions {
  double l2 = 1e-3;            // >= 0
  double learning_rate = 0.3;  // > 0
  int iterations = 150;        // >= 1
  int min_count = 2;           // a feature must occur in this many examples; >= 1
  int min_examples = 5;        // a label needs this many examples; >= 1
  double threshold = 0.5;      // a label is predicted at this probability; in (0, 1)
  // Called with (iterations done, iterations in all) across both fits.
  std::function<void(int64_t, int64_t)> progress;
};

struct LabelScore {
  std::string label;
  double probability = 0.0;
};

struct LabelMetrics {
  std::string label;
  int64_t train_support = 0;  // examples carrying it, in the training part
  int64_t test_support = 0;   // in the held-out part
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
};

struct LabelEvaluation {
  int64_t examples = 0;  // used (after labels below min_examples were dropped)
  int64_t train = 0;
  int64_t test = 0;
  double accuracy = 0.0;           // top label among the truth
  double exact_match = 0.0;        // predicted set == truth
  double micro_f1 = 0.0;
  double macro_f1 = 0.0;
  double majority_baseline = 0.0;  // accuracy of always answering the commonest label
  std::vector<LabelMetrics> labels;          // in label order
  std::vector<std::string> skipped_labels;   // fewer than min_examples
};

class LabelClassifier {
 public:
  LabelClassifier() = default;

  static Result<LabelClassifier> Parse(std::string_view text);
  std::string Serialize() const;

  // Every label's probability, in label order.
  std::vector<LabelScore> Predict(std::span<const std::string_view> stems) const;
  // The labels at or above the threshold, most probable first.
  std::vector<LabelScore> Labels(std::span<const std::string_view> stems) const;

  const std::vector<std::string>& labels() const { return labels_; }
  double threshold() const { return threshold_; }
  size_t num_features() const { return weights_.size(); }

 private:
  friend struct LabelTrainer;
  std::vector<std::string> labels_;
  double threshold_ = 0.5;
  std::vector<float> bias_;
  // feature -> one weight per label
  std::unordered_map<std::string, std::vector<float>, StringHash, std::equal_to<>> weights_;
};

struct TrainedLabelClassifier {
  LabelClassifier model;
  LabelEvaluation evaluation;
};

// The parts TrainLabelClassifier is made of, for callers that split their own data: a model
// of `labels` (fixed, at least two) fitted on every example (progress over its iterations),
// and its figures on `test` (`train` gives the supports and the majority label).
[[nodiscard]] Result<LabelClassifier> FitLabelClassifier(std::span<const LabelExample> examples,
                                                         const std::vector<std::string>& labels,
                                                         const LabelTrainingOptions& options = {});
LabelEvaluation EvaluateLabelClassifier(const LabelClassifier& model,
                                        std::span<const LabelExample> test,
                                        std::span<const LabelExample> train);

// Labels with enough examples, held-out evaluation, then the model fitted on every example.
[[nodiscard]] Result<TrainedLabelClassifier> TrainLabelClassifier(
    std::span<const LabelExample> examples, const LabelTrainingOptions& options = {});

}  // namespace nazar::text
