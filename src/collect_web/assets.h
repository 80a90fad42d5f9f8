// Files compiled into the library (generated at configure time from assets/; private).
#pragma once

#include <string_view>

namespace nazar::collect_web {

extern const std::string_view kRespondentJs;   // assets/respondent.js
extern const std::string_view kRespondentCss;  // assets/respondent.css
extern const std::string_view kEmbedJs;        // assets/embed.js

}  // namespace nazar::collect_web
