// What comments say: the topics × sentiment × score table of a period, and topics the
// taxonomy misses, suggested from the period's comments; the organisation's taxonomy,
// analysts' labels on comments and the label classifier trained on them.
#include <fmt/format.h>

#include "comments/enrich_jobs.h"
#include "comments/enrichment.h"
#include "comments/text_models.h"
#include "comments/text_settings.h"
#include "http/json/common_json.h"
#include "http/json/results_json.h"
#include "http/json_route.h"
#include "results/results.h"
#include "text/analyzer.h"

namespace nazar::http {
namespace {

using nazar::Json;

constexpr size_t kSuggestedTopics = 12;

Result<results::TopicRequest> ParseTopicRequest(const Request& q, const Organisation& org) {
  results::TopicRequest req;
  TRY_ASSIGN(req.survey_id, IntParam(q, "survey", 1, INT64_MAX, "a survey id"));
  if (auto m = q.Query("metric")) {
    auto metric = results::ParseMetric(*m);
    if (!metric || (*metric != results::Metric::kNps && *metric != results::Metric::kCsat &&
                    *metric != results::Metric::kCes)) {
      return Fail(Error::InvalidArgument("metric must be nps, csat or ces", "metric"));
    }
    req.metric = *metric;
  }
  TRY_ASSIGN(const auto min_n, IntParam(q, "min_n", 1, 100000, "1 to 100000"));
  if (min_n) req.score_options.min_responses = static_cast<int>(*min_n);
  TRY_ASSIGN(req.filter, ParseResultsFilter(q, org.calendar));
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

// The topics × sentiment × score table of a period, and the topics the taxonomy misses.
struct TopicsAnswer {
  std::shared_ptr<const comments::TextPipeline> pipeline;
  int64_t min_n = 0;
  results::TopicReport report;
  comments::PeriodSuggestions suggested;
};

Result<TopicsAnswer> Topics(RequestContext& ctx, results::ResultsService& results, Store& store,
                            comments::TextModels& models) {
  TRY_ASSIGN(const Organisation org, store.accounts().GetOrganisation(ctx.org().org));
  TopicsAnswer answer{.pipeline = models.For(org.id)};
  TRY_ASSIGN(const results::TopicRequest req, ParseTopicRequest(ctx.request, org));
  answer.min_n = req.score_options.min_responses;
  TRY_ASSIGN(answer.report, results.Topics(org, req));
  TRY_ASSIGN(answer.suggested, comments::SuggestTopicsOfPeriod(
                                   store, *answer.pipeline, org, req.survey_id, req.filter.from_day,
                                   req.filter.to_day, kSuggestedTopics));
  return answer;
}

Json TopicsJson(const TopicsAnswer& answer) {
  const results::TopicReport& report = answer.report;
  const text::Taxonomy& taxonomy = answer.pipeline->analyzer.taxonomy();
  Json topics = ArrayJson(report.topics, [&](const results::TopicSummary& t) {
    Json topic = {{"topic", t.topic},
                  {"comments", t.comments},
                  {"sentiment", LabelsJson(t.labels, t.comments)},
                  {"score", GroupJson(t.score, false, answer.min_n)}};
    auto known = std::ranges::find(taxonomy.topics, t.topic, &text::TopicDefinition::id);
    if (known != taxonomy.topics.end()) {
      topic["name"] = {{"fa", known->name_fa}, {"en", known->name_en}};
    }
    return topic;
  });
  Json suggested = ArrayJson(answer.suggested.topics, [](const text::SuggestedTopic& s) -> Json {
    return {{"phrase", s.phrase},
            {"language", text::LanguageCode(s.language)},
            {"comments", s.comments},
            {"score", s.score}};
  });
  return {{"metric", results::ToString(report.metric)},
          {"question", report.question_id},
          {"min_n", answer.min_n},
          {"comments", report.comments},
          {"sentiment", LabelsJson(report.labels, report.comments)},
          {"topics", std::move(topics)},
          {"suggested",
           {{"from_comments", answer.suggested.from_comments}, {"topics", std::move(suggested)}}}};
}

// The taxonomy in use: {"topics": [...], "custom": whether it is the organisation's own}.
Json TaxonomyJson(const comments::TextPipeline& pipeline, bool custom) {
  Json out = comments::TaxonomyJson(pipeline.analyzer.taxonomy());
  out["custom"] = custom;
  return out;
}

// An analyst's change of one comment's labels, and the labels it then has.
struct LabelsOfComment {
  std::string question;
  comments::LabelChange change;
};

struct LabelledComment {
  int64_t response = 0;
  std::string question;
  std::vector<std::string> labels;
};

// A list of labels in the body: at most kMaxTagsPerComment, each text of 1 to kMaxLabelChars
// characters on one line; a label named twice counts once.
std::vector<std::string> ReadLabels(JsonObjectReader& r, std::string_view name, bool required) {
  std::vector<std::string> labels;
  const Json* list = r.OptionalValue(name);
  if (list == nullptr && !required) return labels;
  if (list == nullptr || !list->is_array()) {
    r.Reject(name, "must be a list of labels");
  } else if (list->size() > comments::kMaxTagsPerComment) {
    r.Reject(name, fmt::format("at most {} labels", comments::kMaxTagsPerComment));
  } else {
    for (size_t i = 0; i < list->size(); ++i) {
      const Json& v = (*list)[i];
      std::string label = v.is_string() ? v.get<std::string>() : std::string();
      const size_t length = Utf8Length(label);
      if (!v.is_string() || length == 0 || length > comments::kMaxLabelChars ||
          label.find_first_of("\t\n\r") != std::string::npos) {
        r.Reject(fmt::format("{}[{}]", name, i),
                 fmt::format("must be text of 1 to {} characters on one line",
                             comments::kMaxLabelChars));
        break;
      }
      if (std::ranges::find(labels, label) == labels.end()) labels.push_back(std::move(label));
    }
  }
  return labels;
}

// PUT {"question", "labels": [...]} replaces them; PATCH {"question", "add", "remove"}.
LabelsOfComment ReadLabelsOfComment(JsonObjectReader& r, bool replace) {
  LabelsOfComment in{.question = r.String("question", {.min_chars = 1, .max_chars = 64}),
                     .change = {.replace = replace}};
  if (replace) {
    in.change.labels = ReadLabels(r, "labels", true);
  } else {
    in.change.add = ReadLabels(r, "add", false);
    in.change.remove = ReadLabels(r, "remove", false);
    if (in.change.add.empty() && in.change.remove.empty())
      r.Reject("add", "add or remove at least one label");
  }
  return in;
}

Json LabelSummaryJson(const comments::LabelSummary& summary) {
  Json labels = Json::array();
  for (const auto& [label, n] : summary.comments_per_label)
    labels.push_back({{"label", label}, {"comments", n}});
  Json classifier = nullptr;
  if (summary.trained_ms) {
    classifier = {{"trained_ms", *summary.trained_ms},
                  {"evaluation", Json::parse(summary.evaluation, nullptr, false)}};
  }
  return {{"labels", std::move(labels)},
          {"tagged_comments", summary.tagged_comments},
          {"min_examples", text::LabelTrainingOptions{}.min_examples},
          {"classifier", std::move(classifier)}};
}

comments::EnrichOptions ReadEnrichOptions(JsonObjectReader& r) {
  comments::EnrichOptions options{.force = r.OptionalBool("force").value_or(true)};
  options.survey_id = r.OptionalInt("survey", {.min = 1});
  return options;
}

Json EnrichJobJson(const comments::EnrichJob& job) { return comments::ToJson(job); }

struct Trained {
  int64_t at_ms = 0;
  text::TrainedLabelClassifier classifier;
};

}  // namespace

void AddTextRoutes(Router& router, ApiDeps& deps) {
  results::ResultsService& results = *deps.results;
  Store& store = deps.store;
  comments::TextModels& models = *deps.text;
  const Clock& clock = deps.clock;

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/text/topics",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200,
                  [&results, &store, &models](RequestContext& ctx) {
                    return Topics(ctx, results, store, models);
                  },
                  TopicsJson)});

  // The organisation's topic taxonomy: its own, or the built-in one ("custom": false).
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/text/taxonomy",
       .access = Access::kAny,
       .permission = Permission::kReadResults,
       .handler = JsonRoute(
           200, [&store](RequestContext& ctx) { return store.text().GetTextSettings(ctx.org().org); },
           [&models](RequestContext& ctx, const TextSettings& settings) {
             Json out = TaxonomyJson(*models.For(ctx.org().org), !settings.taxonomy.empty());
             out["revision"] = settings.revision;
             return out;
           })});
  // Replaces it ({"topics": [...]}); new comments are analysed with it at once, earlier ones
  // when `nazar text enrich --force` runs. DELETE returns to the built-in taxonomy.
  router.Add({.method = "PUT",
              .pattern = "/api/v1/orgs/{org}/text/taxonomy",
              .access = Access::kAny,
              .permission = Permission::kManageText,
              .handler = JsonRoute(
                  200,
                  [&store, &models, &clock](RequestContext& ctx)
                      -> Result<std::shared_ptr<const comments::TextPipeline>> {
                    TRY_ASSIGN(const Json body, JsonBody(ctx.request));
                    TRY_ASSIGN(const text::Taxonomy taxonomy, comments::ParseTaxonomy(body));
                    return comments::SaveTaxonomy(store, models, ctx.actor(), ctx.org().org,
                                                  taxonomy, clock.NowMs());
                  },
                  [](const auto& pipeline) { return TaxonomyJson(*pipeline, true); })});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/text/taxonomy",
              .access = Access::kAny,
              .permission = Permission::kManageText,
              .handler = JsonRoute(
                  200,
                  [&store, &models, &clock](RequestContext& ctx) {
                    return comments::SaveTaxonomy(store, models, ctx.actor(), ctx.org().org,
                                                  std::nullopt, clock.NowMs());
                  },
                  [](const auto& pipeline) { return TaxonomyJson(*pipeline, false); })});

  // An analyst's labels on one comment. PUT {"question": "why", "labels": [...]} replaces
  // them (an empty list removes them); PATCH {"question", "add": [...], "remove": [...]}
  // changes only those, so analysts tagging one comment at once keep each other's labels.
  // Both answer with the comment's labels as they now are.
  for (bool replace : {true, false}) {
    router.Add(
        {.method = replace ? "PUT" : "PATCH",
         .pattern = "/api/v1/orgs/{org}/responses/{response}/tags",
         .access = Access::kAny,
         .permission = Permission::kManageText,
         .handler = JsonRoute(
             200, PathId{"response"},
             [replace](JsonObjectReader& r) { return ReadLabelsOfComment(r, replace); },
             [&store, &clock](RequestContext& ctx, int64_t id,
                              const LabelsOfComment& in) -> Result<LabelledComment> {
               std::optional<UserId> by;
               if (ctx.actor().principal.user) by = ctx.actor().principal.user->id;
               TRY_ASSIGN(auto labels, comments::LabelComment(store, ctx.org().org, id, in.question,
                                                              in.change, by, clock.NowMs()));
               return LabelledComment{id, in.question, std::move(labels)};
             },
             [](const LabelledComment& c) -> Json {
               return {{"response", c.response}, {"question", c.question}, {"labels", c.labels}};
             })});
  }

  // The labels analysts use (with how many comments carry each) and the classifier trained
  // on them, with its held-out evaluation.
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/text/labels",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200,
                  [&store](RequestContext& ctx) {
                    return comments::SummariseLabels(store, ctx.org().org);
                  },
                  LabelSummaryJson)});

  // Re-analyses the organisation's stored comments in the background (after its taxonomy or
  // classifier changed); GET says how far it got.
  if (comments::EnrichJobs* jobs = deps.enrich_jobs) {
    router.Add({.method = "POST",
                .pattern = "/api/v1/orgs/{org}/text/enrich",
                .access = Access::kAny,
                .permission = Permission::kManageText,
                .handler = JsonRoute(
                    202, ReadEnrichOptions,
                    [jobs, &store](RequestContext& ctx, const comments::EnrichOptions& options)
                        -> Result<comments::EnrichJob> {
                      if (options.survey_id) {
                        if (auto s = store.surveys().GetSurvey(ctx.org().org, *options.survey_id); !s)
                          return Fail(Error::InvalidArgument("no such survey", "survey"));
                      }
                      return jobs->Start(ctx.org().org, options);
                    },
                    EnrichJobJson)});
    router.Add({.method = "GET",
                .pattern = "/api/v1/orgs/{org}/text/enrich",
                .access = Access::kAny,
                .permission = Permission::kReadResults,
                .handler = JsonRoute(
                    200,
                    [jobs](RequestContext& ctx) -> Result<comments::EnrichJob> {
                      return jobs->Status(ctx.org().org);
                    },
                    EnrichJobJson)});
  }

  // Trains the classifier on the tagged comments now (held-out evaluation in the answer);
  // new comments are tagged with it from then on.
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/text/classifier",
              .access = Access::kAny,
              .permission = Permission::kManageText,
              .handler = JsonRoute(
                  200,
                  [&store, &models, &clock](RequestContext& ctx) -> Result<Trained> {
                    const int64_t now = clock.NowMs();
                    TRY_ASSIGN(auto trained, comments::TrainClassifier(store, models, ctx.actor(),
                                                                       ctx.org().org, now));
                    return Trained{now, std::move(trained)};
                  },
                  [](const Trained& t) -> Json {
                    return {{"trained_ms", t.at_ms},
                            {"evaluation", comments::EvaluationJson(t.classifier.evaluation)}};
                  })});
}

}  // namespace nazar::http
