// Surveys: templates, the organisation's surveys, building one (draft, publish, close), its
// published versions and its links. Their responses are response_routes.cc.
#include <fmt/format.h>

#include "http/json/common_json.h"
#include "http/json/surveys_json.h"
#include "http/json_route.h"
#include "survey/survey_service.h"

namespace nazar::http {
namespace {

using nazar::Json;

struct NewSurvey {
  std::string name;
  survey::SurveySource source;
};

NewSurvey ReadNewSurvey(JsonObjectReader& r) {
  NewSurvey in;
  in.name = r.String("name", {.min_chars = 1, .max_chars = 200});
  if (const Json* definition = r.OptionalValue("definition")) in.source.definition = *definition;
  in.source.template_id = r.OptionalString("template", {.max_chars = 64});
  if (const Json* langs = r.OptionalValue("languages")) {
    if (!langs->is_array() || langs->empty()) {
      r.Reject("languages", "languages must be a list such as [\"fa\", \"en\"]");
    } else {
      for (const Json& l : *langs) {
        if (!l.is_string() || (l != "fa" && l != "en")) {
          r.Reject("languages", "a language must be \"fa\" or \"en\"");
          break;
        }
        in.source.languages.push_back(l);
      }
    }
  }
  return in;
}

struct SurveyPatch {
  std::optional<std::string> name;
  std::optional<Json> definition;
};

SurveyPatch ReadSurveyPatch(JsonObjectReader& r) {
  SurveyPatch in;
  in.name = r.OptionalString("name", {.min_chars = 1, .max_chars = 200});
  if (const Json* definition = r.OptionalValue("definition")) in.definition = *definition;
  return in;
}

SurveyLink ReadLink(JsonObjectReader& r) {
  SurveyLink link;
  link.name = r.String("name", {.min_chars = 1, .max_chars = 200});
  link.channel = r.OptionalString("channel", {.min_chars = 1, .max_chars = 32}).value_or("web");
  link.honeypot = r.OptionalBool("honeypot").value_or(true);
  link.one_per_browser = r.OptionalBool("one_per_browser").value_or(false);
  link.rate_limit_per_hour = static_cast<int>(
      r.OptionalInt("rate_limit_per_hour", {.min = 0, .max = 1'000'000}).value_or(0));
  return link;
}

}  // namespace

void AddSurveyRoutes(Router& router, ApiDeps& deps) {
  Store& store = deps.store;
  survey::SurveyService& surveys = *deps.surveys;
  const ApiOptions& options = deps.options;
  // A survey as its builder shows it, with its links where respondents reach this server.
  auto detail_json = [&options](RequestContext& ctx, const survey::SurveyDetail& detail) {
    return SurveyDetailJson(detail, PublicBaseUrl(ctx.request, options));
  };

  router.Add({.method = "GET",
              .pattern = "/api/v1/survey-templates",
              .access = Access::kAny,
              .handler = JsonRoute(
                  200,
                  [](RequestContext&) -> Result<std::vector<survey::SurveyTemplate>> {
                    return survey::Templates();
                  },
                  [](const std::vector<survey::SurveyTemplate>& templates) {
                    return WholeListJson(templates, TemplateJson);
                  })});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) {
                    return store.surveys().ListSurveys(ctx.org().org, page);
                  },
                  SurveySummaryJson)});

  // From a definition, or from a template in some of its languages.
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/surveys",
              .access = Access::kAny,
              .permission = Permission::kManageSurveys,
              .handler = JsonRoute(
                  201, ReadNewSurvey,
                  [&surveys](RequestContext& ctx, NewSurvey in) -> Result<survey::SurveyDetail> {
                    TRY_ASSIGN(const Json definition, survey::StartingDefinition(in.source));
                    TRY_ASSIGN(Survey s, surveys.Create(ctx.actor(), ctx.org(), std::move(in.name),
                                                        definition));
                    return surveys.Detail(ctx.org().org, std::move(s));
                  },
                  detail_json)});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200, PathId{"survey"},
                  [&surveys](RequestContext& ctx, int64_t id) {
                    return surveys.Detail(ctx.org().org, id);
                  },
                  detail_json)});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}",
              .access = Access::kAny,
              .permission = Permission::kManageSurveys,
              .handler = JsonRoute(
                  200, PathId{"survey"}, ReadSurveyPatch,
                  [&surveys](RequestContext& ctx, int64_t id,
                             const SurveyPatch& in) -> Result<survey::SurveyDetail> {
                    TRY_ASSIGN(Survey s,
                               surveys.UpdateDraft(ctx.actor(), ctx.org(), id, in.name,
                                                   in.definition ? &*in.definition : nullptr));
                    return surveys.Detail(ctx.org().org, std::move(s));
                  },
                  detail_json)});

  for (const char* action : {"publish", "close"}) {
    bool publish = std::string_view(action) == "publish";
    router.Add(
        {.method = "POST",
         .pattern = fmt::format("/api/v1/orgs/{{org}}/surveys/{{survey}}/{}", action),
         .access = Access::kAny,
         .permission = Permission::kManageSurveys,
         .handler = JsonRoute(
             200, PathId{"survey"},
             [&surveys, publish](RequestContext& ctx, int64_t id) -> Result<survey::SurveyDetail> {
               TRY_ASSIGN(Survey s, publish ? surveys.Publish(ctx.actor(), ctx.org(), id)
                                            : surveys.Close(ctx.actor(), ctx.org(), id));
               return surveys.Detail(ctx.org().org, std::move(s));
             },
             detail_json)});
  }

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/versions/{version}",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200, PathId{"survey"},
                  [&store](RequestContext& ctx, int64_t id) -> Result<SurveyVersion> {
                    TRY_ASSIGN(const int64_t version, ctx.IdParam("version"));
                    return store.surveys().GetSurveyVersion(ctx.org().org, id, static_cast<int>(version));
                  },
                  SurveyVersionJson)});

  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/links",
              .access = Access::kAny,
              .permission = Permission::kManageSurveys,
              .handler = JsonRoute(
                  201, PathId{"survey"}, ReadLink,
                  [&surveys](RequestContext& ctx, int64_t id, SurveyLink link) {
                    link.survey_id = id;
                    return surveys.CreateLink(ctx.actor(), ctx.org(), std::move(link));
                  },
                  [&surveys, &options](RequestContext& ctx, const SurveyLink& link) {
                    // The snippets in the survey's language, as the survey's detail lists them.
                    auto detail = surveys.Detail(ctx.org().org, link.survey_id);
                    const Json definition = detail ? StoredJson(detail->survey.draft) : Json();
                    return LinkJson(link, PublicBaseUrl(ctx.request, options), &definition);
                  })});
}

}  // namespace nazar::http
