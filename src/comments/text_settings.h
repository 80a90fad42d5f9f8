// What an organisation changes about how its comments are read, and what analysts add to
// them: its topic taxonomy (replaced, or reset to the built-in one), analysts' labels on
// comments, and the label classifier trained on those labels (text_models.h keeps the
// pipelines these make). Served by the API (http/text_routes.cc); `nazar text train` trains
// sets too large for a request.
//
// Contract:
// - A taxonomy saved or reset lands with its audit entry in one transaction, then the
//   organisation's pipeline is reloaded: new comments are analysed with it at once, earlier
//   ones when they are enriched again (enrich_jobs.h).
// - Training stores the model (bumping the text revision, so every server tags new comments
//   with it), writes its audit entry and reloads the pipeline.
// - Labels go on a comment: a response's text answer to one question. Errors name the field
//   a caller can fix ("question", "labels").
//
// Thread-safety: functions over the store and TextModels; safe to call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "comments/text_models.h"
#include "core/error.h"
#include "store/store.h"
#include "text/label_classifier.h"
#include "text/topics.h"

namespace nazar::comments {

// Analysts' labels: at most this many on one comment, each at most this many characters.
inline constexpr size_t kMaxTagsPerComment = 20;
inline constexpr size_t kMaxLabelChars = 64;
// Training in a request stops here (a few seconds); larger sets train with the CLI.
inline constexpr size_t kMaxTrainingComments = 50000;

// Replaces the organisation's taxonomy (nullopt: back to the built-in one), audited as
// "text.taxonomy.update" or "text.taxonomy.reset", and reloads its pipeline, which it returns.
Result<std::shared_ptr<const TextPipeline>> SaveTaxonomy(
    Store& store, TextModels& models, const Actor& actor, OrgId org,
    const std::optional<text::Taxonomy>& taxonomy, int64_t now_ms);

// Trains the classifier on the organisation's tagged comments now, stores it, audits
// "text.classifier.train" and reloads the pipeline. InvalidArgument on "labels" with more
// than kMaxTrainingComments tagged comments; the trainer's errors otherwise.
Result<text::TrainedLabelClassifier> TrainClassifier(Store& store, TextModels& models,
                                                     const Actor& actor, OrgId org, int64_t now_ms);

// A change of one comment's labels: all of them replaced by `labels`, or `add` and `remove`
// applied to them (analysts tagging one comment at once keep each other's labels).
struct LabelChange {
  bool replace = false;
  std::vector<std::string> labels;  // replace
  std::vector<std::string> add;     // otherwise
  std::vector<std::string> remove;
};

// Changes the labels of the response's comment to `question` (InvalidArgument on "question"
// when the response has no comment there; NotFound for another organisation's response) and
// returns that comment's labels as they now are.
Result<std::vector<std::string>> LabelComment(Store& store, OrgId org, int64_t response_id,
                                              const std::string& question,
                                              const LabelChange& change, std::optional<UserId> by,
                                              int64_t now_ms);

// The labels of responses' comments: question id -> labels.
using CommentLabels = std::map<std::string, std::vector<std::string>>;
// The labels of these responses' comments (at most 1000 ids), by response id, in one read;
// a response without labels is absent.
Result<std::map<int64_t, CommentLabels>> LabelsOfResponses(Store& store, OrgId org,
                                                           const std::vector<int64_t>& ids);

// The labels the organisation's analysts use and the classifier trained on them.
struct LabelSummary {
  std::map<std::string, int64_t> comments_per_label;  // by label
  size_t tagged_comments = 0;                         // comments with any label
  std::optional<int64_t> trained_ms;                  // set once a classifier is trained
  std::string evaluation;                             // its held-out evaluation (JSON)
};
Result<LabelSummary> SummariseLabels(Store& store, OrgId org);

}  // namespace nazar::comments
