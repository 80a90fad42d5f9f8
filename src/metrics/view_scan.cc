// The scan behind ResponseView's queries. See view_scan.h.
#include "metrics/view_scan.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string_view>
#include <system_error>
#include <thread>
#include <type_traits>

namespace nazar::metrics::view_internal {
namespace {

// Per-thread partial counts are uint32; they are added into int64 totals before any could wrap.
constexpr uint64_t kRowsBeforeFlush = uint64_t{std::numeric_limits<uint32_t>::max()} - kBlockRows;
// Histograms with few cells get four interleaved copies: consecutive rows landing in the same
// cell then do not wait on each other's store. Above this many bytes, one copy.
constexpr size_t kMaxInterleavedBytes = size_t{256} << 10;
constexpr int kInterleavedCopies = 4;

// Each step is a plain loop over one batch of contiguous values that the compiler vectorises
// (except the table look-ups and the histogram increments); no branch depends on a row's data.
// The steps are inlined into ScanBlocks, which is compiled twice, for AVX2 and for the
// baseline, and picked when the program loads (GCC's target_clones). Clang (the sanitizer
// and fuzzing build) compiles one baseline version: its multiversioned functions leave the
// std::vector members they use undefined at link time.
#if defined(__clang__)
#define NAZAR_SCAN_CLONES
#else
#define NAZAR_SCAN_CLONES __attribute__((target_clones("avx2", "default")))
#endif

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
NAZAR_SCAN_CLONES void ScanBlocks(const Table& table,
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

}  // namespace

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

NAZAR_SCAN_CLONES void GatherScores(
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

}  // namespace nazar::metrics::view_internal
