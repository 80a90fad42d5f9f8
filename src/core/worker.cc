#include "core/worker.h"

#include <exception>

#include <spdlog/spdlog.h>

namespace nazar {

Worker::Worker(std::string name, Step step) : name_(std::move(name)), step_(std::move(step)) {}

Worker::~Worker() { Stop(); }

Worker::Step Worker::Every(Delay period, std::function<void()> work, Delay first) {
  return [period, first, waited = false, work = std::move(work)]() mutable {
    if (!waited && first > Delay::zero()) {
      waited = true;
      return first;
    }
    waited = true;
    work();
    return period;
  };
}

Worker::Step Worker::Once(std::function<void()> work) {
  return [work = std::move(work)] {
    work();
    return kDone;
  };
}

void Worker::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  ended_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Worker::Stop() {
  std::thread ending;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    ending = std::move(thread_);
  }
  cv_.notify_all();
  if (ending.joinable()) ending.join();
}

void Worker::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

bool Worker::stop_requested() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

int64_t Worker::steps() const {
  std::lock_guard lock(mu_);
  return steps_;
}

bool Worker::WaitForSteps(int64_t n) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return steps_ >= n || ended_; });
  return steps_ >= n;
}

void Worker::Loop() {
  for (;;) {
    Delay delay = kAfterFailure;
    try {
      delay = step_();
    } catch (const std::exception& e) {
      spdlog::error("{}: {}", name_, e.what());
    }
    std::unique_lock lock(mu_);
    ++steps_;
    cv_.notify_all();  // WaitForSteps
    if (delay == kDone || stopping_) break;
    if (delay > Delay::zero()) {
      cv_.wait_for(lock, delay, [this] { return stopping_ || woken_; });
    }
    if (stopping_) break;
    woken_ = false;
  }
  std::lock_guard lock(mu_);
  ended_ = true;
  cv_.notify_all();
}

Workers::~Workers() { StopAll(); }

Worker& Workers::Add(std::string name, Worker::Step step) {
  workers_.push_back(std::make_unique<Worker>(std::move(name), std::move(step)));
  return *workers_.back();
}

void Workers::StartAll() {
  for (auto& w : workers_) w->Start();
}

void Workers::StopAll() {
  for (auto it = workers_.rbegin(); it != workers_.rend(); ++it) (*it)->Stop();
}

}  // namespace nazar
