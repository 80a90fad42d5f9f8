// Observed retention by first-purchase cohort, new customers and acquisition cost by month and
// channel, and the spread of a value (a histogram): the descriptive side of customer value,
// beside the models.
//
// Contract:
// - A customer belongs to the calendar month (UTC) of their first transaction. Their cohort's
//   `active[k]` counts the cohort's customers who bought in the k-th month after it (k = 0 is
//   the cohort month itself, where every customer bought); the list runs to the last complete
//   month up to `end` (the month of `end` when `end` is its last day, else the month before:
//   a month cut short would look like customers leaving), so the latest cohorts have shorter
//   lists. Transactions after that month are left out, and so are customers first seen then.
// - Acquisition: each customer is acquired by the channel of their first transaction (the
//   earliest; on a tie the first listed) in their cohort month. CAC of a channel is its spend
//   over the new customers it brought; a channel with spend and no new customers has no CAC
//   (not infinity), and one with new customers and no recorded spend has none either.
// - Histogram: `bins` equal bins from 0 (or the minimum when it is negative) to the 99th
//   percentile; values above go into the last bin, which says so (`open_ended`). Empty input
//   gives no bins.
//
// Thread-safety: plain functions over plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "outcomes/transactions.h"

namespace nazar::outcomes {

// "2026-03" for any day of March 2026.
std::string MonthOf(Day day);

struct Cohort {
  std::string month;            // YYYY-MM of the first purchase
  int64_t customers = 0;
  std::vector<int64_t> active;  // customers who bought in month k after the cohort month
};

// Cohorts in month order, from the first transaction's month to the last complete one.
std::vector<Cohort> RetentionByCohort(const std::vector<Transaction>& transactions, Day end);

struct ChannelSpend {
  std::string channel;
  std::string month;  // YYYY-MM
  int64_t amount = 0;
};

struct AcquisitionLine {
  std::string key;             // the channel, or the month
  int64_t spend = 0;
  int64_t new_customers = 0;
  std::optional<double> cac;   // spend / new customers when both are above 0
};

struct Acquisition {
  std::vector<AcquisitionLine> by_channel;  // every channel with spend or new customers
  std::vector<AcquisitionLine> by_month;    // every month with spend or new customers
  AcquisitionLine overall;                  // key ""
};

// `channels[i]` is transactions[i]'s channel. New customers are counted in months that have
// recorded spend only when `spend` is not empty, so that a year of spend is set against the
// customers won in that year.
Acquisition MeasureAcquisition(const std::vector<Transaction>& transactions,
                               const std::vector<std::string>& channels,
                               const std::vector<ChannelSpend>& spend, Day end);

struct Histogram {
  std::vector<double> edges;    // bins + 1 edges
  std::vector<int64_t> counts;  // bins
  bool open_ended = false;      // the last bin also holds values above its upper edge
};

Histogram HistogramOf(std::vector<double> values, int bins);

}  // namespace nazar::outcomes
