// Surveys (build, publish, close, versions, links, templates) and responses (integrator
// submissions, public submissions from the respondent page and embeds, listing).
#include <stdexcept>
#include <map>

#include <fmt/format.h>

#include "comments/enrichment.h"
#include "responses/export.h"
#include "responses/ingest.h"
#include "collect_web/embed.h"
#include "survey/rate_limit.h"
#include "survey/survey_service.h"
#include "core/time.h"
#include "http/api.h"

namespace nazar::http {
namespace {

using nazar::Json;


Json OptTime(const std::optional<int64_t>& ms) { return ms ? Json(FormatIsoUtc(*ms)) : Json(nullptr); }

Json LinkJson(const SurveyLink& l, const std::string& base_url) {
  // Ready-to-paste snippets for a website: a pop-up after a few seconds, or an iframe.
  auto script = collect_web::EmbedScript(base_url, l.token, {});
  auto iframe = collect_web::IframeSnippet(base_url, l.token, {.mode = collect_web::EmbedMode::kInline});
  return {{"id", l.id},
          {"qr_svg_url", base_url + "/s/" + l.token + "/qr.svg"},
          {"embed", {{"script", script ? Json(*script) : Json(nullptr)},
                     {"iframe", iframe ? Json(*iframe) : Json(nullptr)}}},
          {"name", l.name},
          {"channel", l.channel},
          {"token", l.token},
          {"url", base_url + "/s/" + l.token},
          {"honeypot", l.honeypot},
          {"one_per_browser", l.one_per_browser},
          {"rate_limit_per_hour", l.rate_limit_per_hour},
          {"created_at", FormatIsoUtc(l.created_ms)},
          {"disabled_at", OptTime(l.disabled_ms)}};
}

Json SurveySummaryJson(const Survey& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"status", ToString(s.status)},
          {"published_version", s.published_version},
          {"created_at", FormatIsoUtc(s.created_ms)},
          {"updated_at", FormatIsoUtc(s.updated_ms)}};
}

Json ParseStored(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json::object() : j;
}

// The comments' analysis stored with the response (comments/enrichment.h), by question id.
Json CommentAnalyses(const std::string& meta) {
  Json j = ParseStored(meta);
  auto text = j.is_object() ? j.find("text") : j.end();
  return text != j.end() && text->is_object() ? *text : Json::object();
}



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

Response SubmitResult(const Result<responses::SubmitOutcome>& outcome) {
  if (!outcome) return Response::FromError(outcome.error());
  Json j = ResponseJson(outcome->response);
  j["replayed"] = outcome->replayed;
  j["end_screen"] = outcome->end_screen ? Json(*outcome->end_screen) : Json(nullptr);
  return Response::Json(outcome->replayed ? 200 : 201, j);
}

// The response listing's filters: status, from/to (days in the organisation's calendar and
// time zone), touchpoint, channel, agent, language, q (text in the comments), order.
Result<void> ParseResponseFilters(RequestContext& ctx, Store& store, ResponseQuery& q) {
  const Request& r = ctx.request;
  if (auto status = r.Query("status")) {
    q.status = ParseResponseStatus(*status);
    if (!q.status) return Fail(Error::InvalidArgument("status must be partial or complete", "status"));
  }
  auto bounds = ParseLocalDayBounds(ctx, store);
  if (!bounds) return Fail(bounds.error());
  q.from_ms = bounds->from_ms;
  q.to_ms = bounds->to_ms;
  for (auto [name, target] : {std::pair<const char*, std::string*>{"touchpoint", &q.touchpoint},
                              {"channel", &q.channel}, {"agent", &q.agent},
                              {"language", &q.language}, {"q", &q.text}}) {
    auto v = QueryText(r, name, 200);
    if (!v) return Fail(v.error());
    if (*v) *target = std::move(**v);
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

}  // namespace

Json ResponseJson(const nazar::Response& r) {
  return {{"id", r.id},
          {"survey_id", r.survey_id},
          {"version", r.version},
          {"response_id", r.response_key},
          {"status", ToString(r.status)},
          {"language", r.language},
          {"channel", r.channel},
          {"touchpoint", r.touchpoint},
          {"agent", r.agent},
          {"hidden", ParseStored(r.hidden)},
          {"answers", ParseStored(r.answers)},
          {"text", CommentAnalyses(r.meta)},
          {"created_at", FormatIsoUtc(r.created_ms)},
          {"completed_at", OptTime(r.completed_ms)},
          {"contact_id", r.contact_id ? Json(*r.contact_id) : Json(nullptr)},
          {"interaction_id", r.interaction_id ? Json(*r.interaction_id) : Json(nullptr)}};
}

Result<std::optional<responses::Submission>> PreparePublic(RequestContext& ctx,
                                                         survey::SurveyService& surveys);
Response PublicResult(const Result<responses::SubmitOutcome>& outcome);

void AddSurveyRoutes(Router& router, ApiDeps& deps) {
  Store& store = deps.store;
  survey::SurveyService& surveys = *deps.surveys;
  responses::ResponseIngest& ingest = *deps.ingest;

  router.Add({.method = "GET",
              .pattern = "/api/v1/survey-templates",
              .access = Access::kAny,
              .handler = [](RequestContext&) -> Result<Response> {
                Json items = Json::array();
                for (const auto& t : survey::Templates()) {
                  items.push_back({{"id", t.id},
                                   {"name", {{"en", t.name_en}, {"fa", t.name_fa}}},
                                   {"definition", t.definition}});
                }
                return Response::Json(200, {{"items", items}, {"next_cursor", nullptr}});
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) {
                    return store.surveys().ListSurveys(ctx.org().org, page);
                  },
                  SurveySummaryJson)});

  const ApiOptions& options = deps.options;
  auto survey_detail = [&store, &options](const Request& req, OrgId org, const Survey& s) -> Result<Json> {
    Json j = SurveySummaryJson(s);
    j["definition"] = ParseStored(s.draft);
    auto links = store.surveys().ListLinks(org, s.id);
    if (!links) return Fail(links.error());
    Json lj = Json::array();
    for (const auto& l : *links) lj.push_back(LinkJson(l, PublicBaseUrl(req, options)));
    j["links"] = lj;
    auto versions = store.surveys().ListSurveyVersions(org, s.id);
    if (!versions) return Fail(versions.error());
    Json vj = Json::array();
    for (const auto& v : *versions)
      vj.push_back({{"version", v.version}, {"published_at", FormatIsoUtc(v.published_ms)}});
    j["versions"] = vj;
    return j;
  };

  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/surveys",
              .access = Access::kAny,
              .permission = Permission::kManageSurveys,
              .handler = [&surveys, survey_detail](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                std::string name = r.String("name", {.min_chars = 1, .max_chars = 200});
                const Json* definition = r.OptionalValue("definition");
                auto template_id = r.OptionalString("template", {.max_chars = 64});
                std::vector<std::string> languages;
                if (const Json* langs = r.OptionalValue("languages")) {
                  if (!langs->is_array() || langs->empty()) {
                    r.Reject("languages", "languages must be a list such as [\"fa\", \"en\"]");
                  } else {
                    for (const Json& l : *langs) {
                      if (!l.is_string() || (l != "fa" && l != "en")) {
                        r.Reject("languages", "a language must be \"fa\" or \"en\"");
                        break;
                      }
                      languages.push_back(l);
                    }
                  }
                }
                if (auto done = r.Finish(); !done) return Fail(done.error());
                Json def;
                if (definition && template_id) {
                  return Fail(Error::InvalidArgument("give a definition or a template, not both",
                                                     "template"));
                } else if (template_id) {
                  const auto* t = survey::FindTemplate(*template_id);
                  if (!t) return Fail(Error::InvalidArgument("no such template", "template"));
                  def = languages.empty() ? t->definition
                                          : survey::RestrictLanguages(t->definition, languages);
                } else if (definition) {
                  def = *definition;
                } else {
                  return Fail(Error::InvalidArgument("definition or template is required",
                                                     "definition"));
                }
                auto s = surveys.Create(ctx.actor(), ctx.org(), name, def);
                if (!s) return Fail(s.error());
                auto j = survey_detail(ctx.request, ctx.org().org, *s);
                if (!j) return Fail(j.error());
                return Response::Json(201, *j);
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&store, survey_detail](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("survey");
                if (!id) return Fail(id.error());
                auto s = store.surveys().GetSurvey(ctx.org().org, *id);
                if (!s) return Fail(s.error());
                auto j = survey_detail(ctx.request, ctx.org().org, *s);
                if (!j) return Fail(j.error());
                return Response::Json(200, *j);
              }});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}",
              .access = Access::kAny,
              .permission = Permission::kManageSurveys,
              .handler = [&surveys, survey_detail](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("survey");
                if (!id) return Fail(id.error());
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                auto name = r.OptionalString("name", {.min_chars = 1, .max_chars = 200});
                const Json* definition = r.OptionalValue("definition");
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto s = surveys.UpdateDraft(ctx.actor(), ctx.org(), *id, name, definition);
                if (!s) return Fail(s.error());
                auto j = survey_detail(ctx.request, ctx.org().org, *s);
                if (!j) return Fail(j.error());
                return Response::Json(200, *j);
              }});

  for (const char* action : {"publish", "close"}) {
    bool publish = std::string_view(action) == "publish";
    router.Add({.method = "POST",
                .pattern = fmt::format("/api/v1/orgs/{{org}}/surveys/{{survey}}/{}", action),
                .access = Access::kAny,
                .permission = Permission::kManageSurveys,
                .handler = [&surveys, survey_detail, publish](RequestContext& ctx) -> Result<Response> {
                  auto id = ctx.IdParam("survey");
                  if (!id) return Fail(id.error());
                  auto s = publish ? surveys.Publish(ctx.actor(), ctx.org(), *id)
                                   : surveys.Close(ctx.actor(), ctx.org(), *id);
                  if (!s) return Fail(s.error());
                  auto j = survey_detail(ctx.request, ctx.org().org, *s);
                  if (!j) return Fail(j.error());
                  return Response::Json(200, *j);
                }});
  }

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/versions/{version}",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("survey");
                if (!id) return Fail(id.error());
                auto version = ctx.IdParam("version");
                if (!version) return Fail(version.error());
                auto v = store.surveys().GetSurveyVersion(ctx.org().org, *id,
                                                          static_cast<int>(*version));
                if (!v) return Fail(v.error());
                return Response::Json(200, {{"survey_id", v->survey_id},
                                            {"version", v->version},
                                            {"published_at", FormatIsoUtc(v->published_ms)},
                                            {"definition", ParseStored(v->definition)}});
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/links",
              .access = Access::kAny,
              .permission = Permission::kManageSurveys,
              .handler = [&surveys, &options](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("survey");
                if (!id) return Fail(id.error());
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                SurveyLink link{.survey_id = *id};
                link.name = r.String("name", {.min_chars = 1, .max_chars = 200});
                link.channel = r.OptionalString("channel", {.min_chars = 1, .max_chars = 32}).value_or("web");
                link.honeypot = r.OptionalBool("honeypot").value_or(true);
                link.one_per_browser = r.OptionalBool("one_per_browser").value_or(false);
                link.rate_limit_per_hour = static_cast<int>(
                    r.OptionalInt("rate_limit_per_hour", {.min = 0, .max = 1'000'000}).value_or(0));
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto l = surveys.CreateLink(ctx.actor(), ctx.org(), link);
                if (!l) return Fail(l.error());
                return Response::Json(201, LinkJson(*l, PublicBaseUrl(ctx.request, options)));
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/responses",
              .access = Access::kAny,
              .permission = Permission::kSubmitData,
              // Answered after the group commit, without holding an io thread meanwhile.
              .async_handler = [&ingest](RequestContext& ctx, auto done) {
                auto id = ctx.IdParam("survey");
                if (!id) return done(Fail(id.error()));
                auto body = JsonBody(ctx.request);
                if (!body) return done(Fail(body.error()));
                JsonObjectReader r(*body);
                responses::Submission s{.org = ctx.org().org, .survey_id = *id};
                ReadSubmission(r, s, /*integrator=*/true);
                if (auto finished = r.Finish(); !finished) return done(Fail(finished.error()));
                ingest.SubmitAsync(std::move(s), [done](Result<responses::SubmitOutcome> outcome) {
                  done(SubmitResult(outcome));
                });
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/responses",
              .access = Access::kAny,
              .permission = Permission::kReadResponses,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("survey");
                if (!id) return Fail(id.error());
                if (auto s = store.surveys().GetSurvey(ctx.org().org, *id); !s)
                  return Fail(s.error());
                auto page = ParsePage(ctx.request);
                if (!page) return Fail(page.error());
                ResponseQuery q{.survey_id = *id, .after = page->after, .limit = page->limit};
                auto filters = ParseResponseFilters(ctx, store, q);
                if (!filters) return Fail(filters.error());
                auto list = store.responses().ListResponses(ctx.org().org, q);
                if (!list) return Fail(list.error());
                // Analysts' tags of the page's comments, in one read.
                std::vector<int64_t> ids;
                for (const nazar::Response& r : list->items) ids.push_back(r.id);
                std::map<int64_t, Json> tags_of;
                if (!ids.empty()) {
                  auto tags = store.text().ListCommentTags(ctx.org().org, ids);
                  if (!tags) return Fail(tags.error());
                  for (const CommentTag& t : *tags) tags_of[t.response_id][t.question_id].push_back(t.label);
                }
                return Response::Json(200, PageJson(*list, [&](const nazar::Response& r) {
                  Json j = ResponseJson(r);
                  auto it = tags_of.find(r.id);
                  j["tags"] = it == tags_of.end() ? Json::object() : it->second;
                  return j;
                }));
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/export",
              .access = Access::kAny,
              .permission = Permission::kExport,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("survey");
                if (!id) return Fail(id.error());
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
                auto opened = responses::ResponseExporter::Open(store, ctx.org().org, *id, options);
                if (!opened) return Fail(opened.error());
                std::shared_ptr<responses::ResponseExporter> exporter = std::move(*opened);
                Response r;
                r.content_type = std::string(responses::ContentType(*format));
                r.SetHeader("Content-Disposition",
                            fmt::format("attachment; filename=\"survey-{}-responses.{}\"", *id,
                                        responses::FileExtension(*format)));
                // Streamed page by page; a storage failure cuts the body short (never a
                // silently incomplete file that looks whole).
                r.stream = [exporter]() -> std::optional<std::string> {
                  auto piece = exporter->Next();
                  if (!piece) throw std::runtime_error("export failed: " + piece.error().message);
                  return std::move(*piece);
                };
                return r;
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/responses/{response}",
              .access = Access::kAny,
              .permission = Permission::kReadResponses,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("response");
                if (!id) return Fail(id.error());
                auto r = store.responses().GetResponse(ctx.org().org, *id);
                if (!r) return Fail(r.error());
                auto tags = store.text().ListCommentTags(ctx.org().org, {*id});
                if (!tags) return Fail(tags.error());
                Json out = ResponseJson(*r);
                out["tags"] = Json::object();
                for (const CommentTag& t : *tags) out["tags"][t.question_id].push_back(t.label);
                return Response::Json(200, out);
              }});

  // Public: the respondent page's script and website embeds post here.
  router.Add({.method = "POST",
              .pattern = "/api/v1/links/{token}/responses",
              .access = Access::kPublic,
              .async_handler = [&surveys, &ingest](RequestContext& ctx, auto done) {
                auto outcome = PreparePublic(ctx, surveys);
                if (!outcome) return done(Fail(outcome.error()));
                if (!*outcome) {  // a bot filled the invisible field: answer as usual, keep nothing
                  return done(Response::Json(201, {{"status", "complete"}, {"replayed", false},
                                                   {"end_screen", nullptr}}));
                }
                ingest.SubmitAsync(std::move(**outcome), [done](Result<responses::SubmitOutcome> r) {
                  done(PublicResult(r));
                });
              }});
}

// The public submission before it is queued: nullopt when the honeypot caught a bot.
Result<std::optional<responses::Submission>> PreparePublic(RequestContext& ctx,
                                                         survey::SurveyService& surveys) {
  auto link = surveys.LinkByToken(ctx.match.params.find("token")->second);
  // Only a link that is not there is 404; a store that cannot answer is 503 (Retry-After),
  // so embeds and scripts keep the answers and send them again.
  if (!link) return Fail(link.error());
  if (!surveys.AllowPublicSubmission(*link, ctx.request.remote_ip)) {
    return Fail(Error::ResourceExhausted("too many responses from this address; try later"));
  }
  auto body = JsonBody(ctx.request);
  if (!body) return Fail(body.error());
  JsonObjectReader r(*body);
  responses::Submission s{.org = link->org_id, .survey_id = link->survey_id, .link_id = link->id};
  ReadSubmission(r, s, /*integrator=*/false);
  auto trap = r.OptionalString("website", {.max_chars = 500, .trim = false});
  (void)r.OptionalString("browser_token", {.max_chars = 64});  // accepted, not trusted
  if (auto done = r.Finish(); !done) return Fail(done.error());
  s.channel = link->channel;
  s.strict_hidden = false;  // links carry marketing parameters too
  s.meta = ClientMeta(ctx.request);
  s.response_key = survey::SurveyService::PublicResponseKey(
      *link, s.response_key, ctx.request.Cookie(kBrowserCookie).value_or(""));
  if (link->honeypot && trap && !trap->empty()) return std::nullopt;
  return std::optional<responses::Submission>(std::move(s));
}

// What a public caller learns about its submission: never the stored answers, hidden
// fields or ids (a guessed key must not reveal someone else's response).
Response PublicResult(const Result<responses::SubmitOutcome>& outcome) {
  if (!outcome) return Response::FromError(outcome.error());
  return Response::Json(outcome->replayed ? 200 : 201,
                        {{"status", ToString(outcome->response.status)},
                         {"replayed", outcome->replayed},
                         {"end_screen", outcome->end_screen ? Json(*outcome->end_screen) : Json(nullptr)}});
}

}  // namespace nazar::http
