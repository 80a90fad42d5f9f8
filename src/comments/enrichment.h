// Text enrichment: what the text analyser (text/analyzer.h) reads in a response's comments,
// stored with the response, so that metrics, exports and listings use it without analysing
// again, and a rebuild of the metrics view finds exactly what the live view was given.
//
// Stored shape, under the key "text" of the response's meta JSON (the shape of
// `nazar analyze sentiment`), one entry per text answer with a non-blank comment:
//   "text": {"comment": {"lang": "fa", "label": "mixed", "score": -0.12,
//                        "emotions": {"anger": 0.5}, "topics": ["delivery", "price"],
//                        "topic_sentiment": {"delivery": "negative", "price": "positive"},
//                        "labels": {"late_delivery": 0.93}}}
// "label" is negative | neutral | positive | mixed, "score" lies in [-1, 1], "emotions"
// holds only the emotions the text carries (intensity in (0, 1)), "topics" the ids of the
// taxonomy's topics it mentions, in taxonomy order, "topic_sentiment" each of those topics'
// own label (negative | neutral | positive: the sentiment of the clause or sentence that
// mentions it, text::TopicMention; absent from analyses stored before it), "labels" (only once the organisation has
// trained its label classifier) its labels at or above the threshold with their
// probabilities. The key belongs to the server: ingestion
// overwrites whatever a client sent under it.
//
// When it is written:
// - on ingestion (responses::ResponseIngest, with responses::IngestOptions::text set: the organisation's pipeline): on the submitting
//   thread, before the group commit, so the analysis is durable with the response; a partial
//   response that later gains a comment is analysed when that comment arrives;
// - in bulk for history (`nazar text enrich`), with EnrichResponse;
// - by the demo generator, as ingestion would.
//
// Thread-safety: pure functions (an Analyzer is immutable and safe to share).
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "survey/survey_service.h"
#include "core/json.h"
#include "core/clock.h"
#include "store/store.h"
#include "survey/definition.h"
#include "comments/text_models.h"
#include "text/analyzer.h"

namespace nazar::comments {

inline constexpr std::string_view kTextMetaKey = "text";

// One comment's analysis as stored.
Json CommentJson(const text::CommentAnalysis& analysis, const text::Taxonomy& taxonomy);

// The analyses of the non-blank text answers in `answers` (a JSON object of answers, as
// survey::ToJson writes them), by question id; an empty object when there are none.
Json AnalyseComments(const TextPipeline& pipeline, const survey::Definition& definition,
                     const Json& answers);

// Brings `analyses` (question id -> entry) in line with `answers`: keeps the entries of
// text answers still present, drops the others, and analyses text answers without one.
void ReconcileComments(const TextPipeline& pipeline, const survey::Definition& definition,
                       const Json& answers, Json& analyses);

// Sets meta["text"] to `analyses`, or removes the key when there are none. A meta that is
// not an object becomes one.
void SetCommentAnalyses(Json& meta, Json analyses);

struct Enrichment {
  bool changed = false;  // the response's meta changed
  size_t comments = 0;   // comments analysed
};

// Analyses a stored response's comments into its meta. Unless `force`, a response whose
// meta already has "text" is left alone.
Enrichment EnrichResponse(const TextPipeline& pipeline, const survey::Definition& definition,
                          Response& response, bool force);

struct EnrichOptions {
  std::optional<int64_t> survey_id;  // only this survey's responses; default: all
  bool force = false;                // analyse again responses analysed before
  int page_size = 1000;              // responses read, and written back, at a time
  // Called after each page with the responses read so far.
  std::function<void(int64_t read)> progress;
  // When set and true, stops after the page in hand (what was written stays written).
  const std::atomic<bool>* stop = nullptr;
};

struct EnrichReport {
  int64_t responses = 0;  // read
  int64_t enriched = 0;   // written back with a new analysis
  int64_t comments = 0;   // analysed
  int64_t skipped = 0;    // changed by someone else meanwhile (ingestion analysed them)
};

// Enrichment for history: every response of the organisation (complete or partial, in id
// order) whose comments are not analysed yet (all with `force`), written back a page per
// transaction with Store::UpdateResponse. A response that changed between the read and the
// write (a partial response merged by ingestion, which analyses it itself) is skipped. When
// it wrote anything it bumps the organisation's text revision, so that running servers
// rebuild their metrics view with the new analyses (TextModels::RefreshChanged).
// `clock` stamps the organisation's text revision when anything was written.
Result<EnrichReport> EnrichStoredResponses(Store& store, const Clock& clock,
                                           survey::SurveyService& surveys,
                                           const TextPipeline& pipeline, OrgId org,
                                           const EnrichOptions& options);

// --- search ------------------------------------------------------------------------------

// Text as comment search compares it: text::NormalizeText (Persian letter variants and
// digits unified, diacritics and tatweel dropped, ASCII lower-case, spaces collapsed).
std::string FoldForSearch(std::string_view text);
// The comments of `answers` (the non-blank text answers of the definition's text questions,
// in question order) folded for search and joined by line breaks; "" without comments.
// Stored with the response (Response::comment_text) by whoever writes its answers.
std::string CommentSearchText(const survey::Definition& definition, const Json& answers);

// --- reading what is stored --------------------------------------------------------------

struct StoredComment {
  std::string question_id;
  std::string label;  // "negative", "neutral", "positive", "mixed"
  double score = 0.0;
  std::vector<std::string> topics;                       // topic ids
  std::vector<std::pair<std::string, std::string>> topic_labels;  // topic id -> label
  std::vector<std::pair<std::string, double>> emotions;  // emotion -> intensity
};

// The analysed comments in a response's meta (its JSON text), in question id order; entries
// of another shape are skipped.
std::vector<StoredComment> StoredComments(std::string_view meta_json);

// The analysed comments' texts of the responses `query` lists, in its order, at most
// `max_comments` (read a page at a time): what suggested topics are mined from.
Result<std::vector<std::string>> StoredCommentTexts(ResponsesStore& responses, OrgId org,
                                                    ResponseQuery query, size_t max_comments);

// Suggested topics (text::Analyzer::SuggestTopics) are mined from at most this many comments.
inline constexpr size_t kSuggestFromComments = 5000;

struct PeriodSuggestions {
  size_t from_comments = 0;                  // the comments they were mined from
  std::vector<text::SuggestedTopic> topics;  // best first
};

// Topics the organisation's taxonomy misses, mined from the newest comments of its complete
// responses (at most kSuggestFromComments), of one survey when `survey_id` is set, and on the
// organisation's local days from..to (inclusive) when they are set.
Result<PeriodSuggestions> SuggestTopicsOfPeriod(Store& store, const TextPipeline& pipeline,
                                                const Organisation& org,
                                                std::optional<int64_t> survey_id,
                                                std::optional<int32_t> from_day,
                                                std::optional<int32_t> to_day, size_t max_topics);

// One label for a response's comments together: their common label; "mixed" when they
// disagree on polarity (a positive and a negative one) or one is mixed; otherwise the
// polar one among neutral ones. "" without comments.
std::string CombinedLabel(const std::vector<StoredComment>& comments);

// Each topic the comments mention (in first-mention order) with its label across them:
// CombinedLabel of the comments' own labels for it ("topic_sentiment"; the comment's label
// where an older analysis has none), so one comment mentioning a topic negatively and
// another positively make it "mixed".
std::vector<std::pair<std::string, std::string>> TopicLabels(
    const std::vector<StoredComment>& comments);

}  // namespace nazar::comments
