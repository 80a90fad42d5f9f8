#include "text/normalize.h"

#include <algorithm>
#include <array>

#include "text/unicode.h"

namespace nazar::text {

std::string_view LanguageCode(Language language) {
  switch (language) {
    case Language::kPersian:
      return "fa";
    case Language::kEnglish:
      return "en";
    case Language::kOther:
      break;
  }
  return "other";
}

std::optional<Language> ParseLanguageCode(std::string_view code) {
  if (code == "fa") return Language::kPersian;
  if (code == "en") return Language::kEnglish;
  return std::nullopt;
}

namespace {

using unicode::CharClass;

// Common words that only one of the languages sharing a script writes.
constexpr std::string_view kEnglishFunctionWords[] = {
    "the",  "and",  "is",   "was", "to", "of", "it",   "i",   "you",  "my", "not", "but", "for",
    "with", "this", "that", "in",  "on", "a",  "very", "are", "have", "so", "too", "no"};
constexpr std::string_view kArabicFunctionWords[] = {"في",   "على", "هذا", "هذه", "التي",
                                                     "الذي", "إلى", "كان", "لقد", "ليس"};
constexpr std::string_view kPersianFunctionWords[] = {"است",  "را",  "این", "از",   "به", "با",
                                                      "خیلی", "هست", "بود", "نیست", "من"};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view word) {
  for (std::string_view w : list) {
    if (w == word) return true;
  }
  return false;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

Language DetectLanguage(std::string_view utf8) {
  size_t latin = 0, arabic = 0, other = 0, accented = 0;
  size_t persian_signs = 0, arabic_signs = 0, english_words = 0;
  std::string word;  // the current word, folded, for function-word checks
  CharClass word_class = CharClass::kSpace;
  auto end_word = [&] {
    if (word.empty()) return;
    if (word_class == CharClass::kLatinLetter) {
      english_words += Contains(kEnglishFunctionWords, word);
    } else if (word_class == CharClass::kArabicLetter) {
      arabic_signs += Contains(kArabicFunctionWords, word);
      persian_signs += Contains(kPersianFunctionWords, word);
    }
    word.clear();
  };
  for (size_t pos = 0; pos < utf8.size();) {
    const char32_t raw = unicode::Next(utf8, pos);
    const unicode::Folded f = unicode::Fold(raw);
    switch (f.kind) {
      case CharClass::kLatinLetter:
        ++latin;
        accented += raw >= 0x80;
        break;
      case CharClass::kArabicLetter:
        ++arabic;
        persian_signs += unicode::IsPersianOnlyLetter(raw) || raw == 0x06A9 || raw == 0x06CC;
        arabic_signs += raw == 0x0629 || raw == 0x0649;
        break;
      case CharClass::kOtherLetter:
        ++other;
        break;
      case CharClass::kDrop:
      case CharClass::kZwnj:
        continue;
      default:
        break;
    }
    const bool letter = f.kind == CharClass::kLatinLetter || f.kind == CharClass::kArabicLetter;
    if (!letter || (f.kind != word_class && !word.empty())) end_word();
    if (letter) {
      word_class = f.kind;
      // Function words are matched on the raw Arabic letters (ي/ی tell the languages apart).
      unicode::Append(word, f.kind == CharClass::kArabicLetter ? raw : f.c);
    }
  }
  end_word();
  if (arabic == 0 && latin == 0 && other == 0) return Language::kOther;
  // Arabic-script letters count double: a Persian comment naming "iPhone 13 Pro Max" is
  // still Persian.
  if (2 * arabic >= latin && arabic >= other) {
    // Persian written with Arabic letters (ي ك) is still Persian; Arabic needs its own signs.
    return arabic_signs > persian_signs ? Language::kOther : Language::kPersian;
  }
  if (latin >= other) {
    return accented > 0 && english_words == 0 ? Language::kOther : Language::kEnglish;
  }
  return Language::kOther;
}

std::string NormalizeText(std::string_view utf8) {
  std::string folded_input;
  std::string_view in = utf8;
  if (unicode::HasPresentationForms(utf8)) {
    folded_input = unicode::FoldPresentationForms(utf8);
    in = folded_input;
  }
  std::string out;
  out.reserve(in.size());
  bool pending_space = false, pending_zwnj = false;
  char32_t last = 0;     // last letter written
  size_t run = 0;        // how many times in a row `last` was seen
  size_t run_start = 0;  // where the run of `last` starts in `out`
  for (size_t pos = 0; pos < in.size();) {
    const unicode::Folded f = unicode::Fold(unicode::Next(in, pos));
    switch (f.kind) {
      case CharClass::kDrop:
        continue;
      case CharClass::kSpace:
        pending_space = !out.empty();
        pending_zwnj = false;
        last = 0;
        continue;
      case CharClass::kZwnj:
        pending_zwnj = !out.empty() && !pending_space;
        continue;
      default:
        break;
    }
    if (f.kind == CharClass::kArabicLetter && f.c == last && !pending_space && !pending_zwnj) {
      if (++run == 3) out.resize(run_start + unicode::Width(f.c));
      if (run >= 3) continue;
      unicode::Append(out, f.c);
      continue;
    }
    if (pending_space) {
      out += ' ';
    } else if (pending_zwnj && f.kind == CharClass::kArabicLetter) {
      unicode::Append(out, unicode::kZwnj);
    }
    pending_space = pending_zwnj = false;
    last = f.kind == CharClass::kArabicLetter ? f.c : 0;
    run = 1;
    run_start = out.size();
    unicode::Append(out, f.c);
  }
  return out;
}

std::span<const std::string_view> PersianSuffixes() {
  // Longest first.
  static constexpr std::array<std::string_view, 32> kSuffixes = {
      "هایشان", "هایتان", "هایمان", "هایی", "هایم", "هایت", "هایش", "های", "ترین", "شان", "تان",
      "مان",    "اند",    "ایم",    "اید",  "ها",   "تر",   "ام",   "ات",  "اش",   "ای",  "ان",
      "ید",     "ند",     "یم",     "ین",   "ست",   "ی",    "م",    "ت",   "ش",    "ه"};
  return kSuffixes;
}

std::string_view StripPersianSuffix(std::string_view word, std::string_view suffix) {
  if (!EndsWith(word, suffix) ||
      unicode::CountCodePoints(word) < unicode::CountCodePoints(suffix) + 2)
    return {};
  return word.substr(0, word.size() - suffix.size());
}

std::string_view StemPersian(std::string_view word) {
  // Plural and comparative endings are innermost: after one of them nothing more goes.
  // After an outer ending (possessive, copula, person) one inner ending may follow.
  static constexpr std::string_view kInner[] = {"ها", "های", "هایی", "تر", "ترین", "ی", "ان", "ات"};
  std::string_view s = word;
  for (std::string_view suffix : PersianSuffixes()) {
    const std::string_view stripped = StripPersianSuffix(s, suffix);
    if (stripped.empty()) continue;
    s = stripped;
    if (std::find(std::begin(kInner), std::end(kInner), suffix) != std::end(kInner)) return s;
    for (std::string_view inner : kInner) {
      const std::string_view again = StripPersianSuffix(s, inner);
      if (!again.empty()) return again;
    }
    return s;
  }
  return s;
}

std::string_view StemEnglish(std::string_view word) {
  std::string_view s = word;
  auto strip = [&](size_t n) { s.remove_suffix(n); };
  if (s.size() > 3 && EndsWith(s, "'s")) strip(2);
  if (EndsWith(s, "sses")) {
    strip(2);
  } else if (s.size() > 4 && (EndsWith(s, "ies") || EndsWith(s, "ied"))) {
    strip(3);
  } else if (s.size() > 3 && EndsWith(s, "s") && !EndsWith(s, "ss") && !EndsWith(s, "us") &&
             !EndsWith(s, "is")) {
    strip(1);
  }
  bool suffixed = false;
  if (s.size() >= 6 && EndsWith(s, "ing")) {
    strip(3);
    suffixed = true;
  } else if (s.size() >= 5 && EndsWith(s, "ed")) {
    strip(2);
    suffixed = true;
  }
  const auto is_vowel = [](char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  };
  if (suffixed && s.size() >= 3 && s.back() == s[s.size() - 2] && !is_vowel(s.back()) &&
      s.back() != 'l' && s.back() != 's' && s.back() != 'z') {
    strip(1);
  }
  if (s.size() > 3 && (s.back() == 'e' || s.back() == 'y')) strip(1);
  return s;
}

std::string_view Stem(std::string_view word) {
  if (word.empty()) return word;
  size_t pos = 0;
  const unicode::Folded f = unicode::Fold(unicode::Next(word, pos));
  return f.kind == CharClass::kArabicLetter ? StemPersian(word) : StemEnglish(word);
}

}  // namespace nazar::text
