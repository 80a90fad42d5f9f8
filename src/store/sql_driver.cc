#include "store/sql_driver.h"

#include <chrono>
#include <thread>

#include <fmt/format.h>

namespace nazar::sql {

Result<bool> Connection::WaitForNotification(int timeout_ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
  return false;
}

int64_t Row::Int(size_t i) const {
  if (auto* v = std::get_if<int64_t>(&cols[i])) return *v;
  if (auto* d = std::get_if<double>(&cols[i])) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&cols[i])) return std::stoll(*s);
  return 0;
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

double Row::Real(size_t i) const {
  if (auto* d = std::get_if<double>(&cols[i])) return *d;
  if (auto* v = std::get_if<int64_t>(&cols[i])) return static_cast<double>(*v);
  if (auto* s = std::get_if<std::string>(&cols[i])) return std::stod(*s);
  return 0;
}

std::string Row::Text(size_t i) const {
  if (auto* s = std::get_if<std::string>(&cols[i])) return *s;
  if (auto* v = std::get_if<int64_t>(&cols[i])) return std::to_string(*v);
  if (auto* d = std::get_if<double>(&cols[i])) return fmt::format("{}", *d);
  return {};
}

void ConnectionPool::DiscardIdle() {
  std::vector<std::unique_ptr<Connection>> closing;
  {
    std::lock_guard lock(mu_);
    open_ -= static_cast<int>(idle_.size());
    closing.swap(idle_);
  }
  cv_.notify_all();
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(acquire_timeout_ms_);
  while (idle_.empty() && open_ >= max_size_) {
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= max_size_) {
      return Fail(Error::Unavailable("no free database connection"));
    }
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  auto conn = driver_.Connect();
  if (!conn) {
    std::lock_guard relock(mu_);
    --open_;
    cv_.notify_one();
    return Fail(conn.error());
  }
  return Lease(this, std::move(*conn));
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  // A connection must come back outside any transaction; if a caller left one open (an
  // exception, a bug), roll it back, and drop the connection if even that fails.
  if (!conn->Broken() && conn->InTransaction()) {
    if (!conn->ExecuteScript("ROLLBACK") || conn->InTransaction()) conn.reset();
  }
  std::lock_guard lock(mu_);
  if (!conn || conn->Broken()) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

}  // namespace nazar::sql
