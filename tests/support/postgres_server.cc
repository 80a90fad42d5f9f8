#include "support/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace nazar::testing {
namespace {

constexpr const char* kUser = "nazar";

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// Runs `argv` as `uid/gid` (when set), output to `log`. Returns the child's pid.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log, uid_t uid, gid_t gid,
            bool as_other_user) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
  }
  if (as_other_user) {
    if (setgid(gid) != 0 || setuid(uid) != 0) _exit(126);
  }
  // If the test binary dies, the server goes with it.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

std::string PostgresBinDir() {
  if (const char* env = std::getenv("NAZAR_PG_BIN")) return env;
  std::string best;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    auto bin = entry.path() / "bin";
    if (std::filesystem::exists(bin / "initdb") && bin.string() > best) best = bin.string();
  }
  return best;
}

Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  std::string bin = PostgresBinDir();
  if (bin.empty()) {
    return Fail(Error::Unavailable(
        "PostgreSQL server binaries not found (install postgresql-15; scripts/bootstrap does)"));
  }
  auto server = std::unique_ptr<PostgresServer>(new PostgresServer());
  std::string tmpl = (std::filesystem::temp_directory_path() / "nazar-pg-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return Fail(Error::Internal("mkdtemp failed"));
  server->dir_ = tmpl;

  // initdb refuses to run as root: run the server as the unprivileged `postgres` user.
  server->bin_ = bin;
  server->as_other_ = geteuid() == 0;
  if (server->as_other_) {
    passwd* pw = getpwnam("postgres");
    if (!pw) pw = getpwnam("nobody");
    if (!pw) return Fail(Error::Unavailable("no unprivileged user to run PostgreSQL as"));
    server->uid_ = pw->pw_uid;
    server->gid_ = pw->pw_gid;
    if (chown(server->dir_.c_str(), server->uid_, server->gid_) != 0)
      return Fail(Error::Internal("chown of the PostgreSQL folder failed"));
  }
  std::string data = server->dir_ + "/data";
  std::string log = server->dir_ + "/server.log";
  pid_t init = Spawn({bin + "/initdb", "-D", data, "-U", kUser, "--auth=trust", "-E", "UTF8",
                      "--locale=C", "--no-sync"},
                     log, server->uid_, server->gid_, server->as_other_);
  int status = 0;
  waitpid(init, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Fail(Error::Unavailable("initdb failed; see " + log));
  }
  for (int attempt = 0; attempt < 5; ++attempt) {
    server->port_ = FreePort();
    if (server->Launch()) return server;
  }
  return Fail(Error::Unavailable("PostgreSQL did not start; see " + log));
}

bool PostgresServer::Launch() {
  pid_ = Spawn({bin_ + "/postgres", "-D", dir_ + "/data", "-p", std::to_string(port_), "-k", dir_,
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on", "-c",
                "synchronous_commit=on", "-c", "max_connections=300", "-c", "shared_buffers=32MB",
                // Statements' page reads, for tests of a plan's cost (CREATE EXTENSION first).
                "-c", "shared_preload_libraries=pg_stat_statements"},
               dir_ + "/server.log", uid_, gid_, as_other_);
  std::string ping = fmt::format("host=127.0.0.1 port={} user={} dbname=postgres "
                                 "connect_timeout=2",
                                 port_, kUser);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (PQping(ping.c_str()) == PQPING_OK) return true;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;  // exited (port taken?)
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  return false;
}

void PostgresServer::StopForTest() {
  if (pid_ <= 0) return;
  kill(pid_, SIGINT);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

Result<void> PostgresServer::StartAgainForTest() {
  if (pid_ > 0) return {};
  for (int attempt = 0; attempt < 20; ++attempt) {
    if (Launch()) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the port may linger
  }
  return Fail(Error::Unavailable("PostgreSQL did not start again; see " + dir_ + "/server.log"));
}

PostgresServer::~PostgresServer() {
  if (pid_ > 0) {
    kill(pid_, SIGINT);  // fast shutdown: roll back open transactions, then exit
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::string PostgresServer::Url(std::string_view database) const {
  return fmt::format("postgresql://{}@127.0.0.1:{}/{}", kUser, port_, database);
}

Result<std::string> PostgresServer::CreateDatabase() {
  std::string name = fmt::format("t{}_{}", getpid(), next_db_++);
  PGconn* conn = PQconnectdb(Url("postgres").c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return Fail(Error::Unavailable(msg));
  }
  PGresult* r = PQexec(conn, fmt::format("CREATE DATABASE {}", name).c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (!ok) return Fail(Error::Internal("CREATE DATABASE failed: " + msg));
  return Url(name);
}

Result<std::string> QueryFirstColumn(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return Fail(Error::Unavailable(msg));
  }
  PGresult* r = PQexec(conn, sql.c_str());
  std::string out;
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  for (int i = 0; ok && i < PQntuples(r); ++i) {
    out += PQgetvalue(r, i, 0);
    out += '\n';
  }
  PQclear(r);
  PQfinish(conn);
  if (!ok) return Fail(Error::Internal(msg));
  return out;
}

PostgresServer* SharedPostgres() {
  static std::mutex mu;
  static std::unique_ptr<PostgresServer> server;
  static std::string failure;
  std::lock_guard lock(mu);
  if (!server && failure.empty()) {
    auto started = PostgresServer::Start();
    if (started) {
      server = std::move(*started);
    } else {
      failure = started.error().ToString();
    }
  }
  if (!server) ADD_FAILURE() << "PostgreSQL test server: " << failure;
  return server.get();
}

}  // namespace nazar::testing
