// The scan behind ResponseView's queries: counts the rows a plan selects into histogram cells,
// block by block, on the calling thread and up to ViewOptions::scan_threads - 1 helpers; reads
// score columns out for a regression; spreads a breakdown by a multi-valued dimension over the
// sets' members. Private to src/metrics: only the view's sources include it.
//
// Contract: Scan and GatherScores read the Table the plan was made from and nothing else; the
// caller holds the view's shared lock throughout. Scan returns plan.cells totals: the cells of
// rows that pass the filter and answered on the scale (see ScanPlan). Speed: each step works on
// a batch of kBatchRows values in plain loops the compiler vectorises, and the two scanning
// loops are compiled for AVX2 and for the baseline and picked at load (GCC's target_clones):
// keep the steps in view_scan.cc, inlined into them.
//
// Thread safety: Scan starts helpers that read the table while it runs; a helper not yet begun
// when the scan is done is abandoned and exits without touching the table (see Scan). Nothing
// else is shared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "metrics/view.h"
#include "metrics/view_columns.h"
#include "metrics/view_plan.h"

namespace nazar::metrics::view_internal {

// The totals of plan.cells cells (CountResponses: one cell, the rows that pass the filter).
// REQUIRES: !plan.filter->matches_nothing.
std::vector<int64_t> Scan(const Table& table, const ScanPlan& plan, const ViewOptions& options);

// Appends to columns[j] the answers of scores[j] (nullptr: a question nobody answered) of the
// rows that pass the filter and answered at least one of the questions, in row order; NaN for
// an unanswered question. Scans on the calling thread. REQUIRES: columns.size() ==
// scores.size().
void GatherScores(const Table& table, const FilterPlan& filter,
                  std::span<const BlockColumn<int8_t>* const> scores,
                  std::vector<std::vector<double>>& columns);

// Spreads the cells of a breakdown by a multi-valued dimension, scanned per set (`stride`
// cells a set, in code order), over the sets' members: each set's cells are added to each of
// its members' (the empty set's to ""). Returns the members, sorted, and their cells.
std::pair<std::vector<std::string>, std::vector<int64_t>> SpreadOverMembers(
    const Dictionary& sets, std::span<const int64_t> cells, size_t stride);

}  // namespace nazar::metrics::view_internal
