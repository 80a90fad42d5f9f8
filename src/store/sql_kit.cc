#include "store/sql_kit.h"

#include <cctype>
#include <chrono>

#include "core/crypto.h"

namespace nazar::sql {

Shared::Shared(std::unique_ptr<Driver> d, const StoreOptions& options)
    : driver(std::move(d)),
      dialect(driver->dialect()),
      pool(*driver, options.pool_size, options.acquire_timeout_ms),
      secret_key(options.secret_key) {}

Shared::~Shared() {
  {
    std::lock_guard lock(checkpoint_mu);
    stopping = true;
  }
  checkpoint_cv.notify_all();
  if (checkpointer.joinable()) checkpointer.join();
}

void Shared::StartCheckpointer(int every_ms) {
  checkpointer = std::thread([this, every_ms] {
    auto conn = driver->Connect();
    if (!conn) return;
    std::unique_lock lock(checkpoint_mu);
    while (!checkpoint_cv.wait_for(lock, std::chrono::milliseconds(every_ms),
                                   [this] { return stopping; })) {
      lock.unlock();
      (void)(*conn)->ExecuteScript("PRAGMA wal_checkpoint(PASSIVE);");
      lock.lock();
    }
    // Leave a small WAL behind.
    lock.unlock();
    (void)(*conn)->ExecuteScript("PRAGMA wal_checkpoint(PASSIVE);");
  });
}

std::string Kit::Seal(const std::string& secret) const {
  const std::string& key = shared_->secret_key;
  return key.empty() || secret.empty() || IsSealed(secret) ? secret : SealSecret(key, secret);
}

std::string Kit::Unseal(std::string stored) const {
  std::string clear;
  if (IsSealed(stored) && OpenSecret(shared_->secret_key, stored, clear)) return clear;
  return stored;
}

bool IsStoreFault(ErrorCode code) {
  return code == ErrorCode::kUnavailable || code == ErrorCode::kInternal;
}

std::string ContainsPattern(std::string_view text) {
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '!') pattern += '!';
    pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return pattern + '%';
}

std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace nazar::sql
