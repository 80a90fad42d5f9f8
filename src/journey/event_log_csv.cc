#include "journey/event_log_csv.h"

#include <fmt/format.h>

#include "core/time.h"

namespace nazar::journey {

Result<EventLog> ReadEventLog(CsvReader& csv, const EventLogColumns& columns,
                              const std::function<void()>& progress) {
  constexpr int64_t kProgressEvery = 65536;
  struct Role {
    const std::string& column;
    const char* name;
    size_t index = 0;
  };
  Role case_id{columns.case_id, "case"}, activity{columns.activity, "activity"},
      timestamp{columns.timestamp, "timestamp"};
  for (Role* role : {&case_id, &activity, &timestamp}) {
    auto index = csv.Column(role->column);
    if (!index) return Fail(Error::InvalidArgument(index.error().message, role->name));
    role->index = *index;
  }
  EventLog log;
  CsvRecord row;
  for (int64_t n = 1;; ++n) {
    auto more = csv.Next(row);
    if (!more) return Fail(more.error());
    if (!*more) break;
    for (const Role* role : {&case_id, &activity}) {
      if (row[role->index].empty()) {
        return Fail(Error::InvalidArgument(
            fmt::format("the {} column \"{}\" is empty", role->name, role->column), row.where()));
      }
    }
    auto at = ParseTimestamp(row[timestamp.index]);
    if (!at) {
      return Fail(Error::InvalidArgument(
          fmt::format("column \"{}\": {}", timestamp.column, at.error().message), row.where()));
    }
    log.Add(row[case_id.index], row[activity.index], *at);
    if (progress && n % kProgressEvery == 0) progress();
  }
  return log;
}

}  // namespace nazar::journey
