// `nazar import interactions --format queue_log --follow FILE`: the live feed
// (journey/queue_log_follow.h) with trigger rules evaluated after each import, until SIGINT or
// SIGTERM. Logs a line per import (calls, callers matched and not) at info.
#pragma once

#include "core/clock.h"
#include "journey/queue_log_follow.h"
#include "store/store.h"

namespace nazar::app {

// REQUIRES: called before any other thread starts (it blocks SIGINT and SIGTERM).
int FollowQueueLog(Store& store, const Clock& clock, OrgId org, journey::FollowOptions options,
                   int poll_ms);

}  // namespace nazar::app
