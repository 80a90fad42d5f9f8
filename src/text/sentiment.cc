// The sentiment rules of analyzer.h: VADER's for English, their Persian counterparts, and
// the Persian polarity model on top.
#include <algorithm>
#include <cmath>
#include <span>

#include "text/analyzer_impl.h"
#include "text/unicode.h"

namespace nazar::text {
namespace {

constexpr std::string_view kPrivativePrefixes[] = {"بی", "نا"};

bool IsSentenceEnd(std::string_view p) { return p == "." || p == "!" || p == "?" || p == ";"; }
bool IsClauseBreak(std::string_view p) {
  return p == "," || p == ":" || p == "(" || p == ")" || p == "\"" || p == "-" || p == "/";
}

// The last word of a multi-word contrast: در حالی (که), با این حال, با این وجود, با وجود این.
bool EndsContrastPhrase(std::span<const Token> tokens, size_t i) {
  auto is = [&](size_t back, std::string_view word) {
    return i >= back && tokens[i - back].text == word;
  };
  if (is(0, "حالی")) return is(1, "در");
  if (is(0, "حال") || is(0, "وجود")) return is(1, "این") && is(2, "با");
  return is(0, "این") && is(1, "وجود") && is(2, "با");
}

float Sign(float v) { return v < 0 ? -1.0f : 1.0f; }

// The model's stem of a present-tense verb in the third person singular: the written
// ending -د dropped, so that it meets the colloquial -ه the stemmer strips ("دارد" and
// "داره" → "دار", "نمی‌کند" and "نمیکنه" → "نمیکن"), when the stemmer left `word`
// whole; a verb is a negated one or starts with می.
void FoldColloquialVerb(std::string_view& stem, std::string_view word, bool negated_verb) {
  static constexpr std::string_view kEnding = "د";
  constexpr size_t kMinBytes = 7;  // four letters or more
  if (stem.size() != word.size() || stem.size() < kMinBytes || !stem.ends_with(kEnding)) return;
  if (negated_verb || stem.starts_with("می") || stem == "دارد") stem.remove_suffix(kEnding.size());
}

}  // namespace

float Analyzer::Impl::WordValence(const Prepared& p, size_t i) const {
  const Token& t = p.text.tokens()[i];
  if (t.kind == TokenKind::kPunctuation || t.kind == TokenKind::kNumber) return 0.0f;
  // The word's own rating, else that of the rated word it inflects ("crashes" of "crash",
  // "سفارشم" of "سفارش"), never of a relative it does not start with ("needed", "needy").
  auto rated = [&](WordRef r, std::string_view text) {
    if (r.word != kNoWord && !std::isnan(valence[r.word])) return valence[r.word];
    if (r.cls != kNoWord && class_rated_word[r.cls] != kNoWord &&
        text.starts_with(vocab.Word(class_rated_word[r.cls]))) {
      return class_valence[r.cls];
    }
    return std::numeric_limits<float>::quiet_NaN();
  };
  const float v = rated(p.refs[i], t.text);
  if (!std::isnan(v)) return v;
  // Persian privative prefixes: بی‌دردسر (without hassle), ناامن (unsafe).
  if (t.persian && !p.negated_verb[i] && unicode::CountCodePoints(t.text) >= 4) {
    for (std::string_view prefix : kPrivativePrefixes) {
      if (!t.text.starts_with(prefix)) continue;
      const std::string_view rest = t.text.substr(prefix.size());
      const float base = rated(vocab.Find(rest), rest);
      if (!std::isnan(base) && base != 0.0f) return kNegationScalar * base;
    }
  }
  return 0.0f;
}

RuleResult Analyzer::Impl::ScoreRules(const Prepared& p) const {
  const auto tokens = p.text.tokens();
  const size_t n = tokens.size();
  const bool persian = p.language == Language::kPersian;
  RuleResult r;
  r.valence.assign(n, 0.0f);
  r.negated.assign(n, 0);
  r.clause.assign(n, 0);
  const std::span<const uint32_t> classes = p.classes;
  auto word_of = [&](size_t i) { return p.refs[i].word; };
  auto is_word = [&](size_t i) { return tokens[i].kind != TokenKind::kPunctuation; };
  auto negator = [&](size_t i) {
    return HasFlag(word_of(i), kFlagNegator) ||
           tokens[i].text.find("n't") != std::string_view::npos;
  };
  auto class_flag = [&](size_t i, uint32_t flag) { return HasFlag(classes[i], flag); };

  // Sentences, clauses, emphasis marks.
  std::vector<uint32_t>& sentence = r.sentence;
  sentence.assign(n, 0);
  uint32_t sentence_id = 0, clause_id = 0;
  int exclamations = 0, questions = 0;
  size_t latin_words = 0, capital_words = 0;
  for (size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kPunctuation) {
      exclamations += t.text == "!";
      questions += t.text == "?";
      if (IsSentenceEnd(t.text)) {
        ++sentence_id;
        ++clause_id;
      } else if (IsClauseBreak(t.text)) {
        ++clause_id;
      }
    } else if (HasFlag(word_of(i), kFlagContrastWeighted | kFlagContrastSplit) ||
               EndsContrastPhrase(tokens, i)) {
      ++clause_id;
    }
    // VADER's caps differential counts emoticons too (":D" is in capitals).
    if ((t.kind == TokenKind::kWord && !t.persian) || t.kind == TokenKind::kEmoticon) {
      ++latin_words;
      capital_words += t.all_caps;
    }
    sentence[i] = sentence_id;
    r.clause[i] = clause_id;
  }
  r.clauses = clause_id + 1u;
  r.sentences = sentence_id + 1u;
  const bool caps_differ = capital_words > 0 && capital_words < latin_words;

  // The words before i in its sentence (or clause), nearest first.
  auto previous = [&](size_t i, size_t max, bool same_clause) {
    std::array<size_t, 4> out{};
    size_t count = 0;
    for (size_t j = i; j-- > 0 && count < max;) {
      if (sentence[j] != sentence[i] || (same_clause && r.clause[j] != r.clause[i])) break;
      if (is_word(j)) out[count++] = j;
    }
    return std::pair(out, count);
  };
  auto next_word = [&](size_t i) -> size_t {
    for (size_t j = i + 1; j < n; ++j) {
      if (is_word(j)) return j;
      if (sentence[j] != sentence[i]) break;
    }
    return n;
  };

  // Valences of words and phrases. A phrase scores on its first word; a negated verb inside
  // it negates it ("خوشم نیامد").
  std::vector<float> base(n, 0.0f);
  std::vector<uint8_t> in_phrase(n, 0);
  for (size_t i = 0; i < n;) {
    if (!is_word(i)) {
      ++i;
      continue;
    }
    const auto match = phrases.Longest(classes.subspan(i));
    if (match.value && match.length >= 2) {
      base[i] = *match.value;
      bool negated = false;
      for (size_t j = i; j < i + match.length; ++j) {
        negated |= p.negated_verb[j] != 0;
        in_phrase[j] = j == i ? 1 : 2;
      }
      if (negated) {
        base[i] *= kNegationScalar;
        r.negated[i] = 1;
      }
      i += match.length;
      continue;
    }
    base[i] = WordValence(p, i);
    ++i;
  }
  // Boosters are not rated themselves (a Persian one that is, like فوق‌العاده, only
  // before a rated word); neither is "no" before a rated word, nor "kind" of "kind of".
  for (size_t i = 0; i < n; ++i) {
    if (!is_word(i) || in_phrase[i]) continue;
    const uint32_t w = word_of(i);
    const size_t next = next_word(i);
    const bool rated_next = next < n && base[next] != 0.0f;
    if (w != kNoWord && booster[w] != 0.0f && (!persian || rated_next)) base[i] = 0.0f;
    if (HasFlag(w, kFlagNo) && rated_next) base[i] = 0.0f;
    if (HasFlag(w, kFlagKind) && next < n && HasFlag(word_of(next), kFlagOf)) base[i] = 0.0f;
  }

  for (size_t i = 0; i < n; ++i) {
    float v = base[i];
    if (v == 0.0f || in_phrase[i] == 2) continue;
    bool negated = r.negated[i] != 0;
    auto negate = [&] {
      v *= kNegationScalar;
      negated = !negated;
    };
    if (!persian) {
      if (tokens[i].all_caps && caps_differ) v += Sign(v) * kCapsIncrement;
      const auto [prev, count] = previous(i, 3, false);
      for (size_t k = 0; k < count; ++k) {
        const uint32_t pw = word_of(prev[k]);
        if (pw != kNoWord && booster[pw] != 0.0f && std::isnan(valence[pw])) {
          float scalar = booster[pw] * Sign(v);
          if (tokens[prev[k]].all_caps && caps_differ) scalar += Sign(v) * kCapsIncrement;
          static constexpr float kDamping[] = {1.0f, 0.95f, 0.9f};
          v += scalar * kDamping[k];
        }
        auto flag = [&](size_t back, uint32_t f) { return HasFlag(word_of(prev[back]), f); };
        if (k == 0) {
          if (negator(prev[0])) negate();
        } else if (flag(k, kFlagNever) &&
                   (flag(k - 1, kFlagSoThis) || (k == 2 && flag(0, kFlagSoThis)))) {
          v *= kNeverSoScalar;
        } else if (flag(k, kFlagWithout) &&
                   (flag(k - 1, kFlagDoubt) || (k == 2 && flag(0, kFlagDoubt)))) {
          // "without doubt": no negation.
        } else if (negator(prev[k])) {
          negate();
        }
      }
      // VADER's "kind of" / "sort of" dampener (its bigram boosters, checked when the third
      // word back is unrated; added whatever the word's sign, as VADER adds it).
      const uint32_t third = count == 3 ? word_of(prev[2]) : kNoWord;
      if (count == 3 && (third == kNoWord || std::isnan(valence[third]))) {
        auto kind_of = [&](size_t a, size_t b) {
          return HasFlag(word_of(prev[a]), kFlagKind) && HasFlag(word_of(prev[b]), kFlagOf);
        };
        if (kind_of(1, 0)) v += kDampenerIncrement;
        if (kind_of(2, 1)) v += kDampenerIncrement;
      }
      if (count >= 1 && HasFlag(word_of(prev[0]), kFlagLeast) &&
          !(count >= 2 && HasFlag(word_of(prev[1]), kFlagAtVery))) {
        negate();
      }
    } else {
      const auto [prev, count] = previous(i, 2, true);
      for (size_t k = 0; k < count; ++k) {
        const uint32_t pw = word_of(prev[k]);
        if (pw != kNoWord && booster[pw] != 0.0f && base[prev[k]] == 0.0f) {
          v += booster[pw] * Sign(v) * (k == 0 ? 1.0f : 0.95f);
        }
        if (HasFlag(pw, kFlagForwardNegator)) negate();
      }
      if (p.negated_verb[i] && !in_phrase[i]) negate();
    }
    r.valence[i] = v;
    r.negated[i] = negated;
  }

  // A Persian negated verb with no rating of its own negates the nearest polar word before
  // it in its clause ("خوب نبود"); with nothing to negate it is an unmet expectation
  // ("جواب ندادند"). An English expectation verb after a negation likewise ("didn't work").
  for (size_t i = 0; i < n; ++i) {
    if (!is_word(i) || base[i] != 0.0f || in_phrase[i]) continue;
    if (persian && p.negated_verb[i]) {
      // Four words back: the object comes between ("ارزش این قیمت را نداشت").
      const auto [prev, count] = previous(i, 4, true);
      bool flipped = false;
      for (size_t k = 0; k < count && !flipped; ++k) {
        const size_t j = prev[k];
        if (r.valence[j] == 0.0f || r.negated[j] || p.negated_verb[j]) continue;
        r.valence[j] *= kNegationScalar;
        r.negated[j] = 1;
        flipped = true;
      }
      // هیچ ... negated verb (negative concord): the nearest polar word after هیچ, however
      // far back ("هیچ مشکلی برای نصب برنامه‌ها نخواهید داشت").
      for (size_t j = i; !flipped && j-- > 0;) {
        if (sentence[j] != sentence[i] || r.clause[j] != r.clause[i]) break;
        if (!tokens[j].text.starts_with("هیچ")) continue;
        for (size_t k = j + 1; k < i && !flipped; ++k) {
          if (!is_word(k) || r.valence[k] == 0.0f || r.negated[k] || p.negated_verb[k]) continue;
          r.valence[k] *= kNegationScalar;
          r.negated[k] = 1;
          flipped = true;
        }
        break;
      }
      if (!flipped) r.valence[i] = kUnmetExpectation;
    } else if (!persian && class_flag(i, kFlagExpectation)) {
      const auto [prev, count] = previous(i, 2, true);
      for (size_t k = 0; k < count; ++k) {
        if (negator(prev[k])) r.valence[i] = kNegatedExpectation;
      }
    }
  }

  // A problem that a later word of its clause resolves is no complaint ("the issue was
  // fixed", "مشکلم حل شد"), unless the resolution is negated ("حل نشد").
  for (size_t i = 0; i < n; ++i) {
    if (r.valence[i] >= 0.0f || r.negated[i] || !class_flag(i, kFlagProblem)) continue;
    for (size_t j = i + 1; j < n && r.clause[j] == r.clause[i]; ++j) {
      if (class_flag(j, kFlagResolver) && !r.negated[j] && !p.negated_verb[j]) {
        r.valence[i] = 0.0f;
        break;
      }
    }
  }

  // Contrast: within a sentence, words before "but" / "ولی" count half, words after it
  // half as much again.
  r.unweighted = r.valence;
  for (size_t i = 0; i < n; ++i) {
    if (!is_word(i) || !HasFlag(word_of(i), kFlagContrastWeighted)) continue;
    size_t begin = i;
    while (begin > 0 && sentence[begin - 1] == sentence[i]) --begin;
    // Only the sentence's first contrast word weighs.
    bool first = true;
    for (size_t j = begin; j < i; ++j)
      first &= !(is_word(j) && HasFlag(word_of(j), kFlagContrastWeighted));
    if (!first) continue;
    for (size_t j = begin; j < i; ++j) r.valence[j] *= kBeforeContrast;
    for (size_t j = i + 1; j < n && sentence[j] == sentence[i]; ++j) r.valence[j] *= kAfterContrast;
  }

  double sum = 0.0;
  for (float v : r.valence) {
    sum += v;
    (v > 0 ? r.positive : r.negative) += std::abs(v);
  }
  double emphasis = std::min(exclamations, kMaxExclamations) * kExclamationIncrement;
  if (questions > 1)
    emphasis += questions <= 3 ? questions * kQuestionIncrement : kMaxQuestionEmphasis;
  if (sum > 0) sum += emphasis;
  if (sum < 0) sum -= emphasis;
  r.compound = std::clamp(sum / std::sqrt(sum * sum + kNormalizationAlpha), -1.0, 1.0);

  auto sides = [&](const std::vector<float>& valences, double& positive, double& negative) {
    std::vector<double> clause_sums(r.clauses, 0.0);
    for (size_t i = 0; i < n; ++i) clause_sums[r.clause[i]] += valences[i];
    for (double s : clause_sums) (s > 0 ? positive : negative) += std::abs(s);
  };
  sides(r.unweighted, r.clause_positive, r.clause_negative);
  sides(r.valence, r.weighted_clause_positive, r.weighted_clause_negative);
  return r;
}

PolarityInput Analyzer::Impl::ModelInput(const Prepared& p, const RuleResult& rules,
                                         std::vector<std::string_view>& stems,
                                         std::string& surface) const {
  const auto tokens = p.text.tokens();
  const size_t n = tokens.size();
  auto is_word = [&](size_t i) { return tokens[i].kind != TokenKind::kPunctuation; };
  // A negation's scope: the words a Persian negated verb closes in its clause (the object
  // and predicate come before the verb: "کیفیتش اصلا خوب نبود"), those after نه / بدون, and
  // every word a rule negated.
  std::vector<uint8_t> scope(n, 0);
  for (size_t i = 0; i < n; ++i) {
    scope[i] |= rules.negated[i];
    if (p.negated_verb[i]) {
      size_t reach = 0;
      for (size_t j = i; j-- > 0 && reach < kNegationReach && rules.clause[j] == rules.clause[i];)
        if (is_word(j)) scope[j] = 1, ++reach;
      // هیچ ... negated verb (negative concord): the whole span between them.
      for (size_t j = i; j-- > 0 && rules.clause[j] == rules.clause[i];) {
        if (!tokens[j].text.starts_with("هیچ")) continue;
        for (size_t k = j; k < i; ++k) scope[k] |= is_word(k);
        break;
      }
    }
    if (HasFlag(p.refs[i].word, kFlagForwardNegator)) {
      size_t reach = 0;
      for (size_t j = i + 1; j < n && reach < kNegationReach && rules.clause[j] == rules.clause[i];
           ++j)
        if (is_word(j)) scope[j] = 1, ++reach;
    }
  }
  stems.clear();
  surface.assign(" ");
  PolarityInput input;
  for (size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    switch (t.kind) {
      case TokenKind::kPunctuation:
        if (stems.empty() || stems.back().empty()) continue;
        stems.emplace_back();
        break;
      case TokenKind::kNumber:
        stems.emplace_back("<n>");
        break;
      case TokenKind::kWord:
        stems.push_back(t.persian ? StemPersian(t.text) : StemEnglish(t.text));
        if (t.persian) FoldColloquialVerb(stems.back(), t.text, p.negated_verb[i] != 0);
        break;
      default:
        stems.push_back(t.text);
        break;
    }
    input.negated.push_back(t.kind == TokenKind::kPunctuation ? 0 : scope[i]);
    if (t.kind != TokenKind::kPunctuation && t.kind != TokenKind::kNumber) {
      surface += t.text;
      surface += ' ';
    }
  }
  input.stems = stems;
  input.surface = surface;
  // The rules' marks: each rated word's side (as rated, before a negation flipped it),
  // negated or not, boosted or damped by the word before, before or after a contrast.
  uint32_t sentence = UINT32_MAX;
  bool after_contrast = false, contrast_in_sentence = false;
  for (size_t i = 0; i < n; ++i) {
    if (rules.sentence[i] != sentence) {
      sentence = rules.sentence[i];
      after_contrast = false;
      contrast_in_sentence = false;
      for (size_t j = i; j < n && rules.sentence[j] == sentence; ++j)
        contrast_in_sentence |= is_word(j) && HasFlag(p.refs[j].word, kFlagContrastWeighted);
    }
    if (!is_word(i)) continue;
    if (HasFlag(p.refs[i].word, kFlagContrastWeighted)) after_contrast = true;
    const float v = rules.unweighted[i];
    if (v == 0.0f) continue;
    const bool up = v > 0.0f, negated = rules.negated[i] != 0;
    if (p.negated_verb[i] && v == kUnmetExpectation) {
      input.marks.emplace_back("<unmet>");
      continue;
    }
    input.marks.emplace_back(negated ? (up ? "<!->" : "<!+>") : (up ? "<+>" : "<->"));
    for (size_t back = 1; back <= 2 && back <= i; ++back) {
      const uint32_t w = p.refs[i - back].word;
      if (w == kNoWord || booster[w] == 0.0f) continue;
      input.marks.emplace_back(booster[w] > 0.0f ? (up ? "<^+>" : "<^->") : (up ? "<v+>" : "<v->"));
      break;
    }
    if (contrast_in_sentence)
      input.marks.emplace_back(after_contrast ? (up ? "<b+>" : "<b->") : (up ? "<a+>" : "<a->"));
  }
  input.dense = {rules.compound, rules.positive / (rules.positive + kDenseScale),
                 rules.negative / (rules.negative + kDenseScale)};
  return input;
}

Sentiment Analyzer::Impl::Score(const Prepared& p, const RuleResult& rules) const {
  Sentiment s;
  s.positive = rules.positive;
  s.negative = rules.negative;
  double band = kEnglishNeutralBand;
  if (p.language == Language::kPersian && model) {
    std::vector<std::string_view> stems;
    std::string surface;
    s.score = model->Score(ModelInput(p, rules, stems, surface));
    band = model->neutral_band();
  } else {
    s.score = rules.compound;
  }
  const double strong = std::max(rules.weighted_clause_positive, rules.weighted_clause_negative);
  const double weak = std::min(rules.weighted_clause_positive, rules.weighted_clause_negative);
  if (std::min(rules.clause_positive, rules.clause_negative) >= kMixedMinimum &&
      weak >= kMixedBalance * strong) {
    s.label = SentimentLabel::kMixed;
  } else if (s.score >= band) {
    s.label = SentimentLabel::kPositive;
  } else if (s.score <= -band) {
    s.label = SentimentLabel::kNegative;
  } else {
    s.label = SentimentLabel::kNeutral;
  }
  return s;
}

}  // namespace nazar::text
