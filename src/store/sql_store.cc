// One Store for both SQL backends: it opens the database, migrates it, runs transactions
// and hands out the areas (sql_<area>.cc), all over one Shared state. Statements are
// written once in the common subset of SQLite and PostgreSQL; the driver handles
// placeholders and types.
#include <unistd.h>

#include <chrono>
#include <climits>
#include <random>

#include "store/migrations.h"
#include "store/sql_kit.h"

namespace nazar {
namespace {

using sql::Connection;
using sql::Dialect;

constexpr int64_t kMigrationLockKey = 7274627;  // pg_advisory_lock key for migrations

class SqlStore final : public Store {
 public:
  SqlStore(std::shared_ptr<sql::Shared> shared, Connection* pinned)
      : shared_(std::move(shared)),
        pinned_(pinned),
        accounts_(sql::NewAccountsArea(kit())),
        access_(sql::NewAccessArea(kit())),
        surveys_(sql::NewSurveysArea(kit())),
        responses_(sql::NewResponsesArea(kit())),
        journeys_(sql::NewJourneysArea(kit())),
        outreach_(sql::NewOutreachArea(kit())),
        delivery_(sql::NewDeliveryArea(kit())),
        text_(sql::NewTextArea(kit())),
        personas_(sql::NewPersonasArea(kit())),
        audit_(sql::NewAuditArea(kit())),
        act_(sql::NewActArea(kit())),
        webhooks_(sql::NewWebhooksArea(kit())),
        call_centre_(sql::NewCallCentreArea(kit())),
        program_(sql::NewProgramArea(kit())),
        outcomes_(sql::NewOutcomesArea(kit())),
        changes_(sql::NewChangesArea(kit())),
        preferences_(sql::NewPreferencesArea(kit())) {}

  StoreBackend backend() const override {
    return shared_->dialect == Dialect::kSqlite ? StoreBackend::kSqlite : StoreBackend::kPostgres;
  }
  const StoreStats& stats() const override { return shared_->stats; }
  const std::string& node() const override { return shared_->node; }

  AccountsStore& accounts() override { return *accounts_; }
  AccessStore& access() override { return *access_; }
  SurveysStore& surveys() override { return *surveys_; }
  ResponsesStore& responses() override { return *responses_; }
  JourneysStore& journeys() override { return *journeys_; }
  OutreachStore& outreach() override { return *outreach_; }
  DeliveryStore& delivery() override { return *delivery_; }
  TextStore& text() override { return *text_; }
  PersonasStore& personas() override { return *personas_; }
  ActStore& act() override { return *act_; }
  AuditStore& audit() override { return *audit_; }
  WebhooksStore& webhooks() override { return *webhooks_; }
  CallCentreStore& call_centre() override { return *call_centre_; }
  ProgramStore& program() override { return *program_; }
  OutcomesStore& outcomes() override { return *outcomes_; }
  ChangesStore& changes() override { return *changes_; }
  PreferencesStore& preferences() override { return *preferences_; }

  Result<int> Migrate() override { return MigrateTo(INT_MAX); }
  Result<int> MigrateToForTest(int version) override { return MigrateTo(version); }

  Result<int> SchemaVersion() override {
    return kit().Run(false, [&](Connection& c) -> Result<int> {
      std::string_view exists =
          shared_->dialect == Dialect::kSqlite
              ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
                "'schema_migrations'"
              : "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND "
                "tablename = 'schema_migrations'";
      TRY_ASSIGN(int64_t tables, sql::FirstInt(c.Query(exists, {})));
      if (tables == 0) return 0;
      TRY_ASSIGN(
          int64_t version,
          sql::FirstInt(c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {})));
      return static_cast<int>(version);
    });
  }

  Result<void> Ping() override { return sql::Done(sql::FirstInt(kit().Query("SELECT 1", {}))); }

  Result<void> Transact(const std::function<Result<void>(Store&)>& work) override {
    if (pinned_) return work(*this);  // nested: part of the enclosing transaction
    shared_->stats.transactions++;
    TRY_ASSIGN(auto lease, shared_->pool.Acquire());
    SqlStore tx(shared_, &*lease);
    auto r = sql::InTransaction(shared_->dialect, *lease, [&](Connection&) { return work(tx); });
    if (!r && sql::IsStoreFault(r.error().code)) shared_->stats.errors++;
    return r;
  }

 private:
  sql::Kit kit() const { return sql::Kit(*shared_, pinned_); }

  Result<int> MigrateTo(int up_to) {
    TRY_ASSIGN(auto lease, shared_->pool.Acquire());
    Connection& c = *lease;
    const bool pg = shared_->dialect == Dialect::kPostgres;
    // PostgreSQL: one migrating process at a time across the cluster.
    if (pg) TRY(c.Query("SELECT pg_advisory_lock(?)", {kMigrationLockKey}));
    auto result = [&]() -> Result<int> {
      TRY(c.ExecuteScript(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
          "name TEXT NOT NULL, applied_ms BIGINT NOT NULL)"));
      int reached = 0;
      for (const sql::Migration& m : sql::AllMigrations()) {
        if (m.version > up_to) break;
        TRY(sql::InTransaction(shared_->dialect, c, [&](Connection& tx) { return Apply(tx, m); }));
        reached = m.version;
      }
      if (!pg) {
        // SQLite's change triggers are each connection's own: this one's now, the others' as
        // they are opened again.
        TRY(sql::InstallSqliteChangeTriggers(c, shared_->node));
        shared_->pool.DiscardIdle();
      }
      return reached;
    }();
    if (pg) (void)c.Query("SELECT pg_advisory_unlock(?)", {kMigrationLockKey});
    return result;
  }

  // Applies one migration unless it is recorded as applied, and records it.
  Result<void> Apply(Connection& tx, const sql::Migration& m) {
    TRY_ASSIGN(
        sql::Rows applied,
        tx.Query("SELECT version FROM schema_migrations WHERE version = ?", {int64_t{m.version}}));
    if (!applied.empty()) return {};
    const std::string_view own =
        shared_->dialect == Dialect::kSqlite ? m.sqlite_sql : m.postgres_sql;
    for (std::string_view script : {m.sql, own}) {
      if (script.empty()) continue;
      if (auto s = tx.ExecuteScript(sql::RenderForDialect(script, shared_->dialect)); !s)
        return Fail(Error::Internal(
            fmt::format("migration {} ({}) failed: {}", m.version, m.name, s.error().message)));
    }
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    return sql::Done(
        tx.Execute("INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)",
                   {int64_t{m.version}, std::string(m.name), int64_t{now}}));
  }

  std::shared_ptr<sql::Shared> shared_;
  Connection* pinned_;  // set inside Transact()
  std::unique_ptr<AccountsStore> accounts_;
  std::unique_ptr<AccessStore> access_;
  std::unique_ptr<SurveysStore> surveys_;
  std::unique_ptr<ResponsesStore> responses_;
  std::unique_ptr<JourneysStore> journeys_;
  std::unique_ptr<OutreachStore> outreach_;
  std::unique_ptr<DeliveryStore> delivery_;
  std::unique_ptr<TextStore> text_;
  std::unique_ptr<PersonasStore> personas_;
  std::unique_ptr<AuditStore> audit_;
  std::unique_ptr<ActStore> act_;
  std::unique_ptr<WebhooksStore> webhooks_;
  std::unique_ptr<CallCentreStore> call_centre_;
  std::unique_ptr<ProgramStore> program_;
  std::unique_ptr<OutcomesStore> outcomes_;
  std::unique_ptr<ChangesStore> changes_;
  std::unique_ptr<PreferencesStore> preferences_;
};

// "host-1234-9f3a": this process among the nodes writing to one database.
std::string MakeNodeName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  return fmt::format("{}-{}-{:04x}", host[0] ? host : "node", static_cast<long>(getpid()),
                     random() & 0xffff);
}

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options) {
  std::unique_ptr<sql::Driver> driver;
  const std::string node = options.node.empty() ? MakeNodeName() : options.node;
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);  // also accept sqlite://PATH
    if (path.empty()) return Fail(Error::InvalidArgument("sqlite: needs a file path", "db"));
    driver = sql::MakeSqliteDriver(std::move(path), options.busy_timeout_ms,
                                   /*auto_checkpoint=*/options.background_checkpoint_ms <= 0, node);
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    driver = sql::MakePostgresDriver(std::string(url), node);
  } else {
    return Fail(
        Error::InvalidArgument("database URL must start with sqlite: or postgresql://", "db"));
  }
  auto shared = std::make_shared<sql::Shared>(std::move(driver), options);
  shared->node = node;
  if (shared->dialect == Dialect::kSqlite && options.background_checkpoint_ms > 0) {
    shared->StartCheckpointer(options.background_checkpoint_ms);
  }
  auto store = std::make_unique<SqlStore>(std::move(shared), nullptr);
  // Fail early, with a clear message, when the database cannot be reached.
  TRY(store->Ping());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace nazar
