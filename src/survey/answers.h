// Answers to a survey, checked against its definition.
//
// JSON shape: {"<question id>": value}, where value is
//   nps / csat / ces / rating   an integer on the question's scale
//   single_choice               a choice id
//   multiple_choice             a list of distinct choice ids
//   text                        a string (at most the question's max_length characters)
//   number                      a number (an integer when the question says so)
//   matrix                      {"<row id>": integer on the scale}
// With InputMode::kDtmf (IVR systems) every value is a string of keypad digits: a scale
// question takes the number typed ("10" for ten), a single choice the 1-based position of
// the choice, a number question the number typed.
//
// Logic: a question is shown when its display_if holds for the answers given so far; after
// an answered question, the first of its skip rules that holds ends the survey at an end
// screen. Answers to questions that end up not shown are dropped (the respondent changed
// an earlier answer), never stored.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "survey/definition.h"

namespace nazar::survey {

using MatrixAnswer = std::map<std::string, int64_t, std::less<>>;
using AnswerValue =
    std::variant<int64_t, double, std::string, std::vector<std::string>, MatrixAnswer>;
using Answers = std::map<std::string, AnswerValue, std::less<>>;

enum class InputMode { kDirect, kDtmf };

// Errors name the answer: "answers.nps", "answers.grid.speed", "answers.features[2]".
Result<Answers> ParseAnswers(const Definition& definition, const Json& answers,
                             InputMode mode = InputMode::kDirect);

struct Walk {
  std::vector<const Question*> shown;     // in order, up to the end
  std::optional<std::string> end_screen;  // set when a skip rule ended the survey early
};
Walk WalkSurvey(const Definition& definition, const Answers& answers);

// Keeps only the answers to shown questions.
Answers KeepShown(const Definition& definition, const Answers& answers);

// For a finished response: every shown required question has an answer.
// Error: "answers.<id>" "is required".
Result<void> CheckComplete(const Definition& definition, const Answers& answers);

bool ConditionHolds(const Condition& condition, const Answers& answers);
bool GroupHolds(const ConditionGroup& group, const Answers& answers);

Json ToJson(const Answers& answers);

}  // namespace nazar::survey
