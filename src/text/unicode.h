// Internal to the text module: UTF-8 decoding and the per-character folding that
// normalize.h describes, shared by NormalizeText and the tokenizer.
//
// Thread safety: pure functions; safe to call concurrently.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nazar::text::unicode {

inline constexpr char32_t kZwnj = 0x200C;
inline constexpr char32_t kInvalid = 0xFFFD;

// Decodes the code point at text[pos] and advances pos. Invalid or truncated sequences
// decode as kInvalid and advance one byte.
char32_t Next(std::string_view text, size_t& pos);

// Code points in valid UTF-8 (bytes that do not continue a sequence).
inline size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Writes `c` as UTF-8 at `out` (room for 4 bytes) and returns the number of bytes.
int Encode(char32_t c, char* out);
void Append(std::string& out, char32_t c);
// Bytes `c` takes in UTF-8.
int Width(char32_t c);

enum class CharClass {
  kSpace,         // whitespace, and invalid bytes
  kDrop,          // removed: diacritics, tatweel, invisible marks, variation selectors
  kZwnj,          // the zero-width non-joiner
  kLatinLetter,   // a..z and Latin-1/Latin Extended letters
  kArabicLetter,  // Arabic-script letters (Persian, Arabic, Urdu)
  kOtherLetter,   // letters of other scripts (Cyrillic, Greek, Hebrew, CJK, ...)
  kDigit,         // ASCII digits (after folding)
  kEmoji,         // pictographs and symbols used as emoji
  kPunctuation,   // everything else
};

struct Folded {
  char32_t c;      // the folded character (lower-case, Persian letters, ASCII digits)
  CharClass kind;  // class of the folded character
  bool upper;      // the original was an upper-case Latin letter
};

// Folds one character as normalize.h describes (except elongation, which needs context).
Folded Fold(char32_t c);

// True for the Arabic presentation forms that only NFKC folds (U+FB50..U+FDFF,
// U+FE70..U+FEFF).
inline bool IsPresentationForm(char32_t c) {
  return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFE);
}

// A quick byte scan: does `text` hold a presentation form?
bool HasPresentationForms(std::string_view text);
// The input with presentation forms folded by ICU NFKC.
std::string FoldPresentationForms(std::string_view text);

// Persian-only letters: پ چ ژ گ ک ی (after folding ك/ي they are also what Persian text
// written with Arabic letters becomes, so detection looks at the raw letters).
inline bool IsPersianOnlyLetter(char32_t c) {
  return c == 0x067E || c == 0x0686 || c == 0x0698 || c == 0x06AF;
}

}  // namespace nazar::text::unicode
