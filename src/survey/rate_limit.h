// Fixed-window rate limiting by key (e.g. "link 7 from 203.0.113.9"): at most `limit`
// events per window. Memory is bounded: windows that have passed are dropped.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace nazar::survey {

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, int64_t window_ms, size_t max_keys = 200'000)
      : clock_(clock), window_ms_(window_ms), max_keys_(max_keys) {}

  // Counts one event for `key`; false when it goes over `limit` in the current window.
  bool Allow(const std::string& key, int limit);

 private:
  struct Window {
    int64_t start_ms = 0;
    int count = 0;
  };
  const Clock& clock_;
  const int64_t window_ms_;
  const size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
  int64_t last_sweep_ms_ = 0;
};

}  // namespace nazar::survey
