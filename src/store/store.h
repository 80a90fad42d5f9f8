// The one storage interface of Nazar: a Store is the database, made of one small interface
// per area (accounts, access, surveys, responses, journeys, outreach, delivery, text,
// personas, audit, act, webhooks, program, outcomes, changes, preferences: the *_store.h headers beside this one) that callers speak to in domain
// terms; the SQL dialects stay behind OpenStore(). A service holds only the areas it uses;
// one that makes several changes at once holds the Store for Transact().
//
// Contract, for every area:
// - Every call about organisation data takes the OrgId first; rows of other organisations
//   are never returned or touched (NotFound instead).
// - A call that returns success has made its change durable (SQLite: WAL with
//   synchronous=FULL; PostgreSQL: synchronous_commit=on).
// - A failed call changes nothing (each call is one transaction).
// - Errors: NotFound, AlreadyExists (unique conflicts, with the field named),
//   FailedPrecondition, Unavailable (database unreachable or busy), Internal.
//
// Thread-safety: a Store and its areas are safe to use from many threads at once; they
// share a pool of connections. Transact() runs a function on one connection inside one
// transaction; the Store it hands that function, and its areas, belong to that call alone.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/try.h"
#include "store/access_store.h"
#include "store/act_store.h"
#include "store/accounts_store.h"
#include "store/audit_store.h"
#include "store/call_centre_store.h"
#include "store/changes_store.h"
#include "store/delivery_store.h"
#include "store/journeys_store.h"
#include "store/outcomes_store.h"
#include "store/outreach_store.h"
#include "store/personas_store.h"
#include "store/preferences_store.h"
#include "store/program_store.h"
#include "store/records.h"
#include "store/responses_store.h"
#include "store/surveys_store.h"
#include "store/text_store.h"
#include "store/webhooks_store.h"

namespace nazar {

enum class StoreBackend { kSqlite, kPostgres };

struct StoreOptions {
  // Connections in the pool. SQLite serialises writers itself; readers run in parallel.
  int pool_size = 8;
  // How long a SQLite writer waits for the write lock before giving up (Unavailable).
  int busy_timeout_ms = 5000;
  // How long to wait for a free pooled connection.
  int acquire_timeout_ms = 10000;
  // SQLite: fold the WAL into the database on a background thread every this many ms
  // (a passive checkpoint never blocks writers) instead of on whichever commit crosses the
  // auto-checkpoint size; 0 keeps SQLite's own auto-checkpoint.
  int background_checkpoint_ms = 200;
  // Seals secrets at rest (the SMTP password) with AES-256-GCM (core/crypto.h): 32 bytes,
  // or empty to store them as given. A secret sealed under another key stays sealed.
  std::string secret_key;
  // This process's name in the change feed (changes_store.h): what its writes are marked
  // with, so it skips them when following the feed. Empty: OpenStore makes one (host, pid
  // and a random part).
  std::string node;
};

// Counters exported on /metrics.
struct StoreStats {
  std::atomic<uint64_t> queries{0};
  std::atomic<uint64_t> errors{0};
  std::atomic<uint64_t> transactions{0};
};

class Store {
 public:
  virtual ~Store() = default;

  virtual StoreBackend backend() const = 0;
  virtual const StoreStats& stats() const = 0;
  // This process's name in the change feed (StoreOptions::node, or the one made for it).
  virtual const std::string& node() const = 0;

  // Schema. Migrate() applies pending versioned migrations and returns the version reached;
  // several processes may call it at once.
  virtual Result<int> Migrate() = 0;
  // Applies the pending migrations up to `version` only (tests of a migration's data copy).
  virtual Result<int> MigrateToForTest(int version) = 0;
  virtual Result<int> SchemaVersion() = 0;
  virtual Result<void> Ping() = 0;

  // Runs `work` inside one transaction on one connection: all the calls it makes through
  // `tx` and its areas commit together, or none does (when `work` or a call fails). Nested
  // inside another Transact it is part of the enclosing transaction.
  virtual Result<void> Transact(const std::function<Result<void>(Store&)>& work) = 0;

  // The areas. Outside Transact each call is its own transaction; inside, the areas of the
  // `tx` that Transact hands out run on the transaction's connection.
  virtual AccountsStore& accounts() = 0;
  virtual AccessStore& access() = 0;
  virtual SurveysStore& surveys() = 0;
  virtual ResponsesStore& responses() = 0;
  virtual JourneysStore& journeys() = 0;
  virtual OutreachStore& outreach() = 0;
  virtual DeliveryStore& delivery() = 0;
  virtual TextStore& text() = 0;
  virtual PersonasStore& personas() = 0;
  virtual AuditStore& audit() = 0;
  virtual ActStore& act() = 0;
  virtual WebhooksStore& webhooks() = 0;
  virtual CallCentreStore& call_centre() = 0;
  virtual ProgramStore& program() = 0;
  virtual OutcomesStore& outcomes() = 0;
  virtual ChangesStore& changes() = 0;
  virtual PreferencesStore& preferences() = 0;
};

// Every item of a cursor-paged listing, a page (query.limit items) at a time, in the
// listing's order: `list(query)` returns Result<Page<T>>, `use(item)` returns void or
// Result<void> (a failure stops the walk and is returned).
//   ForEachListed(InteractionQuery{.contact_id = id, .limit = 1000},
//                 [&](const auto& q) { return journeys.ListInteractions(org, q); },
//                 [&](const Interaction& i) { ... });
template <typename Query, typename List, typename Use>
Result<void> ForEachListed(Query query, List&& list, Use&& use) {
  for (;;) {
    TRY_ASSIGN(auto page, list(query));
    for (auto& item : page.items) {
      if constexpr (std::is_void_v<decltype(use(item))>) {
        use(item);
      } else {
        TRY(use(item));
      }
    }
    if (!page.next_after) return {};
    query.after = page.next_after;
  }
}

// Opens a store from a URL: "sqlite:PATH" (the file and its folder are created) or
// "postgresql://user@host:port/db" (libpq connection URI). Does not migrate.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options = {});

}  // namespace nazar
