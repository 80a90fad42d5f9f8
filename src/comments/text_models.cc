#include "comments/text_models.h"

#include <fmt/format.h>

#include <cmath>
#include <mutex>

#include "comments/enrichment.h"
#include "core/try.h"

namespace nazar::comments {
namespace {

Result<std::string> StringField(const Json& object, const char* key, const std::string& path,
                                bool required) {
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) return Fail(Error::InvalidArgument("is required", path + "." + key));
    return std::string();
  }
  if (!it->is_string()) return Fail(Error::InvalidArgument("must be text", path + "." + key));
  return it->get<std::string>();
}

}  // namespace

Json TextPipeline::Analyse(std::string_view comment) const {
  const text::CommentAnalysis analysis = analyzer.Analyze(comment);
  Json out = CommentJson(analysis, analyzer.taxonomy());
  if (classifier) {
    const std::vector<std::string> stems = analyzer.Stems(comment, analysis.language);
    const std::vector<std::string_view> views(stems.begin(), stems.end());
    Json labels = Json::object();
    for (const text::LabelScore& s : classifier->Labels(views)) {
      labels[s.label] = std::round(s.probability * 1000.0) / 1000.0;
    }
    out["labels"] = std::move(labels);
  }
  return out;
}

Result<text::Taxonomy> ParseTaxonomy(const Json& json) {
  if (!json.is_object() || !json.contains("topics") || !json["topics"].is_array()) {
    return Fail(Error::InvalidArgument("must be an array of topics", "topics"));
  }
  text::Taxonomy taxonomy;
  const Json& topics = json["topics"];
  for (size_t i = 0; i < topics.size(); ++i) {
    const std::string path = fmt::format("topics[{}]", i);
    const Json& t = topics[i];
    if (!t.is_object()) return Fail(Error::InvalidArgument("must be an object", path));
    text::TopicDefinition topic;
    auto id = StringField(t, "id", path, true);
    if (!id) return Fail(id.error());
    auto fa = StringField(t, "name_fa", path, false);
    if (!fa) return Fail(fa.error());
    auto en = StringField(t, "name_en", path, false);
    if (!en) return Fail(en.error());
    topic.id = *id;
    topic.name_fa = *fa;
    topic.name_en = *en;
    auto keywords = t.find("keywords");
    if (keywords == t.end() || !keywords->is_array()) {
      return Fail(Error::InvalidArgument("must be an array of words or phrases",
                                         path + ".keywords"));
    }
    for (size_t k = 0; k < keywords->size(); ++k) {
      if (!(*keywords)[k].is_string()) {
        return Fail(Error::InvalidArgument("must be text", fmt::format("{}.keywords[{}]", path, k)));
      }
      topic.keywords.push_back((*keywords)[k].get<std::string>());
    }
    taxonomy.topics.push_back(std::move(topic));
  }
  if (auto ok = text::ValidateTaxonomy(taxonomy); !ok) return Fail(ok.error());
  return taxonomy;
}

Json TaxonomyJson(const text::Taxonomy& taxonomy) {
  Json topics = Json::array();
  for (const text::TopicDefinition& t : taxonomy.topics) {
    topics.push_back({{"id", t.id}, {"name_fa", t.name_fa}, {"name_en", t.name_en},
                      {"keywords", t.keywords}});
  }
  return {{"topics", std::move(topics)}};
}

Result<std::shared_ptr<const TextPipeline>> BuildPipeline(const TextSettings& settings) {
  text::AnalyzerOptions options;
  if (!settings.taxonomy.empty()) {
    Json json = Json::parse(settings.taxonomy, nullptr, false);
    auto taxonomy = ParseTaxonomy(json);
    if (!taxonomy) return Fail(taxonomy.error());
    options.taxonomy = std::move(*taxonomy);
  }
  auto analyzer = text::Analyzer::Create(std::move(options));
  if (!analyzer) return Fail(analyzer.error());
  std::optional<text::LabelClassifier> classifier;
  if (!settings.classifier.empty()) {
    auto parsed = text::LabelClassifier::Parse(settings.classifier);
    if (!parsed) return Fail(parsed.error());
    classifier = std::move(*parsed);
  }
  return std::make_shared<const TextPipeline>(
      TextPipeline{std::move(*analyzer), std::move(classifier)});
}

Result<std::vector<text::LabelExample>> TaggedExamples(TextStore& text_area,
                                                       ResponsesStore& responses, OrgId org,
                                                       const TextPipeline& pipeline) {
  auto tags = text_area.ListCommentTags(org);
  if (!tags) return Fail(tags.error());
  std::vector<text::LabelExample> examples;
  std::optional<Response> response;
  Json answers;
  for (size_t i = 0; i < tags->size();) {
    const CommentTag& first = (*tags)[i];
    std::vector<std::string> labels;
    size_t j = i;
    for (; j < tags->size() && (*tags)[j].response_id == first.response_id &&
           (*tags)[j].question_id == first.question_id;
         ++j) {
      labels.push_back((*tags)[j].label);
    }
    if (!response || response->id != first.response_id) {
      auto read = responses.GetResponse(org, first.response_id);
      if (!read) return Fail(read.error());
      response = std::move(*read);
      answers = Json::parse(response->answers, nullptr, false);
    }
    if (answers.is_object()) {
      auto it = answers.find(first.question_id);
      if (it != answers.end() && it->is_string()) {
        examples.push_back({pipeline.analyzer.Stems(it->get<std::string>()), std::move(labels)});
      }
    }
    i = j;
  }
  return examples;
}

Json EvaluationJson(const text::LabelEvaluation& e) {
  auto round4 = [](double v) { return std::round(v * 10000.0) / 10000.0; };
  Json labels = Json::array();
  for (const text::LabelMetrics& m : e.labels) {
    labels.push_back({{"label", m.label},
                      {"train_support", m.train_support},
                      {"test_support", m.test_support},
                      {"precision", round4(m.precision)},
                      {"recall", round4(m.recall)},
                      {"f1", round4(m.f1)}});
  }
  return {{"examples", e.examples},
          {"train", e.train},
          {"test", e.test},
          {"accuracy", round4(e.accuracy)},
          {"exact_match", round4(e.exact_match)},
          {"micro_f1", round4(e.micro_f1)},
          {"macro_f1", round4(e.macro_f1)},
          {"majority_baseline", round4(e.majority_baseline)},
          {"labels", std::move(labels)},
          {"skipped_labels", e.skipped_labels}};
}

Result<text::TrainedLabelClassifier> TrainAndSaveClassifier(
    TextStore& settings, OrgId org, std::span<const text::LabelExample> examples,
    const text::LabelTrainingOptions& options, int64_t now_ms) {
  auto trained = text::TrainLabelClassifier(examples, options);
  if (!trained) return Fail(trained.error());
  auto saved =
      settings.UpdateTextSettings(org,
                                  {.classifier = trained->model.Serialize(),
                                   .classifier_report = EvaluationJson(trained->evaluation).dump(),
                                   .trained_ms = now_ms},
                                  now_ms);
  if (!saved) return Fail(saved.error());
  return trained;
}

Result<std::unique_ptr<TextModels>> TextModels::Create(TextStore& text) {
  TRY_ASSIGN(auto fallback, BuildPipeline(TextSettings{}));
  return std::unique_ptr<TextModels>(new TextModels(text, std::move(fallback)));
}

std::shared_ptr<const TextPipeline> TextModels::For(OrgId org) {
  {
    std::shared_lock lock(mu_);
    auto it = by_org_.find(org.value);
    if (it != by_org_.end()) return it->second.pipeline;
  }
  if (!Refresh(org)) return default_;
  std::shared_lock lock(mu_);
  auto it = by_org_.find(org.value);
  return it != by_org_.end() ? it->second.pipeline : default_;
}

Result<void> TextModels::Refresh(OrgId org) {
  auto settings = text_.GetTextSettings(org);
  if (!settings) return Fail(settings.error());
  std::shared_ptr<const TextPipeline> pipeline = default_;
  Result<void> outcome;
  if (!settings->taxonomy.empty() || !settings->classifier.empty()) {
    auto built = BuildPipeline(*settings);
    if (built) {
      pipeline = std::move(*built);
    } else {
      outcome = Fail(built.error());  // keep analysing with the built-in pipeline
    }
  }
  std::unique_lock lock(mu_);
  Entry& entry = by_org_[org.value];
  // A slower refresh never replaces a newer one.
  if (settings->revision >= entry.revision) entry = {std::move(pipeline), settings->revision};
  return outcome;
}

Result<std::vector<OrgId>> TextModels::RefreshChanged() {
  auto revisions = text_.ListTextRevisions();
  if (!revisions) return Fail(revisions.error());
  // Changes are judged against what this call saw last time (not against the pipelines,
  // which Refresh also moves): the first call takes the baseline (the views were built from
  // the store as it is); later, any revision that moved or appeared is a change, including
  // one this server made itself (a harmless extra rebuild).
  std::lock_guard watch(watch_mu_);
  std::vector<OrgId> changed;
  for (const auto& [org, revision] : *revisions) {
    auto [seen, fresh] = seen_.try_emplace(org.value, revision);
    if (!fresh && seen->second == revision) continue;
    seen->second = revision;
    (void)Refresh(org);  // a setting that no longer parses leaves the built-in pipeline
    if (primed_) changed.push_back(org);
  }
  primed_ = true;
  return changed;
}

}  // namespace nazar::comments
