// Internal to the text module: the compiled tables behind an Analyzer and the per-comment
// working state the rules (sentiment.cc), topics (topics.cc) and key phrases
// (key_phrases.cc) share. See analyzer.h for the behaviour.
//
// Thread safety: Impl is immutable after Create; a Prepared comment belongs to one call.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"
#include "text/tokenizer.h"
#include "text/vocabulary.h"

namespace nazar::text {

// Roles of function words (by exact word) and of content words (by stem class).
enum WordFlag : uint32_t {
  kFlagNegator = 1u << 0,           // English: not, never, n't, without, no, ...
  kFlagNever = 1u << 1,             // "never" (never so / never this)
  kFlagSoThis = 1u << 2,            // "so", "this"
  kFlagLeast = 1u << 3,             // "least"
  kFlagAtVery = 1u << 4,            // "at", "very" (at least, very least: no negation)
  kFlagWithout = 1u << 5,           // "without" (without doubt)
  kFlagDoubt = 1u << 6,             // "doubt"
  kFlagContrastWeighted = 1u << 7,  // but, however, ولی، اما: ×0.5 before, ×1.5 after
  kFlagContrastSplit = 1u << 8,     // although, البته: a clause boundary only
  kFlagStopword = 1u << 9,
  kFlagForwardNegator = 1u << 10,  // Persian نه، بدون: negate the next polar word
  kFlagKind = 1u << 11,            // "kind" / "sort" (of)
  kFlagOf = 1u << 12,              // "of"
  kFlagNo = 1u << 13,              // "no" (not a valence of its own before a rated word)
  // By class:
  kFlagProblem = 1u << 16,      // problem, issue, مشکل: resolved by a later resolver
  kFlagResolver = 1u << 17,     // fixed, solved, حل، برطرف
  kFlagExpectation = 1u << 18,  // work, arrive, call back: negated, an unmet expectation
};

// Sentiment constants of VADER (Hutto & Gilbert 2014) and Nazar's additions.
inline constexpr float kBoosterIncrement = 0.293f;
inline constexpr float kDampenerIncrement = -0.293f;
inline constexpr float kCapsIncrement = 0.733f;
inline constexpr float kNegationScalar = -0.74f;
inline constexpr float kNeverSoScalar = 1.25f;
inline constexpr float kExclamationIncrement = 0.292f;
inline constexpr int kMaxExclamations = 4;
inline constexpr float kQuestionIncrement = 0.18f;
inline constexpr float kMaxQuestionEmphasis = 0.96f;
inline constexpr float kNormalizationAlpha = 15.0f;
inline constexpr float kBeforeContrast = 0.5f;
inline constexpr float kAfterContrast = 1.5f;
inline constexpr float kUnmetExpectation = -1.2f;    // Persian negated verb, nothing to flip
inline constexpr float kNegatedExpectation = -1.0f;  // English "didn't work"
inline constexpr float kDenseScale = 4.0f;           // positive / (positive + 4) for the model
inline constexpr size_t kNegationReach = 3;          // words a negation's scope covers (model)

// One comment, tokenised and looked up.
struct Prepared {
  Language language = Language::kOther;
  TokenizedText text;
  std::vector<WordRef> refs;          // per token
  std::vector<uint32_t> classes;      // per token: refs[i].cls ("<n>" for numbers)
  std::vector<uint8_t> negated_verb;  // per token: a Persian verb with the negative prefix
};

// What the rules make of a comment.
struct RuleResult {
  std::vector<float> valence;     // per token, after every rule
  std::vector<float> unweighted;  // per token, before contrast weighting
  std::vector<uint8_t> negated;   // per token: negation applied to it
  std::vector<uint32_t> clause;    // per token
  std::vector<uint32_t> sentence;  // per token
  size_t clauses = 0;
  size_t sentences = 0;
  double compound = 0.0;
  double positive = 0.0;                  // sum of positive valences
  double negative = 0.0;                  // sum of negative valences, as a positive number
  double clause_positive = 0.0;           // sum of positive clause sums (before contrast weighting)
  double clause_negative = 0.0;           // sum of negative clause sums, as a positive number
  double weighted_clause_positive = 0.0;  // the same after contrast weighting
  double weighted_clause_negative = 0.0;
};

// One taxonomy keyword (topics.h): its words as written, which of them a token must start
// with (those the stemmer shortens: "کارت" is not "کار", "site" not "sit"), its topic, and
// whether it is a negative keyword (its words never count for the topic).
struct TopicKeyword {
  std::array<uint32_t, kMaxPhraseWords> words{};
  uint8_t size = 0;
  uint8_t strict = 0;  // bit i: token i must start with words[i]'s spelling
  uint16_t topic = 0;
  bool negative = false;
};

// The topics a keyword match at a position gives, and how many tokens it covers (0: none).
struct TopicMatch {
  size_t length = 0;
  std::vector<uint16_t> topics;  // positive keywords' topics (negative ones give none)
  // Negative keywords met at the position, longer ones included: (topic, words they cover).
  std::vector<std::pair<uint16_t, size_t>> silenced;
};

struct Analyzer::Impl {
  Impl() : tokenizer(StringSet{}) {}

  Tokenizer tokenizer;
  Vocabulary vocab;
  std::vector<float> valence;              // by word; NaN: not rated
  std::vector<float> class_valence;        // by class: the first rated member's valence
  std::vector<uint32_t> class_rated_word;  // by class: that member
  std::vector<float> booster;              // by word; 0: not a booster
  std::vector<uint32_t> flags;             // by word (function words) and by class (content)
  PhraseTable<float> phrases;              // multi-word sentiment entries
  PhraseTable<uint8_t> emotion_cues;       // emotion bit masks
  PhraseTable<std::vector<TopicKeyword>> topic_keywords;  // by the keyword's classes
  std::vector<uint8_t> topic_class;  // by class: part of a taxonomy keyword
  StringSet persian_verb_stems;
  uint32_t number_word = kNoWord;  // "<n>": any number
  uint32_t copula_word = kNoWord;  // "است", the base of "نیست"
  Taxonomy taxonomy;
  int price_topic = -1;  // the taxonomy's "price" topic, if it has one
  std::optional<PolarityModel> model;

  bool HasFlag(uint32_t id, uint32_t flag) const {
    return id != kNoWord && (flags[id] & flag) != 0;
  }

  Prepared Prepare(std::string_view text, std::optional<Language> language) const;
  RuleResult ScoreRules(const Prepared& p) const;
  Sentiment Score(const Prepared& p, const RuleResult& rules) const;
  // What the polarity model reads; `stems` and `surface` hold the bytes it points to.
  PolarityInput ModelInput(const Prepared& p, const RuleResult& rules,
                           std::vector<std::string_view>& stems, std::string& surface) const;
  std::vector<EmotionScore> Emotions(const Prepared& p, const RuleResult& rules) const;
  // `overall`: the comment's sentiment, for a topic whose sentences carry no rated word.
  std::vector<TopicMention> Topics(const Prepared& p, const RuleResult& rules,
                                   const Sentiment& overall) const;
  // The longest taxonomy keyword (or negative keyword) at token i whose words the tokens
  // spell (see TopicKeyword).
  TopicMatch MatchTopic(const Prepared& p, size_t i) const;
  // Calls fn(i, match) for each keyword match of a comment, left to right (the longest at a
  // place), less the topics a negative keyword covering the place silences.
  void ForEachTopicMatch(const Prepared& p,
                         const std::function<void(size_t, const TopicMatch&)>& fn) const;
  // The valence a word carries by itself (lexicon, stem, privative prefix).
  float WordValence(const Prepared& p, size_t i) const;
};

// Loading (analyzer.cc): adds each space-separated part of `entry` ("<n>" is any number)
// to the vocabulary; returns the word ids, or nothing when a part has no word.
std::vector<uint32_t> AddEntryWords(Analyzer::Impl& impl, std::string_view entry);
// One word, normalised like a token; kNoWord when `word` is not exactly one token.
uint32_t AddWord(Analyzer::Impl& impl, std::string_view word);

}  // namespace nazar::text
