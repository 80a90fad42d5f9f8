// The clock is passed in, never read from a global, so tests control time
// (session timeouts, throttling windows, SLAs, cohorts).
//
// Thread-safety: SystemClock is stateless; ManualClockForTest is safe to read and advance
// from several threads.
#pragma once

#include <atomic>
#include <cstdint>

namespace nazar {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC.
  virtual int64_t NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
};

class ManualClockForTest final : public Clock {
 public:
  explicit ManualClockForTest(int64_t start_ms) : now_ms_(start_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  void Advance(int64_t ms) { now_ms_ += ms; }
  void Set(int64_t ms) { now_ms_ = ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace nazar
