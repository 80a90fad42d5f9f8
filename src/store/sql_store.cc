// One Store implementation for both SQL backends. Statements are written once in the
// common subset of SQLite and PostgreSQL; the driver handles placeholders and types.
#include <chrono>
#include <climits>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "core/json.h"
#include "store/migrations.h"
#include "store/sql_driver.h"
#include "store/sql_member_invitations.h"
#include "store/sql_rows.h"
#include "core/crypto.h"
#include "store/store.h"

namespace nazar {
namespace {

using sql::Connection;
using sql::Dialect;
using sql::Params;
using sql::Row;
using sql::Rows;
using sql::Value;
using sql::ClampLimit;
using sql::MakePage;
using sql::One;

constexpr int64_t kMigrationLockKey = 7274627;  // pg_advisory_lock key for migrations

struct Shared {
  Shared(std::unique_ptr<sql::Driver> d, const StoreOptions& options)
      : driver(std::move(d)),
        dialect(driver->dialect()),
        pool(*driver, options.pool_size, options.acquire_timeout_ms),
        secret_key(options.secret_key) {}
  ~Shared() {
    {
      std::lock_guard lock(checkpoint_mu);
      stopping = true;
    }
    checkpoint_cv.notify_all();
    if (checkpointer.joinable()) checkpointer.join();
  }

  // SQLite: passive WAL checkpoints on a connection of its own, off the commit path.
  void StartCheckpointer(int every_ms) {
    checkpointer = std::thread([this, every_ms] {
      auto conn = driver->Connect();
      if (!conn) return;
      std::unique_lock lock(checkpoint_mu);
      while (!checkpoint_cv.wait_for(lock, std::chrono::milliseconds(every_ms),
                                     [this] { return stopping; })) {
        lock.unlock();
        (void)(*conn)->ExecuteScript("PRAGMA wal_checkpoint(PASSIVE);");
        lock.lock();
      }
      // Leave a small WAL behind.
      lock.unlock();
      (void)(*conn)->ExecuteScript("PRAGMA wal_checkpoint(PASSIVE);");
    });
  }

  std::unique_ptr<sql::Driver> driver;
  Dialect dialect;
  sql::ConnectionPool pool;
  StoreStats stats;
  std::mutex checkpoint_mu;
  std::condition_variable checkpoint_cv;
  bool stopping = false;
  std::thread checkpointer;
  std::string secret_key;  // seals secrets at rest; empty: stored as given
};

bool IsStoreFault(ErrorCode code) {
  return code == ErrorCode::kUnavailable || code == ErrorCode::kInternal;
}

// --- row mapping -------------------------------------------------------------------------

constexpr std::string_view kUserCols =
    "id, email, name, password_hash, locale, disabled, created_ms, managed_by_org";
User UserFrom(const Row& r) {
  User u{.id = UserId{r.Int(0)},
         .email = r.Text(1),
         .name = r.Text(2),
         .password_hash = r.Text(3),
         .locale = r.Text(4),
         .disabled = r.Int(5) != 0,
         .created_ms = r.Int(6)};
  if (auto org = r.OptInt(7)) u.managed_by_org = OrgId{*org};
  return u;
}

constexpr std::string_view kOrgCols =
    "o.id, o.name, o.time_zone, o.calendar, o.digits, o.language, o.created_ms";
Organisation OrgFrom(const Row& r) {
  return Organisation{.id = OrgId{r.Int(0)},
                      .name = r.Text(1),
                      .time_zone = r.Text(2),
                      .calendar = ParseCalendar(r.Text(3)).value_or(Calendar::kGregorian),
                      .digits = ParseDigits(r.Text(4)).value_or(Digits::kLatin),
                      .language = r.Text(5),
                      .created_ms = r.Int(6)};
}

constexpr std::string_view kMemberSelect =
    "SELECT m.org_id, m.user_id, m.role, u.email, u.name, m.created_ms "
    "FROM memberships m JOIN users u ON u.id = m.user_id ";
Member MemberFrom(const Row& r) {
  return Member{.org_id = OrgId{r.Int(0)},
                .user_id = UserId{r.Int(1)},
                .role = ParseRole(r.Text(2)).value_or(Role::kViewer),
                .email = r.Text(3),
                .name = r.Text(4),
                .created_ms = r.Int(5)};
}

constexpr std::string_view kSessionCols =
    "token_hash, user_id, csrf_token, created_ms, last_seen_ms, expires_ms, ip, user_agent";
Session SessionFrom(const Row& r) {
  return Session{.token_hash = r.Text(0),
                 .user_id = UserId{r.Int(1)},
                 .csrf_token = r.Text(2),
                 .created_ms = r.Int(3),
                 .last_seen_ms = r.Int(4),
                 .expires_ms = r.Int(5),
                 .ip = r.Text(6),
                 .user_agent = r.Text(7)};
}

constexpr std::string_view kApiKeyCols =
    "id, org_id, name, role, prefix, secret_hash, created_by, created_ms, last_used_ms, "
    "revoked_ms";
ApiKey ApiKeyFrom(const Row& r) {
  ApiKey k{.id = ApiKeyId{r.Int(0)},
           .org_id = OrgId{r.Int(1)},
           .name = r.Text(2),
           .role = ParseRole(r.Text(3)).value_or(Role::kViewer),
           .prefix = r.Text(4),
           .secret_hash = r.Text(5),
           .created_ms = r.Int(7),
           .last_used_ms = r.OptInt(8),
           .revoked_ms = r.OptInt(9)};
  if (auto by = r.OptInt(6)) k.created_by = UserId{*by};
  return k;
}

constexpr std::string_view kAuditCols =
    "id, org_id, actor_user_id, actor_api_key_id, action, target, details, ip, at_ms";
AuditEntry AuditFrom(const Row& r) {
  AuditEntry e{.id = r.Int(0),
               .org_id = OrgId{r.Int(1)},
               .action = r.Text(4),
               .target = r.Text(5),
               .details = r.Text(6),
               .ip = r.Text(7),
               .at_ms = r.Int(8)};
  if (auto u = r.OptInt(2)) e.actor_user_id = UserId{*u};
  if (auto k = r.OptInt(3)) e.actor_api_key_id = ApiKeyId{*k};
  return e;
}

constexpr std::string_view kSurveyCols =
    "id, org_id, name, status, draft, published_version, created_ms, updated_ms";
Survey SurveyFrom(const Row& r) {
  return Survey{.id = r.Int(0),
                .org_id = OrgId{r.Int(1)},
                .name = r.Text(2),
                .status = ParseSurveyStatus(r.Text(3)).value_or(SurveyStatus::kDraft),
                .draft = r.Text(4),
                .published_version = static_cast<int>(r.Int(5)),
                .created_ms = r.Int(6),
                .updated_ms = r.Int(7)};
}

constexpr std::string_view kVersionCols = "survey_id, version, definition, published_ms";
SurveyVersion VersionFrom(const Row& r) {
  return SurveyVersion{.survey_id = r.Int(0),
                       .version = static_cast<int>(r.Int(1)),
                       .definition = r.Text(2),
                       .published_ms = r.Int(3)};
}

constexpr std::string_view kLinkCols =
    "id, org_id, survey_id, token, name, channel, honeypot, one_per_browser, "
    "rate_limit_per_hour, created_ms, disabled_ms";
SurveyLink LinkFrom(const Row& r) {
  return SurveyLink{.id = r.Int(0),
                    .org_id = OrgId{r.Int(1)},
                    .survey_id = r.Int(2),
                    .token = r.Text(3),
                    .name = r.Text(4),
                    .channel = r.Text(5),
                    .honeypot = r.Int(6) != 0,
                    .one_per_browser = r.Int(7) != 0,
                    .rate_limit_per_hour = static_cast<int>(r.Int(8)),
                    .created_ms = r.Int(9),
                    .disabled_ms = r.OptInt(10)};
}

constexpr std::string_view kResponseCols =
    "id, org_id, survey_id, version, link_id, response_key, status, language, channel, "
    "touchpoint, agent, hidden, answers, meta, created_ms, updated_ms, completed_ms, contact_id, "
    "interaction_id, comment_text";
constexpr int kResponseColCount = 20;
Response ResponseFrom(const Row& r) {
  return Response{.id = r.Int(0),
                  .org_id = OrgId{r.Int(1)},
                  .survey_id = r.Int(2),
                  .version = static_cast<int>(r.Int(3)),
                  .link_id = r.OptInt(4),
                  .response_key = r.Text(5),
                  .status = ParseResponseStatus(r.Text(6)).value_or(ResponseStatus::kPartial),
                  .language = r.Text(7),
                  .channel = r.Text(8),
                  .touchpoint = r.Text(9),
                  .agent = r.Text(10),
                  .hidden = r.Text(11),
                  .answers = r.Text(12),
                  .contact_id = r.OptInt(17),
                  .interaction_id = r.OptInt(18),
                  .meta = r.Text(13),
                  .comment_text = r.IsNull(19) ? std::nullopt : std::optional<std::string>(r.Text(19)),
                  .created_ms = r.Int(14),
                  .updated_ms = r.Int(15),
                  .completed_ms = r.OptInt(16)};
}

constexpr std::string_view kContactCols =
    "id, org_id, external_id, email, phone, language, attributes, created_ms, updated_ms";
Contact ContactFrom(const Row& r) {
  return Contact{.id = r.Int(0),
                 .org_id = OrgId{r.Int(1)},
                 .external_id = r.Text(2),
                 .email = r.Text(3),
                 .phone = r.Text(4),
                 .language = r.Text(5),
                 .attributes = r.Text(6),
                 .created_ms = r.Int(7),
                 .updated_ms = r.Int(8)};
}

constexpr std::string_view kTouchpointCols =
    "id, org_id, key, name, channel, stage_key, owner, created_ms";
Touchpoint TouchpointFrom(const Row& r) {
  return Touchpoint{.id = r.Int(0),
                    .org_id = OrgId{r.Int(1)},
                    .key = r.Text(2),
                    .name = r.Text(3),
                    .channel = r.Text(4),
                    .stage_key = r.Text(5),
                    .owner = r.Text(6),
                    .created_ms = r.Int(7)};
}

constexpr std::string_view kStageCols = "id, org_id, key, name, position";
JourneyStage StageFrom(const Row& r) {
  return JourneyStage{.id = r.Int(0),
                      .org_id = OrgId{r.Int(1)},
                      .key = r.Text(2),
                      .name = r.Text(3),
                      .position = static_cast<int>(r.Int(4))};
}

constexpr std::string_view kInteractionCols =
    "id, org_id, contact_id, touchpoint, occurred_ms, channel, agent, reference, facts, created_ms";
Interaction InteractionFrom(const Row& r) {
  return Interaction{.id = r.Int(0),
                     .org_id = OrgId{r.Int(1)},
                     .contact_id = r.Int(2),
                     .touchpoint = r.Text(3),
                     .occurred_ms = r.Int(4),
                     .channel = r.Text(5),
                     .agent = r.Text(6),
                     .reference = r.IsNull(7) ? std::string() : r.Text(7),
                     .facts = r.Text(8),
                     .created_ms = r.Int(9)};
}

constexpr std::string_view kRuleCols =
    "id, org_id, name, enabled, survey_id, touchpoint, channel, conditions, delivery, delay_s, "
    "sampling, frequency_cap_days, quiet_start_hour, quiet_end_hour, reminder_after_hours, "
    "templates, created_ms, updated_ms";
TriggerRule RuleFrom(const Row& r) {
  TriggerRule t{.id = r.Int(0),
                .org_id = OrgId{r.Int(1)},
                .name = r.Text(2),
                .enabled = r.Int(3) != 0,
                .survey_id = r.Int(4),
                .touchpoint = r.Text(5),
                .channel = r.Text(6),
                .conditions = r.Text(7),
                .delivery = ParseDeliveryChannel(r.Text(8)).value_or(DeliveryChannel::kEmail),
                .delay_s = r.Int(9),
                .sampling = r.Real(10),
                .frequency_cap_days = static_cast<int>(r.Int(11)),
                .reminder_after_hours = static_cast<int>(r.Int(14)),
                .templates = r.Text(15),
                .created_ms = r.Int(16),
                .updated_ms = r.Int(17)};
  if (auto h = r.OptInt(12)) t.quiet_start_hour = static_cast<int>(*h);
  if (auto h = r.OptInt(13)) t.quiet_end_hour = static_cast<int>(*h);
  return t;
}
Params RuleParams(const TriggerRule& t) {
  auto hour = [](const std::optional<int>& h) { return h ? Value(int64_t{*h}) : Value(std::monostate{}); };
  return {t.name, int64_t{t.enabled}, t.survey_id, t.touchpoint, t.channel,
          t.conditions.empty() ? std::string("[]") : t.conditions,
          std::string(ToString(t.delivery)), t.delay_s, t.sampling, int64_t{t.frequency_cap_days},
          hour(t.quiet_start_hour), hour(t.quiet_end_hour), int64_t{t.reminder_after_hours},
          t.templates.empty() ? std::string("{}") : t.templates, t.updated_ms};
}

constexpr std::string_view kInvitationCols =
    "id, org_id, rule_id, survey_id, contact_id, interaction_id, channel, address, token, status, "
    "touchpoint, agent, interaction_channel, attempts, last_error, created_ms, due_ms, "
    "next_attempt_ms, sent_ms, opened_ms, started_ms, completed_ms, failed_ms, reminder_sent_ms, "
    "response_id";
Invitation InvitationFrom(const Row& r) {
  return Invitation{.id = r.Int(0),
                    .org_id = OrgId{r.Int(1)},
                    .rule_id = r.Int(2),
                    .survey_id = r.Int(3),
                    .contact_id = r.Int(4),
                    .interaction_id = r.Int(5),
                    .channel = ParseDeliveryChannel(r.Text(6)).value_or(DeliveryChannel::kEmail),
                    .address = r.Text(7),
                    .token = r.Text(8),
                    .status = ParseInvitationStatus(r.Text(9)).value_or(InvitationStatus::kQueued),
                    .touchpoint = r.Text(10),
                    .agent = r.Text(11),
                    .interaction_channel = r.Text(12),
                    .attempts = static_cast<int>(r.Int(13)),
                    .last_error = r.Text(14),
                    .created_ms = r.Int(15),
                    .due_ms = r.Int(16),
                    .next_attempt_ms = r.OptInt(17),
                    .sent_ms = r.OptInt(18),
                    .opened_ms = r.OptInt(19),
                    .started_ms = r.OptInt(20),
                    .completed_ms = r.OptInt(21),
                    .failed_ms = r.OptInt(22),
                    .reminder_sent_ms = r.OptInt(23),
                    .response_id = r.OptInt(24)};
}

constexpr std::string_view kOutboxCols =
    "id, org_id, topic, key, payload, state, due_ms, attempts, lease, last_error, created_ms, "
    "done_ms";
OutboxMessage OutboxFrom(const Row& r) {
  return OutboxMessage{.id = r.Int(0),
                       .org_id = OrgId{r.Int(1)},
                       .topic = r.Text(2),
                       .key = r.Text(3),
                       .payload = r.Text(4),
                       .state = ParseOutboxState(r.Text(5)).value_or(OutboxState::kPending),
                       .due_ms = r.Int(6),
                       .attempts = static_cast<int>(r.Int(7)),
                       .lease = r.Text(8),
                       .last_error = r.Text(9),
                       .created_ms = r.Int(10),
                       .done_ms = r.OptInt(11)};
}

constexpr std::string_view kChannelCols =
    "org_id, smtp_host, smtp_port, smtp_tls, smtp_user, smtp_password, from_address, from_name, "
    "sms_gateway, webhook_gateway, updated_ms";
ChannelSettings ChannelsFrom(const Row& r) {
  return ChannelSettings{.org_id = OrgId{r.Int(0)},
                         .smtp_host = r.Text(1),
                         .smtp_port = static_cast<int>(r.Int(2)),
                         .smtp_tls = ParseSmtpTls(r.Text(3)).value_or(SmtpTls::kStartTls),
                         .smtp_user = r.Text(4),
                         .smtp_password = r.Text(5),
                         .from_address = r.Text(6),
                         .from_name = r.Text(7),
                         .sms_gateway = r.Text(8),
                         .webhook_gateway = r.Text(9),
                         .updated_ms = r.Int(10)};
}

// Where an invitation status stands on the way queued -> sent -> opened -> started ->
// completed, and the column holding the time it got there.
int ProgressRank(InvitationStatus s) {
  switch (s) {
    case InvitationStatus::kQueued: return 0;
    case InvitationStatus::kSent: return 1;
    case InvitationStatus::kOpened: return 2;
    case InvitationStatus::kStarted: return 3;
    case InvitationStatus::kCompleted: return 4;
    case InvitationStatus::kFailed:
    case InvitationStatus::kSuppressed: return -1;
  }
  return -1;
}
std::string_view ProgressColumn(InvitationStatus s) {
  switch (s) {
    case InvitationStatus::kSent: return "sent_ms";
    case InvitationStatus::kOpened: return "opened_ms";
    case InvitationStatus::kStarted: return "started_ms";
    case InvitationStatus::kCompleted: return "completed_ms";
    default: return "";
  }
}

// A LIKE pattern matching `text` literally anywhere, lower-cased (ESCAPE '!').
std::string ContainsPattern(std::string_view text) {
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '!') pattern += '!';
    pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return pattern + '%';
}

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

// "?, ?, ?" for an IN list of n values.
std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

constexpr std::string_view kTextCols =
    "org_id, taxonomy, classifier, classifier_report, trained_ms, revision, updated_ms";
TextSettings TextFrom(const Row& r) {
  return TextSettings{.org_id = OrgId{r.Int(0)},
                      .taxonomy = r.Text(1),
                      .classifier = r.Text(2),
                      .classifier_report = r.Text(3),
                      .trained_ms = r.Int(4),
                      .revision = r.Int(5),
                      .updated_ms = r.Int(6)};
}

constexpr std::string_view kPersonaCols =
    "id, org_id, name, description, goals, pains, emoji, picture_url, rule, members, "
    "members_ms, created_ms, updated_ms";
Persona PersonaFrom(const Row& r) {
  return Persona{.id = r.Int(0),
                 .org_id = OrgId{r.Int(1)},
                 .name = r.Text(2),
                 .description = r.Text(3),
                 .goals = r.Text(4),
                 .pains = r.Text(5),
                 .emoji = r.Text(6),
                 .picture_url = r.Text(7),
                 .rule = r.Text(8),
                 .members = r.Int(9),
                 .members_ms = r.Int(10),
                 .created_ms = r.Int(11),
                 .updated_ms = r.Int(12)};
}

// A unique-name conflict on a persona names the field.
template <typename T>
Result<T> PersonaNameTaken(Result<T> r) {
  if (!r && r.error().code == ErrorCode::kAlreadyExists)
    return Fail(Error::AlreadyExists("a persona with this name exists", "name"));
  return r;
}

// --- the store ---------------------------------------------------------------------------

class SqlStore final : public Store {
 public:
  SqlStore(std::shared_ptr<Shared> shared, Connection* pinned)
      : shared_(std::move(shared)), pinned_(pinned) {}

  StoreBackend backend() const override {
    return shared_->dialect == Dialect::kSqlite ? StoreBackend::kSqlite : StoreBackend::kPostgres;
  }
  const StoreStats& stats() const override { return shared_->stats; }

  Result<int> Migrate() override { return MigrateTo(INT_MAX); }
  Result<int> MigrateToForTest(int version) override { return MigrateTo(version); }

  Result<int> MigrateTo(int up_to) {
    auto lease = shared_->pool.Acquire();
    if (!lease) return Fail(lease.error());
    Connection& c = **lease;
    const bool pg = shared_->dialect == Dialect::kPostgres;
    // PostgreSQL: one migrating process at a time across the cluster.
    if (pg) {
      if (auto st = c.Query("SELECT pg_advisory_lock(?)", {kMigrationLockKey}); !st)
        return Fail(st.error());
    }
    auto result = [&]() -> Result<int> {
      auto st = c.ExecuteScript(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
          "name TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
      if (!st) return Fail(st.error());
      int reached = 0;
      for (const sql::Migration& m : sql::AllMigrations()) {
        if (m.version > up_to) break;
        auto applied = InTransaction(c, [&](Connection& tx) -> Result<void> {
          auto rows = tx.Query("SELECT version FROM schema_migrations WHERE version = ?",
                               {int64_t{m.version}});
          if (!rows) return Fail(rows.error());
          if (!rows->empty()) return {};
          if (auto s = tx.ExecuteScript(sql::RenderForDialect(m.sql, shared_->dialect)); !s)
            return Fail(Error::Internal(
                fmt::format("migration {} ({}) failed: {}", m.version, m.name, s.error().message)));
          auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
          auto ins = tx.Execute(
              "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)",
              {int64_t{m.version}, std::string(m.name), int64_t{now}});
          if (!ins) return Fail(ins.error());
          return {};
        });
        if (!applied) return Fail(applied.error());
        reached = m.version;
      }
      return reached;
    }();
    if (pg) (void)c.Query("SELECT pg_advisory_unlock(?)", {kMigrationLockKey});
    return result;
  }

  Result<int> SchemaVersion() override {
    return Run(false, [&](Connection& c) -> Result<int> {
      std::string_view exists =
          shared_->dialect == Dialect::kSqlite
              ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
                "'schema_migrations'"
              : "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND "
                "tablename = 'schema_migrations'";
      auto rows = c.Query(exists, {});
      if (!rows) return Fail(rows.error());
      if (rows->front().Int(0) == 0) return 0;
      rows = c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {});
      if (!rows) return Fail(rows.error());
      return static_cast<int>(rows->front().Int(0));
    });
  }

  Result<void> Ping() override {
    return Run(false, [](Connection& c) -> Result<void> {
      auto rows = c.Query("SELECT 1", {});
      if (!rows) return Fail(rows.error());
      return {};
    });
  }

  Result<void> Transact(const std::function<Result<void>(Store&)>& work) override {
    if (pinned_) return work(*this);  // nested: part of the enclosing transaction
    shared_->stats.transactions++;
    auto lease = shared_->pool.Acquire();
    if (!lease) return Fail(lease.error());
    SqlStore tx(shared_, &**lease);
    auto r = InTransaction(**lease, [&](Connection&) { return work(tx); });
    if (!r && IsStoreFault(r.error().code)) shared_->stats.errors++;
    return r;
  }

  // --- users ---

  Result<User> CreateUser(const NewUser& u) override {
    return Run(false, [&](Connection& c) -> Result<User> {
      auto rows = c.Query(
          "INSERT INTO users (email, name, password_hash, locale, disabled, created_ms, "
          "managed_by_org) VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id",
          {u.email, u.name, u.password_hash, u.locale, u.created_ms,
           OptId(u.managed_by_org)});
      if (!rows) return Fail(rows.error());
      return User{.id = UserId{rows->front().Int(0)},
                  .email = u.email,
                  .name = u.name,
                  .password_hash = u.password_hash,
                  .locale = u.locale,
                  .created_ms = u.created_ms,
                  .managed_by_org = u.managed_by_org};
    });
  }

  Result<User> GetUser(UserId id) override {
    return Run(false, [&](Connection& c) {
      return One<User>(c.Query(fmt::format("SELECT {} FROM users WHERE id = ?", kUserCols),
                               {id.value}),
                       UserFrom, "user");
    });
  }

  Result<User> FindUserByEmail(std::string_view email) override {
    return Run(false, [&](Connection& c) {
      return One<User>(c.Query(fmt::format("SELECT {} FROM users WHERE email = ?", kUserCols),
                               {std::string(email)}),
                       UserFrom, "user");
    });
  }

  Result<void> SetUserPassword(UserId id, std::string_view hash) override {
    return SetUserColumn(id, "password_hash", hash);
  }

  Result<void> SetUserLocale(UserId id, std::string_view locale) override {
    return SetUserColumn(id, "locale", locale);
  }

  // REQUIRES: `column` is a constant of this file, never input.
  Result<void> SetUserColumn(UserId id, std::string_view column, std::string_view value) {
    return Run(false, [&](Connection& c) -> Result<void> {
      auto n = c.Execute(fmt::format("UPDATE users SET {} = ? WHERE id = ?", column),
                         {std::string(value), id.value});
      if (!n) return Fail(n.error());
      if (*n == 0) return Fail(Error::NotFound("user not found"));
      return {};
    });
  }

  Result<int64_t> CountUsers() override {
    return Run(false, [&](Connection& c) -> Result<int64_t> {
      auto rows = c.Query("SELECT COUNT(*) FROM users", {});
      if (!rows) return Fail(rows.error());
      return rows->front().Int(0);
    });
  }

  // --- organisations ---

  Result<Organisation> CreateOrganisation(const Organisation& org, UserId owner) override {
    return Run(true, [&](Connection& c) -> Result<Organisation> {
      auto rows = c.Query(
          "INSERT INTO organisations (name, time_zone, calendar, digits, language, created_ms) "
          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          {org.name, org.time_zone, std::string(ToString(org.calendar)),
           std::string(ToString(org.digits)), org.language, org.created_ms});
      if (!rows) return Fail(rows.error());
      Organisation created = org;
      created.id = OrgId{rows->front().Int(0)};
      auto owner_row = c.Execute(
          "INSERT INTO memberships (org_id, user_id, role, created_ms) VALUES (?, ?, ?, ?)",
          {created.id.value, owner.value, std::string(ToString(Role::kOwner)), org.created_ms});
      if (!owner_row) {
        if (owner_row.error().code == ErrorCode::kFailedPrecondition)
          return Fail(Error::NotFound("owner user not found"));
        return Fail(owner_row.error());
      }
      return created;
    });
  }

  Result<Organisation> GetOrganisation(OrgId org) override {
    return Run(false, [&](Connection& c) { return GetOrganisationOn(c, org); });
  }

  Result<Organisation> UpdateOrganisation(OrgId org, const OrganisationPatch& p) override {
    return Run(true, [&](Connection& c) -> Result<Organisation> {
      std::string sets;
      Params params;
      auto set = [&](std::string_view col, Value v) {
        if (!sets.empty()) sets += ", ";
        sets += fmt::format("{} = ?", col);
        params.push_back(std::move(v));
      };
      if (p.name) set("name", *p.name);
      if (p.time_zone) set("time_zone", *p.time_zone);
      if (p.calendar) set("calendar", std::string(ToString(*p.calendar)));
      if (p.digits) set("digits", std::string(ToString(*p.digits)));
      if (p.language) set("language", *p.language);
      if (!sets.empty()) {
        params.push_back(org.value);
        auto n = c.Execute(fmt::format("UPDATE organisations SET {} WHERE id = ?", sets), params);
        if (!n) return Fail(n.error());
      }
      return GetOrganisationOn(c, org);
    });
  }

  Result<std::vector<MembershipOfUser>> ListOrganisationsOfUser(UserId user) override {
    return Run(false, [&](Connection& c) -> Result<std::vector<MembershipOfUser>> {
      auto rows = c.Query(fmt::format("SELECT {}, m.role FROM memberships m JOIN organisations o "
                                      "ON o.id = m.org_id WHERE m.user_id = ? ORDER BY o.name, o.id",
                                      kOrgCols),
                          {user.value});
      if (!rows) return Fail(rows.error());
      std::vector<MembershipOfUser> out;
      for (const Row& r : *rows) {
        out.push_back({OrgFrom(r), ParseRole(r.Text(7)).value_or(Role::kViewer)});
      }
      return out;
    });
  }

  // --- members ---

  Result<Member> GetMember(OrgId org, UserId user) override {
    return Run(false, [&](Connection& c) { return GetMemberOn(c, org, user); });
  }

  Result<Member> AddMember(OrgId org, UserId user, Role role, int64_t now_ms) override {
    return Run(true, [&](Connection& c) -> Result<Member> {
      auto n = c.Execute(
          "INSERT INTO memberships (org_id, user_id, role, created_ms) VALUES (?, ?, ?, ?)",
          {org.value, user.value, std::string(ToString(role)), now_ms});
      if (!n) {
        if (n.error().code == ErrorCode::kAlreadyExists)
          return Fail(Error::AlreadyExists("the user is already a member", "email"));
        if (n.error().code == ErrorCode::kFailedPrecondition)
          return Fail(Error::NotFound("organisation or user not found"));
        return Fail(n.error());
      }
      return GetMemberOn(c, org, user);
    });
  }

  Result<Member> SetMemberRole(OrgId org, UserId user, Role role) override {
    return Run(true, [&](Connection& c) -> Result<Member> {
      auto current = GetMemberOn(c, org, user);
      if (!current) return Fail(current.error());
      if (current->role == Role::kOwner && role != Role::kOwner) {
        if (auto st = KeepAnOwner(c, org); !st) return Fail(st.error());
      }
      auto n = c.Execute("UPDATE memberships SET role = ? WHERE org_id = ? AND user_id = ?",
                         {std::string(ToString(role)), org.value, user.value});
      if (!n) return Fail(n.error());
      return GetMemberOn(c, org, user);
    });
  }

  Result<void> RemoveMember(OrgId org, UserId user) override {
    return Run(true, [&](Connection& c) -> Result<void> {
      auto current = GetMemberOn(c, org, user);
      if (!current) return Fail(current.error());
      if (current->role == Role::kOwner) {
        if (auto st = KeepAnOwner(c, org); !st) return Fail(st.error());
      }
      auto n = c.Execute("DELETE FROM memberships WHERE org_id = ? AND user_id = ?",
                         {org.value, user.value});
      if (!n) return Fail(n.error());
      return {};
    });
  }

  Result<Page<Member>> ListMembers(OrgId org, PageRequest page) override {
    int limit = ClampLimit(page.limit);
    return Run(false, [&](Connection& c) -> Result<Page<Member>> {
      auto rows = c.Query(std::string(kMemberSelect) +
                              "WHERE m.org_id = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?",
                          {org.value, page.after.value_or(0), int64_t{limit + 1}});
      if (!rows) return Fail(rows.error());
      return MakePage<Member>(*rows, limit, MemberFrom,
                              [](const Member& m) { return m.user_id.value; });
    });
  }

  // --- invitations to join ---

  Result<MemberInvitation> CreateMemberInvitation(const MemberInvitation& invitation) override {
    return Run(false, [&](Connection& c) { return sql::InsertMemberInvitation(c, invitation); });
  }

  Result<MemberInvitation> GetMemberInvitation(OrgId org, int64_t id) override {
    return Run(false, [&](Connection& c) { return sql::GetMemberInvitation(c, org, id); });
  }

  Result<Page<MemberInvitation>> ListMemberInvitations(OrgId org, PageRequest page) override {
    return Run(false,
               [&](Connection& c) { return sql::ListPendingMemberInvitations(c, org, page); });
  }

  Result<std::vector<MemberInvitationOfUser>> ListMemberInvitationsForEmail(
      std::string_view email) override {
    return Run(false,
               [&](Connection& c) { return sql::ListPendingMemberInvitationsForEmail(c, email); });
  }

  Result<MemberInvitation> DecideMemberInvitation(OrgId org, int64_t id,
                                                  MemberInvitationStatus status,
                                                  int64_t at_ms) override {
    return Run(true, [&](Connection& c) {
      return sql::DecideMemberInvitation(c, org, id, status, at_ms);
    });
  }

  // --- sessions ---

  Result<void> CreateSession(const Session& s) override {
    return Run(false, [&](Connection& c) -> Result<void> {
      auto n = c.Execute(fmt::format("INSERT INTO sessions ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                     kSessionCols),
                         {s.token_hash, s.user_id.value, s.csrf_token, s.created_ms,
                          s.last_seen_ms, s.expires_ms, s.ip, s.user_agent});
      if (!n) return Fail(n.error());
      return {};
    });
  }

  Result<Session> GetSession(std::string_view token_hash) override {
    return Run(false, [&](Connection& c) {
      return One<Session>(
          c.Query(fmt::format("SELECT {} FROM sessions WHERE token_hash = ?", kSessionCols),
                  {std::string(token_hash)}),
          SessionFrom, "session");
    });
  }

  Result<void> TouchSession(std::string_view token_hash, int64_t now_ms) override {
    return ExecuteNoRows("UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?",
                         {now_ms, std::string(token_hash)});
  }

  Result<void> DeleteSession(std::string_view token_hash) override {
    return ExecuteNoRows("DELETE FROM sessions WHERE token_hash = ?", {std::string(token_hash)});
  }

  Result<void> DeleteSessionsOfUser(UserId user) override {
    return ExecuteNoRows("DELETE FROM sessions WHERE user_id = ?", {user.value});
  }

  Result<int64_t> DeleteExpiredSessions(int64_t now_ms, int64_t idle_ms) override {
    return Run(false, [&](Connection& c) {
      return c.Execute("DELETE FROM sessions WHERE expires_ms <= ? OR last_seen_ms <= ?",
                       {now_ms, now_ms - idle_ms});
    });
  }

  // --- API keys ---

  Result<ApiKey> CreateApiKey(const NewApiKey& k) override {
    return Run(false, [&](Connection& c) -> Result<ApiKey> {
      auto rows = c.Query(
          "INSERT INTO api_keys (org_id, name, role, prefix, secret_hash, created_by, created_ms) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {k.org_id.value, k.name, std::string(ToString(k.role)), k.prefix, k.secret_hash,
           OptId(k.created_by), k.created_ms});
      if (!rows) {
        if (rows.error().code == ErrorCode::kFailedPrecondition)
          return Fail(Error::NotFound("organisation not found"));
        return Fail(rows.error());
      }
      return ApiKey{.id = ApiKeyId{rows->front().Int(0)},
                    .org_id = k.org_id,
                    .name = k.name,
                    .role = k.role,
                    .prefix = k.prefix,
                    .secret_hash = k.secret_hash,
                    .created_by = k.created_by,
                    .created_ms = k.created_ms};
    });
  }

  Result<ApiKey> FindApiKeyByPrefix(std::string_view prefix) override {
    return Run(false, [&](Connection& c) {
      return One<ApiKey>(
          c.Query(fmt::format("SELECT {} FROM api_keys WHERE prefix = ?", kApiKeyCols),
                  {std::string(prefix)}),
          ApiKeyFrom, "API key");
    });
  }

  Result<Page<ApiKey>> ListApiKeys(OrgId org, PageRequest page) override {
    int limit = ClampLimit(page.limit);
    return Run(false, [&](Connection& c) -> Result<Page<ApiKey>> {
      auto rows = c.Query(
          fmt::format("SELECT {} FROM api_keys WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?",
                      kApiKeyCols),
          {org.value, page.after.value_or(0), int64_t{limit + 1}});
      if (!rows) return Fail(rows.error());
      return MakePage<ApiKey>(*rows, limit, ApiKeyFrom, [](const ApiKey& k) { return k.id.value; });
    });
  }

  Result<ApiKey> RevokeApiKey(OrgId org, ApiKeyId id, int64_t now_ms) override {
    return Run(true, [&](Connection& c) -> Result<ApiKey> {
      auto n = c.Execute(
          "UPDATE api_keys SET revoked_ms = ? WHERE org_id = ? AND id = ? AND revoked_ms IS NULL",
          {now_ms, org.value, id.value});
      if (!n) return Fail(n.error());
      return One<ApiKey>(
          c.Query(fmt::format("SELECT {} FROM api_keys WHERE org_id = ? AND id = ?", kApiKeyCols),
                  {org.value, id.value}),
          ApiKeyFrom, "API key");
    });
  }

  Result<void> TouchApiKey(ApiKeyId id, int64_t now_ms) override {
    return ExecuteNoRows("UPDATE api_keys SET last_used_ms = ? WHERE id = ?", {now_ms, id.value});
  }

  // --- surveys ---

  Result<Survey> CreateSurvey(const Survey& sv) override {
    return Run(false, [&](Connection& c) -> Result<Survey> {
      auto rows = c.Query(
          "INSERT INTO surveys (org_id, name, status, draft, published_version, created_ms, "
          "updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {sv.org_id.value, sv.name, std::string(ToString(sv.status)), sv.draft,
           int64_t{sv.published_version}, sv.created_ms, sv.updated_ms});
      if (!rows) return ParentMissingIsNotFound<Survey>(Fail(rows.error()), "organisation");
      Survey out = sv;
      out.id = rows->front().Int(0);
      return out;
    });
  }

  Result<Survey> GetSurvey(OrgId org, int64_t survey_id) override {
    return Run(false, [&](Connection& c) { return GetSurveyOn(c, org, survey_id); });
  }

  Result<Page<Survey>> ListSurveys(OrgId org, PageRequest page) override {
    int limit = ClampLimit(page.limit);
    return Run(false, [&](Connection& c) -> Result<Page<Survey>> {
      auto rows = c.Query(
          fmt::format("SELECT {} FROM surveys WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?",
                      kSurveyCols),
          {org.value, page.after.value_or(0), int64_t{limit + 1}});
      if (!rows) return Fail(rows.error());
      return MakePage<Survey>(*rows, limit, SurveyFrom, [](const Survey& x) { return x.id; });
    });
  }

  Result<Survey> UpdateSurvey(OrgId org, const Survey& sv) override {
    return Run(true, [&](Connection& c) -> Result<Survey> {
      auto n = c.Execute(
          "UPDATE surveys SET name = ?, status = ?, draft = ?, published_version = ?, "
          "updated_ms = ? WHERE org_id = ? AND id = ?",
          {sv.name, std::string(ToString(sv.status)), sv.draft, int64_t{sv.published_version},
           sv.updated_ms, org.value, sv.id});
      if (!n) return Fail(n.error());
      return GetSurveyOn(c, org, sv.id);
    });
  }

  Result<void> AddSurveyVersion(OrgId org, const SurveyVersion& v) override {
    return Run(true, [&](Connection& c) -> Result<void> {
      if (auto sv = GetSurveyOn(c, org, v.survey_id); !sv) return Fail(sv.error());
      auto n = c.Execute(
          "INSERT INTO survey_versions (survey_id, version, org_id, definition, published_ms) "
          "VALUES (?, ?, ?, ?, ?)",
          {v.survey_id, int64_t{v.version}, org.value, v.definition, v.published_ms});
      if (!n) return Fail(n.error());
      return {};
    });
  }

  Result<SurveyVersion> GetSurveyVersion(OrgId org, int64_t survey_id, int version) override {
    return Run(false, [&](Connection& c) {
      return One<SurveyVersion>(
          c.Query(fmt::format("SELECT {} FROM survey_versions WHERE org_id = ? AND survey_id = ? "
                              "AND version = ?",
                              kVersionCols),
                  {org.value, survey_id, int64_t{version}}),
          VersionFrom, "survey version");
    });
  }

  Result<std::vector<SurveyVersion>> ListSurveyVersions(OrgId org, int64_t survey_id) override {
    return Run(false, [&](Connection& c) -> Result<std::vector<SurveyVersion>> {
      auto rows = c.Query(fmt::format("SELECT {} FROM survey_versions WHERE org_id = ? AND "
                                      "survey_id = ? ORDER BY version",
                                      kVersionCols),
                          {org.value, survey_id});
      if (!rows) return Fail(rows.error());
      std::vector<SurveyVersion> out;
      for (const Row& r : *rows) out.push_back(VersionFrom(r));
      return out;
    });
  }

  // --- links ---

  Result<SurveyLink> CreateLink(const SurveyLink& l) override {
    return Run(true, [&](Connection& c) -> Result<SurveyLink> {
      if (auto sv = GetSurveyOn(c, l.org_id, l.survey_id); !sv) return Fail(sv.error());
      auto rows = c.Query(
          "INSERT INTO survey_links (org_id, survey_id, token, name, channel, honeypot, "
          "one_per_browser, rate_limit_per_hour, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id",
          {l.org_id.value, l.survey_id, l.token, l.name, l.channel, int64_t{l.honeypot},
           int64_t{l.one_per_browser}, int64_t{l.rate_limit_per_hour}, l.created_ms});
      if (!rows) return Fail(rows.error());
      SurveyLink out = l;
      out.id = rows->front().Int(0);
      return out;
    });
  }

  Result<SurveyLink> FindLinkByToken(std::string_view token) override {
    return Run(false, [&](Connection& c) {
      return One<SurveyLink>(
          c.Query(fmt::format("SELECT {} FROM survey_links WHERE token = ?", kLinkCols),
                  {std::string(token)}),
          LinkFrom, "link");
    });
  }

  Result<std::vector<SurveyLink>> ListLinks(OrgId org, int64_t survey_id) override {
    return Run(false, [&](Connection& c) -> Result<std::vector<SurveyLink>> {
      auto rows = c.Query(fmt::format("SELECT {} FROM survey_links WHERE org_id = ? AND "
                                      "survey_id = ? ORDER BY id",
                                      kLinkCols),
                          {org.value, survey_id});
      if (!rows) return Fail(rows.error());
      std::vector<SurveyLink> out;
      for (const Row& r : *rows) out.push_back(LinkFrom(r));
      return out;
    });
  }

  // --- responses ---

  Result<Response> InsertResponse(const Response& r) override {
    return Run(false, [&](Connection& c) -> Result<Response> {
      auto rows = c.Query(std::string(kInsertResponse) + " RETURNING id", ResponseParams(r));
      if (!rows) return ParentMissingIsNotFound<Response>(Fail(rows.error()), "survey");
      Response out = r;
      out.id = rows->front().Int(0);
      return out;
    });
  }

  Result<KeyedResponse> InsertResponseOrGet(const Response& r) override {
    return Run(false, [&](Connection& c) -> Result<KeyedResponse> {
      if (shared_->dialect == Dialect::kPostgres) {
        // One statement that reaches the row through the unique key's index in every case:
        // the conflict arbiter finds a replayed key (a no-op update returns the row as it
        // is, locked until commit, even when another transaction committed it after this
        // one's snapshot). A separate look-up by the key would be planned, and a plan cached
        // while the table was small scanned a whole survey (issue 11, finding 9). xmax is 0
        // only on a row version this statement inserted.
        auto rows = c.Query(
            fmt::format("{} ON CONFLICT (org_id, survey_id, response_key) DO UPDATE SET "
                        "response_key = EXCLUDED.response_key RETURNING {}, "
                        "CASE WHEN xmax = 0 THEN 1 ELSE 0 END",
                        kInsertResponse, kResponseCols),
            ResponseParams(r));
        if (!rows) return ParentMissingIsNotFound<KeyedResponse>(Fail(rows.error()), "survey");
        if (rows->empty()) return Fail(Error::Internal("insert-or-get returned no row"));
        const Row& row = rows->front();
        return KeyedResponse{.inserted = row.Int(kResponseColCount) == 1,
                             .response = ResponseFrom(row)};
      }
      // SQLite: two calls in the process, the second by the unique key (SQLite's planner
      // prefers the index matching all three terms).
      auto rows = c.Query(std::string(kInsertResponse) +
                              " ON CONFLICT (org_id, survey_id, response_key) DO NOTHING RETURNING id",
                          ResponseParams(r));
      if (!rows) return ParentMissingIsNotFound<KeyedResponse>(Fail(rows.error()), "survey");
      if (!rows->empty()) {
        Response out = r;
        out.id = rows->front().Int(0);
        return KeyedResponse{.inserted = true, .response = std::move(out)};
      }
      auto held = FindResponseOn(c, r.org_id, r.survey_id, r.response_key);
      if (!held) {
        if (held.error().code == ErrorCode::kNotFound) return KeyedResponse{};
        return Fail(held.error());
      }
      return KeyedResponse{.inserted = false, .response = std::move(*held)};
    });
  }

  static constexpr std::string_view kInsertResponse =
      "INSERT INTO responses (org_id, survey_id, version, link_id, response_key, status, "
      "language, channel, touchpoint, agent, hidden, answers, meta, created_ms, updated_ms, "
      "completed_ms, contact_id, interaction_id, comment_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static Params ResponseParams(const Response& r) {
    return {r.org_id.value, r.survey_id, int64_t{r.version}, sql::Nullable(r.link_id),
            r.response_key, std::string(ToString(r.status)), r.language, r.channel, r.touchpoint,
            r.agent, r.hidden, r.answers, r.meta, r.created_ms, r.updated_ms,
            sql::Nullable(r.completed_ms), sql::Nullable(r.contact_id),
            sql::Nullable(r.interaction_id), sql::Nullable(r.comment_text)};
  }

  Result<Response> UpdateResponse(OrgId org, const Response& r) override {
    return Run(true, [&](Connection& c) -> Result<Response> {
      auto n = c.Execute(
          "UPDATE responses SET status = ?, answers = ?, hidden = ?, meta = ?, updated_ms = ?, "
          "completed_ms = ?, language = ?, comment_text = ? WHERE org_id = ? AND id = ?",
          {std::string(ToString(r.status)), r.answers, r.hidden, r.meta, r.updated_ms,
           sql::Nullable(r.completed_ms), r.language, sql::Nullable(r.comment_text), org.value,
           r.id});
      if (!n) return Fail(n.error());
      return GetResponseOn(c, org, r.id);
    });
  }

  Result<Response> FindResponseByKey(OrgId org, int64_t survey_id,
                                     std::string_view key) override {
    return Run(false, [&](Connection& c) { return FindResponseOn(c, org, survey_id, key); });
  }

  static Result<Response> FindResponseOn(Connection& c, OrgId org, int64_t survey_id,
                                         std::string_view key) {
    return One<Response>(
        c.Query(fmt::format("SELECT {} FROM responses WHERE org_id = ? AND survey_id = ? AND "
                            "response_key = ?",
                            kResponseCols),
                {org.value, survey_id, std::string(key)}),
        ResponseFrom, "response");
  }

  Result<Response> GetResponse(OrgId org, int64_t id) override {
    return Run(false, [&](Connection& c) { return GetResponseOn(c, org, id); });
  }

  // WHERE clause and parameters of a response query (without cursor and limit).
  static std::pair<std::string, Params> ResponseWhere(OrgId org, const ResponseQuery& q) {
    std::string where = "org_id = ?";
    Params params{org.value};
    if (q.survey_id) {
      where += " AND survey_id = ?";
      params.push_back(*q.survey_id);
    }
    if (q.contact_id) {
      where += " AND contact_id = ?";
      params.push_back(*q.contact_id);
    }
    if (q.about_an_interaction) where += " AND interaction_id IS NOT NULL";
    if (q.status) {
      where += " AND status = ?";
      params.push_back(std::string(ToString(*q.status)));
    }
    if (q.from_ms) {
      where += " AND created_ms >= ?";
      params.push_back(*q.from_ms);
    }
    if (q.to_ms) {
      where += " AND created_ms < ?";
      params.push_back(*q.to_ms);
    }
    for (auto [column, value] : {std::pair<const char*, const std::string*>{"touchpoint", &q.touchpoint},
                                 {"channel", &q.channel}, {"agent", &q.agent},
                                 {"language", &q.language}}) {
      if (value->empty()) continue;
      where += fmt::format(" AND {} = ?", column);
      params.push_back(*value);
    }
    if (!q.text.empty() || !q.text_folded.empty()) {
      // LIKE with its wildcards escaped, so the text is matched literally: the comment text
      // where it is stored; else (older responses) the answers, where JSON escapes quotes
      // and backslashes, so the needle is escaped the same way.
      const std::string& raw = q.text.empty() ? q.text_folded : q.text;
      const std::string& folded = q.text_folded.empty() ? q.text : q.text_folded;
      std::string needle = Json(raw).dump();
      where += " AND (comment_text LIKE ? ESCAPE '!' OR (comment_text IS NULL AND "
               "LOWER(answers) LIKE ? ESCAPE '!'))";
      params.push_back(ContainsPattern(folded));
      params.push_back(ContainsPattern(std::string_view(needle).substr(1, needle.size() - 2)));
    }
    return {where, params};
  }

  Result<int64_t> CountResponses(OrgId org, const ResponseQuery& q) override {
    return Run(false, [&](Connection& c) -> Result<int64_t> {
      auto [where, params] = ResponseWhere(org, q);
      auto rows = c.Query(fmt::format("SELECT COUNT(*) FROM responses WHERE {}", where), params);
      if (!rows) return Fail(rows.error());
      return rows->front().Int(0);
    });
  }

  Result<Page<Response>> ListResponses(OrgId org, const ResponseQuery& q) override {
    int limit = std::clamp(q.limit, 1, 10'000);
    return Run(false, [&](Connection& c) -> Result<Page<Response>> {
      auto [where, params] = ResponseWhere(org, q);
      if (q.after) {
        where += q.newest_first ? " AND id < ?" : " AND id > ?";
        params.push_back(*q.after);
      }
      params.push_back(int64_t{limit + 1});
      auto rows = c.Query(fmt::format("SELECT {} FROM responses WHERE {} ORDER BY id {} LIMIT ?",
                                      kResponseCols, where, q.newest_first ? "DESC" : "ASC"),
                          params);
      if (!rows) return Fail(rows.error());
      return MakePage<Response>(*rows, limit, ResponseFrom, [](const Response& x) { return x.id; });
    });
  }

  Result<std::vector<OrgId>> ListOrganisationIds() override {
    return Run(false, [&](Connection& c) -> Result<std::vector<OrgId>> {
      auto rows = c.Query("SELECT id FROM organisations ORDER BY id", {});
      if (!rows) return Fail(rows.error());
      std::vector<OrgId> out;
      for (const Row& r : *rows) out.push_back(OrgId{r.Int(0)});
      return out;
    });
  }

  // --- contacts and journeys ---

  Result<ContactAttribute> PutContactAttribute(const ContactAttribute& a) override {
    return Run(false, [&](Connection& c) -> Result<ContactAttribute> {
      auto n = c.Execute(
          "INSERT INTO contact_attributes (org_id, name, type, choices, created_ms) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, name) DO UPDATE SET type = excluded.type, "
          "choices = excluded.choices",
          {a.org_id.value, a.name, std::string(ToString(a.type)), Json(a.choices).dump(),
           a.created_ms});
      if (!n) return ParentMissingIsNotFound<ContactAttribute>(Fail(n.error()), "organisation");
      return a;
    });
  }

  Result<std::vector<ContactAttribute>> ListContactAttributes(OrgId org) override {
    return Run(false, [&](Connection& c) -> Result<std::vector<ContactAttribute>> {
      auto rows = c.Query(
          "SELECT name, type, choices, created_ms FROM contact_attributes WHERE org_id = ? "
          "ORDER BY name",
          {org.value});
      if (!rows) return Fail(rows.error());
      std::vector<ContactAttribute> out;
      for (const Row& r : *rows) {
        ContactAttribute a{.org_id = org, .name = r.Text(0),
                           .type = ParseAttributeType(r.Text(1)).value_or(AttributeType::kText),
                           .created_ms = r.Int(3)};
        Json choices = Json::parse(r.Text(2), nullptr, false);
        if (choices.is_array())
          for (const auto& x : choices)
            if (x.is_string()) a.choices.push_back(x.get<std::string>());
        out.push_back(std::move(a));
      }
      return out;
    });
  }

  Result<Contact> UpsertContact(const Contact& ct) override {
    return Run(false, [&](Connection& c) -> Result<Contact> {
      auto rows = c.Query(
          fmt::format("INSERT INTO contacts (org_id, external_id, email, phone, language, "
                      "attributes, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (org_id, external_id) DO UPDATE SET email = excluded.email, "
                      "phone = excluded.phone, language = excluded.language, "
                      "attributes = excluded.attributes, updated_ms = excluded.updated_ms "
                      "RETURNING {}",
                      kContactCols),
          {ct.org_id.value, ct.external_id, ct.email, ct.phone, ct.language,
           ct.attributes.empty() ? std::string("{}") : ct.attributes, ct.created_ms, ct.updated_ms});
      if (!rows) return ParentMissingIsNotFound<Contact>(Fail(rows.error()), "organisation");
      return ContactFrom(rows->front());
    });
  }

  Result<ClaimedContact> ClaimContact(const Contact& ct, bool lock_row) override {
    return Run(true, [&](Connection& c) -> Result<ClaimedContact> {
      auto inserted = c.Query(
          fmt::format("INSERT INTO contacts (org_id, external_id, email, phone, language, "
                      "attributes, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (org_id, external_id) DO NOTHING RETURNING {}",
                      kContactCols),
          {ct.org_id.value, ct.external_id, ct.email, ct.phone, ct.language,
           ct.attributes.empty() ? std::string("{}") : ct.attributes, ct.created_ms, ct.updated_ms});
      if (!inserted) return ParentMissingIsNotFound<ClaimedContact>(Fail(inserted.error()), "organisation");
      if (!inserted->empty()) return ClaimedContact{ContactFrom(inserted->front()), true};
      const bool lock = lock_row && pinned_ && shared_->dialect == Dialect::kPostgres;
      auto rows = c.Query(fmt::format("SELECT {} FROM contacts WHERE org_id = ? AND external_id = ?{}",
                                      kContactCols, lock ? " FOR UPDATE" : ""),
                          {ct.org_id.value, ct.external_id});
      auto found = One<Contact>(std::move(rows), ContactFrom, "contact");
      if (!found) return Fail(found.error());
      return ClaimedContact{std::move(*found), false};
    });
  }

  Result<Contact> GetContact(OrgId org, int64_t id) override {
    return Run(false, [&](Connection& c) {
      return One<Contact>(
          c.Query(fmt::format("SELECT {} FROM contacts WHERE org_id = ? AND id = ?", kContactCols),
                  {org.value, id}),
          ContactFrom, "contact");
    });
  }

  Result<Contact> FindContactByExternalId(OrgId org, std::string_view external_id) override {
    return Run(false, [&](Connection& c) {
      return One<Contact>(
          c.Query(fmt::format("SELECT {} FROM contacts WHERE org_id = ? AND external_id = ?",
                              kContactCols),
                  {org.value, std::string(external_id)}),
          ContactFrom, "contact");
    });
  }

  Result<Page<Contact>> ListContacts(OrgId org, const ContactQuery& q) override {
    int limit = ClampLimit(q.limit);
    return Run(false, [&](Connection& c) -> Result<Page<Contact>> {
      std::string where = "org_id = ? AND id > ?";
      Params params{org.value, q.after.value_or(0)};
      if (!q.text.empty()) {
        where += " AND (LOWER(external_id) LIKE ? ESCAPE '!' OR LOWER(email) LIKE ? ESCAPE '!' "
                 "OR phone LIKE ? ESCAPE '!')";
        std::string pattern = ContainsPattern(q.text);
        params.insert(params.end(), {pattern, pattern, pattern});
      }
      params.push_back(int64_t{limit + 1});
      auto rows = c.Query(fmt::format("SELECT {} FROM contacts WHERE {} ORDER BY id LIMIT ?",
                                      kContactCols, where),
                          params);
      if (!rows) return Fail(rows.error());
      return MakePage<Contact>(*rows, limit, ContactFrom, [](const Contact& x) { return x.id; });
    });
  }

  Result<int64_t> CountContacts(OrgId org) override {
    return Run(false, [&](Connection& c) -> Result<int64_t> {
      auto rows = c.Query("SELECT COUNT(*) FROM contacts WHERE org_id = ?", {org.value});
      if (!rows) return Fail(rows.error());
      return rows->front().Int(0);
    });
  }

  Result<std::vector<int64_t>> EraseContact(
      OrgId org, int64_t id, const std::map<int64_t, std::string>& kept_answers) override {
    return Run(true, [&](Connection& c) -> Result<std::vector<int64_t>> {
      auto rows = c.Query("SELECT id FROM responses WHERE org_id = ? AND contact_id = ?",
                          {org.value, id});
      if (!rows) return Fail(rows.error());
      std::vector<int64_t> anonymised;
      for (const Row& r : *rows) {
        auto kept = kept_answers.find(r.Int(0));
        auto n = c.Execute(
            "UPDATE responses SET contact_id = NULL, interaction_id = NULL, hidden = '{}', "
            "answers = ?, meta = '{}', agent = '', comment_text = '', response_key = ? "
            "WHERE org_id = ? AND id = ?",
            {kept == kept_answers.end() ? std::string("{}") : kept->second,
             "erased-" + std::to_string(r.Int(0)), org.value, r.Int(0)});
        if (!n) return Fail(n.error());
        anonymised.push_back(r.Int(0));
      }
      for (const Row& r : *rows) {
        auto tags = c.Execute("DELETE FROM comment_tags WHERE org_id = ? AND response_id = ?",
                              {org.value, r.Int(0)});
        if (!tags) return Fail(tags.error());
      }
      auto memberships = c.Query(
          "SELECT persona_id FROM persona_members WHERE org_id = ? AND contact_id = ?",
          {org.value, id});
      if (!memberships) return Fail(memberships.error());
      for (const Row& r : *memberships) {
        auto n = c.Execute("UPDATE personas SET members = members - 1 WHERE org_id = ? AND id = ?",
                           {org.value, r.Int(0)});
        if (!n) return Fail(n.error());
      }
      auto unlinked = c.Execute("DELETE FROM persona_members WHERE org_id = ? AND contact_id = ?",
                                {org.value, id});
      if (!unlinked) return Fail(unlinked.error());
      // The messages of the contact's invitations (which go with the contact).
      auto messages = c.Execute(
          "DELETE FROM outbox WHERE org_id = ? AND topic IN (?, ?) AND key IN (SELECT CAST(id AS "
          "TEXT) FROM invitations WHERE org_id = ? AND contact_id = ?)",
          {org.value, std::string(kInvitationSendTopic), std::string(kInvitationRemindTopic),
           org.value, id});
      if (!messages) return Fail(messages.error());
      auto del = c.Execute("DELETE FROM interactions WHERE org_id = ? AND contact_id = ?",
                           {org.value, id});
      if (!del) return Fail(del.error());
      auto n = c.Execute("DELETE FROM contacts WHERE org_id = ? AND id = ?", {org.value, id});
      if (!n) return Fail(n.error());
      if (*n == 0) return Fail(Error::NotFound("contact not found"));
      return anonymised;
    });
  }

  Result<JourneyStage> PutJourneyStage(const JourneyStage& st) override {
    return Run(false, [&](Connection& c) -> Result<JourneyStage> {
      auto rows = c.Query(
          fmt::format("INSERT INTO journey_stages (org_id, key, name, position) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (org_id, key) DO UPDATE SET name = excluded.name, "
                      "position = excluded.position RETURNING {}",
                      kStageCols),
          {st.org_id.value, st.key, st.name, int64_t{st.position}});
      if (!rows) return ParentMissingIsNotFound<JourneyStage>(Fail(rows.error()), "organisation");
      return StageFrom(rows->front());
    });
  }

  Result<std::vector<JourneyStage>> ListJourneyStages(OrgId org) override {
    return ListAll<JourneyStage>(
        fmt::format("SELECT {} FROM journey_stages WHERE org_id = ? ORDER BY position, id",
                    kStageCols),
        org, StageFrom);
  }

  Result<Touchpoint> PutTouchpoint(const Touchpoint& t) override {
    return Run(false, [&](Connection& c) -> Result<Touchpoint> {
      auto rows = c.Query(
          fmt::format("INSERT INTO touchpoints (org_id, key, name, channel, stage_key, owner, "
                      "created_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, key) DO "
                      "UPDATE SET name = excluded.name, channel = excluded.channel, "
                      "stage_key = excluded.stage_key, owner = excluded.owner RETURNING {}",
                      kTouchpointCols),
          {t.org_id.value, t.key, t.name, t.channel, t.stage_key, t.owner, t.created_ms});
      if (!rows) return ParentMissingIsNotFound<Touchpoint>(Fail(rows.error()), "organisation");
      return TouchpointFrom(rows->front());
    });
  }

  Result<std::vector<Touchpoint>> ListTouchpoints(OrgId org) override {
    return ListAll<Touchpoint>(
        fmt::format("SELECT {} FROM touchpoints WHERE org_id = ? ORDER BY key", kTouchpointCols),
        org, TouchpointFrom);
  }

  Result<std::vector<std::string>> ExistingReferences(
      OrgId org, std::string_view touchpoint, const std::vector<std::string>& references) override {
    if (references.size() > 1000)
      return Fail(Error::InvalidArgument("at most 1000 references at a time", "references"));
    if (references.empty()) return std::vector<std::string>{};
    return Run(false, [&](Connection& c) -> Result<std::vector<std::string>> {
      Params params = {org.value, std::string(touchpoint)};
      std::string in;
      for (const std::string& r : references) {
        in += in.empty() ? "?" : ", ?";
        params.emplace_back(r);
      }
      auto rows = c.Query(fmt::format("SELECT reference FROM interactions WHERE org_id = ? AND "
                                      "touchpoint = ? AND reference IN ({})",
                                      in),
                          params);
      if (!rows) return Fail(rows.error());
      std::vector<std::string> out;
      for (const Row& r : *rows) out.push_back(r.Text(0));
      return out;
    });
  }

  Result<InsertedInteraction> InsertInteraction(const Interaction& in) override {
    return Run(false, [&](Connection& c) -> Result<InsertedInteraction> {
      Value reference = in.reference.empty() ? Value(std::monostate{}) : Value(in.reference);
      auto rows = c.Query(
          fmt::format("INSERT INTO interactions (org_id, contact_id, touchpoint, occurred_ms, "
                      "channel, agent, reference, facts, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, "
                      "?, ?) ON CONFLICT (org_id, touchpoint, reference) DO NOTHING RETURNING {}",
                      kInteractionCols),
          {in.org_id.value, in.contact_id, in.touchpoint, in.occurred_ms, in.channel, in.agent,
           reference, in.facts.empty() ? std::string("{}") : in.facts, in.created_ms});
      if (!rows) return ParentMissingIsNotFound<InsertedInteraction>(Fail(rows.error()), "contact");
      if (!rows->empty()) return InsertedInteraction{InteractionFrom(rows->front()), true};
      auto first = One<Interaction>(
          c.Query(fmt::format("SELECT {} FROM interactions WHERE org_id = ? AND touchpoint = ? "
                              "AND reference = ?",
                              kInteractionCols),
                  {in.org_id.value, in.touchpoint, in.reference}),
          InteractionFrom, "interaction");
      if (!first) return Fail(first.error());
      return InsertedInteraction{std::move(*first), false};
    });
  }

  Result<Interaction> GetInteraction(OrgId org, int64_t id) override {
    return Run(false, [&](Connection& c) {
      return One<Interaction>(
          c.Query(fmt::format("SELECT {} FROM interactions WHERE org_id = ? AND id = ?",
                              kInteractionCols),
                  {org.value, id}),
          InteractionFrom, "interaction");
    });
  }

  Result<Page<Interaction>> ListInteractions(OrgId org, const InteractionQuery& q) override {
    int limit = std::clamp(q.limit, 1, 10'000);
    return Run(false, [&](Connection& c) -> Result<Page<Interaction>> {
      std::string where = "org_id = ? AND id > ?";
      Params params{org.value, q.after.value_or(0)};
      if (q.contact_id) {
        where += " AND contact_id = ?";
        params.push_back(*q.contact_id);
      }
      if (!q.touchpoint.empty()) {
        where += " AND touchpoint = ?";
        params.push_back(q.touchpoint);
      }
      if (q.from_ms) {
        where += " AND occurred_ms >= ?";
        params.push_back(*q.from_ms);
      }
      if (q.to_ms) {
        where += " AND occurred_ms < ?";
        params.push_back(*q.to_ms);
      }
      params.push_back(int64_t{limit + 1});
      auto rows = c.Query(fmt::format("SELECT {} FROM interactions WHERE {} ORDER BY id LIMIT ?",
                                      kInteractionCols, where),
                          params);
      if (!rows) return Fail(rows.error());
      return MakePage<Interaction>(*rows, limit, InteractionFrom,
                                   [](const Interaction& x) { return x.id; });
    });
  }

  // Every row of one organisation's small table, mapped.
  template <typename T, typename Map>
  Result<std::vector<T>> ListAll(const std::string& sql, OrgId org, Map map) {
    return Run(false, [&](Connection& c) -> Result<std::vector<T>> {
      auto rows = c.Query(sql, {org.value});
      if (!rows) return Fail(rows.error());
      std::vector<T> out;
      for (const Row& r : *rows) out.push_back(map(r));
      return out;
    });
  }

  // --- triggered feedback ---

  static constexpr std::string_view kRuleWriteCols =
      "name, enabled, survey_id, touchpoint, channel, conditions, delivery, delay_s, sampling, "
      "frequency_cap_days, quiet_start_hour, quiet_end_hour, reminder_after_hours, templates, "
      "updated_ms";

  Result<TriggerRule> CreateTriggerRule(const TriggerRule& t) override {
    return Run(true, [&](Connection& c) -> Result<TriggerRule> {
      if (auto sv = GetSurveyOn(c, t.org_id, t.survey_id); !sv) return Fail(sv.error());
      Params params = RuleParams(t);
      params.push_back(t.org_id.value);
      params.push_back(t.created_ms);
      return One<TriggerRule>(
          c.Query(fmt::format("INSERT INTO trigger_rules ({}, org_id, created_ms) VALUES (?, ?, ?, "
                              "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {}",
                              kRuleWriteCols, kRuleCols),
                  params),
          RuleFrom, "trigger rule");
    });
  }

  Result<TriggerRule> UpdateTriggerRule(OrgId org, const TriggerRule& t) override {
    return Run(true, [&](Connection& c) -> Result<TriggerRule> {
      if (auto sv = GetSurveyOn(c, org, t.survey_id); !sv) return Fail(sv.error());
      Params params = RuleParams(t);
      params.push_back(org.value);
      params.push_back(t.id);
      auto n = c.Execute(
          "UPDATE trigger_rules SET name = ?, enabled = ?, survey_id = ?, touchpoint = ?, "
          "channel = ?, conditions = ?, delivery = ?, delay_s = ?, sampling = ?, "
          "frequency_cap_days = ?, quiet_start_hour = ?, quiet_end_hour = ?, "
          "reminder_after_hours = ?, templates = ?, updated_ms = ? WHERE org_id = ? AND id = ?",
          params);
      if (!n) return Fail(n.error());
      if (*n == 0) return Fail(Error::NotFound("trigger rule not found"));
      return GetRuleOn(c, org, t.id);
    });
  }

  Result<TriggerRule> GetTriggerRule(OrgId org, int64_t id) override {
    return Run(false, [&](Connection& c) { return GetRuleOn(c, org, id); });
  }

  Result<std::vector<TriggerRule>> ListTriggerRules(OrgId org) override {
    return ListAll<TriggerRule>(
        fmt::format("SELECT {} FROM trigger_rules WHERE org_id = ? ORDER BY id", kRuleCols), org,
        RuleFrom);
  }

  Result<void> DeleteTriggerRule(OrgId org, int64_t id) override {
    return Run(false, [&](Connection& c) -> Result<void> {
      auto n = c.Execute("DELETE FROM trigger_rules WHERE org_id = ? AND id = ?", {org.value, id});
      if (!n) return Fail(n.error());
      if (*n == 0) return Fail(Error::NotFound("trigger rule not found"));
      return {};
    });
  }

  Result<ChannelSettings> GetChannelSettings(OrgId org) override {
    return Run(false, [&](Connection& c) -> Result<ChannelSettings> {
      auto rows = c.Query(
          fmt::format("SELECT {} FROM channel_settings WHERE org_id = ?", kChannelCols),
          {org.value});
      if (!rows) return Fail(rows.error());
      if (rows->empty()) return ChannelSettings{.org_id = org};
      return Unsealed(ChannelsFrom(rows->front()));
    });
  }

  // The password in clear: opened when sealed, as stored when it was written before sealing
  // existed. Under another key (or none) it stays sealed: unusable for sending, but a write
  // of the settings keeps it instead of wiping it.
  ChannelSettings Unsealed(ChannelSettings s) const {
    std::string clear;
    if (IsSealed(s.smtp_password) && OpenSecret(shared_->secret_key, s.smtp_password, clear))
      s.smtp_password = std::move(clear);
    s.sms_gateway = GatewaySecrets(s.sms_gateway, /*seal=*/false);
    s.webhook_gateway = GatewaySecrets(s.webhook_gateway, /*seal=*/false);
    return s;
  }

  std::string Sealed(const std::string& secret) const {
    return shared_->secret_key.empty() || secret.empty() || IsSealed(secret)
               ? secret
               : SealSecret(shared_->secret_key, secret);
  }

  // A gateway template's "secret_headers" values (delivery/channels.h) sealed for writing,
  // or opened after reading; the same rules as the SMTP password. Other text is unchanged.
  std::string GatewaySecrets(const std::string& text, bool seal) const {
    if (text.empty() || text.find("\"secret_headers\"") == std::string::npos) return text;
    Json g = Json::parse(text, nullptr, false);
    if (!g.is_object() || !g.contains("secret_headers") || !g["secret_headers"].is_object())
      return text;
    for (auto& [name, value] : g["secret_headers"].items()) {
      if (!value.is_string()) continue;
      std::string v = value.get<std::string>();
      if (seal) {
        value = Sealed(v);
      } else if (std::string clear; IsSealed(v) && OpenSecret(shared_->secret_key, v, clear)) {
        value = std::move(clear);
      }
    }
    return g.dump();
  }

  Result<ChannelSettings> PutChannelSettings(const ChannelSettings& x) override {
    return Run(false, [&](Connection& c) -> Result<ChannelSettings> {
      auto rows = c.Query(
          fmt::format(
              "INSERT INTO channel_settings ({0}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (org_id) DO UPDATE SET smtp_host = excluded.smtp_host, "
              "smtp_port = excluded.smtp_port, smtp_tls = excluded.smtp_tls, "
              "smtp_user = excluded.smtp_user, smtp_password = excluded.smtp_password, "
              "from_address = excluded.from_address, from_name = excluded.from_name, "
              "sms_gateway = excluded.sms_gateway, webhook_gateway = excluded.webhook_gateway, "
              "updated_ms = excluded.updated_ms RETURNING {0}",
              kChannelCols),
          {x.org_id.value, x.smtp_host, int64_t{x.smtp_port}, std::string(ToString(x.smtp_tls)),
           x.smtp_user, Sealed(x.smtp_password), x.from_address, x.from_name,
           GatewaySecrets(x.sms_gateway, /*seal=*/true),
           GatewaySecrets(x.webhook_gateway, /*seal=*/true), x.updated_ms});
      if (!rows) return ParentMissingIsNotFound<ChannelSettings>(Fail(rows.error()), "organisation");
      return Unsealed(ChannelsFrom(rows->front()));
    });
  }

  Result<InsertedInvitation> InsertInvitation(const Invitation& v) override {
    return Run(true, [&](Connection& c) -> Result<InsertedInvitation> {
      auto rows = c.Query(
          fmt::format("INSERT INTO invitations (org_id, rule_id, survey_id, contact_id, "
                      "interaction_id, channel, address, token, status, touchpoint, agent, "
                      "interaction_channel, attempts, last_error, created_ms, due_ms) VALUES (?, "
                      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (org_id, rule_id, "
                      "interaction_id) DO NOTHING RETURNING {}",
                      kInvitationCols),
          {v.org_id.value, v.rule_id, v.survey_id, v.contact_id, v.interaction_id,
           std::string(ToString(v.channel)), v.address, v.token, std::string(ToString(v.status)),
           v.touchpoint, v.agent, v.interaction_channel, v.last_error, v.created_ms, v.due_ms});
      if (!rows)
        return ParentMissingIsNotFound<InsertedInvitation>(Fail(rows.error()), "contact or survey");
      if (rows->empty()) {
        auto first = One<Invitation>(
            c.Query(fmt::format("SELECT {} FROM invitations WHERE org_id = ? AND rule_id = ? AND "
                                "interaction_id = ?",
                                kInvitationCols),
                    {v.org_id.value, v.rule_id, v.interaction_id}),
            InvitationFrom, "invitation");
        if (!first) return Fail(first.error());
        return InsertedInvitation{std::move(*first), false};
      }
      Invitation made = InvitationFrom(rows->front());
      if (made.status == InvitationStatus::kQueued) {
        auto n = EnqueueOn(c, {.org_id = made.org_id,
                                .topic = std::string(kInvitationSendTopic),
                                .key = std::to_string(made.id),
                                .payload = fmt::format(R"({{"invitation_id":{}}})", made.id),
                                .due_ms = made.due_ms,
                                .created_ms = made.created_ms});
        if (!n) return Fail(n.error());
      }
      return InsertedInvitation{std::move(made), true};
    });
  }

  Result<Invitation> GetInvitation(OrgId org, int64_t id) override {
    return Run(false, [&](Connection& c) { return GetInvitationOn(c, org, id); });
  }

  Result<Invitation> FindInvitationByToken(std::string_view token) override {
    return Run(false, [&](Connection& c) {
      return One<Invitation>(
          c.Query(fmt::format("SELECT {} FROM invitations WHERE token = ?", kInvitationCols),
                  {std::string(token)}),
          InvitationFrom, "invitation");
    });
  }

  Result<Page<Invitation>> ListInvitations(OrgId org, const InvitationQuery& q) override {
    int limit = ClampLimit(q.limit);
    return Run(false, [&](Connection& c) -> Result<Page<Invitation>> {
      std::string where = "org_id = ? AND id < ?";
      Params params{org.value, q.after.value_or(INT64_MAX)};
      if (q.status) {
        where += " AND status = ?";
        params.push_back(std::string(ToString(*q.status)));
      }
      for (auto [column, value] :
           {std::pair<const char*, const std::optional<int64_t>*>{"rule_id", &q.rule_id},
            {"survey_id", &q.survey_id},
            {"contact_id", &q.contact_id},
            {"interaction_id", &q.interaction_id}}) {
        if (!*value) continue;
        where += fmt::format(" AND {} = ?", column);
        params.push_back(**value);
      }
      params.push_back(int64_t{limit + 1});
      auto rows = c.Query(fmt::format("SELECT {} FROM invitations WHERE {} ORDER BY id DESC LIMIT ?",
                                      kInvitationCols, where),
                          params);
      if (!rows) return Fail(rows.error());
      return MakePage<Invitation>(*rows, limit, InvitationFrom,
                                  [](const Invitation& x) { return x.id; });
    });
  }

  Result<std::optional<int64_t>> LastInvitationMs(OrgId org, int64_t contact_id) override {
    return Run(false, [&](Connection& c) -> Result<std::optional<int64_t>> {
      if (pinned_ && shared_->dialect == Dialect::kPostgres) {
        auto lock = c.Query("SELECT id FROM contacts WHERE org_id = ? AND id = ? FOR UPDATE",
                            {org.value, contact_id});
        if (!lock) return Fail(lock.error());
      }
      auto rows = c.Query(
          "SELECT MAX(created_ms) FROM invitations WHERE org_id = ? AND contact_id = ? AND "
          "status <> 'suppressed'",
          {org.value, contact_id});
      if (!rows) return Fail(rows.error());
      return rows->front().OptInt(0);
    });
  }

  Result<Invitation> AdvanceInvitation(OrgId org, int64_t id, InvitationStatus to, int64_t at_ms,
                                       std::optional<int64_t> response_id) override {
    std::string_view column = ProgressColumn(to);
    if (column.empty())
      return Fail(Error::Internal("an invitation advances to sent, opened, started or completed"));
    return Run(true, [&](Connection& c) -> Result<Invitation> {
      auto current = GetInvitationOn(c, org, id, /*for_update=*/true);
      if (!current) return Fail(current.error());
      // A suppressed invitation was never sent, so nothing can reach it; a failed one that
      // is opened or answered anyway moves on.
      InvitationStatus status = current->status;
      if (status == InvitationStatus::kSuppressed) return *current;
      bool moves = status == InvitationStatus::kFailed
                       ? to != InvitationStatus::kSent
                       : ProgressRank(to) > ProgressRank(status);
      if (moves) status = to;
      auto n = c.Execute(
          fmt::format("UPDATE invitations SET status = ?, {0} = COALESCE({0}, ?), response_id = "
                      "COALESCE(response_id, ?) WHERE org_id = ? AND id = ?",
                      column),
          {std::string(ToString(status)), at_ms, sql::Nullable(response_id), org.value, id});
      if (!n) return Fail(n.error());
      return GetInvitationOn(c, org, id);
    });
  }

  Result<Invitation> RecordDelivery(OrgId org, int64_t id, const DeliveryRecord& d) override {
    return Run(true, [&](Connection& c) -> Result<Invitation> {
      Result<int64_t> n = 0;
      switch (d.event) {
        case DeliveryEvent::kSent:
          n = c.Execute(
              "UPDATE invitations SET status = CASE WHEN status = 'queued' THEN 'sent' ELSE status "
              "END, sent_ms = COALESCE(sent_ms, ?), attempts = ?, last_error = '', "
              "next_attempt_ms = NULL WHERE org_id = ? AND id = ?",
              {d.at_ms, int64_t{d.attempts}, org.value, id});
          break;
        case DeliveryEvent::kRetrying:
          n = c.Execute(
              "UPDATE invitations SET attempts = ?, last_error = ?, next_attempt_ms = ? WHERE "
              "org_id = ? AND id = ?",
              {int64_t{d.attempts}, d.error, sql::Nullable(d.next_attempt_ms), org.value, id});
          break;
        case DeliveryEvent::kFailed:
          n = c.Execute(
              "UPDATE invitations SET status = CASE WHEN status = 'queued' THEN 'failed' ELSE "
              "status END, failed_ms = ?, attempts = ?, last_error = ?, next_attempt_ms = NULL "
              "WHERE org_id = ? AND id = ?",
              {d.at_ms, int64_t{d.attempts}, d.error, org.value, id});
          break;
        case DeliveryEvent::kReminderSent:
          n = c.Execute(
              "UPDATE invitations SET reminder_sent_ms = COALESCE(reminder_sent_ms, ?) WHERE "
              "org_id = ? AND id = ?",
              {d.at_ms, org.value, id});
          break;
        case DeliveryEvent::kRequeued:
          n = c.Execute(
              "UPDATE invitations SET failed_ms = CASE WHEN status = 'failed' THEN NULL ELSE "
              "failed_ms END, status = CASE WHEN status = 'failed' THEN 'queued' ELSE status END, "
              "next_attempt_ms = ? WHERE org_id = ? AND id = ?",
              {sql::Nullable(d.next_attempt_ms), org.value, id});
          break;
      }
      if (!n) return Fail(n.error());
      if (*n == 0) return Fail(Error::NotFound("invitation not found"));
      return GetInvitationOn(c, org, id);
    });
  }

  Result<std::vector<InvitationCounts>> CountInvitations(OrgId org, int64_t from_ms,
                                                         int64_t to_ms) override {
    return Run(false, [&](Connection& c) -> Result<std::vector<InvitationCounts>> {
      auto rows = c.Query(
          "SELECT survey_id, rule_id, channel, COUNT(*), "
          "SUM(CASE WHEN status IN ('sent', 'opened', 'started', 'completed') THEN 1 ELSE 0 END), "
          "SUM(CASE WHEN status IN ('opened', 'started', 'completed') THEN 1 ELSE 0 END), "
          "SUM(CASE WHEN status IN ('started', 'completed') THEN 1 ELSE 0 END), "
          "SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), "
          "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), "
          "SUM(CASE WHEN status = 'suppressed' THEN 1 ELSE 0 END) "
          "FROM invitations WHERE org_id = ? AND created_ms >= ? AND created_ms < ? "
          "GROUP BY survey_id, rule_id, channel ORDER BY survey_id, rule_id, channel",
          {org.value, from_ms, to_ms});
      if (!rows) return Fail(rows.error());
      std::vector<InvitationCounts> out;
      for (const Row& r : *rows) {
        out.push_back({.survey_id = r.Int(0),
                       .rule_id = r.Int(1),
                       .channel = ParseDeliveryChannel(r.Text(2)).value_or(DeliveryChannel::kEmail),
                       .invited = r.Int(3),
                       .sent = r.Int(4),
                       .opened = r.Int(5),
                       .started = r.Int(6),
                       .completed = r.Int(7),
                       .failed = r.Int(8),
                       .suppressed = r.Int(9)});
      }
      return out;
    });
  }

  // --- the outbox ---

  Result<bool> EnqueueOutbox(const OutboxMessage& m) override {
    return Run(false, [&](Connection& c) -> Result<bool> {
      auto n = EnqueueOn(c, m);
      if (!n) return ParentMissingIsNotFound<bool>(Fail(n.error()), "organisation");
      return *n > 0;
    });
  }

  Result<std::vector<OutboxMessage>> ClaimOutbox(const std::vector<std::string>& topics,
                                                 int64_t now_ms, int64_t lease_ms, int limit,
                                                 std::string_view lease) override {
    if (topics.empty()) return std::vector<OutboxMessage>{};
    return Run(false, [&](Connection& c) -> Result<std::vector<OutboxMessage>> {
      Params params{std::string(lease), now_ms + lease_ms, now_ms};
      for (const std::string& t : topics) params.push_back(t);
      params.push_back(int64_t{std::max(limit, 1)});
      // PostgreSQL: concurrent claimers skip each other's rows instead of waiting; SQLite
      // runs one writer at a time.
      auto rows = c.Query(
          fmt::format("UPDATE outbox SET lease = ?, due_ms = ?, attempts = attempts + 1 WHERE id "
                      "IN (SELECT id FROM outbox WHERE state = 'pending' AND due_ms <= ? AND topic "
                      "IN ({}) ORDER BY due_ms, id LIMIT ?{}) RETURNING {}",
                      Placeholders(topics.size()),
                      shared_->dialect == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "",
                      kOutboxCols),
          params);
      if (!rows) return Fail(rows.error());
      std::vector<OutboxMessage> out;
      for (const Row& r : *rows) out.push_back(OutboxFrom(r));
      std::sort(out.begin(), out.end(),
                [](const OutboxMessage& a, const OutboxMessage& b) { return a.id < b.id; });
      return out;
    });
  }

  Result<std::optional<int64_t>> NextOutboxDueMs(const std::vector<std::string>& topics) override {
    if (topics.empty()) return std::optional<int64_t>();
    return Run(false, [&](Connection& c) -> Result<std::optional<int64_t>> {
      Params params(topics.begin(), topics.end());
      auto rows = c.Query(fmt::format("SELECT MIN(due_ms) FROM outbox WHERE state = 'pending' AND "
                                      "topic IN ({})",
                                      Placeholders(topics.size())),
                          params);
      if (!rows) return Fail(rows.error());
      return rows->front().OptInt(0);
    });
  }

  Result<void> SettleOutbox(OrgId org, int64_t id, std::string_view lease,
                            const OutboxSettlement& s) override {
    return Run(false, [&](Connection& c) -> Result<void> {
      const bool pending = s.state == OutboxState::kPending;
      auto n = c.Execute(
          "UPDATE outbox SET state = ?, due_ms = ?, last_error = ?, lease = NULL, done_ms = ? "
          "WHERE org_id = ? AND id = ? AND lease = ? AND state = 'pending'",
          {std::string(ToString(s.state)), pending ? s.due_ms : s.at_ms, s.error,
           pending ? Value(std::monostate{}) : Value(s.at_ms), org.value, id, std::string(lease)});
      if (!n) return Fail(n.error());
      if (*n == 0)
        return Fail(Error::FailedPrecondition("the outbox message's lease was lost to another claim"));
      return {};
    });
  }

  Result<OutboxMessage> GetOutboxMessage(OrgId org, int64_t id) override {
    return Run(false, [&](Connection& c) { return GetOutboxOn(c, org, id); });
  }

  Result<Page<OutboxMessage>> ListOutbox(OrgId org, const OutboxQuery& q) override {
    int limit = ClampLimit(q.limit);
    return Run(false, [&](Connection& c) -> Result<Page<OutboxMessage>> {
      std::string where = "org_id = ? AND id < ?";
      Params params{org.value, q.after.value_or(INT64_MAX)};
      if (q.state) {
        where += " AND state = ?";
        params.push_back(std::string(ToString(*q.state)));
      }
      for (auto [column, value] : {std::pair<const char*, const std::optional<std::string>*>{
                                       "topic", &q.topic},
                                   {"key", &q.key}}) {
        if (!*value) continue;
        where += fmt::format(" AND {} = ?", column);
        params.push_back(**value);
      }
      params.push_back(int64_t{limit + 1});
      auto rows = c.Query(
          fmt::format("SELECT {} FROM outbox WHERE {} ORDER BY id DESC LIMIT ?", kOutboxCols, where),
          params);
      if (!rows) return Fail(rows.error());
      return MakePage<OutboxMessage>(*rows, limit, OutboxFrom,
                                     [](const OutboxMessage& m) { return m.id; });
    });
  }

  Result<OutboxMessage> ReplayOutbox(OrgId org, int64_t id, int64_t now_ms) override {
    return Run(true, [&](Connection& c) -> Result<OutboxMessage> {
      auto rows = c.Query(
          fmt::format("UPDATE outbox SET state = 'pending', due_ms = ?, attempts = 0, lease = NULL, "
                      "done_ms = NULL WHERE org_id = ? AND id = ? AND state IN ('dead', 'failed') "
                      "RETURNING {}",
                      kOutboxCols),
          {now_ms, org.value, id});
      if (!rows) return Fail(rows.error());
      if (!rows->empty()) return OutboxFrom(rows->front());
      auto current = GetOutboxOn(c, org, id);
      if (!current) return Fail(current.error());
      return Fail(Error::FailedPrecondition(
          fmt::format("only a dead or failed message can be replayed; this one is {}",
                      ToString(current->state)),
          "id"));
    });
  }

  Result<void> SuppressAddress(OrgId org, std::string_view address_hash, std::string_view reason,
                               int64_t at_ms) override {
    return Run(false, [&](Connection& c) -> Result<void> {
      auto n = c.Execute(
          "INSERT INTO suppressed_addresses (org_id, address_hash, reason, at_ms) VALUES (?, ?, ?, "
          "?) ON CONFLICT (org_id, address_hash) DO NOTHING",
          {org.value, std::string(address_hash), std::string(reason), at_ms});
      if (!n) return ParentMissingIsNotFound<void>(Fail(n.error()), "organisation");
      return {};
    });
  }

  Result<bool> IsAddressSuppressed(OrgId org, std::string_view address_hash) override {
    return Run(false, [&](Connection& c) -> Result<bool> {
      auto rows = c.Query(
          "SELECT COUNT(*) FROM suppressed_addresses WHERE org_id = ? AND address_hash = ?",
          {org.value, std::string(address_hash)});
      if (!rows) return Fail(rows.error());
      return rows->front().Int(0) > 0;
    });
  }

  // --- audit ---

  // --- text settings, comment tags, personas ---------------------------------------------

  Result<TextSettings> GetTextSettings(OrgId org) override {
    return Run(false, [&](Connection& c) -> Result<TextSettings> {
      auto rows = c.Query(fmt::format("SELECT {} FROM text_settings WHERE org_id = ?", kTextCols),
                          {org.value});
      if (!rows) return Fail(rows.error());
      if (rows->empty()) return TextSettings{.org_id = org};
      return TextFrom(rows->front());
    });
  }

  Result<TextSettings> UpdateTextSettings(OrgId org, const TextSettingsPatch& patch,
                                          int64_t now_ms) override {
    return Run(true, [&](Connection& c) -> Result<TextSettings> {
      auto inserted = c.Execute(
          "INSERT INTO text_settings (org_id, taxonomy, classifier, classifier_report, "
          "trained_ms, revision, updated_ms) VALUES (?, '', '', '', 0, 0, ?) "
          "ON CONFLICT (org_id) DO NOTHING",
          {org.value, now_ms});
      if (!inserted) return ParentMissingIsNotFound<TextSettings>(Fail(inserted.error()), "organisation");
      std::string sets = "revision = revision + 1, updated_ms = ?";
      Params params = {now_ms};
      auto set = [&](std::string_view column, const auto& value) {
        if (!value) return;
        sets += fmt::format(", {} = ?", column);
        params.emplace_back(*value);
      };
      set("taxonomy", patch.taxonomy);
      set("classifier", patch.classifier);
      set("classifier_report", patch.classifier_report);
      set("trained_ms", patch.trained_ms);
      params.emplace_back(org.value);
      return One<TextSettings>(
          c.Query(fmt::format("UPDATE text_settings SET {} WHERE org_id = ? RETURNING {}", sets,
                              kTextCols),
                  params),
          TextFrom, "organisation");
    });
  }

  Result<std::vector<std::pair<OrgId, int64_t>>> ListTextRevisions() override {
    return Run(false, [&](Connection& c) -> Result<std::vector<std::pair<OrgId, int64_t>>> {
      auto rows = c.Query("SELECT org_id, revision FROM text_settings ORDER BY org_id", {});
      if (!rows) return Fail(rows.error());
      std::vector<std::pair<OrgId, int64_t>> out;
      for (const Row& r : *rows) out.emplace_back(OrgId{r.Int(0)}, r.Int(1));
      return out;
    });
  }

  Result<void> SetCommentTags(OrgId org, int64_t response_id, std::string_view question_id,
                              const std::vector<std::string>& labels, std::optional<UserId> by,
                              int64_t now_ms) override {
    return Run(true, [&](Connection& c) -> Result<void> {
      auto owner = c.Query("SELECT 1 FROM responses WHERE org_id = ? AND id = ?",
                           {org.value, response_id});
      if (!owner) return Fail(owner.error());
      if (owner->empty()) return Fail(Error::NotFound("response not found"));
      auto del = c.Execute(
          "DELETE FROM comment_tags WHERE org_id = ? AND response_id = ? AND question_id = ?",
          {org.value, response_id, std::string(question_id)});
      if (!del) return Fail(del.error());
      for (const std::string& label : labels) {
        auto n = c.Execute(
            "INSERT INTO comment_tags (org_id, response_id, question_id, label, tagged_by, "
            "tagged_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            {org.value, response_id, std::string(question_id), label, OptId(by), now_ms});
        if (!n) return Fail(n.error());
      }
      return {};
    });
  }

  Result<void> ChangeCommentTags(OrgId org, int64_t response_id, std::string_view question_id,
                                 const std::vector<std::string>& add,
                                 const std::vector<std::string>& remove, std::optional<UserId> by,
                                 int64_t now_ms) override {
    return Run(true, [&](Connection& c) -> Result<void> {
      auto owner = c.Query("SELECT 1 FROM responses WHERE org_id = ? AND id = ?",
                           {org.value, response_id});
      if (!owner) return Fail(owner.error());
      if (owner->empty()) return Fail(Error::NotFound("response not found"));
      for (const std::string& label : remove) {
        auto n = c.Execute("DELETE FROM comment_tags WHERE org_id = ? AND response_id = ? AND "
                           "question_id = ? AND label = ?",
                           {org.value, response_id, std::string(question_id), label});
        if (!n) return Fail(n.error());
      }
      for (const std::string& label : add) {
        auto n = c.Execute(
            "INSERT INTO comment_tags (org_id, response_id, question_id, label, tagged_by, "
            "tagged_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            {org.value, response_id, std::string(question_id), label, OptId(by), now_ms});
        if (!n) return Fail(n.error());
      }
      return {};
    });
  }

  Result<std::vector<CommentTag>> ListCommentTags(
      OrgId org, const std::vector<int64_t>& response_ids) override {
    constexpr size_t kMaxIds = 1000;
    if (response_ids.size() > kMaxIds)
      return Fail(Error::InvalidArgument("at most 1000 responses at a time", "response_ids"));
    return Run(false, [&](Connection& c) -> Result<std::vector<CommentTag>> {
      Params params = {org.value};
      std::string where = "org_id = ?";
      if (!response_ids.empty()) {
        where += " AND response_id IN (";
        for (size_t i = 0; i < response_ids.size(); ++i) {
          where += i ? ", ?" : "?";
          params.emplace_back(response_ids[i]);
        }
        where += ")";
      }
      auto rows = c.Query(fmt::format("SELECT response_id, question_id, label, tagged_by, "
                                      "tagged_ms FROM comment_tags WHERE {} ORDER BY "
                                      "response_id, question_id, label",
                                      where),
                          params);
      if (!rows) return Fail(rows.error());
      std::vector<CommentTag> out;
      out.reserve(rows->size());
      for (const Row& r : *rows) {
        CommentTag t{.org_id = org, .response_id = r.Int(0), .question_id = r.Text(1),
                     .label = r.Text(2), .tagged_ms = r.Int(4)};
        if (auto by = r.OptInt(3)) t.tagged_by = UserId{*by};
        out.push_back(std::move(t));
      }
      return out;
    });
  }

  Result<Persona> CreatePersona(const Persona& p) override {
    return Run(true, [&](Connection& c) -> Result<Persona> {
      auto rows = c.Query(
          fmt::format("INSERT INTO personas (org_id, name, description, goals, pains, emoji, "
                      "picture_url, rule, members, members_ms, created_ms, updated_ms) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?) RETURNING {}",
                      kPersonaCols),
          {p.org_id.value, p.name, p.description, p.goals, p.pains, p.emoji, p.picture_url,
           p.rule, p.created_ms, p.created_ms});
      if (!rows) {
        return PersonaNameTaken(
            ParentMissingIsNotFound<Persona>(Fail(rows.error()), "organisation"));
      }
      return PersonaFrom(rows->front());
    });
  }

  Result<Persona> UpdatePersona(OrgId org, const Persona& p) override {
    return Run(true, [&](Connection& c) -> Result<Persona> {
      auto rows = c.Query(
          fmt::format("UPDATE personas SET name = ?, description = ?, goals = ?, pains = ?, "
                      "emoji = ?, picture_url = ?, rule = ?, updated_ms = ? WHERE org_id = ? "
                      "AND id = ? RETURNING {}",
                      kPersonaCols),
          {p.name, p.description, p.goals, p.pains, p.emoji, p.picture_url, p.rule, p.updated_ms,
           org.value, p.id});
      return PersonaNameTaken(One<Persona>(std::move(rows), PersonaFrom, "persona"));
    });
  }

  Result<Persona> GetPersona(OrgId org, int64_t id) override {
    return Run(false, [&](Connection& c) -> Result<Persona> {
      return One<Persona>(
          c.Query(fmt::format("SELECT {} FROM personas WHERE org_id = ? AND id = ?", kPersonaCols),
                  {org.value, id}),
          PersonaFrom, "persona");
    });
  }

  Result<std::vector<Persona>> ListPersonas(OrgId org) override {
    return Run(false, [&](Connection& c) -> Result<std::vector<Persona>> {
      auto rows = c.Query(
          fmt::format("SELECT {} FROM personas WHERE org_id = ? ORDER BY id", kPersonaCols),
          {org.value});
      if (!rows) return Fail(rows.error());
      std::vector<Persona> out;
      for (const Row& r : *rows) out.push_back(PersonaFrom(r));
      return out;
    });
  }

  Result<void> DeletePersona(OrgId org, int64_t id) override {
    return Run(true, [&](Connection& c) -> Result<void> {
      auto members = c.Execute("DELETE FROM persona_members WHERE org_id = ? AND persona_id = ?",
                               {org.value, id});
      if (!members) return Fail(members.error());
      auto n = c.Execute("DELETE FROM personas WHERE org_id = ? AND id = ?", {org.value, id});
      if (!n) return Fail(n.error());
      if (*n == 0) return Fail(Error::NotFound("persona not found"));
      return {};
    });
  }

  Result<void> SetPersonaMembers(OrgId org, int64_t persona_id,
                                 const std::vector<int64_t>& contact_ids,
                                 int64_t now_ms) override {
    return Run(true, [&](Connection& c) -> Result<void> {
      auto n = c.Execute("UPDATE personas SET members = ?, members_ms = ? WHERE org_id = ? AND "
                         "id = ?",
                         {static_cast<int64_t>(contact_ids.size()), now_ms, org.value, persona_id});
      if (!n) return Fail(n.error());
      if (*n == 0) return Fail(Error::NotFound("persona not found"));
      auto del = c.Execute("DELETE FROM persona_members WHERE org_id = ? AND persona_id = ?",
                           {org.value, persona_id});
      if (!del) return Fail(del.error());
      for (int64_t contact : contact_ids) {
        auto ins = c.Execute(
            "INSERT INTO persona_members (org_id, persona_id, contact_id) VALUES (?, ?, ?)",
            {org.value, persona_id, contact});
        if (!ins) return ParentMissingIsNotFound<void>(Fail(ins.error()), "contact");
      }
      return {};
    });
  }

  Result<void> SetContactPersonas(OrgId org, int64_t contact_id,
                                  const std::vector<int64_t>& persona_ids,
                                  int64_t now_ms) override {
    return Run(true, [&](Connection& c) -> Result<void> {
      auto before = c.Query(
          "SELECT persona_id FROM persona_members WHERE org_id = ? AND contact_id = ?",
          {org.value, contact_id});
      if (!before) return Fail(before.error());
      std::vector<int64_t> old;
      for (const Row& r : *before) old.push_back(r.Int(0));
      auto has = [](const std::vector<int64_t>& v, int64_t x) {
        return std::find(v.begin(), v.end(), x) != v.end();
      };
      for (int64_t persona : old) {
        if (has(persona_ids, persona)) continue;
        auto del = c.Execute("DELETE FROM persona_members WHERE org_id = ? AND persona_id = ? "
                             "AND contact_id = ?",
                             {org.value, persona, contact_id});
        if (!del) return Fail(del.error());
        auto n = c.Execute("UPDATE personas SET members = members - 1, members_ms = ? WHERE "
                           "org_id = ? AND id = ?",
                           {now_ms, org.value, persona});
        if (!n) return Fail(n.error());
      }
      for (int64_t persona : persona_ids) {
        if (has(old, persona)) continue;
        auto ins = c.Execute(
            "INSERT INTO persona_members (org_id, persona_id, contact_id) VALUES (?, ?, ?)",
            {org.value, persona, contact_id});
        if (!ins) return ParentMissingIsNotFound<void>(Fail(ins.error()), "persona or contact");
        auto n = c.Execute("UPDATE personas SET members = members + 1, members_ms = ? WHERE "
                           "org_id = ? AND id = ?",
                           {now_ms, org.value, persona});
        if (!n) return Fail(n.error());
      }
      return {};
    });
  }

  Result<std::vector<PersonaMember>> ListPersonaMembers(
      OrgId org, std::optional<int64_t> contact_id) override {
    return Run(false, [&](Connection& c) -> Result<std::vector<PersonaMember>> {
      Params params = {org.value};
      if (contact_id) params.emplace_back(*contact_id);
      auto rows = c.Query(fmt::format("SELECT persona_id, contact_id FROM persona_members WHERE "
                                      "org_id = ?{} ORDER BY persona_id, contact_id",
                                      contact_id ? " AND contact_id = ?" : ""),
                          params);
      if (!rows) return Fail(rows.error());
      std::vector<PersonaMember> out;
      out.reserve(rows->size());
      for (const Row& r : *rows) out.push_back({r.Int(0), r.Int(1)});
      return out;
    });
  }

  Result<int64_t> AppendAudit(const AuditEntry& e) override {
    return Run(false, [&](Connection& c) -> Result<int64_t> {
      auto rows = c.Query(
          "INSERT INTO audit_log (org_id, actor_user_id, actor_api_key_id, action, target, "
          "details, ip, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {e.org_id.value,
           OptId(e.actor_user_id), OptId(e.actor_api_key_id),
           e.action, e.target, e.details.empty() ? std::string("{}") : e.details, e.ip, e.at_ms});
      if (!rows) {
        if (rows.error().code == ErrorCode::kFailedPrecondition)
          return Fail(Error::NotFound("organisation not found"));
        return Fail(rows.error());
      }
      return rows->front().Int(0);
    });
  }

  Result<Page<AuditEntry>> ListAudit(OrgId org, PageRequest page) override {
    int limit = ClampLimit(page.limit);
    return Run(false, [&](Connection& c) -> Result<Page<AuditEntry>> {
      auto rows = c.Query(fmt::format("SELECT {} FROM audit_log WHERE org_id = ? AND id < ? "
                                      "ORDER BY id DESC LIMIT ?",
                                      kAuditCols),
                          {org.value, page.after.value_or(INT64_MAX), int64_t{limit + 1}});
      if (!rows) return Fail(rows.error());
      return MakePage<AuditEntry>(*rows, limit, AuditFrom,
                                  [](const AuditEntry& e) { return e.id; });
    });
  }

 private:
  // Runs `f` on the pinned connection, or on a pooled one (inside a transaction when
  // `atomic`: used by calls that issue more than one statement).
  template <typename F>
  auto Run(bool atomic, F&& f) -> decltype(f(std::declval<Connection&>())) {
    using R = decltype(f(std::declval<Connection&>()));
    shared_->stats.queries++;
    R r = [&]() -> R {
      if (pinned_) return f(*pinned_);
      auto lease = shared_->pool.Acquire();
      if (!lease) return Fail(lease.error());
      if (!atomic) return f(**lease);
      return InTransaction(**lease, f);
    }();
    if (!r && IsStoreFault(r.error().code)) shared_->stats.errors++;
    return r;
  }

  template <typename F>
  auto InTransaction(Connection& c, F&& f) -> decltype(f(c)) {
    auto begin = c.ExecuteScript(shared_->dialect == Dialect::kSqlite ? "BEGIN IMMEDIATE"
                                                                      : "BEGIN");
    if (!begin) return Fail(begin.error());
    // Rolls back if `f` fails, or throws, before the commit.
    struct RollbackUnlessCommitted {
      Connection& c;
      bool done = false;
      ~RollbackUnlessCommitted() {
        if (!done) (void)c.ExecuteScript("ROLLBACK");
      }
    } guard{c};
    auto r = f(c);
    if (!r) return r;
    auto commit = c.ExecuteScript("COMMIT");
    if (!commit) return Fail(commit.error());
    guard.done = !c.InTransaction();
    return r;
  }

  Result<void> ExecuteNoRows(std::string_view statement, const Params& params) {
    return Run(false, [&](Connection& c) -> Result<void> {
      auto n = c.Execute(statement, params);
      if (!n) return Fail(n.error());
      return {};
    });
  }

  // Adds a pending message unless its (organisation, topic, key) exists; rows written.
  Result<int64_t> EnqueueOn(Connection& c, const OutboxMessage& m) {
    return c.Execute(
        "INSERT INTO outbox (org_id, topic, key, payload, state, due_ms, attempts, last_error, "
        "created_ms) VALUES (?, ?, ?, ?, 'pending', ?, 0, '', ?) ON CONFLICT (org_id, topic, key) "
        "DO NOTHING",
        {m.org_id.value, m.topic, m.key, m.payload, m.due_ms, m.created_ms});
  }

  Result<OutboxMessage> GetOutboxOn(Connection& c, OrgId org, int64_t id) {
    return One<OutboxMessage>(
        c.Query(fmt::format("SELECT {} FROM outbox WHERE org_id = ? AND id = ?", kOutboxCols),
                {org.value, id}),
        OutboxFrom, "outbox message");
  }

  Result<Organisation> GetOrganisationOn(Connection& c, OrgId org) {
    return One<Organisation>(
        c.Query(fmt::format("SELECT {} FROM organisations o WHERE o.id = ?", kOrgCols),
                {org.value}),
        OrgFrom, "organisation");
  }

  Result<Survey> GetSurveyOn(Connection& c, OrgId org, int64_t id) {
    return One<Survey>(
        c.Query(fmt::format("SELECT {} FROM surveys WHERE org_id = ? AND id = ?", kSurveyCols),
                {org.value, id}),
        SurveyFrom, "survey");
  }

  Result<Response> GetResponseOn(Connection& c, OrgId org, int64_t id) {
    return One<Response>(
        c.Query(fmt::format("SELECT {} FROM responses WHERE org_id = ? AND id = ?", kResponseCols),
                {org.value, id}),
        ResponseFrom, "response");
  }

  Result<TriggerRule> GetRuleOn(Connection& c, OrgId org, int64_t id) {
    return One<TriggerRule>(
        c.Query(fmt::format("SELECT {} FROM trigger_rules WHERE org_id = ? AND id = ?", kRuleCols),
                {org.value, id}),
        RuleFrom, "trigger rule");
  }

  // `for_update`: PostgreSQL locks the row until the transaction ends.
  Result<Invitation> GetInvitationOn(Connection& c, OrgId org, int64_t id, bool for_update = false) {
    bool lock = for_update && shared_->dialect == Dialect::kPostgres;
    return One<Invitation>(
        c.Query(fmt::format("SELECT {} FROM invitations WHERE org_id = ? AND id = ?{}",
                            kInvitationCols, lock ? " FOR UPDATE" : ""),
                {org.value, id}),
        InvitationFrom, "invitation");
  }

  Result<Member> GetMemberOn(Connection& c, OrgId org, UserId user) {
    return One<Member>(c.Query(std::string(kMemberSelect) + "WHERE m.org_id = ? AND m.user_id = ?",
                               {org.value, user.value}),
                       MemberFrom, "member");
  }

  // Fails when the organisation has a single owner (who is about to go). The owner rows are
  // locked on PostgreSQL so two concurrent demotions cannot both pass; SQLite's write
  // transaction (BEGIN IMMEDIATE) already serialises them.
  Result<void> KeepAnOwner(Connection& c, OrgId org) {
    std::string q = "SELECT user_id FROM memberships WHERE org_id = ? AND role = 'owner'";
    if (shared_->dialect == Dialect::kPostgres) q += " FOR UPDATE";
    auto rows = c.Query(q, {org.value});
    if (!rows) return Fail(rows.error());
    if (rows->size() <= 1) {
      return Fail(Error::FailedPrecondition("an organisation needs at least one owner", "role"));
    }
    return {};
  }

  std::shared_ptr<Shared> shared_;
  Connection* pinned_;  // set inside Transact()
};

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options) {
  std::unique_ptr<sql::Driver> driver;
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);  // also accept sqlite://PATH
    if (path.empty()) return Fail(Error::InvalidArgument("sqlite: needs a file path", "db"));
    driver = sql::MakeSqliteDriver(std::move(path), options.busy_timeout_ms,
                                   /*auto_checkpoint=*/options.background_checkpoint_ms <= 0);
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    driver = sql::MakePostgresDriver(std::string(url));
  } else {
    return Fail(Error::InvalidArgument(
        "database URL must start with sqlite: or postgresql://", "db"));
  }
  auto shared = std::make_shared<Shared>(std::move(driver), options);
  if (shared->dialect == Dialect::kSqlite && options.background_checkpoint_ms > 0) {
    shared->StartCheckpointer(options.background_checkpoint_ms);
  }
  auto store = std::make_unique<SqlStore>(std::move(shared), nullptr);
  // Fail early, with a clear message, when the database cannot be reached.
  if (auto ping = store->Ping(); !ping) return Fail(ping.error());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace nazar
