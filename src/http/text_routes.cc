// What comments say: the topics × sentiment × score table of a period, and topics the
// taxonomy misses, suggested from the period's comments.
#include <fmt/format.h>

#include <charconv>

#include "collect/enrichment.h"
#include "core/time.h"
#include "http/api.h"
#include "results/results.h"
#include "text/analyzer.h"

namespace nazar::http {
namespace {

using nazar::Json;

// Suggestions are mined from at most this many of the period's newest comments.
constexpr size_t kSuggestFromComments = 5000;
constexpr size_t kSuggestedTopics = 12;

// ?name=N with N a whole number in min..max; nullopt when absent.
Result<std::optional<int64_t>> IntParam(const Request& request, const char* name, int64_t min,
                                        int64_t max, std::string_view what) {
  auto text = request.Query(name);
  if (!text) return std::optional<int64_t>();
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return Fail(Error::InvalidArgument(fmt::format("{} must be {}", name, what), name));
  }
  return std::optional<int64_t>(value);
}

Result<results::TopicRequest> ParseTopicRequest(const Request& q, const Organisation& org) {
  results::TopicRequest req;
  auto survey = IntParam(q, "survey", 1, INT64_MAX, "a survey id");
  if (!survey) return Fail(survey.error());
  req.survey_id = *survey;
  if (auto m = q.Query("metric")) {
    auto metric = results::ParseMetric(*m);
    if (!metric || (*metric != results::Metric::kNps && *metric != results::Metric::kCsat &&
                    *metric != results::Metric::kCes)) {
      return Fail(Error::InvalidArgument("metric must be nps, csat or ces", "metric"));
    }
    req.metric = *metric;
  }
  auto min_n = IntParam(q, "min_n", 1, 100000, "1 to 100000");
  if (!min_n) return Fail(min_n.error());
  if (*min_n) req.score_options.min_responses = static_cast<int>(**min_n);
  auto filter = ParseResultsFilter(q, org.calendar);
  if (!filter) return Fail(filter.error());
  req.filter = std::move(*filter);
  return req;
}

Json LabelsJson(const std::array<int64_t, 4>& counts, int64_t total) {
  Json shares = Json::object(), numbers = Json::object();
  for (size_t i = 0; i < counts.size(); ++i) {
    const std::string label(results::kSentimentLabels[i]);
    numbers[label] = counts[i];
    shares[label] = total > 0 ? static_cast<double>(counts[i]) / static_cast<double>(total) : 0.0;
  }
  return {{"counts", std::move(numbers)}, {"shares", std::move(shares)}};
}

// The period's comments, newest first, as the store lists them (survey and days only).
Result<std::vector<std::string>> PeriodComments(Store& store, const Organisation& org,
                                                const results::TopicRequest& req) {
  ResponseQuery query{
      .survey_id = req.survey_id, .status = ResponseStatus::kComplete, .newest_first = true};
  if (req.filter.from_day || req.filter.to_day) {
    auto zone = TimeZoneDays::ForZone(org.time_zone);
    if (!zone) return Fail(zone.error());
    if (req.filter.from_day) query.from_ms = zone->StartOfDayMs(*req.filter.from_day);
    if (req.filter.to_day) query.to_ms = zone->StartOfDayMs(*req.filter.to_day + 1);
  }
  return collect::StoredCommentTexts(store, org.id, query, kSuggestFromComments);
}

}  // namespace

void AddTextRoutes(Router& router, ApiDeps& deps) {
  results::ResultsService& results = *deps.results;
  Store& store = deps.store;
  const text::Analyzer& analyzer = *deps.analyzer;

  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/text/topics",
       .access = Access::kAny,
       .permission = Permission::kReadResults,
       .handler = [&results, &store, &analyzer](RequestContext& ctx) -> Result<Response> {
         auto org = store.GetOrganisation(ctx.org().org);
         if (!org) return Fail(org.error());
         auto req = ParseTopicRequest(ctx.request, *org);
         if (!req) return Fail(req.error());
         auto report = results.Topics(*org, *req);
         if (!report) return Fail(report.error());
         auto comments = PeriodComments(store, *org, *req);
         if (!comments) return Fail(comments.error());

         const int64_t min_n = req->score_options.min_responses;
         const text::Taxonomy& taxonomy = analyzer.taxonomy();
         Json topics = Json::array();
         for (const results::TopicSummary& t : report->topics) {
           Json topic = {{"topic", t.topic},
                         {"comments", t.comments},
                         {"sentiment", LabelsJson(t.labels, t.comments)},
                         {"score", GroupJson(t.score, false, min_n)}};
           auto known = std::ranges::find(taxonomy.topics, t.topic, &text::TopicDefinition::id);
           if (known != taxonomy.topics.end()) {
             topic["name"] = {{"fa", known->name_fa}, {"en", known->name_en}};
           }
           topics.push_back(std::move(topic));
         }
         std::vector<std::string_view> texts(comments->begin(), comments->end());
         Json suggested = Json::array();
         for (const text::SuggestedTopic& s :
              analyzer.SuggestTopics(texts, {.max_topics = kSuggestedTopics})) {
           suggested.push_back({{"phrase", s.phrase},
                                {"language", text::LanguageCode(s.language)},
                                {"comments", s.comments},
                                {"score", s.score}});
         }
         return Response::Json(
             200, {{"metric", results::ToString(report->metric)},
                   {"question", report->question_id},
                   {"min_n", min_n},
                   {"comments", report->comments},
                   {"sentiment", LabelsJson(report->labels, report->comments)},
                   {"topics", std::move(topics)},
                   {"suggested",
                    {{"from_comments", comments->size()}, {"topics", std::move(suggested)}}}});
       }});
}

}  // namespace nazar::http
