// `nazar backup --out FILE` and `nazar restore --from FILE [--force]`: a SQLite database
// copied while it serves (store/backup.h), and put back. PostgreSQL: pg_dump / pg_restore
// (docs/operations.md, "Backups").
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace nazar::app {

// Run with the database URL; returns the exit code (0 ok, 2 bad input, 1 failure).
using DbCommand = std::function<int(const std::string& db)>;

// Adds `backup` and `restore` to `app`. Leaves the parsed command in `chosen`; returns the
// subcommands, which need the --db option. Neither opens the store (a restore must find
// the database as it is, not migrated).
std::vector<CLI::App*> AddBackupCommands(CLI::App& app, DbCommand& chosen);

}  // namespace nazar::app
