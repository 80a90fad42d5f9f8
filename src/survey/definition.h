// A survey definition: questions, languages, display and skip logic, hidden fields, end
// screens. Parsed from JSON with errors that name the path ("questions[3].choices"), and
// serialised back to the same JSON.
//
// JSON shape (every text is an object with one entry per survey language):
//   { "title": {"fa": "...", "en": "..."}, "languages": ["fa", "en"],
//     "default_language": "fa", "intro": {...}, "thank_you": {...},
//     "hidden_fields": ["touchpoint", "agent", "order"],
//     "questions": [ {"id": "nps", "type": "nps", "required": true, "text": {...},
//                     "display_if": {"all": [{"question": "q1", "op": "eq", "value": "x"}]},
//                     "skip": [{"if": {"any": [...]}, "to": "sorry"}] }, ... ],
//     "end_screens": [ {"id": "sorry", "text": {...}} ] }
// Question types and their extra fields:
//   nps (0-10), csat (1-5), ces (1-7)        "labels": {"low": {...}, "high": {...}}
//   rating      "min", "max" (scale, max-min <= 10), "style": "stars" | "scale"
//   single_choice, multiple_choice  "choices": [{"id", "text"}], multiple: "max_selected"
//   text        "max_length" (default 2000, at most 10000), "multiline"
//   number      "min", "max", "integer"
//   matrix      "rows": [{"id", "text"}], "min", "max" (the Likert scale of every row)
// Conditions: {"question": id of an EARLIER question, "op": eq|neq|lt|lte|gt|gte|in|not_in|
//              answered|not_answered|contains, "value": number | string | [..]}.
//
// Thread-safety: plain values; immutable after parsing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace nazar::survey {

enum class QuestionType {
  kNps,
  kCsat,
  kCes,
  kRating,
  kSingleChoice,
  kMultipleChoice,
  kText,
  kNumber,
  kMatrix,
};
std::string_view ToString(QuestionType type);
std::optional<QuestionType> ParseQuestionType(std::string_view text);
// True for types answered with one number on a fixed scale (NPS, CSAT, CES, rating).
bool IsScale(QuestionType type);

inline constexpr std::string_view kLanguages[] = {"fa", "en"};

// One text per language: {"fa": "...", "en": "..."}.
using LocalizedText = std::map<std::string, std::string, std::less<>>;

struct Choice {
  std::string id;
  LocalizedText text;
};

enum class ConditionOp { kEq, kNeq, kLt, kLte, kGt, kGte, kIn, kNotIn, kAnswered, kNotAnswered, kContains };
std::string_view ToString(ConditionOp op);

// A literal compared with an answer: a number, a choice id or text.
using Literal = std::variant<double, std::string>;

struct Condition {
  std::string question;
  ConditionOp op = ConditionOp::kEq;
  std::vector<Literal> values;  // one for comparisons, several for in/not_in
};

// Conditions combined with AND ("all") or OR ("any").
struct ConditionGroup {
  bool any = false;
  std::vector<Condition> conditions;
};

struct SkipRule {
  ConditionGroup when;
  std::string to_end_screen;
};

struct Question {
  std::string id;
  QuestionType type = QuestionType::kNps;
  bool required = false;
  LocalizedText text;
  LocalizedText help;
  // Scale questions and matrix rows: the allowed whole numbers.
  int scale_min = 0;
  int scale_max = 10;
  LocalizedText low_label;
  LocalizedText high_label;
  std::string style;  // rating: "stars" or "scale"
  std::vector<Choice> choices;  // single/multiple choice
  int max_selected = 0;         // multiple choice; 0 = no limit
  std::vector<Choice> rows;     // matrix
  int max_length = 2000;        // text
  bool multiline = true;        // text
  std::optional<double> number_min, number_max;  // number
  bool integer = false;                          // number
  std::optional<ConditionGroup> display_if;
  std::vector<SkipRule> skip;
};

struct EndScreen {
  std::string id;
  LocalizedText text;
};

struct Definition {
  LocalizedText title;
  std::vector<std::string> languages;  // subset of kLanguages, in preference order
  std::string default_language;
  LocalizedText intro;
  LocalizedText thank_you;
  std::vector<std::string> hidden_fields;
  std::vector<Question> questions;
  std::vector<EndScreen> end_screens;

  const Question* FindQuestion(std::string_view id) const;
  int IndexOf(std::string_view question_id) const;  // -1 when absent
};

// Limits that keep a definition reasonable.
inline constexpr size_t kMaxQuestions = 200;
inline constexpr size_t kMaxChoices = 100;
inline constexpr size_t kMaxTextChars = 2000;   // a question's or a label's text
inline constexpr int kMaxAnswerTextChars = 10000;
// The largest magnitude a number question takes (its own min/max narrow it further):
// beyond it doubles stop holding whole numbers exactly (2^53 ≈ 9.007e15), and 2^64 or
// 1e308 are never an age, a price or a count.
inline constexpr double kMaxNumberAnswer = 1e15;

// Parses and validates; the error's field is the JSON path of the first problem.
Result<Definition> ParseDefinition(const Json& json);
Json ToJson(const Definition& definition);

}  // namespace nazar::survey
