#include "accounts/throttle.h"

#include <fmt/format.h>

namespace nazar {

int64_t LoginThrottle::RetryAfterSeconds(const std::string& key) {
  std::lock_guard lock(mu_);
  int64_t now = clock_.NowMs();
  auto it = windows_.find(key);
  if (it == windows_.end()) return 0;
  const Window& w = it->second;
  if (now - w.start_ms >= options_.window_ms || w.failures < options_.max_failures) return 0;
  return (w.start_ms + options_.window_ms - now + 999) / 1000;
}

Result<void> LoginThrottle::Check(const std::string& key) {
  int64_t wait = RetryAfterSeconds(key);
  if (wait > 0) {
    return Fail(Error::ResourceExhausted(
        fmt::format("too many failed logins; try again in {} seconds", wait)));
  }
  return {};
}

void LoginThrottle::RecordFailure(const std::string& key) {
  std::lock_guard lock(mu_);
  int64_t now = clock_.NowMs();
  if (windows_.size() >= options_.max_keys) PruneLocked(now);
  Window& w = windows_[key];
  if (now - w.start_ms >= options_.window_ms) w = Window{now, 0};
  ++w.failures;
}

void LoginThrottle::Clear(const std::string& key) {
  std::lock_guard lock(mu_);
  windows_.erase(key);
}

void LoginThrottle::PruneLocked(int64_t now) {
  std::erase_if(windows_, [&](const auto& kv) {
    return now - kv.second.start_ms >= options_.window_ms;
  });
  if (windows_.size() >= options_.max_keys) windows_.clear();  // under attack: stay bounded
}

}  // namespace nazar
