#include "survey/answers.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace nazar::survey {
namespace {

std::optional<int64_t> Digits(const Json& v) {
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > 12) return std::nullopt;
  int64_t out = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return out;
}

Result<AnswerValue> ParseOne(const Question& q, const Json& v, InputMode mode,
                             const std::string& path) {
  auto bad = [&](std::string message) { return Fail(Error::InvalidArgument(std::move(message), path)); };
  const bool dtmf = mode == InputMode::kDtmf;
  switch (q.type) {
    case QuestionType::kNps:
    case QuestionType::kCsat:
    case QuestionType::kCes:
    case QuestionType::kRating: {
      std::optional<int64_t> x;
      if (dtmf) {
        x = Digits(v);
      } else if (v.is_number_integer()) {
        x = v.get<int64_t>();
      }
      if (!x) return bad(fmt::format("{} must be a whole number from {} to {}{}", path, q.scale_min,
                                     q.scale_max, dtmf ? " (keypad digits)" : ""));
      if (*x < q.scale_min || *x > q.scale_max)
        return bad(fmt::format("{} must be from {} to {}", path, q.scale_min, q.scale_max));
      return AnswerValue(*x);
    }
    case QuestionType::kSingleChoice: {
      if (dtmf) {
        auto pos = Digits(v);
        if (!pos || *pos < 1 || *pos > static_cast<int64_t>(q.choices.size()))
          return bad(fmt::format("{} must be a key from 1 to {}", path, q.choices.size()));
        return AnswerValue(q.choices[*pos - 1].id);
      }
      if (!v.is_string()) return bad(path + " must be a choice id");
      std::string id = v;
      bool known = std::any_of(q.choices.begin(), q.choices.end(), [&](const Choice& c) { return c.id == id; });
      if (!known) return bad(path + " is not one of the question's choices");
      return AnswerValue(id);
    }
    case QuestionType::kMultipleChoice: {
      if (dtmf) return bad(path + ": multiple choice cannot be answered with keypad digits");
      if (!v.is_array()) return bad(path + " must be a list of choice ids");
      std::vector<std::string> ids;
      std::set<std::string> seen;
      for (size_t i = 0; i < v.size(); ++i) {
        std::string p = fmt::format("{}[{}]", path, i);
        if (!v[i].is_string()) return Fail(Error::InvalidArgument(p + " must be a choice id", p));
        std::string id = v[i];
        bool known = std::any_of(q.choices.begin(), q.choices.end(), [&](const Choice& c) { return c.id == id; });
        if (!known) return Fail(Error::InvalidArgument(p + " is not one of the question's choices", p));
        if (!seen.insert(id).second) return Fail(Error::InvalidArgument(p + " is chosen twice", p));
        ids.push_back(id);
      }
      if (q.max_selected > 0 && ids.size() > static_cast<size_t>(q.max_selected))
        return bad(fmt::format("{} allows at most {} choices", path, q.max_selected));
      return AnswerValue(std::move(ids));
    }
    case QuestionType::kText: {
      if (dtmf) return bad(path + ": text cannot be answered with keypad digits");
      if (!v.is_string()) return bad(path + " must be text");
      std::string text = v;
      if (Utf8Length(text) > static_cast<size_t>(q.max_length))
        return bad(fmt::format("{} must be at most {} characters", path, q.max_length));
      if (std::any_of(text.begin(), text.end(), [](unsigned char c) {
            return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
          }))
        return bad(path + " must not contain control characters");
      return AnswerValue(std::move(text));
    }
    case QuestionType::kNumber: {
      double x;
      if (dtmf) {
        auto d = Digits(v);
        if (!d) return bad(path + " must be keypad digits");
        x = static_cast<double>(*d);
      } else if (v.is_number()) {
        x = v.get<double>();
      } else {
        return bad(path + " must be a number");
      }
      if (!std::isfinite(x)) return bad(path + " must be a finite number");
      if (std::abs(x) > kMaxNumberAnswer) return bad(path + " must be between -1e15 and 1e15");
      if (q.integer && x != std::floor(x)) return bad(path + " must be a whole number");
      if ((q.number_min && x < *q.number_min) || (q.number_max && x > *q.number_max)) {
        return bad(fmt::format("{} must be between {} and {}", path,
                               q.number_min ? fmt::format("{}", *q.number_min) : "-inf",
                               q.number_max ? fmt::format("{}", *q.number_max) : "inf"));
      }
      if (q.integer) return AnswerValue(static_cast<int64_t>(x));
      return AnswerValue(x);
    }
    case QuestionType::kMatrix: {
      if (dtmf) return bad(path + ": a matrix cannot be answered with keypad digits");
      if (!v.is_object()) return bad(path + " must be an object of row id to a number");
      MatrixAnswer m;
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::string p = path + "." + it.key();
        bool known = std::any_of(q.rows.begin(), q.rows.end(), [&](const Choice& r) { return r.id == it.key(); });
        if (!known) return Fail(Error::InvalidArgument(p + " is not one of the question's rows", p));
        if (!it->is_number_integer() || it->get<int64_t>() < q.scale_min ||
            it->get<int64_t>() > q.scale_max) {
          return Fail(Error::InvalidArgument(
              fmt::format("{} must be a whole number from {} to {}", p, q.scale_min, q.scale_max), p));
        }
        m.emplace(it.key(), it->get<int64_t>());
      }
      if (m.empty()) return bad(path + " must answer at least one row");
      return AnswerValue(std::move(m));
    }
  }
  return bad(path + " has an unknown type");
}

std::optional<double> AsNumber(const AnswerValue& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

bool Equals(const AnswerValue& v, const Literal& lit) {
  if (auto* d = std::get_if<double>(&lit)) {
    auto n = AsNumber(v);
    return n && *n == *d;
  }
  const std::string& s = std::get<std::string>(lit);
  if (auto* str = std::get_if<std::string>(&v)) return *str == s;
  return false;
}

}  // namespace

Result<Answers> ParseAnswers(const Definition& d, const Json& answers, InputMode mode) {
  if (!answers.is_object()) {
    return Fail(Error::InvalidArgument("answers must be an object of question id to answer", "answers"));
  }
  Answers out;
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    std::string path = "answers." + it.key();
    const Question* q = d.FindQuestion(it.key());
    if (!q) return Fail(Error::InvalidArgument(path + " is not a question of this survey", path));
    if (it->is_null()) continue;  // explicitly unanswered
    auto v = ParseOne(*q, *it, mode, path);
    if (!v) return Fail(v.error());
    out.emplace(it.key(), std::move(*v));
  }
  return out;
}

bool ConditionHolds(const Condition& c, const Answers& answers) {
  auto it = answers.find(c.question);
  if (c.op == ConditionOp::kAnswered) return it != answers.end();
  if (c.op == ConditionOp::kNotAnswered) return it == answers.end();
  if (it == answers.end()) return false;  // every comparison needs an answer
  const AnswerValue& v = it->second;
  switch (c.op) {
    case ConditionOp::kEq: return Equals(v, c.values.front());
    case ConditionOp::kNeq: return !Equals(v, c.values.front());
    case ConditionOp::kIn:
      return std::any_of(c.values.begin(), c.values.end(), [&](const Literal& l) { return Equals(v, l); });
    case ConditionOp::kNotIn:
      return std::none_of(c.values.begin(), c.values.end(), [&](const Literal& l) { return Equals(v, l); });
    case ConditionOp::kContains: {
      auto* ids = std::get_if<std::vector<std::string>>(&v);
      auto* want = std::get_if<std::string>(&c.values.front());
      if (ids && want) return std::find(ids->begin(), ids->end(), *want) != ids->end();
      auto* text = std::get_if<std::string>(&v);
      return text && want && text->find(*want) != std::string::npos;
    }
    case ConditionOp::kLt:
    case ConditionOp::kLte:
    case ConditionOp::kGt:
    case ConditionOp::kGte: {
      auto n = AsNumber(v);
      double x = std::get<double>(c.values.front());
      if (!n) return false;
      if (c.op == ConditionOp::kLt) return *n < x;
      if (c.op == ConditionOp::kLte) return *n <= x;
      if (c.op == ConditionOp::kGt) return *n > x;
      return *n >= x;
    }
    default: return false;
  }
}

bool GroupHolds(const ConditionGroup& g, const Answers& answers) {
  auto holds = [&](const Condition& c) { return ConditionHolds(c, answers); };
  return g.any ? std::any_of(g.conditions.begin(), g.conditions.end(), holds)
               : std::all_of(g.conditions.begin(), g.conditions.end(), holds);
}

Walk WalkSurvey(const Definition& d, const Answers& answers) {
  Walk walk;
  for (const Question& q : d.questions) {
    if (q.display_if && !GroupHolds(*q.display_if, answers)) continue;
    walk.shown.push_back(&q);
    if (!answers.contains(q.id)) continue;
    for (const SkipRule& rule : q.skip) {
      if (GroupHolds(rule.when, answers)) {
        walk.end_screen = rule.to_end_screen;
        return walk;
      }
    }
  }
  return walk;
}

Answers KeepShown(const Definition& d, const Answers& answers) {
  // Display logic may depend on answers that are themselves dropped: iterate to a fixpoint.
  Answers current = answers;
  for (size_t round = 0; round <= d.questions.size(); ++round) {
    Walk walk = WalkSurvey(d, current);
    Answers kept;
    for (const Question* q : walk.shown) {
      auto it = current.find(q->id);
      if (it != current.end()) kept.emplace(it->first, it->second);
    }
    if (kept.size() == current.size()) return kept;
    current = std::move(kept);
  }
  return current;
}

Result<void> CheckComplete(const Definition& d, const Answers& answers) {
  for (const Question* q : WalkSurvey(d, answers).shown) {
    if (q->required && !answers.contains(q->id)) {
      std::string path = "answers." + q->id;
      return Fail(Error::InvalidArgument(path + " is required", path));
    }
  }
  return {};
}

Json ToJson(const Answers& answers) {
  Json out = Json::object();
  for (const auto& [id, v] : answers) {
    std::visit([&](const auto& x) {
      using T = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<T, MatrixAnswer>) {
        Json m = Json::object();
        for (const auto& [row, value] : x) m[row] = value;
        out[id] = m;
      } else {
        out[id] = x;
      }
    }, v);
  }
  return out;
}

}  // namespace nazar::survey
