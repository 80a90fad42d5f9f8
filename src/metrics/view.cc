// ResponseView's public methods: the locking, the rows in, and each query from plan to scan to
// groups. The parts live beside it: view_columns (the table), view_calendar (trend buckets),
// view_plan (validation and filter plans), view_scan (the threaded, vectorised scan).
#include "metrics/view.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <mutex>
#include <string_view>
#include <system_error>
#include <tuple>

#include "metrics/view_calendar.h"
#include "metrics/view_columns.h"
#include "metrics/view_plan.h"
#include "metrics/view_scan.h"

namespace nazar::metrics {
namespace {

using view_internal::BlockColumn;
using view_internal::BucketLabel;
using view_internal::BucketStart;
using view_internal::Dictionary;
using view_internal::DimensionColumn;
using view_internal::FilterPlan;
using view_internal::ForEachMember;
using view_internal::GatherScores;
using view_internal::kMaxRows;
using view_internal::kNotSet;
using view_internal::NextBucketStart;
using view_internal::PlanFilter;
using view_internal::Scan;
using view_internal::ScanPlan;
using view_internal::SortUnique;
using view_internal::SpreadOverMembers;
using view_internal::Table;
using view_internal::ValidateDimension;
using view_internal::ValidateQuery;
using view_internal::ValidateRow;

// Survey ids sort as numbers, every other value as bytes.
bool KeyLess(Dimension dimension, std::string_view a, std::string_view b) {
  if (dimension == Dimension::kSurvey) {
    int64_t x = 0;
    int64_t y = 0;
    const bool x_ok = std::from_chars(a.data(), a.data() + a.size(), x).ec == std::errc{};
    const bool y_ok = std::from_chars(b.data(), b.data() + b.size(), y).ec == std::errc{};
    if (x_ok && y_ok) return x < y;
    if (x_ok != y_ok) return !x_ok;  // "" (no survey) first
  }
  return a < b;
}

Result<void> TooManyCells() {
  return Fail(Error::InvalidArgument(
      fmt::format("the query would produce more than {} histogram cells; narrow the days, "
                  "coarsen the trend or group by another dimension",
                  kMaxQuerySlots),
      "group_by"));
}

}  // namespace

// --- ResponseView ---------------------------------------------------------------------------

ResponseView::ResponseView(ViewOptions options)
    : options_{.scan_threads = std::max(options.scan_threads, 1),
               .rows_per_scan_thread = std::max<int64_t>(options.rows_per_scan_thread, 1),
               .compaction_min_dead_rows = std::max<int64_t>(options.compaction_min_dead_rows, 1)},
      table_(std::make_unique<view_internal::Table>()) {}

ResponseView::~ResponseView() = default;

Result<void> ResponseView::Append(const ResponseRow& row) {
  if (auto valid = ValidateRow(row); !valid) return valid;
  std::lock_guard writing(writer_mutex_);
  {
    std::unique_lock lock(mutex_);
    Table& table = *table_;
    if (table.rows >= kMaxRows) {
      return Fail(Error::ResourceExhausted("the response view holds as many rows as it can"));
    }
    uint32_t& slot = table.index.Slot(row.response_id, table.response_id);
    if (slot != 0) table.Tombstone(slot - 1);
    const uint32_t r = table.rows++;
    table.Write(r, row);
    table.index.Fill(slot, r);
  }
  // Only writers change the table and this is the one writer: it may be read without mutex_.
  const Table& table = *table_;
  if (table.dead_rows >= options_.compaction_min_dead_rows &&
      table.dead_rows * 4 >= int64_t{table.rows}) {
    std::unique_ptr<Table> compacted = table.Compacted();  // queries go on meanwhile
    std::unique_lock lock(mutex_);
    std::swap(table_, compacted);
    lock.unlock();  // the old table is freed outside the lock
  }
  return {};
}

int64_t ResponseView::Size() const {
  std::shared_lock lock(mutex_);
  return int64_t{table_->rows} - table_->dead_rows;
}

int64_t ResponseView::DeadRowsForTest() const {
  std::shared_lock lock(mutex_);
  return table_->dead_rows;
}

int64_t ResponseView::MemoryBytes() const {
  std::shared_lock lock(mutex_);
  return static_cast<int64_t>(table_->HeapBytes());
}

void ResponseView::Clear() {
  auto fresh = std::make_unique<view_internal::Table>();
  std::lock_guard writing(writer_mutex_);
  std::unique_lock lock(mutex_);
  std::swap(table_, fresh);
  lock.unlock();  // the old table is freed outside the lock
}

Result<ScoreResult> ResponseView::Scores(const ScoreQuery& query) const {
  if (auto valid = ValidateQuery(query); !valid) return Fail(valid.error());
  const auto width = static_cast<uint32_t>(query.scale_max - query.scale_min + 1);

  std::shared_lock lock(mutex_);
  const Table& table = *table_;
  const Result<FilterPlan> filter = PlanFilter(table, query.filter);
  if (!filter) return Fail(filter.error());

  const DimensionColumn* group_column = query.group_by ? table.ColumnOf(*query.group_by) : nullptr;
  const uint64_t groups = group_column != nullptr ? group_column->dictionary.Size() : 1;

  // Trend buckets over the days asked for (or the data's days).
  std::vector<int32_t> bucket_starts;
  std::vector<uint32_t> bucket_of_day;
  if (query.trend) {
    const int32_t first = query.filter.from_day.value_or(table.min_day);
    const int32_t last = query.filter.to_day.value_or(table.max_day);
    if (first <= last) {  // else an empty view and no days asked for: no buckets
      for (int32_t start = BucketStart(first, *query.trend, query.calendar); start <= last;
           start = NextBucketStart(start, *query.trend, query.calendar)) {
        bucket_starts.push_back(start);
        if (groups * bucket_starts.size() * width > static_cast<uint64_t>(kMaxQuerySlots)) {
          return Fail(TooManyCells().error());
        }
      }
    }
    if (!filter->matches_nothing) {
      bucket_of_day.resize(static_cast<size_t>(filter->hi - filter->lo) + 1);
      size_t b = std::ranges::upper_bound(bucket_starts, filter->lo) - bucket_starts.begin() - 1;
      for (int32_t d = filter->lo; d <= filter->hi; ++d) {
        while (b + 1 < bucket_starts.size() && bucket_starts[b + 1] <= d) ++b;
        bucket_of_day[static_cast<size_t>(d - filter->lo)] = static_cast<uint32_t>(b) * width;
      }
    }
  }
  const uint64_t buckets = query.trend ? bucket_starts.size() : 1;
  const uint64_t cells = groups * buckets * width;
  if (cells > static_cast<uint64_t>(kMaxQuerySlots)) return Fail(TooManyCells().error());

  ScanPlan plan{.filter = &*filter,
                .bucket_of_day = query.trend ? bucket_of_day.data() : nullptr,
                .group = group_column != nullptr ? &group_column->codes : nullptr,
                .group_stride = static_cast<uint32_t>(buckets * width),
                .score = nullptr,
                .scale_min = query.scale_min,
                .width = width,
                .cells = static_cast<uint32_t>(cells)};
  const auto score = table.scores.find(query.question_id);
  if (score != table.scores.end()) plan.score = &score->second;
  const bool scan = plan.score != nullptr && !filter->matches_nothing && cells > 0;
  std::vector<int64_t> totals =
      scan ? Scan(table, plan, options_) : std::vector<int64_t>(cells, 0);
  const Dictionary* dictionary = group_column != nullptr ? &group_column->dictionary : nullptr;
  // A multi-valued dimension was scanned by set: its groups are the sets' members.
  const bool spread = dictionary != nullptr && IsMultiValued(query.group_by->dimension);
  std::vector<std::string> members;
  uint64_t group_count = groups;
  if (spread) {
    std::tie(members, totals) = SpreadOverMembers(*dictionary, totals, buckets * width);
    group_count = members.size();
  }

  // Per bucket and per group totals, to trim the trend and drop empty groups.
  std::vector<int64_t> bucket_n(buckets, 0);
  std::vector<int64_t> group_n(group_count, 0);
  for (uint64_t g = 0; g < group_count; ++g) {
    for (uint64_t b = 0; b < buckets; ++b) {
      const int64_t* cell = totals.data() + (g * buckets + b) * width;
      int64_t n = 0;
      for (uint32_t v = 0; v < width; ++v) n += cell[v];
      bucket_n[b] += n;
      group_n[g] += n;
    }
  }
  size_t first_bucket = 0;
  size_t end_bucket = buckets;
  if (query.trend) {
    if (!query.filter.from_day) {
      while (first_bucket < end_bucket && bucket_n[first_bucket] == 0) ++first_bucket;
    }
    if (!query.filter.to_day) {
      while (end_bucket > first_bucket && bucket_n[end_bucket - 1] == 0) --end_bucket;
    }
  }

  std::vector<uint32_t> order;
  std::vector<std::string> keys(group_count);
  for (uint32_t g = 0; g < group_count; ++g) {
    if (query.group_by && group_n[g] == 0) continue;
    order.push_back(g);
    if (spread) {
      keys[g] = std::move(members[g]);
    } else if (dictionary != nullptr) {
      keys[g] = dictionary->Value(g);
    }
  }
  lock.unlock();  // what follows works on copies

  std::vector<std::string> labels;
  if (query.trend) {
    for (size_t b = first_bucket; b < end_bucket; ++b) {
      labels.push_back(BucketLabel(bucket_starts[b], *query.trend, query.calendar));
    }
  }
  if (query.group_by) {
    std::ranges::sort(order, [&](uint32_t a, uint32_t b) {
      return KeyLess(query.group_by->dimension, keys[a], keys[b]);
    });
  }

  ScoreResult result;
  result.scale = {query.scale_min, query.scale_max};
  for (const uint32_t g : order) {
    for (size_t b = query.trend ? first_bucket : 0; b < (query.trend ? end_bucket : 1); ++b) {
      const int64_t* cell = totals.data() + (g * buckets + b) * width;
      ScoreGroup group;
      group.key = keys[g];
      if (query.trend) {
        group.bucket = labels[b - first_bucket];
        group.bucket_start_day = bucket_starts[b];
      }
      group.histogram.assign(cell, cell + width);
      for (const int64_t count : group.histogram) group.n += count;
      result.groups.push_back(std::move(group));
    }
  }
  return result;
}

Result<int64_t> ResponseView::CountResponses(const Filter& filter) const {
  std::shared_lock lock(mutex_);
  const Table& table = *table_;
  const Result<FilterPlan> plan = PlanFilter(table, filter);
  if (!plan) return Fail(plan.error());
  if (plan->matches_nothing) return 0;
  return Scan(table, ScanPlan{.filter = &*plan}, options_)[0];
}

Result<ScoreColumns> ResponseView::ReadScores(const Filter& filter,
                                              std::span<const std::string> question_ids) const {
  if (question_ids.empty()) {
    return Fail(Error::InvalidArgument("needs at least one question", "question_ids"));
  }
  for (size_t j = 0; j < question_ids.size(); ++j) {
    if (question_ids[j].empty()) {
      return Fail(Error::InvalidArgument("must not be empty", fmt::format("question_ids[{}]", j)));
    }
  }
  ScoreColumns result;
  result.columns.resize(question_ids.size());
  std::shared_lock lock(mutex_);
  const Table& table = *table_;
  const Result<FilterPlan> plan = PlanFilter(table, filter);
  if (!plan) return Fail(plan.error());
  if (plan->matches_nothing) return result;
  std::vector<const BlockColumn<int8_t>*> scores;
  for (const std::string& id : question_ids) {
    const auto column = table.scores.find(id);
    scores.push_back(column != table.scores.end() ? &column->second : nullptr);
  }
  if (std::ranges::all_of(scores, [](const auto* column) { return column == nullptr; })) {
    return result;
  }
  GatherScores(table, *plan, scores, result.columns);
  result.rows = static_cast<int64_t>(result.columns.front().size());
  return result;
}

Result<std::vector<std::string>> ResponseView::DistinctValues(const DimensionRef& dimension) const {
  if (auto valid = ValidateDimension(dimension, "name"); !valid) return Fail(valid.error());
  std::vector<std::string> values;
  {
    std::shared_lock lock(mutex_);
    const DimensionColumn* column = table_->ColumnOf(dimension);
    if (column == nullptr) return values;
    const Dictionary& dictionary = column->dictionary;
    for (uint32_t code = kNotSet + 1; code < dictionary.Size(); ++code) {
      if (dictionary.LiveRows(code) == 0) continue;
      if (!IsMultiValued(dimension.dimension)) {
        values.push_back(dictionary.Value(code));
        continue;
      }
      ForEachMember(dictionary.Value(code),
                    [&](std::string_view member) { values.emplace_back(member); });
    }
  }
  if (IsMultiValued(dimension.dimension)) SortUnique(values);
  std::ranges::sort(values, [&](const std::string& a, const std::string& b) {
    return KeyLess(dimension.dimension, a, b);
  });
  return values;
}

// --- Scores from histograms -----------------------------------------------------------------

namespace {
RatingCounts CountsOf(Scale scale, std::span<const int64_t> histogram) {
  return {scale, std::vector<int64_t>(histogram.begin(), histogram.end())};
}
}  // namespace

Result<NpsScore> NpsFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                  const ScoreOptions& options) {
  const Result<NpsCounts> counts = NpsCountsOf(CountsOf(scale, histogram));
  if (!counts) return Fail(counts.error());
  return ScoreNps(*counts, options);
}

Result<TopBoxScore> CsatFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                      const ScoreOptions& options) {
  return ScoreCsat(CountsOf(scale, histogram), options);
}

Result<TopBoxScore> CesFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                     const ScoreOptions& options) {
  return ScoreCes(CountsOf(scale, histogram), options);
}

Result<TopBoxScore> TopBoxFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                        int favourable_min, const ScoreOptions& options) {
  return ScoreTopBox(CountsOf(scale, histogram), favourable_min, options);
}

Result<RatingSummary> RatingsFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                           const ScoreOptions& options) {
  return SummarizeRatings(CountsOf(scale, histogram), options);
}

}  // namespace nazar::metrics
