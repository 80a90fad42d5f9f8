// The text analyser: language, sentiment, emotions and topics of one comment, in Persian
// or English, fast enough to run on every comment as it arrives.
//
// Contract:
// - Build one Analyzer (it compiles its lexicons, rules and model into hash maps and
//   arrays, a few milliseconds) and share it: Analyze is const and allocation-light.
// - Language: the caller's, or DetectLanguage (normalize.h). "other" is analysed with the
//   English rules (emoji and emoticons still count).
// - Sentiment, English: VADER's published rules (Hutto & Gilbert 2014) over VADER's
//   lexicon plus Nazar's customer-experience supplement (data/en_lexicon.tsv): boosters
//   and dampeners over the three preceding words (0.293, scaled 1 / 0.95 / 0.9), ALL-CAPS
//   emphasis (0.733) when not everything is in capitals, negation over the three
//   preceding words (×-0.74; "never so/this" ×1.25; "least"), contrast ("but", "however":
//   ×0.5 before, ×1.5 after, within the sentence), '!' (0.292 each, at most four) and '?'
//   emphasis, and the compound score x / sqrt(x² + 15). Nazar adds multi-word entries
//   ("on hold", "took <n> days"), a negated expectation verb ("didn't work", "never
//   called back": -1.0), and problems that a later word in the clause resolves ("the issue
//   was fixed") count as resolved.
// - Sentiment, Persian: the same frame over Nazar's seed lexicon (data/fa_lexicon.tsv)
//   with Persian morphology: stems (ها، های، تر، ترین، ی، ام، …), the negative verb prefix
//   (ن / نمی: a negated verb flips the nearest polar word before it in the clause, "خوب
//   نبود", "راضی نیستم"; a negated verb with nothing to flip reads as an unmet
//   expectation, -1.2, "جواب ندادند"), the privative prefixes بی / نا, boosters (خیلی،
//   واقعاً، اصلاً، …), dampeners (کمی، نسبتاً، …) and contrast (ولی، اما، ولیکن: ×0.5 / ×1.5;
//   البته splits without weighting). The lexicon score then feeds, with the comment's
//   stems, a polarity model the project trains on DeepSentiPers (polarity_model.h); the
//   score is the mean of the model's P(positive) - P(negative) and the rules' compound.
// - Label: "mixed" when the comment has clearly positive and clearly negative clauses
//   (clause sums of the rule valences: each side at least kMixedMinimum, and after
//   contrast weighting the weaker side at least kMixedBalance of the stronger); otherwise positive
//   / negative past the neutral band (English ±0.05 as VADER; Persian the model's band), else
//   neutral.
// - Emotions (joy, anger, sadness, fear, surprise, trust) come from a bilingual cue
//   lexicon (data/emotions.tsv) and emoji; a negated cue does not count. Intensity is
//   1 - 0.5^(cues), so one cue gives 0.5. Only emotions the text carries are reported.
// - Topics: the taxonomy's keywords found in the comment, in taxonomy order, each with the
//   sentiment of the clauses that mention it (TopicMention).
//
// Thread safety: an Analyzer is immutable once created; every const member function is
// safe to call concurrently from many threads.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "text/normalize.h"
#include "text/polarity_model.h"
#include "text/topics.h"

namespace nazar::text {

enum class SentimentLabel { kNegative, kNeutral, kPositive, kMixed };
// "negative", "neutral", "positive", "mixed".
std::string_view ToString(SentimentLabel label);

enum class Emotion { kJoy, kAnger, kSadness, kFear, kSurprise, kTrust };
inline constexpr size_t kNumEmotions = 6;
// "joy", "anger", "sadness", "fear", "surprise", "trust".
std::string_view ToString(Emotion emotion);

inline constexpr double kMixedMinimum = 1.0;
inline constexpr double kMixedBalance = 0.2;
inline constexpr double kEnglishNeutralBand = 0.05;

struct Sentiment {
  SentimentLabel label = SentimentLabel::kNeutral;
  double score = 0.0;     // [-1, 1]
  double positive = 0.0;  // sum of positive rule valences (after the rules)
  double negative = 0.0;  // sum of negative rule valences, as a positive number
};

struct EmotionScore {
  Emotion emotion = Emotion::kJoy;
  double intensity = 0.0;  // (0, 1)
};

// A topic the comment mentions, with the sentiment of what it says about it: the rule
// valences of the clauses that mention it (a clause ends at a sentence end, a comma-like
// break or a contrast word: but, however, although, ولی، اما، ولیکن، لیکن، البته, در حالی
// که), else of the sentences that mention it, else the comment's own score and label.
// "delivery was late but the product is great": delivery negative, product positive.
struct TopicMention {
  size_t topic = 0;    // index into the taxonomy's topics
  double score = 0.0;  // [-1, 1]
  SentimentLabel label = SentimentLabel::kNeutral;  // by ±kEnglishNeutralBand; never mixed
};

struct CommentAnalysis {
  Language language = Language::kOther;
  Sentiment sentiment;
  std::vector<EmotionScore> emotions;  // in Emotion order, only those present
  std::vector<TopicMention> topics;    // in taxonomy order
};

struct SuggestedTopic {
  std::string phrase;  // the most frequent written form
  Language language = Language::kOther;
  size_t comments = 0;  // how many comments use it
  double score = 0.0;   // C-value: log2(words + 1) × frequency less nesting
};

struct SuggestOptions {
  size_t max_topics = 20;   // at most this many suggestions, best first
  size_t min_comments = 3;  // a phrase must appear in at least this many comments
  size_t max_words = 3;     // n-grams of 1 .. max_words words (at most kMaxKeywordWords)
};

struct AnalyzerOptions {
  // Topics to find. Default: DefaultTaxonomy().
  std::optional<Taxonomy> taxonomy;
  // Persian polarity model. Default: the one compiled in (trained on DeepSentiPers).
  std::optional<PolarityModel> persian_model;
  // Score Persian with the lexicon and rules only (for training the model, and to compare).
  bool persian_rules_only = false;
};

class Analyzer {
 public:
  // Errors: an invalid taxonomy (field named as ValidateTaxonomy does).
  static Result<Analyzer> Create(AnalyzerOptions options = {});

  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  ~Analyzer();

  // Everything about one comment. `language`: nullopt detects it.
  CommentAnalysis Analyze(std::string_view text,
                          std::optional<Language> language = std::nullopt) const;

  // Only the sentiment (skips emotions and topics).
  Sentiment AnalyzeSentiment(std::string_view text,
                             std::optional<Language> language = std::nullopt) const;

  // The plain lexicon baseline the rules are measured against: the sum of the lexicon
  // valences of the words (same tokens and stems, no phrases, rules or model), scored
  // x / sqrt(x² + 15) and labelled by the same neutral band as the language's rules.
  Sentiment BaselineSentiment(std::string_view text,
                              std::optional<Language> language = std::nullopt) const;

  // A comment's stems in order, "" where punctuation breaks it (what the trained models
  // read: the polarity model and the label classifier). `language`: nullopt detects it.
  std::vector<std::string> Stems(std::string_view text,
                                 std::optional<Language> language = std::nullopt) const;

  // What the Persian polarity model reads of a comment (for training it).
  PolarityExample PolarityFeatures(std::string_view text) const;

  // Key phrases of a batch of comments that the taxonomy does not cover: candidates for
  // new topics. N-grams neither start nor end with a stop word (Persian and English) and
  // contain no taxonomy keyword; ranked by C-value.
  std::vector<SuggestedTopic> SuggestTopics(std::span<const std::string_view> comments,
                                            const SuggestOptions& options = {}) const;

  const Taxonomy& taxonomy() const;
  // The Persian polarity model in use; nullptr with persian_rules_only.
  const PolarityModel* persian_model() const;

  struct Impl;

 private:
  explicit Analyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nazar::text
