// An event log out of CSV records: one event a record, with the columns naming its case,
// its activity and its timestamp (any form ParseTimestamp reads; offsets count, a naive
// time is UTC). The caller opens the file and hands over the CsvReader, so this stays free
// of I/O of its own and reads from a file, standard input or a string alike.
//
// Errors (InvalidArgument): a column missing from the header names its role, "case",
// "activity" or "timestamp" (the message names the column); a bad record names "line N" and
// says which column and value: an empty case id or activity, a timestamp that does not
// parse. The first bad record stops the reading: a directly-follows graph over part of a
// log would be wrong without saying so.
#pragma once

#include <functional>
#include <string>

#include "core/csv.h"
#include "core/error.h"
#include "journey/dfg.h"

namespace nazar::journey {

struct EventLogColumns {
  std::string case_id;
  std::string activity;
  std::string timestamp;
};

// Reads every remaining record of `csv` (opened with a header). `progress`, when set, is
// called after every 65,536 records (e.g. to draw a progress bar from csv.bytes_read()).
Result<EventLog> ReadEventLog(CsvReader& csv, const EventLogColumns& columns,
                              const std::function<void()>& progress = {});

}  // namespace nazar::journey
