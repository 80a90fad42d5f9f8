// Internal to the text module: every word any table of an Analyzer knows (sentiment and
// emotion lexicons, function words, topic keywords), numbered once, so that each token is
// looked up in one hash map and every table after that is an array or a small key.
//
// A word has an id (its exact spelling) and a class: the first word added with the same
// stem (normalize.h). A token that is not a known spelling still finds the class of its
// stem, so "deliveries" meets the keyword "delivery" and "سفارشم" meets "سفارش".
//
// Thread safety: built by one thread; afterwards const and safe to share.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/tokenizer.h"

namespace nazar::text {

inline constexpr uint32_t kNoWord = 0xFFFFFFFF;

// What a token resolved to: its exact word (or kNoWord) and its stem class (or kNoWord).
struct WordRef {
  uint32_t word = kNoWord;
  uint32_t cls = kNoWord;
};

class Vocabulary {
 public:
  // Adds a normalised word (a token's text); returns its id, the same for the same word.
  uint32_t Add(std::string_view word);

  // The exact word, else (Persian) the class of a known word it is with one or two endings,
  // else the class of its stem.
  WordRef Find(std::string_view token) const;
  // The exact word only.
  uint32_t FindExact(std::string_view token) const;

  uint32_t ClassOf(uint32_t id) const { return classes_[id]; }
  std::string_view Word(uint32_t id) const { return *words_[id]; }
  size_t size() const { return classes_.size(); }

 private:
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> exact_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> stems_;
  std::vector<uint32_t> classes_;
  std::vector<const std::string*> words_;  // keys of exact_ (stable: node-based map)
};

// A run of up to kMaxPhraseWords word classes: the key of a multi-word entry.
inline constexpr size_t kMaxPhraseWords = 4;

struct PhraseKey {
  std::array<uint32_t, kMaxPhraseWords> cls{};
  uint8_t size = 0;
  bool operator==(const PhraseKey& other) const {
    return size == other.size && std::equal(cls.begin(), cls.begin() + size, other.cls.begin());
  }
};

struct PhraseKeyHash {
  size_t operator()(const PhraseKey& key) const {
    uint64_t h = 0x9e3779b97f4a7c15ULL * (key.size + 1);
    for (size_t i = 0; i < key.size; ++i) h = (h ^ key.cls[i]) * 0xbf58476d1ce4e5b9ULL;
    return static_cast<size_t>(h ^ (h >> 31));
  }
};

// Multi-word (or single-word) entries keyed by their words' classes; the longest entry
// starting at a position wins.
template <typename Value>
class PhraseTable {
 public:
  // REQUIRES: 1 <= classes.size() <= kMaxPhraseWords, no kNoWord inside.
  // Returns false when the phrase was already there (the first value stays).
  bool Add(std::span<const uint32_t> classes, Value value) {
    PhraseKey key;
    key.size = static_cast<uint8_t>(classes.size());
    std::copy(classes.begin(), classes.end(), key.cls.begin());
    if (!map_.emplace(key, std::move(value)).second) return false;
    uint8_t& longest = longest_[classes[0]];
    longest = std::max(longest, key.size);
    return true;
  }

  struct Match {
    const Value* value = nullptr;
    size_t length = 0;
  };
  // The longest entry whose words are `classes[0..]` (a run of a text's word classes,
  // kNoWord where a token is unknown or not a word).
  Match Longest(std::span<const uint32_t> classes) const {
    if (classes.empty() || classes[0] == kNoWord) return {};
    auto it = longest_.find(classes[0]);
    if (it == longest_.end()) return {};
    const size_t max = std::min<size_t>(it->second, classes.size());
    size_t known = 0;
    while (known < max && classes[known] != kNoWord) ++known;
    PhraseKey key;
    std::copy(classes.begin(), classes.begin() + known, key.cls.begin());
    for (size_t n = known; n >= 1; --n) {
      key.size = static_cast<uint8_t>(n);
      auto found = map_.find(key);
      if (found != map_.end()) return {&found->second, n};
    }
    return {};
  }

  bool empty() const { return map_.empty(); }

  // The entry of exactly these classes, or nullptr.
  const Value* Find(std::span<const uint32_t> classes) const {
    if (classes.empty() || classes.size() > kMaxPhraseWords) return nullptr;
    PhraseKey key;
    key.size = static_cast<uint8_t>(classes.size());
    std::copy(classes.begin(), classes.end(), key.cls.begin());
    auto found = map_.find(key);
    return found == map_.end() ? nullptr : &found->second;
  }
  // The longest entry starting with `first` (0: none).
  size_t MaxLength(uint32_t first) const {
    auto it = longest_.find(first);
    return it == longest_.end() ? 0 : it->second;
  }

 private:
  std::unordered_map<PhraseKey, Value, PhraseKeyHash> map_;
  std::unordered_map<uint32_t, uint8_t> longest_;  // by first class: the longest entry's size
};

}  // namespace nazar::text
