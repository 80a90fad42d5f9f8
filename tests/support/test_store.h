// Fresh, migrated stores for tests, one per backend, so every suite that touches storage
// runs on SQLite and on a real PostgreSQL server alike.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/store.h"
#include "support/temp_dir.h"

namespace nazar::testing {

struct TestStore {
  std::optional<TempDir> dir;  // SQLite only
  std::string url;
  std::unique_ptr<Store> store;
};

// A new empty database of `backend`, migrated unless `migrate` is false (a test that
// migrates step by step). Fails the test if it cannot be made.
TestStore MakeTestStore(StoreBackend backend, StoreOptions options = {}, bool migrate = true);

// Names for parameterised tests: "Sqlite", "Postgres".
std::string BackendName(StoreBackend backend);
inline constexpr StoreBackend kAllBackends[] = {StoreBackend::kSqlite, StoreBackend::kPostgres};

}  // namespace nazar::testing
