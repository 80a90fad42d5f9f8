#include "metrics/view.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "metrics/view_calendar.h"
#include "metrics/view_columns.h"
#include "metrics/view_plan.h"

namespace nazar::metrics {
namespace {

using view_internal::BlockColumn;
using view_internal::BucketLabel;
using view_internal::BucketStart;
using view_internal::CodeColumn;
using view_internal::Dictionary;
using view_internal::DimensionColumn;
using view_internal::FilterPlan;
using view_internal::ForEachMember;
using view_internal::kBatchRows;
using view_internal::kBlockRows;
using view_internal::kBlockShift;
using view_internal::kDeadDay;
using view_internal::kFewCodes;
using view_internal::kMaxRows;
using view_internal::kMissingScore;
using view_internal::kNotSet;
using view_internal::NextBucketStart;
using view_internal::PlanFilter;
using view_internal::Predicate;
using view_internal::ScanPlan;
using view_internal::SortUnique;
using view_internal::Table;
using view_internal::ValidateDimension;
using view_internal::ValidateQuery;
using view_internal::ValidateRow;

// Per-thread partial counts are uint32; they are added into int64 totals before any could wrap.
constexpr uint64_t kRowsBeforeFlush = uint64_t{std::numeric_limits<uint32_t>::max()} - kBlockRows;
// Histograms with few cells get four interleaved copies: consecutive rows landing in the same
// cell then do not wait on each other's store. Above this many bytes, one copy.
constexpr size_t kMaxInterleavedBytes = size_t{256} << 10;
constexpr int kInterleavedCopies = 4;

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

// --- The scan -------------------------------------------------------------------------------
// Each step is a plain loop over one batch of contiguous values that the compiler vectorises
// (except the table look-ups and the histogram increments); no branch depends on a row's data.
// The steps are inlined into ScanBlocks, which is compiled twice, for AVX2 and for the
// baseline, and picked when the program loads (GCC's target_clones).

// Every row of a full block inside the days, without tombstones, is in; all in one bucket.
[[gnu::always_inline]] inline void AllInStep(uint32_t bucket_cell, uint8_t* ok, uint32_t* cell) {
  std::fill_n(ok, kBatchRows, uint8_t{1});
  std::fill_n(cell, kBatchRows, bucket_cell);
}

[[gnu::always_inline]] inline void DayStep(const int32_t* days, int32_t lo, uint32_t span,
                                           const uint32_t* bucket_of_day, uint8_t* ok,
                                           uint32_t* cell) {
  // A day outside lo..hi, kDeadDay included, wraps to an offset above span.
  const auto base = static_cast<uint32_t>(lo);
  if (bucket_of_day == nullptr) {
    for (size_t i = 0; i < kBatchRows; ++i) {
      ok[i] = static_cast<uint32_t>(days[i]) - base <= span;
      cell[i] = 0;
    }
    return;
  }
  for (size_t i = 0; i < kBatchRows; ++i) {
    const uint32_t offset = static_cast<uint32_t>(days[i]) - base;
    const bool inside = offset <= span;
    ok[i] = inside;
    cell[i] = bucket_of_day[inside ? offset : 0];
  }
}

template <typename Code>
[[gnu::always_inline]] inline void KeepFew(const Code* codes,
                                           const std::array<uint32_t, kFewCodes>& few,
                                           uint8_t* ok) {
  const auto a = static_cast<Code>(few[0]);
  const auto b = static_cast<Code>(few[1]);
  const auto c = static_cast<Code>(few[2]);
  const auto d = static_cast<Code>(few[3]);
  for (size_t i = 0; i < kBatchRows; ++i) {
    const Code code = codes[i];
    ok[i] &= static_cast<uint8_t>((code == a) | (code == b) | (code == c) | (code == d));
  }
}

template <typename Code>
[[gnu::always_inline]] inline void KeepAccepted(const Code* codes, const uint8_t* accepted,
                                                uint8_t* ok) {
  for (size_t i = 0; i < kBatchRows; ++i) ok[i] &= accepted[codes[i]];
}

// Turns each row's cell base (its bucket's) into its cell: plus group code * stride plus
// score - scale_min; `trash` for a row the filter rejected or without an answer on the scale.
// Code = void: the block has no group codes (every row is in group 0).
template <typename Code>
[[gnu::always_inline]] inline void PlaceRows(const Code* codes, uint32_t stride,
                                             const int8_t* scores, int32_t scale_min,
                                             uint32_t width, const uint8_t* ok, uint32_t trash,
                                             uint32_t* cell) {
  for (size_t i = 0; i < kBatchRows; ++i) {
    // The missing mark (-128) and values off the scale wrap to an offset >= width.
    const auto offset = static_cast<uint32_t>(int32_t{scores[i]} - scale_min);
    uint32_t slot = cell[i] + offset;
    if constexpr (!std::is_void_v<Code>) slot += static_cast<uint32_t>(codes[i]) * stride;
    cell[i] = (ok[i] != 0) & (offset < width) ? slot : trash;
  }
}

// Scales up to this many values, starting within kMaxCountedScaleStart of 0, are counted by
// comparisons where a block has one cell base (int16 arithmetic holds score - scale_min).
constexpr uint32_t kMaxCountedValues = 16;
constexpr int32_t kMaxCountedScaleStart = 255;

// 32 bytes handled as one (a GCC vector: one AVX2 register, or two SSE2 ones).
using ByteVector = uint8_t __attribute__((vector_size(32)));
constexpr size_t kVectorBytes = sizeof(ByteVector);

// Adds to counts[v] the accepted rows that answered scale_min + v, for every v < width: a
// compare-and-add over bytes per value instead of an increment per row.
// REQUIRES: width <= kMaxCountedValues, |scale_min| <= kMaxCountedScaleStart.
[[gnu::always_inline]] inline void CountValues(const uint8_t* ok, const int8_t* scores,
                                               int32_t scale_min, uint32_t width,
                                               uint32_t* counts) {
  constexpr uint8_t kNone = 0xFF;  // not a value below kMaxCountedValues
  alignas(kVectorBytes) uint8_t value[kBatchRows];
  const auto start = static_cast<int16_t>(scale_min);
  const auto points = static_cast<uint16_t>(width);
  for (size_t i = 0; i < kBatchRows; ++i) {
    const auto offset = static_cast<uint16_t>(static_cast<int16_t>(scores[i]) - start);
    value[i] = ok[i] != 0 && offset < points ? static_cast<uint8_t>(offset) : kNone;
  }
  // Each byte lane sees kBatchRows / kVectorBytes = 64 rows: it cannot overflow.
  static_assert(kBatchRows / kVectorBytes <= std::numeric_limits<uint8_t>::max());
  for (uint32_t v = 0; v < width; ++v) {
    const ByteVector wanted = ByteVector{} + static_cast<uint8_t>(v);
    ByteVector lanes{};
    for (size_t i = 0; i < kBatchRows; i += kVectorBytes) {
      ByteVector bytes;
      std::memcpy(&bytes, value + i, kVectorBytes);
      lanes -= (ByteVector)(bytes == wanted);  // a match is all ones: subtracting adds 1
    }
    uint32_t total = 0;
    for (size_t j = 0; j < kVectorBytes; ++j) total += lanes[j];
    counts[v] += total;
  }
}

// True when every accepted row has the same cell, then stored in `shared`.
// REQUIRES: some row is accepted.
[[gnu::always_inline]] inline bool OneCell(const uint8_t* ok, const uint32_t* cell,
                                           uint32_t& shared) {
  uint32_t least = std::numeric_limits<uint32_t>::max();
  uint32_t most = 0;
  for (size_t i = 0; i < kBatchRows; ++i) {
    const uint32_t accepted = 0u - ok[i];  // all ones or zero: no branch
    least = std::min(least, cell[i] | ~accepted);
    most = std::max(most, cell[i] & accepted);
  }
  shared = least;
  return least == most;
}

[[gnu::always_inline]] inline bool AnyAccepted(const uint8_t* ok) {
  uint8_t any = 0;
  for (size_t i = 0; i < kBatchRows; ++i) any |= ok[i];
  return any != 0;
}

// Adds one to each row's cell (rejected rows included: they sit in the trash cell).
[[gnu::always_inline]] inline void Accumulate(const uint32_t* cell, uint32_t* counts,
                                              size_t copy_stride, int copies) {
  if (copies == kInterleavedCopies) {
    uint32_t* c0 = counts;
    uint32_t* c1 = counts + copy_stride;
    uint32_t* c2 = counts + 2 * copy_stride;
    uint32_t* c3 = counts + 3 * copy_stride;
    for (size_t i = 0; i < kBatchRows; i += 4) {
      ++c0[cell[i]];
      ++c1[cell[i + 1]];
      ++c2[cell[i + 2]];
      ++c3[cell[i + 3]];
    }
    return;
  }
  for (size_t i = 0; i < kBatchRows; ++i) ++counts[cell[i]];
}

[[gnu::always_inline]] inline uint32_t CountAccepted(const uint8_t* ok) {
  uint32_t count = 0;
  for (size_t i = 0; i < kBatchRows; ++i) count += ok[i];
  return count;
}

// Clears ok[i] for the rows of batch (b, base) that a predicate of the filter rejects. Returns
// false, leaving ok[] partly updated, when the whole batch is rejected (a predicate's column
// holds "" throughout and the predicate does not accept "").
[[gnu::always_inline]] inline bool KeepPassing(const FilterPlan& filter, size_t b, size_t base,
                                               uint8_t* ok) {
  for (const Predicate& predicate : filter.predicates) {
    const bool coded = predicate.codes->VisitBatch(
        b, base, [&](const auto* codes) __attribute__((always_inline)) {
          if (predicate.is_few) {
            KeepFew(codes, predicate.few, ok);
          } else {
            KeepAccepted(codes, predicate.accepted.data(), ok);
          }
        });
    if (!coded && predicate.accepted[kNotSet] == 0) return false;
  }
  return true;
}

// Whether a block may hold rows within the filter's days.
inline bool OverlapsDays(const Table::BlockStats& stats, const FilterPlan& filter) {
  return stats.max_day >= filter.lo && stats.min_day <= filter.hi;
}

// Whether every row of block b is live and within the filter's days: a full block inside them
// without tombstones.
inline bool AllInDays(const Table& table, size_t b, const FilterPlan& filter) {
  const Table::BlockStats& stats = table.blocks[b];
  return stats.min_day >= filter.lo && stats.max_day <= filter.hi && stats.dead_rows == 0 &&
         ((b + 1) << kBlockShift) <= table.rows;
}

// Counts the blocks handed out by `next_block` into totals (size plan.cells).
__attribute__((target_clones("avx2", "default"))) void ScanBlocks(const Table& table,
                                                                  const ScanPlan& plan,
                                                                  std::atomic<size_t>& next_block,
                                                                  std::vector<int64_t>& totals) {
  const FilterPlan& filter = *plan.filter;
  const uint32_t span = static_cast<uint32_t>(filter.hi) - static_cast<uint32_t>(filter.lo);
  const uint32_t trash = plan.cells;
  const size_t copy_stride = size_t{plan.cells} + 1;
  // Without a question the plan counts rows (CountResponses): one cell.
  const bool count_only = plan.score == nullptr;
  const int copies = copy_stride * kInterleavedCopies * sizeof(uint32_t) <= kMaxInterleavedBytes
                         ? kInterleavedCopies
                         : 1;
  std::vector<uint32_t> counts(count_only ? 0 : copy_stride * copies, 0);
  const bool countable = !count_only && plan.width <= kMaxCountedValues &&
                         std::abs(plan.scale_min) <= kMaxCountedScaleStart;
  uint64_t counted_only = 0;
  uint64_t rows_since_flush = 0;
  auto flush = [&] {
    if (count_only) {
      totals[0] += static_cast<int64_t>(counted_only);
      counted_only = 0;
    }
    for (size_t copy = 0; copy < counts.size(); copy += copy_stride) {
      for (size_t c = 0; c < plan.cells; ++c) totals[c] += counts[copy + c];
    }
    std::ranges::fill(counts, 0);
    rows_since_flush = 0;
  };

  alignas(64) uint8_t ok[kBatchRows];
  alignas(64) uint32_t cell[kBatchRows];
  const size_t blocks = table.day.BlockCount();
  for (size_t b = next_block.fetch_add(1); b < blocks; b = next_block.fetch_add(1)) {
    const Table::BlockStats& stats = table.blocks[b];
    const size_t held = table.day.Held(b);  // rows beyond were never written
    if (held == 0 || !OverlapsDays(stats, filter)) continue;
    if (plan.score != nullptr && plan.score->Held(b) == 0) continue;  // nobody answered
    // A full block inside the days without tombstones needs its days only to find buckets,
    // and not even then when it lies in one bucket.
    const bool all_in = AllInDays(table, b, filter);
    bool read_days = !all_in;
    uint32_t bucket_cell = 0;
    if (all_in && plan.bucket_of_day != nullptr) {
      bucket_cell = plan.bucket_of_day[stats.min_day - filter.lo];
      read_days = bucket_cell != plan.bucket_of_day[stats.max_day - filter.lo];
    }

    for (size_t base = 0; base < held; base += kBatchRows) {
      const int8_t* scores = nullptr;
      if (plan.score != nullptr) {
        scores = plan.score->Batch(b, base);
        if (scores == nullptr) continue;  // nobody answered in this batch
      }
      if (read_days) {
        DayStep(table.day.Batch(b, base), filter.lo, span, plan.bucket_of_day, ok, cell);
      } else {
        AllInStep(bucket_cell, ok, cell);
      }
      if (!KeepPassing(filter, b, base, ok)) continue;
      if (count_only) {
        counted_only += CountAccepted(ok);
        continue;
      }
      if (!AnyAccepted(ok)) continue;
      const bool grouped = plan.group != nullptr && plan.group->HasBatch(b, base);
      // Without group codes, a batch whose accepted rows share one bucket lands in one run of
      // cells (always so when the days need not be read): count them by comparing.
      if (!grouped && countable) {
        uint32_t run = bucket_cell;
        if (!read_days || OneCell(ok, cell, run)) {
          CountValues(ok, scores, plan.scale_min, plan.width, counts.data() + run);
          continue;
        }
      }
      if (grouped) {
        plan.group->VisitBatch(
            b, base, [&](const auto* codes) __attribute__((always_inline)) {
              PlaceRows(codes, plan.group_stride, scores, plan.scale_min, plan.width, ok, trash,
                        cell);
            });
      } else {
        PlaceRows<void>(nullptr, 0, scores, plan.scale_min, plan.width, ok, trash, cell);
      }
      Accumulate(cell, counts.data(), copy_stride, copies);
    }
    rows_since_flush += held;
    if (rows_since_flush >= kRowsBeforeFlush) flush();
  }
  flush();
}

// What a helper thread shares with the query that started it. A helper that has not begun by
// the time the query has scanned everything is abandoned instead of waited for (on a busy
// machine it may not be scheduled for milliseconds): it then returns without touching the
// table, which the query no longer holds.
struct Helper {
  enum Phase { kNotStarted, kRunning, kAbandoned };
  std::atomic<int> phase{kNotStarted};
  std::vector<int64_t> totals;
  std::thread thread;
};

std::vector<int64_t> Scan(const Table& table, const ScanPlan& plan, const ViewOptions& options) {
  std::vector<int64_t> totals(plan.cells, 0);
  std::atomic<size_t> next_block{0};
  const FilterPlan& filter = *plan.filter;
  const auto to_read = std::ranges::count_if(
      table.blocks, [&](const Table::BlockStats& stats) { return OverlapsDays(stats, filter); });
  const auto helpers_wanted = static_cast<size_t>(std::min<int64_t>(
      options.scan_threads - 1, to_read * int64_t{kBlockRows} / options.rows_per_scan_thread));
  std::vector<std::shared_ptr<Helper>> helpers;
  for (size_t h = 0; h < helpers_wanted; ++h) {
    auto helper = std::make_shared<Helper>();
    helper->totals.assign(plan.cells, 0);
    try {
      helper->thread = std::thread([&table, &plan, &next_block, helper] {
        int expected = Helper::kNotStarted;
        if (!helper->phase.compare_exchange_strong(expected, Helper::kRunning)) return;
        ScanBlocks(table, plan, next_block, helper->totals);
      });
    } catch (const std::system_error&) {
      break;  // no thread to be had: the calling thread scans what is left
    }
    helpers.push_back(std::move(helper));
  }
  ScanBlocks(table, plan, next_block, totals);
  for (const std::shared_ptr<Helper>& helper : helpers) {
    int expected = Helper::kNotStarted;
    if (helper->phase.compare_exchange_strong(expected, Helper::kAbandoned)) {
      helper->thread.detach();
      continue;
    }
    helper->thread.join();
    for (size_t c = 0; c < totals.size(); ++c) totals[c] += helper->totals[c];
  }
  return totals;
}

// Appends to columns[j] the answers of scores[j] (nullptr: a question nobody answered) of the
// rows that pass the filter and answered at least one of the questions, in row order; NaN for
// an unanswered question. REQUIRES: columns.size() == scores.size().
__attribute__((target_clones("avx2", "default"))) void GatherScores(
    const Table& table, const FilterPlan& filter,
    std::span<const BlockColumn<int8_t>* const> scores, std::vector<std::vector<double>>& columns) {
  constexpr double kNotAnswered = std::numeric_limits<double>::quiet_NaN();
  const uint32_t span = static_cast<uint32_t>(filter.hi) - static_cast<uint32_t>(filter.lo);
  alignas(64) uint8_t ok[kBatchRows];
  alignas(64) uint8_t answered[kBatchRows];
  alignas(64) uint32_t cell[kBatchRows];  // written by DayStep, not read
  std::array<uint16_t, kBatchRows> picked;
  static_assert(kBatchRows - 1 <= std::numeric_limits<uint16_t>::max());
  std::vector<const int8_t*> batches(scores.size());
  for (size_t b = 0; b < table.day.BlockCount(); ++b) {
    const size_t held = table.day.Held(b);  // rows beyond were never written
    if (held == 0 || !OverlapsDays(table.blocks[b], filter)) continue;
    const bool all_in = AllInDays(table, b, filter);
    for (size_t base = 0; base < held; base += kBatchRows) {
      bool any_answers = false;
      for (size_t j = 0; j < scores.size(); ++j) {
        batches[j] = scores[j] != nullptr ? scores[j]->Batch(b, base) : nullptr;
        any_answers |= batches[j] != nullptr;
      }
      if (!any_answers) continue;  // nobody answered these questions in this batch
      if (all_in) {
        std::fill_n(ok, kBatchRows, uint8_t{1});
      } else {
        DayStep(table.day.Batch(b, base), filter.lo, span, nullptr, ok, cell);
      }
      if (!KeepPassing(filter, b, base, ok)) continue;
      std::fill_n(answered, kBatchRows, uint8_t{0});
      for (const int8_t* batch : batches) {
        if (batch == nullptr) continue;
        for (size_t i = 0; i < kBatchRows; ++i) answered[i] |= batch[i] != kMissingScore;
      }
      size_t count = 0;  // the rows kept, listed without a branch per row
      for (size_t i = 0; i < kBatchRows; ++i) {
        picked[count] = static_cast<uint16_t>(i);
        count += ok[i] & answered[i];
      }
      if (count == 0) continue;
      for (size_t j = 0; j < scores.size(); ++j) {
        std::vector<double>& column = columns[j];
        const size_t start = column.size();
        column.resize(start + count);
        double* out = column.data() + start;
        const int8_t* batch = batches[j];
        if (batch == nullptr) {
          std::fill_n(out, count, kNotAnswered);
          continue;
        }
        for (size_t k = 0; k < count; ++k) {
          const int8_t value = batch[picked[k]];
          out[k] = value == kMissingScore ? kNotAnswered : static_cast<double>(value);
        }
      }
    }
  }
}

// Spreads the cells of a breakdown by a multi-valued dimension, scanned per set (`stride`
// cells a set, in code order), over the sets' members: each set's cells are added to each of
// its members' (the empty set's to ""). Returns the members, sorted, and their cells.
std::pair<std::vector<std::string>, std::vector<int64_t>> SpreadOverMembers(
    const Dictionary& sets, std::span<const int64_t> cells, size_t stride) {
  std::map<std::string, std::vector<int64_t>, std::less<>> by_member;
  for (uint32_t code = 0; code < sets.Size(); ++code) {
    const std::span<const int64_t> set_cells = cells.subspan(code * stride, stride);
    if (std::ranges::all_of(set_cells, [](int64_t count) { return count == 0; })) continue;
    ForEachMember(sets.Value(code), [&](std::string_view member) {
      auto it = by_member.find(member);
      if (it == by_member.end()) {
        it = by_member.emplace(std::string(member), std::vector<int64_t>(stride, 0)).first;
      }
      for (size_t c = 0; c < stride; ++c) it->second[c] += set_cells[c];
    });
  }
  std::pair<std::vector<std::string>, std::vector<int64_t>> spread;
  for (auto& [member, member_cells] : by_member) {
    spread.first.push_back(member);
    spread.second.insert(spread.second.end(), member_cells.begin(), member_cells.end());
  }
  return spread;
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
