// Call-centre figures from call interactions: per queue, how many calls, how many were
// abandoned (with a Wilson interval), how long callers waited (mean, median, 90th
// percentile); and by wait-time band, the abandonment and the satisfaction of the callers
// who rated the call afterwards (CSAT favourable share, when responses are linked to the
// call). Pure: plain records in, figures out.
//
// Thread-safety: free functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "metrics/scores.h"

namespace nazar::journey {

struct CallRecord {
  std::string queue;             // the touchpoint
  double wait_s = 0;             // in the queue before the answer or the hang-up
  bool abandoned = false;
  std::optional<bool> satisfied;  // CSAT favourable (4-5 of 5) of a linked response, if any
};

struct QueueFigures {
  std::string queue;
  int64_t calls = 0;
  metrics::ProportionEstimate abandoned;  // share of calls abandoned
  double mean_wait_s = 0;
  double median_wait_s = 0;
  double p90_wait_s = 0;
};

struct WaitBand {
  double from_s = 0;             // inclusive
  std::optional<double> to_s;    // exclusive; none for the last band
  int64_t calls = 0;
  metrics::ProportionEstimate abandoned;
  metrics::ProportionEstimate satisfied;  // among calls with a linked rating
};

struct CallFigures {
  std::vector<QueueFigures> queues;  // by calls, most first
  std::vector<WaitBand> bands;
};

// `band_edges` are ascending upper bounds in seconds ({30, 60, 120, 300} gives five bands:
// under 30 s, 30-60, 60-120, 120-300, 300 and more). InvalidArgument naming "band_edges"
// when they are not ascending and positive, "calls" for a negative or non-finite wait.
Result<CallFigures> AnalyzeCalls(std::span<const CallRecord> calls,
                                 std::span<const double> band_edges,
                                 const metrics::ScoreOptions& options = {});

}  // namespace nazar::journey
