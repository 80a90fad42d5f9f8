// Responses: an integrator's submissions (whole responses, IVR digits), public submissions
// from the respondent page's script and website embeds, the listing with its filters, one
// response, and the export (CSV, JSON, XLSX; streamed).
#include <fmt/format.h>

#include <stdexcept>

#include "comments/enrichment.h"
#include "comments/text_settings.h"
#include "http/json/surveys_json.h"
#include "http/json_route.h"
#include "responses/export.h"
#include "responses/ingest.h"
#include "survey/survey_service.h"

namespace nazar::http {
namespace {

using nazar::Json;

// Reads the submission fields shared by the integrator and the public endpoints.
void ReadSubmission(JsonObjectReader& r, responses::Submission& s, bool integrator) {
  s.response_key = r.String("response_id", {.min_chars = 1, .max_chars = 128});
  // Integrators send whole responses; the page's script saves partial answers as it goes
  // and says complete:true only at the end.
  s.complete = r.OptionalBool("complete").value_or(integrator);
  // Only an authenticated integration names who answered; on a public link anyone could.
  s.contact_from_hidden = integrator;
  s.language = r.OptionalString("language", {.max_chars = 8});
  if (const Json* hidden = r.OptionalValue("hidden")) {
    if (!hidden->is_object()) {
      r.Reject("hidden", "hidden must be an object of field name to text");
    } else {
      for (auto it = hidden->begin(); it != hidden->end(); ++it) {
        if (!it->is_string() && !it->is_number()) {
          r.Reject("hidden." + it.key(), "a hidden field value must be text or a number");
          break;
        }
        s.hidden[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
      }
    }
  }
  if (const Json* answers = r.OptionalValue("answers")) s.answers = *answers;
  if (integrator) {
    s.channel = r.OptionalString("channel", {.max_chars = 64}).value_or("");
    s.touchpoint = r.OptionalString("touchpoint", {.max_chars = 200}).value_or("");
    s.agent = r.OptionalString("agent", {.max_chars = 200}).value_or("");
    if (auto input = r.OptionalString("input", {.max_chars = 16})) {
      if (*input == "dtmf") {
        s.input = survey::InputMode::kDtmf;
      } else if (*input != "direct") {
        r.Reject("input", "input must be \"direct\" or \"dtmf\"");
      }
    }
    if (const Json* meta = r.OptionalValue("meta")) {
      if (!meta->is_object() || meta->dump().size() > 4096)
        r.Reject("meta", "meta must be an object of at most 4 KB");
      else
        s.meta = *meta;
    }
  }
}

// A public submission's body: the shared fields, the honeypot's field and the browser token.
struct PublicSubmission {
  responses::Submission submission;
  std::optional<std::string> trap;  // the invisible field only bots fill in
};

PublicSubmission ReadPublicSubmission(JsonObjectReader& r) {
  PublicSubmission in;
  ReadSubmission(r, in.submission, /*integrator=*/false);
  in.trap = r.OptionalString("website", {.max_chars = 500, .trim = false});
  (void)r.OptionalString("browser_token", {.max_chars = 64});  // accepted, not trusted
  return in;
}

// The public submission before it is queued: nullopt when the honeypot caught a bot.
Result<std::optional<responses::Submission>> PreparePublic(RequestContext& ctx,
                                                           survey::SurveyService& surveys) {
  // Only a link that is not there is 404; a store that cannot answer is 503 (Retry-After),
  // so embeds and scripts keep the answers and send them again.
  TRY_ASSIGN(const SurveyLink link, surveys.LinkByToken(ctx.match.params.find("token")->second));
  if (!surveys.AllowPublicSubmission(link, ctx.request.remote_ip)) {
    return Fail(Error::ResourceExhausted("too many responses from this address; try later"));
  }
  TRY_ASSIGN(PublicSubmission in, ReadBody(ctx.request, ReadPublicSubmission));
  responses::Submission& s = in.submission;
  s.org = link.org_id;
  s.survey_id = link.survey_id;
  s.link_id = link.id;
  s.channel = link.channel;
  s.strict_hidden = false;  // links carry marketing parameters too
  s.meta = ClientMeta(ctx.request);
  s.response_key = survey::SurveyService::PublicResponseKey(
      link, s.response_key, ctx.request.Cookie(kBrowserCookie).value_or(""));
  if (link.honeypot && in.trap && !in.trap->empty()) return std::nullopt;
  return std::optional<responses::Submission>(std::move(s));
}

// The response listing's filters: status, from/to (days in the organisation's calendar and
// time zone), touchpoint, channel, agent, language, q (text in the comments), order.
Result<void> ParseResponseFilters(RequestContext& ctx, Store& store, ResponseQuery& q) {
  const Request& r = ctx.request;
  if (auto status = r.Query("status")) {
    q.status = ParseResponseStatus(*status);
    if (!q.status)
      return Fail(Error::InvalidArgument("status must be partial or complete", "status"));
  }
  TRY_ASSIGN(const LocalDayBounds bounds, ParseLocalDayBounds(ctx, store));
  q.from_ms = bounds.from_ms;
  q.to_ms = bounds.to_ms;
  for (auto [name, target] : {std::pair<const char*, std::string*>{"touchpoint", &q.touchpoint},
                              {"channel", &q.channel},
                              {"agent", &q.agent},
                              {"language", &q.language},
                              {"q", &q.text}}) {
    TRY_ASSIGN(auto v, QueryText(r, name, 200));
    if (v) *target = std::move(*v);
  }
  // The comments are searched as they are stored: folded (Persian letter variants, digits,
  // diacritics, case).
  if (!q.text.empty()) q.text_folded = comments::FoldForSearch(q.text);
  if (auto order = r.Query("order")) {
    if (*order != "newest" && *order != "oldest")
      return Fail(Error::InvalidArgument("order must be newest or oldest", "order"));
    q.newest_first = *order == "newest";
  }
  return {};
}

// A page of responses with analysts' labels of their comments (read at once).
struct LabelledPage {
  Page<nazar::Response> page;
  std::map<int64_t, comments::CommentLabels> labels;
};

Result<LabelledPage> ListResponses(RequestContext& ctx, Store& store, int64_t survey_id) {
  TRY(store.surveys().GetSurvey(ctx.org().org, survey_id));
  TRY_ASSIGN(const PageRequest page, ParsePage(ctx.request));
  ResponseQuery q{.survey_id = survey_id, .after = page.after, .limit = page.limit};
  TRY(ParseResponseFilters(ctx, store, q));
  LabelledPage out;
  TRY_ASSIGN(out.page, store.responses().ListResponses(ctx.org().org, q));
  std::vector<int64_t> ids;
  for (const nazar::Response& r : out.page.items) ids.push_back(r.id);
  TRY_ASSIGN(out.labels, comments::LabelsOfResponses(store, ctx.org().org, ids));
  return out;
}

struct LabelledResponse {
  nazar::Response response;
  comments::CommentLabels labels;
};

Json LabelledPageJson(const LabelledPage& listed) {
  static const comments::CommentLabels kNone;
  return PageJson(listed.page, [&](const nazar::Response& r) {
    auto it = listed.labels.find(r.id);
    return ResponseJson(r, it == listed.labels.end() ? kNone : it->second);
  });
}

// ?format=csv|json|xlsx and ?status=complete|partial|all, streamed page by page.
Result<Response> Export(RequestContext& ctx, Store& store, int64_t survey_id) {
  responses::ExportOptions options;
  auto format = responses::ParseExportFormat(ctx.request.Query("format").value_or("csv"));
  if (!format) return Fail(Error::InvalidArgument("format must be csv, json or xlsx", "format"));
  options.format = *format;
  if (auto status = ctx.request.Query("status")) {
    if (*status == "all") {
      options.status.reset();
    } else {
      options.status = ParseResponseStatus(*status);
      if (!options.status)
        return Fail(Error::InvalidArgument("status must be complete, partial or all", "status"));
    }
  }
  TRY_ASSIGN(std::shared_ptr<responses::ResponseExporter> exporter,
             responses::ResponseExporter::Open(store, ctx.org().org, survey_id, options));
  Response r;
  r.content_type = std::string(responses::ContentType(*format));
  r.SetHeader("Content-Disposition", fmt::format("attachment; filename=\"survey-{}-responses.{}\"",
                                                 survey_id, responses::FileExtension(*format)));
  // Streamed page by page; a storage failure cuts the body short (never a silently
  // incomplete file that looks whole).
  r.stream = [exporter]() -> std::optional<std::string> {
    auto piece = exporter->Next();
    if (!piece) throw std::runtime_error("export failed: " + piece.error().message);
    return std::move(*piece);
  };
  return r;
}

}  // namespace

void AddResponseRoutes(Router& router, ApiDeps& deps) {
  Store& store = deps.store;
  survey::SurveyService& surveys = *deps.surveys;
  responses::ResponseIngest& ingest = *deps.ingest;

  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/responses",
              .access = Access::kAny,
              .permission = Permission::kSubmitData,
              // Answered after the group commit, without holding an io thread meanwhile.
              .async_handler = [&ingest](RequestContext& ctx, auto done) {
                auto id = ctx.IdParam("survey");
                if (!id) return done(Fail(id.error()));
                auto s = ReadBody(ctx.request, [&](JsonObjectReader& r) {
                  responses::Submission s{.org = ctx.org().org, .survey_id = *id};
                  ReadSubmission(r, s, /*integrator=*/true);
                  return s;
                });
                if (!s) return done(Fail(s.error()));
                ingest.SubmitAsync(std::move(*s), [done](Result<responses::SubmitOutcome> outcome) {
                  done(SubmitResult(outcome));
                });
              }});

  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/surveys/{survey}/responses",
       .access = Access::kAny,
       .permission = Permission::kReadResponses,
       .handler = JsonRoute(
           200, PathId{"survey"},
           [&store](RequestContext& ctx, int64_t id) { return ListResponses(ctx, store, id); },
           LabelledPageJson)});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/export",
              .access = Access::kAny,
              .permission = Permission::kExport,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const int64_t id, ctx.IdParam("survey"));
                return Export(ctx, store, id);
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/responses/{response}",
              .access = Access::kAny,
              .permission = Permission::kReadResponses,
              .handler = JsonRoute(
                  200, PathId{"response"},
                  [&store](RequestContext& ctx, int64_t id) -> Result<LabelledResponse> {
                    LabelledResponse out;
                    TRY_ASSIGN(out.response, store.responses().GetResponse(ctx.org().org, id));
                    TRY_ASSIGN(auto labels,
                               comments::LabelsOfResponses(store, ctx.org().org, {id}));
                    out.labels = std::move(labels[id]);
                    return out;
                  },
                  [](const LabelledResponse& r) { return ResponseJson(r.response, r.labels); })});

  // Public: the respondent page's script and website embeds post here.
  router.Add({.method = "POST",
              .pattern = "/api/v1/links/{token}/responses",
              .access = Access::kPublic,
              .async_handler = [&surveys, &ingest](RequestContext& ctx, auto done) {
                auto outcome = PreparePublic(ctx, surveys);
                if (!outcome) return done(Fail(outcome.error()));
                if (!*outcome) {  // a bot filled the invisible field: answer as usual, keep nothing
                  return done(Response::Json(
                      201, {{"status", "complete"}, {"replayed", false}, {"end_screen", nullptr}}));
                }
                ingest.SubmitAsync(
                    std::move(**outcome),
                    [done](Result<responses::SubmitOutcome> r) { done(PublicResult(r)); });
              }});
}

}  // namespace nazar::http
