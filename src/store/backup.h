// Backup and restore of a SQLite database with SQLite's online backup API: the copy is the
// database as of one moment (one read transaction), taken while `nazar serve` keeps
// writing (WAL: writers are not blocked). PostgreSQL is backed up with pg_dump
// (docs/operations.md). The key that seals secrets at rest is not in the database: it is
// backed up apart (docs/operations.md, "Backups").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nazar {

struct BackupStats {
  int64_t pages = 0;
  int64_t bytes = 0;  // the copy's size on disk
};

// Copies the database at `db` (sqlite:PATH) into the new file `out` (refused when it exists;
// written beside it under another name and renamed when whole and checked).
// InvalidArgument naming "db" for a PostgreSQL URL, "out" for a file that exists.
Result<BackupStats> BackupSqlite(std::string_view db, const std::string& out);

// Copies the backup `from` (checked first: a SQLite database that passes quick_check and has
// Nazar's schema) into the database at `db`. A database that holds any table is only
// overwritten with `force` (FailedPrecondition naming "db" otherwise); stop the servers
// using it first.
Result<BackupStats> RestoreSqlite(const std::string& from, std::string_view db, bool force);

}  // namespace nazar
