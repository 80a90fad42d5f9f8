// Deterministic pseudo-random numbers for the demo data. The same seed gives the same
// numbers wherever Nazar is built: no <random> distributions (the standard leaves their
// output to each library) and no libm calls, only integer mixing and IEEE + and *.
//
// Every response draws from its own generator, seeded from (seed, stream, index), so a
// response does not depend on how many were generated before it or on which thread.
//
// Thread-safety: an Rng is a plain value; use one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace nazar::demo {

// SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
constexpr uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Independent streams of one seed: responses, days, contacts, ...
enum class Stream : uint64_t { kResponse = 1, kDay = 2, kContact = 3 };

constexpr uint64_t SeedFor(uint64_t seed, Stream stream, uint64_t index) {
  return Mix(Mix(Mix(seed) ^ static_cast<uint64_t>(stream)) ^ index);
}

// xoshiro256** (Blackman and Vigna 2018).
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& s : s_) s = seed = Mix(seed);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform on [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform on 0 .. n-1. REQUIRES: n > 0.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform on lo .. hi, both included. REQUIRES: lo <= hi.
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  bool Chance(double p) { return Uniform() < p; }

  // Approximately standard normal: the Irwin-Hall sum of four uniforms scaled to variance 1
  // (bounded to +-3.46, which suits answers on short scales).
  double Normal() {
    double sum = Uniform() + Uniform() + Uniform() + Uniform() - 2.0;
    return sum * 1.7320508075688772;
  }

  // An index drawn with probability proportional to its weight. REQUIRES: some weight > 0.
  size_t Pick(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = Uniform() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    for (size_t i = weights.size(); i-- > 0;)  // rounding left x at the end
      if (weights[i] > 0) return i;
    return 0;
  }

  template <typename T>
  const T& OneOf(std::span<const T> items) {
    return items[Below(items.size())];
  }

 private:
  static constexpr uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace nazar::demo
