// A node following the change feed (store/changes_store.h) into its metrics views: what
// another process committed — a response taken by another node, an import, an erasure, a
// re-analysis, a persona's members — is in this node's views within a second.
//
// Contract:
// - Start() before the views are built: it notes where the feed stands (the newest seq, and
//   the seqs of the last kStartWindowMs not visible yet: transactions still committing), so
//   what the build reads and what the feed brings after it together miss nothing. (A
//   transaction that took its seq more than kStartWindowMs before the node started and
//   commits after is the one thing not followed.)
// - Poll() reads what committed since (in batches), and applies the changes other nodes
//   wrote: the responses appended again as the store has them (ResultsService::Reappend: an
//   append replaces the response's earlier row, so applying twice is harmless), a contact's
//   personas read again (ContactPersonasChanged; more than kRebuildContacts contacts of one
//   organisation in one batch rebuild its view instead). This node's own writes are skipped:
//   its ingest listeners applied them already.
// - Run() is the worker's body: wait for a notification (PostgreSQL) or the poll interval,
//   then Poll(). Prune() drops changes older than a day.
// - Failures are returned; the next Poll() reads again from the same place (nothing is
//   admitted that was not applied).
//
// Thread safety: one thread calls Poll/Run; stats() may be read from any.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "nodes/change_cursor.h"
#include "results/results.h"
#include "store/store.h"

namespace nazar::nodes {

struct FeedStats {
  std::atomic<int64_t> applied{0};    // changes of other processes applied
  std::atomic<int64_t> skipped{0};    // this node's own
  std::atomic<int64_t> last_seq{0};
  std::atomic<int64_t> missing{0};    // seq values not visible yet
  std::atomic<int64_t> lag_ms{0};     // from a change's write to its apply, the last batch's newest
};

class ChangeFeed {
 public:
  static constexpr int64_t kStartWindowMs = 10 * 60'000;
  static constexpr int64_t kBatch = 5000;
  static constexpr size_t kRebuildContacts = 500;
  static constexpr int64_t kKeepMs = 24 * 3600'000;

  // This node is the store's (Store::node(): the name its writes are marked with).
  ChangeFeed(Store& store, results::ResultsService& results, const Clock& clock);

  Result<void> Start();
  // Applies what committed since the last call; returns how many changes were applied.
  Result<int64_t> Poll();
  // Waits up to `wait` for a change to commit, then polls.
  Result<int64_t> Run(std::chrono::milliseconds wait);
  Result<int64_t> Prune();

  const FeedStats& stats() const { return stats_; }

 private:
  Result<void> Apply(const std::vector<ViewChange>& changes);

  Store& store_;
  results::ResultsService& results_;
  const Clock& clock_;
  ChangeCursor cursor_;
  FeedStats stats_;
};

// The feed's counters in Prometheus' text format (nazar_change_feed_*), for /metrics.
std::string FeedMetrics(const ChangeFeed& feed);

}  // namespace nazar::nodes
