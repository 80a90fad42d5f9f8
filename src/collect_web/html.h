// Small helpers shared by the renderers of this module: escaping for HTML text, attribute
// values and <script> blocks, picking a survey's text in a language, and digits.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/html.h"
#include "core/json.h"
#include "survey/definition.h"

namespace nazar::collect_web {

// `text` safe inside HTML text and quoted attribute values (core/html.h).
using nazar::EscapeHtml;

// `json` serialised for a <script> element (type="application/json" or a JS expression):
// '<', '>', '&', U+2028 and U+2029 are written as \u escapes, so no "</script>" or "<!--"
// can appear in the block whatever the strings hold.
std::string JsonForScript(const Json& json);

// `text` safe inside a double-quoted CSS string in a <style> element: ASCII other than
// letters, digits and / . _ ~ : % ? = # + , @ ! $ * - becomes a CSS hex escape (\3c ).
std::string EscapeCssString(std::string_view text);

// Percent-encodes everything but the unreserved characters (RFC 3986: A-Z a-z 0-9 - . _ ~).
std::string PercentEncode(std::string_view text);

// The language a page is shown in: `requested` when the survey has it, else the survey's
// default language, else "en".
std::string PageLanguage(const survey::Definition& definition, std::string_view requested);

// A survey text in `language`, else in the survey's default language, else any; "" when
// the text is empty.
const std::string& TextIn(const survey::LocalizedText& text, std::string_view language,
                          std::string_view fallback_language);

// `value` in the digits a reader of `language` expects: Persian digits for "fa".
std::string Digits(int64_t value, std::string_view language);
// Every ASCII digit of `text` as a Persian digit for "fa"; unchanged otherwise.
std::string DigitsIn(std::string_view text, std::string_view language);

}  // namespace nazar::collect_web
