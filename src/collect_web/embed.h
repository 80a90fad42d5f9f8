// Snippets an organisation pastes into its own website to show a survey there: a small
// script that opens the survey in a pop-up (after some seconds or on exit intent) or as an
// inline widget, each an <iframe> with a close button; or the bare <iframe>.
//
// The survey's address is {base_url}/s/{link_token}?embed=1[&lang=fa][&h.<name>=<value>...];
// the HTTP layer serves the respondent page there (PageOptions from lang and h.*) and must
// let other sites frame it (no X-Frame-Options: DENY on that route).
//
// Everything that comes from input is escaped for where it lands: URLs are validated and
// percent-encoded, strings in the script are JSON with <, >, & escaped, attributes are
// HTML-escaped.
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nazar::collect_web {

inline constexpr std::string_view kSurveyPathPrefix = "/s/";

enum class EmbedMode { kPopup, kInline };
enum class PopupTrigger { kAfterDelay, kExitIntent };

struct EmbedOptions {
  EmbedMode mode = EmbedMode::kPopup;
  // Pop-up: after delay_seconds (0..3600), or when the pointer leaves the window towards
  // the browser's bar (desktop only; phones have no exit intent).
  PopupTrigger trigger = PopupTrigger::kAfterDelay;
  int delay_seconds = 5;
  // Pop-up: once closed, not shown again to this browser (localStorage).
  bool once_per_visitor = true;
  // Inline: the id of the element the widget is put into.
  std::string target_id = "nazar-survey";
  // "fa" or "en": the survey's language and the words of the close button and the
  // iframe's title; "" leaves the language to the survey (words in English).
  std::string language;
  // The survey's title in `language`, for the pop-up's and the iframe's title; "" for the
  // generic word ("Survey" / "نظرسنجی").
  std::string title;
  int width_px = 420;   // pop-up width (never wider than the screen): 200..2000
  int height_px = 600;  // iframe height: 200..4000
  // Values of the survey's hidden fields (touchpoint, page, ...), sent as h.<name>.
  std::map<std::string, std::string, std::less<>> hidden;
};

// The survey's address as above. Fails on "base_url" unless it is an absolute http(s) URL
// without query, fragment, quotes, spaces or angle brackets; on "link_token" unless it is
// 1..128 letters, digits, '-' or '_'; on "hidden.<name>" for a name that is not an id.
[[nodiscard]] Result<std::string> SurveyUrl(std::string_view base_url, std::string_view link_token,
                                            const EmbedOptions& options);

// <script>...</script> to paste before </body>. Fails as SurveyUrl, and on "delay_seconds",
// "width_px", "height_px", "target_id" (1..64 letters, digits, '-', '_') out of range.
[[nodiscard]] Result<std::string> EmbedScript(std::string_view base_url,
                                              std::string_view link_token,
                                              const EmbedOptions& options = {});

// <iframe ...></iframe> of the survey, full width, options.height_px high.
[[nodiscard]] Result<std::string> IframeSnippet(std::string_view base_url,
                                                std::string_view link_token,
                                                const EmbedOptions& options = {});

}  // namespace nazar::collect_web
