// PRIVATE to store/: the small kit every area's SQL is written with. Shared is what the
// store and all its areas hold in common (the driver, the pool, the counters, the key that
// seals secrets); a Kit says where one area's calls run: on the connection its transaction
// pinned (inside Store::Transact) or on one taken from the pool for the call. Rows become
// records and pages through sql_rows.h, each area's tables through sql_records.h.
//
// Thread-safety: a Kit without a pinned connection may be used from many threads at once
// (each call takes its own connection); one with a pinned connection belongs to the thread
// running that transaction.
#pragma once

#include <fmt/format.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "core/try.h"
#include "store/sql_driver.h"
#include "store/sql_records.h"
#include "store/sql_rows.h"
#include "store/store.h"

namespace nazar::sql {

struct Shared {
  Shared(std::unique_ptr<Driver> d, const StoreOptions& options);
  ~Shared();

  // SQLite: passive WAL checkpoints on a connection of its own, off the commit path.
  void StartCheckpointer(int every_ms);

  std::unique_ptr<Driver> driver;
  Dialect dialect;
  ConnectionPool pool;
  StoreStats stats;
  std::mutex checkpoint_mu;
  std::condition_variable checkpoint_cv;
  bool stopping = false;
  std::thread checkpointer;
  std::string secret_key;  // seals secrets at rest; empty: stored as given
  std::string node;        // this process in the change feed
};

// Unavailable and Internal count as the store's own errors on /metrics.
bool IsStoreFault(ErrorCode code);

// Runs `f(c)` inside one transaction on `c` (SQLite: BEGIN IMMEDIATE, so writers queue at
// the start); commits when it succeeds, rolls back when it fails or throws.
template <typename F>
auto InTransaction(Dialect dialect, Connection& c, F&& f) -> decltype(f(c)) {
  TRY(c.ExecuteScript(dialect == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
  struct RollbackUnlessCommitted {
    Connection& c;
    bool done = false;
    ~RollbackUnlessCommitted() {
      if (!done) (void)c.ExecuteScript("ROLLBACK");
    }
  } guard{c};
  auto r = f(c);
  if (!r) return r;
  TRY(c.ExecuteScript("COMMIT"));
  guard.done = !c.InTransaction();
  return r;
}

class Kit {
 public:
  Kit(Shared& shared, Connection* pinned) : shared_(&shared), pinned_(pinned) {}

  Dialect dialect() const { return shared_->dialect; }
  bool postgres() const { return shared_->dialect == Dialect::kPostgres; }
  // True inside Store::Transact: row locks taken now last until it ends.
  bool in_transaction() const { return pinned_ != nullptr; }
  const std::string& secret_key() const { return shared_->secret_key; }
  // A connection of the caller's own, outside the pool (a listener's).
  Result<std::unique_ptr<Connection>> ConnectAlone() const { return shared_->driver->Connect(); }
  // A secret as it is stored: sealed under the store's key when there is one (an empty or
  // already sealed value as it is).
  std::string Seal(const std::string& secret) const;
  // A stored secret in clear: opened when sealed under the store's key; otherwise as stored
  // (written before sealing existed, or sealed under another key: kept, never lost).
  std::string Unseal(std::string stored) const;

  // Runs `f(connection)` as one store call: on the pinned connection, or on a pooled one
  // (inside a transaction of its own when `atomic`: calls of more than one statement).
  template <typename F>
  auto Run(bool atomic, F&& f) const -> decltype(f(std::declval<Connection&>())) {
    using R = decltype(f(std::declval<Connection&>()));
    shared_->stats.queries++;
    R r = [&]() -> R {
      if (pinned_) return f(*pinned_);
      TRY_ASSIGN(auto lease, shared_->pool.Acquire());
      if (!atomic) return f(*lease);
      return InTransaction(shared_->dialect, *lease, f);
    }();
    if (!r && IsStoreFault(r.error().code)) shared_->stats.errors++;
    return r;
  }

  // One statement as one store call: its rows, or the number of rows it changed.
  Result<Rows> Query(std::string_view sql, const Params& params) const {
    return Run(false, [&](Connection& c) { return c.Query(sql, params); });
  }
  Result<int64_t> Execute(std::string_view sql, const Params& params) const {
    return Run(false, [&](Connection& c) { return c.Execute(sql, params); });
  }

  // Records of `t` as one store call (sql_rows.h): the one `where` selects (NotFound when
  // none), every one, or a page of at most `limit` (`where` ends with "LIMIT ?"; the cursor
  // of the next page is the last record's `id_of`, by default its id).
  template <typename T>
  Result<T> Get(const Table<T>& t, std::string_view where, const Params& params) const {
    return One<T>(Query(t.Select(where), params), t.map, t.what);
  }
  template <typename T>
  Result<std::vector<T>> List(const Table<T>& t, std::string_view where,
                              const Params& params) const {
    return All<T>(Query(t.Select(where), params), t.map);
  }
  template <typename T, typename IdOf>
  Result<Page<T>> ListPage(const Table<T>& t, std::string_view where, Params params, int limit,
                           IdOf id_of) const {
    params.push_back(int64_t{limit + 1});
    return PageOf<T>(Query(t.Select(where), params), limit, t.map, id_of);
  }
  template <typename T>
  Result<Page<T>> ListPage(const Table<T>& t, std::string_view where, Params params,
                           int limit) const {
    return ListPage(t, where, std::move(params), limit, [](const T& x) { return x.id; });
  }

 private:
  Shared* shared_;
  Connection* pinned_;  // set inside Store::Transact
};

// --- statement helpers ---------------------------------------------------------------------

// A LIKE pattern matching `text` literally anywhere, lower-cased (ESCAPE '!').
std::string ContainsPattern(std::string_view text);

// "?, ?, ?" for an IN list of n values.
std::string Placeholders(size_t n);

// An optional id as a parameter: NULL when absent.
template <typename Tag>
Value OptId(const std::optional<Id<Tag>>& id) {
  return id ? Value(id->value) : Value(std::monostate{});
}

// A foreign-key failure on insert means the parent (organisation, survey) is not there.
template <typename T>
Result<T> ParentMissingIsNotFound(Result<T> r, std::string_view parent) {
  if (!r && r.error().code == ErrorCode::kFailedPrecondition)
    return Fail(Error::NotFound(fmt::format("{} not found", parent)));
  return r;
}

// A statement's success without its count.
inline Result<void> Done(const Result<int64_t>& n) {
  TRY(n);
  return {};
}

// A change of one row addressed by id: NotFound ("<what> not found") when none matched.
inline Result<void> OneChanged(const Result<int64_t>& n, std::string_view what) {
  TRY_ASSIGN(int64_t changed, n);
  if (changed == 0) return Fail(Error::NotFound(fmt::format("{} not found", what)));
  return {};
}

// --- the areas (one file each: sql_accounts.cc, sql_surveys.cc, ...) -----------------------

std::unique_ptr<AccountsStore> NewAccountsArea(Kit kit);
std::unique_ptr<AccessStore> NewAccessArea(Kit kit);
std::unique_ptr<SurveysStore> NewSurveysArea(Kit kit);
std::unique_ptr<ResponsesStore> NewResponsesArea(Kit kit);
std::unique_ptr<JourneysStore> NewJourneysArea(Kit kit);
std::unique_ptr<OutreachStore> NewOutreachArea(Kit kit);
std::unique_ptr<DeliveryStore> NewDeliveryArea(Kit kit);
std::unique_ptr<TextStore> NewTextArea(Kit kit);
std::unique_ptr<PersonasStore> NewPersonasArea(Kit kit);
std::unique_ptr<AuditStore> NewAuditArea(Kit kit);
std::unique_ptr<ActStore> NewActArea(Kit kit);
std::unique_ptr<WebhooksStore> NewWebhooksArea(Kit kit);
std::unique_ptr<CallCentreStore> NewCallCentreArea(Kit kit);
std::unique_ptr<ProgramStore> NewProgramArea(Kit kit);
std::unique_ptr<OutcomesStore> NewOutcomesArea(Kit kit);
std::unique_ptr<ChangesStore> NewChangesArea(Kit kit);
std::unique_ptr<PreferencesStore> NewPreferencesArea(Kit kit);

// What one area's SQL asks of another's inside its own statement sequence.
// The organisation's survey (NotFound otherwise): sql_surveys.cc.
Result<Survey> GetSurveyOn(Connection& c, OrgId org, int64_t survey_id);
// Adds a pending message unless its (organisation, topic, key) exists; rows written:
// sql_delivery.cc.
Result<int64_t> EnqueueOn(Connection& c, const OutboxMessage& message);

}  // namespace nazar::sql
