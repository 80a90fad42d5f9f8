#include "survey/definition.h"

#include "core/enum_names.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <utility>

#include <fmt/format.h>

namespace nazar::survey {
namespace {

constexpr EnumNames<QuestionType, 9> kTypeNames{{
    {QuestionType::kNps, "nps"},
    {QuestionType::kCsat, "csat"},
    {QuestionType::kCes, "ces"},
    {QuestionType::kRating, "rating"},
    {QuestionType::kSingleChoice, "single_choice"},
    {QuestionType::kMultipleChoice, "multiple_choice"},
    {QuestionType::kText, "text"},
    {QuestionType::kNumber, "number"},
    {QuestionType::kMatrix, "matrix"},
}};

constexpr EnumNames<ConditionOp, 11> kOpNames{{
    {ConditionOp::kEq, "eq"},
    {ConditionOp::kNeq, "neq"},
    {ConditionOp::kLt, "lt"},
    {ConditionOp::kLte, "lte"},
    {ConditionOp::kGt, "gt"},
    {ConditionOp::kGte, "gte"},
    {ConditionOp::kIn, "in"},
    {ConditionOp::kNotIn, "not_in"},
    {ConditionOp::kAnswered, "answered"},
    {ConditionOp::kNotAnswered, "not_answered"},
    {ConditionOp::kContains, "contains"},
}};

bool ValidId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}

// The parser keeps the first error, like JsonObjectReader, so the code reads top-down.
class Parser {
 public:
  Result<Definition> Parse(const Json& json) {
    if (!json.is_object()) return Fail(Error::InvalidArgument("definition must be an object", "definition"));
    JsonObjectReader r(json);
    Definition d;
    ReadLanguages(r, d);
    languages_ = d.languages;
    d.title = Text(r, "title", "", true, kMaxTextChars);
    d.intro = Text(r, "intro", "", false, kMaxTextChars * 2);
    d.thank_you = Text(r, "thank_you", "", false, kMaxTextChars);
    ReadHiddenFields(r, d);
    ReadEndScreens(r, d);
    ReadQuestions(r, d);
    Finish(r);
    if (error_) return Fail(*error_);
    return d;
  }

 private:
  void Reject(std::string path, std::string message) {
    if (!error_) error_ = Error::InvalidArgument(std::move(message), std::move(path));
  }
  void Finish(JsonObjectReader& r) {
    if (auto done = r.Finish(); !done && !error_) error_ = done.error();
  }

  void ReadLanguages(JsonObjectReader& r, Definition& d) {
    const Json* langs = r.OptionalValue("languages");
    if (!langs) return Reject("languages", "languages is required: [\"fa\"], [\"en\"] or both");
    if (!langs->is_array() || langs->empty() || langs->size() > std::size(kLanguages)) {
      return Reject("languages", "languages must be a non-empty list of \"fa\" and \"en\"");
    }
    for (size_t i = 0; i < langs->size(); ++i) {
      const Json& l = (*langs)[i];
      std::string path = fmt::format("languages[{}]", i);
      if (!l.is_string() || std::find(std::begin(kLanguages), std::end(kLanguages),
                                      l.get<std::string>()) == std::end(kLanguages)) {
        return Reject(path, "a language must be \"fa\" or \"en\"");
      }
      if (std::find(d.languages.begin(), d.languages.end(), l.get<std::string>()) !=
          d.languages.end()) {
        return Reject(path, "language listed twice");
      }
      d.languages.push_back(l.get<std::string>());
    }
    auto def = r.OptionalString("default_language", {.max_chars = 8});
    d.default_language = def.value_or(d.languages.front());
    if (std::find(d.languages.begin(), d.languages.end(), d.default_language) == d.languages.end()) {
      Reject("default_language", "default_language must be one of languages");
    }
  }

  // A localized text at `parent.name`: one non-empty string per survey language.
  LocalizedText Text(JsonObjectReader& r, std::string_view name, std::string_view parent,
                     bool required, size_t max_chars) {
    LocalizedText out;
    std::string path = parent.empty() ? std::string(name) : fmt::format("{}.{}", parent, name);
    const Json* v = r.OptionalValue(name);
    if (!v) {
      if (required) Reject(path, path + " is required");
      return out;
    }
    if (v->is_string()) {  // shorthand for a one-language survey
      if (languages_.size() != 1) {
        Reject(path, fmt::format("{} needs one text per language ({})", path,
                                 fmt::join(languages_, ", ")));
        return out;
      }
      Json wrapped = {{languages_.front(), *v}};
      return TextObject(wrapped, path, max_chars);
    }
    return TextObject(*v, path, max_chars);
  }

  LocalizedText TextObject(const Json& v, const std::string& path, size_t max_chars) {
    LocalizedText out;
    if (!v.is_object()) {
      Reject(path, path + " must be an object of texts by language, e.g. {\"fa\": \"...\"}");
      return out;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (std::find(languages_.begin(), languages_.end(), it.key()) == languages_.end()) {
        Reject(path + "." + it.key(), "not one of the survey's languages");
        return out;
      }
    }
    for (const std::string& lang : languages_) {
      std::string p = path + "." + lang;
      auto it = v.find(lang);
      if (it == v.end() || !it->is_string() || it->get<std::string>().empty()) {
        Reject(p, p + " is required (a non-empty text)");
        return out;
      }
      if (Utf8Length(it->get<std::string>()) > max_chars) {
        Reject(p, fmt::format("{} must be at most {} characters", p, max_chars));
        return out;
      }
      out.emplace(lang, it->get<std::string>());
    }
    return out;
  }

  void ReadHiddenFields(JsonObjectReader& r, Definition& d) {
    const Json* v = r.OptionalValue("hidden_fields");
    if (!v) return;
    if (!v->is_array() || v->size() > 50) {
      return Reject("hidden_fields", "hidden_fields must be a list of at most 50 names");
    }
    for (size_t i = 0; i < v->size(); ++i) {
      std::string path = fmt::format("hidden_fields[{}]", i);
      if (!(*v)[i].is_string() || !ValidId((*v)[i].get<std::string>())) {
        return Reject(path, "a hidden field name uses letters, digits, _ or - (at most 64)");
      }
      std::string name = (*v)[i];
      if (std::find(d.hidden_fields.begin(), d.hidden_fields.end(), name) != d.hidden_fields.end())
        return Reject(path, "hidden field listed twice");
      d.hidden_fields.push_back(name);
    }
  }

  void ReadEndScreens(JsonObjectReader& r, Definition& d) {
    const Json* v = r.OptionalValue("end_screens");
    if (!v) return;
    if (!v->is_array() || v->size() > 20) {
      return Reject("end_screens", "end_screens must be a list of at most 20 screens");
    }
    for (size_t i = 0; i < v->size(); ++i) {
      std::string path = fmt::format("end_screens[{}]", i);
      if (!(*v)[i].is_object()) return Reject(path, "an end screen must be an object");
      JsonObjectReader er((*v)[i], path);
      EndScreen s;
      s.id = er.String("id", {.min_chars = 1, .max_chars = 64});
      if (er.ok() && !ValidId(s.id)) er.Reject("id", "an id uses letters, digits, _ or -");
      s.text = Text(er, "text", path, true, kMaxTextChars);
      Finish(er);
      if (error_) return;
      for (const auto& other : d.end_screens)
        if (other.id == s.id) return Reject(path + ".id", "end screen id used twice");
      d.end_screens.push_back(std::move(s));
    }
  }

  std::vector<Choice> Choices(JsonObjectReader& r, std::string_view name, const std::string& parent,
                              bool required) {
    std::vector<Choice> out;
    std::string path = parent + "." + std::string(name);
    const Json* v = r.OptionalValue(name);
    if (!v) {
      if (required) Reject(path, path + " is required");
      return out;
    }
    if (!v->is_array() || v->empty() || v->size() > kMaxChoices) {
      Reject(path, fmt::format("{} must be a list of 1 to {} items", path, kMaxChoices));
      return out;
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < v->size(); ++i) {
      std::string p = fmt::format("{}[{}]", path, i);
      if (!(*v)[i].is_object()) {
        Reject(p, "must be an object with id and text");
        return out;
      }
      JsonObjectReader cr((*v)[i], p);
      Choice c;
      c.id = cr.String("id", {.min_chars = 1, .max_chars = 64});
      if (cr.ok() && !ValidId(c.id)) cr.Reject("id", "an id uses letters, digits, _ or -");
      c.text = Text(cr, "text", p, true, kMaxTextChars);
      Finish(cr);
      if (error_) return out;
      if (!ids.insert(c.id).second) {
        Reject(p + ".id", "id used twice");
        return out;
      }
      out.push_back(std::move(c));
    }
    return out;
  }

  std::optional<Literal> ReadLiteral(const Json& v, const std::string& path) {
    if (v.is_number()) return Literal(v.get<double>());
    if (v.is_string()) return Literal(v.get<std::string>());
    Reject(path, "value must be a number or a string");
    return std::nullopt;
  }

  // Conditions may only look back: at questions before `index`.
  // `also` names one more question that may be referenced (a skip rule's own question).
  std::optional<ConditionGroup> Group(const Json& v, const std::string& path, const Definition& d,
                                      size_t index, std::string_view also = {}) {
    if (!v.is_object() || v.size() != 1 || !(v.contains("all") || v.contains("any"))) {
      Reject(path, "must be {\"all\": [conditions]} or {\"any\": [conditions]}");
      return std::nullopt;
    }
    ConditionGroup g;
    g.any = v.contains("any");
    std::string list_path = path + (g.any ? ".any" : ".all");
    const Json& list = g.any ? v["any"] : v["all"];
    if (!list.is_array() || list.empty() || list.size() > 20) {
      Reject(list_path, "must be a list of 1 to 20 conditions");
      return std::nullopt;
    }
    for (size_t i = 0; i < list.size(); ++i) {
      std::string p = fmt::format("{}[{}]", list_path, i);
      if (!list[i].is_object()) {
        Reject(p, "a condition must be an object");
        return std::nullopt;
      }
      JsonObjectReader cr(list[i], p);
      Condition c;
      c.question = cr.String("question", {.min_chars = 1, .max_chars = 64});
      std::string op = cr.String("op", {.min_chars = 1, .max_chars = 16});
      const Json* value = cr.OptionalValue("value");
      Finish(cr);
      if (error_) return std::nullopt;
      int ref = d.IndexOf(c.question);
      bool earlier = ref >= 0 && static_cast<size_t>(ref) < index;
      if (!earlier && (also.empty() || c.question != also)) {
        Reject(p + ".question", "must name an earlier question");
        return std::nullopt;
      }
      auto parsed_op = ParseName(kOpNames, op);
      if (!parsed_op) {
        Reject(p + ".op", "op must be one of " + NamesList(kOpNames, ", "));
        return std::nullopt;
      }
      c.op = *parsed_op;
      bool needs_value = c.op != ConditionOp::kAnswered && c.op != ConditionOp::kNotAnswered;
      if (needs_value && !value) {
        Reject(p + ".value", "value is required for op " + op);
        return std::nullopt;
      }
      if (value) {
        bool list_op = c.op == ConditionOp::kIn || c.op == ConditionOp::kNotIn;
        if (list_op) {
          if (!value->is_array() || value->empty()) {
            Reject(p + ".value", "value must be a non-empty list for op " + op);
            return std::nullopt;
          }
          for (size_t k = 0; k < value->size(); ++k) {
            auto lit = ReadLiteral((*value)[k], fmt::format("{}.value[{}]", p, k));
            if (!lit) return std::nullopt;
            c.values.push_back(*lit);
          }
        } else {
          auto lit = ReadLiteral(*value, p + ".value");
          if (!lit) return std::nullopt;
          bool ordered = c.op == ConditionOp::kLt || c.op == ConditionOp::kLte ||
                         c.op == ConditionOp::kGt || c.op == ConditionOp::kGte;
          if (ordered && !std::holds_alternative<double>(*lit)) {
            Reject(p + ".value", "value must be a number for op " + op);
            return std::nullopt;
          }
          c.values.push_back(*lit);
        }
      }
      g.conditions.push_back(std::move(c));
    }
    return g;
  }

  void ScaleBounds(JsonObjectReader& qr, Question& q, int default_min, int default_max) {
    q.scale_min = static_cast<int>(qr.OptionalInt("min", {.min = 0, .max = 100}).value_or(default_min));
    q.scale_max = static_cast<int>(qr.OptionalInt("max", {.min = 1, .max = 100}).value_or(default_max));
    if (qr.ok() && (q.scale_max <= q.scale_min || q.scale_max - q.scale_min > 10)) {
      qr.Reject("max", "max must be above min, at most 10 steps apart");
    }
  }

  void ReadQuestions(JsonObjectReader& r, Definition& d) {
    const Json* v = r.OptionalValue("questions");
    if (!v) return Reject("questions", "questions is required");
    if (!v->is_array() || v->empty() || v->size() > kMaxQuestions) {
      return Reject("questions", fmt::format("questions must be a list of 1 to {} questions",
                                             kMaxQuestions));
    }
    for (size_t i = 0; i < v->size(); ++i) {
      std::string path = fmt::format("questions[{}]", i);
      if (!(*v)[i].is_object()) return Reject(path, "a question must be an object");
      JsonObjectReader qr((*v)[i], path);
      Question q;
      q.id = qr.String("id", {.min_chars = 1, .max_chars = 64});
      if (qr.ok() && !ValidId(q.id)) qr.Reject("id", "an id uses letters, digits, _ or -");
      std::string type = qr.String("type", {.min_chars = 1, .max_chars = 32});
      if (!qr.ok()) return Finish(qr);  // the rest depends on a valid id and type
      if (d.FindQuestion(q.id)) return Reject(path + ".id", "question id used twice");
      auto t = ParseQuestionType(type);
      if (!t) {
        return Reject(path + ".type", "type must be one of " + NamesList(kTypeNames, ", "));
      }
      q.type = *t;
      q.required = qr.OptionalBool("required").value_or(false);
      q.text = Text(qr, "text", path, true, kMaxTextChars);
      q.help = Text(qr, "help", path, false, kMaxTextChars);
      switch (q.type) {
        case QuestionType::kNps: q.scale_min = 0; q.scale_max = 10; break;
        case QuestionType::kCsat: q.scale_min = 1; q.scale_max = 5; break;
        case QuestionType::kCes: q.scale_min = 1; q.scale_max = 7; break;
        case QuestionType::kRating: {
          ScaleBounds(qr, q, 1, 5);
          q.style = qr.OptionalString("style", {.max_chars = 16}).value_or("stars");
          if (qr.ok() && q.style != "stars" && q.style != "scale")
            qr.Reject("style", "style must be \"stars\" or \"scale\"");
          break;
        }
        case QuestionType::kSingleChoice:
        case QuestionType::kMultipleChoice:
          q.choices = Choices(qr, "choices", path, true);
          if (q.type == QuestionType::kMultipleChoice) {
            q.max_selected = static_cast<int>(
                qr.OptionalInt("max_selected", {.min = 1, .max = static_cast<int64_t>(kMaxChoices)})
                    .value_or(0));
          }
          break;
        case QuestionType::kText:
          q.max_length = static_cast<int>(
              qr.OptionalInt("max_length", {.min = 1, .max = kMaxAnswerTextChars}).value_or(2000));
          q.multiline = qr.OptionalBool("multiline").value_or(true);
          break;
        case QuestionType::kNumber: {
          const Json* mn = qr.OptionalValue("min");
          const Json* mx = qr.OptionalValue("max");
          for (auto [name, value] : {std::pair{"min", mn}, std::pair{"max", mx}}) {
            if (!value) continue;
            if (!value->is_number()) {
              qr.Reject(name, fmt::format("{} must be a number", name));
            } else if (std::abs(value->get<double>()) > kMaxNumberAnswer) {
              qr.Reject(name, fmt::format("{} must be between -1e15 and 1e15", name));
            }
          }
          if (qr.ok()) {
            if (mn) q.number_min = mn->get<double>();
            if (mx) q.number_max = mx->get<double>();
            if (q.number_min && q.number_max && *q.number_max < *q.number_min)
              qr.Reject("max", "max must not be below min");
          }
          q.integer = qr.OptionalBool("integer").value_or(false);
          break;
        }
        case QuestionType::kMatrix:
          q.rows = Choices(qr, "rows", path, true);
          ScaleBounds(qr, q, 1, 5);
          break;
      }
      if (IsScale(q.type) || q.type == QuestionType::kMatrix) {
        if (const Json* labels = qr.OptionalValue("labels")) {
          std::string lp = path + ".labels";
          if (!labels->is_object()) {
            Reject(lp, "labels must be {\"low\": {...}, \"high\": {...}}");
          } else {
            JsonObjectReader lr(*labels, lp);
            q.low_label = Text(lr, "low", lp, false, 200);
            q.high_label = Text(lr, "high", lp, false, 200);
            Finish(lr);
          }
        }
      }
      if (const Json* display = qr.OptionalValue("display_if")) {
        q.display_if = Group(*display, path + ".display_if", d, i);
      }
      if (const Json* skip = qr.OptionalValue("skip")) {
        std::string sp = path + ".skip";
        if (!skip->is_array() || skip->size() > 10) {
          Reject(sp, "skip must be a list of at most 10 rules");
        } else {
          for (size_t k = 0; k < skip->size() && !error_; ++k) {
            std::string rp = fmt::format("{}[{}]", sp, k);
            if (!(*skip)[k].is_object()) {
              Reject(rp, "a skip rule must be {\"if\": {...}, \"to\": end screen id}");
              break;
            }
            JsonObjectReader sr((*skip)[k], rp);
            const Json* when = sr.OptionalValue("if");
            std::string to = sr.String("to", {.min_chars = 1, .max_chars = 64});
            Finish(sr);
            if (error_) break;
            if (!when) {
              Reject(rp + ".if", "if is required");
              break;
            }
            // The rule may look at this question too: it runs once it is answered.
            auto g = Group(*when, rp + ".if", d, d.questions.size(), q.id);
            if (!g) break;
            bool known = std::any_of(d.end_screens.begin(), d.end_screens.end(),
                                     [&](const EndScreen& s) { return s.id == to; });
            if (!known) {
              Reject(rp + ".to", "must name one of end_screens");
              break;
            }
            q.skip.push_back({std::move(*g), to});
          }
        }
      }
      Finish(qr);
      if (error_) return;
      d.questions.push_back(std::move(q));
    }
  }

  std::vector<std::string> languages_;
  std::optional<Error> error_;
};

Json TextJson(const LocalizedText& t) {
  Json j = Json::object();
  for (const auto& [k, v] : t) j[k] = v;
  return j;
}

Json LiteralJson(const Literal& l) {
  if (auto* d = std::get_if<double>(&l)) {
    if (*d == static_cast<double>(static_cast<int64_t>(*d))) return static_cast<int64_t>(*d);
    return *d;
  }
  return std::get<std::string>(l);
}

Json GroupJson(const ConditionGroup& g) {
  Json list = Json::array();
  for (const Condition& c : g.conditions) {
    Json cj = {{"question", c.question}, {"op", ToString(c.op)}};
    if (c.op == ConditionOp::kIn || c.op == ConditionOp::kNotIn) {
      Json vals = Json::array();
      for (const auto& v : c.values) vals.push_back(LiteralJson(v));
      cj["value"] = vals;
    } else if (!c.values.empty()) {
      cj["value"] = LiteralJson(c.values.front());
    }
    list.push_back(std::move(cj));
  }
  return {{g.any ? "any" : "all", list}};
}

Json ChoicesJson(const std::vector<Choice>& choices) {
  Json out = Json::array();
  for (const Choice& c : choices) out.push_back({{"id", c.id}, {"text", TextJson(c.text)}});
  return out;
}

}  // namespace

std::string_view ToString(QuestionType type) { return NameOf(kTypeNames, type, "text"); }

std::optional<QuestionType> ParseQuestionType(std::string_view text) {
  return ParseName(kTypeNames, text);
}

bool IsScale(QuestionType type) {
  return type == QuestionType::kNps || type == QuestionType::kCsat || type == QuestionType::kCes ||
         type == QuestionType::kRating;
}

std::string_view ToString(ConditionOp op) { return NameOf(kOpNames, op, "eq"); }

const Question* Definition::FindQuestion(std::string_view id) const {
  for (const Question& q : questions)
    if (q.id == id) return &q;
  return nullptr;
}

int Definition::IndexOf(std::string_view id) const {
  for (size_t i = 0; i < questions.size(); ++i)
    if (questions[i].id == id) return static_cast<int>(i);
  return -1;
}

Result<Definition> ParseDefinition(const Json& json) { return Parser().Parse(json); }

Json ToJson(const Definition& d) {
  Json j = {{"title", TextJson(d.title)},
            {"languages", d.languages},
            {"default_language", d.default_language}};
  if (!d.intro.empty()) j["intro"] = TextJson(d.intro);
  if (!d.thank_you.empty()) j["thank_you"] = TextJson(d.thank_you);
  if (!d.hidden_fields.empty()) j["hidden_fields"] = d.hidden_fields;
  if (!d.end_screens.empty()) {
    Json screens = Json::array();
    for (const EndScreen& s : d.end_screens) screens.push_back({{"id", s.id}, {"text", TextJson(s.text)}});
    j["end_screens"] = screens;
  }
  Json qs = Json::array();
  for (const Question& q : d.questions) {
    Json qj = {{"id", q.id}, {"type", ToString(q.type)}, {"required", q.required},
               {"text", TextJson(q.text)}};
    if (!q.help.empty()) qj["help"] = TextJson(q.help);
    switch (q.type) {
      case QuestionType::kRating:
        qj["min"] = q.scale_min;
        qj["max"] = q.scale_max;
        qj["style"] = q.style;
        break;
      case QuestionType::kSingleChoice: qj["choices"] = ChoicesJson(q.choices); break;
      case QuestionType::kMultipleChoice:
        qj["choices"] = ChoicesJson(q.choices);
        if (q.max_selected > 0) qj["max_selected"] = q.max_selected;
        break;
      case QuestionType::kText:
        qj["max_length"] = q.max_length;
        qj["multiline"] = q.multiline;
        break;
      case QuestionType::kNumber:
        if (q.number_min) qj["min"] = *q.number_min;
        if (q.number_max) qj["max"] = *q.number_max;
        qj["integer"] = q.integer;
        break;
      case QuestionType::kMatrix:
        qj["rows"] = ChoicesJson(q.rows);
        qj["min"] = q.scale_min;
        qj["max"] = q.scale_max;
        break;
      default: break;
    }
    if (!q.low_label.empty() || !q.high_label.empty()) {
      Json labels = Json::object();
      if (!q.low_label.empty()) labels["low"] = TextJson(q.low_label);
      if (!q.high_label.empty()) labels["high"] = TextJson(q.high_label);
      qj["labels"] = labels;
    }
    if (q.display_if) qj["display_if"] = GroupJson(*q.display_if);
    if (!q.skip.empty()) {
      Json rules = Json::array();
      for (const SkipRule& s : q.skip) rules.push_back({{"if", GroupJson(s.when)}, {"to", s.to_end_screen}});
      qj["skip"] = rules;
    }
    qs.push_back(std::move(qj));
  }
  j["questions"] = qs;
  return j;
}

}  // namespace nazar::survey
