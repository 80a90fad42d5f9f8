// PRIVATE to store/: the small driver interface that lets one SqlStore serve both SQLite
// and PostgreSQL. Statements are written once with `?` placeholders; the PostgreSQL driver
// numbers them ($1, $2, ...). Each connection prepares a statement once and caches it.
//
// Thread-safety: a Connection is used by one thread at a time (the pool hands it out);
// ConnectionPool is thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace nazar::sql {

using Value = std::variant<std::monostate, int64_t, double, std::string>;
using Params = std::vector<Value>;

template <typename T>
Value Nullable(const std::optional<T>& v) {
  if (!v) return std::monostate{};
  return Value(*v);
}

struct Row {
  std::vector<Value> cols;
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cols[i]); }
  int64_t Int(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  double Real(size_t i) const;
  std::string Text(size_t i) const;
};
using Rows = std::vector<Row>;

enum class Dialect { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  // One statement with `?` placeholders; returns its rows (RETURNING included).
  virtual Result<Rows> Query(std::string_view sql, const Params& params) = 0;
  // One statement; returns the number of rows it changed.
  virtual Result<int64_t> Execute(std::string_view sql, const Params& params) = 0;
  // Several statements without parameters (migrations, BEGIN/COMMIT).
  virtual Result<void> ExecuteScript(std::string_view sql) = 0;
  // True once the connection is unusable; the pool then discards it.
  virtual bool Broken() const = 0;
  // True while a transaction is open (the pool never hands out such a connection).
  virtual bool InTransaction() const = 0;
  // Waits up to `timeout_ms` for a notification on a channel this connection LISTENs to
  // (PostgreSQL); true when one came (all pending are consumed). Backends without
  // notifications sleep the timeout out and return false.
  virtual Result<bool> WaitForNotification(int timeout_ms);
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual Dialect dialect() const = 0;
  virtual Result<std::unique_ptr<Connection>> Connect() = 0;
};

// `auto_checkpoint`: false leaves WAL checkpoints to the caller (a background thread).
// `node` names the process on every connection, for the change feed's triggers (migration
// 23): PostgreSQL's setting nazar.node holds it; SQLite's connections get TEMP triggers with
// it written in (InstallSqliteChangeTriggers).
std::unique_ptr<Driver> MakeSqliteDriver(std::string path, int busy_timeout_ms,
                                         bool auto_checkpoint = true, std::string node = {});
std::unique_ptr<Driver> MakePostgresDriver(std::string conninfo, std::string node = {});
// The change feed's triggers on a SQLite connection, once the database has the feed's table
// (nothing before migration 23); idempotent.
Result<void> InstallSqliteChangeTriggers(Connection& c, std::string_view node);

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->Release(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  ConnectionPool(Driver& driver, int max_size, int acquire_timeout_ms)
      : driver_(driver), max_size_(max_size), acquire_timeout_ms_(acquire_timeout_ms) {}

  Result<Lease> Acquire();
  // Closes the idle connections (new ones are opened as needed): after a migration that
  // connections set themselves up for.
  void DiscardIdle();

 private:
  void Release(std::unique_ptr<Connection> conn);

  Driver& driver_;
  const int max_size_;
  const int acquire_timeout_ms_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
};

}  // namespace nazar::sql
