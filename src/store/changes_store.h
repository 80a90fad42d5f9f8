// The change feed: what every node's in-memory metrics views follow so that a write taken by
// any process (another node behind the load balancer, `nazar import`, `nazar text enrich`) is
// in every view within a second, and none is missed or counted twice.
//
// Contract:
// - Triggers write the feed in the writing transaction (migration 23): a response inserted or
//   updated while complete (or leaving complete) is a change of kind "response" about its id;
//   a persona membership added or removed is a change of kind "contact" about the contact. So
//   nothing that commits escapes it and nothing rolled back is in it. PostgreSQL's triggers
//   are the database's (every writer, psql included); SQLite's are each Nazar connection's
//   own TEMP triggers (writes of other programs, like the sqlite3 shell, are not followed).
// - `seq` grows with each change written. On SQLite writers take turns, so changes become
//   visible in seq order. On PostgreSQL a seq is taken when the row is written and becomes
//   visible at commit, so a reader may see seq 12 before 11: 11 is "missing" until its
//   transaction commits (then it appears) or is known to have ended (rolled back: it never
//   will). ChangeSnapshot says which: every transaction with xid < xmin has ended, and the
//   one that took a seq seen missing had an xid below the `next` of any snapshot taken after
//   that read (its xid is assigned when it writes the response, before it takes the seq).
// - `node` is the process that wrote the change (StoreOptions::node), so a node skips what it
//   already applied itself.
// - Changes older than a day are pruned (PruneChanges); a node that starts reads the views
//   from the store and follows from the newest seq.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

struct ViewChange {
  int64_t seq = 0;
  OrgId org;
  std::string kind;  // "response" | "contact"
  int64_t subject = 0;
  std::string node;
  int64_t at_ms = 0;
};

// Seq values first..last inclusive.
struct SeqRange {
  int64_t first = 0;
  int64_t last = 0;
};

// Transactions with xid < xmin have ended; every xid assigned so far is below `next` (a fresh
// xid: PostgreSQL's snapshot xmax is only past the newest *ended* one, and a running
// transaction may be above it). SQLite: xmin = INT64_MAX (nothing is ever in flight for a
// reader), next = 0.
struct ChangeSnapshot {
  int64_t xmin = 0;
  int64_t next = 0;
};

class ChangesStore {
 public:
  virtual ~ChangesStore() = default;

  // Changes with seq > `after` or within one of `also`, by seq, at most `limit`.
  virtual Result<std::vector<ViewChange>> ReadChanges(int64_t after, std::span<const SeqRange> also,
                                                      int64_t limit) = 0;
  // The newest change's seq; 0 when there is none.
  virtual Result<int64_t> LastChangeSeq() = 0;
  // The first seq written at or after `since_ms`; LastChangeSeq() + 1 when none was.
  virtual Result<int64_t> FirstSeqSince(int64_t since_ms) = 0;
  // The seq values above `after` and below the newest that are not (yet) visible.
  virtual Result<std::vector<SeqRange>> MissingChanges(int64_t after) = 0;
  virtual Result<ChangeSnapshot> Snapshot() = 0;
  // Deletes changes written before `before_ms`; returns how many.
  virtual Result<int64_t> PruneChanges(int64_t before_ms) = 0;
  // Waits until a change may have been committed, or `timeout`: PostgreSQL listens on
  // 'nazar_changes' on a connection of its own (true when notified); SQLite has no
  // notifications and waits the timeout out (false). Not for use inside Store::Transact.
  virtual Result<bool> WaitForChanges(std::chrono::milliseconds timeout) = 0;

  // Whether this process leads the cluster's scheduled work (digests, refits, the metric
  // watch, SLA sweeps), so that it runs once, not once per node: PostgreSQL holds a session
  // advisory lock on a connection of its own, kept while the process lives (a node that dies
  // or loses its connection frees it, and the next node to ask takes it); SQLite always
  // leads. Cheap when nothing changed: call it before each run.
  virtual Result<bool> Leads() = 0;
};

}  // namespace nazar
