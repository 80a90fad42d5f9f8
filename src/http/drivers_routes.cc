// Key driver analysis of one survey: how much each rating question (or matrix row) explains
// of an outcome question (exact LMG / Shapley shares of R², Johnson's relative weights,
// bootstrap intervals), and the priority matrix that says what to fix first. The analysis is
// results/survey_drivers.h; here the query is read and the answer written.
#include <fmt/format.h>

#include <charconv>

#include "http/json/results_json.h"
#include "http/json_route.h"
#include "results/survey_drivers.h"

namespace nazar::http {
namespace {

using nazar::Json;

// `bootstrap=` resamples a request may ask for (0: no intervals).
constexpr int kMaxBootstrap = 1000;

// ?missing=listwise|pairwise and ?bootstrap=0 or kMinBootstrapSamples..kMaxBootstrap
// (absent: the analysis's budget).
Result<drivers::KeyDriverOptions> OptionsOf(const Request& request) {
  drivers::KeyDriverOptions options;
  if (auto missing = request.Query("missing")) {
    if (*missing == "pairwise") {
      options.missing = drivers::MissingHandling::kPairwise;
    } else if (*missing != "listwise") {
      return Fail(Error::InvalidArgument("missing must be listwise or pairwise", "missing"));
    }
  }
  if (auto text = request.Query("bootstrap")) {
    int samples = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), samples);
    if (ec != std::errc() || end != text->data() + text->size() ||
        (samples != 0 && (samples < drivers::kMinBootstrapSamples || samples > kMaxBootstrap)))
      return Fail(Error::InvalidArgument(
          fmt::format("bootstrap must be 0 (no intervals) or {} to {} resamples",
                      drivers::kMinBootstrapSamples, kMaxBootstrap),
          "bootstrap"));
    options.bootstrap_samples = samples;
  }
  return options;
}

struct DriversAnswer {
  int64_t survey = 0;
  std::vector<results::ScaleItem> questions;
  results::SurveyDrivers analysis;
};

// ?outcome=, ?drivers=a,b,c, ?missing=, ?bootstrap= and the results filters, checked in that
// order; then the analysis.
Result<DriversAnswer> SurveyDrivers(RequestContext& ctx, results::ResultsService& results,
                                    Store& store) {
  const Request& q = ctx.request;
  DriversAnswer answer;
  TRY_ASSIGN(answer.survey, ctx.IdParam("survey"));
  TRY_ASSIGN(const Organisation org, store.accounts().GetOrganisation(ctx.org().org));
  TRY_ASSIGN(answer.questions, results.ScaleItems(org.id, answer.survey));
  std::optional<std::vector<std::string>> asked;
  if (auto drivers = q.Query("drivers")) asked = SplitComma(*drivers);
  TRY_ASSIGN(const results::DriverChoice choice,
             results::ChooseDrivers(answer.questions, q.Query("outcome"), asked));
  TRY_ASSIGN(const drivers::KeyDriverOptions options, OptionsOf(q));
  TRY_ASSIGN(const metrics::Filter filter, ParseResultsFilter(q, org.calendar));
  TRY_ASSIGN(answer.analysis,
             results::AnalyzeSurveyDrivers(results, org, answer.survey, filter, choice, options));
  return answer;
}

}  // namespace

void AddDriverRoutes(Router& router, ApiDeps& deps) {
  results::ResultsService& results = *deps.results;
  Store& store = deps.store;
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/surveys/{survey}/drivers",
       .access = Access::kAny,
       .permission = Permission::kReadResults,
       .handler = JsonRoute(
           200,
           [&results, &store](RequestContext& ctx) { return SurveyDrivers(ctx, results, store); },
           [](const DriversAnswer& a) {
             return SurveyDriversJson(a.survey, a.questions, a.analysis);
           })});
}

}  // namespace nazar::http
