#include "accounts/throttle.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <vector>

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
  if (windows_.size() < options_.max_keys) return;
  // Still full (many keys within one window): drop the older half, keep the newest.
  std::vector<int64_t> starts;
  starts.reserve(windows_.size());
  for (const auto& [key, w] : windows_) starts.push_back(w.start_ms);
  auto mid = starts.begin() + starts.size() / 2;
  std::nth_element(starts.begin(), mid, starts.end());
  int64_t cutoff = *mid;
  std::erase_if(windows_, [&](const auto& kv) { return kv.second.start_ms < cutoff; });
}

std::string ThrottleKeyForAddress(std::string_view ip) {
  in6_addr v6{};
  std::string text(ip);
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return "ip:" + text;
  // One IPv6 holder usually has a whole /64: throttle the prefix, not each address.
  std::memset(v6.s6_addr + 8, 0, 8);
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, &v6, buf, sizeof buf);
  return std::string("ip6:") + buf + "/64";
}

}  // namespace nazar
