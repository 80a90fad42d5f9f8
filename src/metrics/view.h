// The live columnar view of one organisation's completed responses: the in-memory table behind
// the CX dashboards (scores, trends, breakdowns, filters). The store stays the record; the
// view is rebuilt from it at start-up and kept current by appending each completed response.
//
// Contract:
// - Rows. Append takes one ResponseRow. A response id seen before replaces the earlier row (a
//   partial response completed later, or a correction): the earlier row is tombstoned (its day
//   set to a mark no query accepts) and the new one appended, in one step under the exclusive
//   lock, so no query ever sees both or neither. Once the tombstones are at least
//   ViewOptions::compaction_min_dead_rows and a quarter of the rows, the Append that finds so
//   compacts: it builds a copy of the columns without them (about 60 ms per million rows, while
//   queries go on; memory peaks at twice the view's) and swaps it in.
// - Storage: columns of 65536-row blocks. A column holds a block's rows only from its first
//   written value on and in batches of 2048 rows that double as rows come, so a question or
//   attribute only some surveys carry costs nothing elsewhere and a small organisation's view
//   stays small (tens of kilobytes). Each block records its least and greatest day and its
//   tombstones: a query skips the blocks outside its days, and does not read the days of a
//   full block inside them.
// - What is kept: local_day (int32), the survey, the four fixed dimensions and the comments'
//   sentiment and topic set as dictionary codes, every attribute and single-choice answer as a dictionary code per name / question
//   id, every score as an int8 per question id, and the response id (for replacement).
//   time_ms is not kept: every query works on the caller's local_day.
// - Empty means absent: an empty language/channel/touchpoint/agent, and an attribute or choice
//   a response does not carry, all read as the value "". A filter on "" selects the responses
//   without a value; a breakdown shows them as the group "".
// - Append validates the whole row before changing anything (errors name the field):
//   local_day must lie in kMinViewDay..kMaxViewDay (1900-01-01..2199-12-31); a score must lie
//   in kMinStoredScore..kMaxStoredScore (-127..127, the int8 range less the "missing" mark; a
//   0-1000 slider does not fit this view); score question ids, attribute names and choice
//   question ids must be non-empty and unique within the row. A rejected row leaves the view
//   as it was (an earlier row with that response id stays).
// - Queries count a response in a score histogram when it passes the filter and answered the
//   question with a value on the query's scale; values off the scale are not counted.
//   Filter: days from_day..to_day inclusive, AND across `equals` entries, OR within one entry's
//   values, and survey_id. Unknown values simply match nothing.
// - Groups. Without group_by or trend the result has exactly one group (key "", even when
//   n = 0). With group_by: one group per dimension value with n > 0, sorted by value (byte
//   order; surveys by numeric id). With trend: one group per calendar bucket from the bucket of
//   from_day (or of the first day with a counted response) to the bucket of to_day (or of the
//   last such day), empty buckets in between included, in time order. With both: for each value
//   with n > 0, every bucket of that range; sorted by value then time.
// - Buckets, in the query's calendar: day "2024-03-20" / "1403-01-01"; week starting Monday
//   (Gregorian, labelled with its ISO 8601 week "2024-W12", whose year may differ from the
//   calendar year at New Year) or Saturday (Jalali, labelled with its first day "1402-12-26");
//   month "2024-03" / "1403-01"; quarter "2024-Q1" / "1403-Q1" (Jalali Q1 = Farvardin to
//   Khordad); year "2024" / "1403". Each group carries its bucket's first local day.
// - Multi-valued dimensions (IsMultiValued: a comment's topics, a contact's personas). A row holds a set of values;
//   the view keeps one dictionary code per distinct set (in practice a few hundred), so a
//   filter and a scan cost what a single-valued dimension costs. A filter on it keeps the rows
//   holding ANY of its values ("" = the rows holding none). A breakdown by it puts a row in the
//   group of EACH of its values (the empty set in the group ""): the scan counts per set, and
//   each set's histogram is then added to the groups of its members, so the groups' n add up to
//   more than the rows. The set's values must be non-empty; repeats are dropped.
// - A query may produce at most kMaxQuerySlots histogram cells (groups x buckets x scale
//   values); a larger one fails on "group_by" (narrow the days or coarsen the trend).
// - Scores from histograms: NpsFromHistogram & co. below feed the histogram to scores.h.
//
// Thread safety: a ResponseView is safe to use from many threads. Writers (Append, Clear) take
// turns on a writer mutex; each change is made under the exclusive side of a std::shared_mutex
// and every query (Scores, CountResponses, ReadScores, DistinctValues, Size, MemoryBytes) holds
// its shared side throughout: many concurrent readers, one writer at a time, and every query
// sees one consistent snapshot (all of an Append or none of it). std::shared_mutex on glibc
// prefers readers: a writer waits while queries overlap without a gap. A query may scan on up to
// ViewOptions::scan_threads threads: helpers it starts itself and waits for, except one not yet
// begun when the scan is done, which is left to exit without touching the view.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "metrics/scores.h"

namespace nazar::metrics {

// --- Rows -----------------------------------------------------------------------------------

// One completed response, as the collection side hands it to the view.
struct ResponseRow {
  int64_t response_id = 0;
  int64_t survey_id = 0;
  int64_t time_ms = 0;    // UTC milliseconds when completed (not kept by the view)
  int32_t local_day = 0;  // days since 1970-01-01 in the organisation's time zone (the caller's)
  std::string language;
  std::string channel;
  std::string touchpoint;
  std::string agent;
  // Hidden fields and contact attributes: name -> value.
  std::vector<std::pair<std::string, std::string>> attributes;
  // Question id -> whole-number answer (nps, csat, ces, rating questions; matrix rows as
  // "grid.speed").
  std::vector<std::pair<std::string, int32_t>> scores;
  // Single-choice question id -> choice id.
  std::vector<std::pair<std::string, std::string>> choices;
  // The response's comments as the text analyser read them: one sentiment label for them
  // together ("negative", "neutral", "positive", "mixed"; "" without comments) and the
  // topics they mention (topic ids, several at once: a multi-valued dimension).
  std::string sentiment;
  std::vector<std::string> topics;
  // Each topic with the sentiment of what the comments say about it, "<topic>:<label>"
  // ("delivery:negative", "product_quality:positive"; multi-valued): a mixed comment counts
  // negative for one topic and positive for another.
  std::vector<std::string> topic_sentiments;
  // The personas the response's contact belongs to (persona ids; multi-valued).
  std::vector<std::string> personas;
};

inline constexpr int32_t kMinViewDay = -25'567;  // 1900-01-01
inline constexpr int32_t kMaxViewDay = 84'005;   // 2199-12-31
inline constexpr int32_t kMinStoredScore = -127;
inline constexpr int32_t kMaxStoredScore = 127;
// Histogram cells one query may produce (groups x buckets x scale values).
inline constexpr int64_t kMaxQuerySlots = int64_t{1} << 22;

// --- Queries --------------------------------------------------------------------------------

enum class Dimension {
  kSurvey,  // values are decimal survey ids ("42")
  kLanguage,
  kChannel,
  kTouchpoint,
  kAgent,
  kAttribute,  // DimensionRef::name is the attribute name
  kChoice,     // DimensionRef::name is the single-choice question id; values are choice ids
  kSentiment,  // the comments' sentiment label
  kTopic,      // the comments' topics: multi-valued (see the contract)
  kPersona,    // the personas of the response's contact (decimal ids): multi-valued
  kTopicSentiment,  // "<topic>:<label>" per topic mentioned (ResponseRow): multi-valued
};

// True for a dimension a response may hold several values of (kTopic, kPersona,
// kTopicSentiment).
constexpr bool IsMultiValued(Dimension dimension) {
  return dimension == Dimension::kTopic || dimension == Dimension::kPersona ||
         dimension == Dimension::kTopicSentiment;
}

struct DimensionRef {
  Dimension dimension = Dimension::kSurvey;
  std::string name;  // REQUIRES non-empty for kAttribute and kChoice; ignored otherwise
};

struct Filter {
  std::optional<int32_t> from_day;  // inclusive local day; within kMinViewDay..kMaxViewDay
  std::optional<int32_t> to_day;    // inclusive local day; from_day <= to_day
  // AND across entries, OR within one entry's values (at least one value each).
  std::vector<std::pair<DimensionRef, std::vector<std::string>>> equals;
  std::optional<int64_t> survey_id;
};

enum class TimeBucket {
  kDay,
  kWeek,  // starts on Saturday in the Jalali calendar, on Monday in the Gregorian
  kMonth,
  kQuarter,
  kYear,
};

enum class CalendarKind { kGregorian, kJalali };

struct ScoreQuery {
  std::string question_id;
  int32_t scale_min = 0;  // the histogram's values: scale_min..scale_max (NPS 0..10)
  int32_t scale_max = 10;
  Filter filter;
  std::optional<DimensionRef> group_by;
  std::optional<TimeBucket> trend;
  CalendarKind calendar = CalendarKind::kGregorian;
};

struct ScoreGroup {
  std::string key;               // the group_by value; "" without group_by
  std::string bucket;            // the trend bucket's label; "" without trend
  int32_t bucket_start_day = 0;  // the bucket's first local day; 0 without trend
  // histogram[i] responses answered scale_min + i; size scale_max - scale_min + 1.
  std::vector<int64_t> histogram;
  int64_t n = 0;  // the sum of the histogram
};

struct ScoreResult {
  Scale scale;  // the query's scale, ready for the *FromHistogram functions
  std::vector<ScoreGroup> groups;
};

// The answers of a few score questions, one column per question, one row per response: what a
// regression (key driver analysis) reads. Column-major, so that each question's answers are one
// contiguous vector, as drivers::AnalyzeDrivers takes them.
struct ScoreColumns {
  int64_t rows = 0;
  // columns[j][r]: response r's answer to question j, or NaN when it did not answer it. One
  // column per question id asked for, in that order, each of `rows` values.
  std::vector<std::vector<double>> columns;
};

// --- The view -------------------------------------------------------------------------------

namespace view_internal {
struct Table;  // the columns; defined in view_columns.h
}  // namespace view_internal

struct ViewOptions {
  // Threads a large query scans on (the calling thread plus scan_threads - 1 helpers started
  // for the query). 1 scans on the calling thread only. At least 1. Default: 2.
  int scan_threads = 2;
  // A helper thread joins a query for every this many rows it has to read (those of the blocks
  // overlapping its days): starting a thread costs tens of microseconds. At least 1. Default:
  // 262144 (about 0.3 ms of scanning).
  int64_t rows_per_scan_thread = int64_t{1} << 18;
  // Tombstoned rows are compacted away once there are at least this many and they are at
  // least a quarter of all rows. At least 1. Default: 65536 (one column block).
  int64_t compaction_min_dead_rows = int64_t{1} << 16;
};

class ResponseView {
 public:
  // REQUIRES: options as documented (out-of-range values are clamped to 1).
  explicit ResponseView(ViewOptions options = {});
  ~ResponseView();
  ResponseView(const ResponseView&) = delete;
  ResponseView& operator=(const ResponseView&) = delete;

  // Adds a completed response, replacing an earlier row with the same response id. Fails on
  // "local_day", "scores[i].value", "scores[i].question_id", "attributes[i].name",
  // "choices[i].question_id", "topics[i]" (empty) (see the contract), or with ResourceExhausted past 2^32 - 2 rows.
  [[nodiscard]] Result<void> Append(const ResponseRow& row);

  // Live responses (replaced rows not counted).
  int64_t Size() const;
  // Heap bytes held by the columns, dictionaries and the response-id index (allocated
  // capacity, not just what is in use), plus an estimate for hash-table nodes.
  int64_t MemoryBytes() const;
  void Clear();

  // Histograms of one question per group (see the contract). Fails on "question_id" (empty),
  // "scale_max" (below scale_min, or a scale over kMaxScalePoints values), the filter fields
  // ("filter.from_day", "filter.to_day" (also before from_day), "filter.equals[i].dimension.name",
  // "filter.equals[i].values"), "group_by.name", and "group_by" when the result would exceed
  // kMaxQuerySlots cells.
  [[nodiscard]] Result<ScoreResult> Scores(const ScoreQuery& query) const;

  // Live responses that pass the filter. Fails as the filter fields of Scores.
  [[nodiscard]] Result<int64_t> CountResponses(const Filter& filter) const;

  // The answers to `question_ids` (score question ids, matrix rows as "grid.speed") of the live
  // responses that pass the filter and answered at least one of them, in row order (the order
  // they were appended; a replaced response moves to the end). Values are as stored: the view
  // does not know the questions' scales. Costs 8 bytes per row and question; scans on the
  // calling thread. Fails on "question_ids" (empty), "question_ids[i]" (empty) and the filter
  // fields of Scores.
  [[nodiscard]] Result<ScoreColumns> ReadScores(const Filter& filter,
                                                std::span<const std::string> question_ids) const;

  // The non-empty values of a dimension held by at least one live response, sorted as
  // groups are. Fails on "name" for an attribute or choice without a name.
  [[nodiscard]] Result<std::vector<std::string>> DistinctValues(
      const DimensionRef& dimension) const;

  // Tombstoned rows still held (not yet compacted).
  int64_t DeadRowsForTest() const;

 private:
  const ViewOptions options_;
  std::mutex writer_mutex_;  // held by Append and Clear: one writer at a time
  mutable std::shared_mutex mutex_;
  // Changed under both mutexes; read under mutex_ (or by the writer under writer_mutex_).
  std::unique_ptr<view_internal::Table> table_;
};

// --- Scores from histograms -----------------------------------------------------------------
// Thin adapters over scores.h: histogram is ScoreGroup::histogram on `scale` (ScoreResult::
// scale). They fail as the scores.h functions they call (e.g. on "scale" when NPS is asked of
// a histogram that is not on 0..10, or "counts" when the size does not match the scale).

[[nodiscard]] Result<NpsScore> NpsFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                                const ScoreOptions& options = {});
[[nodiscard]] Result<TopBoxScore> CsatFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                                    const ScoreOptions& options = {});
[[nodiscard]] Result<TopBoxScore> CesFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                                   const ScoreOptions& options = {});
[[nodiscard]] Result<TopBoxScore> TopBoxFromHistogram(Scale scale,
                                                      std::span<const int64_t> histogram,
                                                      int favourable_min,
                                                      const ScoreOptions& options = {});
[[nodiscard]] Result<RatingSummary> RatingsFromHistogram(Scale scale,
                                                         std::span<const int64_t> histogram,
                                                         const ScoreOptions& options = {});

}  // namespace nazar::metrics
