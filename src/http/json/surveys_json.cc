#include "http/json/surveys_json.h"

#include "collect_web/embed.h"
#include "core/time.h"
#include "http/json/common_json.h"

namespace nazar::http {

using nazar::Json;

namespace {

// The comments' analysis stored with the response (comments/enrichment.h), by question id.
Json CommentAnalyses(const std::string& meta) {
  Json j = StoredJson(meta);
  auto text = j.is_object() ? j.find("text") : j.end();
  return text != j.end() && text->is_object() ? *text : Json::object();
}

}  // namespace

Json SurveySummaryJson(const Survey& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"status", ToString(s.status)},
          {"published_version", s.published_version},
          {"created_at", FormatIsoUtc(s.created_ms)},
          {"updated_at", FormatIsoUtc(s.updated_ms)}};
}

Json SurveyDetailJson(const survey::SurveyDetail& detail, const std::string& base_url) {
  Json j = SurveySummaryJson(detail.survey);
  j["definition"] = StoredJson(detail.survey.draft);
  j["links"] = ArrayJson(detail.links, [&](const SurveyLink& l) { return LinkJson(l, base_url, &j["definition"]); });
  j["versions"] = ArrayJson(detail.versions, [](const SurveyVersion& v) -> Json {
    return {{"version", v.version}, {"published_at", FormatIsoUtc(v.published_ms)}};
  });
  return j;
}

namespace {
// The survey's default language ("fa" or "en") and its title there, for the embed snippets.
collect_web::EmbedOptions EmbedIn(const Json* definition) {
  collect_web::EmbedOptions o;
  if (!definition || !definition->is_object()) return o;
  auto lang = definition->find("default_language");
  if (lang == definition->end() || !lang->is_string()) return o;
  const std::string language = lang->get<std::string>();
  if (language != "fa" && language != "en") return o;
  o.language = language;
  auto title = definition->find("title");
  if (title != definition->end() && title->is_object()) {
    auto in = title->find(language);
    if (in != title->end() && in->is_string()) o.title = in->get<std::string>();
  }
  return o;
}
}  // namespace

Json LinkJson(const SurveyLink& l, const std::string& base_url, const Json* definition) {
  // Ready-to-paste snippets for a website: a pop-up after a few seconds, or an iframe.
  collect_web::EmbedOptions popup = EmbedIn(definition);
  collect_web::EmbedOptions inline_frame = popup;
  inline_frame.mode = collect_web::EmbedMode::kInline;
  auto script = collect_web::EmbedScript(base_url, l.token, popup);
  auto iframe = collect_web::IframeSnippet(base_url, l.token, inline_frame);
  return {{"id", l.id},
          {"qr_svg_url", base_url + "/s/" + l.token + "/qr.svg"},
          {"embed",
           {{"script", script ? Json(*script) : Json(nullptr)},
            {"iframe", iframe ? Json(*iframe) : Json(nullptr)}}},
          {"name", l.name},
          {"channel", l.channel},
          {"token", l.token},
          {"url", base_url + "/s/" + l.token},
          {"honeypot", l.honeypot},
          {"one_per_browser", l.one_per_browser},
          {"rate_limit_per_hour", l.rate_limit_per_hour},
          {"created_at", FormatIsoUtc(l.created_ms)},
          {"disabled_at", OptionalTimeJson(l.disabled_ms)}};
}

Json SurveyVersionJson(const SurveyVersion& v) {
  return {{"survey_id", v.survey_id},
          {"version", v.version},
          {"published_at", FormatIsoUtc(v.published_ms)},
          {"definition", StoredJson(v.definition)}};
}

Json TemplateJson(const survey::SurveyTemplate& t) {
  return {
      {"id", t.id}, {"name", {{"en", t.name_en}, {"fa", t.name_fa}}}, {"definition", t.definition}};
}

Json ResponseJson(const nazar::Response& r) {
  return {{"id", r.id},
          {"survey_id", r.survey_id},
          {"version", r.version},
          {"response_id", r.response_key},
          {"status", ToString(r.status)},
          {"language", r.language},
          {"channel", r.channel},
          {"touchpoint", r.touchpoint},
          {"agent", r.agent},
          {"hidden", StoredJson(r.hidden)},
          {"answers", StoredJson(r.answers)},
          {"text", CommentAnalyses(r.meta)},
          {"created_at", FormatIsoUtc(r.created_ms)},
          {"completed_at", OptionalTimeJson(r.completed_ms)},
          {"contact_id", ValueOrNull(r.contact_id)},
          {"interaction_id", ValueOrNull(r.interaction_id)}};
}

Json ResponseJson(const nazar::Response& response, const comments::CommentLabels& labels) {
  Json j = ResponseJson(response);
  j["tags"] = Json::object();
  for (const auto& [question, list] : labels) j["tags"][question] = list;
  return j;
}

Response SubmitResult(const Result<responses::SubmitOutcome>& outcome) {
  if (!outcome) return Response::FromError(outcome.error());
  Json j = ResponseJson(outcome->response);
  j["replayed"] = outcome->replayed;
  j["end_screen"] = ValueOrNull(outcome->end_screen);
  return Response::Json(outcome->replayed ? 200 : 201, j);
}

Response PublicResult(const Result<responses::SubmitOutcome>& outcome) {
  if (!outcome) return Response::FromError(outcome.error());
  return Response::Json(outcome->replayed ? 200 : 201,
                        {{"status", ToString(outcome->response.status)},
                         {"replayed", outcome->replayed},
                         {"end_screen", ValueOrNull(outcome->end_screen)}});
}

}  // namespace nazar::http
