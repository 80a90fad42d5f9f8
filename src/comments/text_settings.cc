#include "comments/text_settings.h"

#include <fmt/format.h>

#include <set>
#include <utility>

#include "accounts/audit.h"
#include "core/try.h"

namespace nazar::comments {

Result<std::shared_ptr<const TextPipeline>> SaveTaxonomy(
    Store& store, TextModels& models, const Actor& actor, OrgId org,
    const std::optional<text::Taxonomy>& taxonomy, int64_t now_ms) {
  const std::string stored = taxonomy ? TaxonomyJson(*taxonomy).dump() : std::string();
  TRY(store.Transact([&](Store& tx) -> Result<void> {
    TRY(tx.text().UpdateTextSettings(org, {.taxonomy = stored}, now_ms));
    TRY(WriteAudit(tx.audit(), actor, org,
                   taxonomy ? "text.taxonomy.update" : "text.taxonomy.reset", "text:taxonomy",
                   Json::object(), now_ms));
    return {};
  }));
  TRY(models.Refresh(org));
  return models.For(org);
}

Result<text::TrainedLabelClassifier> TrainClassifier(Store& store, TextModels& models,
                                                     const Actor& actor, OrgId org,
                                                     int64_t now_ms) {
  TRY_ASSIGN(const std::vector<text::LabelExample> examples,
             TaggedExamples(store.text(), store.responses(), org, *models.For(org)));
  if (examples.size() > kMaxTrainingComments) {
    return Fail(Error::InvalidArgument(
        fmt::format("more than {} tagged comments: train with `nazar text train`",
                    kMaxTrainingComments),
        "labels"));
  }
  TRY_ASSIGN(text::TrainedLabelClassifier trained,
             TrainAndSaveClassifier(store.text(), org, examples, {}, now_ms));
  TRY(WriteAudit(store.audit(), actor, org, "text.classifier.train", "text:classifier",
                 {{"examples", trained.evaluation.examples}}, now_ms));
  TRY(models.Refresh(org));
  return trained;
}

Result<std::vector<std::string>> LabelComment(Store& store, OrgId org, int64_t response_id,
                                              const std::string& question,
                                              const LabelChange& change, std::optional<UserId> by,
                                              int64_t now_ms) {
  TRY_ASSIGN(const Response response, store.responses().GetResponse(org, response_id));
  Json answers = Json::parse(response.answers, nullptr, false);
  if (!answers.is_object() || !answers.contains(question) || !answers[question].is_string()) {
    return Fail(
        Error::InvalidArgument("the response has no comment for this question", "question"));
  }
  if (change.replace) {
    TRY(store.text().SetCommentTags(org, response_id, question, change.labels, by, now_ms));
  } else {
    TRY(store.text().ChangeCommentTags(org, response_id, question, change.add, change.remove, by, now_ms));
  }
  TRY_ASSIGN(const std::vector<CommentTag> now, store.text().ListCommentTags(org, {response_id}));
  std::vector<std::string> labels;
  for (const CommentTag& t : now) {
    if (t.question_id == question) labels.push_back(t.label);
  }
  return labels;
}

Result<std::map<int64_t, CommentLabels>> LabelsOfResponses(Store& store, OrgId org,
                                                           const std::vector<int64_t>& ids) {
  std::map<int64_t, CommentLabels> out;
  if (ids.empty()) return out;
  TRY_ASSIGN(const std::vector<CommentTag> tags, store.text().ListCommentTags(org, ids));
  for (const CommentTag& t : tags) out[t.response_id][t.question_id].push_back(t.label);
  return out;
}

Result<LabelSummary> SummariseLabels(Store& store, OrgId org) {
  TRY_ASSIGN(const std::vector<CommentTag> tags, store.text().ListCommentTags(org));
  LabelSummary summary;
  std::set<std::pair<int64_t, std::string>> comments;
  for (const CommentTag& t : tags) {
    ++summary.comments_per_label[t.label];
    comments.emplace(t.response_id, t.question_id);
  }
  summary.tagged_comments = comments.size();
  TRY_ASSIGN(const TextSettings settings, store.text().GetTextSettings(org));
  if (!settings.classifier.empty()) {
    summary.trained_ms = settings.trained_ms;
    summary.evaluation = settings.classifier_report;
  }
  return summary;
}

}  // namespace nazar::comments
