// Built-in survey templates, bilingual (Persian and English). Texts are written to read
// naturally in each language, not translated word for word.
#include <algorithm>

#include "survey/survey_service.h"

namespace nazar::survey {
namespace {

Json T(std::string fa, std::string en) { return {{"fa", std::move(fa)}, {"en", std::move(en)}}; }

Json Labels(Json low, Json high) { return {{"low", std::move(low)}, {"high", std::move(high)}}; }

Json NpsQuestion(std::string id, Json text) {
  return {{"id", std::move(id)}, {"type", "nps"}, {"required", true}, {"text", std::move(text)},
          {"labels", Labels(T("اصلاً", "Not at all likely"), T("حتماً", "Extremely likely"))}};
}

Json WhyQuestion(std::string id, Json text, std::string after) {
  return {{"id", std::move(id)}, {"type", "text"}, {"max_length", 2000}, {"text", std::move(text)},
          {"display_if", {{"any", {{{"question", std::move(after)}, {"op", "answered"}}}}}}};
}

std::vector<SurveyTemplate> Build() {
  std::vector<SurveyTemplate> out;
  Json base = {{"languages", {"fa", "en"}}, {"default_language", "fa"},
               {"hidden_fields", {"touchpoint", "channel", "agent", "order", "ticket", "contact"}}};

  Json rnps = base;
  rnps["title"] = T("نظر شما درباره ما", "Your view of us");
  rnps["intro"] = T("دو دقیقه وقت می‌گذارید تا بهتر شویم؟",
                    "Could you spare two minutes to help us improve?");
  rnps["thank_you"] = T("از وقتی که گذاشتید ممنونیم.", "Thank you for your time.");
  rnps["questions"] = {
      NpsQuestion("nps", T("چقدر احتمال دارد ما را به دوستان یا همکارانتان پیشنهاد کنید؟",
                           "How likely are you to recommend us to a friend or colleague?")),
      WhyQuestion("reason", T("مهم‌ترین دلیل امتیازتان چیست؟", "What is the main reason for your score?"), "nps"),
      {{"id", "improve"}, {"type", "multiple_choice"}, {"max_selected", 3},
       {"text", T("کدام موارد را باید بهتر کنیم؟", "What should we improve?")},
       {"choices", {{{"id", "price"}, {"text", T("قیمت", "Price")}},
                    {{"id", "quality"}, {"text", T("کیفیت", "Quality")}},
                    {{"id", "delivery"}, {"text", T("ارسال", "Delivery")}},
                    {{"id", "support"}, {"text", T("پشتیبانی", "Support")}},
                    {{"id", "app"}, {"text", T("اپلیکیشن و سایت", "App and website")}}}}}};
  out.push_back({"relationship_nps", "Relationship NPS", "شاخص خالص مروجان (رابطه)", rnps});

  Json support = base;
  support["title"] = T("تماس شما با پشتیبانی", "Your support conversation");
  support["thank_you"] = T("ممنون! نظرتان به تیم پشتیبانی ما می‌رسد.", "Thanks! Your feedback reaches our support team.");
  support["end_screens"] = {{{"id", "sorry"}, {"text", T("متأسفیم که تجربه خوبی نداشتید. همکارانمان با شما تماس می‌گیرند.",
                                                        "We are sorry it went badly. A team lead will get in touch with you.")}}};
  support["questions"] = {
      {{"id", "csat"}, {"type", "csat"}, {"required", true},
       {"text", T("چقدر از پشتیبانی امروز راضی بودید؟", "How satisfied were you with the support you received today?")},
       {"labels", Labels(T("خیلی ناراضی", "Very dissatisfied"), T("خیلی راضی", "Very satisfied"))}},
      {{"id", "ces"}, {"type", "ces"}, {"required", true},
       {"text", T("حل کردن مشکلتان چقدر آسان بود؟", "How easy was it to get your issue resolved?")},
       {"labels", Labels(T("خیلی سخت", "Very difficult"), T("خیلی آسان", "Very easy"))}},
      {{"id", "resolved"}, {"type", "single_choice"}, {"required", true},
       {"text", T("مشکلتان حل شد؟", "Was your issue resolved?")},
       {"choices", {{{"id", "yes"}, {"text", T("بله", "Yes")}},
                    {{"id", "partly"}, {"text", T("تا حدی", "Partly")}},
                    {{"id", "no"}, {"text", T("نه", "No")}}}},
       {"skip", {{{"if", {{"all", {{{"question", "csat"}, {"op", "lte"}, {"value", 1}},
                                   {{"question", "resolved"}, {"op", "eq"}, {"value", "no"}}}}}},
                  {"to", "sorry"}}}}},
      WhyQuestion("comment", T("چه چیزی می‌توانست بهتر باشد؟", "What could we have done better?"), "csat")};
  out.push_back({"post_support", "After a support contact (CSAT + CES)", "پس از تماس با پشتیبانی", support});

  Json purchase = base;
  purchase["title"] = T("خرید شما", "Your purchase");
  purchase["thank_you"] = T("ممنون از خریدتان!", "Thanks for shopping with us!");
  purchase["questions"] = {
      {{"id", "csat"}, {"type", "csat"}, {"required", true},
       {"text", T("در مجموع چقدر از این خرید راضی هستید؟", "Overall, how satisfied are you with this purchase?")}},
      {{"id", "delivery"}, {"type", "rating"}, {"min", 1}, {"max", 5}, {"style", "stars"},
       {"text", T("به سرعت ارسال چه امتیازی می‌دهید؟", "How would you rate the delivery speed?")}},
      {{"id", "matrix"}, {"type", "matrix"}, {"min", 1}, {"max", 5},
       {"text", T("این موارد را ارزیابی کنید", "Please rate")},
       {"rows", {{{"id", "packaging"}, {"text", T("بسته‌بندی", "Packaging")}},
                 {{"id", "quality"}, {"text", T("کیفیت کالا", "Product quality")}},
                 {{"id", "price"}, {"text", T("قیمت", "Price")}}}}},
      NpsQuestion("nps", T("چقدر احتمال دارد فروشگاه ما را پیشنهاد کنید؟",
                           "How likely are you to recommend our shop?")),
      WhyQuestion("comment", T("حرف دیگری دارید؟", "Anything else you would like to tell us?"), "nps")};
  out.push_back({"post_purchase", "After a purchase", "پس از خرید", purchase});

  Json pulse = base;
  pulse["hidden_fields"] = {"team", "site"};
  pulse["title"] = T("نظرسنجی نبض کارکنان", "Employee pulse");
  pulse["intro"] = T("پاسخ‌ها ناشناس است و فقط به صورت جمعی گزارش می‌شود.",
                     "Answers are anonymous and reported only in aggregate.");
  pulse["questions"] = {
      NpsQuestion("enps", T("چقدر احتمال دارد این سازمان را به‌عنوان محل کار به دوستانتان پیشنهاد کنید؟",
                            "How likely are you to recommend this organisation as a place to work?")),
      {{"id", "workload"}, {"type", "rating"}, {"min", 1}, {"max", 5}, {"style", "scale"},
       {"text", T("حجم کارتان چقدر منصفانه است؟", "How manageable is your workload?")}},
      {{"id", "manager"}, {"type", "rating"}, {"min", 1}, {"max", 5}, {"style", "scale"},
       {"text", T("مدیرتان چقدر از شما حمایت می‌کند؟", "How well does your manager support you?")}},
      {{"id", "idea"}, {"type", "text"}, {"max_length", 2000},
       {"text", T("یک ایده برای بهتر شدن کار تیم", "One idea to make your team's work better")}}};
  out.push_back({"employee_pulse", "Employee pulse (eNPS)", "نبض کارکنان (eNPS)", pulse});
  return out;
}

// Keeps only `languages` in every {"fa": ..., "en": ...} text object.
void Restrict(Json& j, const std::vector<std::string>& languages) {
  if (j.is_object()) {
    bool is_text = !j.empty() && std::all_of(j.begin(), j.end(), [](const Json& v) { return v.is_string(); }) &&
                   std::all_of(j.items().begin(), j.items().end(),
                               [](const auto& kv) { return kv.key() == "fa" || kv.key() == "en"; });
    if (is_text) {
      for (auto it = j.begin(); it != j.end();) {
        if (std::find(languages.begin(), languages.end(), it.key()) == languages.end()) {
          it = j.erase(it);
        } else {
          ++it;
        }
      }
      return;
    }
    for (auto& [k, v] : j.items()) Restrict(v, languages);
  } else if (j.is_array()) {
    for (auto& v : j) Restrict(v, languages);
  }
}

}  // namespace

const std::vector<SurveyTemplate>& Templates() {
  static const std::vector<SurveyTemplate> kTemplates = Build();
  return kTemplates;
}

const SurveyTemplate* FindTemplate(std::string_view id) {
  for (const auto& t : Templates())
    if (t.id == id) return &t;
  return nullptr;
}

Json RestrictLanguages(const Json& definition, const std::vector<std::string>& languages) {
  Json out = definition;
  Restrict(out, languages);
  out["languages"] = languages;
  out["default_language"] = languages.front();
  return out;
}

Result<Json> StartingDefinition(const SurveySource& source) {
  if (source.definition && source.template_id) {
    return Fail(Error::InvalidArgument("give a definition or a template, not both", "template"));
  }
  if (source.template_id) {
    const SurveyTemplate* t = FindTemplate(*source.template_id);
    if (!t) return Fail(Error::InvalidArgument("no such template", "template"));
    return source.languages.empty() ? t->definition
                                    : RestrictLanguages(t->definition, source.languages);
  }
  if (source.definition) return *source.definition;
  return Fail(Error::InvalidArgument("definition or template is required", "definition"));
}

}  // namespace nazar::survey
