// Live CX metrics for an organisation, served from an in-memory columnar view.
//
// The store stays the source of truth: Rebuild() reads every complete response into a
// fresh view; Record() appends each response the moment it is written (the ingest
// listener), so a new response counts at once. A view is rebuilt when the organisation's
// time zone changes (local days are computed at append time).
//
// Thread-safety: safe to share; queries run concurrently with appends.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <shared_mutex>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "survey/survey_service.h"
#include "core/time.h"
#include "metrics/scores.h"
#include "metrics/view.h"
#include "results/outliers.h"
#include "store/store.h"
#include "survey/definition.h"

namespace nazar::results {

enum class Metric { kNps, kCsat, kCes, kMean, kDistribution };
std::string_view ToString(Metric metric);
std::optional<Metric> ParseMetric(std::string_view text);

struct MetricRequest {
  Metric metric = Metric::kNps;
  std::string question_id;               // default: "nps", "csat" or "ces" by metric
  std::optional<int64_t> survey_id;      // required for kMean and kDistribution (the scale)
  metrics::Filter filter;                // dates are local days of the organisation
  std::optional<metrics::DimensionRef> group_by;
  std::optional<metrics::TimeBucket> trend;
  // Compare the overall figure with a baseline: the same query over another filter (another
  // period, another segment, or both).
  std::optional<metrics::Filter> baseline_filter;
  metrics::ScoreOptions score_options;   // minimum n and confidence level
};

using Score = std::variant<metrics::NpsScore, metrics::TopBoxScore, metrics::RatingSummary>;

struct MetricGroup {
  std::string key;
  std::string bucket;
  int32_t bucket_start_day = 0;
  std::vector<int64_t> histogram;
  int64_t n = 0;
  Score score;
};

struct MetricReport {
  Metric metric = Metric::kNps;
  std::string question_id;
  metrics::Scale scale;
  metrics::CalendarKind calendar = metrics::CalendarKind::kGregorian;
  std::string time_zone;
  MetricGroup overall;
  std::vector<MetricGroup> groups;            // per group_by / trend bucket
  std::optional<MetricGroup> baseline;        // with compare_days
  std::optional<metrics::Comparison> comparison;
  // With group_by: each group against the rest (outliers.h), in the groups' order.
  std::vector<VersusRest> versus_rest;
};

// The scoring and the comparison Report() applies, for callers that keep a histogram (an
// action plan's "before", act/plans.h) and compare it later exactly as the dashboard would:
// the group's score on `scale` with its margins (NPS; CSAT and CES favourable share; else the
// mean), and current against baseline (CompareNps, CompareProportions of the favourable
// share, CompareMeans). Fail as the metrics functions do on a histogram not of `scale`.
Result<MetricGroup> ScoreHistogram(Metric metric, metrics::Scale scale,
                                   const metrics::ScoreGroup& group,
                                   const metrics::ScoreOptions& options);
Result<metrics::Comparison> CompareHistograms(Metric metric, metrics::Scale scale,
                                              const std::vector<int64_t>& baseline,
                                              const std::vector<int64_t>& current,
                                              const metrics::ScoreOptions& options);

// Each group against the rest of `overall` (the report's overall histogram), corrected for
// multiplicity as outliers.h says; one per group, in the groups' order. Fails on "groups[i]"
// for a histogram not of `scale` or larger than `overall` in some value.
Result<std::vector<VersusRest>> CompareWithRest(Metric metric, metrics::Scale scale,
                                                const std::vector<int64_t>& overall,
                                                std::span<const MetricGroup> groups,
                                                const metrics::ScoreOptions& options);

// The comments' topics of a period: for each topic, how many responses' comments mention it,
// their sentiment labels, and a score (NPS, CSAT or CES) of those responses with its margins.
// The unit is the response: its comments together (templates ask for one comment).
struct TopicRequest {
  std::optional<int64_t> survey_id;
  metrics::Filter filter;  // as MetricRequest::filter (sentiment and topic filters too)
  // The score shown per topic: kNps, kCsat or kCes. Default: the first of them the survey's
  // published version asks (NPS without a survey, or when it asks none of them).
  std::optional<Metric> metric;
  metrics::ScoreOptions score_options;
};

struct TopicSummary {
  std::string topic;  // the topic id
  // Responses whose comments mention the topic, by the topic's own label there (what the
  // comments say about it, kSentimentLabels' order; "mixed" when one comment speaks well of
  // it and another ill).
  std::array<int64_t, 4> labels{};
  int64_t comments = 0;  // their sum
  MetricGroup score;     // the metric over those responses (n: those that answered it)
};

struct TopicReport {
  Metric metric = Metric::kNps;
  std::string question_id;
  // Analysed responses that pass the filter, by sentiment label (with or without a topic).
  std::array<int64_t, 4> labels{};
  int64_t comments = 0;
  std::vector<TopicSummary> topics;  // the topics mentioned, most mentioned first
};

// One question answered on a scale: a scale question (nps, csat, ces, rating) or one row of a
// matrix question, whose id is then "<matrix>.<row>" as the view keeps it.
struct ScaleItem {
  std::string id;
  survey::QuestionType type = survey::QuestionType::kNps;  // kMatrix for a matrix row
  survey::LocalizedText label;  // the question's text; for a matrix row, the row's
  metrics::Scale scale;
};

// Every scale question and matrix row of a definition, in the survey's order.
std::vector<ScaleItem> ScaleItemsOf(const survey::Definition& definition);

// The answers of one survey's responses to some of its scale items.
struct ScaleAnswers {
  std::vector<ScaleItem> items;  // the items asked for, in that order
  // One column per item, NaN where a response did not answer it; only the responses that
  // answered at least one of the items (see metrics::ResponseView::ReadScores).
  metrics::ScoreColumns answers;
};

// A hidden field with more distinct values than this in one organisation is an identifier
// (an order or ticket number), not a segment: it is no longer kept in the metrics view
// (filtering and breakdowns by it stop growing memory); exports and listings still have it.
inline constexpr size_t kMaxSegmentValues = 1000;

// Decides, per organisation, which hidden fields are segments worth keeping in the view.
// Thread-safety: guarded by its owner's lock.
class AttributeGate {
 public:
  // True while `name` has at most kMaxSegmentValues distinct values (counting `value`).
  bool Keep(const std::string& name, const std::string& value);

 private:
  std::map<std::string, std::set<std::string>, std::less<>> seen_;
  std::set<std::string, std::less<>> identifiers_;
};

// The comments' sentiment label (metrics::ResponseRow::sentiment) is also kept as a score under
// this name (no question id can take it), 0..3 in kSentimentLabels' order, so that one grouped
// query counts the labels per topic.
inline constexpr std::string_view kSentimentItem = "@sentiment";
inline constexpr std::array<std::string_view, 4> kSentimentLabels = {"negative", "neutral",
                                                                     "positive", "mixed"};

// The row the view keeps for one complete response (hidden fields that `gate` lets through;
// the comments' sentiment and topics from the analysis stored in its meta).
metrics::ResponseRow RowOf(const Response& response, const survey::Definition& definition,
                           const TimeZoneDays& zone, AttributeGate* gate = nullptr);

// One columnar view per survey, queried as one: a question about one survey scans only that
// survey's rows; a question across surveys merges their groups (histograms add up).
// Thread-safety: as metrics::ResponseView (many readers, appends from any thread).
class PartitionedView {
 public:
  explicit PartitionedView(metrics::ViewOptions options) : options_(options) {}

  Result<void> Append(const metrics::ResponseRow& row);
  int64_t Size() const;
  int64_t MemoryBytes() const;
  Result<metrics::ScoreResult> Scores(const metrics::ScoreQuery& query) const;
  Result<int64_t> CountResponses(const metrics::Filter& filter) const;
  // The surveys' columns one after another, in survey id order.
  Result<metrics::ScoreColumns> ReadScores(const metrics::Filter& filter,
                                           std::span<const std::string> question_ids) const;

 private:
  // The views a query must read (views are never removed, so the pointers stay valid).
  std::vector<const metrics::ResponseView*> Targets(std::optional<int64_t> survey_id) const;

  metrics::ViewOptions options_;
  mutable std::shared_mutex mu_;
  std::map<int64_t, std::unique_ptr<metrics::ResponseView>> by_survey_;
};

class ResultsService {
 public:
  ResultsService(Store& store, survey::SurveyService& surveys, metrics::ViewOptions options = {});

  // Reads every complete response of `org` into a new view (replacing the old one).
  Result<int64_t> Rebuild(OrgId org);
  // Rebuilds every organisation; returns the rows loaded.
  Result<int64_t> RebuildAll();
  // The ingest listener: appends complete responses.
  void Record(const Response& response, const survey::Definition& definition);
  // Appends these responses again as the store has them now (an anonymised response
  // replaces its earlier row; one no longer complete, or no longer there, leaves it as it
  // was; one read in one statement per 500 ids). During a rebuild
  // of the organisation, the rebuild runs again instead (it may have read them before).
  Result<void> Reappend(OrgId org, const std::vector<int64_t>& response_ids);
  // A contact's personas changed (journey::Journeys' persona listener): its complete
  // responses are appended again with them (an append replaces the earlier row).
  Result<void> ContactPersonasChanged(OrgId org, int64_t contact_id,
                                      const std::vector<int64_t>& persona_ids);

  // `org` as the caller just read it (its time zone and calendar decide the view).
  Result<MetricReport> Report(const Organisation& org, const MetricRequest& request);
  Result<int64_t> Count(OrgId org, const metrics::Filter& filter);
  // The comments' topics × sentiment × score table. Fails as Report, and on "survey" for
  // a survey that was never published.
  Result<TopicReport> Topics(const Organisation& org, const TopicRequest& request);

  // The scale items of a survey's published version (the version respondents answer, or
  // answered before it closed). NotFound for a survey of another organisation;
  // FailedPrecondition on "survey" when it was never published.
  Result<std::vector<ScaleItem>> ScaleItems(OrgId org, int64_t survey_id);
  // The answers of the survey's complete responses that pass `filter` (its survey_id is
  // replaced by `survey_id`) to `item_ids`, items of ScaleItems(). Fails as ScaleItems, and
  // with InvalidArgument on "item_ids" (empty) or "item_ids[i]" (not a scale item of the
  // survey). `org` as the caller just read it, as for Report().
  Result<ScaleAnswers> ReadScaleAnswers(const Organisation& org, int64_t survey_id,
                                        const metrics::Filter& filter,
                                        const std::vector<std::string>& item_ids);

  // For tests and benchmarks.
  Result<int64_t> ViewSizeForTest(OrgId org);
  int64_t MemoryBytes();

 private:
  struct OrgView {
    std::string time_zone;
    metrics::CalendarKind calendar = metrics::CalendarKind::kGregorian;
    std::shared_ptr<TimeZoneDays> zone;
    std::unique_ptr<PartitionedView> view;
    int64_t last_response_id = 0;  // the highest id read by the build
    std::mutex gate_mu;
    AttributeGate gate;  // guarded by gate_mu
    // Contact id -> the personas it belongs to (decimal persona ids); guarded by gate_mu.
    std::unordered_map<int64_t, std::vector<std::string>> personas;
    // The row of a response, with its contact's personas. REQUIRES: gate_mu held.
    metrics::ResponseRow Row(const Response& r, const survey::Definition& d);
  };
  Result<std::shared_ptr<OrgView>> ViewOf(OrgId org);
  Result<std::shared_ptr<OrgView>> ViewOf(const Organisation& org);
  Result<std::shared_ptr<OrgView>> Build(const Organisation& org);
  // The definition of the survey's published version; FailedPrecondition on "survey" when
  // it was never published.
  Result<std::shared_ptr<const survey::Definition>> PublishedDefinition(OrgId org,
                                                                        int64_t survey_id);

  Store& store_;
  survey::SurveyService& surveys_;
  metrics::ViewOptions options_;
  std::mutex mu_;
  std::map<OrgId, std::shared_ptr<OrgView>> views_;
  // While an organisation's view is being rebuilt, what Record() saw, replayed into the
  // new view when it is swapped in (so nothing recorded during a rebuild is lost).
  std::map<OrgId, std::vector<Response>> recorded_during_build_;
  // Organisations whose stored rows changed under a rebuild in progress (an erasure, a
  // contact's personas): the rebuild runs again once done, reading the store as it is now.
  std::set<OrgId> stale_during_build_;
  // True (and the organisation marked stale) when a rebuild of it is in progress.
  bool MarkStaleIfBuilding(OrgId org);
};

}  // namespace nazar::results
