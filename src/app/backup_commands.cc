#include "app/backup_commands.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "app/store_command.h"
#include "store/backup.h"

namespace nazar::app {
namespace {

struct Flags {
  std::string out;
  std::string from;
  bool force = false;
};

int64_t MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

std::vector<CLI::App*> AddBackupCommands(CLI::App& app, DbCommand& chosen) {
  auto flags = std::make_shared<Flags>();
  auto* backup = app.add_subcommand(
      "backup", "Copy a SQLite database into a new file while it serves (PostgreSQL: pg_dump)");
  backup->add_option("--out", flags->out, "The backup file to write (must not exist)")->required();
  backup->callback([flags, &chosen] {
    chosen = [flags](const std::string& db) {
      const auto start = std::chrono::steady_clock::now();
      auto stats = BackupSqlite(db, flags->out);
      if (!stats) return ReportError(stats.error());
      std::cout << fmt::format("backed up {} pages ({} bytes) to {} in {} ms\n", stats->pages,
                               stats->bytes, flags->out, MsSince(start));
      std::cerr << "nazar: the key that seals secrets at rest (--secret-file; default secret.key "
                   "beside the database) is not in the backup: keep a copy of it apart\n";
      return 0;
    };
  });

  auto* restore = app.add_subcommand(
      "restore", "Put a backup made by `nazar backup` in place of the database (stop servers first)");
  restore->add_option("--from", flags->from, "The backup file")->required();
  restore->add_flag("--force", flags->force, "Replace a database that is not empty");
  restore->callback([flags, &chosen] {
    chosen = [flags](const std::string& db) {
      const auto start = std::chrono::steady_clock::now();
      auto stats = RestoreSqlite(flags->from, db, flags->force);
      if (!stats) return ReportError(stats.error());
      std::cout << fmt::format("restored {} pages ({} bytes) from {} in {} ms\n", stats->pages,
                               stats->bytes, flags->from, MsSince(start));
      return 0;
    };
  });
  return {backup, restore};
}

}  // namespace nazar::app
