// Query planning for ResponseView: the validation of rows and queries, and the plan of a scan
// (the days to read, one predicate per filtered dimension, the cells to count). Private to
// src/metrics: only the view's sources include it.
//
// Contract: validation errors name the field as view.h documents (Append, Scores). A plan
// points into the Table it was made from: it is valid while the view's lock holds that table.
// FilterPlan::matches_nothing says no row can pass (the days miss the data's, or a filtered
// dimension accepts no code), and the query then skips the scan.
//
// Thread safety: pure functions of their arguments; PlanFilter only reads the table.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "metrics/view.h"
#include "metrics/view_columns.h"

namespace nazar::metrics::view_internal {

// --- Validation -----------------------------------------------------------------------------

// A row Append may take (fails on the fields Append names).
[[nodiscard]] Result<void> ValidateRow(const ResponseRow& row);
// A dimension with the name it needs; fails on `field`.
[[nodiscard]] Result<void> ValidateDimension(const DimensionRef& ref, std::string field);
// A query's question, scale and group_by (its filter is checked by PlanFilter).
[[nodiscard]] Result<void> ValidateQuery(const ScoreQuery& query);

// --- Query plans ----------------------------------------------------------------------------

// At most this many accepted codes are compared one by one (vectorised) rather than looked up.
inline constexpr size_t kFewCodes = 4;

// One dimension's accepted codes (the AND of every filter entry on it).
struct Predicate {
  const CodeColumn* codes = nullptr;
  std::vector<uint8_t> accepted;  // by code: 1 = accepted
  bool is_few = false;            // at most kFewCodes accepted, listed (repeated) in `few`
  std::array<uint32_t, kFewCodes> few{};
};

struct FilterPlan {
  bool matches_nothing = false;
  int32_t lo = 0;  // the days scanned, inclusive: the filter's range within the data's
  int32_t hi = -1;
  std::vector<Predicate> predicates;
};

// Validates the filter (fails on its fields as Scores does) and plans it over `table`.
[[nodiscard]] Result<FilterPlan> PlanFilter(const Table& table, const Filter& filter);

// What one scan counts, cell by cell:
//   cell = group code * group_stride + bucket * width + (score - scale_min),
// with group_stride = buckets * width.
struct ScanPlan {
  const FilterPlan* filter = nullptr;
  const uint32_t* bucket_of_day = nullptr;  // bucket * width per day lo..hi for a trend, else null
  const CodeColumn* group = nullptr;        // nullptr: one group
  uint32_t group_stride = 0;
  const BlockColumn<int8_t>* score = nullptr;  // nullptr: count rows (width 1)
  int32_t scale_min = 0;
  uint32_t width = 1;
  uint32_t cells = 1;
};

}  // namespace nazar::metrics::view_internal
