// PostgreSQL driver over libpq: synchronous_commit=on (a commit is durable when it
// returns), server-side prepared statements cached per connection, SQLSTATE mapped onto
// Nazar's error codes. Parameters go as text and the server infers their types.
#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>

#include <unordered_map>

#include <fmt/format.h>

#include "store/sql_driver.h"

namespace nazar::sql {
namespace {

// Type oids from pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26,
              kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

// "?" placeholders -> "$1", "$2", ... (our statements never hold "?" in literals).
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

// "Key (email)=(a@b.c) already exists." -> "email"
std::string KeyField(const char* detail) {
  if (!detail) return {};
  std::string_view d(detail);
  auto open = d.find('(');
  auto close = d.find(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {};
  std::string_view cols = d.substr(open + 1, close - open - 1);
  auto comma = cols.rfind(", ");
  if (comma != std::string_view::npos) cols = cols.substr(comma + 2);  // (org_id, name) -> name
  return std::string(cols);
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    auto res = Exec(sql, params);
    if (!res) return Fail(res.error());
    PGresult* r = res->get();
    Rows rows;
    int nrows = PQntuples(r), ncols = PQnfields(r);
    rows.reserve(nrows);
    for (int i = 0; i < nrows; ++i) {
      Row row;
      row.cols.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(r, i, c)) {
          row.cols.emplace_back(std::monostate{});
          continue;
        }
        const char* v = PQgetvalue(r, i, c);
        switch (PQftype(r, c)) {
          case kInt8Oid:
          case kInt4Oid:
          case kInt2Oid:
          case kOidOid: row.cols.emplace_back(static_cast<int64_t>(std::stoll(v))); break;
          case kFloat4Oid:
          case kFloat8Oid:
          case kNumericOid: row.cols.emplace_back(std::stod(v)); break;
          case kBoolOid: row.cols.emplace_back(static_cast<int64_t>(v[0] == 't')); break;
          default: row.cols.emplace_back(std::string(v, PQgetlength(r, i, c)));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const Params& params) override {
    auto res = Exec(sql, params);
    if (!res) return Fail(res.error());
    const char* n = PQcmdTuples(res->get());
    return n && *n ? std::stoll(n) : 0;
  }

  Result<void> ExecuteScript(std::string_view sql) override {
    std::string text(sql);
    ResultPtr res(PQexec(conn_, text.c_str()));
    if (auto st = Check(res.get()); !st) return Fail(st.error());
    // COMMIT of an aborted transaction "succeeds" with the tag ROLLBACK: not a commit.
    if (text == "COMMIT" && std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
      return Fail(Error::Unavailable("postgresql: the transaction was rolled back"));
    }
    return {};
  }

  bool Broken() const override { return PQstatus(conn_) != CONNECTION_OK; }

  Result<bool> WaitForNotification(int timeout_ms) override {
    auto drain = [&]() -> bool {
      bool any = false;
      while (PGnotify* n = PQnotifies(conn_)) {
        any = true;
        PQfreemem(n);
      }
      return any;
    };
    if (drain()) return true;
    pollfd fd{.fd = PQsocket(conn_), .events = POLLIN, .revents = 0};
    if (fd.fd < 0) return Fail(Error::Unavailable("postgresql: the connection is closed"));
    int ready = poll(&fd, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) return Fail(Error::Unavailable("postgresql: poll failed"));
    if (ready > 0 && PQconsumeInput(conn_) == 0)
      return Fail(Error::Unavailable(std::string("postgresql: ") + PQerrorMessage(conn_)));
    return drain();
  }
  bool InTransaction() const override {
    PGTransactionStatusType t = PQtransactionStatus(conn_);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
  }

 private:
  struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

  Result<void> Check(PGresult* r) {
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return {};
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string code = state ? state : "";
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    if (code == "23505") {
      std::string field = KeyField(PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL));
      return Fail(Error::AlreadyExists(
          fmt::format("{} already exists", field.empty() ? "row" : field), field));
    }
    if (code.starts_with("23")) return Fail(Error::FailedPrecondition(msg));
    // Data exceptions (bad encoding, value out of range): the input was at fault.
    if (code.starts_with("22")) return Fail(Error::InvalidArgument("invalid value: " + msg));
    if (code.starts_with("08") || code.starts_with("57") || code.starts_with("53") ||
        code == "40001" || code == "40P01" || Broken()) {
      return Fail(Error::Unavailable("postgresql: " + msg));
    }
    return Fail(Error::Internal("postgresql: " + msg));
  }

  Result<ResultPtr> Exec(std::string_view sql, const Params& params) {
    auto it = prepared_.find(std::string(sql));
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size());
      std::string numbered = NumberPlaceholders(sql);
      ResultPtr prep(PQprepare(conn_, name.c_str(), numbered.c_str(), 0, nullptr));
      if (auto st = Check(prep.get()); !st) return Fail(st.error());
      it = prepared_.emplace(std::string(sql), std::move(name)).first;
    }
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (auto* n = std::get_if<int64_t>(&v)) {
        text[i] = std::to_string(*n);
      } else if (auto* d = std::get_if<double>(&v)) {
        text[i] = fmt::format("{:.17g}", *d);
      } else if (auto* s = std::get_if<std::string>(&v)) {
        text[i] = *s;
      } else {
        continue;  // NULL
      }
      values[i] = text[i].c_str();
    }
    ResultPtr res(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, 0));
    if (auto st = Check(res.get()); !st) return Fail(st.error());
    return res;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;
};

class PostgresDriver final : public Driver {
 public:
  PostgresDriver(std::string conninfo, std::string node)
      : conninfo_(std::move(conninfo)), node_(std::move(node)) {}

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<std::unique_ptr<Connection>> Connect() override {
    PGconn* conn = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn);
      PQfinish(conn);
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      return Fail(Error::Unavailable("cannot connect to PostgreSQL: " + msg));
    }
    auto c = std::make_unique<PgConnection>(conn);
    auto st = c->ExecuteScript(
        "SET synchronous_commit = on; SET TIME ZONE 'UTC'; SET client_min_messages = warning;");
    if (!st) return Fail(st.error());
    // This process's name, for the change feed's triggers (nazar.node).
    if (auto set = c->Query("SELECT set_config('nazar.node', ?, false)", {node_}); !set)
      return Fail(set.error());
    return std::unique_ptr<Connection>(std::move(c));
  }

 private:
  std::string conninfo_;
  std::string node_;
};

}  // namespace

std::unique_ptr<Driver> MakePostgresDriver(std::string conninfo, std::string node) {
  return std::make_unique<PostgresDriver>(std::move(conninfo), std::move(node));
}

}  // namespace nazar::sql
