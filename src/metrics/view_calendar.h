// Calendar buckets of the view's trends: the first day of the day, week, month, quarter or year
// holding a local day, the next bucket's, and the bucket's label, in the Gregorian or the
// Jalali calendar (the rules are view.h's "Buckets"). Private to src/metrics: only the view's
// sources include it.
//
// Days are epoch days (core/jalali.h). REQUIRES: days within kMinViewDay..kMaxViewDay, or a
// year either side; the calendars' supported range holds them, so nothing here can fail.
//
// Thread safety: pure functions; safe to call concurrently.
#pragma once

#include <cstdint>
#include <string>

#include "metrics/view.h"

namespace nazar::metrics::view_internal {

// The first day of the bucket holding `day`.
int32_t BucketStart(int32_t day, TimeBucket bucket, CalendarKind calendar);

// The first day of the bucket after the one starting on `start`.
// REQUIRES: start is a bucket start.
int32_t NextBucketStart(int32_t start, TimeBucket bucket, CalendarKind calendar);

// The label of the bucket starting on `start`: "2024-03-20", "2024-W12", "1402-12-26" (a
// Jalali week), "2024-03", "2024-Q1", "2024".
std::string BucketLabel(int32_t start, TimeBucket bucket, CalendarKind calendar);

}  // namespace nazar::metrics::view_internal
