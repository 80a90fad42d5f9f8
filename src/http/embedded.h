// Files compiled into the binary (generated at configure time from docs/ and assets/).
#pragma once

#include <string_view>

namespace nazar::http {

extern const std::string_view kOpenApiJson;  // docs/openapi.json
extern const std::string_view kIndexHtml;    // src/http/assets/index.html

}  // namespace nazar::http
