#include "results/survey_drivers.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/try.h"

namespace nazar::results {
namespace {

const ScaleItem* FindItem(const std::vector<ScaleItem>& items, std::string_view id) {
  auto it = std::ranges::find(items, id, &ScaleItem::id);
  return it == items.end() ? nullptr : &*it;
}

Error NotAnItem(std::string_view id, std::string field) {
  return Error::InvalidArgument(
      fmt::format("\"{}\" is not a rating question or matrix row (<matrix>.<row>) of the survey",
                  id),
      std::move(field));
}

Result<std::string> OutcomeOf(const std::vector<ScaleItem>& items,
                              const std::optional<std::string>& asked) {
  if (asked) {
    if (asked->size() > kMaxQuestionIdBytes)
      return Fail(Error::InvalidArgument("outcome is too long", "outcome"));
    if (!FindItem(items, *asked)) return Fail(NotAnItem(*asked, "outcome"));
    return *asked;
  }
  for (survey::QuestionType type : {survey::QuestionType::kNps, survey::QuestionType::kCsat}) {
    auto it = std::ranges::find(items, type, &ScaleItem::type);
    if (it != items.end()) return it->id;
  }
  return Fail(Error::InvalidArgument(
      "the survey has no NPS or CSAT question: name the outcome question", "outcome"));
}

Result<std::vector<std::string>> DriversOf(const std::vector<ScaleItem>& items,
                                           const std::optional<std::vector<std::string>>& asked,
                                           const std::string& outcome) {
  std::vector<std::string> ids;
  if (asked) {
    ids = *asked;
    for (size_t i = 0; i < ids.size(); ++i) {
      const std::string& id = ids[i];
      if (id.empty() || id.size() > kMaxQuestionIdBytes || !FindItem(items, id))
        return Fail(NotAnItem(id, "drivers"));
      if (id == outcome)
        return Fail(Error::InvalidArgument(
            fmt::format("\"{}\" is the outcome; it cannot also be a driver", id), "drivers"));
      if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), id) !=
          ids.begin() + static_cast<std::ptrdiff_t>(i))
        return Fail(Error::InvalidArgument(fmt::format("\"{}\" is named twice", id), "drivers"));
    }
  } else {
    for (const ScaleItem& item : items)
      if (item.id != outcome) ids.push_back(item.id);
    if (ids.empty())
      return Fail(Error::InvalidArgument(
          fmt::format("the survey has no rating question besides \"{}\" to explain it with",
                      outcome),
          "drivers"));
    if (ids.size() > drivers::kMaxDrivers) ids.resize(drivers::kMaxDrivers);
  }
  if (ids.size() > drivers::kMaxDrivers)
    return Fail(Error::InvalidArgument(
        fmt::format("{} drivers: at most {} can be analysed at once (the exact decomposition "
                    "doubles in cost with each); choose them with drivers=a,b,c",
                    ids.size(), drivers::kMaxDrivers),
        "drivers"));
  return ids;
}

// The analysis's fields ("outcome", "drivers[2]", "options.missing") as the request names
// them, and as a state of the data (409).
Error AsDataError(Error error) {
  if (error.field.starts_with("drivers")) {
    error.field = "drivers";
  } else if (error.field == "options.missing") {
    error.field = "missing";
  } else if (error.field != "outcome") {
    return error;
  }
  error.code = ErrorCode::kFailedPrecondition;
  return error;
}

}  // namespace

Result<DriverChoice> ChooseDrivers(const std::vector<ScaleItem>& items,
                                   const std::optional<std::string>& outcome,
                                   const std::optional<std::vector<std::string>>& drivers) {
  DriverChoice choice;
  TRY_ASSIGN(choice.outcome, OutcomeOf(items, outcome));
  TRY_ASSIGN(choice.drivers, DriversOf(items, drivers, choice.outcome));
  return choice;
}

Result<SurveyDrivers> AnalyzeSurveyDrivers(ResultsService& results, const Organisation& org,
                                           int64_t survey_id, const metrics::Filter& filter,
                                           const DriverChoice& choice,
                                           const drivers::KeyDriverOptions& options) {
  std::vector<std::string> ids = {choice.outcome};
  ids.insert(ids.end(), choice.drivers.begin(), choice.drivers.end());
  TRY_ASSIGN(ScaleAnswers read, results.ReadScaleAnswers(org, survey_id, filter, ids));
  const std::vector<std::vector<double>>& columns = read.answers.columns;
  std::vector<drivers::DriverScale> scales;
  for (size_t j = 1; j < read.items.size(); ++j)
    scales.push_back({static_cast<double>(read.items[j].scale.min),
                      static_cast<double>(read.items[j].scale.max)});
  auto report = drivers::AnalyzeKeyDrivers(columns.front(), std::span(columns).subspan(1),
                                           choice.drivers, scales, options);
  if (!report) return Fail(AsDataError(std::move(report).error()));
  return SurveyDrivers{std::move(read.items), std::move(*report)};
}

}  // namespace nazar::results
