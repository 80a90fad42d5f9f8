// Decoding the respondent page's form (application/x-www-form-urlencoded) into the JSON
// shape survey::ParseAnswers takes, and checking answers with messages for the respondent.
//
// Field names are those of page.h: a.<question>, a.<matrix>.<row>, h.<hidden field>,
// response_id, language, website (the honeypot). An empty value means "not answered".
// Numbers may be typed in Persian or Arabic-Indic digits ("۱۲٫۵" = 12.5).
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "survey/answers.h"
#include "survey/definition.h"

namespace nazar::collect_web {

// Limits on a submitted form.
inline constexpr size_t kMaxFormFields = 2000;
inline constexpr size_t kMaxResponseIdChars = 128;
inline constexpr size_t kMaxHiddenValueChars = 500;

struct FormSubmission {
  std::string response_id;  // "" when the form had none
  std::string language;     // one of the survey's languages (its default when absent)
  std::map<std::string, std::string, std::less<>> hidden;  // declared hidden fields only
  bool honeypot_filled = false;                            // a bot: acknowledge, store nothing
  // {"<question id>": value} for survey::ParseAnswers: integers for scale questions, numbers
  // for number questions, choice ids, a list of ids for multiple choice, {"<row>": integer}
  // for a matrix, text with CRLF as LF and surrounding white space trimmed.
  Json answers = Json::object();
};

// Splits a urlencoded body into name/value pairs in order ('+' is a space, %XX a byte).
// Errors: "body" for a malformed escape or more than kMaxFormFields fields; the name of
// a field whose name or value is not valid UTF-8.
Result<std::vector<std::pair<std::string, std::string>>> DecodeUrlEncoded(std::string_view body);

// Decodes the page's form. Errors name the field: "answers.nps" (not a whole number,
// given twice), "answers.grid.speed", "answers.ghost" (no such question), "hidden.agent"
// (undeclared, too long or with control characters), "language", "response_id", "body"
// (malformed), or the name of a field the page does not have. Whether answers fit their questions
// is for survey::ParseAnswers / CheckAnswers.
Result<FormSubmission> ParseFormSubmission(const survey::Definition& definition,
                                           std::string_view body);

// Answers checked for showing the page again: every problem at once, worded for the
// respondent in `language`, keyed by question id.
struct CheckedAnswers {
  survey::Answers answers;  // the valid answers to questions that are shown
  std::map<std::string, std::string, std::less<>> errors;
  bool ok() const { return errors.empty(); }
};
// Each answer is parsed alone (survey::ParseAnswers); invalid ones get a message and are
// left out; answers to questions that logic hides are dropped (survey::KeepShown); every
// shown required question without an answer gets "Please answer this question."
CheckedAnswers CheckAnswers(const survey::Definition& definition, const Json& answers,
                            std::string_view language);

// A message for the respondent about `error` (from ParseFormSubmission or
// survey::ParseAnswers), keyed as PageOptions::errors wants it: the question id when the
// error's field names an answer, else "".
std::pair<std::string, std::string> RespondentError(const survey::Definition& definition,
                                                    const Error& error, std::string_view language);

}  // namespace nazar::collect_web
