// What every fuzz target shares: the libFuzzer entry point's signature, and a way to cut one
// input into parts (for targets that take two things, like a survey and its answers).
//
// Each target is built twice: with clang's libFuzzer (`make fuzz`, the sanitizer build), and
// with the plain build's compiler against replay_main.cc, which runs every file of the
// target's corpus (fuzz/corpus/<target>/) once — a ctest entry, so seeds and every crash
// ever found are replayed by `make test`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace nazar::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input split on lines holding only "--" ("a\n--\nb" -> {"a", "b"}); always `n` parts,
// the missing ones empty, the last one taking the rest.
inline std::vector<std::string_view> Parts(std::string_view text, size_t n) {
  std::vector<std::string_view> out;
  constexpr std::string_view kCut = "\n--\n";
  while (out.size() + 1 < n) {
    size_t at = text.find(kCut);
    if (at == std::string_view::npos) break;
    out.push_back(text.substr(0, at));
    text.remove_prefix(at + kCut.size());
  }
  out.push_back(text);
  out.resize(n);
  return out;
}

}  // namespace nazar::fuzz
