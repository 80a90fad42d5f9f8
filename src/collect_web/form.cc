#include "collect_web/form.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "collect_web/html.h"
#include "collect_web/ui_text.h"
#include "core/jalali.h"

namespace nazar::collect_web {
namespace {

using survey::Question;
using survey::QuestionType;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string_view TrimAscii(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// A number as typed: ASCII, Persian or Arabic-Indic digits, '.' or the Arabic decimal
// separator U+066B, optional U+066C thousands separators, an optional sign (also U+2212).
// No exponent, no "inf". Whole numbers become JSON integers.
std::optional<Json> ParseTypedNumber(std::string_view raw, bool whole_only) {
  std::string s = ToAsciiDigits(TrimAscii(raw));
  ReplaceAll(s, "\xD9\xAB", ".");      // U+066B ARABIC DECIMAL SEPARATOR
  ReplaceAll(s, "\xD9\xAC", "");       // U+066C ARABIC THOUSANDS SEPARATOR
  ReplaceAll(s, "\xE2\x88\x92", "-");  // U+2212 MINUS SIGN
  std::string_view v = s;
  if (!v.empty() && v.front() == '+') v.remove_prefix(1);
  size_t digits = 0, dots = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.') {
      ++dots;
    } else if (!(c == '-' && i == 0)) {
      return std::nullopt;
    }
  }
  if (digits == 0 || dots > 1 || digits > 30) return std::nullopt;
  if (dots == 0) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec == std::errc() && end == v.data() + v.size()) return Json(n);
    if (whole_only) return std::nullopt;  // out of int64 range
  } else if (whole_only) {
    return std::nullopt;
  }
  std::string text(v);
  if (text.front() == '.' || (text.size() > 1 && text[0] == '-' && text[1] == '.')) {
    text.insert(text.front() == '-' ? 1 : 0, "0");
  }
  double x = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x))
    return std::nullopt;
  return Json(x);
}

bool ValidResponseId(std::string_view id) {
  return id.size() <= kMaxResponseIdChars && std::all_of(id.begin(), id.end(), [](unsigned char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':';
         });
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

Error Invalid(std::string field, std::string message) {
  return Error::InvalidArgument(std::move(message), std::move(field));
}

// One answer field ("a.<question>" or "a.<question>.<row>") into `answers`.
Result<void> AddAnswer(const survey::Definition& d, std::string_view name, const std::string& value,
                       Json& answers) {
  std::string_view rest = name.substr(2);
  const size_t dot = rest.find('.');
  const std::string qid(rest.substr(0, dot));
  const std::string path = "answers." + qid;
  const Question* q = d.FindQuestion(qid);
  if (!q) return Fail(Invalid(path, path + " is not a question of this survey"));
  const bool is_matrix = q->type == QuestionType::kMatrix;
  if (is_matrix != (dot != std::string_view::npos)) {
    return Fail(Invalid(path, is_matrix ? path + " is answered by row: a." + qid + ".<row>"
                                        : path + " has no rows"));
  }
  std::string text = value;
  ReplaceAll(text, "\r\n", "\n");
  const std::string_view trimmed = TrimAscii(text);
  if (trimmed.empty()) return {};  // not answered

  if (is_matrix) {
    const std::string row(rest.substr(dot + 1));
    const std::string row_path = path + "." + row;
    auto x = ParseTypedNumber(trimmed, true);
    if (!x) return Fail(Invalid(row_path, row_path + " must be a whole number"));
    Json& m = answers[qid];
    if (m.is_null()) m = Json::object();
    if (m.contains(row)) return Fail(Invalid(row_path, row_path + " is given twice"));
    m[row] = *x;
    return {};
  }
  if (q->type == QuestionType::kMultipleChoice) {
    Json& list = answers[qid];
    if (list.is_null()) list = Json::array();
    list.push_back(std::string(trimmed));
    return {};
  }
  if (answers.contains(qid)) return Fail(Invalid(path, path + " is given twice"));
  if (survey::IsScale(q->type) || q->type == QuestionType::kNumber) {
    const bool whole = q->type != QuestionType::kNumber;
    auto x = ParseTypedNumber(trimmed, whole);
    if (!x)
      return Fail(Invalid(path, path + (whole ? " must be a whole number" : " must be a number")));
    answers[qid] = *x;
    return {};
  }
  answers[qid] = std::string(trimmed);
  return {};
}

std::string NumberText(double x, std::string_view language) {
  return DigitsIn(fmt::format("{}", x), language);
}

// The message for an answer that does not fit its question.
// What to fix in an answer to `q` that was refused; `given` (when known) tells a text that
// is too long from one with characters a text cannot hold (a NUL byte, other controls).
std::string ProblemMessage(const Question& q, std::string_view language,
                           const Json* given = nullptr) {
  const UiText& ui = UiFor(language);
  switch (q.type) {
    case QuestionType::kNps:
    case QuestionType::kCsat:
    case QuestionType::kCes:
    case QuestionType::kRating:
    case QuestionType::kSingleChoice:
      return std::string(ui.choose_one);
    case QuestionType::kMultipleChoice:
      if (q.max_selected > 0) return Fill(ui.too_many, "n", Digits(q.max_selected, language));
      return std::string(ui.choose_one);
    case QuestionType::kText:
      if (given && given->is_string() &&
          Utf8Length(given->get_ref<const std::string&>()) <= static_cast<size_t>(q.max_length))
        return std::string(ui.bad_characters);
      return Fill(ui.too_long, "n", Digits(q.max_length, language));
    case QuestionType::kNumber: {
      std::string m(q.integer ? ui.whole_number : ui.bad_number);
      if (q.number_min && q.number_max) {
        m += " " + Fill(Fill(ui.number_range, "min", NumberText(*q.number_min, language)), "max",
                        NumberText(*q.number_max, language));
      } else if (q.number_min) {
        m += " " + Fill(ui.number_min, "min", NumberText(*q.number_min, language));
      } else if (q.number_max) {
        m += " " + Fill(ui.number_max, "max", NumberText(*q.number_max, language));
      }
      return m;
    }
    case QuestionType::kMatrix:
      return std::string(ui.matrix_rows);
  }
  return std::string(ui.choose_one);
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> DecodeUrlEncoded(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    if (out.size() == kMaxFormFields) {
      return Fail(
          Error::TooLarge(fmt::format("a form has at most {} fields", kMaxFormFields), "body"));
    }
    const size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq));
    auto value =
        PercentDecode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) return Fail(Invalid("body", "the form has a malformed %-escape"));
    if (!IsValidUtf8(*name)) return Fail(Invalid("body", "a field name is not valid UTF-8"));
    if (!IsValidUtf8(*value)) return Fail(Invalid(*name, *name + " is not valid UTF-8"));
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

Result<FormSubmission> ParseFormSubmission(const survey::Definition& d, std::string_view body) {
  auto fields = DecodeUrlEncoded(body);
  if (!fields) return Fail(fields.error());
  FormSubmission form;
  bool seen_response_id = false, seen_language = false;
  for (const auto& [name, value] : *fields) {
    if (name.starts_with("a.")) {
      if (auto added = AddAnswer(d, name, value, form.answers); !added) return Fail(added.error());
    } else if (name.starts_with("h.")) {
      const std::string hidden = name.substr(2);
      const std::string path = "hidden." + hidden;
      if (std::find(d.hidden_fields.begin(), d.hidden_fields.end(), hidden) ==
          d.hidden_fields.end()) {
        return Fail(Invalid(path, path + " is not a hidden field of this survey"));
      }
      if (form.hidden.contains(hidden)) return Fail(Invalid(path, path + " is given twice"));
      if (Utf8Length(value) > kMaxHiddenValueChars || HasControl(value)) {
        return Fail(Invalid(path, fmt::format("{} must be at most {} characters of text", path,
                                              kMaxHiddenValueChars)));
      }
      if (!value.empty()) form.hidden.emplace(hidden, value);
    } else if (name == "response_id") {
      if (seen_response_id) return Fail(Invalid(name, "response_id is given twice"));
      seen_response_id = true;
      if (!ValidResponseId(value)) {
        return Fail(Invalid(name, fmt::format("response_id must be at most {} letters, digits, "
                                              "'-', '_', '.' or ':'",
                                              kMaxResponseIdChars)));
      }
      form.response_id = value;
    } else if (name == "language") {
      if (seen_language) return Fail(Invalid(name, "language is given twice"));
      seen_language = true;
      if (!value.empty() &&
          std::find(d.languages.begin(), d.languages.end(), value) == d.languages.end()) {
        return Fail(Invalid(name, "language must be one of the survey's languages"));
      }
      form.language = value;
    } else if (name == "website") {
      form.honeypot_filled = form.honeypot_filled || !TrimAscii(value).empty();
    } else {
      return Fail(Invalid(name, "the survey form has no field " + name));
    }
  }
  if (form.language.empty()) form.language = PageLanguage(d, "");
  return form;
}

CheckedAnswers CheckAnswers(const survey::Definition& d, const Json& answers,
                            std::string_view language) {
  CheckedAnswers out;
  const std::string lang = PageLanguage(d, language);
  survey::Answers valid;
  std::map<std::string, std::string, std::less<>> problems;
  if (answers.is_object()) {
    for (auto it = answers.begin(); it != answers.end(); ++it) {
      const Question* q = d.FindQuestion(it.key());
      if (!q) {
        problems.emplace("", std::string(UiFor(lang).form_problem));
        continue;
      }
      auto one = survey::ParseAnswers(d, Json{{it.key(), *it}});
      if (one) {
        valid.merge(*one);
      } else {
        problems.emplace(q->id, ProblemMessage(*q, lang, &*it));
      }
    }
  } else {
    problems.emplace("", std::string(UiFor(lang).form_problem));
  }
  out.answers = survey::KeepShown(d, valid);
  const survey::Walk walk = survey::WalkSurvey(d, out.answers);
  for (const Question* q : walk.shown) {
    if (auto p = problems.find(q->id); p != problems.end()) {
      out.errors.emplace(q->id, p->second);
    } else if (q->required && !out.answers.contains(q->id)) {
      out.errors.emplace(q->id, std::string(UiFor(lang).answer_required));
    }
  }
  if (auto p = problems.find(""); p != problems.end()) out.errors.emplace(p->first, p->second);
  return out;
}

std::pair<std::string, std::string> RespondentError(const survey::Definition& d, const Error& error,
                                                    std::string_view language) {
  const std::string lang = PageLanguage(d, language);
  std::string_view field = error.field;
  if (field.starts_with("answers.")) {
    field.remove_prefix(8);
    const std::string qid(field.substr(0, field.find_first_of(".[")));
    if (const Question* q = d.FindQuestion(qid)) return {qid, ProblemMessage(*q, lang)};
  }
  if (error.code == ErrorCode::kUnavailable) return {"", std::string(UiFor(lang).not_saved)};
  return {"", std::string(UiFor(lang).form_problem)};
}

}  // namespace nazar::collect_web
