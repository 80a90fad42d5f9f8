// Key driver analysis of one survey's responses (GET /api/v1/orgs/{org}/surveys/{survey}/
// drivers): which of its rating questions and matrix rows (ScaleItems) move an outcome among
// them, analysed as drivers/key_drivers.h says (minimum n, bootstrap budget, performance on
// one axis, ranking) over the answers the metrics view holds.
//
// Thread-safety: as ResultsService.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "drivers/key_drivers.h"
#include "metrics/view.h"
#include "results/results.h"

namespace nazar::results {

// Question ids (a matrix row's is "<matrix>.<row>") longer than this are refused unread.
inline constexpr size_t kMaxQuestionIdBytes = 130;

// The questions of an analysis: the outcome and the drivers that explain it.
struct DriverChoice {
  std::string outcome;
  std::vector<std::string> drivers;
};

// The outcome asked for, else the survey's first NPS question, else its first CSAT question;
// the drivers asked for (at most drivers::kMaxDrivers, none twice, not the outcome), else
// every other scale item of the survey, the first kMaxDrivers of them when there are more.
// InvalidArgument on "outcome" or "drivers" saying what is wrong.
Result<DriverChoice> ChooseDrivers(const std::vector<ScaleItem>& items,
                                   const std::optional<std::string>& outcome,
                                   const std::optional<std::vector<std::string>>& drivers);

struct SurveyDrivers {
  std::vector<ScaleItem> items;  // the outcome, then the drivers in the order chosen
  drivers::KeyDriverReport report;
};

// The answers of the survey's complete responses that pass `filter` to the chosen questions
// (ResultsService::ReadScaleAnswers, which fails as it says), analysed. What the analysis
// finds wrong is about the data, not the request's form (a driver constant over the
// responses, collinear drivers): FailedPrecondition on "outcome", "drivers" or "missing".
Result<SurveyDrivers> AnalyzeSurveyDrivers(ResultsService& results, const Organisation& org,
                                           int64_t survey_id, const metrics::Filter& filter,
                                           const DriverChoice& choice,
                                           const drivers::KeyDriverOptions& options);

}  // namespace nazar::results
