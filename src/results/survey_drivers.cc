#include "results/survey_drivers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

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

// Pearson's r of two columns over the rows where both are present; NaN under 3 such rows or
// when either is constant there.
double PairwiseCorrelation(const std::vector<double>& a, const std::vector<double>& b) {
  double n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    n += 1;
    sa += a[i];
    sb += b[i];
    saa += a[i] * a[i];
    sbb += b[i] * b[i];
    sab += a[i] * b[i];
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (n < 3) return nan;
  const double va = saa - sa * sa / n, vb = sbb - sb * sb / n;
  if (va <= 0 || vb <= 0) return nan;
  return (sab - sa * sb / n) / std::sqrt(va * vb);
}

// Whether a question's text, in any of its languages, asks for an overall judgement.
bool AsksOverall(const survey::LocalizedText& label) {
  constexpr std::string_view kWords[] = {"overall", "در مجموع", "در کل", "به طور کلی", "به‌طور کلی"};
  for (const auto& [language, text] : label) {
    std::string lower = text;
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string_view word : kWords)
      if (lower.find(word) != std::string::npos) return true;
  }
  return false;
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
  choice.by_default = !drivers.has_value();
  return choice;
}

std::vector<ExcludedDriver> OutcomeLike(const std::vector<ScaleItem>& items,
                                        const std::vector<std::vector<double>>& columns) {
  auto overall = [](survey::QuestionType t) {
    return t == survey::QuestionType::kNps || t == survey::QuestionType::kCsat;
  };
  std::vector<ExcludedDriver> out;
  for (size_t j = 1; j < items.size(); ++j) {
    const double r = PairwiseCorrelation(columns[0], columns[j]);
    if (overall(items[0].type) && overall(items[j].type)) {
      out.push_back({items[j].id, "outcome_kind", r});
    } else if (AsksOverall(items[j].label)) {
      out.push_back({items[j].id, "outcome_wording", r});
    } else if (std::abs(r) >= kOutcomeLikeCorrelation) {
      out.push_back({items[j].id, "correlation", r});
    }
  }
  if (out.size() + 1 == items.size()) out.clear();
  return out;
}

Result<SurveyDrivers> AnalyzeSurveyDrivers(ResultsService& results, const Organisation& org,
                                           int64_t survey_id, const metrics::Filter& filter,
                                           const DriverChoice& choice,
                                           const drivers::KeyDriverOptions& options) {
  std::vector<std::string> ids = {choice.outcome};
  ids.insert(ids.end(), choice.drivers.begin(), choice.drivers.end());
  TRY_ASSIGN(ScaleAnswers read, results.ReadScaleAnswers(org, survey_id, filter, ids));
  std::vector<std::vector<double>>& columns = read.answers.columns;
  std::vector<ExcludedDriver> excluded;
  if (choice.by_default) excluded = OutcomeLike(read.items, columns);
  // The outcome, then the drivers kept.
  std::vector<ScaleItem> items;
  std::vector<std::vector<double>> kept;
  std::vector<std::string> names;
  for (size_t j = 0; j < read.items.size(); ++j) {
    if (j > 0 && std::ranges::find(excluded, read.items[j].id, &ExcludedDriver::id) != excluded.end())
      continue;
    items.push_back(std::move(read.items[j]));
    kept.push_back(std::move(columns[j]));
    if (j > 0) names.push_back(items.back().id);
  }
  std::vector<drivers::DriverScale> scales;
  for (size_t j = 1; j < items.size(); ++j)
    scales.push_back({static_cast<double>(items[j].scale.min),
                      static_cast<double>(items[j].scale.max)});
  auto report = drivers::AnalyzeKeyDrivers(kept.front(), std::span(kept).subspan(1), names,
                                           scales, options);
  if (!report) return Fail(AsDataError(std::move(report).error()));
  return SurveyDrivers{std::move(items), std::move(*report), std::move(excluded)};
}

}  // namespace nazar::results
