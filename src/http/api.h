// The JSON API under /api/v1 and the system endpoints (/healthz, /readyz, /metrics).
//
// Api::Handle is the one pipeline every request goes through:
//   match route -> authenticate (API key or session cookie) -> CSRF and Origin checks ->
//   content type -> authorise {org} for the route's permission -> handler ->
//   error shape, security headers, metrics, access log.
// Handlers are thin: parse and validate, call the domain, serialise.
//
// Thread-safety: Handle() is called concurrently by the server's threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/try.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "metrics/view.h"
#include "store/store.h"

namespace nazar {
namespace outcomes {
class OutcomesService;
}  // namespace outcomes
namespace survey {
class SurveyService;
}  // namespace survey
namespace responses {
class ResponseIngest;
}  // namespace responses
namespace comments {
class TextModels;
class EnrichJobs;
}  // namespace comments
namespace outreach {
class Triggers;
class Invitations;
}  // namespace outreach
namespace delivery {
class Dispatcher;
}  // namespace delivery
namespace webhooks {
class Webhooks;
}  // namespace webhooks
namespace results {
class ResultsService;
}  // namespace results
namespace text {
class Analyzer;
}  // namespace text
namespace act {
class AlertRules;
class Cases;
class LoopReport;
class CaseChecks;
class ActSettingsService;
class ActionPlans;
class CxProgramService;
class Digests;
}  // namespace act
namespace journey {
class Journeys;
class PersonaService;
}  // namespace journey
}  // namespace nazar

namespace nazar::http {

inline constexpr std::string_view kSessionCookie = "nazar_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";
// The respondent's browser token (one response per browser), issued by the survey page.
inline constexpr std::string_view kBrowserCookie = "nz_b";

struct ApiOptions {
  bool cookie_secure = false;  // add `Secure` to the session cookie (behind HTTPS)
  bool access_log = true;      // one structured line per request (spdlog logger "access")
  std::string version = "dev";
  // Peers whose X-Forwarded-For is believed (load balancers, reverse proxies). The client
  // address is then the right-most X-Forwarded-For entry that is not a trusted proxy.
  std::vector<std::string> trusted_proxies;
  // When set, GET /metrics needs `Authorization: Bearer <metrics_token>` (the numbers name
  // routes and volumes); empty: /metrics is open, as before (`--metrics-token` in main).
  std::string metrics_token;
  // The address respondents reach this server at (links, QR codes, embeds), e.g.
  // "https://cx.example.com"; empty: http:// and the address the request came in on (the
  // listen address), never the client's Host header.
  std::string public_url;
  // Folder holding the Vazirmatn web fonts (npm package `vazirmatn`, installed in web/).
  std::string font_dir = "web/node_modules/vazirmatn/fonts/webfonts";
  // The built web app (index.html and assets/), from `make web`.
  std::string web_dir = "web/dist";
};

struct RequestContext {
  Request& request;
  const RouteMatch& match;
  std::optional<Principal> principal;
  std::optional<OrgAccess> access;

  Actor actor() const { return Actor{*principal, request.remote_ip}; }
  const OrgAccess& org() const { return *access; }
  // A positive integer path parameter; InvalidArgument naming it otherwise.
  Result<int64_t> IdParam(std::string_view name) const;
};

// Everything the route handlers need, wired once in main.
struct ApiDeps {
  Store& store;
  Accounts& accounts;
  const Clock& clock;
  ApiOptions options;
  survey::SurveyService* surveys = nullptr;  // required for the survey routes
  responses::ResponseIngest* ingest = nullptr;
  results::ResultsService* results = nullptr;  // required for the metrics routes
  journey::Journeys* journeys = nullptr;       // required for the journey routes
  outreach::Triggers* triggers = nullptr;       // required, with invitations, for the
  outreach::Invitations* invitations = nullptr; // invitation routes and pages
  // The outbox: its counters on /metrics and the outbox routes (dead letters, replay), when set.
  delivery::Dispatcher* dispatcher = nullptr;
  // More Prometheus text for /metrics from the command's own parts (the change feed), when set.
  std::function<std::string()> extra_metrics;
  comments::TextModels* text = nullptr;         // required for the text routes
  journey::PersonaService* personas = nullptr; // required for the persona routes
  comments::EnrichJobs* enrich_jobs = nullptr;  // re-analysis from the app, when set
  // Act: alert rules, cases, their settings (all three for the act routes).
  act::AlertRules* alerts = nullptr;
  act::Cases* cases = nullptr;
  act::ActSettingsService* act_settings = nullptr;
  act::LoopReport* loop_report = nullptr;  // the loop's measures, when set
  act::CaseChecks* case_checks = nullptr;  // "did we resolve it?" pages, when set
  webhooks::Webhooks* webhooks = nullptr;        // the webhook routes, when set
  // Act's outer loop: action plans, the CX program (both for the program routes).
  act::ActionPlans* plans = nullptr;
  act::CxProgramService* program = nullptr;
  act::Digests* digests = nullptr;  // each member's digest (the act routes), when set
  outcomes::OutcomesService* outcomes = nullptr;  // the outcomes routes, when set
};

class Api {
 public:
  explicit Api(ApiDeps deps);

  // The whole pipeline; answers through `respond`, at once or (async routes) later.
  void Handle(Request& request, Responder respond);
  // For callers that want the answer in hand (waits for async routes).
  Response HandleNow(Request& request);
  const Router& router() const { return router_; }
  void AttachServerStats(const ServerStats* stats) { server_stats_ = stats; }

 private:
  // Authentication, CSRF, content type and authorisation for the matched route.
  Result<RequestContext> Prepare(Request& request, const RouteMatch& match);
  Result<Principal> Authenticate(const Request& request, const Route& route);

  ApiDeps deps_;
  Router router_;
  std::unique_ptr<RequestMetrics> metrics_;
  const ServerStats* server_stats_ = nullptr;
};

// Route registration, one function per area (each in its own file).
// `render_metrics` returns the Prometheus text for /metrics.
void AddSystemRoutes(Router& router, ApiDeps& deps, std::function<std::string()> render_metrics);
void AddAccountRoutes(Router& router, ApiDeps& deps);
void AddSurveyRoutes(Router& router, ApiDeps& deps);
void AddResponseRoutes(Router& router, ApiDeps& deps);
void AddRespondentRoutes(Router& router, ApiDeps& deps);
void AddMetricsRoutes(Router& router, ApiDeps& deps);
void AddDriverRoutes(Router& router, ApiDeps& deps);
void AddWebAppRoutes(Router& router, ApiDeps& deps);
void AddJourneyRoutes(Router& router, ApiDeps& deps);
void AddCallCentreRoutes(Router& router, ApiDeps& deps);
void AddPersonaRoutes(Router& router, ApiDeps& deps);
void AddJourneyAnalyticsRoutes(Router& router, ApiDeps& deps);
void AddInvitationRoutes(Router& router, ApiDeps& deps);
void AddTextRoutes(Router& router, ApiDeps& deps);
void AddOutboxRoutes(Router& router, ApiDeps& deps);
void AddActRoutes(Router& router, ApiDeps& deps);
void AddWebhookRoutes(Router& router, ApiDeps& deps);
void AddProgramRoutes(Router& router, ApiDeps& deps);
void AddOutcomesRoutes(Router& router, ApiDeps& deps);

// --- helpers shared by route files -------------------------------------------------------

// ?limit=1..200 (default 50) and ?cursor=<opaque>.
Result<PageRequest> ParsePage(const Request& request);
std::string EncodeCursor(int64_t after);
// {"items": [...], "next_cursor": "..." | null}
template <typename T, typename ToJson>
nazar::Json PageJson(const Page<T>& page, ToJson to_json) {
  nazar::Json items = nazar::Json::array();
  for (const T& item : page.items) items.push_back(to_json(item));
  return {{"items", std::move(items)},
          {"next_cursor", page.next_after ? nazar::Json(EncodeCursor(*page.next_after))
                                          : nazar::Json(nullptr)}};
}
// A handler for a paged listing: ?limit= and ?cursor= in, {"items", "next_cursor"} out.
// `list(ctx, page)` returns Result<Page<T>>; `to_json(item)` serialises one item.
template <typename List, typename ToJson>
Handler PagedList(List list, ToJson to_json) {
  return [list, to_json](RequestContext& ctx) -> Result<Response> {
    TRY_ASSIGN(const PageRequest page, ParsePage(ctx.request));
    TRY_ASSIGN(const auto items, list(ctx, page));
    return Response::Json(200, PageJson(items, to_json));
  };
}

// What a public submission keeps about its client: {"user_agent": ...} (sanitised, 300 bytes).
nazar::Json ClientMeta(const Request& request);

// Where respondents reach this server: ApiOptions::public_url, else http:// + Host.
std::string PublicBaseUrl(const Request& request, const ApiOptions& options);

// A text query parameter: absent, or valid UTF-8 without control characters of at most
// `max_bytes` (InvalidArgument naming it otherwise: such bytes must not reach the store).
Result<std::optional<std::string>> QueryText(const Request& request, std::string_view name,
                                             size_t max_bytes);

// A whole number filling all of `text` (ASCII digits, optional '-'); nullopt otherwise.
std::optional<int64_t> ParseWholeNumber(std::string_view text);
// ?name=N with N a whole number in min..max; nullopt when absent; InvalidArgument naming
// it, "<name> must be <what>", otherwise.
Result<std::optional<int64_t>> IntParam(const Request& request, const char* name, int64_t min,
                                        int64_t max, std::string_view what);

// "YYYY-MM-DD" in the organisation's calendar (Persian digits accepted) -> days since
// 1970-01-01; InvalidArgument naming `field` otherwise.
Result<int32_t> ParseCalendarDay(std::string_view text, Calendar calendar, const char* field);

// ?from= and ?to= as local days of the organisation (its calendar, Persian digits accepted,
// and its time zone), turned into UTC bounds: from the first millisecond of `from` up to the
// start of the day after `to` (inclusive days). Unset when the parameter is absent.
struct LocalDayBounds {
  std::optional<int64_t> from_ms;
  std::optional<int64_t> to_ms;
};
Result<LocalDayBounds> ParseLocalDayBounds(RequestContext& ctx, Store& store);

// Parses the body as a JSON object (errors name "body").
Result<nazar::Json> JsonBody(const Request& request);

// --- filters of the results endpoints (/metrics, /drivers) ----------------------------------

// "a,b,c" -> {"a", "b", "c"}; "" -> {""}.
std::vector<std::string> SplitComma(std::string_view text);
// A filter parameter's dimension: touchpoint, agent, channel, language, sentiment (the
// comments' label), topic (the comments' topics: any of the values), attribute.NAME,
// choice.QUESTION; nullopt for other parameters.
std::optional<metrics::DimensionRef> FilterDimension(std::string_view key);
// The filter of the query string: `from` and `to` (local days, ParseCalendarDay, within the
// view's days; `from` not after `to`) and every filter parameter (FilterDimension) with its
// comma-separated values.
// InvalidArgument naming the parameter.
Result<metrics::Filter> ParseResultsFilter(const Request& request, Calendar calendar);

}  // namespace nazar::http
