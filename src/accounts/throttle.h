// Login throttling: after too many failures for one key (an email, an IP address) inside a
// window, further attempts are refused until the window has passed. Successful logins
// clear the email's count.
//
// State is per process (each node throttles on its own); entries expire with their window.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/error.h"

namespace nazar {

struct ThrottleOptions {
  int max_failures = 5;              // failures allowed per key within the window
  int64_t window_ms = 15 * 60'000;   // 15 minutes
  size_t max_keys = 100'000;         // memory bound; the oldest windows are dropped first
};

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, ThrottleOptions options) : clock_(clock), options_(options) {}

  // ResourceExhausted (with the seconds to wait in the message) when `key` is locked out.
  Result<void> Check(const std::string& key);
  // Seconds until `key` may try again; 0 when it may now.
  int64_t RetryAfterSeconds(const std::string& key);
  void RecordFailure(const std::string& key);
  void Clear(const std::string& key);

 private:
  struct Window {
    int64_t start_ms = 0;
    int failures = 0;
  };
  void PruneLocked(int64_t now);

  const Clock& clock_;
  ThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
};

// The throttling key of a client address: IPv4 as is, IPv6 by its /64 prefix.
std::string ThrottleKeyForAddress(std::string_view ip);

}  // namespace nazar
