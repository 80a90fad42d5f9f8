#include "text/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace nazar::text::unicode {

char32_t Next(std::string_view text, size_t& pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  int extra = 0;
  char32_t c = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    c = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    c = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    c = b0 & 0x07;
  } else {
    ++pos;
    return kInvalid;
  }
  if (pos + extra >= text.size()) {
    ++pos;
    return kInvalid;
  }
  for (int i = 1; i <= extra; ++i) {
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return kInvalid;
    }
    c = (c << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  static constexpr char32_t kMinForWidth[] = {0, 0x80, 0x800, 0x10000};
  if (c < kMinForWidth[extra] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
    ++pos;
    return kInvalid;
  }
  pos += extra + 1;
  return c;
}

int Width(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

int Encode(char32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

void Append(std::string& out, char32_t c) {
  char bytes[4];
  out.append(bytes, Encode(c, bytes));
}

namespace {

bool InRange(char32_t c, char32_t low, char32_t high) { return c >= low && c <= high; }

bool IsDiacritic(char32_t c) {
  return InRange(c, 0x0610, 0x061A) || InRange(c, 0x064B, 0x065F) || c == 0x0670 ||
         InRange(c, 0x06D6, 0x06DC) || InRange(c, 0x06DF, 0x06E4) || InRange(c, 0x06E7, 0x06E8) ||
         InRange(c, 0x06EA, 0x06ED) || InRange(c, 0x0300, 0x036F);
}

bool IsInvisible(char32_t c) {
  return c == 0x00AD || c == 0x0640 || c == 0x200B || c == 0x200D || c == 0x200E || c == 0x200F ||
         InRange(c, 0x202A, 0x202E) || InRange(c, 0x2060, 0x2064) || InRange(c, 0x2066, 0x2069) ||
         c == 0xFEFF || InRange(c, 0xFE00, 0xFE0F) || InRange(c, 0x1F3FB, 0x1F3FF) || c == 0x20E3 ||
         InRange(c, 0xE0020, 0xE007F);
}

bool IsSpace(char32_t c) {
  return c <= 0x20 || c == 0x7F || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         InRange(c, 0x2000, 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == kInvalid;
}

bool IsEmoji(char32_t c) {
  return InRange(c, 0x1F000, 0x1FAFF) || InRange(c, 0x2600, 0x27BF) || InRange(c, 0x2300, 0x23FF) ||
         InRange(c, 0x2B00, 0x2BFF) || c == 0x203C || c == 0x2049;
}

bool IsArabicLetter(char32_t c) {
  return InRange(c, 0x0620, 0x063F) || InRange(c, 0x0641, 0x064A) || InRange(c, 0x066E, 0x066F) ||
         InRange(c, 0x0671, 0x06D3) || c == 0x06D5 || InRange(c, 0x06EE, 0x06EF) ||
         InRange(c, 0x06FA, 0x06FC) || c == 0x06FF || InRange(c, 0x0750, 0x077F) ||
         InRange(c, 0x08A0, 0x08FF) || c == 0x0621;
}

bool IsOtherLetter(char32_t c) {
  return InRange(c, 0x0370, 0x03FF) || InRange(c, 0x0400, 0x052F) || InRange(c, 0x0531, 0x058F) ||
         InRange(c, 0x05D0, 0x05EA) || InRange(c, 0x0900, 0x0DFF) || InRange(c, 0x0E00, 0x0E7F) ||
         InRange(c, 0x10A0, 0x10FF) || InRange(c, 0x3040, 0x30FF) || InRange(c, 0x3400, 0x4DBF) ||
         InRange(c, 0x4E00, 0x9FFF) || InRange(c, 0xAC00, 0xD7AF);
}

char32_t FoldArabic(char32_t c) {
  switch (c) {
    case 0x064A:  // ي Arabic yeh
    case 0x0649:  // ى alef maqsura
      return 0x06CC;
    case 0x0643:  // ك Arabic kaf
      return 0x06A9;
    case 0x0629:  // ة teh marbuta
    case 0x06C0:  // ۀ heh with yeh
    case 0x06D5:  // ە ae
    case 0x06C1:  // ہ heh goal
    case 0x06C3:  // ۃ
      return 0x0647;
    case 0x0623:  // أ
    case 0x0625:  // إ
    case 0x0671:  // ٱ
      return 0x0627;
    case 0x0624:  // ؤ
      return 0x0648;
    default:
      return c;
  }
}

char32_t FoldPunctuation(char32_t c) {
  switch (c) {
    case 0x060C:  // ، Arabic comma
    case 0x066C:  // ٬ thousands separator
      return ',';
    case 0x061B:  // ؛
      return ';';
    case 0x061F:  // ؟
      return '?';
    case 0x066A:  // ٪
      return '%';
    case 0x066B:  // ٫ decimal separator
    case 0x06D4:  // ۔
    case 0x2026:  // …
      return '.';
    case 0x2018:
    case 0x2019:
    case 0x02BC:
    case 0x00B4:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x00AB:
    case 0x00BB:
      return '"';
    case 0x2010:
    case 0x2011:
    case 0x2013:
    case 0x2014:
      return '-';
    default:
      return c;
  }
}

}  // namespace

Folded Fold(char32_t c) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return {c + 0x20, CharClass::kLatinLetter, true};
    if (c >= 'a' && c <= 'z') return {c, CharClass::kLatinLetter, false};
    if (c >= '0' && c <= '9') return {c, CharClass::kDigit, false};
    if (IsSpace(c)) return {' ', CharClass::kSpace, false};
    return {c, CharClass::kPunctuation, false};
  }
  if (IsSpace(c)) return {' ', CharClass::kSpace, false};
  if (c == kZwnj) return {c, CharClass::kZwnj, false};
  if (IsInvisible(c) || IsDiacritic(c)) return {c, CharClass::kDrop, false};
  if (InRange(c, 0x0660, 0x0669)) return {'0' + (c - 0x0660), CharClass::kDigit, false};
  if (InRange(c, 0x06F0, 0x06F9)) return {'0' + (c - 0x06F0), CharClass::kDigit, false};
  if (IsArabicLetter(c)) return {FoldArabic(c), CharClass::kArabicLetter, false};
  if (InRange(c, 0x00C0, 0x00DE) && c != 0x00D7) return {c + 0x20, CharClass::kLatinLetter, true};
  if ((InRange(c, 0x00DF, 0x00FF) && c != 0x00F7) || InRange(c, 0x0100, 0x024F)) {
    return {c, CharClass::kLatinLetter, false};
  }
  if (IsEmoji(c)) return {c, CharClass::kEmoji, false};
  if (IsOtherLetter(c)) return {c, CharClass::kOtherLetter, false};
  const char32_t p = FoldPunctuation(c);
  return {p, CharClass::kPunctuation, false};
}

bool HasPresentationForms(std::string_view text) {
  // U+FB50..U+FDFF and U+FE70..U+FEFE are EF AD 90 .. EF BB BE in UTF-8.
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) != 0xEF) continue;
    size_t pos = i;
    if (IsPresentationForm(Next(text, pos))) return true;
  }
  return false;
}

std::string FoldPresentationForms(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString folded = nfkc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                                  text.data(), static_cast<int32_t>(text.size()))),
                                              status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  folded.toUTF8String(out);
  return out;
}

}  // namespace nazar::text::unicode
