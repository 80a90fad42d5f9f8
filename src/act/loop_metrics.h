// The inner loop's measures: is the organisation closing the loop with its customers, and
// does it work? Pure: the service gathers one LoopCase per case (act/loop_report.h), this
// computes the measures, each with its count and margin, and says when there are too few to
// report (the dashboard's minimum-n rule, metrics/scores.h).
//
// Definitions (docs/act.md repeats them for users):
// - Detractors contacted within N hours: of the cases about an NPS detractor (rating 0-6)
//   that are at least N hours old or were contacted already, the share whose customer a
//   person reached (a follow-up written, a call or visit noted) within N hours of opening.
//   Wilson interval.
// - Time to first response / to resolution: wall-clock hours from opening to the first
//   change by a person / to resolving, over the cases that got there; median and 90th
//   percentile (linear interpolation between order statistics, R's type 7) with
//   distribution-free 95% intervals from the order statistics (Campbell & Gardner 1988:
//   ranks np -/+ z*sqrt(np(1-p)), the upper +1, rounded; a bound whose rank falls outside
//   1..n is absent). `waiting`: cases still without one.
// - SLA attainment, per target: of the cases whose target is decided (met, met late,
//   breached), the share met in working time (act/sla.h). Wilson interval.
// - Recovery: of the detractor cases whose customer rated again after the case opened, the
//   share whose next rating is 7 or more. Wilson interval.
// - Resolved in the customer's eyes: of the "did we resolve it?" checks answered, the
//   share answered yes; with how many were sent.
// - Root causes over time: cases per root cause (0: none given) per month of opening, in
//   the organisation's calendar (Jalali "1405-08" or Gregorian "2026-11").
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "act/sla.h"
#include "core/error.h"
#include "metrics/scores.h"

namespace nazar::act {

struct LoopCase {
  int64_t created_ms = 0;
  int32_t local_day = 0;  // the day it opened, in the organisation's time zone (epoch days)
  std::optional<int64_t> first_response_ms;
  std::optional<int64_t> first_contact_ms;
  std::optional<int64_t> resolved_ms;
  bool open = true;  // new, open or waiting
  std::optional<int64_t> nps;
  std::optional<int64_t> next_nps;
  SlaState first_response_sla = SlaState::kRunning;
  SlaState resolution_sla = SlaState::kRunning;
  std::optional<int64_t> root_cause_id;
  int checks_sent = 0;
  std::string check_answer;  // the newest answered check's: "", "yes", "no"
};

struct LoopOptions {
  int64_t contact_within_ms = 24 * 3600'000;
  int64_t now_ms = 0;
  bool jalali = false;  // months of the root-cause series
  metrics::ScoreOptions score;
};

// An order-statistic quantile with its distribution-free interval (NaN when absent).
struct QuantileEstimate {
  double value = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
};

// `sorted` ascending, non-empty; 0 < p < 1; z the normal quantile of the interval.
QuantileEstimate EstimateQuantile(std::span<const double> sorted, double p, double z);

struct DurationSummary {
  int64_t n = 0;         // cases that got there
  int64_t waiting = 0;   // cases not there yet
  bool enough = false;   // n >= the minimum
  QuantileEstimate median_hours;
  QuantileEstimate p90_hours;
};

struct LoopMetrics {
  int64_t cases = 0;
  int64_t open = 0;
  int64_t detractor_cases = 0;
  metrics::ProportionEstimate contacted_within;
  DurationSummary first_response;
  DurationSummary resolution;
  metrics::ProportionEstimate sla_first_response;
  metrics::ProportionEstimate sla_resolution;
  int64_t rated_again = 0;
  metrics::ProportionEstimate recovered;
  int64_t checks_sent = 0;
  metrics::ProportionEstimate resolved_by_customer;
  std::vector<std::string> months;  // oldest first, every month from the first case's to the last's
  // root cause id (0: none) -> cases per month, aligned with `months`
  std::map<int64_t, std::vector<int64_t>> root_causes;
};

Result<LoopMetrics> ComputeLoopMetrics(std::span<const LoopCase> cases, const LoopOptions& options);

// The month label of a local day: "2026-11" or, in the Jalali calendar, "1405-08".
std::string MonthLabel(int32_t local_day, bool jalali);

}  // namespace nazar::act
