// Escaping text for HTML: one rule for every renderer (the respondent page, invitation and
// act e-mails, digests).
//
// Thread-safety: pure.
#pragma once

#include <string>
#include <string_view>

namespace nazar {

// `text` safe inside HTML text and quoted attribute values: & < > " ' become entities.
std::string EscapeHtml(std::string_view text);

}  // namespace nazar
