#include "text/label_classifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "text/sparse_features.h"
#include "text/tsv.h"

namespace nazar::text {
namespace {

constexpr double kPruneBelow = 5e-4;  // weights this small are left out of the file
constexpr size_t kHoldoutEvery = 5;   // every fifth example is held out

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

struct Sparse {
  SparseFeatures features;
  std::vector<uint8_t> truth;  // per label: 1 when the example carries it
};

struct Fitted {
  std::vector<double> weights;  // feature-major: weights[f * labels + k]
  std::vector<double> bias;
};

double Logit(const Fitted& f, const SparseFeatures& x, size_t labels, size_t k) {
  double z = f.bias[k];
  for (const auto& [index, count] : x) z += f.weights[index * labels + k] * count;
  return z;
}

// Full-batch AdaGrad on each label's balanced log-loss with L2.
Fitted Fit(std::span<const Sparse> examples, size_t features, size_t labels,
           const LabelTrainingOptions& options, const std::function<void()>& tick) {
  std::vector<double> positive_weight(labels), negative_weight(labels);
  for (size_t k = 0; k < labels; ++k) {
    double positives = 0;
    for (const Sparse& e : examples) positives += e.truth[k];
    const double negatives = examples.size() - positives;
    // Balanced: each side carries half of the label's loss; normalised by the examples.
    positive_weight[k] = positives == 0 ? 0.0 : 0.5 / positives;
    negative_weight[k] = negatives == 0 ? 0.0 : 0.5 / negatives;
  }
  Fitted f{std::vector<double>(features * labels, 0.0), std::vector<double>(labels, 0.0)};
  Fitted grad = f, squares = f;
  auto step = [&](double& weight, double& gradient, double& square, bool penalised) {
    AdaGradStep(weight, gradient, square, options.learning_rate, options.l2, penalised);
  };
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    std::fill(grad.weights.begin(), grad.weights.end(), 0.0);
    std::fill(grad.bias.begin(), grad.bias.end(), 0.0);
    for (const Sparse& e : examples) {
      for (size_t k = 0; k < labels; ++k) {
        const double p = Sigmoid(Logit(f, e.features, labels, k));
        const double g = e.truth[k] ? positive_weight[k] * (p - 1.0) : negative_weight[k] * p;
        grad.bias[k] += g;
        for (const auto& [index, count] : e.features) grad.weights[index * labels + k] += g * count;
      }
    }
    for (size_t k = 0; k < labels; ++k) step(f.bias[k], grad.bias[k], squares.bias[k], false);
    for (size_t j = 0; j < f.weights.size(); ++j) {
      step(f.weights[j], grad.weights[j], squares.weights[j], true);
    }
    if (tick) tick();
  }
  return f;
}

double F1(int64_t tp, int64_t predicted, int64_t actual) {
  return predicted + actual == 0 ? 0.0 : 2.0 * tp / (predicted + actual);
}

}  // namespace

// Builds models from examples (a friend of LabelClassifier).
struct LabelTrainer {
  static LabelClassifier Make(const Fitted& f, const FeatureIndex& index,
                              const std::vector<std::string>& labels, double threshold) {
    LabelClassifier model;
    model.labels_ = labels;
    model.threshold_ = threshold;
    for (double b : f.bias) model.bias_.push_back(static_cast<float>(b));
    const size_t n = labels.size();
    for (size_t j = 0; j < index.size(); ++j) {
      bool kept = false;
      for (size_t k = 0; k < n; ++k) kept |= std::abs(f.weights[j * n + k]) >= kPruneBelow;
      if (!kept) continue;
      std::vector<float> w(n);
      for (size_t k = 0; k < n; ++k) w[k] = static_cast<float>(f.weights[j * n + k]);
      model.weights_.emplace(index.names()[j], std::move(w));
    }
    return model;
  }
};

std::vector<LabelScore> LabelClassifier::Predict(std::span<const std::string_view> stems) const {
  std::vector<double> z(bias_.begin(), bias_.end());
  std::string buffer;
  ForEachFeature(stems, buffer, [&](std::string_view f) {
    auto it = weights_.find(f);
    if (it == weights_.end()) return;
    for (size_t k = 0; k < z.size(); ++k) z[k] += it->second[k];
  });
  std::vector<LabelScore> out;
  out.reserve(labels_.size());
  for (size_t k = 0; k < labels_.size(); ++k) out.push_back({labels_[k], Sigmoid(z[k])});
  return out;
}

std::vector<LabelScore> LabelClassifier::Labels(std::span<const std::string_view> stems) const {
  std::vector<LabelScore> all = Predict(stems);
  std::erase_if(all, [&](const LabelScore& s) { return s.probability < threshold_; });
  std::stable_sort(all.begin(), all.end(),
                   [](const LabelScore& a, const LabelScore& b) { return a.probability > b.probability; });
  return all;
}

namespace {

Result<void> CheckOptions(const LabelTrainingOptions& options) {
  if (!(options.l2 >= 0.0)) return Fail(Error::InvalidArgument("must be >= 0", "options.l2"));
  if (!(options.learning_rate > 0.0))
    return Fail(Error::InvalidArgument("must be > 0", "options.learning_rate"));
  if (options.iterations < 1)
    return Fail(Error::InvalidArgument("must be >= 1", "options.iterations"));
  if (options.min_count < 1)
    return Fail(Error::InvalidArgument("must be >= 1", "options.min_count"));
  if (options.min_examples < 1)
    return Fail(Error::InvalidArgument("must be >= 1", "options.min_examples"));
  if (!(options.threshold > 0.0 && options.threshold < 1.0))
    return Fail(Error::InvalidArgument("must lie in (0, 1)", "options.threshold"));
  return {};
}

// Per label (in `labels`' order): 1 when the example carries it.
std::vector<uint8_t> Truth(const LabelExample& e, const std::vector<std::string>& labels) {
  std::vector<uint8_t> t(labels.size(), 0);
  for (const std::string& label : e.labels) {
    auto it = std::find(labels.begin(), labels.end(), label);
    if (it != labels.end()) t[it - labels.begin()] = 1;
  }
  return t;
}

LabelClassifier FitWith(std::span<const LabelExample> examples,
                        const std::vector<std::string>& labels,
                        const LabelTrainingOptions& options, const std::function<void()>& tick) {
  const FeatureIndex index = FeatureIndex::Build(
      examples.size(), [&](size_t i) { return std::span<const std::string>(examples[i].stems); },
      options.min_count);
  std::vector<Sparse> sparse;
  sparse.reserve(examples.size());
  for (const LabelExample& e : examples) {
    sparse.push_back({index.Encode(std::span<const std::string>(e.stems)), Truth(e, labels)});
  }
  return LabelTrainer::Make(Fit(sparse, index.size(), labels.size(), options, tick), index, labels,
                            options.threshold);
}

}  // namespace

Result<LabelClassifier> FitLabelClassifier(std::span<const LabelExample> examples,
                                           const std::vector<std::string>& labels,
                                           const LabelTrainingOptions& options) {
  if (auto ok = CheckOptions(options); !ok) return Fail(ok.error());
  if (labels.size() < 2) return Fail(Error::InvalidArgument("at least two labels", "labels"));
  if (examples.empty()) return Fail(Error::InvalidArgument("no examples", "examples"));
  int64_t done = 0;
  return FitWith(examples, labels, options, [&] {
    if (options.progress) options.progress(++done, options.iterations);
  });
}

LabelEvaluation EvaluateLabelClassifier(const LabelClassifier& model,
                                        std::span<const LabelExample> test,
                                        std::span<const LabelExample> train) {
  const std::vector<std::string>& labels = model.labels();
  const size_t n_labels = labels.size();
  LabelEvaluation evaluation;
  evaluation.train = static_cast<int64_t>(train.size());
  evaluation.test = static_cast<int64_t>(test.size());
  evaluation.examples = evaluation.train + evaluation.test;
  std::vector<int64_t> train_support(n_labels, 0);
  for (const LabelExample& e : train) {
    const auto t = Truth(e, labels);
    for (size_t k = 0; k < n_labels; ++k) train_support[k] += t[k];
  }
  const size_t majority =
      std::max_element(train_support.begin(), train_support.end()) - train_support.begin();
  std::vector<int64_t> tp(n_labels, 0), predicted(n_labels, 0), actual(n_labels, 0);
  int64_t top_hits = 0, exact = 0, majority_hits = 0;
  std::vector<std::string_view> stems;
  for (const LabelExample& e : test) {
    const auto truth = Truth(e, labels);
    stems.assign(e.stems.begin(), e.stems.end());
    const std::vector<LabelScore> scores = model.Predict(stems);
    size_t top = 0;
    bool same = true;
    for (size_t k = 0; k < n_labels; ++k) {
      if (scores[k].probability > scores[top].probability) top = k;
      const bool yes = scores[k].probability >= model.threshold();
      predicted[k] += yes;
      actual[k] += truth[k];
      tp[k] += yes && truth[k];
      same &= yes == static_cast<bool>(truth[k]);
    }
    top_hits += truth[top];
    exact += same;
    majority_hits += truth[majority];
  }
  const double test_n = std::max<double>(1.0, static_cast<double>(test.size()));
  evaluation.accuracy = top_hits / test_n;
  evaluation.exact_match = exact / test_n;
  evaluation.majority_baseline = majority_hits / test_n;
  int64_t tp_all = 0, predicted_all = 0, actual_all = 0;
  double f1_sum = 0.0;
  for (size_t k = 0; k < n_labels; ++k) {
    LabelMetrics m{.label = labels[k], .train_support = train_support[k], .test_support = actual[k]};
    m.precision = predicted[k] == 0 ? 0.0 : static_cast<double>(tp[k]) / predicted[k];
    m.recall = actual[k] == 0 ? 0.0 : static_cast<double>(tp[k]) / actual[k];
    m.f1 = F1(tp[k], predicted[k], actual[k]);
    f1_sum += m.f1;
    tp_all += tp[k];
    predicted_all += predicted[k];
    actual_all += actual[k];
    evaluation.labels.push_back(std::move(m));
  }
  evaluation.micro_f1 = F1(tp_all, predicted_all, actual_all);
  evaluation.macro_f1 = n_labels == 0 ? 0.0 : f1_sum / n_labels;
  return evaluation;
}

Result<TrainedLabelClassifier> TrainLabelClassifier(std::span<const LabelExample> examples,
                                                    const LabelTrainingOptions& options) {
  if (auto ok = CheckOptions(options); !ok) return Fail(ok.error());
  // Labels with enough examples, in byte order.
  std::map<std::string, int64_t> counts;
  for (size_t i = 0; i < examples.size(); ++i) {
    if (examples[i].labels.empty()) {
      return Fail(Error::InvalidArgument("an example needs at least one label",
                                         fmt::format("examples[{}].labels", i)));
    }
    std::set<std::string> distinct(examples[i].labels.begin(), examples[i].labels.end());
    for (const std::string& label : distinct) {
      if (label.empty() || label.find_first_of("\t\r\n") != std::string::npos) {
        return Fail(Error::InvalidArgument("a label must be non-empty text on one line, without tabs",
                                           fmt::format("examples[{}].labels", i)));
      }
      ++counts[label];
    }
  }
  std::vector<std::string> labels, skipped;
  for (const auto& [label, n] : counts) {
    (n >= options.min_examples ? labels : skipped).push_back(label);
  }
  if (labels.size() < 2) {
    return Fail(Error::InvalidArgument(
        fmt::format("at least two labels need {} tagged comments each; {} do",
                    options.min_examples, labels.size()),
        "labels"));
  }
  // The examples that keep at least one label; every fifth of them held out.
  std::vector<LabelExample> used, train, test;
  for (const LabelExample& e : examples) {
    const auto t = Truth(e, labels);
    if (std::find(t.begin(), t.end(), 1) == t.end()) continue;
    (used.size() % kHoldoutEvery == kHoldoutEvery - 1 ? test : train).push_back(e);
    used.push_back(e);
  }
  const int64_t total = 2LL * options.iterations;
  int64_t done = 0;
  auto tick = [&] {
    if (options.progress) options.progress(++done, total);
  };
  const LabelClassifier held = FitWith(train, labels, options, tick);
  LabelEvaluation evaluation = EvaluateLabelClassifier(held, test, train);
  evaluation.skipped_labels = std::move(skipped);
  return TrainedLabelClassifier{FitWith(used, labels, options, tick), std::move(evaluation)};
}

std::string LabelClassifier::Serialize() const {
  std::string out =
      "# Nazar label classifier (src/text/label_classifier.h): one-vs-rest logistic\n"
      "# regression over stemmed unigrams and bigrams; one weight per label and feature.\n";
  out += "labels";
  for (const std::string& label : labels_) out += "\t" + label;
  out += fmt::format("\nthreshold\t{}\nbias", threshold_);
  for (float b : bias_) out += fmt::format("\t{:.6g}", b);
  out += '\n';
  std::vector<const std::string*> names;
  for (const auto& [name, w] : weights_) names.push_back(&name);
  std::sort(names.begin(), names.end(), [](auto* a, auto* b) { return *a < *b; });
  for (const std::string* name : names) {
    out += "f\t" + *name;
    for (float w : weights_.at(*name)) out += fmt::format("\t{:.6g}", w);
    out += '\n';
  }
  return out;
}

Result<LabelClassifier> LabelClassifier::Parse(std::string_view text) {
  LabelClassifier model;
  Error error;
  bool failed = false;
  bool have_labels = false;
  ForEachDataLine(text, [&](std::string_view line, size_t number) {
    if (failed) return;
    const auto fields = SplitFields(line);
    auto fail = [&](std::string message) {
      error = Error::InvalidArgument(std::move(message), fmt::format("line {}", number));
      failed = true;
    };
    auto weights = [&](size_t from) -> std::optional<std::vector<float>> {
      if (fields.size() != from + model.labels_.size()) {
        fail("wrong number of fields");
        return std::nullopt;
      }
      std::vector<float> w;
      for (size_t i = from; i < fields.size(); ++i) {
        auto value = ParseNumberField(fields[i], number);
        if (!value) {
          fail(value.error().message);
          return std::nullopt;
        }
        w.push_back(static_cast<float>(*value));
      }
      return w;
    };
    if (fields[0] == "labels") {
      if (fields.size() < 3) return fail("a classifier needs at least two labels");
      for (size_t i = 1; i < fields.size(); ++i) {
        if (fields[i].empty()) return fail("an empty label");
        model.labels_.emplace_back(fields[i]);
      }
      have_labels = true;
      model.bias_.assign(model.labels_.size(), 0.0f);
    } else if (!have_labels) {
      fail("the labels line must come first");
    } else if (fields[0] == "threshold" && fields.size() == 2) {
      auto value = ParseNumberField(fields[1], number);
      if (!value) return fail(value.error().message);
      if (!(*value > 0.0 && *value < 1.0)) return fail("the threshold must lie in (0, 1)");
      model.threshold_ = *value;
    } else if (fields[0] == "bias") {
      if (auto w = weights(1)) model.bias_ = std::move(*w);
    } else if (fields[0] == "f" && fields.size() >= 2 && !fields[1].empty()) {
      if (auto w = weights(2)) model.weights_[std::string(fields[1])] = std::move(*w);
    } else {
      fail("unknown line");
    }
  });
  if (failed) return Fail(std::move(error));
  if (!have_labels) return Fail(Error::InvalidArgument("no labels line", "line 1"));
  return model;
}

}  // namespace nazar::text
