// Where a node is in the change feed (store/changes_store.h): the highest seq it has seen,
// and the seq values below it not yet visible, each of which either appears later (its
// transaction was still committing) or is given up once every transaction that could hold it
// has ended (it was rolled back). Pure: the feed reads, the cursor decides.
//
//   ChangeCursor cursor(store.LastChangeSeq(), store.MissingChanges(low));
//   each poll: cursor.Settle(store.Snapshot());            // BEFORE the read
//              auto fresh = cursor.Admit(store.ReadChanges(cursor.after(), cursor.missing(), n));
//              apply(fresh);
//
// Every committed change is admitted exactly once: a seq above the highest seen is new; one
// below it is new only while it is missing. A missing seq noticed by a read is stamped by the
// next Settle with that snapshot's `next` xid, above its writer's (the writer had its xid
// before it took the seq, and the seq was taken before the read that noticed it). A later
// Settle whose xmin has passed the stamp knows the writer has ended, so the read that follows
// it sees the seq if it was committed: the gap is marked final, looked for by that read, and
// given up by that Admit if still absent.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "store/changes_store.h"

namespace nazar::nodes {

class ChangeCursor {
 public:
  // Following from `last_seen`, with `missing` ranges below it (not yet stamped).
  explicit ChangeCursor(int64_t last_seen = 0, std::vector<SeqRange> missing = {});

  // Read seq > after() ...
  int64_t after() const { return last_; }
  // ... and within these (at most kMaxQueryRanges; more are merged, admitted rows filtered).
  std::vector<SeqRange> missing() const;
  static constexpr size_t kMaxQueryRanges = 16;

  // Of `read` (ReadChanges' rows, by seq), those not admitted before; notes new gaps, and
  // gives up the gaps Settle marked final that the read did not bring (those below its last
  // row, or all when it brought nothing: a read cut short by its limit has not looked past
  // its last row).
  std::vector<ViewChange> Admit(std::vector<ViewChange> read);
  // Before a read: stamps the gaps noticed since the last call with `snapshot.next`, and
  // marks final those whose stamp is at or below `snapshot.xmin` (their writers have ended).
  void Settle(const ChangeSnapshot& snapshot);

  // Seq values missing now.
  int64_t missing_count() const;

 private:
  struct Gap {
    SeqRange range;
    std::optional<int64_t> stamp;  // `next` of the first snapshot after the read that noticed it
    bool final = false;            // its writer has ended: given up unless the next read has it
  };
  void AddGap(int64_t first, int64_t last);
  // True when `seq` was missing (and is no longer).
  bool Fill(int64_t seq);

  int64_t last_ = 0;
  std::vector<Gap> gaps_;  // by range, disjoint
};

}  // namespace nazar::nodes
