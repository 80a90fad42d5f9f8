#include "text/polarity_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "text/feature_table.h"
#include "text/sparse_features.h"
#include "text/tsv.h"
#include "text/unicode.h"

namespace nazar::text {
namespace {

constexpr int kNegative = 0;
constexpr int kPositive = 1;
constexpr double kPruneBelow = 5e-4;  // weights this small are left out of the file
constexpr double kBandStep = 0.005;
constexpr int kMaxCharGram = 8;

PolarityProbabilities Softmax(double z_negative, double z_positive) {
  const double top = std::max({z_negative, z_positive, 0.0});
  const double en = std::exp(z_negative - top), eu = std::exp(-top),
               ep = std::exp(z_positive - top);
  const double total = en + eu + ep;
  return {en / total, eu / total, ep / total};
}

// The model's score from its 3-class probabilities and, with a binary head, that head's
// logit difference z_pos - z_neg.
double CombinedScore(const PolarityProbabilities& p, bool binary_head, double binary_margin) {
  if (!binary_head) return p.positive - p.negative;
  return (1.0 - p.neutral) * std::tanh(binary_margin / 2.0);
}

// The model's share: `blend`, less for a comment of few words the model knows (known /
// (known + blend_words); blend_words 0: always `blend`).
double BlendScore(double blend, double blend_words, double known, double model, double rules) {
  const double share = blend_words > 0.0 ? blend * known / (known + blend_words) : blend;
  return share * model + (1.0 - share) * rules;
}

bool IsUnigram(std::string_view feature) {
  return !feature.empty() && feature.front() != '!' && feature.find(' ') == std::string_view::npos;
}

size_t Utf8Length(unsigned char lead) {
  return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Training names character n-grams with this prefix (a byte no stem holds), so that the
// two kinds share one index; the file and the tables keep them apart.
constexpr char kCharPrefix = '\x1f';

// Calls word(name) for each stem feature and chars(ngram) for each character n-gram of a
// comment (see PolarityFeatureSet).
template <typename Stem, typename WordFn, typename CharFn>
void ForEachPolarityFeature(std::span<const Stem> stems, std::span<const uint8_t> negated,
                            std::span<const Stem> marks, std::string_view surface,
                            const PolarityFeatureSet& set, std::string& buffer, WordFn&& word,
                            CharFn&& chars) {
  if (set.bigrams) {
    ForEachFeature(stems, buffer, word);
  } else {
    for (const auto& stem : stems)
      if (!std::string_view(stem).empty()) word(std::string_view(stem));
  }
  if (set.marks) {
    for (const auto& mark : marks) word(std::string_view(mark));
  }
  if (set.negation_scope && negated.size() == stems.size()) {
    for (size_t i = 0; i < stems.size(); ++i) {
      const std::string_view stem = stems[i];
      if (!negated[i] || stem.empty()) continue;
      buffer.assign("!");
      buffer += stem;
      word(std::string_view(buffer));
    }
  }
  if (set.char_max <= 0) return;
  // Code point starts, then every n-gram of char_min .. char_max code points.
  std::array<size_t, 9> ends{};
  for (size_t start = 0; start < surface.size();) {
    size_t at = start;
    int n = 0;
    while (n < set.char_max && at < surface.size()) {
      at += Utf8Length(static_cast<unsigned char>(surface[at]));
      ends[++n] = std::min(at, surface.size());
    }
    for (int k = set.char_min; k <= n; ++k) chars(surface.substr(start, ends[k] - start));
    start += Utf8Length(static_cast<unsigned char>(surface[start]));
  }
}

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
  int known = 0;  // stems (unigrams) in the index
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
    class_weight[k] = class_count[k] == 0        ? 0.0
                      : !options.class_weighting ? 1.0
                                                 : examples.size() / (3.0 * class_count[k]);
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

// The examples' features (stems and character n-grams in one index, the latter named with
// kCharPrefix) that occur in at least min_count of them, in byte order.
struct Encoded {
  std::vector<std::string> names;
  std::vector<SparseExample> examples;
};

Encoded Encode(std::span<const PolarityExample> examples, const PolarityTrainingOptions& options) {
  std::vector<std::vector<std::string>> names_of(examples.size());
  std::map<std::string, int, std::less<>> document_frequency;
  std::string buffer;
  for (size_t i = 0; i < examples.size(); ++i) {
    const PolarityExample& e = examples[i];
    std::vector<std::string>& names = names_of[i];
    ForEachPolarityFeature(
        std::span<const std::string>(e.stems), std::span<const uint8_t>(e.negated),
        std::span<const std::string>(e.marks), e.surface, options.features, buffer,
        [&](std::string_view f) { names.emplace_back(f); },
        [&](std::string_view f) {
          names.emplace_back(1, kCharPrefix);
          names.back() += f;
        });
    std::vector<std::string> seen = names;
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (std::string& f : seen) ++document_frequency[std::move(f)];
  }
  Encoded out;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> index;
  for (const auto& [name, n] : document_frequency) {
    if (n < options.min_count) continue;
    index.emplace(name, static_cast<uint32_t>(out.names.size()));
    out.names.push_back(name);
  }
  out.examples.resize(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) {
    std::map<uint32_t, float> counts;
    for (const std::string& f : names_of[i]) {
      auto it = index.find(f);
      if (it == index.end()) continue;
      counts[it->second] += 1.0f;
      out.examples[i].known += IsUnigram(f);
    }
    out.examples[i].features.assign(counts.begin(), counts.end());
    out.examples[i].dense = examples[i].dense;
    out.examples[i].label = ClassIndex(examples[i].label);
  }
  return out;
}

// NB weighting: per feature, the largest |log-count ratio| of one class against the rest
// (add-one smoothed counts, each side normalised by its total).
std::vector<double> NbScales(std::span<const SparseExample> examples, size_t num_features) {
  constexpr double kSmoothing = 1.0;
  std::vector<std::array<double, 3>> counts(num_features, {0.0, 0.0, 0.0});
  std::array<double, 3> totals{};
  for (const SparseExample& e : examples) {
    for (const auto& [index, count] : e.features) {
      counts[index][e.label] += count;
      totals[e.label] += count;
    }
  }
  const double all = totals[0] + totals[1] + totals[2];
  const double v = static_cast<double>(num_features) * kSmoothing;
  std::vector<double> scales(num_features, 1.0);
  for (size_t j = 0; j < num_features; ++j) {
    const double sum = counts[j][0] + counts[j][1] + counts[j][2];
    double best = 0.0;
    for (int k = 0; k < 3; ++k) {
      const double in = (counts[j][k] + kSmoothing) / (totals[k] + v);
      const double out = (sum - counts[j][k] + kSmoothing) / (all - totals[k] + v);
      best = std::max(best, std::abs(std::log(in / out)));
    }
    scales[j] = best;
  }
  return scales;
}

void Scale(std::vector<SparseExample>& examples, std::span<const double> scales) {
  for (SparseExample& e : examples) {
    for (auto& [index, count] : e.features) count *= static_cast<float>(scales[index]);
  }
}

// The polar examples (for the binary head).
std::vector<SparseExample> Polar(std::span<const SparseExample> examples) {
  std::vector<SparseExample> out;
  for (const SparseExample& e : examples)
    if (e.label != 1) out.push_back(e);
  return out;
}

// Binary macro-F1 (by the score's sign, truths without neutrals) and 3-class macro-F1.
std::pair<double, double> Figures(std::span<const std::pair<double, Polarity>> scored,
                                  double band) {
  std::vector<std::pair<double, Polarity>> polar;
  for (const auto& s : scored)
    if (s.second != Polarity::kNeutral) polar.push_back(s);
  // With a zero band every score but 0 is polar: the 3-class F1 of the polar truths is
  // 2/3 of their binary F1 (the neutral class has no truths and scores 0).
  return {MacroF1(polar, 1e-300) * 1.5, MacroF1(scored, band)};
}

std::array<float, 4> ToWeights(const std::array<double, 4>& v) {
  return {static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2]),
          static_cast<float>(v[3])};
}

}  // namespace

std::array<double, 4> PolarityModel::Logits(const PolarityInput& input, int* known) const {
  std::array<double, 4> z{};
  int hits = 0;
  for (int k = 0; k < 4; ++k) z[k] = bias_[k];
  for (size_t d = 0; d < kPolarityDenseFeatures; ++d) {
    for (int k = 0; k < 4; ++k) z[k] += dense_[d][k] * input.dense[d];
  }
  auto add = [&](const Weights* w) {
    if (w == nullptr) return false;
    for (int k = 0; k < 4; ++k) z[k] += (*w)[k];
    return true;
  };
  // Stem features (the character n-grams below, hashed as they grow).
  std::string buffer;
  PolarityFeatureSet words_only = features_;
  words_only.char_max = 0;
  ForEachPolarityFeature(
      std::span<const std::string_view>(input.stems), std::span<const uint8_t>(input.negated),
      std::span<const std::string_view>(input.marks), input.surface, words_only, buffer,
      [&](std::string_view f) { hits += add(weights_.Find(f)) && known && IsUnigram(f); },
      [](std::string_view) {});
  if (known) *known = hits;
  if (features_.char_max <= 0 || char_weights_.empty()) return z;
  const std::string_view surface = input.surface;
  for (size_t start = 0; start < surface.size();
       start += Utf8Length(static_cast<unsigned char>(surface[start]))) {
    uint64_t h = kFeatureHashSeed;
    size_t at = start;
    for (int n = 1; n <= features_.char_max && at < surface.size(); ++n) {
      const size_t next =
          std::min(surface.size(), at + Utf8Length(static_cast<unsigned char>(surface[at])));
      h = ExtendFeatureHash(h, surface.substr(at, next - at));
      at = next;
      if (n >= features_.char_min) add(char_weights_.Find(h, surface.substr(start, at - start)));
    }
  }
  return z;
}

PolarityProbabilities PolarityModel::Predict(const PolarityInput& input) const {
  const std::array<double, 4> z = Logits(input, nullptr);
  return Softmax(z[kNegative], z[kPositive]);
}

double PolarityModel::ModelScore(const PolarityInput& input, int* known) const {
  const std::array<double, 4> z = Logits(input, known);
  return CombinedScore(Softmax(z[0], z[1]), binary_head_, z[3] - z[2]);
}

double PolarityModel::Score(const PolarityInput& input) const {
  int known = 0;
  const double model = ModelScore(input, &known);
  return BlendScore(blend_, blend_words_, known, model, input.dense[0]);
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
  if (!(options.max_band >= 0.0 && options.max_band <= 1.0))
    return Fail(Error::InvalidArgument("must be in [0, 1]", "options.max_band"));
  if (!(options.blend_words >= 0.0))
    return Fail(Error::InvalidArgument("must be >= 0", "options.blend_words"));
  const PolarityFeatureSet& set = options.features;
  if (set.char_max != 0 &&
      !(1 <= set.char_min && set.char_min <= set.char_max && set.char_max <= kMaxCharGram)) {
    return Fail(Error::InvalidArgument("needs 1 <= char_min <= char_max <= 8", "options.features"));
  }
  if (options.blends.empty() ||
      std::ranges::any_of(options.blends, [](double b) { return !(b >= 0.0 && b <= 1.0); })) {
    return Fail(Error::InvalidArgument("each in [0, 1], at least one", "options.blends"));
  }

  Encoded encoded = Encode(examples, options);
  const std::vector<std::string>& names = encoded.names;
  std::vector<SparseExample>& sparse = encoded.examples;

  // Out-of-fold model scores, then the blend and band they favour. NB scales, like the
  // weights, come from the fold's training part only.
  struct Scored {
    double model = 0.0, rules = 0.0;
    int known = 0;
  };
  std::vector<Scored> out_of_fold(sparse.size());
  for (int fold = 0; fold < options.folds; ++fold) {
    std::vector<SparseExample> train, test;
    for (size_t i = 0; i < sparse.size(); ++i) {
      (static_cast<int>(i % options.folds) != fold ? train : test).push_back(sparse[i]);
    }
    if (options.nb_weighting) {
      const std::vector<double> fold_scales = NbScales(train, names.size());
      Scale(train, fold_scales);
      Scale(test, fold_scales);
    }
    const Fitted f = Fit(train, names.size(), options);
    const Fitted b = options.binary_head ? Fit(Polar(train), names.size(), options) : Fitted{};
    for (size_t i = fold, t = 0; i < sparse.size(); i += options.folds, ++t) {
      const PolarityProbabilities p =
          Softmax(Logit(f, test[t], kNegative), Logit(f, test[t], kPositive));
      const double margin =
          options.binary_head ? Logit(b, test[t], kPositive) - Logit(b, test[t], kNegative) : 0.0;
      out_of_fold[i] = {CombinedScore(p, options.binary_head, margin), test[t].dense[0],
                        test[t].known};
    }
  }
  std::vector<double> scales;
  if (options.nb_weighting) {
    scales = NbScales(sparse, names.size());
    Scale(sparse, scales);
  }
  double best_blend = options.blends.front(), best_band = 0.0, best = -1.0;
  std::pair<double, double> best_figures;
  for (double blend : options.blends) {
    std::vector<std::pair<double, Polarity>> scored;
    for (size_t i = 0; i < sparse.size(); ++i) {
      const Scored& o = out_of_fold[i];
      scored.emplace_back(BlendScore(blend, options.blend_words, o.known, o.model, o.rules),
                          examples[i].label);
    }
    double band = 0.0, band_f1 = -1.0;
    for (double b = 0.0; b <= options.max_band + 1e-12; b += kBandStep) {
      const double f1 = MacroF1(scored, b);
      if (f1 > band_f1 + 1e-12) {
        band_f1 = f1;
        band = b;
      }
    }
    const auto [binary, three] = Figures(scored, band);
    if ((binary + three) / 2 > best + 1e-12) {
      best = (binary + three) / 2;
      best_blend = blend;
      best_band = band;
      best_figures = {binary, three};
    }
  }

  const Fitted f = Fit(sparse, names.size(), options);
  const Fitted b = options.binary_head ? Fit(Polar(sparse), names.size(), options) : Fitted{};
  PolarityModel model;
  model.binary_head_ = options.binary_head;
  model.neutral_band_ = std::round(best_band * 1000.0) / 1000.0;
  model.blend_ = best_blend;
  model.blend_words_ = options.blend_words;
  model.validation_f1_ = best_figures;
  model.features_ = set;
  const int heads = options.binary_head ? 2 : 1;
  for (int h = 0; h < heads; ++h) {
    const Fitted& fit = h == 0 ? f : b;
    for (int k = 0; k < 2; ++k) {
      model.bias_[2 * h + k] = static_cast<float>(fit.bias[k]);
      for (size_t d = 0; d < kPolarityDenseFeatures; ++d)
        model.dense_[d][2 * h + k] = static_cast<float>(fit.dense[d][k]);
    }
  }
  for (size_t j = 0; j < names.size(); ++j) {
    const double scale = scales.empty() ? 1.0 : scales[j];
    PolarityModel::Weights stored{};
    bool kept = false;
    for (int h = 0; h < heads; ++h) {
      for (int k = 0; k < 2; ++k) {
        const double w = (h == 0 ? f : b).weights[j][k] * scale;
        kept |= std::abs(w) >= kPruneBelow;
        stored[2 * h + k] = static_cast<float>(w);
      }
    }
    if (!kept) continue;
    if (names[j].front() == kCharPrefix) {
      model.char_weights_.Set(std::string_view(names[j]).substr(1), stored);
    } else {
      model.weights_.Set(names[j], stored);
    }
  }
  return model;
}

std::string PolarityModel::Serialize() const {
  std::string out =
      "# Nazar's Persian polarity model (src/text/polarity_model.h): multinomial logistic\n"
      "# regression, neutral as reference; weights: negative<TAB>positive (f: stem features,\n"
      "# c: character n-grams). Generated by\n"
      "# text_train_fa_model from DeepSentiPers' training lines (every fifth line held out).\n";
  out += fmt::format("neutral_band\t{}\n", neutral_band_);
  out += fmt::format("blend\t{}\n", blend_);
  if (blend_words_ > 0.0) out += fmt::format("blend_words\t{}\n", blend_words_);
  if (features_.char_max > 0)
    out += fmt::format("char_ngrams\t{}\t{}\n", features_.char_min, features_.char_max);
  if (features_.negation_scope) out += "negation_scope\t1\n";
  if (features_.marks) out += "marks\t1\n";
  if (!features_.bigrams) out += "bigrams\t0\n";
  if (binary_head_) out += "binary_head\t1\n";
  // Two weights a line, four with the binary head.
  auto weights = [&](const Weights& w) {
    std::string s = fmt::format("{:.6g}\t{:.6g}", w[0], w[1]);
    if (binary_head_) s += fmt::format("\t{:.6g}\t{:.6g}", w[2], w[3]);
    return s;
  };
  out += fmt::format("bias\t{}\n", weights(bias_));
  for (size_t d = 0; d < kPolarityDenseFeatures; ++d) {
    out += fmt::format("dense\t{}\t{}\n", kPolarityDenseNames[d], weights(dense_[d]));
  }
  auto write = [&](const Table& table, std::string_view kind) {
    std::vector<std::pair<std::string_view, const Weights*>> sorted;
    table.ForEach([&](std::string_view name, const Weights& w) { sorted.emplace_back(name, &w); });
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [name, w] : sorted) {
      out += fmt::format("{}\t{}\t{}\n", kind, name, weights(*w));
    }
  };
  write(weights_, "f");
  write(char_weights_, "c");
  return out;
}

Result<PolarityModel> PolarityModel::Parse(std::string_view text) {
  PolarityModel model;
  Error error;
  bool failed = false;
  auto weight_count = [&]() -> size_t { return model.binary_head_ ? 4 : 2; };
  ForEachDataLine(text, [&](std::string_view line, size_t number) {
    if (failed) return;
    const auto fields = SplitFields(line);
    auto fail = [&](std::string message) {
      error = Error::InvalidArgument(std::move(message), fmt::format("line {}", number));
      failed = true;
    };
    auto numbers = [&](size_t from, size_t count, auto&& use) {
      if (fields.size() != from + count) return fail("wrong number of fields");
      std::array<double, 4> values{};
      for (size_t i = 0; i < count; ++i) {
        auto value = ParseNumberField(fields[from + i], number);
        if (!value) return fail(value.error().message);
        values[i] = *value;
      }
      use(values);
    };
    if (fields[0] == "neutral_band") {
      numbers(1, 1, [&](auto v) { model.neutral_band_ = v[0]; });
    } else if (fields[0] == "blend") {
      numbers(1, 1, [&](auto v) { model.blend_ = v[0]; });
    } else if (fields[0] == "blend_words") {
      numbers(1, 1, [&](auto v) { model.blend_words_ = v[0]; });
    } else if (fields[0] == "char_ngrams") {
      numbers(1, 2, [&](auto v) {
        model.features_.char_min = static_cast<int>(v[0]);
        model.features_.char_max = static_cast<int>(v[1]);
        if (v[0] < 1 || v[0] > v[1] || v[1] > kMaxCharGram) fail("bad n-gram sizes");
      });
    } else if (fields[0] == "negation_scope") {
      numbers(1, 1, [&](auto v) { model.features_.negation_scope = v[0] != 0; });
    } else if (fields[0] == "marks") {
      numbers(1, 1, [&](auto v) { model.features_.marks = v[0] != 0; });
    } else if (fields[0] == "bigrams") {
      numbers(1, 1, [&](auto v) { model.features_.bigrams = v[0] != 0; });
    } else if (fields[0] == "binary_head") {
      numbers(1, 1, [&](auto v) { model.binary_head_ = v[0] != 0; });
    } else if (fields[0] == "bias") {
      numbers(1, weight_count(), [&](auto v) { model.bias_ = ToWeights(v); });
    } else if (fields[0] == "dense" && fields.size() >= 2) {
      auto it = std::find(kPolarityDenseNames.begin(), kPolarityDenseNames.end(), fields[1]);
      if (it == kPolarityDenseNames.end()) return fail("unknown dense feature");
      const size_t d = it - kPolarityDenseNames.begin();
      numbers(2, weight_count(), [&](auto v) { model.dense_[d] = ToWeights(v); });
    } else if ((fields[0] == "f" || fields[0] == "c") && fields.size() >= 2 && !fields[1].empty()) {
      Table& table = fields[0] == "f" ? model.weights_ : model.char_weights_;
      numbers(2, weight_count(), [&](auto v) { table.Set(fields[1], ToWeights(v)); });
    } else {
      fail("unknown line");
    }
  });
  if (failed) return Fail(std::move(error));
  return model;
}

}  // namespace nazar::text
