// The API's JSON of what results report: metric groups and their scores (/metrics, the text
// topics table) and the key driver analysis of a survey (/drivers).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

#include "core/json.h"
#include "results/results.h"
#include "results/survey_drivers.h"

namespace nazar::http {

// A metric group: n, key, bucket (with a trend), and its score with margins and distribution,
// or "not_enough_responses" below min_n.
nazar::Json GroupJson(const results::MetricGroup& group, bool trend, int64_t min_n);

// A breakdown group against the rest (results/outliers.h): {"difference", "p_value",
// "p_adjusted", "rest_n", "outlier"}; numbers null where undefined.
nazar::Json VersusRestJson(const results::VersusRest& versus);

// A rating question or matrix row: {"id", "label", "type", "scale": {"min", "max"}}.
nazar::Json ScaleItemJson(const results::ScaleItem& item);

// The key driver analysis of a survey: its outcome, every question it could use, and the
// drivers ranked, or "not_enough_responses" with how many there are.
nazar::Json SurveyDriversJson(int64_t survey_id, const std::vector<results::ScaleItem>& questions,
                              const results::SurveyDrivers& analysis);

}  // namespace nazar::http
