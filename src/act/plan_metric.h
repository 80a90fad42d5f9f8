// The metric an action plan or a KPI target is about, and its measurement over a window of
// local days through the dashboard's own machinery (results::ResultsService::Report for the
// counts and scores, results::CompareHistograms for a change): nothing here computes a
// statistic of its own.
//
// Units: a value is NPS in points (-100..100), or for CSAT and CES the percent favourable
// (0..100: satisfied 4-5 of 1-5, easy 5-7 of 1-7), with its margin of error in the same unit
// (NPS: z * SE; a share: half the Wilson interval's width). A change is in points of that
// unit, with margin z * the test's standard error.
//
// Thread-safety: pure functions, and calls to the (thread-safe) ResultsService.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "metrics/scores.h"
#include "results/results.h"
#include "store/store.h"

namespace nazar::act {

// {"survey_id", "metric": "nps" | "csat" | "ces", "segment"?: {"touchpoint"? , "channel"?,
// "agent"?, "topic"?}}: the survey's responses (of the segment) scored with the metric.
struct TargetMetric {
  int64_t survey_id = 0;
  results::Metric metric = results::Metric::kNps;
  std::vector<std::pair<std::string, std::string>> segment;  // dimension name -> value
};
// Reads the object at `field` (an error on the reader naming "<field>.<part>"); nullopt when
// absent or bad.
std::optional<TargetMetric> ReadTargetMetric(JsonObjectReader& r, std::string_view field);
Json ToJson(const TargetMetric& metric);
TargetMetric TargetMetricFrom(std::string_view stored);  // as ToJson wrote it

// Local days, both inclusive (days since 1970-01-01 in the organisation's time zone).
struct DayWindow {
  int32_t from_day = 0;
  int32_t to_day = 0;
};

struct Measurement {
  DayWindow window;
  metrics::Scale scale;
  results::MetricGroup group;  // n, the histogram, the score with its margins
};

// The metric over the window, as the dashboard would report it for that filter.
Result<Measurement> Measure(results::ResultsService& results, const Organisation& org,
                            const TargetMetric& metric, DayWindow window,
                            const metrics::ScoreOptions& options = {});

// Whether `metric` can be measured in `org`: its survey is the organisation's and asks the
// metric. InvalidArgument naming `survey_field` or `metric_field` otherwise.
Result<void> CheckTargetMetric(Store& store, results::ResultsService& results, OrgId org,
                               const TargetMetric& metric, std::string_view survey_field,
                               std::string_view metric_field);

// A measurement as kept (the window, the scale and the histogram) and read back, scored again
// with `options`.
Json StoredMeasurement(const Measurement& m);
Result<Measurement> MeasurementFrom(results::Metric metric, std::string_view stored,
                                    const metrics::ScoreOptions& options = {});

struct MetricValue {
  int64_t n = 0;
  bool enough = false;
  double value = 0;   // see Units above
  double margin = 0;
  double ci_low = 0;
  double ci_high = 0;
};
MetricValue ValueOf(const results::MetricGroup& group);

// {"from", "to" (ISO dates), "n", "status": "ok" | "not_enough_responses", "value", "margin",
// "ci_low", "ci_high"} (the numbers null and a "message" below the minimum n).
Json ToJson(const Measurement& m, int64_t min_n);

// The change of `current` against `baseline` (the dashboard's comparison), in points of the
// unit: {"difference", "margin", "p_value", "verdict", "summary"} (numbers null when a side
// has too few responses).
Json ChangeJson(results::Metric metric, const metrics::Comparison& change,
                const metrics::ScoreOptions& options = {});

// Inputs shared by plans and the program's KPI targets: the longest window, a member's id or
// null (the outer optional says whether the field was given), a due date "YYYY-MM-DD" or null
// ("" clears it); problems are recorded on the reader, naming the field.
inline constexpr int64_t kMaxWindowDays = 730;
std::optional<std::optional<int64_t>> ReadMemberOrNull(JsonObjectReader& r, std::string_view name);
std::optional<std::string> ReadDueDate(JsonObjectReader& r);
Json UserJson(const std::optional<UserId>& user);  // the id, or null
// A list of at most `max_items` texts of 1 to `max_chars` characters (tasks, principles);
// nullopt when absent or bad ("<name>[i]" names the bad one).
std::optional<std::vector<std::string>> ReadTextList(JsonObjectReader& r, std::string_view name,
                                                     size_t max_items, size_t max_chars);

// "YYYY-MM-DD" (Gregorian) to a day and back; nullopt for anything else.
std::optional<int32_t> ParseIsoDay(std::string_view text);
std::string IsoDay(int32_t day);

}  // namespace nazar::act
