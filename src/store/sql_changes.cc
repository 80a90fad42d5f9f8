// The change feed over SQL (store/changes_store.h): reading what the triggers of migration 23
// wrote, the PostgreSQL snapshot that tells a change being committed from one rolled back,
// and the LISTEN connection that wakes a node when a change commits.
#include <climits>
#include <mutex>
#include <string>

#include "store/changes_store.h"
#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

constexpr std::string_view kChannel = "nazar_changes";

class SqlChanges final : public ChangesStore {
 public:
  explicit SqlChanges(Kit kit) : kit_(kit) {}

  Result<std::vector<ViewChange>> ReadChanges(int64_t after, std::span<const SeqRange> also,
                                              int64_t limit) override {
    std::string where = "seq > ?";
    Params params{after};
    for (const SeqRange& r : also) {
      where += " OR (seq >= ? AND seq <= ?)";
      params.push_back(r.first);
      params.push_back(r.last);
    }
    params.push_back(limit);
    TRY_ASSIGN(Rows rows,
               kit_.Query("SELECT seq, org_id, kind, subject, node, at_ms FROM view_changes WHERE " +
                              where + " ORDER BY seq LIMIT ?",
                          params));
    std::vector<ViewChange> out;
    out.reserve(rows.size());
    for (const Row& r : rows)
      out.push_back({.seq = r.Int(0), .org = OrgId{r.Int(1)}, .kind = r.Text(2),
                     .subject = r.Int(3), .node = r.Text(4), .at_ms = r.Int(5)});
    return out;
  }

  Result<int64_t> LastChangeSeq() override {
    return FirstInt(kit_.Query("SELECT COALESCE(MAX(seq), 0) FROM view_changes", {}));
  }

  Result<int64_t> FirstSeqSince(int64_t since_ms) override {
    TRY_ASSIGN(Rows rows, kit_.Query("SELECT MIN(seq) FROM view_changes WHERE at_ms >= ?", {since_ms}));
    if (!rows.empty() && !rows.front().IsNull(0)) return rows.front().Int(0);
    TRY_ASSIGN(const int64_t last, LastChangeSeq());
    return last + 1;
  }

  Result<std::vector<SeqRange>> MissingChanges(int64_t after) override {
    // Each visible seq (and `after` itself) with the next visible one: a step of more than one
    // is a gap.
    TRY_ASSIGN(Rows rows, kit_.Query("SELECT seq, next FROM (SELECT seq, LEAD(seq) OVER (ORDER BY seq) AS next "
                                     "FROM (SELECT CAST(? AS BIGINT) AS seq UNION ALL "
                                     "SELECT seq FROM view_changes WHERE seq > ?) visible) steps "
                                     "WHERE next > seq + 1 ORDER BY seq",
                                     {after, after}));
    std::vector<SeqRange> out;
    for (const Row& r : rows) out.push_back({r.Int(0) + 1, r.Int(1) - 1});
    return out;
  }

  Result<ChangeSnapshot> Snapshot() override {
    if (!kit_.postgres()) return ChangeSnapshot{.xmin = INT64_MAX, .next = 0};
    // pg_current_xact_id() gives this statement an xid of its own: above every one assigned.
    TRY_ASSIGN(Rows rows, kit_.Query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
                                     "pg_current_xact_id()::text::bigint",
                                     {}));
    return ChangeSnapshot{.xmin = rows.front().Int(0), .next = rows.front().Int(1)};
  }

  Result<int64_t> PruneChanges(int64_t before_ms) override {
    return kit_.Execute("DELETE FROM view_changes WHERE at_ms < ?", {before_ms});
  }

  Result<bool> WaitForChanges(std::chrono::milliseconds timeout) override {
    std::lock_guard lock(listen_mu_);
    if (!kit_.postgres()) {
      std::this_thread::sleep_for(timeout);
      return false;
    }
    if (!listener_ || listener_->Broken()) {
      listener_.reset();
      TRY_ASSIGN(listener_, kit_.ConnectAlone());
      if (auto st = listener_->ExecuteScript("LISTEN " + std::string(kChannel)); !st) {
        listener_.reset();
        return Fail(st.error());
      }
      return true;  // something may have committed while nobody listened
    }
    auto woken = listener_->WaitForNotification(static_cast<int>(timeout.count()));
    if (!woken) listener_.reset();
    return woken;
  }

  Result<bool> Leads() override {
    if (!kit_.postgres()) return true;
    std::lock_guard lock(lead_mu_);
    if (leader_ && !leader_->Broken() && leading_) {
      // Still ours while the session lives: one round trip to notice a dropped connection.
      if (auto alive = leader_->Query("SELECT 1", {}); alive) return true;
    }
    leading_ = false;
    if (!leader_ || leader_->Broken()) {
      leader_.reset();
      TRY_ASSIGN(leader_, kit_.ConnectAlone());
    }
    TRY_ASSIGN(const int64_t got,
               FirstInt(leader_->Query("SELECT CASE WHEN pg_try_advisory_lock(?) THEN 1 ELSE 0 END",
                                       {kLeaderLockKey})));
    leading_ = got == 1;
    return leading_;
  }

 private:
  static constexpr int64_t kLeaderLockKey = 7274628;  // beside the migrations' 7274627

  Kit kit_;
  std::mutex listen_mu_;
  std::unique_ptr<Connection> listener_;
  std::mutex lead_mu_;
  std::unique_ptr<Connection> leader_;
  bool leading_ = false;
};

}  // namespace

std::unique_ptr<ChangesStore> NewChangesArea(Kit kit) { return std::make_unique<SqlChanges>(kit); }

}  // namespace nazar::sql
