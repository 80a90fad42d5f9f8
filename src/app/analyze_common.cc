// What the `nazar analyze` tools share: error reporting and flags given as numbers.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <string>

#include "app/analyze.h"

namespace nazar::app {

int ReportAnalyzeError(const Error& e) {
  std::cerr << "nazar: " << e.ToString() << "\n";
  return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

Error AsFlag(Error e) {
  if (e.field.starts_with("--")) return e;
  std::replace(e.field.begin(), e.field.end(), '_', '-');
  e.field = "--" + e.field;
  return e;
}

Result<double> ParseNumberFlag(const std::string& text, const char* flag) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) {
    return Fail(Error::InvalidArgument(fmt::format("\"{}\" is not a number", text), flag));
  }
  return value;
}

}  // namespace nazar::app
