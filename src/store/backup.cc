#include "store/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "core/try.h"

namespace nazar {
namespace {

constexpr int kBusyTimeoutMs = 10'000;

// An open SQLite handle, closed on scope exit.
struct Db {
  sqlite3* handle = nullptr;
  void Close() {
    sqlite3_close_v2(handle);
    handle = nullptr;
  }
  ~Db() { Close(); }
};

Result<std::string> SqlitePath(std::string_view db) {
  if (db.starts_with("postgresql://") || db.starts_with("postgres://")) {
    return Fail(Error::InvalidArgument(
        "a PostgreSQL database is backed up with pg_dump and restored with pg_restore "
        "(docs/operations.md, \"Backups\")",
        "db"));
  }
  if (!db.starts_with("sqlite:")) {
    return Fail(Error::InvalidArgument("database URL must start with sqlite: or postgresql://", "db"));
  }
  std::string path(db.substr(7));
  if (path.starts_with("//")) path = path.substr(2);
  if (path.empty()) return Fail(Error::InvalidArgument("sqlite: needs a file path", "db"));
  return path;
}

Result<void> Open(Db& db, const std::string& path, int flags, std::string_view field) {
  int rc = sqlite3_open_v2(path.c_str(), &db.handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db.handle ? sqlite3_errmsg(db.handle) : sqlite3_errstr(rc);
    return Fail(Error::InvalidArgument(fmt::format("cannot open {}: {}", path, msg), std::string(field)));
  }
  sqlite3_busy_timeout(db.handle, kBusyTimeoutMs);
  return {};
}

// The first column of the first row of `sql`, as text ("" when no row).
Result<std::string> Scalar(Db& db, const char* sql, std::string_view field) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db.handle, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    return Fail(Error::InvalidArgument(
        fmt::format("not a readable SQLite database: {}", sqlite3_errmsg(db.handle)), std::string(field)));
  }
  std::string out;
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  std::string msg = sqlite3_errmsg(db.handle);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return Fail(Error::InvalidArgument(fmt::format("not a readable SQLite database: {}", msg),
                                       std::string(field)));
  }
  return out;
}

Result<void> QuickCheck(Db& db, const std::string& path, std::string_view field) {
  TRY_ASSIGN(std::string check, Scalar(db, "PRAGMA quick_check", field));
  if (check != "ok")
    return Fail(Error::InvalidArgument(fmt::format("{} fails quick_check: {}", path, check), std::string(field)));
  return {};
}

// Copies every page of `from` into `to` in one step (one read transaction on `from`: the
// copy is consistent however much others write meanwhile). Waits while `to` is locked.
Result<int64_t> CopyPages(Db& from, Db& to) {
  sqlite3_backup* backup = sqlite3_backup_init(to.handle, "main", from.handle, "main");
  if (!backup) return Fail(Error::Internal(fmt::format("backup: {}", sqlite3_errmsg(to.handle))));
  int rc = SQLITE_OK;
  for (int waited_ms = 0; waited_ms <= kBusyTimeoutMs; waited_ms += 50) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const int64_t pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return Fail(Error::Unavailable(fmt::format("backup: {}", sqlite3_errstr(rc))));
  }
  return pages;
}

int64_t FileSize(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(size);
}

// After a rename, the folder's entry reaches the disk too (the file's pages already did:
// SQLite syncs each commit).
void SyncFolderOf(const std::string& file) {
  auto folder = std::filesystem::path(file).parent_path();
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Result<BackupStats> BackupSqlite(std::string_view db, const std::string& out) {
  TRY_ASSIGN(const std::string path, SqlitePath(db));
  if (out.empty()) return Fail(Error::InvalidArgument("--out names the backup file", "out"));
  std::error_code ec;
  if (std::filesystem::exists(out, ec))
    return Fail(Error::InvalidArgument(out + " exists: a backup never overwrites a file", "out"));
  if (!std::filesystem::exists(path, ec))
    return Fail(Error::InvalidArgument(path + " does not exist", "db"));
  const std::string partial = out + ".partial";
  std::filesystem::remove(partial, ec);
  BackupStats stats;
  {
    Db source, copy;
    TRY(Open(source, path, SQLITE_OPEN_READWRITE, "db"));
    TRY(Open(copy, partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "out"));
    auto pages = CopyPages(source, copy);
    if (pages) {
      // One file: the copy leaves WAL mode (its readers need no -wal/-shm beside it).
      auto mode = Scalar(copy, "PRAGMA journal_mode=DELETE", "out");
      auto checked = mode ? QuickCheck(copy, partial, "out") : Fail(mode.error());
      if (!checked) pages = Fail(checked.error());
    }
    if (!pages) {
      copy.Close();
      std::filesystem::remove(partial, ec);
      return Fail(pages.error());
    }
    stats.pages = *pages;
  }
  std::filesystem::rename(partial, out, ec);
  if (ec) return Fail(Error::Internal(fmt::format("cannot rename {} to {}: {}", partial, out, ec.message())));
  SyncFolderOf(out);
  stats.bytes = FileSize(out);
  return stats;
}

Result<BackupStats> RestoreSqlite(const std::string& from, std::string_view db, bool force) {
  TRY_ASSIGN(const std::string path, SqlitePath(db));
  std::error_code ec;
  if (from.empty() || !std::filesystem::is_regular_file(from, ec))
    return Fail(Error::InvalidArgument("--from names an existing backup file", "from"));
  Db source, target;
  TRY(Open(source, from, SQLITE_OPEN_READONLY, "from"));
  TRY(QuickCheck(source, from, "from"));
  TRY_ASSIGN(std::string version, Scalar(source, "SELECT MAX(version) FROM schema_migrations", "from"));
  if (version.empty())
    return Fail(Error::InvalidArgument(from + " is not a Nazar database (no schema version)", "from"));
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  TRY(Open(target, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "db"));
  TRY_ASSIGN(std::string tables, Scalar(target, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", "db"));
  if (tables != "0" && !force) {
    return Fail(Error::FailedPrecondition(
        fmt::format("{} is not empty ({} tables): restoring would replace it; stop every server "
                    "using it and add --force",
                    path, tables),
        "db"));
  }
  TRY_ASSIGN(const int64_t pages, CopyPages(source, target));
  TRY(QuickCheck(target, path, "db"));
  return BackupStats{.pages = pages, .bytes = FileSize(path)};
}

}  // namespace nazar
