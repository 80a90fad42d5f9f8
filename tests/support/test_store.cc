#include "support/test_store.h"

#include <gtest/gtest.h>

#include "support/postgres_server.h"

namespace nazar::testing {

std::string BackendName(StoreBackend backend) {
  return backend == StoreBackend::kSqlite ? "Sqlite" : "Postgres";
}

TestStore MakeTestStore(StoreBackend backend, StoreOptions options, bool migrate) {
  TestStore t;
  if (backend == StoreBackend::kSqlite) {
    t.dir.emplace("nazar-sqlite");
    t.url = "sqlite:" + t.dir->path() + "/nazar.db";
  } else {
    PostgresServer* pg = SharedPostgres();
    if (!pg) return t;
    auto url = pg->CreateDatabase();
    if (!url) {
      ADD_FAILURE() << url.error().ToString();
      return t;
    }
    t.url = *url;
  }
  auto store = OpenStore(t.url, options);
  if (!store) {
    ADD_FAILURE() << "OpenStore(" << t.url << "): " << store.error().ToString();
    return t;
  }
  if (!migrate) {
    t.store = std::move(*store);
    return t;
  }
  if (auto v = (*store)->Migrate(); !v) {
    ADD_FAILURE() << "Migrate: " << v.error().ToString();
    return t;
  }
  t.store = std::move(*store);
  return t;
}

}  // namespace nazar::testing
