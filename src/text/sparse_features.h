// What the project's trained text models read of a comment: its stems' unigrams and bigrams
// ("" marks a break that bigrams do not cross, such as punctuation), counted, over a
// vocabulary of the features that occur in enough training examples.
//
// Shared by the Persian polarity model (polarity_model.h) and the label classifier
// (label_classifier.h). Internal to the text library.
//
// Thread safety: a FeatureIndex is immutable once built; Encode is const.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/tokenizer.h"

namespace nazar::text {

// Calls fn(feature) for each unigram and bigram of `stems` ("" breaks bigrams).
template <typename Stem, typename Fn>
void ForEachFeature(std::span<const Stem> stems, std::string& buffer, Fn&& fn) {
  for (size_t i = 0; i < stems.size(); ++i) {
    const std::string_view stem = stems[i];
    if (stem.empty()) continue;
    fn(stem);
    if (i + 1 < stems.size() && !std::string_view(stems[i + 1]).empty()) {
      buffer.assign(stem);
      buffer += ' ';
      buffer += stems[i + 1];
      fn(std::string_view(buffer));
    }
  }
}

// One AdaGrad step on `weight` (with the L2 penalty when `penalised`).
inline void AdaGradStep(double& weight, double& gradient, double& square, double learning_rate,
                        double l2, bool penalised) {
  constexpr double kEpsilon = 1e-8;
  if (penalised) gradient += l2 * weight;
  square += gradient * gradient;
  weight -= learning_rate * gradient / (std::sqrt(square) + kEpsilon);
}

// (feature index, count), by index.
using SparseFeatures = std::vector<std::pair<uint32_t, float>>;

class FeatureIndex {
 public:
  // The features of `count` examples (stems_of(i) gives example i's stems) that occur in at
  // least `min_count` of them, in byte order (so the index is deterministic).
  static FeatureIndex Build(size_t count,
                            const std::function<std::span<const std::string>(size_t)>& stems_of,
                            int min_count) {
    std::map<std::string, int, std::less<>> document_frequency;
    std::string buffer;
    std::vector<std::string> seen;
    for (size_t i = 0; i < count; ++i) {
      seen.clear();
      ForEachFeature(stems_of(i), buffer, [&](std::string_view f) { seen.emplace_back(f); });
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      for (const std::string& f : seen) ++document_frequency[f];
    }
    FeatureIndex index;
    for (const auto& [name, n] : document_frequency) {
      if (n < min_count) continue;
      index.index_.emplace(name, static_cast<uint32_t>(index.names_.size()));
      index.names_.push_back(name);
    }
    return index;
  }

  template <typename Stem>
  SparseFeatures Encode(std::span<const Stem> stems) const {
    std::map<uint32_t, float> counts;
    std::string buffer;
    ForEachFeature(stems, buffer, [&](std::string_view f) {
      auto it = index_.find(f);
      if (it != index_.end()) counts[it->second] += 1.0f;
    });
    return {counts.begin(), counts.end()};
  }

  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> index_;
};

}  // namespace nazar::text
