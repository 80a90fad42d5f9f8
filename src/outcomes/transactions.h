// Transactions and the RFM summary the purchase models are fitted on.
//
// A transaction is a customer, a calendar day and an amount. The summary of a calibration
// window follows Fader, Hardie & Lee (2005) as the lifetimes and CLVTools packages compute
// it: purchases on the same day count as one (their amounts add up); `frequency` is the
// number of distinct purchase days after the first (repeat purchases); `recency` is the time
// from the first to the last purchase day, `age` (the papers' T) from the first purchase day
// to the calibration end, both in weeks (days / 7); `monetary_value` is the mean amount of
// the repeat purchase days (0 without repeats), which Gamma-Gamma models. Transactions after
// the calibration end are left out; a customer whose first purchase is after it is not in
// the summary. With 1997-09-30 this reproduces the published CDNOW summary.
//
// The readers take the caller's stream or CsvReader: no I/O of their own. Errors are
// InvalidArgument naming "line N" and saying which field is wrong (a date that does not
// parse or does not exist, an amount that is not a number, negative or not finite). The
// first bad line stops the reading: a model fitted on part of a file would be wrong without
// saying so.
// Thread-safety: plain functions over plain data.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/error.h"

namespace nazar::outcomes {

// Days since 1970-01-01 (a proleptic Gregorian calendar day, no time zone).
using Day = int32_t;

struct Transaction {
  std::string customer;
  Day day = 0;
  double amount = 0;
};

struct CustomerSummary {
  std::string customer;
  int frequency = 0;          // repeat purchase days (x)
  double recency = 0;         // weeks from the first to the last purchase day (t_x)
  double age = 0;             // weeks from the first purchase day to the calibration end (T)
  double monetary_value = 0;  // mean amount of the repeat purchase days; 0 without repeats
};

// "1997-09-30" or "19970930" → its day; InvalidArgument naming `field` otherwise.
Result<Day> ParseDay(std::string_view text, std::string_view field);
// "1997-09-30".
std::string FormatDay(Day day);

// Summary per customer of the transactions up to and including `calibration_end`, in the
// order of first appearance. InvalidArgument naming "calibration_end" when it is before the
// first transaction (nothing would be calibrated); an empty list is InvalidArgument too.
Result<std::vector<CustomerSummary>> Summarize(const std::vector<Transaction>& transactions,
                                               Day calibration_end);

// The CDNOW files as published: whitespace-separated, CRLF or LF; either the master layout
// (customer id, date YYYYMMDD, CDs, dollars; its one header line is skipped) or the sample
// layout (master id, sample id, date, CDs, dollars; the sample id names the customer, as in
// the published summary).
// `progress`, when set, is called every 65,536 lines.
Result<std::vector<Transaction>> ReadCdnowTransactions(std::istream& in,
                                                       const std::function<void()>& progress = {});

// CSV with a header naming `customer_id`, `date` (YYYY-MM-DD or YYYYMMDD) and `amount`
// (other columns are ignored). A missing column is InvalidArgument naming it.
Result<std::vector<Transaction>> ReadCsvTransactions(CsvReader& csv,
                                                     const std::function<void()>& progress = {});

}  // namespace nazar::outcomes
