#include "collect_web/page.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "collect_web/assets.h"
#include "collect_web/html.h"
#include "collect_web/ui_text.h"

namespace nazar::collect_web {
namespace {

using survey::Question;
using survey::QuestionType;

// A single choice with more choices than this is a <select>, else a list of radio buttons.
constexpr size_t kMaxRadioChoices = 12;
// Rows of a multi-line text box.
constexpr int kTextareaRows = 4;

std::string_view Dir(std::string_view language) { return language == "fa" ? "rtl" : "ltr"; }

std::string NonceAttr(const AssetOptions& assets) {
  if (assets.csp_nonce.empty()) return {};
  return fmt::format(" nonce=\"{}\"", EscapeHtml(assets.csp_nonce));
}

// <!doctype html> .. <body>, with the style sheet.
void OpenDocument(std::string& out, std::string_view language, std::string_view title,
                  const AssetOptions& assets) {
  fmt::format_to(
      std::back_inserter(out),
      "<!doctype html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"robots\" content=\"noindex\">\n<title>{}</title>\n",
      EscapeHtml(language), Dir(language), EscapeHtml(title));
  if (language == "fa") {
    fmt::format_to(std::back_inserter(out),
                   "<link rel=\"preload\" href=\"{}/Vazirmatn-Regular.woff2\" as=\"font\" "
                   "type=\"font/woff2\" crossorigin>\n",
                   EscapeHtml(assets.font_url_prefix));
  }
  if (assets.style_url.empty()) {
    fmt::format_to(std::back_inserter(out), "<style{}>{}</style>\n", NonceAttr(assets),
                   RespondentStyle(assets.font_url_prefix));
  } else {
    fmt::format_to(std::back_inserter(out), "<link rel=\"stylesheet\" href=\"{}\">\n",
                   EscapeHtml(assets.style_url));
  }
  out += "</head>\n<body>\n";
}

void CloseDocument(std::string& out) { out += "</body>\n</html>\n"; }

// The survey page's renderer: one instance per page.
class SurveyPage {
 public:
  SurveyPage(const survey::Definition& d, const PageOptions& o)
      : d_(d), o_(o), lang_(PageLanguage(d, o.language)), ui_(UiFor(lang_)) {}

  std::string Render() {
    OpenDocument(out_, lang_, Text(d_.title), o_.assets);
    out_ += "<main class=\"nz\" id=\"nz\">\n";
    fmt::format_to(Out(), "<h1 class=\"nz-title\">{}</h1>\n", Esc(Text(d_.title)));
    if (const std::string& intro = Text(d_.intro); !intro.empty()) {
      fmt::format_to(Out(), "<p class=\"nz-intro\">{}</p>\n", Esc(intro));
    }
    ErrorSummary();
    if (o_.progress) Progress();
    fmt::format_to(Out(),
                   "<form class=\"nz-form\" id=\"nz-form\" method=\"post\" action=\"{}\" "
                   "accept-charset=\"utf-8\">\n",
                   Esc(o_.submit_url));
    HiddenInputs();
    bool any_required = std::any_of(d_.questions.begin(), d_.questions.end(),
                                    [](const Question& q) { return q.required; });
    if (any_required) fmt::format_to(Out(), "<p class=\"nz-note\">{}</p>\n", ui_.required_note);
    // A question is certainly shown when it has no display_if and no skip rule before it
    // can end the survey: only then may the browser enforce `required` without logic.
    bool may_end_before = false;
    for (const Question& q : d_.questions) {
      QuestionBlock(q, q.required && !q.display_if && !may_end_before);
      may_end_before = may_end_before || !q.skip.empty();
    }
    if (o_.honeypot) {
      fmt::format_to(
          Out(),
          "<div class=\"nz-hp\" aria-hidden=\"true\"><label for=\"nz-website\">{}</label>"
          "<input type=\"text\" id=\"nz-website\" name=\"website\" value=\"\" "
          "tabindex=\"-1\" autocomplete=\"off\"></div>\n",
          ui_.honeypot_label);
    }
    fmt::format_to(Out(),
                   "<div class=\"nz-actions\"><button type=\"submit\" class=\"nz-btn "
                   "nz-submit\">{}</button></div>\n</form>\n</main>\n",
                   ui_.submit);
    Scripts();
    CloseDocument(out_);
    return std::move(out_);
  }

 private:
  std::back_insert_iterator<std::string> Out() { return std::back_inserter(out_); }
  static std::string Esc(std::string_view s) { return EscapeHtml(s); }
  const std::string& Text(const survey::LocalizedText& t) const {
    return TextIn(t, lang_, d_.default_language);
  }
  const survey::AnswerValue* Previous(std::string_view id) const {
    auto it = o_.answers.find(id);
    return it == o_.answers.end() ? nullptr : &it->second;
  }
  const std::string* ErrorFor(std::string_view id) const {
    auto it = o_.errors.find(id);
    return it == o_.errors.end() ? nullptr : &it->second;
  }

  void ErrorSummary() {
    if (o_.errors.empty()) return;
    fmt::format_to(Out(),
                   "<div class=\"nz-sum\" id=\"nz-sum\" role=\"alert\" tabindex=\"-1\">"
                   "<h2>{}</h2><ul>\n",
                   ui_.errors_title);
    for (const Question& q : d_.questions) {
      if (const std::string* e = ErrorFor(q.id)) {
        fmt::format_to(Out(), "<li><a href=\"#q.{}\">{}</a> {}</li>\n", Esc(q.id),
                       Esc(Text(q.text)), Esc(*e));
      }
    }
    for (const auto& [key, message] : o_.errors) {
      if (!d_.FindQuestion(key)) fmt::format_to(Out(), "<li>{}</li>\n", Esc(message));
    }
    out_ += "</ul></div>\n";
  }

  void Progress() {
    // Without script every question is on the page; the script shows and updates this.
    size_t total = survey::WalkSurvey(d_, survey::KeepShown(d_, o_.answers)).shown.size();
    total = std::max<size_t>(total, 1);
    std::string text = Fill(Fill(ui_.progress, "n", Digits(1, lang_)), "total",
                            Digits(static_cast<int64_t>(total), lang_));
    fmt::format_to(Out(),
                   "<div class=\"nz-progress\" id=\"nz-progress\" hidden>"
                   "<progress max=\"{}\" value=\"1\" aria-hidden=\"true\"></progress>"
                   "<span class=\"nz-count\" aria-live=\"polite\">{}</span></div>\n",
                   total, text);
  }

  void HiddenInputs() {
    fmt::format_to(Out(), "<input type=\"hidden\" name=\"response_id\" value=\"{}\">\n",
                   Esc(o_.response_id));
    fmt::format_to(Out(), "<input type=\"hidden\" name=\"language\" value=\"{}\">\n", Esc(lang_));
    for (const std::string& name : d_.hidden_fields) {
      auto it = o_.hidden.find(name);
      if (it == o_.hidden.end()) continue;
      fmt::format_to(Out(), "<input type=\"hidden\" name=\"h.{}\" value=\"{}\">\n", Esc(name),
                     Esc(it->second));
    }
  }

  // The markers after a question's text: a visible * and, when the browser does not know
  // the question is required, words for screen readers.
  std::string RequiredMark(const Question& q, bool native_required) const {
    if (!q.required) return {};
    std::string mark = " <span class=\"nz-req\" aria-hidden=\"true\">*</span>";
    if (!native_required) mark += fmt::format("<span class=\"nz-sr\"> {}</span>", ui_.required_sr);
    return mark;
  }

  static bool IsGroup(const Question& q) {
    if (q.type == QuestionType::kText || q.type == QuestionType::kNumber) return false;
    if (q.type == QuestionType::kSingleChoice && q.choices.size() > kMaxRadioChoices) return false;
    return true;
  }

  void QuestionBlock(const Question& q, bool native_required) {
    const std::string id = Esc(q.id);
    const std::string* error = ErrorFor(q.id);
    const std::string& help = Text(q.help);
    std::string hint = Hint(q);
    std::string described;
    if (!help.empty()) described += fmt::format("q.{}.help ", id);
    if (!hint.empty()) described += fmt::format("q.{}.hint ", id);
    described += fmt::format("q.{}.err", id);
    const bool group = IsGroup(q);

    fmt::format_to(Out(), "<div class=\"nz-q{}\" id=\"q.{}\" data-q=\"{}\">\n",
                   error ? " nz-invalid" : "", id, id);
    if (group) {
      fmt::format_to(
          Out(),
          "<fieldset aria-describedby=\"{}\"><legend class=\"nz-t\" id=\"q.{}.t\">{}{}</legend>\n",
          described, id, Esc(Text(q.text)), RequiredMark(q, native_required));
    } else {
      fmt::format_to(Out(), "<label class=\"nz-t\" id=\"q.{}.t\" for=\"a.{}\">{}{}</label>\n", id,
                     id, Esc(Text(q.text)), RequiredMark(q, native_required));
    }
    if (!help.empty())
      fmt::format_to(Out(), "<p class=\"nz-help\" id=\"q.{}.help\">{}</p>\n", id, Esc(help));
    if (!hint.empty())
      fmt::format_to(Out(), "<p class=\"nz-hint\" id=\"q.{}.hint\">{}</p>\n", id, hint);
    fmt::format_to(Out(), "<p class=\"nz-err\" id=\"q.{}.err\" aria-live=\"polite\">{}</p>\n", id,
                   error ? Esc(*error) : "");

    Attrs attrs{.required = native_required, .invalid = error != nullptr, .described = described};
    switch (q.type) {
      case QuestionType::kNps:
      case QuestionType::kCsat:
      case QuestionType::kCes:
      case QuestionType::kRating:
        Scale(q, attrs);
        break;
      case QuestionType::kSingleChoice:
        if (group) {
          Options(q, attrs, "radio");
        } else {
          Select(q, attrs);
        }
        break;
      case QuestionType::kMultipleChoice:
        Options(q, attrs, "checkbox");
        break;
      case QuestionType::kText:
        TextInput(q, attrs);
        break;
      case QuestionType::kNumber:
        NumberInput(q, attrs);
        break;
      case QuestionType::kMatrix:
        Matrix(q, attrs);
        break;
    }
    out_ += group ? "</fieldset>\n</div>\n" : "</div>\n";
  }

  // Escaped text of the hint under a question (limits the respondent should know).
  std::string Hint(const Question& q) const {
    if (q.type == QuestionType::kMultipleChoice && q.max_selected > 0) {
      return Esc(Fill(ui_.up_to, "n", Digits(q.max_selected, lang_)));
    }
    if (q.type == QuestionType::kNumber) {
      auto number = [&](double x) { return DigitsIn(fmt::format("{}", x), lang_); };
      if (q.number_min && q.number_max) {
        return Esc(Fill(Fill(ui_.number_range, "min", number(*q.number_min)), "max",
                        number(*q.number_max)));
      }
      if (q.number_min) return Esc(Fill(ui_.number_min, "min", number(*q.number_min)));
      if (q.number_max) return Esc(Fill(ui_.number_max, "max", number(*q.number_max)));
    }
    return {};
  }

  struct Attrs {
    bool required = false;
    bool invalid = false;
    std::string described;  // ids for aria-describedby (non-group inputs)
  };
  static std::string Common(const Attrs& a) {
    std::string s;
    if (a.required) s += " required";
    if (a.invalid) s += " aria-invalid=\"true\"";
    return s;
  }

  std::optional<int64_t> PreviousInt(const survey::AnswerValue* v) const {
    if (!v) return std::nullopt;
    if (auto* i = std::get_if<int64_t>(v)) return *i;
    if (auto* d = std::get_if<double>(v); d && *d == std::floor(*d))
      return static_cast<int64_t>(*d);
    return std::nullopt;
  }

  void Scale(const Question& q, const Attrs& a) {
    const std::string id = Esc(q.id);
    const bool stars = q.type == QuestionType::kRating && q.style == "stars";
    const std::string& low = Text(q.low_label);
    const std::string& high = Text(q.high_label);
    const auto previous = PreviousInt(Previous(q.id));
    fmt::format_to(Out(), "<div class=\"nz-scale{}\">\n", stars ? " nz-stars" : "");
    for (int v = q.scale_min; v <= q.scale_max; ++v) {
      std::string label;
      if (stars) {
        label = fmt::format(
            "<span aria-hidden=\"true\">\xE2\x98\x85</span><span class=\"nz-sr\">{}</span>",
            Fill(Fill(ui_.progress, "n", Digits(v, lang_)), "total", Digits(q.scale_max, lang_)));
      } else {
        label = Digits(v, lang_);
      }
      if (v == q.scale_min && !low.empty())
        label += fmt::format("<span class=\"nz-sr\"> {}</span>", Esc(low));
      if (v == q.scale_max && !high.empty())
        label += fmt::format("<span class=\"nz-sr\"> {}</span>", Esc(high));
      fmt::format_to(Out(),
                     "<span class=\"nz-pt\"><input type=\"radio\" id=\"a.{0}.{1}\" name=\"a.{0}\" "
                     "value=\"{1}\"{2}{3}><label for=\"a.{0}.{1}\">{4}</label></span>\n",
                     id, v, previous == v ? " checked" : "", Common(a), label);
    }
    out_ += "</div>\n";
    Ends(low, high);
  }

  void Ends(const std::string& low, const std::string& high) {
    if (low.empty() && high.empty()) return;
    fmt::format_to(
        Out(), "<div class=\"nz-ends\" aria-hidden=\"true\"><span>{}</span><span>{}</span></div>\n",
        Esc(low), Esc(high));
  }

  void Options(const Question& q, const Attrs& a, std::string_view type) {
    const std::string id = Esc(q.id);
    const survey::AnswerValue* previous = Previous(q.id);
    auto chosen = [&](const std::string& choice) {
      if (!previous) return false;
      if (auto* s = std::get_if<std::string>(previous)) return *s == choice;
      if (auto* list = std::get_if<std::vector<std::string>>(previous)) {
        return std::find(list->begin(), list->end(), choice) != list->end();
      }
      return false;
    };
    // HTML cannot require "at least one box": checkboxes are checked by script and server.
    Attrs attrs = a;
    if (type == "checkbox") attrs.required = false;
    out_ += "<div class=\"nz-opts\">\n";
    for (const survey::Choice& c : q.choices) {
      const std::string cid = Esc(c.id);
      fmt::format_to(Out(),
                     "<div class=\"nz-opt\"><input type=\"{}\" id=\"a.{}.{}\" name=\"a.{}\" "
                     "value=\"{}\"{}{}><label for=\"a.{}.{}\">{}</label></div>\n",
                     type, id, cid, id, cid, chosen(c.id) ? " checked" : "", Common(attrs), id, cid,
                     Esc(Text(c.text)));
    }
    out_ += "</div>\n";
  }

  void Select(const Question& q, const Attrs& a) {
    const std::string id = Esc(q.id);
    const auto* previous = Previous(q.id);
    const auto* chosen = previous ? std::get_if<std::string>(previous) : nullptr;
    fmt::format_to(Out(),
                   "<select id=\"a.{0}\" name=\"a.{0}\" aria-describedby=\"{1}\"{2}>\n"
                   "<option value=\"\">{3}</option>\n",
                   id, a.described, Common(a), ui_.choose);
    for (const survey::Choice& c : q.choices) {
      fmt::format_to(Out(), "<option value=\"{}\"{}>{}</option>\n", Esc(c.id),
                     chosen && *chosen == c.id ? " selected" : "", Esc(Text(c.text)));
    }
    out_ += "</select>\n";
  }

  void TextInput(const Question& q, const Attrs& a) {
    const std::string id = Esc(q.id);
    const auto* previous = Previous(q.id);
    const auto* text = previous ? std::get_if<std::string>(previous) : nullptr;
    const std::string value = text ? Esc(*text) : "";
    if (q.multiline) {
      // The parser drops one newline right after <textarea>: writing one keeps the value's own.
      fmt::format_to(Out(),
                     "<textarea id=\"a.{0}\" name=\"a.{0}\" rows=\"{1}\" maxlength=\"{2}\" "
                     "dir=\"auto\" aria-describedby=\"{3}\"{4}>\n{5}</textarea>\n",
                     id, kTextareaRows, q.max_length, a.described, Common(a), value);
    } else {
      fmt::format_to(Out(),
                     "<input type=\"text\" id=\"a.{0}\" name=\"a.{0}\" maxlength=\"{1}\" "
                     "dir=\"auto\" value=\"{2}\" aria-describedby=\"{3}\"{4}>\n",
                     id, q.max_length, value, a.described, Common(a));
    }
  }

  void NumberInput(const Question& q, const Attrs& a) {
    const std::string id = Esc(q.id);
    std::string value;
    if (const auto* previous = Previous(q.id)) {
      if (auto* i = std::get_if<int64_t>(previous)) value = std::to_string(*i);
      if (auto* d = std::get_if<double>(previous)) value = fmt::format("{}", *d);
    }
    std::string bounds;
    if (q.number_min) bounds += fmt::format(" min=\"{}\"", *q.number_min);
    if (q.number_max) bounds += fmt::format(" max=\"{}\"", *q.number_max);
    fmt::format_to(Out(),
                   "<input type=\"number\" id=\"a.{0}\" name=\"a.{0}\" inputmode=\"{1}\" "
                   "step=\"{2}\"{3} dir=\"ltr\" value=\"{4}\" aria-describedby=\"{5}\"{6}>\n",
                   id, q.integer ? "numeric" : "decimal", q.integer ? "1" : "any", bounds, value,
                   a.described, Common(a));
  }

  void Matrix(const Question& q, const Attrs& a) {
    const std::string id = Esc(q.id);
    const auto* previous = Previous(q.id);
    const auto* answered = previous ? std::get_if<survey::MatrixAnswer>(previous) : nullptr;
    // "At least one row" has no HTML form: the script and the server check it.
    Attrs attrs = a;
    attrs.required = false;
    out_ += "<div class=\"nz-mx\"><table>\n<thead><tr><td></td>";
    for (int v = q.scale_min; v <= q.scale_max; ++v) {
      fmt::format_to(Out(), "<th scope=\"col\" id=\"a.{}.c{}\">{}</th>", id, v, Digits(v, lang_));
    }
    out_ += "</tr></thead>\n<tbody>\n";
    for (const survey::Choice& row : q.rows) {
      const std::string rid = Esc(row.id);
      std::optional<int64_t> chosen;
      if (answered) {
        if (auto it = answered->find(row.id); it != answered->end()) chosen = it->second;
      }
      fmt::format_to(Out(), "<tr><th scope=\"row\" id=\"a.{}.{}.t\">{}</th>", id, rid,
                     Esc(Text(row.text)));
      for (int v = q.scale_min; v <= q.scale_max; ++v) {
        fmt::format_to(
            Out(),
            "<td><input type=\"radio\" id=\"a.{0}.{1}.{2}\" name=\"a.{0}.{1}\" value=\"{2}\" "
            "aria-labelledby=\"a.{0}.{1}.t a.{0}.c{2}\"{3}{4}></td>",
            id, rid, v, chosen == v ? " checked" : "", Common(attrs));
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody></table></div>\n";
    Ends(Text(q.low_label), Text(q.high_label));
  }

  void Scripts() {
    fmt::format_to(Out(), "<script type=\"application/json\" id=\"nz-logic\">{}</script>\n",
                   JsonForScript(LogicJson(d_)));
    Json config = {
        {"lang", lang_},
        {"partial_url", o_.partial_url},
        {"progress", o_.progress},
        {"ui",
         {{"next", ui_.next},
          {"back", ui_.back},
          {"submit", ui_.submit},
          {"required", ui_.answer_required},
          {"too_many", ui_.too_many},
          {"chars_left", ui_.chars_left},
          {"progress", ui_.progress}}},
    };
    fmt::format_to(Out(), "<script type=\"application/json\" id=\"nz-config\">{}</script>\n",
                   JsonForScript(config));
    if (o_.assets.script_url.empty()) {
      fmt::format_to(Out(), "<script{}>{}</script>\n", NonceAttr(o_.assets), RespondentScript());
    } else {
      fmt::format_to(Out(), "<script src=\"{}\" defer></script>\n", Esc(o_.assets.script_url));
    }
  }

  const survey::Definition& d_;
  const PageOptions& o_;
  const std::string lang_;
  const UiText& ui_;
  std::string out_;
};

// A page with one card: a title and a message.
void MessageCard(std::string& out, std::string_view language, std::string_view heading,
                 std::string_view message) {
  fmt::format_to(
      std::back_inserter(out),
      "<section class=\"nz-card\" lang=\"{}\" dir=\"{}\"><h1>{}</h1><p>{}</p></section>\n",
      EscapeHtml(language), Dir(language), EscapeHtml(heading), EscapeHtml(message));
}

}  // namespace

std::string RenderSurveyPage(const survey::Definition& definition, const PageOptions& options) {
  return SurveyPage(definition, options).Render();
}

std::string RenderThankYou(const survey::Definition& definition, std::string_view language,
                           std::optional<std::string> end_screen_id, const AssetOptions& assets) {
  const std::string lang = PageLanguage(definition, language);
  const UiText& ui = UiFor(lang);
  const std::string& title = TextIn(definition.title, lang, definition.default_language);
  std::string message;
  if (end_screen_id) {
    for (const survey::EndScreen& s : definition.end_screens) {
      if (s.id == *end_screen_id) message = TextIn(s.text, lang, definition.default_language);
    }
  }
  if (message.empty()) message = TextIn(definition.thank_you, lang, definition.default_language);
  if (message.empty()) message = ui.thanks;
  std::string out;
  OpenDocument(out, lang, title.empty() ? std::string(ui.thanks_title) : title, assets);
  out += "<main class=\"nz nz-end\">\n";
  MessageCard(out, lang, title.empty() ? ui.thanks_title : std::string_view(title), message);
  out += "</main>\n";
  CloseDocument(out);
  return out;
}

std::string RenderClosed(std::string_view language, ClosedReason reason,
                         const AssetOptions& assets) {
  const bool known = language == "fa" || language == "en";
  const std::string_view first = known ? language : "fa";
  auto title = [&](const UiText& ui) {
    switch (reason) {
      case ClosedReason::kClosed: return ui.closed_title;
      case ClosedReason::kPreview: return ui.preview_title;
      case ClosedReason::kUnavailable: return ui.unavailable_title;
      case ClosedReason::kNotFound: break;
    }
    return ui.not_found_title;
  };
  auto message = [&](const UiText& ui) {
    switch (reason) {
      case ClosedReason::kClosed: return ui.closed;
      case ClosedReason::kPreview: return ui.preview;
      case ClosedReason::kUnavailable: return ui.unavailable;
      case ClosedReason::kNotFound: break;
    }
    return ui.not_found;
  };
  std::string page_title(title(UiFor(first)));
  if (!known) page_title += fmt::format(" \xC2\xB7 {}", title(kEnglishText));
  std::string out;
  OpenDocument(out, first, page_title, assets);
  out += "<main class=\"nz nz-end\">\n";
  MessageCard(out, first, title(UiFor(first)), message(UiFor(first)));
  if (!known) MessageCard(out, "en", title(kEnglishText), message(kEnglishText));
  out += "</main>\n";
  CloseDocument(out);
  return out;
}

std::string FontCss(std::string_view font_url_prefix) {
  std::string out;
  const std::string prefix = EscapeCssString(font_url_prefix);
  for (auto [file, weight] :
       {std::pair{"Vazirmatn-Regular", 400}, std::pair{"Vazirmatn-Bold", 700}}) {
    fmt::format_to(std::back_inserter(out),
                   "@font-face{{font-family:Vazirmatn;src:url(\"{}/{}.woff2\") format(\"woff2\");"
                   "font-weight:{};font-style:normal;font-display:swap}}\n",
                   prefix, file, weight);
  }
  return out;
}

std::string_view RespondentScript() { return kRespondentJs; }

std::string RespondentStyle(std::string_view font_url_prefix) {
  return FontCss(font_url_prefix) + std::string(kRespondentCss);
}

Json LogicJson(const survey::Definition& definition) {
  static constexpr std::string_view kKeys[] = {"id",         "type", "required",
                                               "display_if", "skip", "max_selected"};
  const Json full = survey::ToJson(definition);
  Json out = Json::array();
  for (const Json& q : full.at("questions")) {
    Json entry = Json::object();
    for (std::string_view key : kKeys) {
      if (auto it = q.find(key); it != q.end()) entry[std::string(key)] = *it;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace nazar::collect_web
