#include "core/worker.h"

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

namespace nazar {
namespace {

using std::chrono::hours;

// Every wait below is on the worker's own step count, never a sleep: an hour-long period
// only ends through Wake or Stop, so a test that passes shows those did their job.

TEST(Worker, RunsAtStartThenOnlyWhenWokenWithinALongPeriod) {
  std::atomic<int> runs{0};
  Worker w("test", Worker::Every(hours(1), [&] { ++runs; }));
  EXPECT_EQ(w.steps(), 0);
  w.Start();
  ASSERT_TRUE(w.WaitForSteps(1));
  EXPECT_EQ(runs.load(), 1);
  w.Wake();
  ASSERT_TRUE(w.WaitForSteps(2));
  w.Wake();
  ASSERT_TRUE(w.WaitForSteps(3));
  EXPECT_EQ(runs.load(), 3);
  w.Stop();  // interrupts the hour's wait
  EXPECT_EQ(w.steps(), 3);
  EXPECT_EQ(runs.load(), 3);
}

TEST(Worker, StopLetsTheStepInHandFinishAndStartsNoOther) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> finished{0};
  Worker w("slow", [&]() -> Worker::Delay {
    if (finished.load() == 0) entered.set_value();
    released.wait();
    ++finished;
    return Worker::Delay::zero();  // would run again at once if not stopped
  });
  w.Start();
  entered.get_future().wait();
  auto stopped = std::async(std::launch::async, [&] { w.Stop(); });
  while (!w.stop_requested()) std::this_thread::yield();
  // Stop cannot return while the step runs.
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  release.set_value();
  stopped.wait();
  EXPECT_EQ(finished.load(), 1);
  EXPECT_EQ(w.steps(), 1);
}

TEST(Worker, AOneOffEndsAndAFailingStepDoesNotEndTheLoop) {
  std::atomic<int> once{0};
  Worker one("once", Worker::Once([&] { ++once; }));
  one.Start();
  ASSERT_TRUE(one.WaitForSteps(1));
  EXPECT_FALSE(one.WaitForSteps(2));  // ended: returns instead of waiting forever
  EXPECT_EQ(once.load(), 1);
  one.Stop();

  std::atomic<int> calls{0};
  Worker flaky("flaky", [&]() -> Worker::Delay {
    if (++calls == 1) throw std::runtime_error("boom");
    return hours(1);
  });
  flaky.Start();
  ASSERT_TRUE(flaky.WaitForSteps(1));
  flaky.Wake();  // skips the pause after the failure
  ASSERT_TRUE(flaky.WaitForSteps(2));
  EXPECT_EQ(calls.load(), 2);
}

TEST(Worker, EveryWithAFirstDelayWaitsBeforeItsFirstRun) {
  std::atomic<int> runs{0};
  Worker w("later", Worker::Every(hours(1), [&] { ++runs; }, /*first=*/hours(1)));
  w.Start();
  ASSERT_TRUE(w.WaitForSteps(1));
  EXPECT_EQ(runs.load(), 0);  // the first step only waited
  w.Wake();
  ASSERT_TRUE(w.WaitForSteps(2));
  EXPECT_EQ(runs.load(), 1);
}

TEST(Workers, StartAllStopAllAndStartAgain) {
  {
    Workers all;
    Worker& a = all.Add("a", Worker::Every(hours(1), [] {}));
    Worker& b = all.Add("b", Worker::Every(hours(1), [] {}));
    all.StartAll();
    ASSERT_TRUE(a.WaitForSteps(1));
    ASSERT_TRUE(b.WaitForSteps(1));
    all.StopAll();
    EXPECT_EQ(a.steps(), 1);
    EXPECT_EQ(b.steps(), 1);
    all.StartAll();  // a stopped group starts again
    ASSERT_TRUE(a.WaitForSteps(2));
  }  // the destructor stops what runs
}

}  // namespace
}  // namespace nazar
