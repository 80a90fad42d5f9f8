// `nazar import interactions --format queue_log --follow FILE`: the live feed
// (journey/queue_log_follow.h) with trigger rules evaluated after each import, until SIGINT or
// SIGTERM. Logs a line per import (calls, callers matched and not) at info and, with a
// metrics file, keeps its counters there in Prometheus' text format (for node_exporter's
// textfile collector: nazar_queue_log_calls_imported_total, nazar_queue_log_callers_total…).
#pragma once

#include <string>

#include "core/clock.h"
#include "journey/queue_log_follow.h"
#include "store/store.h"

namespace nazar::app {

// REQUIRES: called before any other thread starts (it blocks SIGINT and SIGTERM).
int FollowQueueLog(Store& store, const Clock& clock, OrgId org, journey::FollowOptions options,
                   int poll_ms, const std::string& metrics_file);

}  // namespace nazar::app
