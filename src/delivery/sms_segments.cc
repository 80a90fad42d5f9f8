#include "delivery/sms_segments.h"

#include <string_view>

namespace nazar::delivery {
namespace {

constexpr int64_t kGsmSingle = 160;
constexpr int64_t kGsmConcatenated = 153;
constexpr int64_t kUcs2Single = 70;
constexpr int64_t kUcs2Concatenated = 67;

// The GSM 03.38 default alphabet (one septet each) and its extension table (two).
constexpr std::u32string_view kGsmBasic =
    U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    U"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
constexpr std::u32string_view kGsmExtension = U"^{}\\[~]|€\f";

// The next code point of `s` from `i` (advanced); 0xFFFD for an invalid byte.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  i += len;
  return cp;
}

int64_t Parts(int64_t units, int64_t single, int64_t concatenated) {
  if (units == 0) return 0;
  if (units <= single) return 1;
  return (units + concatenated - 1) / concatenated;
}

}  // namespace

std::string_view ToString(SmsEncoding encoding) {
  return encoding == SmsEncoding::kGsm7 ? "gsm7" : "ucs2";
}

SmsSegments CountSmsSegments(std::string_view text) {
  int64_t septets = 0;
  int64_t utf16 = 0;
  bool gsm = true;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = NextCodePoint(text, i);
    utf16 += cp > 0xFFFF ? 2 : 1;
    if (!gsm) continue;
    if (kGsmBasic.find(cp) != std::u32string_view::npos) {
      septets += 1;
    } else if (kGsmExtension.find(cp) != std::u32string_view::npos) {
      septets += 2;
    } else {
      gsm = false;
    }
  }
  SmsSegments out;
  if (gsm) {
    out.encoding = SmsEncoding::kGsm7;
    out.units = septets;
    out.parts = Parts(septets, kGsmSingle, kGsmConcatenated);
    out.per_part = out.parts > 1 ? kGsmConcatenated : kGsmSingle;
  } else {
    out.encoding = SmsEncoding::kUcs2;
    out.units = utf16;
    out.parts = Parts(utf16, kUcs2Single, kUcs2Concatenated);
    out.per_part = out.parts > 1 ? kUcs2Concatenated : kUcs2Single;
  }
  return out;
}

}  // namespace nazar::delivery
