// The priority matrix of key driver analysis: each driver placed by its importance (how much
// it moves the outcome) against its performance (how well it scores today).
//
// Contract:
// - Thresholds are the means: the importance threshold is the mean importance over the
//   drivers, the performance threshold the mean performance over the drivers. With LMG
//   shares as importance (they sum to 1) the importance threshold is 1/k.
// - A value at or above its threshold counts as high. Ties are judged with a relative slack
//   of kTieSlack so that equal values whose mean rounds a hair above them still count high.
// - Quadrants:
//                        low performance     high performance
//     high importance    kFixFirst           kKeep
//     low importance     kLowPriority        kMonitor
//   kMonitor marks strong scores on what matters little: watch, and perhaps invest less.
//
// Thread safety: pure functions; safe to call concurrently.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nazar::drivers {

enum class Quadrant {
  kFixFirst,     // high importance, low performance: improve these first
  kKeep,         // high importance, high performance: strengths to protect
  kMonitor,      // low importance, high performance: keep an eye on, do not over-invest
  kLowPriority,  // low importance, low performance: act only once the rest is done
};

// Stable snake_case name: "fix_first", "keep", "monitor", "low_priority".
std::string_view ToString(Quadrant quadrant);

inline constexpr double kTieSlack = 1e-9;

struct PriorityThresholds {
  double importance = 0.0;   // mean importance over the drivers
  double performance = 0.0;  // mean performance over the drivers
};

// REQUIRES: importance and performance non-empty and of equal size (checked: fields
// "importance", "performance"); values finite (checked, field "performance[j]" etc.).
[[nodiscard]] Result<PriorityThresholds> MeanThresholds(std::span<const double> importance,
                                                        std::span<const double> performance);

Quadrant Classify(double importance, double performance, const PriorityThresholds& thresholds);

// Thresholds at the means, then one quadrant per driver, in input order.
[[nodiscard]] Result<std::vector<Quadrant>> ClassifyDrivers(std::span<const double> importance,
                                                            std::span<const double> performance);

}  // namespace nazar::drivers
