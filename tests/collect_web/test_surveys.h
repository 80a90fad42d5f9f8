// Survey definitions shared by the collect_web tests.
#pragma once

#include <gtest/gtest.h>

#include "survey/definition.h"

namespace nazar::collect_web {

inline survey::Definition ParseOrDie(const char* json) {
  auto d = survey::ParseDefinition(Json::parse(json));
  EXPECT_TRUE(d.has_value()) << d.error().ToString();
  return d.value_or(survey::Definition{});
}

// Every question type, in Persian and English, with logic, hidden fields and end screens.
inline survey::Definition EveryTypeSurvey() {
  return ParseOrDie(R"({
    "title": {"fa": "نظرسنجی فروشگاه", "en": "Shop survey"},
    "languages": ["fa", "en"], "default_language": "fa",
    "intro": {"fa": "سه دقیقه وقت می‌گیرد.", "en": "It takes three minutes."},
    "thank_you": {"fa": "ممنون!", "en": "Thanks a lot!"},
    "hidden_fields": ["touchpoint", "agent"],
    "end_screens": [{"id": "sorry", "text": {"fa": "متأسفیم.", "en": "We are sorry to hear that."}}],
    "questions": [
      {"id": "nps", "type": "nps", "required": true,
       "text": {"fa": "چقدر ما را پیشنهاد می‌کنید؟", "en": "How likely are you to recommend us?"},
       "labels": {"low": {"fa": "اصلاً", "en": "Not at all"}, "high": {"fa": "حتماً", "en": "Extremely"}},
       "skip": [{"if": {"all": [{"question": "nps", "op": "lte", "value": 1}]}, "to": "sorry"}]},
      {"id": "why", "type": "text", "required": true, "max_length": 500,
       "text": {"fa": "چرا؟", "en": "Why?"}, "help": {"fa": "آزادانه بنویسید.", "en": "Write freely."},
       "display_if": {"all": [{"question": "nps", "op": "lte", "value": 6}]}},
      {"id": "csat", "type": "csat", "required": true, "text": {"fa": "رضایت؟", "en": "Satisfied?"}},
      {"id": "ces", "type": "ces", "text": {"fa": "آسان بود؟", "en": "Was it easy?"}},
      {"id": "stars", "type": "rating", "min": 1, "max": 5, "style": "stars",
       "text": {"fa": "امتیاز", "en": "Rating"}},
      {"id": "channel", "type": "single_choice", "required": true, "text": {"fa": "کانال؟", "en": "Channel?"},
       "choices": [{"id": "web", "text": {"fa": "وب", "en": "Web"}}, {"id": "app", "text": {"fa": "اپ", "en": "App"}}]},
      {"id": "city", "type": "single_choice", "text": {"fa": "شهر؟", "en": "City?"},
       "choices": [
         {"id": "c1", "text": {"fa": "۱", "en": "1"}}, {"id": "c2", "text": {"fa": "۲", "en": "2"}},
         {"id": "c3", "text": {"fa": "۳", "en": "3"}}, {"id": "c4", "text": {"fa": "۴", "en": "4"}},
         {"id": "c5", "text": {"fa": "۵", "en": "5"}}, {"id": "c6", "text": {"fa": "۶", "en": "6"}},
         {"id": "c7", "text": {"fa": "۷", "en": "7"}}, {"id": "c8", "text": {"fa": "۸", "en": "8"}},
         {"id": "c9", "text": {"fa": "۹", "en": "9"}}, {"id": "c10", "text": {"fa": "۱۰", "en": "10"}},
         {"id": "c11", "text": {"fa": "۱۱", "en": "11"}}, {"id": "c12", "text": {"fa": "۱۲", "en": "12"}},
         {"id": "tehran", "text": {"fa": "تهران", "en": "Tehran"}}]},
      {"id": "features", "type": "multiple_choice", "max_selected": 2, "required": true,
       "text": {"fa": "ویژگی‌ها", "en": "Features"},
       "choices": [{"id": "a", "text": {"fa": "الف", "en": "A"}}, {"id": "b", "text": {"fa": "ب", "en": "B"}},
                   {"id": "c", "text": {"fa": "ج", "en": "C"}}]},
      {"id": "nick", "type": "text", "multiline": false, "max_length": 40, "text": {"fa": "نام مستعار", "en": "Nickname"}},
      {"id": "age", "type": "number", "min": 0, "max": 120, "integer": true, "text": {"fa": "سن", "en": "Age"}},
      {"id": "spend", "type": "number", "min": 0, "text": {"fa": "هزینه", "en": "Spend"}},
      {"id": "grid", "type": "matrix", "min": 1, "max": 5, "text": {"fa": "ارزیابی", "en": "Rate"},
       "rows": [{"id": "speed", "text": {"fa": "سرعت", "en": "Speed"}}, {"id": "price", "text": {"fa": "قیمت", "en": "Price"}}]}
    ]})");
}

}  // namespace nazar::collect_web
