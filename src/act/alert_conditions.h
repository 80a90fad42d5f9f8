// An alert rule's conditions on one response, and their test. Pure: the service gathers
// what a response says (ResponseFacts) and asks whether a rule's conditions hold.
//
// A rule's conditions are a JSON array of objects, all of which must hold ("match": "all",
// the default) or one of which ("any"):
//   {"field": "answer.nps", "op": "<=", "value": 6}
//   {"field": "answer.reason", "op": "in", "value": ["price", "delivery"]}
//   {"field": "sentiment", "op": "=", "value": "negative"}   any comment's label, or "mixed"
//   {"field": "topic", "op": "in", "value": ["delivery", "wait_time"]}   any comment's topic
//   {"field": "comment", "op": "contains", "value": "refund"}   folded as comment search folds
//   {"field": "comment", "op": "contains_any", "value": ["لغو", "cancel"]}
//   {"field": "touchpoint" | "channel" | "agent" | "language", "op": "=" | "!=" | "in", …}
//   {"field": "hidden.city", "op": "=", "value": "Tehran"}
//   {"field": "persona", "op": "=", "value": 4}   a persona (id) the contact belongs to
// Operators: "=", "!=", "<", "<=", ">", ">=" (numbers; "=" and "!=" also text), "in" and
// "not_in" (a list of numbers or texts), "answered", "contains", "contains_any".
// A condition on a value the response lacks (no such answer, no agent, no comment) never
// holds, "!=" and "not_in" included: "agent != x" does not fire on a response without agent.
//
// Errors are InvalidArgument naming the field: "conditions[2].op", "conditions[0].value".
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

namespace nazar::act {

enum class ConditionOp { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn, kAnswered, kContains, kContainsAny };
std::string_view ToString(ConditionOp op);
std::optional<ConditionOp> ParseConditionOp(std::string_view text);

enum class ConditionField { kAnswer, kSentiment, kTopic, kComment, kTouchpoint, kChannel, kAgent, kLanguage, kHidden, kPersona };

struct Condition {
  ConditionField field = ConditionField::kAnswer;
  std::string key;  // the question id (answer.<id>) or hidden field name (hidden.<name>)
  ConditionOp op = ConditionOp::kEq;
  // The operand: numbers or texts, one or a list ("in", "not_in", "contains_any"); comment
  // phrases are kept folded (FoldText below).
  std::vector<double> numbers;
  std::vector<std::string> texts;
};

struct Conditions {
  bool any = false;  // "match": "any"; else every condition must hold
  std::vector<Condition> all;
};

// Folds comment text and phrases the same way (comments::FoldForSearch): the caller passes
// the folding function so this stays free of the text module.
using FoldText = std::string (*)(std::string_view);

// Reads {"match"?: "all"|"any", "conditions": [...]} (other members are the caller's).
// At least one condition, at most 20.
Result<Conditions> ParseConditions(const Json& rule, FoldText fold);
Json ToJson(const Conditions& conditions);

// What one response says, as conditions read it.
struct ResponseFacts {
  Json answers = Json::object();         // question id -> answer (number, text, list)
  std::map<std::string, std::string> hidden;
  std::string touchpoint, channel, agent, language;
  std::vector<std::string> sentiments;   // each comment's label
  std::vector<std::string> topics;       // each comment's topics
  std::string comment_text;              // Matchable(folded comments)
  std::vector<int64_t> personas;         // the contact's personas
};

// Comment text as phrases are matched: the caller's folding, then half-spaces (ZWNJ) read as
// spaces and runs of spaces as one, so "می‌خواهم" and "می خواهم" meet. Facts' comment_text
// must be made with it.
std::string Matchable(std::string folded);

bool Holds(const Condition& condition, const ResponseFacts& facts);
bool Holds(const Conditions& conditions, const ResponseFacts& facts);

// The question ids the conditions read (for checking them against a survey).
std::vector<std::pair<size_t, std::string>> QuestionsRead(const Conditions& conditions);

}  // namespace nazar::act
