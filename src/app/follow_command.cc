#include "app/follow_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "outreach/triggers.h"

namespace nazar::app {

namespace {

// What the feed did since it started, in Prometheus' text format.
struct FeedCounters {
  int64_t calls = 0;
  int64_t matched = 0;
  int64_t unmatched = 0;
  int64_t withheld = 0;
  int64_t failed_steps = 0;
  int64_t rotations = 0;
  int64_t in_progress = 0;
  int64_t last_import_ms = 0;

  void Add(const journey::FollowStep& step, int64_t now_ms) {
    rotations += step.rotated ? 1 : 0;
    if (!step.imported) return;
    const journey::ImportReport& r = step.report;
    calls += r.created;
    matched += r.callers_matched;
    unmatched += r.callers_unmatched;
    withheld += r.callers_withheld;
    in_progress = r.in_progress;
    last_import_ms = now_ms;
  }

  // Written to a temporary file and renamed: a textfile collector never reads half of it.
  void Write(const std::string& path, int64_t bad_lines) const {
    const std::string temporary = path + ".tmp";
    {
      std::ofstream out(temporary, std::ios::trunc);
      out << "# HELP nazar_queue_log_calls_imported_total Calls imported by the live feed.\n"
             "# TYPE nazar_queue_log_calls_imported_total counter\n"
          << "nazar_queue_log_calls_imported_total " << calls << "\n"
          << "# HELP nazar_queue_log_callers_total Callers of the imported calls, by how they "
             "were matched to contacts.\n# TYPE nazar_queue_log_callers_total counter\n"
          << "nazar_queue_log_callers_total{result=\"matched\"} " << matched << "\n"
          << "nazar_queue_log_callers_total{result=\"unmatched\"} " << unmatched << "\n"
          << "nazar_queue_log_callers_total{result=\"withheld\"} " << withheld << "\n"
          << "# TYPE nazar_queue_log_calls_in_progress gauge\n"
          << "nazar_queue_log_calls_in_progress " << in_progress << "\n"
          << "# TYPE nazar_queue_log_bad_lines_total counter\n"
          << "nazar_queue_log_bad_lines_total " << bad_lines << "\n"
          << "# TYPE nazar_queue_log_failed_steps_total counter\n"
          << "nazar_queue_log_failed_steps_total " << failed_steps << "\n"
          << "# TYPE nazar_queue_log_rotations_total counter\n"
          << "nazar_queue_log_rotations_total " << rotations << "\n"
          << "# TYPE nazar_queue_log_last_import_timestamp_seconds gauge\n"
          << "nazar_queue_log_last_import_timestamp_seconds " << last_import_ms / 1000 << "\n";
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
      spdlog::warn("queue_log: cannot write the metrics file {}", path);
  }
};

}  // namespace

int FollowQueueLog(Store& store, const Clock& clock, OrgId org, journey::FollowOptions options,
                   int poll_ms, const std::string& metrics_file) {
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
  FeedCounters counters;
  for (;;) {
    auto step = follower.Step();
    if (!step) {
      ++counters.failed_steps;
      spdlog::warn("queue_log: {} (trying again)", step.error().ToString());
    } else {
      counters.Add(*step, clock.NowMs());
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
    if (!metrics_file.empty()) counters.Write(metrics_file, follower.bad_lines());
    int sig = sigtimedwait(&signals, nullptr, &wait);
    if (sig == SIGINT || sig == SIGTERM) {
      spdlog::info("queue_log: stopping (signal {}); the checkpoint keeps the place", sig);
      return 0;
    }
  }
}

}  // namespace nazar::app
