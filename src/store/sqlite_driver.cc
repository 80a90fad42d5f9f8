// SQLite driver: WAL journal, synchronous=FULL (a commit is on disk when it returns),
// a busy timeout for writers, foreign keys on, and a per-connection statement cache.
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "core/try.h"
#include "store/sql_driver.h"

namespace nazar::sql {
namespace {

constexpr int kSetupRetryMs = 10;
constexpr const char* kSetup =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";

// "UNIQUE constraint failed: users.email" -> "email"
std::string UniqueField(std::string_view message) {
  auto colon = message.rfind(':');
  if (colon == std::string_view::npos) return {};
  // The last column names the field: "memberships.org_id, memberships.user_id" -> "user_id".
  std::string_view cols = message.substr(colon + 1);
  auto dot = cols.rfind('.');
  if (dot != std::string_view::npos) cols = cols.substr(dot + 1);
  return std::string(cols);
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    Rows rows;
    auto st = Run(sql, params, &rows);
    if (!st) return Fail(st.error());
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const Params& params) override {
    auto st = Run(sql, params, nullptr);
    if (!st) return Fail(st.error());
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Result<void> ExecuteScript(std::string_view sql) override {
    char* err = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return Fail(MapError(rc, msg));
    }
    return {};
  }

  bool Broken() const override { return broken_; }
  bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }

 private:
  Error MapError(int rc, const std::string& msg) {
    int primary = rc & 0xff;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      std::string field = UniqueField(msg);
      return Error::AlreadyExists(fmt::format("{} already exists", field.empty() ? "row" : field),
                                  field);
    }
    if (primary == SQLITE_CONSTRAINT) return Error::FailedPrecondition(msg);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      return Error::Unavailable("database is busy: " + msg);
    }
    // A full disk (or the database's page limit): refused as unavailable (503, try again);
    // the connection stays good and the transaction rolls back, so nothing stored is lost.
    if (primary == SQLITE_FULL) return Error::Unavailable("database or disk is full: " + msg);
    if (primary == SQLITE_IOERR || primary == SQLITE_CORRUPT || primary == SQLITE_NOMEM ||
        primary == SQLITE_CANTOPEN) {
      broken_ = primary != SQLITE_NOMEM;
      return Error::Unavailable("database error: " + msg);
    }
    return Error::Internal("sqlite: " + msg);
  }

  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Fail(MapError(rc, sqlite3_errmsg(db_)));
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Result<void> Run(std::string_view sql, const Params& params, Rows* rows) {
    auto prepared = Prepare(sql);
    if (!prepared) return Fail(prepared.error());
    sqlite3_stmt* stmt = *prepared;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const Value& v = params[i];
      if (auto* n = std::get_if<int64_t>(&v)) {
        sqlite3_bind_int64(stmt, idx, *n);
      } else if (auto* d = std::get_if<double>(&v)) {
        sqlite3_bind_double(stmt, idx, *d);
      } else if (auto* s = std::get_if<std::string>(&v)) {
        sqlite3_bind_text(stmt, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(stmt, idx);
      }
    }
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        // Extended code carries the constraint kind; the message is the statement's.
        Error e = MapError(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
        sqlite3_reset(stmt);
        return Fail(e);
      }
      if (!rows) continue;
      Row row;
      int n = sqlite3_column_count(stmt);
      row.cols.reserve(n);
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER: row.cols.emplace_back(sqlite3_column_int64(stmt, c)); break;
          case SQLITE_FLOAT: row.cols.emplace_back(sqlite3_column_double(stmt, c)); break;
          case SQLITE_NULL: row.cols.emplace_back(std::monostate{}); break;
          default: {
            auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            row.cols.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      rows->push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    return {};
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  bool broken_ = false;
};

class SqliteDriver final : public Driver {
 public:
  SqliteDriver(std::string path, int busy_timeout_ms, bool auto_checkpoint, std::string node)
      : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms), auto_checkpoint_(auto_checkpoint),
        node_(std::move(node)) {}

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<std::unique_ptr<Connection>> Connect() override {
    std::filesystem::path p(path_);
    std::error_code ec;
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path_.c_str(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close_v2(db);
      return Fail(Error::Unavailable(fmt::format("cannot open SQLite database {}: {}", path_, msg)));
    }
    sqlite3_busy_timeout(db, busy_timeout_ms_);
    auto conn = std::make_unique<SqliteConnection>(db);
    // Two connections switching a new database to WAL at once (the pool and the background
    // checkpointer, at start) can get SQLITE_BUSY without the busy handler being called:
    // SQLite refuses to wait where waiting could deadlock. Retry for up to the busy timeout.
    auto st = conn->ExecuteScript(kSetup);
    for (int waited_ms = 0; !st && st.error().code == ErrorCode::kUnavailable &&
                            waited_ms < busy_timeout_ms_;
         waited_ms += kSetupRetryMs) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kSetupRetryMs));
      st = conn->ExecuteScript(kSetup);
    }
    if (!st) return Fail(st.error());
    TRY(InstallSqliteChangeTriggers(*conn, node_));
    if (!auto_checkpoint_) {
      if (auto off = conn->ExecuteScript("PRAGMA wal_autocheckpoint=0;"); !off) return Fail(off.error());
    }
    return std::unique_ptr<Connection>(std::move(conn));
  }

 private:
  std::string path_;
  int busy_timeout_ms_;
  bool auto_checkpoint_;
  std::string node_;
};

}  // namespace

Result<void> InstallSqliteChangeTriggers(Connection& c, std::string_view node) {
  TRY_ASSIGN(Rows table, c.Query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'view_changes'", {}));
  if (table.empty()) return {};  // before migration 23: the store installs them after it
  std::string literal = "'";
  for (char ch : node) literal += ch == '\'' ? std::string("''") : std::string(1, ch);
  literal += "'";
  // One trigger per write that changes what the metrics views hold; TEMP: this connection's.
  constexpr std::string_view kTemplate = R"SQL(
CREATE TEMP TRIGGER IF NOT EXISTS nazar_responses_inserted AFTER INSERT ON main.responses
WHEN NEW.status = 'complete'
BEGIN
  INSERT INTO view_changes (org_id, kind, subject, node, xid, at_ms)
  VALUES (NEW.org_id, 'response', NEW.id, @NODE, 0, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TEMP TRIGGER IF NOT EXISTS nazar_responses_updated AFTER UPDATE ON main.responses
WHEN NEW.status = 'complete' OR OLD.status = 'complete'
BEGIN
  INSERT INTO view_changes (org_id, kind, subject, node, xid, at_ms)
  VALUES (NEW.org_id, 'response', NEW.id, @NODE, 0, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TEMP TRIGGER IF NOT EXISTS nazar_members_added AFTER INSERT ON main.persona_members
BEGIN
  INSERT INTO view_changes (org_id, kind, subject, node, xid, at_ms)
  VALUES (NEW.org_id, 'contact', NEW.contact_id, @NODE, 0, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TEMP TRIGGER IF NOT EXISTS nazar_members_removed AFTER DELETE ON main.persona_members
BEGIN
  INSERT INTO view_changes (org_id, kind, subject, node, xid, at_ms)
  VALUES (OLD.org_id, 'contact', OLD.contact_id, @NODE, 0, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
)SQL";
  std::string sql(kTemplate);
  for (size_t at = sql.find("@NODE"); at != std::string::npos; at = sql.find("@NODE", at + literal.size()))
    sql.replace(at, 5, literal);
  return c.ExecuteScript(sql);
}

std::unique_ptr<Driver> MakeSqliteDriver(std::string path, int busy_timeout_ms,
                                         bool auto_checkpoint, std::string node) {
  return std::make_unique<SqliteDriver>(std::move(path), busy_timeout_ms, auto_checkpoint,
                                        std::move(node));
}

}  // namespace nazar::sql
