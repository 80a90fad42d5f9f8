// Internal to the text module: reading the tab-separated data files compiled into the
// binary. Blank lines and comment lines ("#" alone or followed by a space) are skipped.
//
// Thread safety: pure functions.
#pragma once

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nazar::text {

// Calls fn(line, line_number) for each data line (1-based numbers, CR stripped).
template <typename Fn>
void ForEachDataLine(std::string_view text, Fn&& fn) {
  size_t number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line == "#" || line.starts_with("# ")) continue;
    fn(line, number);
  }
}

inline std::vector<std::string_view> SplitFields(std::string_view line, char separator = '\t') {
  std::vector<std::string_view> fields;
  for (;;) {
    const size_t end = line.find(separator);
    fields.push_back(line.substr(0, end));
    if (end == std::string_view::npos) return fields;
    line.remove_prefix(end + 1);
  }
}

// A finite number filling the whole field; InvalidArgument on "line N" otherwise.
inline Result<double> ParseNumberField(std::string_view s, size_t line) {
  double value = 0.0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
    return Fail(Error::InvalidArgument(fmt::format("not a number: \"{}\"", s),
                                       fmt::format("line {}", line)));
  }
  return value;
}

}  // namespace nazar::text
