// A subcommand that runs over the opened, migrated store (`nazar text …`, `nazar outbox …`).
#pragma once

#include <functional>
#include <iostream>

#include "core/error.h"
#include "store/store.h"

namespace nazar::app {

// Returns the exit code: 0 ok, 2 bad input, 1 failure.
using StoreCommand = std::function<int(Store& store)>;

// Says what went wrong on stderr and returns the exit code: 2 for bad input, else 1.
inline int ReportError(const Error& e) {
  std::cerr << "nazar: " << e.ToString() << "\n";
  return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

}  // namespace nazar::app
