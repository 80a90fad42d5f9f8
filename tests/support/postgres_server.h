// A real, throwaway PostgreSQL server for tests: initdb into a temp folder, started on
// 127.0.0.1 at a free port (as the unprivileged `postgres` user when the tests run as
// root), stopped and removed when the test binary ends. No mock: the store's contract
// suite and the API tests run against it exactly as against SQLite.
//
// Thread-safety: SharedPostgres() is safe to call from any thread; CreateDatabase() too.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <string>

#include "core/error.h"

namespace nazar::testing {

class PostgresServer {
 public:
  static Result<std::unique_ptr<PostgresServer>> Start();
  ~PostgresServer();

  int port() const { return port_; }
  std::string Url(std::string_view database) const;
  // A new empty database; returns its URL.
  Result<std::string> CreateDatabase();

  // An outage: the server stops (fast shutdown, open transactions rolled back) and later
  // starts again on the same port with the same data. Tests of a shared server must start
  // it again before they end.
  void StopForTest();
  Result<void> StartAgainForTest();

 private:
  PostgresServer() = default;
  // Starts `postgres` on port_; true once it answers, false if it exited or hung.
  bool Launch();

  std::string dir_;
  std::string bin_;
  bool as_other_ = false;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  pid_t pid_ = -1;
  int port_ = 0;
  std::atomic<int> next_db_{0};
};

// The server shared by every test in this binary, started on first use.
// Fails the calling test (ADD_FAILURE) and returns nullptr if it cannot start.
PostgresServer* SharedPostgres();

// Runs `sql` on the database at `url` (libpq) and returns each row's first column, one per
// line (nothing for a command): for tests that read what the store cannot say (a query
// plan, raw bytes at rest, statement statistics).
Result<std::string> QueryFirstColumn(const std::string& url, const std::string& sql);

// Finds the PostgreSQL server binaries (initdb, postgres), e.g. /usr/lib/postgresql/15/bin.
std::string PostgresBinDir();

}  // namespace nazar::testing
