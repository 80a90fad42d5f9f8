// A respondent's answers: as JSON (API, phone) and as the survey page's form post, checked
// against a survey. Input: "<definition JSON>\n--\n<answers JSON>\n--\n<form body>"; when the
// first part is not a valid survey, a built-in one with every question type is used.
#include "collect_web/form.h"
#include "core/json.h"
#include "fuzz_input.h"
#include "survey/answers.h"
#include "survey/definition.h"

namespace {

const nazar::survey::Definition& EveryType() {
  static const nazar::survey::Definition definition = [] {
    auto d = nazar::survey::ParseDefinition(nazar::Json::parse(R"({
      "title": {"fa": "نظرسنجی", "en": "Survey"}, "languages": ["fa", "en"],
      "hidden_fields": ["agent", "order"],
      "end_screens": [{"id": "sorry", "text": {"fa": "متأسفیم", "en": "Sorry"}}],
      "questions": [
        {"id": "nps", "type": "nps", "required": true, "text": {"fa": "?", "en": "?"},
         "skip": [{"if": {"all": [{"question": "nps", "op": "lte", "value": 1}]}, "to": "sorry"}]},
        {"id": "why", "type": "text", "max_length": 50, "text": {"fa": "?", "en": "?"},
         "display_if": {"all": [{"question": "nps", "op": "lte", "value": 6}]}},
        {"id": "csat", "type": "csat", "text": {"fa": "?", "en": "?"}},
        {"id": "ces", "type": "ces", "text": {"fa": "?", "en": "?"}},
        {"id": "stars", "type": "rating", "text": {"fa": "?", "en": "?"}},
        {"id": "channel", "type": "single_choice", "text": {"fa": "?", "en": "?"},
         "choices": [{"id": "web", "text": {"fa": "وب", "en": "Web"}}, {"id": "app", "text": {"fa": "اپ", "en": "App"}}]},
        {"id": "features", "type": "multiple_choice", "max_selected": 2, "text": {"fa": "?", "en": "?"},
         "choices": [{"id": "a", "text": {"fa": "الف", "en": "A"}}, {"id": "b", "text": {"fa": "ب", "en": "B"}}]},
        {"id": "age", "type": "number", "min": 0, "max": 120, "integer": true, "text": {"fa": "?", "en": "?"}},
        {"id": "grid", "type": "matrix", "min": 1, "max": 5, "text": {"fa": "?", "en": "?"},
         "rows": [{"id": "speed", "text": {"fa": "سرعت", "en": "S"}}, {"id": "price", "text": {"fa": "قیمت", "en": "P"}}]}
      ]})"));
    if (!d) __builtin_trap();  // the built-in survey itself must be valid
    return *d;
  }();
  return definition;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  auto parts = fuzz::Parts(fuzz::AsText(data, size), 3);
  std::optional<survey::Definition> own;
  if (auto json = ParseJsonStrict(parts[0], "definition"))
    if (auto d = survey::ParseDefinition(*json)) own = std::move(*d);
  const survey::Definition& definition = own ? *own : EveryType();

  if (auto answers = ParseJsonStrict(parts[1], "answers")) {
    for (auto mode : {survey::InputMode::kDirect, survey::InputMode::kDtmf}) {
      if (auto parsed = survey::ParseAnswers(definition, *answers, mode)) {
        (void)survey::WalkSurvey(definition, *parsed);
        (void)survey::ToJson(*parsed);
      }
    }
    for (std::string_view language : {"fa", "en"})
      (void)collect_web::CheckAnswers(definition, *answers, language);
  }
  (void)collect_web::DecodeUrlEncoded(parts[2]);
  auto form = collect_web::ParseFormSubmission(definition, parts[2]);
  if (!form) (void)collect_web::RespondentError(definition, form.error(), "fa");
  return 0;
}
