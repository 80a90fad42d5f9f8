#include "act/alert_conditions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/enum_names.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr size_t kMaxConditions = 20;
constexpr size_t kMaxOperands = 100;
constexpr size_t kMaxTextChars = 200;

constexpr EnumNames<ConditionOp, 11> kOps{{{ConditionOp::kEq, "="},
                                           {ConditionOp::kNe, "!="},
                                           {ConditionOp::kLt, "<"},
                                           {ConditionOp::kLe, "<="},
                                           {ConditionOp::kGt, ">"},
                                           {ConditionOp::kGe, ">="},
                                           {ConditionOp::kIn, "in"},
                                           {ConditionOp::kNotIn, "not_in"},
                                           {ConditionOp::kAnswered, "answered"},
                                           {ConditionOp::kContains, "contains"},
                                           {ConditionOp::kContainsAny, "contains_any"}}};

constexpr EnumNames<ConditionField, 8> kPlainFields{{{ConditionField::kSentiment, "sentiment"},
                                                     {ConditionField::kTopic, "topic"},
                                                     {ConditionField::kComment, "comment"},
                                                     {ConditionField::kTouchpoint, "touchpoint"},
                                                     {ConditionField::kChannel, "channel"},
                                                     {ConditionField::kAgent, "agent"},
                                                     {ConditionField::kLanguage, "language"},
                                                     {ConditionField::kPersona, "persona"}}};

constexpr std::string_view kSentiments[] = {"negative", "neutral", "positive", "mixed"};

bool IsKey(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}

bool IsOrdering(ConditionOp op) {
  return op == ConditionOp::kLt || op == ConditionOp::kLe || op == ConditionOp::kGt ||
         op == ConditionOp::kGe;
}
bool TakesList(ConditionOp op) {
  return op == ConditionOp::kIn || op == ConditionOp::kNotIn || op == ConditionOp::kContainsAny;
}

// The operators each field accepts.
bool Allowed(ConditionField field, ConditionOp op) {
  switch (field) {
    case ConditionField::kAnswer:
      return op != ConditionOp::kContains && op != ConditionOp::kContainsAny;
    case ConditionField::kComment:
      return op == ConditionOp::kContains || op == ConditionOp::kContainsAny;
    case ConditionField::kSentiment:
    case ConditionField::kTopic:
    case ConditionField::kPersona:
      return op == ConditionOp::kEq || op == ConditionOp::kIn || op == ConditionOp::kNotIn;
    default:
      return op == ConditionOp::kEq || op == ConditionOp::kNe || op == ConditionOp::kIn ||
             op == ConditionOp::kNotIn;
  }
}

Result<Condition> ParseOne(const Json& j, const std::string& at, FoldText fold) {
  auto bad = [&](std::string_view member, std::string message) {
    return Fail(Error::InvalidArgument(std::move(message), fmt::format("{}.{}", at, member)));
  };
  if (!j.is_object()) return Fail(Error::InvalidArgument("a condition must be an object", at));
  for (const auto& [k, v] : j.items()) {
    if (k != "field" && k != "op" && k != "value") return bad(k, fmt::format("unknown member {}", k));
  }
  Condition c;
  const Json* field = j.contains("field") ? &j["field"] : nullptr;
  if (!field || !field->is_string()) return bad("field", "field is required");
  const std::string& name = field->get_ref<const std::string&>();
  if (name.starts_with("answer.") || name.starts_with("hidden.")) {
    c.field = name.starts_with("answer.") ? ConditionField::kAnswer : ConditionField::kHidden;
    c.key = name.substr(7);
    if (!IsKey(c.key)) return bad("field", fmt::format("{} does not name a {}", name, name.substr(0, 6) == "answer" ? "question" : "hidden field"));
  } else if (auto f = ParseName(kPlainFields, name)) {
    c.field = *f;
  } else {
    return bad("field", fmt::format("unknown field {}: answer.<question>, hidden.<name>, {}", name,
                                    NamesList(kPlainFields)));
  }
  const Json* op = j.contains("op") ? &j["op"] : nullptr;
  std::optional<ConditionOp> parsed =
      op && op->is_string() ? ParseName(kOps, op->get<std::string>()) : std::nullopt;
  if (!parsed) return bad("op", fmt::format("op must be one of {}", NamesList(kOps)));
  c.op = *parsed;
  if (!Allowed(c.field, c.op))
    return bad("op", fmt::format("{} cannot be compared with {}", name, ToString(c.op)));
  if (c.op == ConditionOp::kAnswered) {
    if (j.contains("value")) return bad("value", "answered takes no value");
    return c;
  }
  if (!j.contains("value")) return bad("value", "value is required");
  const Json& value = j["value"];
  std::vector<const Json*> items;
  if (TakesList(c.op)) {
    if (!value.is_array() || value.empty() || value.size() > kMaxOperands)
      return bad("value", fmt::format("{} takes a list of 1 to {} values", ToString(c.op), kMaxOperands));
    for (const Json& v : value) items.push_back(&v);
  } else {
    items.push_back(&value);
  }
  const bool numeric = IsOrdering(c.op) || c.field == ConditionField::kPersona;
  for (const Json* v : items) {
    if (v->is_number() && std::isfinite(v->get<double>()) && c.field != ConditionField::kComment &&
        c.field != ConditionField::kSentiment && c.field != ConditionField::kTopic) {
      c.numbers.push_back(v->get<double>());
    } else if (v->is_string() && !numeric) {
      const std::string& t = v->get_ref<const std::string&>();
      if (t.empty() || Utf8Length(t) > kMaxTextChars)
        return bad("value", fmt::format("a value must be text of 1 to {} characters", kMaxTextChars));
      if (c.field == ConditionField::kSentiment &&
          std::find(std::begin(kSentiments), std::end(kSentiments), t) == std::end(kSentiments))
        return bad("value", "sentiment is negative, neutral, positive or mixed");
      c.texts.push_back(c.field == ConditionField::kComment ? Matchable(fold(t)) : t);
      const std::string& kept = c.texts.back();
      bool wordy = std::any_of(kept.begin(), kept.end(), [](char ch) {
        auto u = static_cast<unsigned char>(ch);
        return u >= 0x80 || std::isalnum(u);
      });
      if (!wordy) return bad("value", "the phrase has no letters or digits");
    } else {
      return bad("value", numeric ? "value must be a number" : "value must be text or a number");
    }
  }
  return c;
}

bool NumberIn(double x, const std::vector<double>& set) {
  return std::any_of(set.begin(), set.end(), [&](double v) { return std::fabs(v - x) < 1e-9; });
}
bool TextIn(std::string_view x, const std::vector<std::string>& set) {
  return std::find(set.begin(), set.end(), x) != set.end();
}

// One value against the operator (a value that is there).
bool Compare(const Json& v, const Condition& c) {
  if (v.is_number()) {
    double x = v.get<double>();
    switch (c.op) {
      case ConditionOp::kEq: return NumberIn(x, c.numbers);
      case ConditionOp::kNe: return !NumberIn(x, c.numbers);
      case ConditionOp::kLt: return x < c.numbers.front();
      case ConditionOp::kLe: return x <= c.numbers.front();
      case ConditionOp::kGt: return x > c.numbers.front();
      case ConditionOp::kGe: return x >= c.numbers.front();
      case ConditionOp::kIn: return NumberIn(x, c.numbers);
      case ConditionOp::kNotIn: return !NumberIn(x, c.numbers);
      default: return false;
    }
  }
  if (v.is_string()) {
    const std::string& x = v.get_ref<const std::string&>();
    switch (c.op) {
      case ConditionOp::kEq:
      case ConditionOp::kIn: return TextIn(x, c.texts);
      case ConditionOp::kNe:
      case ConditionOp::kNotIn: return !TextIn(x, c.texts);
      default: return false;
    }
  }
  if (v.is_array()) {  // a multiple choice: "in" holds when one chosen is listed
    bool negative = c.op == ConditionOp::kNe || c.op == ConditionOp::kNotIn;
    bool some = std::any_of(v.begin(), v.end(), [&](const Json& e) {
      Condition positive = c;
      if (negative) positive.op = ConditionOp::kIn;
      return Compare(e, positive);
    });
    return negative ? !some && !v.empty() : some;
  }
  return false;
}

// A list-valued fact (sentiments, topics, personas): "=" and "in" hold when one is listed,
// "not_in" when none is; an empty list satisfies nothing.
template <typename T, typename In>
bool AnyOf(const std::vector<T>& values, const Condition& c, In in) {
  if (values.empty()) return false;
  bool some = std::any_of(values.begin(), values.end(), in);
  return c.op == ConditionOp::kNotIn ? !some : some;
}

bool Text(const std::string& value, const Condition& c) {
  return !value.empty() && Compare(Json(value), c);
}

}  // namespace

std::string_view ToString(ConditionOp op) { return NameOf(kOps, op); }
std::optional<ConditionOp> ParseConditionOp(std::string_view text) { return ParseName(kOps, text); }

Result<Conditions> ParseConditions(const Json& rule, FoldText fold) {
  Conditions out;
  if (rule.contains("match")) {
    const Json& m = rule["match"];
    if (!m.is_string() || (m != "all" && m != "any"))
      return Fail(Error::InvalidArgument("match is all or any", "match"));
    out.any = m == "any";
  }
  if (!rule.contains("conditions") || !rule["conditions"].is_array() || rule["conditions"].empty())
    return Fail(Error::InvalidArgument("conditions must be a list of at least one condition", "conditions"));
  const Json& list = rule["conditions"];
  if (list.size() > kMaxConditions)
    return Fail(Error::InvalidArgument(fmt::format("at most {} conditions", kMaxConditions), "conditions"));
  for (size_t i = 0; i < list.size(); ++i) {
    TRY_ASSIGN(Condition c, ParseOne(list[i], fmt::format("conditions[{}]", i), fold));
    out.all.push_back(std::move(c));
  }
  return out;
}

Json ToJson(const Conditions& conditions) {
  Json list = Json::array();
  for (const Condition& c : conditions.all) {
    std::string field;
    if (c.field == ConditionField::kAnswer) field = "answer." + c.key;
    else if (c.field == ConditionField::kHidden) field = "hidden." + c.key;
    else field = std::string(NameOf(kPlainFields, c.field));
    Json j = {{"field", field}, {"op", ToString(c.op)}};
    if (c.op != ConditionOp::kAnswered) {
      Json values = Json::array();
      for (double n : c.numbers) values.push_back(n);
      for (const std::string& t : c.texts) values.push_back(t);
      j["value"] = TakesList(c.op) ? values : values.front();
    }
    list.push_back(std::move(j));
  }
  return {{"match", conditions.any ? "any" : "all"}, {"conditions", std::move(list)}};
}

std::string Matchable(std::string folded) {
  static constexpr std::string_view kZwnj = "\u200c";
  std::string out;
  out.reserve(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    bool space = folded[i] == ' ' || folded[i] == '\n' || folded[i] == '\t';
    if (std::string_view(folded).substr(i, kZwnj.size()) == kZwnj) {
      space = true;
      i += kZwnj.size() - 1;
    }
    if (!space) out.push_back(folded[i]);
    else if (!out.empty() && out.back() != ' ') out.push_back(' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool Holds(const Condition& c, const ResponseFacts& f) {
  switch (c.field) {
    case ConditionField::kAnswer: {
      if (!f.answers.is_object() || !f.answers.contains(c.key)) return false;
      const Json& v = f.answers[c.key];
      if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) return false;
      return c.op == ConditionOp::kAnswered || Compare(v, c);
    }
    case ConditionField::kHidden: {
      auto it = f.hidden.find(c.key);
      return it != f.hidden.end() && Text(it->second, c);
    }
    case ConditionField::kTouchpoint: return Text(f.touchpoint, c);
    case ConditionField::kChannel: return Text(f.channel, c);
    case ConditionField::kAgent: return Text(f.agent, c);
    case ConditionField::kLanguage: return Text(f.language, c);
    case ConditionField::kSentiment:
      return AnyOf(f.sentiments, c, [&](const std::string& s) { return TextIn(s, c.texts); });
    case ConditionField::kTopic:
      return AnyOf(f.topics, c, [&](const std::string& s) { return TextIn(s, c.texts); });
    case ConditionField::kPersona:
      return AnyOf(f.personas, c, [&](int64_t p) { return NumberIn(static_cast<double>(p), c.numbers); });
    case ConditionField::kComment:
      if (f.comment_text.empty()) return false;
      return std::any_of(c.texts.begin(), c.texts.end(), [&](const std::string& phrase) {
        return f.comment_text.find(phrase) != std::string::npos;
      });
  }
  return false;
}

bool Holds(const Conditions& conditions, const ResponseFacts& facts) {
  auto holds = [&](const Condition& c) { return Holds(c, facts); };
  return conditions.any ? std::any_of(conditions.all.begin(), conditions.all.end(), holds)
                        : std::all_of(conditions.all.begin(), conditions.all.end(), holds);
}

std::vector<std::pair<size_t, std::string>> QuestionsRead(const Conditions& conditions) {
  std::vector<std::pair<size_t, std::string>> out;
  for (size_t i = 0; i < conditions.all.size(); ++i) {
    if (conditions.all[i].field == ConditionField::kAnswer) out.emplace_back(i, conditions.all[i].key);
  }
  return out;
}

}  // namespace nazar::act
