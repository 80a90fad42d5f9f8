// One background loop with a clean shutdown, for the server's recurring work (the outbox's
// dispatcher, the session sweeper and persona refresh, the text-settings watcher, the
// trigger catch-up): a thread runs `step`, then waits for the delay the step returned, or
// until Wake(); Stop() interrupts the wait, lets the step in hand finish and joins.
//
//   Worker sweeper("sweeper", Worker::Every(std::chrono::minutes(10), [&] { Sweep(); }));
//   sweeper.Start();
//   ...
//   sweeper.Stop();
//
// A step that returns Worker::kDone ends the loop (a one-off task). Exceptions thrown by a
// step are logged and the loop goes on after `kAfterFailure` (a failing step must not take
// the process down).
//
// Thread-safety: Start, Stop and Wake from any thread; the step runs on the worker's thread
// only, never twice at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace nazar {

class Worker {
 public:
  using Delay = std::chrono::milliseconds;
  // Runs once; returns how long to wait before the next run, or kDone.
  using Step = std::function<Delay()>;
  static constexpr Delay kDone = Delay::max();
  static constexpr Delay kAfterFailure = std::chrono::seconds(5);

  Worker(std::string name, Step step);
  ~Worker();  // Stop()
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // A step that runs `work` and then waits `period`. The first run is at Start, or after
  // `first` when given (that first step only waits).
  static Step Every(Delay period, std::function<void()> work, Delay first = Delay::zero());
  // A step that runs `work` once.
  static Step Once(std::function<void()> work);

  const std::string& name() const { return name_; }
  void Start();  // no effect when running
  void Stop();   // no effect when not running; returns once the thread has ended
  void Wake();   // the next step starts now (after the one in hand, if any)
  // True once Stop was called: a long step may check it to end early.
  bool stop_requested() const;
  // How many steps have finished (tests wait on it; see WaitForSteps).
  int64_t steps() const;
  // Blocks until `n` steps have finished in all; false if the worker stopped first.
  bool WaitForSteps(int64_t n);

 private:
  void Loop();

  const std::string name_;
  const Step step_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  bool ended_ = false;
  int64_t steps_ = 0;
  std::thread thread_;
};

// The server's workers: started in the order added, stopped in the reverse order.
class Workers {
 public:
  ~Workers();  // StopAll()
  Worker& Add(std::string name, Worker::Step step);
  void StartAll();
  void StopAll();

 private:
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace nazar
