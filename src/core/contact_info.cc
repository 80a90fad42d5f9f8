#include "core/contact_info.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/phone.h"

namespace nazar {

std::string SanitiseUtf8(std::string_view in, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < in.size();) {
    unsigned char c = in[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= in.size() && c >= 0x20 && c != 0x7f;
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(in[i + k]) & 0xC0) == 0x80;
    if (len == 1 && c < 0x20) ok = false;
    if (!ok) len = 1;
    if (out.size() + (ok ? len : 1) > max_bytes) break;
    if (ok) {
      out.append(in.substr(i, len));
    } else {
      out.push_back('?');
    }
    i += len;
  }
  return out;
}

Result<std::string> NormaliseEmail(std::string_view email, std::string_view field) {
  std::string e(email);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  auto at = e.find('@');
  bool ok = !e.empty() && e.size() <= 254 && at != std::string::npos && at > 0 &&
            at + 1 < e.size() && e.find('@', at + 1) == std::string::npos &&
            std::none_of(e.begin(), e.end(), [](unsigned char c) {
              return std::isspace(c) || c < 0x20 || c == '<' || c == '>' || c == ',';
            });
  if (!ok || SanitiseUtf8(e, e.size()) != e) {
    return Fail(Error::InvalidArgument(fmt::format("{} is not a valid address", field),
                                       std::string(field)));
  }
  return e;
}

Result<std::string> NormalisePhone(std::string_view phone, std::string_view field) {
  std::string out = PhoneDigits(phone);
  size_t digits = out.starts_with('+') ? out.size() - 1 : out.size();
  bool ok = digits >= 6 && digits <= 15 &&
            std::all_of(out.begin() + (out.starts_with('+') ? 1 : 0), out.end(),
                        [](unsigned char c) { return std::isdigit(c); });
  if (!ok) {
    return Fail(Error::InvalidArgument(
        fmt::format("{} must be 6 to 15 digits, optionally after a '+'", field), std::string(field)));
  }
  return out;
}

}  // namespace nazar
