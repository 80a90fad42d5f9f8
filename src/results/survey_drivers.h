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
  // The drivers were not asked for: those that measure the outcome itself are left out
  // (OutcomeLike) when the answers are read.
  bool by_default = false;
};

// A default driver is left out as outcome-like when it is another overall score (an NPS or
// CSAT question beside an NPS or CSAT outcome: "overall satisfaction" for an NPS outcome),
// when its wording asks for an overall judgement ("overall", "در مجموع", "در کل", "به طور
// کلی") or when its answers correlate with the outcome's at |r| >= kOutcomeLikeCorrelation
// (nearly the same measurement: a real driver that dominates an outcome still sits lower, at
// 0.85-0.94 in the tests' synthetic data where the outcome is twice it plus noise). It would
// explain the outcome by restating it and leave every real driver "unimportant". Asked for by
// name (drivers=...), it is analysed like any other.
inline constexpr double kOutcomeLikeCorrelation = 0.95;

struct ExcludedDriver {
  std::string id;
  std::string reason;  // "outcome_kind", "outcome_wording" or "correlation"
  // Pearson's r with the outcome over the responses that answered both; NaN under 3 such.
  double r = 0.0;
};

// Which of `choice`'s default drivers are outcome-like, given the outcome's and each driver's
// answers (columns[0] the outcome, columns[j + 1] driver j; NaN unanswered) and items (the
// same order). Never all of them: when every driver would go, none does.
std::vector<ExcludedDriver> OutcomeLike(const std::vector<ScaleItem>& items,
                                        const std::vector<std::vector<double>>& columns);

// The outcome asked for, else the survey's first NPS question, else its first CSAT question;
// the drivers asked for (at most drivers::kMaxDrivers, none twice, not the outcome), else
// every other scale item of the survey, the first kMaxDrivers of them when there are more.
// InvalidArgument on "outcome" or "drivers" saying what is wrong.
Result<DriverChoice> ChooseDrivers(const std::vector<ScaleItem>& items,
                                   const std::optional<std::string>& outcome,
                                   const std::optional<std::vector<std::string>>& drivers);

struct SurveyDrivers {
  std::vector<ScaleItem> items;  // the outcome, then the drivers analysed, in the order chosen
  drivers::KeyDriverReport report;
  std::vector<ExcludedDriver> excluded;  // default drivers left out as outcome-like
};

// The answers of the survey's complete responses that pass `filter` to the chosen questions
// (ResultsService::ReadScaleAnswers, which fails as it says), the outcome-like default drivers
// left out, analysed. What the analysis
// finds wrong is about the data, not the request's form (a driver constant over the
// responses, collinear drivers): FailedPrecondition on "outcome", "drivers" or "missing".
Result<SurveyDrivers> AnalyzeSurveyDrivers(ResultsService& results, const Organisation& org,
                                           int64_t survey_id, const metrics::Filter& filter,
                                           const DriverChoice& choice,
                                           const drivers::KeyDriverOptions& options);

}  // namespace nazar::results
