// The CSV reader under every import (contacts, interactions, transactions, event logs): the
// first byte chooses comma or tab, the rest is the file.
#include <sstream>

#include "core/csv.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  if (size == 0) return 0;
  CsvOptions options;
  if (data[0] & 1) options.delimiter = '\t';
  std::string_view text = fuzz::AsText(data + 1, size - 1);
  // From a string and from a stream: the two ways imports hand over a file.
  if (auto reader = CsvReader::FromString(text, options)) {
    CsvRecord row;
    while (true) {
      auto more = reader->Next(row);
      if (!more || !*more) break;
      for (size_t i = 0; i < row.size(); ++i) (void)row[i];
      (void)row.where();
    }
  }
  std::istringstream in{std::string(text)};
  if (auto reader = CsvReader::Open(in, options)) {
    CsvRecord row;
    while (true) {
      auto more = reader->Next(row);
      if (!more || !*more) break;
    }
  }
  return 0;
}
