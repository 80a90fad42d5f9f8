// Live CX metrics: NPS, CSAT, CES, means and distributions with margins, breakdowns,
// trends in the organisation's calendar, filters and period comparisons.

#include <fmt/format.h>

#include "http/json/common_json.h"
#include "http/json/results_json.h"
#include "http/json_route.h"
#include "results/results.h"

namespace nazar::http {
namespace {

using nazar::Json;
using metrics::Dimension;
using metrics::DimensionRef;

Result<DimensionRef> ParseDimension(std::string_view text, const char* field) {
  static const std::pair<std::string_view, Dimension> kPlain[] = {
      {"survey", Dimension::kSurvey},       {"language", Dimension::kLanguage},
      {"channel", Dimension::kChannel},     {"touchpoint", Dimension::kTouchpoint},
      {"agent", Dimension::kAgent},         {"sentiment", Dimension::kSentiment},
      {"topic", Dimension::kTopic},         {"persona", Dimension::kPersona},
      {"topic_sentiment", Dimension::kTopicSentiment}};
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

// ?metric, ?question, ?survey, the filters, ?group_by, ?trend, ?min_n and a baseline to
// compare with (compare.*), checked in that order.
Result<results::MetricRequest> ReadMetricRequest(const Request& q, const Organisation& org) {
  results::MetricRequest req;
  if (auto m = q.Query("metric")) {
    auto metric = results::ParseMetric(*m);
    if (!metric)
      return Fail(
          Error::InvalidArgument("metric must be nps, csat, ces, mean or distribution", "metric"));
    req.metric = *metric;
  }
  req.question_id = q.Query("question").value_or("");
  if (req.question_id.size() > 130)
    return Fail(Error::InvalidArgument("question is too long", "question"));
  TRY_ASSIGN(req.survey_id, IntParam(q, "survey", 1, INT64_MAX, "a survey id"));
  // Filters: from, to, touchpoint=a,b  agent=...  channel=...  language=...
  //          sentiment=negative  topic=delivery,price (mentions any)
  //          attribute.NAME=v1,v2  choice.QUESTION=id1,id2
  TRY_ASSIGN(req.filter, ParseResultsFilter(q, org.calendar));
  if (auto g = q.Query("group_by")) {
    TRY_ASSIGN(req.group_by, ParseDimension(*g, "group_by"));
  }
  if (auto t = q.Query("trend")) {
    static const std::pair<std::string_view, metrics::TimeBucket> kBuckets[] = {
        {"day", metrics::TimeBucket::kDay},
        {"week", metrics::TimeBucket::kWeek},
        {"month", metrics::TimeBucket::kMonth},
        {"quarter", metrics::TimeBucket::kQuarter},
        {"year", metrics::TimeBucket::kYear}};
    for (const auto& [name, b] : kBuckets)
      if (*t == name) req.trend = b;
    if (!req.trend)
      return Fail(
          Error::InvalidArgument("trend must be day, week, month, quarter or year", "trend"));
  }
  TRY_ASSIGN(const auto min_n, IntParam(q, "min_n", 1, 100000, "1 to 100000"));
  if (min_n) req.score_options.min_responses = static_cast<int>(*min_n);
  // A baseline to compare with: the same filter, changed by compare.* parameters
  // (compare.from / compare.to: another period; compare.touchpoint=...: another
  // segment). compare_from / compare_to are accepted as the period aliases.
  metrics::Filter baseline = req.filter;
  bool comparing = false;
  for (const auto& [key, value] : q.query) {
    std::string name = key == "compare_from" ? "compare.from"
                       : key == "compare_to" ? "compare.to"
                                             : key;
    if (!name.starts_with("compare.")) continue;
    comparing = true;
    std::string what = name.substr(8);
    std::string field = "compare." + what;
    if (what == "from" || what == "to") {
      TRY_ASSIGN((what == "from" ? baseline.from_day : baseline.to_day),
                 ParseCalendarDay(value, org.calendar, field.c_str()));
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
  return req;
}

struct MetricsAnswer {
  results::MetricRequest request;
  results::MetricReport report;
};

Json MetricsJson(const MetricsAnswer& answer) {
  const results::MetricRequest& req = answer.request;
  const results::MetricReport& report = answer.report;
  const int64_t min_n = req.score_options.min_responses;
  Json out = {
      {"metric", results::ToString(report.metric)},
      {"question", report.question_id},
      {"scale", {{"min", report.scale.min}, {"max", report.scale.max}}},
      {"time_zone", report.time_zone},
      {"calendar", report.calendar == metrics::CalendarKind::kJalali ? "jalali" : "gregorian"},
      {"min_n", min_n},
      {"confidence_level", req.score_options.confidence_level},
      {"overall", GroupJson(report.overall, false, min_n)},
      {"groups", Json::array()}};
  for (size_t i = 0; i < report.groups.size(); ++i) {
    Json g = GroupJson(report.groups[i], req.trend.has_value(), min_n);
    if (i < report.versus_rest.size()) g["versus_rest"] = VersusRestJson(report.versus_rest[i]);
    out["groups"].push_back(std::move(g));
  }
  if (report.comparison) {
    const auto& c = *report.comparison;
    out["comparison"] = {{"baseline", GroupJson(*report.baseline, false, min_n)},
                         {"difference", c.difference},
                         {"standard_error", c.standard_error},
                         {"statistic", c.statistic},
                         {"p_value", c.p_value},
                         {"verdict", metrics::ToString(c.verdict)}};
  }
  return out;
}

}  // namespace

void AddMetricsRoutes(Router& router, ApiDeps& deps) {
  results::ResultsService& results = *deps.results;
  Store& store = deps.store;

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/metrics",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200,
                  [&results, &store](RequestContext& ctx) -> Result<MetricsAnswer> {
                    TRY_ASSIGN(const Organisation org, store.accounts().GetOrganisation(ctx.org().org));
                    MetricsAnswer answer;
                    TRY_ASSIGN(answer.request, ReadMetricRequest(ctx.request, org));
                    TRY_ASSIGN(answer.report, results.Report(org, answer.request));
                    return answer;
                  },
                  MetricsJson)});
}

}  // namespace nazar::http
