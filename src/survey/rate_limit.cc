#include "survey/rate_limit.h"

namespace nazar::survey {

bool RateLimiter::Allow(const std::string& key, int limit) {
  std::lock_guard lock(mu_);
  int64_t now = clock_.NowMs();
  if (now - last_sweep_ms_ >= window_ms_ || windows_.size() >= max_keys_) {
    std::erase_if(windows_, [&](const auto& kv) { return now - kv.second.start_ms >= window_ms_; });
    last_sweep_ms_ = now;
    // Still full within one window (a flood of addresses): start over rather than grow.
    if (windows_.size() >= max_keys_) windows_.clear();
  }
  Window& w = windows_[key];
  if (now - w.start_ms >= window_ms_) w = Window{now, 0};
  if (w.count >= limit) return false;
  ++w.count;
  return true;
}

}  // namespace nazar::survey
