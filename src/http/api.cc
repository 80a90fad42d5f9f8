#include "http/api.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <future>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "responses/ingest.h"
#include "delivery/dispatcher.h"
#include "core/crypto.h"
#include "http/encoding.h"
#include "core/jalali.h"
#include "core/time.h"
#include "results/results.h"

namespace nazar::http {
namespace {

bool IsUnsafe(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// `expected` is one media type or several separated by ", " (a route that takes a file in
// more than one format).
bool HasMediaType(std::string_view ct, std::string_view expected) {
  auto semi = ct.find(';');
  std::string_view type = ct.substr(0, semi);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  while (!expected.empty()) {
    size_t comma = expected.find(", ");
    if (expected.substr(0, comma) == type) return true;
    expected = comma == std::string_view::npos ? std::string_view() : expected.substr(comma + 2);
  }
  return false;
}

std::string RequestId(const Request& r) {
  std::string_view given = r.Header("x-request-id");
  bool ok = !given.empty() && given.size() <= 64 &&
            std::all_of(given.begin(), given.end(), [](unsigned char c) {
              return std::isalnum(c) || c == '-' || c == '_' || c == '.';
            });
  return ok ? std::string(given) : RandomToken(9);
}

// The browser's Origin, when sent, must be this server (Host header): a second line of
// defence against cross-site requests, besides SameSite cookies and the CSRF token.
bool SameOrigin(const Request& r) {
  std::string_view origin = r.Header("origin");
  if (origin.empty()) return true;
  std::string_view host = r.Header("host");
  auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  return origin.substr(scheme_end + 3) == host;
}

std::string Quoted(std::string_view s) {
  return nazar::Json(s).dump(-1, ' ', false, nazar::Json::error_handler_t::replace);
}

// The client's address: the peer, or behind trusted proxies the right-most
// X-Forwarded-For entry that is not itself a trusted proxy.
std::string ClientAddress(const Request& r, const std::vector<std::string>& trusted) {
  auto is_trusted = [&](std::string_view ip) {
    return std::find(trusted.begin(), trusted.end(), ip) != trusted.end();
  };
  if (trusted.empty() || !is_trusted(r.remote_ip)) return r.remote_ip;
  std::string_view xff = r.Header("x-forwarded-for");
  while (!xff.empty()) {
    auto comma = xff.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? xff : xff.substr(comma + 1);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    if (!hop.empty() && !is_trusted(hop)) return std::string(hop.substr(0, 64));
    if (comma == std::string_view::npos) break;
    xff = xff.substr(0, comma);
  }
  return r.remote_ip;
}

}  // namespace

Result<int64_t> RequestContext::IdParam(std::string_view name) const {
  auto it = match.params.find(name);
  if (it == match.params.end()) return Fail(Error::Internal("missing path parameter"));
  auto v = ParseWholeNumber(it->second);
  if (!v || *v <= 0) {
    return Fail(Error::InvalidArgument(std::string(name) + " must be a positive integer id",
                                       std::string(name)));
  }
  return *v;
}

Api::Api(ApiDeps deps) : deps_(std::move(deps)) {
  AddSystemRoutes(router_, deps_, [this] {
    std::string text = metrics_->Render(&deps_.store.stats(), server_stats_);
    if (deps_.ingest) {
      auto st = deps_.ingest->stats();
      text += fmt::format(
          "# HELP nazar_ingest_submissions_total Responses submitted to the writer.\n"
          "# TYPE nazar_ingest_submissions_total counter\n"
          "nazar_ingest_submissions_total {}\n"
          "# HELP nazar_ingest_commits_total Transactions the writer committed (group commit).\n"
          "# TYPE nazar_ingest_commits_total counter\n"
          "nazar_ingest_commits_total {}\n",
          st.submissions, st.batches);
    }
    if (deps_.dispatcher) {
      text +=
          "# HELP nazar_outbox_deliveries_total Outbox messages settled, by topic and outcome.\n"
          "# TYPE nazar_outbox_deliveries_total counter\n";
      for (const delivery::TopicCounts& c : deps_.dispatcher->counts()) {
        for (auto [outcome, n] : {std::pair<const char*, uint64_t>{"sent", c.sent},
                                  {"retried", c.retried},
                                  {"failed", c.failed},
                                  {"dead", c.dead},
                                  {"skipped", c.skipped}})
          text += fmt::format("nazar_outbox_deliveries_total{{topic=\"{}\",outcome=\"{}\"}} {}\n",
                              c.topic, outcome, n);
      }
    }
    if (deps_.results) {
      text += fmt::format(
          "# HELP nazar_metrics_view_bytes Memory held by the in-memory columnar views.\n"
          "# TYPE nazar_metrics_view_bytes gauge\n"
          "nazar_metrics_view_bytes {}\n",
          deps_.results->MemoryBytes());
    }
    if (deps_.extra_metrics) text += deps_.extra_metrics();
    return text;
  });
  AddAccountRoutes(router_, deps_);
  if (deps_.surveys && deps_.ingest) {
    AddSurveyRoutes(router_, deps_);
    AddResponseRoutes(router_, deps_);
    AddRespondentRoutes(router_, deps_);
  }
  if (deps_.results) {
    AddMetricsRoutes(router_, deps_);
    AddDriverRoutes(router_, deps_);
  }
  if (deps_.journeys) {
    AddJourneyRoutes(router_, deps_);
    AddCallCentreRoutes(router_, deps_);
    if (deps_.personas) AddPersonaRoutes(router_, deps_);
    AddJourneyAnalyticsRoutes(router_, deps_);
  }
  if (deps_.triggers && deps_.invitations && deps_.ingest) AddInvitationRoutes(router_, deps_);
  if (deps_.results && deps_.text) AddTextRoutes(router_, deps_);
  if (deps_.dispatcher) AddOutboxRoutes(router_, deps_);
  AddActRoutes(router_, deps_);
  AddProgramRoutes(router_, deps_);
  AddOutcomesRoutes(router_, deps_);
  if (deps_.webhooks) AddWebhookRoutes(router_, deps_);
  AddWebAppRoutes(router_, deps_);
  std::vector<std::pair<std::string, std::string>> labels;
  for (const Route& r : router_.routes()) labels.emplace_back(r.method, r.pattern);
  metrics_ = std::make_unique<RequestMetrics>(std::move(labels));
}

Result<Principal> Api::Authenticate(const Request& request, const Route& route) {
  std::string_view auth = request.Header("authorization");
  if (!auth.empty()) {
    if (route.access == Access::kSession) {
      return Fail(Error::PermissionDenied("this endpoint needs a signed-in user, not an API key"));
    }
    constexpr std::string_view kBearer = "Bearer ";
    if (!auth.starts_with(kBearer)) {
      return Fail(Error::Unauthenticated("Authorization must be \"Bearer <API key>\""));
    }
    return deps_.accounts.AuthenticateApiKey(auth.substr(kBearer.size()));
  }
  auto cookie = request.Cookie(kSessionCookie);
  if (!cookie) return Fail(Error::Unauthenticated("sign in or send an API key"));
  return deps_.accounts.AuthenticateSession(*cookie);
}

Result<RequestContext> Api::Prepare(Request& request, const RouteMatch& match) {
  const Route& route = *match.route;
  RequestContext ctx{request, match, std::nullopt, std::nullopt};

  if (route.access != Access::kPublic) {
    TRY_ASSIGN(ctx.principal, Authenticate(request, route));
  }
  if (IsUnsafe(request.method)) {
    if (!SameOrigin(request)) {
      return Fail(Error::PermissionDenied("cross-origin request refused"));
    }
    if (ctx.principal && ctx.principal->is_session()) {
      std::string_view token = request.Header(kCsrfHeader);
      if (token.empty() || !ConstantTimeEquals(token, ctx.principal->csrf_token)) {
        return Fail(Error::PermissionDenied(
            "missing or wrong X-CSRF-Token header (GET /api/v1/session returns it)"));
      }
    }
  }
  // Whether the caller may touch this organisation comes before what the body looks like:
  // a stranger learns nothing from a 415.
  if (route.permission) {
    TRY_ASSIGN(const int64_t org, ctx.IdParam("org"));
    TRY_ASSIGN(ctx.access, deps_.accounts.Authorize(*ctx.principal, OrgId{org}, *route.permission));
  }
  if (IsUnsafe(request.method) && !request.body.empty() &&
      !HasMediaType(request.Header("content-type"), route.body_type)) {
    return Fail(Error{ErrorCode::kUnsupportedMedia, "Content-Type must be " + route.body_type,
                      "content-type"});
  }
  return ctx;
}

void Api::Handle(Request& request, Responder respond) {
  auto start = std::chrono::steady_clock::now();
  request.remote_ip = ClientAddress(request, deps_.options.trusted_proxies);
  std::string request_id = RequestId(request);
  // HEAD is answered as GET, without the body (EncodeForClient).
  RouteMatch match = router_.Match(request.method == "HEAD" ? "GET" : request.method, request.path);
  const Route* route = match.route;

  // Finishes the exchange, whenever the answer comes: error shape, headers, metrics, log.
  // Secrets in the path (survey link and invitation tokens) never reach the logs.
  std::string logged_path = request.path;
  if (auto token = match.params.find("token"); token != match.params.end() && !token->second.empty()) {
    if (auto at = logged_path.find(token->second); at != std::string::npos)
      logged_path.replace(at, token->second.size(), "…");
  }
  // What the answer's encoding depends on (the request itself may be gone by then).
  Request asked{.method = request.method};
  for (std::string_view h : {"accept-encoding", "if-none-match"})
    if (auto v = request.Header(h); !v.empty()) asked.headers.emplace_back(std::string(h), std::string(v));
  auto finish = [this, start, request_id, route, method = request.method, path = std::move(logged_path),
                 ip = request.remote_ip, asked = std::move(asked),
                 respond = std::move(respond)](Result<Response> result) {
    Response response;
    if (result) {
      response = std::move(*result);
    } else {
      if (result.error().code == ErrorCode::kInternal) {
        spdlog::error("request {} {} {} failed: {}", request_id, method, path,
                      result.error().message);
      } else if (result.error().code == ErrorCode::kUnavailable) {
        spdlog::warn("request {} {} {} unavailable: {}", request_id, method, path,
                     result.error().message);
      }
      response = Response::FromError(result.error());
    }
    response.SetHeader("X-Request-Id", request_id);
    response.SetHeader("X-Content-Type-Options", "nosniff");
    if (response.Header("Cache-Control").empty()) response.SetHeader("Cache-Control", "no-store");
    EncodeForClient(asked, response);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_->Record(route ? route->index : metrics_->unmatched_index(), response.status, seconds);
    if (deps_.options.access_log) {
      static auto access = [] {
        auto l = spdlog::get("access");
        return l ? l : spdlog::default_logger();
      }();
      // JSON lines; the path is escaped (it is client input). The query is left out: it may
      // carry tokens and respondents' hidden fields.
      access->info(
          R"({{"request_id":"{}","method":{},"path":{},"route":"{}","status":{},"ms":{:.3f},"bytes":{},"ip":"{}"}})",
          request_id, Quoted(method), Quoted(path), route ? route->pattern : "", response.status,
          seconds * 1e3, response.body.size(), ip);
    }
    respond(std::move(response));
  };

  if (!route) {
    if (match.method_mismatch) {
      Response r = Response::FromError(
          Error{ErrorCode::kInvalidArgument, "method not allowed", "method"});
      r.status = 405;
      r.SetHeader("Allow", match.allowed);
      return finish(std::move(r));
    }
    return finish(Fail(Error::NotFound("no such endpoint: " + request.path)));
  }
  try {
    auto ctx = Prepare(request, match);
    if (!ctx) return finish(Fail(ctx.error()));
    if (route->async_handler) return route->async_handler(*ctx, finish);
    finish(route->handler(*ctx));
  } catch (const std::exception& e) {
    finish(Fail(Error::Internal(std::string("unhandled exception: ") + e.what())));
  }
}

Response Api::HandleNow(Request& request) {
  std::promise<Response> answer;
  auto future = answer.get_future();
  Handle(request, [&answer](Response r) { answer.set_value(std::move(r)); });
  return future.get();
}

// --- helpers ---------------------------------------------------------------------------------

nazar::Json ClientMeta(const Request& request) {
  constexpr size_t kMaxUserAgentBytes = 300;
  return {{"user_agent", SanitiseUtf8(request.Header("user-agent"), kMaxUserAgentBytes)}};
}

std::string PublicBaseUrl(const Request& request, const ApiOptions& options) {
  if (!options.public_url.empty()) return options.public_url;
  // Never the client's Host header: a link or QR code built from it would point wherever
  // the client said, and caches would keep it for everyone. The address the request came
  // in on is the server's own.
  return fmt::format("http://{}", request.local_address.empty() ? "127.0.0.1:8080"
                                                                : request.local_address);
}

std::optional<int64_t> ParseWholeNumber(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<std::optional<int64_t>> IntParam(const Request& request, const char* name, int64_t min,
                                        int64_t max, std::string_view what) {
  auto text = request.Query(name);
  if (!text) return std::optional<int64_t>();
  auto value = ParseWholeNumber(*text);
  if (!value || *value < min || *value > max) {
    return Fail(Error::InvalidArgument(fmt::format("{} must be {}", name, what), name));
  }
  return value;
}

Result<std::optional<std::string>> QueryText(const Request& request, std::string_view name,
                                             size_t max_bytes) {
  auto v = request.Query(name);
  if (!v) return std::optional<std::string>();
  if (v->size() > max_bytes)
    return Fail(Error::InvalidArgument(fmt::format("{} is too long", name), std::string(name)));
  if (SanitiseUtf8(*v, v->size()) != *v)
    return Fail(Error::InvalidArgument(fmt::format("{} must be UTF-8 text without control characters", name),
                                       std::string(name)));
  return v;
}

Result<LocalDayBounds> ParseLocalDayBounds(RequestContext& ctx, Store& store) {
  LocalDayBounds bounds;
  auto from = ctx.request.Query("from"), to = ctx.request.Query("to");
  if (!from && !to) return bounds;
  TRY_ASSIGN(const Organisation org, store.accounts().GetOrganisation(ctx.org().org));
  TRY_ASSIGN(const TimeZoneDays zone, TimeZoneDays::ForZone(org.time_zone));
  if (from) {
    TRY_ASSIGN(const int32_t day, ParseCalendarDay(*from, org.calendar, "from"));
    bounds.from_ms = zone.StartOfDayMs(day);
  }
  if (to) {
    TRY_ASSIGN(const int32_t day, ParseCalendarDay(*to, org.calendar, "to"));
    bounds.to_ms = zone.StartOfDayMs(day + 1);
  }
  return bounds;
}

Result<int32_t> ParseCalendarDay(std::string_view text, Calendar calendar, const char* field) {
  auto bad = [&] {
    return Fail(Error::InvalidArgument(
        fmt::format("{} must be a date YYYY-MM-DD in the organisation's {} calendar", field,
                    calendar == Calendar::kJalali ? "Jalali" : "Gregorian"),
        field));
  };
  std::string ascii = ToAsciiDigits(text);
  if (ascii.size() != 10 || ascii[4] != '-' || ascii[7] != '-') return bad();
  int y = 0, m = 0, d = 0;
  auto num = [&](size_t at, size_t len, int& out) {
    auto [p, ec] = std::from_chars(ascii.data() + at, ascii.data() + at + len, out);
    return ec == std::errc() && p == ascii.data() + at + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return bad();
  auto day = calendar == Calendar::kJalali ? EpochDayFromJalali({y, m, d})
                                           : EpochDayFromGregorian({y, m, d});
  if (!day) return bad();
  return static_cast<int32_t>(*day);
}

std::vector<std::string> SplitComma(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return out;
}

std::optional<metrics::DimensionRef> FilterDimension(std::string_view key) {
  using metrics::Dimension;
  using metrics::DimensionRef;
  if (key == "touchpoint") return DimensionRef{Dimension::kTouchpoint, ""};
  if (key == "agent") return DimensionRef{Dimension::kAgent, ""};
  if (key == "channel") return DimensionRef{Dimension::kChannel, ""};
  if (key == "language") return DimensionRef{Dimension::kLanguage, ""};
  if (key == "sentiment") return DimensionRef{Dimension::kSentiment, ""};
  if (key == "topic") return DimensionRef{Dimension::kTopic, ""};
  if (key == "persona") return DimensionRef{Dimension::kPersona, ""};
  if (key == "topic_sentiment") return DimensionRef{Dimension::kTopicSentiment, ""};
  constexpr std::string_view kAttribute = "attribute.", kChoice = "choice.";
  if (key.starts_with(kAttribute) && key.size() > kAttribute.size())
    return DimensionRef{Dimension::kAttribute, std::string(key.substr(kAttribute.size()))};
  if (key.starts_with(kChoice) && key.size() > kChoice.size())
    return DimensionRef{Dimension::kChoice, std::string(key.substr(kChoice.size()))};
  return std::nullopt;
}

Result<metrics::Filter> ParseResultsFilter(const Request& request, Calendar calendar) {
  metrics::Filter filter;
  for (auto [name, target] :
       {std::pair<const char*, std::optional<int32_t>*>{"from", &filter.from_day},
        {"to", &filter.to_day}}) {
    if (auto text = request.Query(name)) {
      TRY_ASSIGN(const int32_t day, ParseCalendarDay(*text, calendar, name));
      if (day < metrics::kMinViewDay || day > metrics::kMaxViewDay)
        return Fail(Error::InvalidArgument(
            fmt::format("{} is outside the days results cover (1900-01-01 to 2199-12-31 in the "
                        "Gregorian calendar)",
                        name),
            name));
      *target = day;
    }
  }
  if (filter.from_day && filter.to_day && *filter.from_day > *filter.to_day)
    return Fail(Error::InvalidArgument("from must not be after to", "from"));
  for (const auto& [key, value] : request.query) {
    if (auto dimension = FilterDimension(key))
      filter.equals.emplace_back(*dimension, SplitComma(value));
  }
  return filter;
}

std::string EncodeCursor(int64_t after) { return Base64UrlEncode("c" + std::to_string(after)); }

Result<PageRequest> ParsePage(const Request& request) {
  PageRequest page;
  TRY_ASSIGN(const auto limit, IntParam(request, "limit", 1, 200, "an integer from 1 to 200"));
  if (limit) page.limit = static_cast<int>(*limit);
  if (auto cursor = request.Query("cursor"); cursor && !cursor->empty()) {
    std::string raw;
    std::optional<int64_t> v;
    if (Base64UrlDecode(*cursor, raw) && raw.size() > 1 && raw[0] == 'c')
      v = ParseWholeNumber(std::string_view(raw).substr(1));
    if (!v) return Fail(Error::InvalidArgument("cursor is not one this API gave out", "cursor"));
    page.after = *v;
  }
  return page;
}

Result<nazar::Json> JsonBody(const Request& request) { return ParseJsonObject(request.body); }

}  // namespace nazar::http
