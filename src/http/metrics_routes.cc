// Live CX metrics: NPS, CSAT, CES, means and distributions with margins, breakdowns,
// trends in the organisation's calendar, filters and period comparisons.

#include <fmt/format.h>

#include "http/json/common_json.h"
#include "http/json/results_json.h"
#include "http/json_route.h"
#include "results/change.h"
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

// GET …/metrics/change: the request as /metrics reads it (a baseline required) and the
// dimensions to decompose by (?by=agent,touchpoint; default touchpoint, channel, agent,
// language).
struct ChangeAnswer {
  results::MetricRequest request;
  std::vector<std::string> by_names;
  results::ChangeReport report;
};

Result<ChangeAnswer> ReadChange(const Request& q, const Organisation& org) {
  ChangeAnswer answer;
  TRY_ASSIGN(answer.request, ReadMetricRequest(q, org));
  if (q.Query("group_by") || q.Query("trend"))
    return Fail(Error::InvalidArgument("a change is decomposed with by, not group_by or trend",
                                       q.Query("group_by") ? "group_by" : "trend"));
  answer.by_names = SplitComma(q.Query("by").value_or("touchpoint,channel,agent,language"));
  if (answer.by_names.empty() || answer.by_names.size() > 8)
    return Fail(Error::InvalidArgument("by must name 1 to 8 dimensions", "by"));
  return answer;
}

Json ChangeJson(const ChangeAnswer& answer) {
  const results::MetricReport& now = answer.report.current;
  // CSAT and CES in percentage points (the comparison's share is 0..1).
  const bool share = now.metric == results::Metric::kCsat || now.metric == results::Metric::kCes;
  const double unit = share ? 100.0 : 1.0;
  const double z = metrics::CriticalZ(answer.request.score_options.confidence_level);
  Json out = {{"metric", results::ToString(now.metric)},
              {"question", now.question_id},
              {"scale", {{"min", now.scale.min}, {"max", now.scale.max}}},
              {"unit", now.metric == results::Metric::kNps ? "points"
                       : share                              ? "percentage_points"
                                                            : "scale"},
              {"min_n", answer.request.score_options.min_responses},
              {"confidence_level", answer.request.score_options.confidence_level},
              {"by", Json::array()}};
  if (now.comparison) {
    const auto& c = *now.comparison;
    out["comparison"] = {{"baseline_n", now.baseline->n}, {"current_n", now.overall.n},
                         {"difference", c.difference * unit},
                         {"margin", z * c.standard_error * unit},
                         {"p_value", c.p_value},
                         {"verdict", metrics::ToString(c.verdict)}};
  }
  for (size_t i = 0; i < answer.report.by.size(); ++i) {
    const results::ChangeDecomposition& d = answer.report.by[i].second;
    Json segments = Json::array();
    for (const auto& s : d.segments) {
      segments.push_back({{"key", s.key},
                          {"baseline_n", s.baseline_n},
                          {"current_n", s.current_n},
                          {"baseline_share", s.baseline_share},
                          {"current_share", s.current_share},
                          {"baseline_score", s.baseline_score ? Json(*s.baseline_score) : Json()},
                          {"current_score", s.current_score ? Json(*s.current_score) : Json()},
                          {"contribution", s.contribution},
                          {"margin", s.margin},
                          {"within", s.within},
                          {"mix", s.mix}});
    }
    out["by"].push_back({{"dimension", answer.by_names[i]},
                         {"baseline_score", d.baseline_score},
                         {"current_score", d.current_score},
                         {"change", d.change},
                         {"segments", std::move(segments)}});
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
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/metrics/change",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200,
                  [&results, &store](RequestContext& ctx) -> Result<ChangeAnswer> {
                    TRY_ASSIGN(const Organisation org, store.accounts().GetOrganisation(ctx.org().org));
                    TRY_ASSIGN(ChangeAnswer answer, ReadChange(ctx.request, org));
                    std::vector<DimensionRef> dims;
                    for (size_t i = 0; i < answer.by_names.size(); ++i) {
                      TRY_ASSIGN(DimensionRef d, ParseDimension(answer.by_names[i], "by"));
                      dims.push_back(std::move(d));
                    }
                    TRY_ASSIGN(answer.report, results::ExplainChange(results, org, answer.request, dims));
                    return answer;
                  },
                  ChangeJson)});
}

}  // namespace nazar::http
