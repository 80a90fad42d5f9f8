#include "text/tokenizer.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "text/unicode.h"

namespace nazar::text {
namespace {

using unicode::CharClass;

// Persian parts written apart from their word (by a space, or by a ZWNJ the writer
// replaced with a space): they join their neighbour.
constexpr std::array<std::string_view, 3> kDetachedPrefixes = {"می", "نمی", "بی"};
constexpr std::array<std::string_view, 16> kDetachedSuffixes = {
    "ها",     "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان",
    "هایشان", "تر",  "ترین", "ام",   "اید",  "ایم",  "اند",    "ی"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool IsPersianWord(const Token& t) { return t.kind == TokenKind::kWord && t.persian; }

// Joins detached Persian prefixes and suffixes to their words. Tokens are contiguous in the
// storage, so joining two neighbours only widens the first one's view.
void JoinPersianParts(std::vector<Token>& tokens) {
  auto join = [](Token& into, const Token& next) {
    into.text =
        std::string_view(into.text.data(), next.text.data() + next.text.size() - into.text.data());
  };
  std::vector<Token> out;
  out.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token t = tokens[i];
    if (IsPersianWord(t) && OneOf(kDetachedSuffixes, t.text) && !out.empty() &&
        IsPersianWord(out.back())) {
      join(out.back(), t);
      continue;
    }
    while (IsPersianWord(t) && OneOf(kDetachedPrefixes, t.text) && i + 1 < tokens.size() &&
           IsPersianWord(tokens[i + 1])) {
      join(t, tokens[++i]);
    }
    out.push_back(t);
  }
  tokens.swap(out);
}

bool IsLetter(CharClass c) {
  return c == CharClass::kLatinLetter || c == CharClass::kArabicLetter ||
         c == CharClass::kOtherLetter;
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Tokenizer::Tokenizer(StringSet emoticons) : emoticons_(std::move(emoticons)) {}

TokenizedText Tokenizer::Tokenize(std::string_view utf8) const {
  std::string folded;
  std::string_view in = utf8;
  if (unicode::HasPresentationForms(utf8)) {
    folded = unicode::FoldPresentationForms(utf8);
    in = folded;
  }
  TokenizedText out;
  // Folding never widens a character, so the input's size bounds the tokens' bytes.
  out.storage_ = std::make_unique_for_overwrite<char[]>(in.size() + 4);
  char* const base = out.storage_.get();
  size_t used = 0;
  std::vector<Token>& tokens = out.tokens_;
  tokens.reserve(in.size() / 4 + 4);

  auto write = [&](char32_t c) { used += unicode::Encode(c, base + used); };
  auto push = [&](size_t begin, TokenKind kind, bool persian = false, bool caps = false) {
    tokens.push_back(Token{std::string_view(base + begin, used - begin), kind, persian, caps});
  };

  // The word being read.
  CharClass word_class = CharClass::kSpace;  // kSpace: no word
  size_t word_begin = 0;
  bool only_digits = true, has_upper = false, has_lower = false;
  char32_t last = 0;
  int run = 0;
  size_t run_begin = 0;
  auto flush = [&] {
    if (word_class == CharClass::kSpace) return;
    push(word_begin, only_digits ? TokenKind::kNumber : TokenKind::kWord,
         word_class == CharClass::kArabicLetter, has_upper && !has_lower);
    word_class = CharClass::kSpace;
    only_digits = true;
    has_upper = has_lower = false;
    last = 0;
  };
  auto peek = [&](size_t pos) {
    if (pos >= in.size()) return CharClass::kSpace;
    return unicode::Fold(unicode::Next(in, pos)).kind;
  };

  bool chunk_start = true;
  size_t pos = 0;
  while (pos < in.size()) {
    if (chunk_start) {
      chunk_start = false;
      size_t end = pos;
      bool punctuation = false;
      while (end < in.size() && !IsAsciiSpace(in[end])) {
        const unsigned char b = static_cast<unsigned char>(in[end]);
        punctuation |= b < 0x80 && !std::isalnum(b);
        ++end;
      }
      if (punctuation && end - pos <= 8) {
        std::array<char, 8> lower{};
        for (size_t i = pos; i < end; ++i) {
          lower[i - pos] = static_cast<char>(std::tolower(static_cast<unsigned char>(in[i])));
        }
        const std::string_view chunk(lower.data(), end - pos);
        if (emoticons_.contains(chunk)) {
          // In capitals as VADER reads them (Python's isupper: ":D", not ":)" nor "xD").
          const std::string_view written = in.substr(pos, end - pos);
          const bool caps =
              std::ranges::any_of(written, [](char c) { return c >= 'A' && c <= 'Z'; }) &&
              std::ranges::none_of(written, [](char c) { return c >= 'a' && c <= 'z'; });
          flush();
          const size_t begin = used;
          for (char c : chunk) base[used++] = c;
          push(begin, TokenKind::kEmoticon, false, caps);
          pos = end;
          continue;
        }
      }
    }
    const unicode::Folded f = unicode::Fold(unicode::Next(in, pos));
    switch (f.kind) {
      case CharClass::kDrop:
        continue;
      case CharClass::kSpace:
        flush();
        chunk_start = true;
        continue;
      case CharClass::kZwnj:
        // Joins the parts of a Persian word; elsewhere it separates.
        if (word_class != CharClass::kArabicLetter) flush();
        continue;
      case CharClass::kEmoji:
        flush();
        {
          const size_t begin = used;
          write(f.c);
          push(begin, TokenKind::kEmoji);
        }
        continue;
      case CharClass::kPunctuation: {
        const char32_t c = f.c;
        const bool inner_latin = (c == '\'' || c == '-') && word_class == CharClass::kLatinLetter &&
                                 !only_digits && peek(pos) == CharClass::kLatinLetter;
        const bool inner_number = (c == '.' || c == ',') && word_class == CharClass::kDigit &&
                                  peek(pos) == CharClass::kDigit;
        if (inner_latin || inner_number) {
          write(c);
          last = 0;
          continue;
        }
        flush();
        const size_t begin = used;
        write(c);
        push(begin, TokenKind::kPunctuation);
        continue;
      }
      default:
        break;
    }
    // A letter or a digit. Digits join Latin words ("mp3") and numbers; a letter joins a
    // word of its script, or turns a number into a Latin word ("4k").
    if (word_class != CharClass::kSpace) {
      const bool joins = f.kind == word_class ||
                         (f.kind == CharClass::kDigit && word_class == CharClass::kLatinLetter) ||
                         (f.kind == CharClass::kLatinLetter && word_class == CharClass::kDigit);
      if (!joins) flush();
    }
    if (word_class == CharClass::kSpace) {
      word_class = f.kind;
      word_begin = used;
    } else if (word_class == CharClass::kDigit && f.kind == CharClass::kLatinLetter) {
      word_class = CharClass::kLatinLetter;
    }
    if (IsLetter(f.kind)) {
      only_digits = false;
      if (f.kind == CharClass::kLatinLetter) (f.upper ? has_upper : has_lower) = true;
    }
    if (f.kind == CharClass::kArabicLetter && f.c == last) {
      // Elongation: three or more of one letter collapse to one.
      if (++run == 3) used = run_begin + unicode::Width(f.c);
      if (run >= 3) continue;
    } else {
      last = f.kind == CharClass::kArabicLetter ? f.c : 0;
      run = 1;
      run_begin = used;
    }
    write(f.c);
  }
  flush();
  JoinPersianParts(tokens);
  return out;
}

}  // namespace nazar::text
