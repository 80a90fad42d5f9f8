// What comments say: the topics × sentiment × score table of a period, and topics the
// taxonomy misses, suggested from the period's comments; the organisation's taxonomy,
// analysts' labels on comments and the label classifier trained on them.
#include <fmt/format.h>

#include <map>
#include <set>

#include "accounts/accounts.h"
#include "accounts/audit.h"
#include "comments/enrich_jobs.h"
#include "comments/enrichment.h"
#include "comments/text_models.h"
#include "core/time.h"
#include "http/api.h"
#include "results/results.h"
#include "text/analyzer.h"

namespace nazar::http {
namespace {

using nazar::Json;

// Analysts' labels: at most this many on one comment, each at most this long.
constexpr size_t kMaxTagsPerComment = 20;
constexpr size_t kMaxLabelChars = 64;
// Training in a request stops here (a few seconds); larger sets train with the CLI.
constexpr size_t kMaxTrainingComments = 50000;

// Suggestions are mined from at most this many of the period's newest comments.
constexpr size_t kSuggestFromComments = 5000;
constexpr size_t kSuggestedTopics = 12;

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
  return comments::StoredCommentTexts(store.responses(), org.id, query, kSuggestFromComments);
}

}  // namespace

void AddTextRoutes(Router& router, ApiDeps& deps) {
  results::ResultsService& results = *deps.results;
  Store& store = deps.store;
  comments::TextModels& models = *deps.text;
  const Clock& clock = deps.clock;

  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/text/topics",
       .access = Access::kAny,
       .permission = Permission::kReadResults,
       .handler = [&results, &store, &models](RequestContext& ctx) -> Result<Response> {
         auto org = store.accounts().GetOrganisation(ctx.org().org);
         if (!org) return Fail(org.error());
         const auto pipeline = models.For(org->id);
         const text::Analyzer& analyzer = pipeline->analyzer;
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

  // The organisation's topic taxonomy: its own, or the built-in one ("custom": false).
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/text/taxonomy",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&models, &store](RequestContext& ctx) -> Result<Response> {
                auto settings = store.text().GetTextSettings(ctx.org().org);
                if (!settings) return Fail(settings.error());
                Json out = comments::TaxonomyJson(models.For(ctx.org().org)->analyzer.taxonomy());
                out["custom"] = !settings->taxonomy.empty();
                out["revision"] = settings->revision;
                return Response::Json(200, out);
              }});
  // Replaces it ({"topics": [...]}); new comments are analysed with it at once, earlier ones
  // when `nazar text enrich --force` runs. DELETE returns to the built-in taxonomy.
  auto save_taxonomy = [&models, &store, &clock](RequestContext& ctx,
                                                 std::string taxonomy) -> Result<Response> {
    const OrgId org = ctx.org().org;
    const int64_t now = clock.NowMs();
    Result<void> saved;
    auto write = [&](Store& tx) -> Result<void> {
      if (auto s = tx.text().UpdateTextSettings(org, {.taxonomy = taxonomy}, now); !s)
        return Fail(s.error());
      return WriteAudit(tx.audit(), ctx.actor(), org,
                        taxonomy.empty() ? "text.taxonomy.reset" : "text.taxonomy.update",
                        "text:taxonomy", Json::object(), now);
    };
    if (auto done = store.Transact(write); !done) return Fail(done.error());
    if (auto refreshed = models.Refresh(org); !refreshed) return Fail(refreshed.error());
    Json out = comments::TaxonomyJson(models.For(org)->analyzer.taxonomy());
    out["custom"] = !taxonomy.empty();
    return Response::Json(200, out);
  };
  router.Add({.method = "PUT",
              .pattern = "/api/v1/orgs/{org}/text/taxonomy",
              .access = Access::kAny,
              .permission = Permission::kManageText,
              .handler = [save_taxonomy](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                auto taxonomy = comments::ParseTaxonomy(*body);
                if (!taxonomy) return Fail(taxonomy.error());
                return save_taxonomy(ctx, comments::TaxonomyJson(*taxonomy).dump());
              }});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/text/taxonomy",
              .access = Access::kAny,
              .permission = Permission::kManageText,
              .handler = [save_taxonomy](RequestContext& ctx) -> Result<Response> {
                return save_taxonomy(ctx, "");
              }});

  // An analyst's labels on one comment. PUT {"question": "why", "labels": [...]} replaces
  // them (an empty list removes them); PATCH {"question", "add": [...], "remove": [...]}
  // changes only those, so analysts tagging one comment at once keep each other's labels.
  // Both answer with the comment's labels as they now are.
  auto tags = [&store, &clock](RequestContext& ctx, bool replace) -> Result<Response> {
    auto id = ctx.IdParam("response");
    if (!id) return Fail(id.error());
    auto body = JsonBody(ctx.request);
    if (!body) return Fail(body.error());
    JsonObjectReader r(*body);
    std::string question = r.String("question", {.min_chars = 1, .max_chars = 64});
    auto read_labels = [&r](std::string_view name, bool required) {
      std::vector<std::string> labels;
      const Json* list = r.OptionalValue(name);
      if (list == nullptr && !required) return labels;
      if (list == nullptr || !list->is_array()) {
        r.Reject(name, "must be a list of labels");
      } else if (list->size() > kMaxTagsPerComment) {
        r.Reject(name, fmt::format("at most {} labels", kMaxTagsPerComment));
      } else {
        for (size_t i = 0; i < list->size(); ++i) {
          const Json& v = (*list)[i];
          std::string label = v.is_string() ? v.get<std::string>() : std::string();
          const size_t length = Utf8Length(label);
          if (!v.is_string() || length == 0 || length > kMaxLabelChars ||
              label.find_first_of("\t\n\r") != std::string::npos) {
            r.Reject(fmt::format("{}[{}]", name, i),
                     fmt::format("must be text of 1 to {} characters on one line", kMaxLabelChars));
            break;
          }
          if (std::ranges::find(labels, label) == labels.end()) labels.push_back(std::move(label));
        }
      }
      return labels;
    };
    std::vector<std::string> labels, add, remove;
    if (replace) {
      labels = read_labels("labels", true);
    } else {
      add = read_labels("add", false);
      remove = read_labels("remove", false);
      if (add.empty() && remove.empty()) r.Reject("add", "add or remove at least one label");
    }
    if (auto done = r.Finish(); !done) return Fail(done.error());
    const OrgId org = ctx.org().org;
    auto response = store.responses().GetResponse(org, *id);
    if (!response) return Fail(response.error());
    Json answers = Json::parse(response->answers, nullptr, false);
    if (!answers.is_object() || !answers.contains(question) || !answers[question].is_string()) {
      return Fail(Error::InvalidArgument("the response has no comment for this question", "question"));
    }
    std::optional<UserId> by;
    if (ctx.actor().principal.user) by = ctx.actor().principal.user->id;
    auto written =
        replace
            ? store.text().SetCommentTags(org, *id, question, labels, by, clock.NowMs())
            : store.text().ChangeCommentTags(org, *id, question, add, remove, by, clock.NowMs());
    if (!written) return Fail(written.error());
    auto now = store.text().ListCommentTags(org, {*id});
    if (!now) return Fail(now.error());
    Json current = Json::array();
    for (const CommentTag& t : *now)
      if (t.question_id == question) current.push_back(t.label);
    return Response::Json(200, {{"response", *id}, {"question", question}, {"labels", current}});
  };
  for (bool replace : {true, false}) {
    router.Add({.method = replace ? "PUT" : "PATCH",
                .pattern = "/api/v1/orgs/{org}/responses/{response}/tags",
                .access = Access::kAny,
                .permission = Permission::kManageText,
                .handler = [tags, replace](RequestContext& ctx) { return tags(ctx, replace); }});
  }

  // The labels analysts use (with how many comments carry each) and the classifier trained
  // on them, with its held-out evaluation.
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/text/labels",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto tags = store.text().ListCommentTags(ctx.org().org);
                if (!tags) return Fail(tags.error());
                std::map<std::string, int64_t> counts;
                std::set<std::pair<int64_t, std::string>> comments;
                for (const CommentTag& t : *tags) {
                  ++counts[t.label];
                  comments.emplace(t.response_id, t.question_id);
                }
                Json labels = Json::array();
                for (const auto& [label, n] : counts)
                  labels.push_back({{"label", label}, {"comments", n}});
                auto settings = store.text().GetTextSettings(ctx.org().org);
                if (!settings) return Fail(settings.error());
                Json classifier = nullptr;
                if (!settings->classifier.empty()) {
                  classifier = {{"trained_ms", settings->trained_ms},
                                {"evaluation", Json::parse(settings->classifier_report, nullptr,
                                                           false)}};
                }
                return Response::Json(200, {{"labels", std::move(labels)},
                                            {"tagged_comments", comments.size()},
                                            {"min_examples", text::LabelTrainingOptions{}.min_examples},
                                            {"classifier", std::move(classifier)}});
              }});

  // Re-analyses the organisation's stored comments in the background (after its taxonomy or
  // classifier changed); GET says how far it got.
  if (comments::EnrichJobs* jobs = deps.enrich_jobs) {
    router.Add({.method = "POST",
                .pattern = "/api/v1/orgs/{org}/text/enrich",
                .access = Access::kAny,
                .permission = Permission::kManageText,
                .handler = [jobs, &store](RequestContext& ctx) -> Result<Response> {
                  auto body = JsonBody(ctx.request);
                  if (!body) return Fail(body.error());
                  JsonObjectReader r(*body);
                  comments::EnrichOptions options{.force = r.OptionalBool("force").value_or(true)};
                  options.survey_id = r.OptionalInt("survey", {.min = 1});
                  if (auto done = r.Finish(); !done) return Fail(done.error());
                  if (options.survey_id) {
                    if (auto s = store.surveys().GetSurvey(ctx.org().org, *options.survey_id); !s)
                      return Fail(Error::InvalidArgument("no such survey", "survey"));
                  }
                  auto job = jobs->Start(ctx.org().org, options);
                  if (!job) return Fail(job.error());
                  return Response::Json(202, comments::ToJson(*job));
                }});
    router.Add({.method = "GET",
                .pattern = "/api/v1/orgs/{org}/text/enrich",
                .access = Access::kAny,
                .permission = Permission::kReadResults,
                .handler = [jobs](RequestContext& ctx) -> Result<Response> {
                  return Response::Json(200, comments::ToJson(jobs->Status(ctx.org().org)));
                }});
  }

  // Trains the classifier on the tagged comments now (held-out evaluation in the answer);
  // new comments are tagged with it from then on.
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/orgs/{org}/text/classifier",
       .access = Access::kAny,
       .permission = Permission::kManageText,
       .handler = [&store, &models, &clock](RequestContext& ctx) -> Result<Response> {
         const OrgId org = ctx.org().org;
         auto examples =
             comments::TaggedExamples(store.text(), store.responses(), org, *models.For(org));
         if (!examples) return Fail(examples.error());
         if (examples->size() > kMaxTrainingComments) {
           return Fail(Error::InvalidArgument(
               fmt::format("more than {} tagged comments: train with `nazar text train`",
                           kMaxTrainingComments),
               "labels"));
         }
         const int64_t now = clock.NowMs();
         auto trained = comments::TrainAndSaveClassifier(store.text(), org, *examples, {}, now);
         if (!trained) return Fail(trained.error());
         Json evaluation = comments::EvaluationJson(trained->evaluation);
         TRY(WriteAudit(store.audit(), ctx.actor(), org, "text.classifier.train", "text:classifier",
                        {{"examples", trained->evaluation.examples}}, now));
         if (auto refreshed = models.Refresh(org); !refreshed) return Fail(refreshed.error());
         return Response::Json(200, {{"trained_ms", now}, {"evaluation", std::move(evaluation)}});
       }});
}

}  // namespace nazar::http
