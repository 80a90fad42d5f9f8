// PRIVATE to store/: the versioned schema. Each migration is written once; tokens such as
// {{ID}} are replaced per dialect. Migrations are append-only: never edit a released one.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "store/sql_driver.h"

namespace nazar::sql {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
  // What the dialects write differently (triggers and their functions), after `sql`.
  std::string_view sqlite_sql = {};
  std::string_view postgres_sql = {};
};

std::span<const Migration> AllMigrations();
std::string RenderForDialect(std::string_view sql, Dialect dialect);

}  // namespace nazar::sql
