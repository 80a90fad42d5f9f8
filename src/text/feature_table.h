// A flat, open-addressing table from feature names (bytes) to weights, for the trained
// models' hot path: one probe sequence over a contiguous array of (hash, name, value)
// slots instead of a node-based map's bucket and node, and a hash the caller can compute
// incrementally (a character n-gram's hash extends its prefix's). Internal to the text
// library.
//
// Contract:
// - Keys are compared byte for byte (a hash match alone never finds a key).
// - Hash is 64-bit FNV-1a; FeatureHasher extends it byte by byte, so that
//   FeatureHasher over "ab" then "c" gives Hash("abc").
// - Set inserts or replaces; the table grows to stay at most half full.
//
// Thread safety: const members are safe to call concurrently; Set is not.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nazar::text {

inline constexpr uint64_t kFeatureHashSeed = 14695981039346656037ull;

inline uint64_t ExtendFeatureHash(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

inline uint64_t FeatureHash(std::string_view bytes) {
  return ExtendFeatureHash(kFeatureHashSeed, bytes);
}

template <typename Value>
class FeatureTable {
 public:
  const Value* Find(uint64_t hash, std::string_view name) const {
    if (slots_.empty()) return nullptr;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.length == kEmpty) return nullptr;
      if (s.hash == hash && s.length == name.size() &&
          std::string_view(names_).substr(s.offset, s.length) == name) {
        return &s.value;
      }
    }
  }
  const Value* Find(std::string_view name) const { return Find(FeatureHash(name), name); }

  void Set(std::string_view name, const Value& value) {
    if (2 * (count_ + 1) > slots_.size()) Grow();
    const uint64_t hash = FeatureHash(name);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.length == kEmpty) {
        s = {hash, static_cast<uint32_t>(names_.size()), static_cast<uint32_t>(name.size()),
             value};
        names_ += name;
        ++count_;
        return;
      }
      if (s.hash == hash && std::string_view(names_).substr(s.offset, s.length) == name) {
        s.value = value;
        return;
      }
    }
  }

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

  // fn(name, value) for every entry, in no particular order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const Slot& s : slots_) {
      if (s.length != kEmpty) fn(std::string_view(names_).substr(s.offset, s.length), s.value);
    }
  }

 private:
  static constexpr uint32_t kEmpty = ~0u;
  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0;
    uint32_t length = kEmpty;
    Value value{};
  };

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.length == kEmpty) continue;
      size_t i = s.hash & mask_;
      while (slots_[i].length != kEmpty) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::string names_;
  size_t count_ = 0;
  size_t mask_ = 0;
};

}  // namespace nazar::text
