#include "app/follow_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <vector>

#include "outreach/triggers.h"

namespace nazar::app {

int FollowQueueLog(Store& store, const Clock& clock, OrgId org, journey::FollowOptions options,
                   int poll_ms) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  journey::Journeys journeys(store, clock);
  outreach::Triggers triggers(store, clock);
  std::vector<Interaction> fresh;
  journeys.AddInteractionListener([&fresh](const Interaction& i) { fresh.push_back(i); });
  auto evaluate = [&] {
    if (auto made = triggers.EvaluateMany(fresh); !made)
      spdlog::warn("queue_log: trigger rules: {}", made.error().ToString());
    fresh.clear();
  };
  const std::string file = options.file;
  journey::QueueLogFollower follower(journeys, org, clock, std::move(options), evaluate);
  spdlog::info("queue_log: following {} for organisation {}", file, org.value);
  timespec wait{.tv_sec = poll_ms / 1000, .tv_nsec = (poll_ms % 1000) * 1'000'000L};
  for (;;) {
    auto step = follower.Step();
    if (!step) {
      spdlog::warn("queue_log: {} (trying again)", step.error().ToString());
    } else {
      if (step->rotated) spdlog::info("queue_log: {} was rotated; reading the new file", file);
      const journey::ImportReport& r = step->report;
      if (step->imported && r.created > 0)
        spdlog::info(
            "queue_log: {} calls imported ({} in progress); callers {} matched, {} not "
            "in the contacts, {} withheld",
            r.created, r.in_progress, r.callers_matched, r.callers_unmatched, r.callers_withheld);
      if (step->imported && r.problem_count > 0)
        spdlog::warn("queue_log: {} calls could not be imported: {}", r.problem_count,
                     r.problems.front().ToString());
    }
    int sig = sigtimedwait(&signals, nullptr, &wait);
    if (sig == SIGINT || sig == SIGTERM) {
      spdlog::info("queue_log: stopping (signal {}); the checkpoint keeps the place", sig);
      return 0;
    }
  }
}

}  // namespace nazar::app
