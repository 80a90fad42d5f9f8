// Login throttling by key (an account, an account from one client address, an address).
// Each key has a number of failures it may make; past it, the key waits before it may try
// again, in one of two ways:
// - a lockout (first_delay_ms = 0): until the window that began with its first failure ends;
// - a progressive delay (first_delay_ms > 0): first_delay_ms after the failure that crossed
//   the limit, doubling with each further failure, never longer than the window; a key is
//   forgotten when a whole window passes after its wait without a failure (so waiting out
//   the longest delay does not start the count again).
// Attempts refused while waiting are not failures (they guessed nothing). Clear() forgets a
// key (a successful sign-in).
//
// State is per process (each node throttles on its own); the clock is passed in. Memory is
// bounded by max_keys: expired keys go first, then the oldest half.
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
  int max_failures = 5;              // failures a key may make before it waits
  int64_t window_ms = 15 * 60'000;   // 15 minutes
  int64_t first_delay_ms = 0;        // 0: a lockout; else the first progressive delay
  size_t max_keys = 100'000;         // memory bound
};

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, ThrottleOptions options) : clock_(clock), options_(options) {}

  // ResourceExhausted (with the seconds to wait in the message) while `key` must wait.
  Result<void> Check(const std::string& key);
  // Seconds until `key` may try again (rounded up); 0 when it may now.
  int64_t RetryAfterSeconds(const std::string& key);
  void RecordFailure(const std::string& key);
  void Clear(const std::string& key);

 private:
  struct Failures {
    int64_t first_ms = 0;  // the first failure of this window
    int64_t last_ms = 0;
    int count = 0;
  };
  int64_t DelayMs(const Failures& f) const;  // after the last failure
  bool Expired(const Failures& f, int64_t now) const;
  int64_t WaitMsLocked(const std::string& key, int64_t now);
  void PruneLocked(int64_t now);

  const Clock& clock_;
  ThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Failures> keys_;
};

// The throttling key of a client address: IPv4 as is, IPv6 by its /64 prefix.
std::string ThrottleKeyForAddress(std::string_view ip);

}  // namespace nazar
