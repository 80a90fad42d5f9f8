// Live CX metrics: NPS, CSAT, CES, means and distributions with margins, breakdowns,
// trends in the organisation's calendar, filters and period comparisons.

#include <fmt/format.h>

#include "core/jalali.h"
#include "http/api.h"
#include "results/results.h"

namespace nazar::http {
namespace {

using nazar::Json;
using metrics::Dimension;
using metrics::DimensionRef;

std::string IsoDate(int32_t day) {
  auto g = GregorianFromEpochDay(day);
  if (!g) return "";
  return fmt::format("{:04}-{:02}-{:02}", g->year, g->month, g->day);
}

Result<DimensionRef> ParseDimension(std::string_view text, const char* field) {
  static const std::pair<std::string_view, Dimension> kPlain[] = {
      {"survey", Dimension::kSurvey},       {"language", Dimension::kLanguage},
      {"channel", Dimension::kChannel},     {"touchpoint", Dimension::kTouchpoint},
      {"agent", Dimension::kAgent},         {"sentiment", Dimension::kSentiment},
      {"topic", Dimension::kTopic},         {"persona", Dimension::kPersona}};
  for (const auto& [name, dim] : kPlain)
    if (text == name) return DimensionRef{dim, ""};
  for (auto [prefix, dim] : {std::pair<std::string_view, Dimension>{"attribute:", Dimension::kAttribute},
                             std::pair<std::string_view, Dimension>{"choice:", Dimension::kChoice}}) {
    if (text.starts_with(prefix) && text.size() > prefix.size() && text.size() <= 80)
      return DimensionRef{dim, std::string(text.substr(prefix.size()))};
  }
  return Fail(Error::InvalidArgument(
      fmt::format("{} must be survey, language, channel, touchpoint, agent, sentiment, topic, "
                  "attribute:NAME or choice:QUESTION",
                  field),
      field));
}

Json ScoreJson(const results::Score& score) {
  return std::visit(
      [](const auto& s) -> Json {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, metrics::NpsScore>) {
          return {{"nps", s.nps}, {"margin", s.margin}, {"ci_low", s.ci_low}, {"ci_high", s.ci_high},
                  {"standard_error", s.standard_error}, {"promoters", s.promoter_share},
                  {"detractors", s.detractor_share},
                  {"passives", 1.0 - s.promoter_share - s.detractor_share}};
        } else if constexpr (std::is_same_v<T, metrics::TopBoxScore>) {
          return {{"favourable", s.favourable_share.share},
                  {"favourable_ci_low", s.favourable_share.ci_low},
                  {"favourable_ci_high", s.favourable_share.ci_high},
                  {"mean", s.mean.mean}, {"mean_ci_low", s.mean.ci_low},
                  {"mean_ci_high", s.mean.ci_high}};
        } else {
          return {{"mean", s.mean.mean}, {"mean_ci_low", s.mean.ci_low},
                  {"mean_ci_high", s.mean.ci_high}, {"shares", s.shares}};
        }
      },
      score);
}

bool Enough(const results::Score& score) {
  return std::visit([](const auto& s) { return s.enough; }, score);
}

}  // namespace

Json GroupJson(const results::MetricGroup& g, bool trend, int64_t min_n) {
  Json j = {{"n", g.n}};
  if (!g.key.empty()) j["key"] = g.key;
  if (trend) {
    j["bucket"] = g.bucket;
    j["bucket_start"] = IsoDate(g.bucket_start_day);
  }
  if (Enough(g.score)) {
    j["status"] = "ok";
    j["score"] = ScoreJson(g.score);
    j["distribution"] = g.histogram;
  } else {
    // Below the minimum a score would mislead, and a distribution of a few answers would
    // show individual answers: say so instead of printing either.
    j["status"] = "not_enough_responses";
    j["message"] = fmt::format("not enough responses ({} of at least {})", g.n, min_n);
    j["score"] = nullptr;
    j["distribution"] = nullptr;
  }
  return j;
}

void AddMetricsRoutes(Router& router, ApiDeps& deps) {
  results::ResultsService& results = *deps.results;
  Store& store = deps.store;

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/metrics",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&results, &store](RequestContext& ctx) -> Result<Response> {
                const Request& q = ctx.request;
                auto org = store.accounts().GetOrganisation(ctx.org().org);
                if (!org) return Fail(org.error());
                results::MetricRequest req;
                if (auto m = q.Query("metric")) {
                  auto metric = results::ParseMetric(*m);
                  if (!metric)
                    return Fail(Error::InvalidArgument("metric must be nps, csat, ces, mean or distribution", "metric"));
                  req.metric = *metric;
                }
                req.question_id = q.Query("question").value_or("");
                if (req.question_id.size() > 130)
                  return Fail(Error::InvalidArgument("question is too long", "question"));
                auto survey = IntParam(q, "survey", 1, INT64_MAX, "a survey id");
                if (!survey) return Fail(survey.error());
                req.survey_id = *survey;
                // Filters: from, to, touchpoint=a,b  agent=...  channel=...  language=...
                //          sentiment=negative  topic=delivery,price (mentions any)
                //          attribute.NAME=v1,v2  choice.QUESTION=id1,id2
                auto filter = ParseResultsFilter(q, org->calendar);
                if (!filter) return Fail(filter.error());
                req.filter = std::move(*filter);
                if (auto g = q.Query("group_by")) {
                  auto dim = ParseDimension(*g, "group_by");
                  if (!dim) return Fail(dim.error());
                  req.group_by = *dim;
                }
                if (auto t = q.Query("trend")) {
                  static const std::pair<std::string_view, metrics::TimeBucket> kBuckets[] = {
                      {"day", metrics::TimeBucket::kDay}, {"week", metrics::TimeBucket::kWeek},
                      {"month", metrics::TimeBucket::kMonth}, {"quarter", metrics::TimeBucket::kQuarter},
                      {"year", metrics::TimeBucket::kYear}};
                  for (const auto& [name, b] : kBuckets)
                    if (*t == name) req.trend = b;
                  if (!req.trend)
                    return Fail(Error::InvalidArgument("trend must be day, week, month, quarter or year", "trend"));
                }
                auto min_n_param = IntParam(q, "min_n", 1, 100000, "1 to 100000");
                if (!min_n_param) return Fail(min_n_param.error());
                if (*min_n_param) req.score_options.min_responses = static_cast<int>(**min_n_param);
                // A baseline to compare with: the same filter, changed by compare.* parameters
                // (compare.from / compare.to: another period; compare.touchpoint=...: another
                // segment). compare_from / compare_to are accepted as the period aliases.
                metrics::Filter baseline = req.filter;
                bool comparing = false;
                for (const auto& [key, value] : q.query) {
                  std::string name = key == "compare_from" ? "compare.from"
                                     : key == "compare_to" ? "compare.to" : key;
                  if (!name.starts_with("compare.")) continue;
                  comparing = true;
                  std::string what = name.substr(8);
                  std::string field = "compare." + what;
                  if (what == "from" || what == "to") {
                    auto day = ParseCalendarDay(value, org->calendar, field.c_str());
                    if (!day) return Fail(day.error());
                    (what == "from" ? baseline.from_day : baseline.to_day) = *day;
                  } else if (auto dim = FilterDimension(what)) {
                    std::erase_if(baseline.equals, [&](const auto& e) {
                      return e.first.dimension == dim->dimension && e.first.name == dim->name;
                    });
                    baseline.equals.emplace_back(*dim, SplitComma(value));
                  } else {
                    return Fail(Error::InvalidArgument("not a filter that can be compared", field));
                  }
                }
                if (comparing) req.baseline_filter = std::move(baseline);
                auto report = results.Report(*org, req);
                if (!report) return Fail(report.error());
                int64_t min_n = req.score_options.min_responses;
                Json groups = Json::array();
                for (const auto& g : report->groups) groups.push_back(GroupJson(g, req.trend.has_value(), min_n));
                Json out = {{"metric", results::ToString(report->metric)},
                            {"question", report->question_id},
                            {"scale", {{"min", report->scale.min}, {"max", report->scale.max}}},
                            {"time_zone", report->time_zone},
                            {"calendar", report->calendar == metrics::CalendarKind::kJalali ? "jalali" : "gregorian"},
                            {"min_n", min_n},
                            {"confidence_level", req.score_options.confidence_level},
                            {"overall", GroupJson(report->overall, false, min_n)},
                            {"groups", groups}};
                if (report->comparison) {
                  const auto& c = *report->comparison;
                  out["comparison"] = {{"baseline", GroupJson(*report->baseline, false, min_n)},
                                       {"difference", c.difference},
                                       {"standard_error", c.standard_error},
                                       {"statistic", c.statistic},
                                       {"p_value", c.p_value},
                                       {"verdict", metrics::ToString(c.verdict)}};
                }
                return Response::Json(200, out);
              }});
}

}  // namespace nazar::http
