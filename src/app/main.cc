// The `nazar` command: serve, migrate, user create, apikey create, demo, import, export, text,
// outbox, backup, restore, analyze, version.
// Configuration comes from flags, then NAZAR_* environment variables, then defaults that
// just work (SQLite under ./data, 127.0.0.1:8080).
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <charconv>
#include <deque>
#include <fstream>
#include <iterator>
#include <algorithm>
#include <map>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "accounts/accounts.h"
#include "act/alerts.h"
#include "act/case_checks.h"
#include "act/follow_up.h"
#include "act/loop_report.h"
#include "act/digests.h"
#include "act/metric_watch.h"
#include "act/notify.h"
#include "act/plans.h"
#include "act/program.h"
#include "outcomes/program_kpis.h"
#include "outcomes/service.h"
#include "act/sla_sweep.h"
#include "core/worker.h"
#include "app/analyze.h"
#include "app/follow_command.h"
#include "app/backup_commands.h"
#include "app/outbox_commands.h"
#include "app/progress.h"
#include "app/text_commands.h"
#include "app/text_evaluate.h"
#include "comments/enrich_jobs.h"
#include "responses/export.h"
#include "responses/ingest.h"
#include "outreach/invitations.h"
#include "outreach/invitation_messages.h"
#include "survey/survey_service.h"
#include "outreach/triggers.h"
#include "delivery/dispatcher.h"
#include "webhooks/webhooks.h"
#include "demo/demo.h"
#include "results/results.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "http/api.h"
#include "http/server.h"
#include "nodes/change_feed.h"
#include "journey/journeys.h"
#include "journey/persona_service.h"
#include "store/store.h"
#include "comments/text_models.h"
#include "text/analyzer.h"

namespace nazar {
namespace {

constexpr std::string_view kDefaultDb = "sqlite:./data/nazar.db";
constexpr std::string_view kDemoEmail = "admin@example.com";
constexpr std::string_view kDemoPassword = "nazar-demo";

struct CommonOptions {
  std::string db{kDefaultDb};
  std::string log_level = "info";
  std::string secret_file;  // serve: the key sealing secrets at rest (default: by the database)
};

int Die(const Error& e) {
  std::cerr << "nazar: " << e.ToString() << "\n";
  return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

// A queue_log's callers: how many were found among the contacts, and who was not.
void PrintCallers(const journey::ImportReport& r) {
  const int64_t callers = r.callers_matched + r.callers_unmatched;
  if (callers + r.callers_withheld == 0) return;
  std::cout << fmt::format("callers: {} matched to contacts, {} not in the contacts ({:.1f}% matched), "
                           "{} withheld\n",
                           r.callers_matched, r.callers_unmatched,
                           callers ? 100.0 * static_cast<double>(r.callers_matched) / static_cast<double>(callers) : 100.0,
                           r.callers_withheld);
  for (const std::string& number : r.unmatched_callers) std::cout << "  not in the contacts: " << number << "\n";
  if (r.callers_unmatched > static_cast<int64_t>(r.unmatched_callers.size()))
    std::cout << fmt::format("  … and {} more\n", r.callers_unmatched - static_cast<int64_t>(r.unmatched_callers.size()));
}

void SetUpLogging(const std::string& level, bool access_log) {
  auto main_logger = spdlog::stderr_logger_mt("nazar");
  main_logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(main_logger);
  spdlog::set_level(spdlog::level::from_str(level));
  if (access_log) {
    auto access = spdlog::stdout_logger_mt("access");
    access->set_pattern("%v");  // JSON lines
  }
}

// The key that seals secrets at rest (the SMTP password): the file's 32 bytes, made with
// mode 0600 when it does not exist. Default: secret.key beside a SQLite database, else
// ./data/secret.key. Every node of one database needs the same file.
Result<std::string> LoadSecretKey(const CommonOptions& common) {
  std::filesystem::path path = common.secret_file;
  if (path.empty()) {
    std::string_view db = common.db;
    path = db.starts_with("sqlite:")
               ? std::filesystem::path(std::string(db.substr(7))).parent_path() / "secret.key"
               : std::filesystem::path("data") / "secret.key";
  }
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    // A new key cannot open passwords sealed under the old one: they stay sealed (kept, not
    // wiped) and must be entered again, so say where the key went.
    if (!path.parent_path().empty()) std::filesystem::create_directories(path.parent_path(), ec);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
      return Fail(Error::InvalidArgument("cannot create " + path.string(), "secret_file"));
    }
    const std::string key = RandomBytes(kSecretKeyBytes);
    const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
    ::fsync(fd);
    ::close(fd);
    if (!written) return Fail(Error::Internal("cannot write " + path.string()));
    spdlog::info("made a new secret key at {} (keep it with the database)", path.string());
  }
  std::ifstream in(path, std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() != kSecretKeyBytes) {
    return Fail(Error::InvalidArgument(
        fmt::format("{} must hold exactly {} bytes", path.string(), kSecretKeyBytes), "secret_file"));
  }
  return key;
}

Result<std::unique_ptr<Store>> OpenMigrated(const std::string& url, int pool_size, bool migrate,
                                            std::string secret_key = {}) {
  auto store = OpenStore(url, {.pool_size = pool_size, .secret_key = std::move(secret_key)});
  if (!store) return store;
  if (migrate) {
    auto v = (*store)->Migrate();
    if (!v) return Fail(v.error());
  }
  return store;
}

std::string ReadPassword(bool from_stdin, const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("NAZAR_PASSWORD")) return env;
  if (from_stdin || !isatty(STDIN_FILENO)) {
    std::string line;
    std::getline(std::cin, line);
    return line;
  }
  const char* pw = getpass("Password: ");  // NOLINT: interactive only
  return pw ? pw : "";
}

// Blocks until SIGINT or SIGTERM. The signals are blocked in every thread (set before any
// thread starts), so only this sigwait sees them.
int WaitForSignal(const sigset_t& set) {
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

int Serve(const CommonOptions& common, const std::string& listen, int threads, size_t max_body,
          bool migrate, const http::ApiOptions& api_options, bool webhook_allow_private,
          const delivery::DispatcherOptions& dispatcher_options) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  SetUpLogging(common.log_level, api_options.access_log);
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return Die(Error::InvalidArgument("listen must be HOST:PORT", "listen"));
  }
  int port = -1;
  std::string_view port_text = std::string_view(listen).substr(colon + 1);
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return Die(Error::InvalidArgument("listen must be HOST:PORT with a port from 0 to 65535",
                                      "listen"));
  }

  int io_threads = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  auto secret_key = LoadSecretKey(common);
  if (!secret_key) return Die(secret_key.error());
  auto store = OpenMigrated(common.db, io_threads * 2 + 2, migrate, std::move(*secret_key));
  if (!store) return Die(store.error());
  SystemClock clock;
  // Each organisation's text pipeline (its taxonomy and label classifier): every comment
  // is analysed as it arrives.
  auto text_models = comments::TextModels::Create((*store)->text());
  if (!text_models) return Die(text_models.error());
  Accounts accounts(**store, clock);
  survey::SurveyService surveys(**store, clock);
  // Which organisations have webhook endpoints: a completed response of one without costs
  // no query (the webhooks service below tells it of this node's changes).
  webhooks::SubscriberCache webhook_subscribers(clock);
  responses::ResponseIngest ingest(**store, surveys, clock,
                                   {.text = text_models->get(), .webhook_subscribers = &webhook_subscribers});
  results::ResultsService results(**store, surveys);
  // Re-analysis of stored comments started from the app (after a taxonomy change).
  comments::EnrichJobs enrich_jobs(**store, surveys, **text_models, clock);
  journey::Journeys journeys(**store, clock);
  // Personas: a change of membership reaches the metrics view (a contact's responses
  // appended again, or the organisation's view rebuilt).
  journey::PersonaService personas(**store, clock);
  personas.AddListener([&results](OrgId org, std::optional<int64_t> contact,
                                  const std::vector<int64_t>& ids) {
    Result<void> done;
    if (contact) {
      done = results.ContactPersonasChanged(org, *contact, ids);
    } else if (auto rebuilt = results.Rebuild(org); !rebuilt) {
      done = Fail(rebuilt.error());
    }
    if (!done) spdlog::warn("organisation {}: personas not in the metrics view: {}", org.value,
                            done.error().ToString());
  });
  ingest.AddListener([&results](const Response& r, const survey::Definition& d) { results.Record(r, d); });
  // Triggered feedback: every interaction written is checked against the trigger rules;
  // the outbox's dispatcher delivers the invitations through their handler
  // (docs/architecture.md, "Invitations and the outbox").
  std::string public_url = api_options.public_url;
  if (public_url.empty()) {
    public_url = "http://" + listen;
    spdlog::warn("invitation links point at {}; set --public-url to the address respondents reach",
                 public_url);
  }
  outreach::Triggers triggers(**store, clock);
  outreach::Invitations invitations(**store, surveys, clock);
  outreach::InvitationMessages invitation_messages(**store, clock, {.public_url = public_url});
  delivery::Dispatcher dispatcher(**store, clock, dispatcher_options);
  invitation_messages.RegisterWith(dispatcher);
  // Webhooks for integrators: signed events delivered through the same outbox.
  webhooks::Webhooks webhooks(**store, clock, {.send = {.allow_private = webhook_allow_private},
                                               .subscribers = &webhook_subscribers});
  webhooks.RegisterWith(dispatcher);
  if (webhook_allow_private)
    spdlog::warn("webhooks may reach loopback, private and link-local addresses "
                 "(--webhook-allow-private)");
  journeys.AddInteractionListener([&triggers](const Interaction& i) { triggers.OnInteraction(i); });
  // Act: every complete response meets the organisation's alert rules in its own
  // transaction (an alert, its case with an owner, the notifications commit with it); the
  // notifications' e-mails leave through the outbox.
  act::ActSettingsService act_settings(**store, clock);
  act::Cases cases(**store, act_settings, clock);
  act::AlertRules alerts(**store, surveys, cases, clock);
  act::NotifyHandler notify(**store, clock, {.app_url = public_url});
  notify.RegisterWith(dispatcher);
  act::FollowUpHandler follow_ups(**store, clock);
  follow_ups.RegisterWith(dispatcher);
  act::CheckHandler check_mail(**store, clock, public_url);
  check_mail.RegisterWith(dispatcher);
  act::CaseChecks case_checks(**store, clock);
  act::LoopReport loop_report(**store, act_settings, clock);
  act::MetricWatch metric_watch(**store, results, cases, clock);
  ingest.AddHook([&alerts](Store& tx, const Response& r, const survey::Definition& d) {
    return alerts.OnResponse(tx, r, d);
  });
  // Act's outer loop: action plans measured against the dashboard's figures, the program.
  act::ActionPlans plans(**store, results, clock);
  // The program's business KPIs (CLV, churn, CAC, cost to serve) come from the outcomes module.
  outcomes::ProgramKpis program_kpis(**store);
  act::CxProgramService program(**store, results, clock, &loop_report, &program_kpis);
  act::Digests digests(**store, program, act_settings, clock);
  act::DigestHandler digest_mail(**store, program, act_settings, clock, public_url);
  digest_mail.RegisterWith(dispatcher);
  // Business outcomes: transactions, costs, refits and what customers are worth.
  outcomes::OutcomesService outcomes_service(**store, clock);
  triggers.SetOnQueued([&dispatcher](int64_t due_ms) { dispatcher.Wake(due_ms); });
  // Other processes' writes (nodes, imports) reach the views through the change feed: where
  // it stands is noted before the views are read, so nothing falls between the two.
  nodes::ChangeFeed change_feed(**store, results, clock);
  if (auto followed = change_feed.Start(); !followed) return Die(followed.error());
  // The in-memory metrics view is rebuilt from the store (the source of truth) at start.
  auto started = std::chrono::steady_clock::now();
  if (auto loaded = results.RebuildAll(); !loaded) {
    return Die(loaded.error());
  } else {
    spdlog::info("metrics view: {} responses loaded in {} ms ({} MiB)", *loaded,
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started).count(),
                 results.MemoryBytes() >> 20);
  }
  // The text revisions as the view was built: the watcher reports changes after this.
  if (auto baseline = (*text_models)->RefreshChanged(); !baseline) return Die(baseline.error());
  http::Api api({.store = **store,
                 .accounts = accounts,
                 .clock = clock,
                 .options = api_options,
                 .surveys = &surveys,
                 .ingest = &ingest,
                 .results = &results,
                 .journeys = &journeys,
                 .triggers = &triggers,
                 .invitations = &invitations,
                 .dispatcher = &dispatcher,
                 .extra_metrics = [&change_feed] { return nodes::FeedMetrics(change_feed); },
                 .text = text_models->get(),
                 .personas = &personas,
                 .enrich_jobs = &enrich_jobs,
                 .alerts = &alerts,
                 .cases = &cases,
                 .act_settings = &act_settings,
                 .loop_report = &loop_report,
                 .case_checks = &case_checks,
                 .webhooks = &webhooks,
                 .plans = &plans,
                 .program = &program,
                 .digests = &digests,
                 .outcomes = &outcomes_service});
  http::Server server({.host = listen.substr(0, colon),
                       .port = static_cast<uint16_t>(port),
                       .threads = io_threads,
                       .max_body_bytes = max_body},
                      [&api](http::Request& r, http::Responder respond) {
                        api.Handle(r, std::move(respond));
                      });
  api.AttachServerStats(&server.stats());
  // After a group commit, completions (metrics view, HTTP answers) run on the io threads.
  ingest.SetCompletionExecutor([&server](std::function<void()> work) { server.Post(std::move(work)); });
  auto bound = server.Start();
  if (!bound) return Die(bound.error());
  dispatcher.Start();
  // The server's background loops (core/worker.h), stopped in reverse order at shutdown.
  using std::chrono::minutes;
  using std::chrono::seconds;
  Workers workers;
  // Interactions written just before a crash may have missed their evaluation: evaluate the
  // recent ones again (idempotent: an invitation is unique per rule and interaction).
  workers.Add("trigger catch-up", Worker::Once([&triggers, &clock] {
    constexpr int64_t kCatchUpMs = 6 * 3600'000;
    auto made = triggers.CatchUp(clock.NowMs() - kCatchUpMs);
    if (!made) spdlog::warn("trigger catch-up: {}", made.error().ToString());
    else if (*made > 0) spdlog::info("trigger catch-up: {} invitations made", *made);
  }));
  // The change feed: what other nodes and processes wrote, into this node's views within a
  // second (woken at once by PostgreSQL's notifications; SQLite is polled).
  workers.Add("change feed", [&]() -> Worker::Delay {
    if (auto applied = change_feed.Run(std::chrono::milliseconds(250)); !applied) {
      spdlog::warn("change feed: {}", applied.error().ToString());
      return seconds(1);
    }
    return Worker::Delay::zero();
  });
  // The cluster's scheduled work runs on the one node that leads (ChangesStore::Leads: a
  // PostgreSQL advisory lock; SQLite's one server always leads), not once per node.
  auto leads = [&store](std::string_view what) {
    auto lead = (*store)->changes().Leads();
    if (!lead) spdlog::warn("{}: who leads: {}", what, lead.error().ToString());
    return lead && *lead;
  };
  // Expired sessions are swept; behaviour-based personas ("two calls in 90 days") follow
  // interactions and time.
  workers.Add("sweeper", Worker::Every(minutes(10), [&] {
    if (!leads("sweeper")) return;
    if (auto pruned = change_feed.Prune(); !pruned)
      spdlog::warn("change feed: pruning: {}", pruned.error().ToString());
    auto n = (*store)->access().DeleteExpiredSessions(clock.NowMs(),
                                                      accounts.options().session_idle_ms);
    if (n && *n > 0) spdlog::info("removed {} expired sessions", *n);
    if (auto refreshed = personas.RefreshEveryOrganisation(); !refreshed)
      spdlog::warn("personas: {}", refreshed.error().ToString());
  }, /*first=*/minutes(10)));
  // The SLA clocks' alarms: warnings and breaches written to cases and told, once each.
  workers.Add("sla sweep", Worker::Every(seconds(60), [&] {
    if (!leads("sla sweep")) return;
    auto raised = act::SweepSlaEverywhere(**store, act_settings, clock);
    if (!raised) spdlog::warn("SLA sweep: {}", raised.error().ToString());
    else if (*raised > 0) spdlog::info("SLA sweep: {} warnings and breaches raised", *raised);
  }));
  // Watched scores (alert rules with a watch): a significant fall against the period before
  // alerts once per rule, segment and period.
  workers.Add("metric watch", Worker::Every(minutes(15), [&] {
    if (!leads("metric watch")) return;
    auto fired = metric_watch.CheckEverywhere();
    if (!fired) spdlog::warn("metric watch: {}", fired.error().ToString());
    else if (*fired > 0) spdlog::info("metric watch: {} scores fell", *fired);
  }, /*first=*/minutes(1)));
  // Digests: each member's daily or weekly e-mail, queued once per slot (the outbox's key).
  workers.Add("digests", Worker::Every(minutes(5), [&] {
    if (!leads("digests")) return;
    auto queued = digests.RunDueEverywhere();
    if (!queued) spdlog::warn("digests: {}", queued.error().ToString());
    else if (*queued > 0) spdlog::info("digests: {} queued", *queued);
  }, /*first=*/seconds(30)));
  // Customer value: an organisation that has refitted is refitted weekly, to today.
  workers.Add("outcomes refit", Worker::Every(minutes(60), [&] {
    if (!leads("outcomes refit")) return;
    auto refitted = outcomes_service.RefitDue(7 * 86'400'000LL);
    if (!refitted) spdlog::warn("outcomes refit: {}", refitted.error().ToString());
    else if (*refitted > 0) spdlog::info("outcomes refit: {} organisations refitted", *refitted);
  }, /*first=*/minutes(5)));
  // Text settings changed by another process (a taxonomy, a classifier trained, history
  // enriched by `nazar text enrich`): the organisation's pipeline is reloaded and its
  // metrics view rebuilt from the store, within a few seconds and without a restart.
  workers.Add("text watcher", [&]() -> Worker::Delay {
    auto changed = (*text_models)->RefreshChanged();
    if (!changed) spdlog::warn("text settings: {}", changed.error().ToString());
    for (OrgId org : changed ? *changed : std::vector<OrgId>{}) {
      auto rows = results.Rebuild(org);
      if (rows) spdlog::info("organisation {}: text revised, metrics view rebuilt ({} responses)",
                             org.value, *rows);
      else spdlog::warn("organisation {}: rebuilding the metrics view: {}", org.value,
                        rows.error().ToString());
    }
    return seconds(2);
  });
  workers.StartAll();

  spdlog::info("nazar {} serving on http://{}:{} ({} threads, database {})", NAZAR_VERSION,
               listen.substr(0, colon), *bound, io_threads,
               (*store)->backend() == StoreBackend::kSqlite ? "SQLite" : "PostgreSQL");
  int sig = WaitForSignal(signals);
  spdlog::info("received {}, finishing in-flight requests", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  server.Stop();
  // Queued responses are written and acknowledged (into the stopped server) while it
  // still exists.
  ingest.Shutdown();
  // The message in hand is finished; the rest stay in the outbox for the next start.
  dispatcher.Stop();
  enrich_jobs.Shutdown();
  workers.StopAll();
  spdlog::info("stopped");
  return 0;
}

}  // namespace
}  // namespace nazar

int main(int argc, char** argv) {
  using namespace nazar;
  CLI::App app{
      "Nazar (نظر): experience management.\n"
      "Listen to customers and employees, understand what drives their experience, act on it.\n\n"
      "Quick start:\n"
      "  nazar migrate                      create or upgrade the database\n"
      "  nazar user create --email you@example.com --name You --org \"My company\"\n"
      "  nazar serve                        then open http://127.0.0.1:8080\n"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("nazar ") + NAZAR_VERSION);

  // Each subcommand binds its own copy: CLI11 fills environment defaults for subcommands
  // that were not chosen too, which must not overwrite the chosen one's flags.
  std::deque<CommonOptions> commons;
  std::map<CLI::App*, CommonOptions*> common_of;
  auto add_common = [&](CLI::App* cmd) {
    CommonOptions& common = commons.emplace_back();
    common_of[cmd] = &common;
    cmd->add_option("--db", common.db,
                    "Database URL: sqlite:PATH or postgresql://user@host:port/db")
        ->envname("NAZAR_DB")
        ->capture_default_str();
    cmd->add_option("--log-level", common.log_level, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
        ->envname("NAZAR_LOG_LEVEL")
        ->capture_default_str();
  };

  // serve
  auto* serve = app.add_subcommand("serve", "Run the web app and the API");
  add_common(serve);
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  bool no_access_log = false, no_migrate = false, webhook_allow_private = false;
  http::ApiOptions api_options{.version = NAZAR_VERSION};
  size_t max_body = 1024 * 1024;
  serve->add_option("--listen", listen, "Address to listen on, HOST:PORT")
      ->envname("NAZAR_LISTEN")
      ->capture_default_str();
  serve->add_option("--threads", threads, "I/O threads (0 = one per core)")
      ->envname("NAZAR_THREADS")
      ->capture_default_str();
  serve->add_option("--max-body", max_body, "Largest request body accepted, in bytes")
      ->envname("NAZAR_MAX_BODY")
      ->capture_default_str();
  serve->add_option("--public-url", api_options.public_url,
                    "Address respondents reach this server at, for links and QR codes "
                    "(e.g. https://cx.example.com); default http:// and the listen address")
      ->envname("NAZAR_PUBLIC_URL");
  serve->add_option("--metrics-token", api_options.metrics_token,
                    "Bearer token GET /metrics requires (Prometheus' authorization); "
                    "default: /metrics is open")
      ->envname("NAZAR_METRICS_TOKEN");
  serve->add_option("--trusted-proxy", api_options.trusted_proxies,
                    "Address of a reverse proxy whose X-Forwarded-For is believed (repeatable)")
      ->envname("NAZAR_TRUSTED_PROXIES")
      ->delimiter(',');
  serve->add_option("--secret-file", common_of[serve]->secret_file,
                    "File of the 32-byte key sealing secrets at rest (made when missing; "
                    "default: secret.key beside a SQLite database, else data/secret.key)")
      ->envname("NAZAR_SECRET_FILE");
  serve->add_option("--web-dir", api_options.web_dir,
                    "Folder of the built web app (make web)")
      ->envname("NAZAR_WEB_DIR")
      ->capture_default_str();
  serve->add_option("--font-dir", api_options.font_dir, "Folder of the Vazirmatn web fonts")
      ->envname("NAZAR_FONT_DIR")
      ->capture_default_str();
  serve->add_flag("--cookie-secure", api_options.cookie_secure, "Mark the session cookie Secure (behind HTTPS)")
      ->envname("NAZAR_COOKIE_SECURE");
  serve->add_flag("--no-access-log", no_access_log, "Do not log one line per request")
      ->envname("NAZAR_NO_ACCESS_LOG");
  serve->add_flag("--webhook-allow-private", webhook_allow_private,
                  "Let webhooks reach loopback, private, link-local and metadata addresses "
                  "(tests, receivers inside your own network)")
      ->envname("NAZAR_WEBHOOK_ALLOW_PRIVATE");
  serve->add_flag("--no-migrate", no_migrate, "Do not apply pending migrations at start")
      ->envname("NAZAR_NO_MIGRATE");
  delivery::DispatcherOptions dispatcher_options;
  serve->add_option("--outbox-lease-ms", dispatcher_options.lease_ms,
                    "How long the outbox holds a message it is sending; after a crash, a message "
                    "being sent is sent again when its lease ends")
      ->envname("NAZAR_OUTBOX_LEASE_MS")
      ->check(CLI::Range(int64_t{1000}, int64_t{24} * 3600'000))
      ->capture_default_str();

  // migrate
  auto* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema");
  add_common(migrate);

  // user create
  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto* user_create = user->add_subcommand("create", "Create a user (and optionally their organisation)");
  add_common(user_create);
  std::string email, name, password, org_name, locale = "en";
  bool password_stdin = false;
  user_create->add_option("--email", email, "Sign-in email")->required();
  user_create->add_option("--name", name, "Full name")->required();
  user_create->add_option("--password", password,
                          "Password (or NAZAR_PASSWORD, or --password-stdin, or asked)");
  user_create->add_flag("--password-stdin", password_stdin, "Read the password from stdin");
  user_create->add_option("--org", org_name, "Also create this organisation, owned by the user");
  user_create->add_option("--locale", locale, "UI language: fa or en")->capture_default_str();

  // apikey create
  auto* apikey = app.add_subcommand("apikey", "Manage API keys");
  apikey->require_subcommand(1);
  auto* apikey_create = apikey->add_subcommand("create", "Create an API key for an organisation");
  add_common(apikey_create);
  int64_t key_org = 0;
  std::string key_name, key_role = "analyst";
  apikey_create->add_option("--org", key_org, "Organisation id")->required();
  apikey_create->add_option("--name", key_name, "What the key is for, e.g. \"CRM sync\"")->required();
  apikey_create->add_option("--role", key_role, "owner, admin, analyst, agent or viewer")
      ->capture_default_str();

  // demo
  auto* demo = app.add_subcommand("demo", "Create a demo organisation and sign-in");
  add_common(demo);
  bool if_empty = false;
  demo->add_flag("--if-empty", if_empty, "Only when the database has no users yet");
  nazar::demo::DemoOptions demo_options;
  demo->add_option("--seed", demo_options.seed, "Seed of the generated data (same seed, same data)")
      ->capture_default_str();
  demo->add_option("--responses", demo_options.responses, "Responses to generate over the period")
      ->check(CLI::Range(int64_t{0}, nazar::demo::kMaxResponses))
      ->capture_default_str();
  demo->add_option("--days", demo_options.days, "Length of the period in days, ending now")
      ->check(CLI::Range(1, nazar::demo::kMaxDays))
      ->capture_default_str();

  // export
  auto* exporter = app.add_subcommand("export", "Export a survey's responses (CSV, XLSX, JSON)");
  add_common(exporter);
  int64_t export_org = 0, export_survey = 0;
  std::string export_format = "csv", export_out, export_status = "complete";
  exporter->add_option("--org", export_org, "Organisation id")->required();
  exporter->add_option("--survey", export_survey, "Survey id")->required();
  exporter->add_option("--format", export_format, "csv, xlsx or json")
      ->check(CLI::IsMember({"csv", "xlsx", "json"}))
      ->capture_default_str();
  exporter->add_option("--status", export_status, "complete, partial or all")
      ->check(CLI::IsMember({"complete", "partial", "all"}))
      ->capture_default_str();
  exporter->add_option("--out", export_out, "File to write (default: standard output)");

  auto* importer = app.add_subcommand("import", "Import contacts or interactions from a file");
  importer->require_subcommand(1);
  int64_t import_org = 0;
  std::string import_file, import_format = "csv";
  bool import_dry_run = false, import_create_touchpoints = false;
  auto* import_contacts = importer->add_subcommand(
      "contacts", "Contacts from CSV: external_id, email, phone, language, attribute columns");
  auto* import_interactions = importer->add_subcommand(
      "interactions", "Interactions from CSV, JSON lines or Asterisk's queue_log");
  for (auto* cmd : {import_contacts, import_interactions}) {
    add_common(cmd);
    cmd->add_option("--org", import_org, "Organisation id")->required();
    cmd->add_option("--file", import_file, "The file to read")->check(CLI::ExistingFile);
    cmd->add_flag("--dry-run", import_dry_run, "Check every row and report; write nothing");
  }
  import_interactions->add_option("--format", import_format, "csv, jsonl or queue_log")
      ->check(CLI::IsMember({"csv", "jsonl", "queue_log"}))
      ->capture_default_str();
  import_interactions->add_flag("--create-touchpoints", import_create_touchpoints,
                                "Add touchpoints that are not in the catalogue yet");
  std::string follow_file, follow_checkpoint, follow_metrics;
  int follow_poll_ms = 1000;
  import_interactions
      ->add_option("--follow", follow_file,
                   "queue_log: follow FILE as it grows (rotation survived), importing each call "
                   "when it ends, until SIGTERM")
      ->check(CLI::ExistingFile);
  import_interactions->add_option("--checkpoint", follow_checkpoint,
                                  "--follow: where the place is kept (default FILE's name in ./data "
                                  "with .checkpoint)");
  import_interactions->add_option("--metrics-file", follow_metrics,
                                  "--follow: keep the feed's counters in this file (Prometheus "
                                  "text, for node_exporter's textfile collector)");
  import_interactions->add_option("--poll-ms", follow_poll_ms, "--follow: how often to look")
      ->check(CLI::Range(50, 60'000))
      ->capture_default_str();
  std::vector<std::string> import_queue_names;
  import_interactions->add_option(
      "--queue-name", import_queue_names,
      "queue_log: QUEUE=NAME, the readable name of a queue's touchpoint when it is created "
      "(repeatable; default \"Queue 600\" / \"صف 600\")");

  auto* text_cmd = app.add_subcommand("text", "Text analytics over the stored responses");
  text_cmd->require_subcommand(1);
  app::StoreCommand text_command;
  for (auto* cmd : app::AddTextCommands(*text_cmd, text_command)) add_common(cmd);
  std::function<int()> text_evaluate;
  app::AddTextEvaluateCommand(*text_cmd, text_evaluate);

  auto* outbox_cmd = app.add_subcommand("outbox", "Outgoing messages: list them, replay dead ones");
  outbox_cmd->require_subcommand(1);
  app::StoreCommand outbox_command;
  for (auto* cmd : app::AddOutboxCommands(*outbox_cmd, outbox_command)) add_common(cmd);
  app::DbCommand backup_command;
  for (auto* cmd : app::AddBackupCommands(app, backup_command)) add_common(cmd);

  auto* version = app.add_subcommand("version", "Print the version");

  auto* analyze = app.add_subcommand("analyze", "Analyse a file or standard input (no database)");
  analyze->require_subcommand(1);
  app::AnalyzeRunner analysis;
  app::AddTextAnalyzeCommands(*analyze, analysis);
  app::AddJourneyAnalyzeCommands(*analyze, analysis);
  app::AddOutcomesAnalyzeCommands(*analyze, analysis);

  CLI11_PARSE(app, argc, argv);
  CommonOptions common;
  for (auto& [cmd, options] : common_of)
    if (cmd->parsed()) common = *options;

  if (analyze->parsed() && analysis) return analysis();
  if (text_evaluate) return text_evaluate();
  if (backup_command) return backup_command(common.db);
  if (version->parsed()) {
    std::cout << "nazar " << NAZAR_VERSION << "\n";
    return 0;
  }
  if (serve->parsed()) {
    api_options.access_log = !no_access_log;
    return Serve(common, listen, threads, max_body, !no_migrate, api_options, webhook_allow_private,
                 dispatcher_options);
  }

  spdlog::set_level(spdlog::level::warn);
  if (import_interactions->parsed() && !follow_file.empty()) {
    // Before the store's threads start, so that only the follower's sigtimedwait sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  }
  auto store = OpenMigrated(common.db, 2, /*migrate=*/!migrate->parsed());
  if (!store) return Die(store.error());
  SystemClock clock;
  Accounts accounts(**store, clock);

  if (text_command) return text_command(**store);
  if (outbox_command) return outbox_command(**store);
  if (exporter->parsed()) {
    responses::ExportOptions options{.format = *responses::ParseExportFormat(export_format)};
    if (export_status == "all") {
      options.status.reset();
    } else {
      options.status = ParseResponseStatus(export_status);
    }
    auto total = (*store)->responses().CountResponses(OrgId{export_org}, {.survey_id = export_survey,
                                                               .status = options.status});
    if (!total) return Die(total.error());
    auto e = responses::ResponseExporter::Open(**store, OrgId{export_org}, export_survey, options);
    if (!e) return Die(e.error());
    std::FILE* out = export_out.empty() ? stdout : std::fopen(export_out.c_str(), "wb");
    if (!out) return Die(Error::InvalidArgument("cannot write " + export_out, "out"));
    ProgressBar bar("export", *total);
    while (true) {
      auto piece = (*e)->Next();
      if (!piece) {
        if (out != stdout) std::fclose(out);
        return Die(piece.error());
      }
      if (!*piece) break;
      std::fwrite((*piece)->data(), 1, (*piece)->size(), out);
      bar.Update((*e)->rows_written());
    }
    bar.Finish((*e)->rows_written());
    if (out != stdout) std::fclose(out);
    return 0;
  }
  if (import_interactions->parsed() && !follow_file.empty()) {
    if (import_format != "queue_log")
      return Die(Error::InvalidArgument("--follow reads a queue_log: add --format queue_log", "format"));
    SetUpLogging(common.log_level, false);
    journey::FollowOptions follow{.file = follow_file, .checkpoint = follow_checkpoint};
    if (follow.checkpoint.empty()) {
      std::filesystem::create_directories("data");
      follow.checkpoint = "data/" + std::filesystem::path(follow_file).filename().string() + ".checkpoint";
    }
    for (const std::string& named : import_queue_names) {
      auto eq = named.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == named.size())
        return Die(Error::InvalidArgument("--queue-name is QUEUE=NAME", "queue-name"));
      follow.import.queue_names[named.substr(0, eq)] = named.substr(eq + 1);
    }
    return app::FollowQueueLog(**store, clock, OrgId{import_org}, std::move(follow), follow_poll_ms,
                               follow_metrics);
  }
  if ((import_contacts->parsed() || import_interactions->parsed()) && import_file.empty())
    return Die(Error::InvalidArgument("--file is required (or --follow FILE for a live queue_log)", "file"));
  if (import_contacts->parsed() || import_interactions->parsed()) {
    std::ifstream in(import_file, std::ios::binary);
    int64_t lines = std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
    in.clear();
    in.seekg(0);
    ProgressBar bar(import_dry_run ? "check" : "import", lines);
    journey::ImportOptions options{
        .dry_run = import_dry_run,
        .create_touchpoints = import_create_touchpoints,
        .on_progress = [&bar, lines](int64_t rows) { if (rows < lines) bar.Update(rows); }};
    for (const std::string& named : import_queue_names) {
      auto eq = named.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == named.size())
        return Die(Error::InvalidArgument("--queue-name is QUEUE=NAME", "queue-name"));
      options.queue_names[named.substr(0, eq)] = named.substr(eq + 1);
    }
    journey::Journeys journeys(**store, clock);
    // Imported interactions invite as the API's do (the server's dispatcher delivers),
    // evaluated a thousand at a time so their invitations share transactions.
    outreach::Triggers triggers(**store, clock);
    std::vector<Interaction> fresh;
    auto evaluate = [&triggers, &fresh] {
      if (auto made = triggers.EvaluateMany(fresh); !made)
        std::cerr << "nazar: trigger rules: " << made.error().ToString() << "\n";
      fresh.clear();
    };
    journeys.AddInteractionListener([&fresh, &evaluate](const Interaction& i) {
      fresh.push_back(i);
      if (fresh.size() >= 1000) evaluate();
    });
    auto report = import_contacts->parsed()
                      ? journeys.ImportContacts(OrgId{import_org}, in, options)
                      : journeys.ImportInteractions(OrgId{import_org}, in,
                                                    *journey::ParseInteractionFormat(import_format), options);
    if (!report) return Die(report.error());
    evaluate();
    bar.Finish(report->rows);
    for (const Error& e : report->problems) std::cerr << "  " << e.field << ": " << e.message << "\n";
    if (report->problem_count > static_cast<int64_t>(report->problems.size()))
      std::cerr << fmt::format("  … and {} more\n", report->problem_count - report->problems.size());
    if (report->in_progress)
      std::cout << fmt::format("{} calls still in progress: left for the next import, once they end\n",
                               report->in_progress);
    PrintCallers(*report);
    for (const std::string& member : report->unmapped_agents)
      std::cout << "  no agent is named for " << member
                << " (PUT /api/v1/orgs/{org}/call-centre/agents/{member})\n";
    std::cout << fmt::format("{} rows: {} new, {} {}; {} bad; {}\n", report->rows, report->created,
                             report->unchanged,
                             import_contacts->parsed() ? "updated" : "already there",
                             report->problem_count,
                             report->written ? "written"
                             : report->problem_count ? "nothing written (fix the rows above)"
                                                     : "dry run: nothing written");
    return report->problem_count ? 2 : 0;
  }
  if (migrate->parsed()) {
    auto v = (*store)->Migrate();
    if (!v) return Die(v.error());
    std::cout << "database at schema version " << *v << "\n";
    return 0;
  }
  if (user_create->parsed()) {
    std::string pw = ReadPassword(password_stdin, password);
    auto u = accounts.CreateUser({.email = email, .name = name, .password = pw, .locale = locale});
    if (!u) return Die(u.error());
    std::cout << fmt::format("created user {} <{}>\n", u->id.value, u->email);
    if (!org_name.empty()) {
      auto org = accounts.CreateOrganisationFor(u->id, {.name = org_name});
      if (!org) return Die(org.error());
      std::cout << fmt::format("created organisation {} \"{}\" owned by {}\n", org->id.value,
                               org->name, u->email);
    }
    return 0;
  }
  if (apikey_create->parsed()) {
    auto role = ParseRoleField(key_role);
    if (!role) return Die(role.error());
    auto key = accounts.CreateApiKeyByOperator(OrgId{key_org}, key_name, *role);
    if (!key) return Die(key.error());
    std::cerr << fmt::format("created API key {} ({}, {}); it is shown once:\n", key->key.id.value,
                             key->key.name, ToString(key->key.role));
    std::cout << key->secret << "\n";
    return 0;
  }
  if (demo->parsed()) {
    auto users = (*store)->accounts().CountUsers();
    if (!users) return Die(users.error());
    if (if_empty && *users > 0) {
      std::cout << "demo: database already has users; sign in as before (demo account: "
                << kDemoEmail << " / " << kDemoPassword << ")\n";
      return 0;
    }
    demo_options.admin_email = std::string(kDemoEmail);
    demo_options.admin_password = std::string(kDemoPassword);
    // Every comment is analysed as it is composed, as ingestion would.
    auto pipeline = comments::BuildPipeline({});
    if (!pipeline) return Die(pipeline.error());
    demo_options.text = pipeline->get();
    survey::SurveyService surveys(**store, clock);
    ProgressBar bar("demo", demo_options.responses);
    auto started = std::chrono::steady_clock::now();
    auto on_progress = [&bar](int64_t done, int64_t total) {
      if (done < total) bar.Update(done);  // Finish() draws the last line
    };
    auto made = nazar::demo::GenerateDemo(**store, accounts, surveys, clock, demo_options,
                                          on_progress);
    if (!made) return Die(made.error());
    bar.Finish(made->responses);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << fmt::format(
        "demo: {} responses over {} days in {:.1f} s ({:.0f} responses/s), seed {}\n",
        made->responses, demo_options.days, seconds,
        seconds > 0 ? made->responses / seconds : 0.0, demo_options.seed);
    std::cout << fmt::format("  organisation  {} (id {}), {}, {} calendar\n",
                             made->organisation.name, made->organisation.id.value,
                             made->organisation.time_zone, ToString(made->organisation.calendar));
    for (const auto& s : made->surveys) {
      std::vector<std::string> channels;
      for (const auto& l : s.links) channels.push_back(l.channel);
      std::cout << fmt::format("  survey {:<5}  {} [{}] ({}): {} responses; links: {}\n",
                               fmt::format("#{}", s.survey.id), s.survey.name, s.template_id,
                               fmt::join(s.languages, "+"), s.responses, fmt::join(channels, ", "));
    }
    std::cout << fmt::format(
        "  responses     {} fa, {} en; {} with comments; {} contacts, {} agents\n",
        made->responses_by_language["fa"], made->responses_by_language["en"], made->comments,
        made->contacts, made->agents.size());
    std::cout << fmt::format("  journeys      {} contacts in the catalogue, {} interactions at 5 touchpoints\n",
                             made->journeys.contacts, made->journeys.interactions);
    std::cout << fmt::format("  act           {} alert rules, {} cases ({} still open, {} customers asked "
                             "\"did we resolve it?\"), {} team members "
                             "(maryam@, sara@, reza@, neda@example.com, same password)\n",
                             made->act.rules, made->act.cases, made->act.open_cases, made->act.checks,
                             made->act.members);
    std::cout << fmt::format("  program       vision, principles, {} KPI targets, {} action plans, "
                             "{} members with a digest e-mail\n",
                             made->program_kpis, made->program_plans, made->digests);
    std::cout << fmt::format("  outcomes      {} transactions, {} monthly acquisition costs, cost to serve of "
                             "3 touchpoints; customer value fit: {}\n",
                             made->outcomes.transactions, made->outcomes.acquisition_costs,
                             made->outcomes.fit_status);
    std::cout << fmt::format("demo: organisation \"{}\" {}; sign in as {} / {}\n",
                             made->organisation.name,
                             made->organisation_reused ? "filled" : "created", kDemoEmail,
                             kDemoPassword);
    return 0;
  }
  return 0;
}
