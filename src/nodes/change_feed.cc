#include "nodes/change_feed.h"

#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace nazar::nodes {

ChangeFeed::ChangeFeed(Store& store, results::ResultsService& results, const Clock& clock)
    : store_(store), results_(results), clock_(clock) {}

Result<void> ChangeFeed::Start() {
  ChangesStore& feed = store_.changes();
  TRY_ASSIGN(const int64_t last, feed.LastChangeSeq());
  std::vector<SeqRange> missing;
  if (store_.backend() == StoreBackend::kPostgres) {
    // Transactions still committing hold seqs below `last` the build will not see.
    TRY_ASSIGN(const int64_t low, feed.FirstSeqSince(clock_.NowMs() - kStartWindowMs));
    TRY_ASSIGN(missing, feed.MissingChanges(low - 1));
  }
  TRY_ASSIGN(const ChangeSnapshot snapshot, feed.Snapshot());
  cursor_ = ChangeCursor(last, std::move(missing));
  cursor_.Settle(snapshot);
  stats_.last_seq = last;
  stats_.missing = cursor_.missing_count();
  return {};
}

Result<int64_t> ChangeFeed::Poll() {
  int64_t applied = 0;
  for (;;) {
    // The snapshot before the read: what it says has ended, the read then sees (cursor.h).
    TRY_ASSIGN(const ChangeSnapshot snapshot, store_.changes().Snapshot());
    ChangeCursor next = cursor_;
    next.Settle(snapshot);
    TRY_ASSIGN(std::vector<ViewChange> read,
               store_.changes().ReadChanges(next.after(), next.missing(), kBatch));
    const bool full = static_cast<int64_t>(read.size()) == kBatch;
    std::vector<ViewChange> fresh = next.Admit(std::move(read));
    // Applied before the cursor moves: a failure reads the same changes again next time.
    TRY(Apply(fresh));
    cursor_ = std::move(next);
    applied += static_cast<int64_t>(fresh.size());
    stats_.last_seq = cursor_.after();
    stats_.missing = cursor_.missing_count();
    if (!full) return applied;
  }
}

Result<void> ChangeFeed::Apply(const std::vector<ViewChange>& changes) {
  std::map<int64_t, std::vector<int64_t>> responses;  // org -> response ids
  std::map<int64_t, std::set<int64_t>> contacts;      // org -> contact ids
  int64_t newest_ms = 0, own = 0, others = 0;
  for (const ViewChange& c : changes) {
    if (c.node == store_.node()) {
      ++own;
      continue;
    }
    newest_ms = std::max(newest_ms, c.at_ms);
    if (c.kind == "response") responses[c.org.value].push_back(c.subject);
    else if (c.kind == "contact") contacts[c.org.value].insert(c.subject);
    ++others;
  }
  for (auto& [org, ids] : responses) TRY(results_.Reappend(OrgId{org}, ids));
  for (const auto& [org, ids] : contacts) {
    if (ids.size() > kRebuildContacts) {
      TRY(results_.Rebuild(OrgId{org}));
      continue;
    }
    for (int64_t contact : ids) {
      TRY_ASSIGN(auto members, store_.personas().ListPersonaMembers(OrgId{org}, contact));
      std::vector<int64_t> personas;
      for (const PersonaMember& m : members) personas.push_back(m.persona_id);
      TRY(results_.ContactPersonasChanged(OrgId{org}, contact, personas));
    }
  }
  // Counted once applied: a failed batch is read and counted again next time.
  stats_.skipped += own;
  stats_.applied += others;
  if (newest_ms > 0) stats_.lag_ms = clock_.NowMs() - newest_ms;
  return {};
}

Result<int64_t> ChangeFeed::Run(std::chrono::milliseconds wait) {
  auto woken = store_.changes().WaitForChanges(wait);
  if (!woken) spdlog::warn("change feed: listening: {}", woken.error().ToString());
  return Poll();
}

Result<int64_t> ChangeFeed::Prune() { return store_.changes().PruneChanges(clock_.NowMs() - kKeepMs); }

std::string FeedMetrics(const ChangeFeed& feed) {
  const FeedStats& s = feed.stats();
  return fmt::format(
      "# HELP nazar_change_feed_applied_total Changes other nodes and processes wrote, applied to this node's views.\n"
      "# TYPE nazar_change_feed_applied_total counter\n"
      "nazar_change_feed_applied_total {}\n"
      "# HELP nazar_change_feed_own_total This node's own changes read from the feed and skipped.\n"
      "# TYPE nazar_change_feed_own_total counter\n"
      "nazar_change_feed_own_total {}\n"
      "# HELP nazar_change_feed_seq The newest change sequence number this node has read.\n"
      "# TYPE nazar_change_feed_seq gauge\n"
      "nazar_change_feed_seq {}\n"
      "# HELP nazar_change_feed_missing Sequence numbers not visible yet (transactions committing).\n"
      "# TYPE nazar_change_feed_missing gauge\n"
      "nazar_change_feed_missing {}\n"
      "# HELP nazar_change_feed_lag_seconds From the newest applied change's write to its apply.\n"
      "# TYPE nazar_change_feed_lag_seconds gauge\n"
      "nazar_change_feed_lag_seconds {:.3f}\n",
      s.applied.load(), s.skipped.load(), s.last_seq.load(), s.missing.load(), s.lag_ms.load() / 1000.0);
}

}  // namespace nazar::nodes
