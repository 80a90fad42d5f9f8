// Text normalisation for analysis, Persian and English, and language detection.
//
// Contract:
// - Input is UTF-8; invalid bytes are read as spaces, never as errors.
// - Persian: Arabic yeh/alef maqsura (ي ى) become Persian yeh (ی), Arabic kaf (ك) becomes
//   keheh (ک), teh marbuta and heh-with-yeh (ة ۀ) become heh (ه), hamza-carrying alefs
//   (أ إ ٱ) become alef (ا; آ stays); Arabic-Indic and Persian digits become ASCII digits,
//   Arabic comma, semicolon, question mark and decimal separator their ASCII twins;
//   diacritics (harakat, superscript alef, Quranic marks) and tatweel are removed; runs of
//   three or more of one Arabic-script letter collapse to one ("خیلیییی" → "خیلی").
// - The zero-width non-joiner (ZWNJ, U+200C) is kept inside words (it is correct Persian
//   spelling) but never doubled nor next to a space; other invisible characters (ZWJ,
//   ZWSP, BOM, bidi marks, variation selectors, emoji skin tones) are removed and
//   non-breaking or typographic spaces become plain spaces.
// - English: ASCII and Latin-1 letters are lower-cased; typographic apostrophes become '.
// - Arabic presentation forms (U+FB50..U+FEFF) are first folded with ICU's NFKC; text
//   without them never reaches ICU.
//
// Stemming (light suffix stripping, so a stem is always a prefix of the word and no memory
// is allocated): Persian strips plural, comparative, possessive, ezafe and verb endings
// (ها/های/ان/ات/تر/ترین/ی/ام/ش/ند/…): one ending, and after an outer one (possessive,
// person, copula) one inner one (plural, comparative, ezafe), never below two letters
// (verb prefixes stay: می/نمی carry tense and negation);
// English strips plural, -ing, -ed, a final e or y and undoubles a final consonant
// ("shipping" → "ship", "prices" → "pric", "deliveries"/"delivery"/"delivered" → "deliver").
// Stems are matching keys, not words: both sides of a comparison are stemmed alike.
//
// Thread safety: pure functions; safe to call concurrently.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace nazar::text {

enum class Language {
  kPersian,  // "fa"
  kEnglish,  // "en"
  kOther,    // "other": another language, or no letters at all
};

// "fa", "en", "other".
std::string_view LanguageCode(Language language);
// "fa" / "en" → the language; anything else → nullopt.
std::optional<Language> ParseLanguageCode(std::string_view code);

// Script-based detection. Letters are counted by script: Arabic-script text is Persian
// unless it carries Arabic-only signs (ة, Arabic function words) and no Persian-only letters
// (پ چ ژ گ) or Persian function words; Latin text is English unless it has accented letters
// and no English function word; other scripts are "other". Mixed text goes to the script
// with more letters, Arabic-script letters counting double (a Persian comment quoting
// "iPhone 13 Pro Max" is Persian).
Language DetectLanguage(std::string_view utf8);

// The text as analysis sees it: the rules above, ASCII lower-case, spaces collapsed and
// trimmed. Idempotent.
std::string NormalizeText(std::string_view utf8);

// Light stems (see the contract). `word` is a normalised token without spaces.
std::string_view StemPersian(std::string_view word);
std::string_view StemEnglish(std::string_view word);
// Persian if `word` starts with an Arabic-script letter, else English.
std::string_view Stem(std::string_view word);

// The Persian endings StemPersian knows, longest first, and `word` without `suffix` (empty
// when it does not end so or would keep under two letters).
std::span<const std::string_view> PersianSuffixes();
std::string_view StripPersianSuffix(std::string_view word, std::string_view suffix);

}  // namespace nazar::text
