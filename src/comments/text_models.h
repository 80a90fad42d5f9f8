// What analyses an organisation's comments: the text analyser with the organisation's topic
// taxonomy (or the built-in one) and, once trained, its label classifier; and the registry
// that keeps one per organisation, current with the store.
//
// Contract:
// - The settings live in the store (Store::GetTextSettings): the taxonomy as JSON
//   {"topics": [{"id", "name_fa", "name_en", "keywords": [...]}]} (ParseTaxonomy; errors
//   name the field, "topics[2].keywords[0]"), the classifier serialised. Every change bumps
//   the organisation's text revision.
// - TextModels::For(org) answers from memory; an organisation seen for the first time is
//   read from the store (a failure falls back to the built-in pipeline, and is retried on
//   the next call). Refresh(org) re-reads one organisation now; RefreshChanged() re-reads
//   those whose revision moved since last seen (a server calls it every few seconds, so a
//   taxonomy saved, a classifier trained or history enriched by another process, `nazar text
//   enrich` / `nazar text train`, reaches it without a restart) and returns them. "Since
//   last seen" is RefreshChanged's own memory: its first call takes the baseline and
//   returns nothing; an organisation whose first settings appear later is a change too.
// - A stored taxonomy or classifier that no longer parses (a newer build's format) is
//   ignored with the built-in pipeline used; Refresh reports it as an error.
//
// Thread safety: TextPipeline is immutable; TextModels is safe to share (a shared mutex over
// the map; pipelines are handed out as shared_ptr, so one being replaced stays valid for
// whoever holds it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "store/responses_store.h"
#include "store/text_store.h"
#include "text/analyzer.h"
#include "text/label_classifier.h"

namespace nazar::comments {

struct TextPipeline {
  text::Analyzer analyzer;
  std::optional<text::LabelClassifier> classifier;

  // One comment's stored analysis (enrichment.h's shape), with "labels": {label:
  // probability} of the classifier's labels at or above its threshold when there is one.
  Json Analyse(std::string_view comment) const;
};

// Taxonomy JSON ⇄ text::Taxonomy. Parse validates (text::ValidateTaxonomy).
Result<text::Taxonomy> ParseTaxonomy(const Json& json);
Json TaxonomyJson(const text::Taxonomy& taxonomy);

// A pipeline for these settings (built-in taxonomy when none is stored, no classifier when
// none is trained).
Result<std::shared_ptr<const TextPipeline>> BuildPipeline(const TextSettings& settings);

// --- the organisation's label classifier -------------------------------------------------

// The organisation's tagged comments as training examples: one per tagged comment (the
// response's text answer to the tagged question), in response order, stems by `pipeline`'s
// analyser. Tags on a comment that is no longer there (answer removed) are skipped.
Result<std::vector<text::LabelExample>> TaggedExamples(TextStore& text_area,
                                                       ResponsesStore& responses, OrgId org,
                                                       const TextPipeline& pipeline);

// The held-out evaluation as JSON: {"examples", "train", "test", "accuracy", "exact_match",
// "micro_f1", "macro_f1", "majority_baseline", "labels": [{"label", "train_support",
// "test_support", "precision", "recall", "f1"}], "skipped_labels": [...]}.
Json EvaluationJson(const text::LabelEvaluation& evaluation);

// Trains on `examples` and stores the model and its evaluation in the organisation's text
// settings (bumping its revision, so running servers tag new comments with it).
Result<text::TrainedLabelClassifier> TrainAndSaveClassifier(
    TextStore& text_area, OrgId org, std::span<const text::LabelExample> examples,
    const text::LabelTrainingOptions& options, int64_t now_ms);

class TextModels {
 public:
  // Fails only when the built-in analyser cannot be made.
  static Result<std::unique_ptr<TextModels>> Create(TextStore& text);

  std::shared_ptr<const TextPipeline> For(OrgId org);
  std::shared_ptr<const TextPipeline> Default() const { return default_; }
  // Re-reads one organisation's settings.
  Result<void> Refresh(OrgId org);
  // Re-reads the organisations whose text revision moved; returns them.
  Result<std::vector<OrgId>> RefreshChanged();

 private:
  TextModels(TextStore& text, std::shared_ptr<const TextPipeline> fallback)
      : text_(text), default_(std::move(fallback)) {}
  struct Entry {
    std::shared_ptr<const TextPipeline> pipeline;
    int64_t revision = -1;
  };
  TextStore& text_;
  std::shared_ptr<const TextPipeline> default_;
  std::shared_mutex mu_;
  std::map<int64_t, Entry> by_org_;
  std::mutex watch_mu_;             // RefreshChanged's own state:
  std::map<int64_t, int64_t> seen_;  // the revision last seen per organisation
  bool primed_ = false;              // the first call only takes the baseline
};

}  // namespace nazar::comments
