// Query planning for ResponseView: validation and filter plans. See view_plan.h.
#include "metrics/view_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace nazar::metrics::view_internal {
namespace {

// The index of the first item whose name repeats an earlier one's.
template <typename V>
std::optional<size_t> FirstRepeatedName(const std::vector<std::pair<std::string, V>>& items) {
  constexpr size_t kQuadraticUpTo = 16;
  if (items.size() <= kQuadraticUpTo) {
    for (size_t i = 1; i < items.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (items[i].first == items[j].first) return i;
      }
    }
    return std::nullopt;
  }
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!seen.insert(items[i].first).second) return i;
  }
  return std::nullopt;
}

template <typename V>
Result<void> ValidateNames(const std::vector<std::pair<std::string, V>>& items,
                           std::string_view list, std::string_view name) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].first.empty()) {
      return Fail(
          Error::InvalidArgument("must not be empty", fmt::format("{}[{}].{}", list, i, name)));
    }
  }
  if (const auto repeated = FirstRepeatedName(items)) {
    return Fail(Error::InvalidArgument(
        fmt::format("\"{}\" appears more than once in the response", items[*repeated].first),
        fmt::format("{}[{}].{}", list, *repeated, name)));
  }
  return {};
}

Result<void> ValidateDay(int64_t day, std::string field) {
  if (day < kMinViewDay || day > kMaxViewDay) {
    return Fail(
        Error::InvalidArgument(fmt::format("day {} is outside {}..{} (1900-01-01..2199-12-31)", day,
                                           kMinViewDay, kMaxViewDay),
                               std::move(field)));
  }
  return {};
}

}  // namespace

Result<void> ValidateRow(const ResponseRow& row) {
  if (auto valid = ValidateDay(row.local_day, "local_day"); !valid) return valid;
  for (size_t i = 0; i < row.scores.size(); ++i) {
    const int32_t value = row.scores[i].second;
    if (value < kMinStoredScore || value > kMaxStoredScore) {
      return Fail(Error::InvalidArgument(
          fmt::format("score {} is outside {}..{}", value, kMinStoredScore, kMaxStoredScore),
          fmt::format("scores[{}].value", i)));
    }
  }
  if (auto valid = ValidateNames(row.scores, "scores", "question_id"); !valid) return valid;
  if (auto valid = ValidateNames(row.attributes, "attributes", "name"); !valid) return valid;
  for (const auto& [values, name] : {std::pair{&row.topics, "topics"},
                                      std::pair{&row.personas, "personas"},
                                      std::pair{&row.topic_sentiments, "topic_sentiments"}}) {
    for (size_t i = 0; i < values->size(); ++i) {
      if ((*values)[i].empty()) {
        return Fail(Error::InvalidArgument("must not be empty", fmt::format("{}[{}]", name, i)));
      }
    }
  }
  return ValidateNames(row.choices, "choices", "question_id");
}

Result<void> ValidateDimension(const DimensionRef& ref, std::string field) {
  if ((ref.dimension == Dimension::kAttribute || ref.dimension == Dimension::kChoice) &&
      ref.name.empty()) {
    return Fail(
        Error::InvalidArgument("an attribute or choice dimension needs a name", std::move(field)));
  }
  return {};
}

Result<void> ValidateQuery(const ScoreQuery& query) {
  if (query.question_id.empty()) {
    return Fail(Error::InvalidArgument("must not be empty", "question_id"));
  }
  const int64_t width = int64_t{query.scale_max} - query.scale_min + 1;
  if (width < 1) return Fail(Error::InvalidArgument("must not be below scale_min", "scale_max"));
  if (width > kMaxScalePoints) {
    return Fail(Error::InvalidArgument(
        fmt::format("a scale may have at most {} values", kMaxScalePoints), "scale_max"));
  }
  if (query.group_by) return ValidateDimension(*query.group_by, "group_by.name");
  return {};
}

Result<FilterPlan> PlanFilter(const Table& table, const Filter& filter) {
  if (filter.from_day) {
    if (auto valid = ValidateDay(*filter.from_day, "filter.from_day"); !valid) {
      return Fail(valid.error());
    }
  }
  if (filter.to_day) {
    if (auto valid = ValidateDay(*filter.to_day, "filter.to_day"); !valid) {
      return Fail(valid.error());
    }
  }
  if (filter.from_day && filter.to_day && *filter.from_day > *filter.to_day) {
    return Fail(Error::InvalidArgument("must not be before from_day", "filter.to_day"));
  }
  for (size_t i = 0; i < filter.equals.size(); ++i) {
    const auto& [ref, values] = filter.equals[i];
    if (auto valid = ValidateDimension(ref, fmt::format("filter.equals[{}].dimension.name", i));
        !valid) {
      return Fail(valid.error());
    }
    if (values.empty()) {
      return Fail(Error::InvalidArgument("needs at least one value",
                                         fmt::format("filter.equals[{}].values", i)));
    }
  }

  FilterPlan plan;
  plan.lo = std::max(filter.from_day.value_or(kMinViewDay), table.min_day);
  plan.hi = std::min(filter.to_day.value_or(kMaxViewDay), table.max_day);
  if (plan.lo > plan.hi) plan.matches_nothing = true;

  auto restrict = [&](const DimensionColumn* column, bool multi,
                      std::span<const std::string> values) {
    if (column == nullptr) {  // no row carries it: every row reads ""
      if (std::ranges::find(values, std::string_view{}) == values.end()) {
        plan.matches_nothing = true;
      }
      return;
    }
    const Dictionary& dictionary = column->dictionary;
    std::vector<uint8_t> accepted(dictionary.Size(), 0);
    if (multi) {  // the sets that hold any of the values
      for (uint32_t code = 0; code < dictionary.Size(); ++code) {
        accepted[code] = MeetsAny(dictionary.Value(code), values) ? 1 : 0;
      }
    } else {
      for (const std::string& value : values) {
        if (const auto code = dictionary.Find(value)) accepted[*code] = 1;
      }
    }
    auto same = std::ranges::find(plan.predicates, &column->codes, &Predicate::codes);
    if (same == plan.predicates.end()) {
      plan.predicates.push_back({&column->codes, std::move(accepted)});
    } else {
      for (size_t c = 0; c < accepted.size(); ++c) same->accepted[c] &= accepted[c];
    }
  };
  for (const auto& [ref, values] : filter.equals) {
    restrict(table.ColumnOf(ref), IsMultiValued(ref.dimension), values);
  }
  if (filter.survey_id) {
    const std::string key = SurveyKey(*filter.survey_id);
    restrict(&table.survey, false, std::span<const std::string>(&key, 1));
  }

  for (Predicate& predicate : plan.predicates) {
    std::vector<uint32_t> codes;
    for (uint32_t c = 0; c < predicate.accepted.size() && codes.size() <= kFewCodes; ++c) {
      if (predicate.accepted[c] != 0) codes.push_back(c);
    }
    if (codes.empty()) plan.matches_nothing = true;
    if (!codes.empty() && codes.size() <= kFewCodes) {
      predicate.is_few = true;
      for (size_t i = 0; i < kFewCodes; ++i) {
        predicate.few[i] = codes[std::min(i, codes.size() - 1)];
      }
    }
  }
  return plan;
}

}  // namespace nazar::metrics::view_internal
