// Tokens of a comment, as every analysis in the text module sees them.
//
// Contract:
// - Characters are folded as normalize.h describes. A token is a word (letters and digits
//   of one script; Latin words keep inner apostrophes and hyphens: "don't", "hassle-free"),
//   a number (digits with inner '.' or ','), one emoji, an emoticon (a whole
//   space-separated chunk that the emoticon set knows, such as ":-)") or one punctuation
//   character.
// - Persian words are half-space aware: the ZWNJ joins the parts of one word and is
//   removed from the token ("می‌خواهم" → "میخواهم"); a detached prefix می/نمی/بی
//   joins the word after it and a detached suffix (ها، های، تر، ترین، ام، اند، ی، …) the word
//   before it, so "می‌خواهم", "میخواهم" and "می خواهم" are one and the same
//   token.
// - Token text is lower-case and stays valid as long as the TokenizedText lives (it owns
//   the bytes; moving it keeps them in place).
//
// Thread safety: a Tokenizer is immutable after construction; Tokenize is const and safe
// to call concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace nazar::text {

enum class TokenKind : uint8_t { kWord, kNumber, kEmoji, kEmoticon, kPunctuation };

struct Token {
  std::string_view text;
  TokenKind kind = TokenKind::kWord;
  bool persian = false;   // an Arabic-script word
  bool all_caps = false;  // a Latin word or emoticon in capitals ("GREAT", ":D"; VADER's emphasis)
};

class TokenizedText {
 public:
  std::span<const Token> tokens() const { return tokens_; }

 private:
  friend class Tokenizer;
  std::unique_ptr<char[]> storage_;  // token bytes, one token after another
  std::vector<Token> tokens_;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

class Tokenizer {
 public:
  // `emoticons`: lower-case chunks recognised as one token (":)", ":-(", "<3", ...).
  explicit Tokenizer(StringSet emoticons);

  TokenizedText Tokenize(std::string_view utf8) const;

 private:
  StringSet emoticons_;
};

}  // namespace nazar::text
