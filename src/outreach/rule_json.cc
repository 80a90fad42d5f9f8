// Trigger rules as the API reads and shows them (triggers.h: ReadTriggerRule, ToJson), the
// defaults of a call rule, and the built-in messages with what an SMS of them costs.
#include <string>

#include "core/time.h"
#include "delivery/channels.h"
#include "delivery/sms_segments.h"
#include "outreach/triggers.h"

namespace nazar::outreach {
namespace {

// What a call rule gets for the fields its body leaves out (CallRuleDefaults).
constexpr int kMinTalkSeconds = 20;
constexpr int kCallDelaySeconds = 15 * 60;
constexpr int kQuietStartHour = 21;
constexpr int kQuietEndHour = 8;

}  // namespace

TriggerRule ReadTriggerRule(JsonObjectReader& r) {
  TriggerRule t;
  // What GET shows but a client cannot set: sending a rule back as it was read is fine.
  for (std::string_view read_only : {"id", "created_at", "updated_at", "sms_parts"})
    (void)r.OptionalValue(read_only);
  t.name = r.String("name", {.min_chars = 1, .max_chars = 200});
  t.enabled = r.OptionalBool("enabled").value_or(true);
  t.survey_id = r.Int("survey_id", {.min = 1});
  t.touchpoint = r.String("touchpoint", {.min_chars = 1, .max_chars = 64});
  t.channel = r.OptionalString("channel", {.max_chars = 32}).value_or("");
  if (const Json* c = r.OptionalValue("conditions")) {
    if (!c->is_array())
      r.Reject("conditions", "conditions must be a list");
    else
      t.conditions = c->dump();
  }
  std::string delivery = r.String("delivery", {.min_chars = 1, .max_chars = 16});
  if (auto d = ParseDeliveryChannel(delivery))
    t.delivery = *d;
  else if (r.ok())
    r.Reject("delivery", "delivery must be email, sms, webhook or ivr");
  t.delay_s = r.OptionalInt("delay_s", {.min = 0, .max = kMaxRuleDelayS}).value_or(0);
  if (const Json* s = r.OptionalValue("sampling")) {
    if (!s->is_number() || s->get<double>() < 0 || s->get<double>() > 1)
      r.Reject("sampling", "sampling must be a share from 0 to 1");
    else
      t.sampling = s->get<double>();
  }
  t.frequency_cap_days = static_cast<int>(
      r.OptionalInt("frequency_cap_days", {.min = 0, .max = kMaxRuleCapDays}).value_or(0));
  if (const Json* q = r.OptionalValue("quiet_hours"); q && !q->is_null()) {
    if (!q->is_object()) {
      r.Reject("quiet_hours", "quiet_hours is {\"start\": 21, \"end\": 8} or null");
    } else {
      JsonObjectReader hours(*q, r.FieldPath("quiet_hours"));
      t.quiet_start_hour = static_cast<int>(hours.Int("start", {.min = 0, .max = 23}));
      t.quiet_end_hour = static_cast<int>(hours.Int("end", {.min = 0, .max = 23}));
      if (auto done = hours.Finish(); !done) r.Reject("quiet_hours", done.error().message);
    }
  }
  t.reminder_after_hours = static_cast<int>(
      r.OptionalInt("reminder_after_hours", {.min = 0, .max = kMaxRuleReminderHours}).value_or(0));
  t.latest_call_only = r.OptionalBool("latest_call_only").value_or(false);
  if (const Json* m = r.OptionalValue("templates")) {
    if (!m->is_object())
      r.Reject("templates", "templates must be an object");
    else
      t.templates = m->dump();
  }
  return t;
}

// An SMS rule's bodies by language, each with what it costs (SmsPartsJson); null for other
// channels. Languages without their own template are counted with the built-in SMS.
static Json SmsPartsOfRule(const TriggerRule& t) {
  if (t.delivery != DeliveryChannel::kSms) return nullptr;
  Json templates =
      Json::parse(t.templates.empty() ? std::string("{}") : t.templates, nullptr, false);
  Json out = Json::object();
  for (const char* lang : {"fa", "en"}) {
    std::string body = DefaultSmsMessage(lang).body;
    if (templates.is_object() && templates.contains(lang) && templates[lang].is_object() &&
        templates[lang].contains("body") && templates[lang]["body"].is_string())
      body = templates[lang]["body"].get<std::string>();
    out[lang] = SmsPartsJson(body);
  }
  return out;
}

Json ToJson(const TriggerRule& t) {
  auto parsed = [](const std::string& text, Json empty) {
    Json j = Json::parse(text, nullptr, false);
    return j.is_discarded() ? empty : j;
  };
  Json quiet = t.quiet_start_hour ? Json{{"start", *t.quiet_start_hour}, {"end", *t.quiet_end_hour}}
                                  : Json(nullptr);
  return {{"id", t.id},
          {"name", t.name},
          {"enabled", t.enabled},
          {"survey_id", t.survey_id},
          {"touchpoint", t.touchpoint},
          {"channel", t.channel},
          {"conditions", parsed(t.conditions, Json::array())},
          {"delivery", ToString(t.delivery)},
          {"delay_s", t.delay_s},
          {"sampling", t.sampling},
          {"frequency_cap_days", t.frequency_cap_days},
          {"quiet_hours", quiet},
          {"reminder_after_hours", t.reminder_after_hours},
          {"latest_call_only", t.latest_call_only},
          {"templates", parsed(t.templates, Json::object())},
          {"created_at", FormatIsoUtc(t.created_ms)},
          {"updated_at", FormatIsoUtc(t.updated_ms)},
          {"sms_parts", SmsPartsOfRule(t)}};
}

const MessageTemplate& DefaultMessage(std::string_view language) {
  static const MessageTemplate kFa{
      "نظر شما درباره‌ی {{touchpoint}} چیست؟",
      "سلام،\n\nاز این‌که با ما در تماس بودید سپاسگزاریم. لطفاً "
      "در "
      "یک دقیقه بگویید تجربه‌ی "
      "شما چطور بود:\n{{link}}\n\nنظر شما به ما کمک می‌کند بهتر "
      "شویم."};
  static const MessageTemplate kEn{
      "How was your {{touchpoint}}?",
      "Hello,\n\nThank you for getting in touch. Please take a minute to tell us how it went:\n"
      "{{link}}\n\nYour answer helps us do better."};
  return language == "fa" ? kFa : kEn;
}

const MessageTemplate& DefaultSmsMessage(std::string_view language) {
  static const MessageTemplate kFa{"", "نظرتان درباره تماس؟ {{link}}"};
  static const MessageTemplate kEn{"",
                                   "How was your {{touchpoint}}? Tell us in a minute: {{link}}"};
  return language == "fa" ? kFa : kEn;
}

Json SmsPartsJson(const std::string& body) {
  std::string link(kNominalLinkChars, 'x');
  std::string text = delivery::FillTemplate(
      body, {{"link", link}, {"name", ""}, {"touchpoint", ""}, {"agent", ""}});
  delivery::SmsSegments s = delivery::CountSmsSegments(text);
  return {{"encoding", delivery::ToString(s.encoding)}, {"units", s.units}, {"parts", s.parts}};
}

const Json& CallRuleDefaults() {
  static const Json kDefaults = {
      {"conditions",
       Json::array({Json{{"fact", "answered"}, {"op", "eq"}, {"value", 1}},
                    Json{{"fact", "talk_s"}, {"op", "gte"}, {"value", kMinTalkSeconds}}})},
      {"delay_s", kCallDelaySeconds},
      {"latest_call_only", true},
      {"frequency_cap_days", 1},
      {"quiet_hours", {{"start", kQuietStartHour}, {"end", kQuietEndHour}}}};
  return kDefaults;
}

}  // namespace nazar::outreach
