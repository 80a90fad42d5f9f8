#include "accounts/throttle.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace nazar {

namespace {
constexpr int kMaxDoublings = 40;  // 2^40 ms is decades: any window caps it long before
}  // namespace

int64_t LoginThrottle::DelayMs(const Failures& f) const {
  if (f.count < options_.max_failures) return 0;
  if (options_.first_delay_ms <= 0) return f.first_ms + options_.window_ms - f.last_ms;
  int doublings = std::min(f.count - options_.max_failures, kMaxDoublings);
  return std::min(options_.first_delay_ms << doublings, options_.window_ms);
}

bool LoginThrottle::Expired(const Failures& f, int64_t now) const {
  if (options_.first_delay_ms <= 0) return now - f.first_ms >= options_.window_ms;
  return now - (f.last_ms + DelayMs(f)) >= options_.window_ms;
}

int64_t LoginThrottle::WaitMsLocked(const std::string& key, int64_t now) {
  auto it = keys_.find(key);
  if (it == keys_.end() || Expired(it->second, now)) return 0;
  return std::max<int64_t>(0, it->second.last_ms + DelayMs(it->second) - now);
}

int64_t LoginThrottle::RetryAfterSeconds(const std::string& key) {
  std::lock_guard lock(mu_);
  return (WaitMsLocked(key, clock_.NowMs()) + 999) / 1000;
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
  if (keys_.size() >= options_.max_keys) PruneLocked(now);
  Failures& f = keys_[key];
  if (f.count == 0 || Expired(f, now)) f = Failures{.first_ms = now};
  f.last_ms = now;
  ++f.count;
}

void LoginThrottle::Clear(const std::string& key) {
  std::lock_guard lock(mu_);
  keys_.erase(key);
}

void LoginThrottle::PruneLocked(int64_t now) {
  std::erase_if(keys_, [&](const auto& kv) { return Expired(kv.second, now); });
  if (keys_.size() < options_.max_keys) return;
  // Still full (many keys within one window): drop the older half, keep the newest.
  std::vector<int64_t> lasts;
  lasts.reserve(keys_.size());
  for (const auto& [key, f] : keys_) lasts.push_back(f.last_ms);
  auto mid = lasts.begin() + lasts.size() / 2;
  std::nth_element(lasts.begin(), mid, lasts.end());
  int64_t cutoff = *mid;
  std::erase_if(keys_, [&](const auto& kv) { return kv.second.last_ms < cutoff; });
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
