#include "text/polarity_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "text/sparse_features.h"
#include "text/tsv.h"

namespace nazar::text {
namespace {

constexpr int kNegative = 0;
constexpr int kPositive = 1;
constexpr double kPruneBelow = 5e-4;  // weights this small are left out of the file
constexpr double kBandStep = 0.005;
constexpr double kMaxBand = 0.8;

PolarityProbabilities Softmax(double z_negative, double z_positive) {
  const double top = std::max({z_negative, z_positive, 0.0});
  const double en = std::exp(z_negative - top), eu = std::exp(-top),
               ep = std::exp(z_positive - top);
  const double total = en + eu + ep;
  return {en / total, eu / total, ep / total};
}

double BlendScore(double model, double rules) { return 0.5 * (model + rules); }

int ClassIndex(Polarity p) {
  return p == Polarity::kNegative ? 0 : p == Polarity::kNeutral ? 1 : 2;
}

Polarity Decide(double score, double band) {
  return score >= band    ? Polarity::kPositive
         : score <= -band ? Polarity::kNegative
                          : Polarity::kNeutral;
}

// Macro-F1 over the three classes.
double MacroF1(std::span<const std::pair<double, Polarity>> scored, double band) {
  std::array<std::array<int, 3>, 3> confusion{};
  for (const auto& [score, truth] : scored)
    ++confusion[ClassIndex(truth)][ClassIndex(Decide(score, band))];
  double sum = 0.0;
  for (int k = 0; k < 3; ++k) {
    int tp = confusion[k][k], predicted = 0, actual = 0;
    for (int j = 0; j < 3; ++j) {
      predicted += confusion[j][k];
      actual += confusion[k][j];
    }
    sum += predicted + actual == 0 ? 0.0 : 2.0 * tp / (predicted + actual);
  }
  return sum / 3.0;
}

struct SparseExample {
  SparseFeatures features;
  std::array<double, kPolarityDenseFeatures> dense{};
  int label = 1;  // 0 negative, 1 neutral, 2 positive
};

struct Fitted {
  std::vector<std::array<double, 2>> weights;
  std::array<std::array<double, 2>, kPolarityDenseFeatures> dense{};
  std::array<double, 2> bias{};
};

double Logit(const Fitted& f, const SparseExample& e, int k) {
  double z = f.bias[k];
  for (size_t d = 0; d < kPolarityDenseFeatures; ++d) z += f.dense[d][k] * e.dense[d];
  for (const auto& [index, count] : e.features) z += f.weights[index][k] * count;
  return z;
}

// Full-batch AdaGrad on the class-balanced log-loss with L2.
Fitted Fit(std::span<const SparseExample> examples, size_t num_features,
           const PolarityTrainingOptions& options) {
  std::array<double, 3> class_count{};
  for (const SparseExample& e : examples) ++class_count[e.label];
  std::array<double, 3> class_weight{};
  for (int k = 0; k < 3; ++k) {
    class_weight[k] = class_count[k] == 0 ? 0.0 : examples.size() / (3.0 * class_count[k]);
  }
  double total_weight = 0.0;
  for (const SparseExample& e : examples) total_weight += class_weight[e.label];

  Fitted f;
  f.weights.assign(num_features, {0.0, 0.0});
  Fitted grad = f, squares = f;
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    std::fill(grad.weights.begin(), grad.weights.end(), std::array<double, 2>{0.0, 0.0});
    grad.dense = {};
    grad.bias = {};
    for (const SparseExample& e : examples) {
      const PolarityProbabilities p = Softmax(Logit(f, e, kNegative), Logit(f, e, kPositive));
      const double w = class_weight[e.label] / total_weight;
      const std::array<double, 2> g = {w * (p.negative - (e.label == 0)),
                                       w * (p.positive - (e.label == 2))};
      for (int k = 0; k < 2; ++k) {
        grad.bias[k] += g[k];
        for (size_t d = 0; d < kPolarityDenseFeatures; ++d) grad.dense[d][k] += g[k] * e.dense[d];
        for (const auto& [index, count] : e.features) grad.weights[index][k] += g[k] * count;
      }
    }
    auto step = [&](double& weight, double& gradient, double& square, bool penalised) {
      AdaGradStep(weight, gradient, square, options.learning_rate, options.l2, penalised);
    };
    for (int k = 0; k < 2; ++k) {
      step(f.bias[k], grad.bias[k], squares.bias[k], false);
      for (size_t d = 0; d < kPolarityDenseFeatures; ++d) {
        step(f.dense[d][k], grad.dense[d][k], squares.dense[d][k], true);
      }
      for (size_t j = 0; j < num_features; ++j) {
        step(f.weights[j][k], grad.weights[j][k], squares.weights[j][k], true);
      }
    }
  }
  return f;
}

}  // namespace

PolarityProbabilities PolarityModel::Predict(const PolarityInput& input) const {
  double z[2] = {bias_[0], bias_[1]};
  for (size_t d = 0; d < kPolarityDenseFeatures; ++d) {
    for (int k = 0; k < 2; ++k) z[k] += dense_[d][k] * input.dense[d];
  }
  std::string buffer;
  ForEachFeature(std::span<const std::string_view>(input.stems), buffer, [&](std::string_view f) {
    auto it = weights_.find(f);
    if (it == weights_.end()) return;
    z[0] += it->second[0];
    z[1] += it->second[1];
  });
  return Softmax(z[kNegative], z[kPositive]);
}

double PolarityModel::Score(const PolarityInput& input) const {
  const PolarityProbabilities p = Predict(input);
  return BlendScore(p.positive - p.negative, input.dense[0]);
}

Result<PolarityModel> TrainPolarityModel(std::span<const PolarityExample> examples,
                                         const PolarityTrainingOptions& options) {
  if (examples.empty()) return Fail(Error::InvalidArgument("no training examples", "examples"));
  if (!(options.l2 >= 0.0)) return Fail(Error::InvalidArgument("must be >= 0", "options.l2"));
  if (!(options.learning_rate > 0.0)) {
    return Fail(Error::InvalidArgument("must be > 0", "options.learning_rate"));
  }
  if (options.iterations < 1)
    return Fail(Error::InvalidArgument("must be >= 1", "options.iterations"));
  if (options.min_count < 1)
    return Fail(Error::InvalidArgument("must be >= 1", "options.min_count"));
  if (options.folds < 2) return Fail(Error::InvalidArgument("must be >= 2", "options.folds"));

  // Vocabulary: features in at least min_count examples, in sorted order.
  const FeatureIndex index = FeatureIndex::Build(
      examples.size(), [&](size_t i) { return std::span<const std::string>(examples[i].stems); },
      options.min_count);
  const std::vector<std::string>& names = index.names();
  std::vector<SparseExample> sparse(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) {
    sparse[i].features = index.Encode(std::span<const std::string>(examples[i].stems));
    sparse[i].dense = examples[i].dense;
    sparse[i].label = ClassIndex(examples[i].label);
  }

  // The neutral band, from out-of-fold scores.
  std::vector<std::pair<double, Polarity>> scored;
  for (int fold = 0; fold < options.folds; ++fold) {
    std::vector<SparseExample> train;
    for (size_t i = 0; i < sparse.size(); ++i) {
      if (static_cast<int>(i % options.folds) != fold) train.push_back(sparse[i]);
    }
    const Fitted f = Fit(train, names.size(), options);
    for (size_t i = fold; i < sparse.size(); i += options.folds) {
      const PolarityProbabilities p =
          Softmax(Logit(f, sparse[i], kNegative), Logit(f, sparse[i], kPositive));
      scored.emplace_back(BlendScore(p.positive - p.negative, sparse[i].dense[0]),
                          examples[i].label);
    }
  }
  double best_band = 0.0, best_f1 = -1.0;
  for (double band = 0.0; band <= kMaxBand + 1e-12; band += kBandStep) {
    const double f1 = MacroF1(scored, band);
    if (f1 > best_f1 + 1e-12) {
      best_f1 = f1;
      best_band = band;
    }
  }

  const Fitted f = Fit(sparse, names.size(), options);
  PolarityModel model;
  model.neutral_band_ = std::round(best_band * 1000.0) / 1000.0;
  for (int k = 0; k < 2; ++k) {
    model.bias_[k] = static_cast<float>(f.bias[k]);
    for (size_t d = 0; d < kPolarityDenseFeatures; ++d)
      model.dense_[d][k] = static_cast<float>(f.dense[d][k]);
  }
  for (size_t j = 0; j < names.size(); ++j) {
    if (std::abs(f.weights[j][0]) < kPruneBelow && std::abs(f.weights[j][1]) < kPruneBelow)
      continue;
    model.weights_.emplace(names[j], PolarityModel::Weights{static_cast<float>(f.weights[j][0]),
                                                            static_cast<float>(f.weights[j][1])});
  }
  return model;
}

std::string PolarityModel::Serialize() const {
  std::string out =
      "# Nazar's Persian polarity model (src/text/polarity_model.h): multinomial logistic\n"
      "# regression, neutral as reference; weights: negative<TAB>positive. Generated by\n"
      "# text_train_fa_model from DeepSentiPers' training lines (every fifth line held out).\n";
  out += fmt::format("neutral_band\t{}\n", neutral_band_);
  out += fmt::format("bias\t{:.6g}\t{:.6g}\n", bias_[0], bias_[1]);
  for (size_t d = 0; d < kPolarityDenseFeatures; ++d) {
    out += fmt::format("dense\t{}\t{:.6g}\t{:.6g}\n", kPolarityDenseNames[d], dense_[d][0],
                       dense_[d][1]);
  }
  std::vector<const std::pair<const std::string, Weights>*> sorted;
  for (const auto& entry : weights_) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  for (const auto* entry : sorted) {
    out += fmt::format("f\t{}\t{:.6g}\t{:.6g}\n", entry->first, entry->second[0], entry->second[1]);
  }
  return out;
}

Result<PolarityModel> PolarityModel::Parse(std::string_view text) {
  PolarityModel model;
  Error error;
  bool failed = false;
  ForEachDataLine(text, [&](std::string_view line, size_t number) {
    if (failed) return;
    const auto fields = SplitFields(line);
    auto fail = [&](std::string message) {
      error = Error::InvalidArgument(std::move(message), fmt::format("line {}", number));
      failed = true;
    };
    auto numbers = [&](size_t from, size_t count, auto&& use) {
      if (fields.size() != from + count) return fail("wrong number of fields");
      std::array<double, 2> values{};
      for (size_t i = 0; i < count; ++i) {
        auto value = ParseNumberField(fields[from + i], number);
        if (!value) return fail(value.error().message);
        values[i] = *value;
      }
      use(values);
    };
    if (fields[0] == "neutral_band") {
      numbers(1, 1, [&](auto v) { model.neutral_band_ = v[0]; });
    } else if (fields[0] == "bias") {
      numbers(1, 2, [&](auto v) {
        model.bias_ = {static_cast<float>(v[0]), static_cast<float>(v[1])};
      });
    } else if (fields[0] == "dense" && fields.size() >= 2) {
      auto it = std::find(kPolarityDenseNames.begin(), kPolarityDenseNames.end(), fields[1]);
      if (it == kPolarityDenseNames.end()) return fail("unknown dense feature");
      const size_t d = it - kPolarityDenseNames.begin();
      numbers(2, 2, [&](auto v) {
        model.dense_[d] = {static_cast<float>(v[0]), static_cast<float>(v[1])};
      });
    } else if (fields[0] == "f" && fields.size() >= 2 && !fields[1].empty()) {
      numbers(2, 2, [&](auto v) {
        model.weights_[std::string(fields[1])] = {static_cast<float>(v[0]),
                                                  static_cast<float>(v[1])};
      });
    } else {
      fail("unknown line");
    }
  });
  if (failed) return Fail(std::move(error));
  return model;
}

}  // namespace nazar::text
