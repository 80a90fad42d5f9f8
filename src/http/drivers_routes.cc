// Key driver analysis of one survey: how much each rating question (or matrix row) explains
// of an outcome question (exact LMG / Shapley shares of R², Johnson's relative weights,
// bootstrap intervals), and the priority matrix that says what to fix first.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>

#include "drivers/driver_analysis.h"
#include "http/api.h"
#include "results/results.h"

namespace nazar::http {
namespace {

using nazar::Json;

// Exact LMG costs O(2^k k) per decomposition, once per bootstrap resample: under a millisecond
// at 15 drivers, twice that with each more (relative_importance.h).
constexpr size_t kMaxDrivers = 15;
// The analysis is shown from this many usable responses plus one per driver.
constexpr size_t kMinResponsesBase = 30;
// Without `bootstrap`: 200 resamples, fewer on large samples so that the resamples hold at
// most kBootstrapRowBudget rows (on one core about 0.4 s listwise, 1.5 s pairwise), but never
// fewer than 20; with that many responses the intervals are narrow anyway.
constexpr int kDefaultBootstrap = 200;
constexpr int kMinDefaultBootstrap = 20;
constexpr int64_t kBootstrapRowBudget = 20'000'000;
constexpr int kMaxBootstrap = 1000;
constexpr size_t kMaxQuestionIdBytes = 130;
constexpr double kPercent = 100.0;

Json NumberOrNull(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json LabelJson(const survey::LocalizedText& text) {
  Json out = Json::object();
  for (const auto& [language, value] : text) out[language] = value;
  return out;
}

Json ItemJson(const results::ScaleItem& item) {
  return {{"id", item.id},
          {"label", LabelJson(item.label)},
          {"type", survey::ToString(item.type)},
          {"scale", {{"min", item.scale.min}, {"max", item.scale.max}}}};
}

const results::ScaleItem* FindItem(const std::vector<results::ScaleItem>& items,
                                   std::string_view id) {
  auto it = std::ranges::find(items, id, &results::ScaleItem::id);
  return it == items.end() ? nullptr : &*it;
}

// The outcome asked for, else the survey's first NPS question, else its first CSAT question.
Result<std::string> OutcomeOf(const Request& request,
                              const std::vector<results::ScaleItem>& items) {
  if (auto asked = request.Query("outcome")) {
    if (asked->size() > kMaxQuestionIdBytes)
      return Fail(Error::InvalidArgument("outcome is too long", "outcome"));
    if (!FindItem(items, *asked))
      return Fail(Error::InvalidArgument(
          fmt::format(
              "\"{}\" is not a rating question or matrix row (<matrix>.<row>) of the survey",
              *asked),
          "outcome"));
    return std::string(*asked);
  }
  for (survey::QuestionType type : {survey::QuestionType::kNps, survey::QuestionType::kCsat}) {
    auto it = std::ranges::find(items, type, &results::ScaleItem::type);
    if (it != items.end()) return it->id;
  }
  return Fail(Error::InvalidArgument(
      "the survey has no NPS or CSAT question: name the outcome question", "outcome"));
}

// The drivers asked for (comma-separated; at most kMaxDrivers), else every other scale item of
// the survey, the first kMaxDrivers of them when there are more (the answer's `questions` show
// the rest, to choose from).
Result<std::vector<std::string>> DriversOf(const Request& request,
                                           const std::vector<results::ScaleItem>& items,
                                           const std::string& outcome) {
  std::vector<std::string> ids;
  if (auto asked = request.Query("drivers")) {
    ids = SplitComma(*asked);
    for (size_t i = 0; i < ids.size(); ++i) {
      const std::string& id = ids[i];
      if (id.empty() || id.size() > kMaxQuestionIdBytes || !FindItem(items, id))
        return Fail(Error::InvalidArgument(
            fmt::format("\"{}\" is not a rating question or matrix row (<matrix>.<row>) of the "
                        "survey",
                        id),
            "drivers"));
      if (id == outcome)
        return Fail(Error::InvalidArgument(
            fmt::format("\"{}\" is the outcome; it cannot also be a driver", id), "drivers"));
      if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), id) !=
          ids.begin() + static_cast<std::ptrdiff_t>(i))
        return Fail(Error::InvalidArgument(fmt::format("\"{}\" is named twice", id), "drivers"));
    }
  } else {
    for (const results::ScaleItem& item : items)
      if (item.id != outcome) ids.push_back(item.id);
    if (ids.empty())
      return Fail(Error::InvalidArgument(
          fmt::format("the survey has no rating question besides \"{}\" to explain it with",
                      outcome),
          "drivers"));
    if (ids.size() > kMaxDrivers) ids.resize(kMaxDrivers);
  }
  if (ids.size() > kMaxDrivers)
    return Fail(Error::InvalidArgument(
        fmt::format("{} drivers: at most {} can be analysed at once (the exact decomposition "
                    "doubles in cost with each); choose them with drivers=a,b,c",
                    ids.size(), kMaxDrivers),
        "drivers"));
  return ids;
}

// The bootstrap resamples when the query does not say: see kBootstrapRowBudget.
int DefaultBootstrap(int64_t rows) {
  return static_cast<int>(std::clamp<int64_t>(kBootstrapRowBudget / std::max<int64_t>(rows, 1),
                                              kMinDefaultBootstrap, kDefaultBootstrap));
}

Result<drivers::DriverOptions> OptionsOf(const Request& request) {
  drivers::DriverOptions options{.bootstrap_samples = kDefaultBootstrap};
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

// The responses behind the analysis, counted as drivers::AnalyzeDrivers counts n: the complete
// rows (listwise), or the fewest rows in which two of the columns are both answered (pairwise).
// REQUIRES: 2 to 16 columns of equal length.
size_t RowsUsed(std::span<const std::vector<double>> columns, drivers::MissingHandling missing) {
  const size_t width = columns.size();
  std::vector<uint32_t> masks(columns.front().size(), 0);  // bit c: column c answered
  for (size_t c = 0; c < width; ++c) {
    for (size_t r = 0; r < masks.size(); ++r) {
      masks[r] |= static_cast<uint32_t>(!std::isnan(columns[c][r])) << c;
    }
  }
  std::vector<size_t> rows_with(size_t{1} << width, 0);  // by answered set
  for (const uint32_t mask : masks) ++rows_with[mask];
  if (missing == drivers::MissingHandling::kListwise) return rows_with.back();
  size_t fewest = std::numeric_limits<size_t>::max();
  for (size_t a = 0; a < width; ++a) {
    for (size_t b = a + 1; b < width; ++b) {
      const size_t pair = (size_t{1} << a) | (size_t{1} << b);
      size_t both = 0;
      for (size_t mask = 0; mask < rows_with.size(); ++mask) {
        if ((mask & pair) == pair) both += rows_with[mask];
      }
      fewest = std::min(fewest, both);
    }
  }
  return fewest;
}

// The library's fields ("outcome", "drivers[2]", "options.missing") as the query names them.
// What it reports at this point is about the data (a driver constant over the responses,
// collinear drivers), not about the request's form: 409.
Error AsQueryError(Error error) {
  if (error.field.starts_with("drivers")) {
    error.field = "drivers";
  } else if (error.field == "options.missing") {
    error.field = "missing";
  } else if (error.field != "outcome") {
    return error;
  }
  error.code = ErrorCode::kFailedPrecondition;
  return error;
}

// Performance as a share of the driver's scale, 0 (its lowest point) to 100 (its highest), so
// that drivers on different scales sit on one axis.
double PercentOfScale(double mean, metrics::Scale scale) {
  return scale.max > scale.min ? kPercent * (mean - scale.min) / (scale.max - scale.min) : 0.0;
}

Json DriverJson(const drivers::DriverImportance& d, const results::ScaleItem& item,
                double performance, drivers::Quadrant quadrant, size_t rank) {
  Json j = ItemJson(item);
  j["rank"] = rank;
  j["lmg"] = d.lmg;
  j["lmg_share"] = d.lmg_share;
  j["relative_weight"] = d.relative_weight;
  j["relative_weight_pct"] = d.relative_weight_pct;
  j["ci_low"] = NumberOrNull(d.ci_low);
  j["ci_high"] = NumberOrNull(d.ci_high);
  j["mean"] = d.performance;
  j["performance"] = performance;
  j["quadrant"] = drivers::ToString(quadrant);
  return j;
}

// GET /api/v1/orgs/{org}/surveys/{survey}/drivers: parse, read the answers, analyse, serialise.
Result<Response> SurveyDrivers(results::ResultsService& results, Store& store,
                               RequestContext& ctx) {
  const Request& q = ctx.request;
  auto survey = ctx.IdParam("survey");
  if (!survey) return Fail(survey.error());
  auto org = store.accounts().GetOrganisation(ctx.org().org);
  if (!org) return Fail(org.error());
  auto items = results.ScaleItems(org->id, *survey);
  if (!items) return Fail(items.error());
  auto outcome = OutcomeOf(q, *items);
  if (!outcome) return Fail(outcome.error());
  auto driver_ids = DriversOf(q, *items, *outcome);
  if (!driver_ids) return Fail(driver_ids.error());
  auto options = OptionsOf(q);
  if (!options) return Fail(options.error());
  auto filter = ParseResultsFilter(q, org->calendar);
  if (!filter) return Fail(filter.error());

  std::vector<std::string> ids = {*outcome};
  ids.insert(ids.end(), driver_ids->begin(), driver_ids->end());
  auto read = results.ReadScaleAnswers(*org, *survey, *filter, ids);
  if (!read) return Fail(read.error());
  if (!q.Query("bootstrap")) options->bootstrap_samples = DefaultBootstrap(read->answers.rows);
  const std::vector<std::vector<double>>& columns = read->answers.columns;
  const size_t k = driver_ids->size();
  const size_t min_n = kMinResponsesBase + k;

  Json out = {{"survey", *survey},
              {"missing", drivers::ToString(options->missing)},
              {"min_n", min_n},
              {"confidence_level", options->confidence_level},
              {"outcome", ItemJson(read->items.front())},
              {"questions", Json::array()}};
  for (const results::ScaleItem& item : *items) out["questions"].push_back(ItemJson(item));
  const size_t usable = RowsUsed(columns, options->missing);
  if (usable < min_n) {
    // Too few responses for stable shares: say so instead of ranking noise.
    out["status"] = "not_enough_responses";
    out["message"] = fmt::format("not enough responses ({} of at least {})", usable, min_n);
    out["n"] = usable;
    out["r2"] = nullptr;
    out["bootstrap"] = {{"samples", options->bootstrap_samples}, {"used", 0}};
    out["thresholds"] = nullptr;
    out["drivers"] = Json::array();
    return Response::Json(200, out);
  }
  auto analysis = drivers::AnalyzeDrivers(columns.front(), std::span(columns).subspan(1),
                                          *driver_ids, *options);
  if (!analysis) return Fail(AsQueryError(std::move(analysis.error())));

  // The quadrants again, with performance as a share of each driver's scale (the library's
  // means are on the drivers' own scales).
  std::vector<double> importance(k), performance(k);
  for (size_t j = 0; j < k; ++j) {
    importance[j] = analysis->drivers[j].lmg_share;
    performance[j] = PercentOfScale(analysis->drivers[j].performance, read->items[j + 1].scale);
  }
  auto thresholds = drivers::MeanThresholds(importance, performance);
  if (!thresholds) return Fail(thresholds.error());
  std::vector<size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::ranges::stable_sort(order, std::greater<>(), [&](size_t j) { return importance[j]; });
  Json ranked = Json::array();
  for (size_t rank = 0; rank < k; ++rank) {
    const size_t j = order[rank];
    ranked.push_back(DriverJson(analysis->drivers[j], read->items[j + 1], performance[j],
                                drivers::Classify(importance[j], performance[j], *thresholds),
                                rank + 1));
  }
  out["status"] = "ok";
  out["n"] = analysis->n;
  out["r2"] = analysis->r2;
  out["bootstrap"] = {{"samples", analysis->bootstrap_samples},
                      {"used", analysis->bootstrap_samples_used}};
  out["thresholds"] = {{"importance", thresholds->importance},
                       {"performance", thresholds->performance}};
  out["drivers"] = std::move(ranked);
  return Response::Json(200, out);
}

}  // namespace

void AddDriverRoutes(Router& router, ApiDeps& deps) {
  results::ResultsService& results = *deps.results;
  Store& store = deps.store;
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/drivers",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&results, &store](RequestContext& ctx) {
                return SurveyDrivers(results, store, ctx);
              }});
}

}  // namespace nazar::http
