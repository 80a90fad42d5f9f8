// The respondent page: a survey rendered as server-side HTML that works with JavaScript
// turned off, and the thank-you and closed pages. Pure: strings in, strings out; the HTTP
// layer serves them (and the fonts, see FontCss).
//
// The page is ONE <form method="post"> holding every question, so a browser without
// JavaScript submits all answers at once (application/x-www-form-urlencoded, decoded by
// ParseFormSubmission in form.h). Field names:
//   a.<question id>            the answer (repeated for each ticked multiple-choice box)
//   a.<question id>.<row id>   a matrix row
//   h.<name>                   a hidden field of the definition (touchpoint, agent, ...)
//   response_id, language      the client token (idempotency key) and the page language
//   website                    the honeypot: people leave it empty, form-filling bots do not
// The `required` attribute is set only on required questions that are always shown (no
// display_if and no skip rule before them): a question that logic may hide must not block
// a browser that cannot evaluate logic. The server's CheckAnswers has the final word.
//
// With JavaScript (assets/respondent.js, progressive enhancement only) the page shows one
// question per screen with Back/Next and a progress bar, evaluates display_if and skip rules
// as survey/answers.h does (the logic is embedded as JSON: LogicJson), disables the inputs of
// questions that end up not shown, and, when PageOptions::partial_url is set, POSTs the
// answers so far after each screen as JSON:
//   {"response_id": "...", "language": "fa", "hidden": {"touchpoint": "..."},
//    "answers": {<survey::ParseAnswers shape>}, "website": "<only when filled>"}
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "survey/answers.h"
#include "survey/definition.h"

namespace nazar::collect_web {

// Where the pages' static parts come from.
struct AssetOptions {
  // URL folder serving Vazirmatn-Regular.woff2 and Vazirmatn-Bold.woff2 (the npm package
  // vazirmatn's fonts/webfonts/ folder). Used by Persian pages only.
  std::string font_url_prefix = "/static/fonts";
  // When set, the page links these instead of inlining the script and the style sheet
  // (RespondentScript() / RespondentStyle() are what to serve there), for a strict CSP.
  std::string script_url;
  std::string style_url;
  // When set, inline <script> and <style> elements carry nonce="..." (CSP nonces).
  std::string csp_nonce;
};

struct PageOptions {
  // "fa" or "en"; a language the survey does not have falls back to its default language.
  std::string language;
  // The form's action.
  std::string submit_url;
  // Partial answers are POSTed here as JSON after each screen; empty: no partial saves.
  std::string partial_url;
  // The client token of this response (idempotency key), sent back as `response_id`.
  std::string response_id;
  // Values of the definition's hidden fields, sent back as h.<name>; names the definition
  // does not declare are left out.
  std::map<std::string, std::string, std::less<>> hidden;
  // Question id -> message shown next to the question (and in the summary on top). A key
  // that is not a question id (e.g. "") is shown in the summary only.
  std::map<std::string, std::string, std::less<>> errors;
  // Answers given before (when the page is shown again with errors): the form is re-filled.
  survey::Answers answers;
  // Adds the visually hidden honeypot field `website`.
  bool honeypot = true;
  // Shows "3 of 10" and a progress bar (JavaScript only: without it all questions are shown).
  bool progress = true;
  AssetOptions assets;
};

// The whole survey as one HTML5 document (UTF-8). Every survey text is HTML-escaped.
std::string RenderSurveyPage(const survey::Definition& definition, const PageOptions& options);

// The page after a submission: the end screen `end_screen_id` (from survey::WalkSurvey) when
// the definition has it, else the definition's thank_you text, else a default thanks.
std::string RenderThankYou(const survey::Definition& definition, std::string_view language,
                           std::optional<std::string> end_screen_id,
                           const AssetOptions& assets = {});

// kPreview: the builder's preview was submitted (nothing is stored).
// kUnavailable: the survey could not be read just now (the database is down); a 503 that
// asks the respondent to try again, never "not found".
enum class ClosedReason { kClosed, kNotFound, kPreview, kUnavailable };
// "This survey is closed" / "not found" / "try again in a moment". `language` "fa" or "en"; anything else (the survey,
// hence its language, is unknown) shows the message in both languages.
std::string RenderClosed(std::string_view language, ClosedReason reason,
                         const AssetOptions& assets = {});

// @font-face rules for Vazirmatn (regular 400 and bold 700, woff2, font-display: swap) at
// `{font_url_prefix}/Vazirmatn-Regular.woff2` and `.../Vazirmatn-Bold.woff2`.
std::string FontCss(std::string_view font_url_prefix);

// The page's own script, and its style sheet with FontCss(font_url_prefix) in front
// (embedded in the binary): what the page inlines, or what to serve at
// AssetOptions::script_url / style_url.
std::string_view RespondentScript();
std::string RespondentStyle(std::string_view font_url_prefix);

// The logic the page's script evaluates, taken from survey::ToJson(definition): one entry
// per question in order with its "id", "type", "required", and when present "display_if",
// "skip" and "max_selected", in survey::ToJson's shapes.
Json LogicJson(const survey::Definition& definition);

}  // namespace nazar::collect_web
