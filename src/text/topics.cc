#include "text/topics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "text/analyzer_impl.h"
#include "text/embedded_data.h"
#include "text/tsv.h"

namespace nazar::text {
namespace {

constexpr double kCheapPrice = 1.5;  // "cheap" for the price topic (see Topics)

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxTopicIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

size_t CountWords(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}

Taxonomy ParseDefaultTaxonomy() {
  Taxonomy taxonomy;
  ForEachDataLine(data::kTaxonomy, [&](std::string_view line, size_t) {
    const auto fields = SplitFields(line);
    if (fields.size() < 4) return;
    TopicDefinition topic{
        std::string(fields[0]), std::string(fields[1]), std::string(fields[2]), {}};
    for (std::string_view keyword : SplitFields(fields[3], '|')) {
      if (!keyword.empty()) topic.keywords.emplace_back(keyword);
    }
    taxonomy.topics.push_back(std::move(topic));
  });
  return taxonomy;
}

}  // namespace

Result<void> ValidateTaxonomy(const Taxonomy& taxonomy) {
  if (taxonomy.topics.size() > kMaxTopics) {
    return Fail(Error::InvalidArgument(fmt::format("at most {} topics", kMaxTopics), "topics"));
  }
  std::set<std::string_view> ids;
  for (size_t t = 0; t < taxonomy.topics.size(); ++t) {
    const TopicDefinition& topic = taxonomy.topics[t];
    const std::string field = fmt::format("topics[{}]", t);
    if (!ValidId(topic.id)) {
      return Fail(Error::InvalidArgument(
          fmt::format("topic id must be 1-{} characters of a-z, 0-9 and _", kMaxTopicIdLength),
          field + ".id"));
    }
    if (!ids.insert(topic.id).second) {
      return Fail(
          Error::InvalidArgument("topic id \"" + topic.id + "\" is used twice", field + ".id"));
    }
    if (topic.keywords.empty()) {
      return Fail(
          Error::InvalidArgument("a topic needs at least one keyword", field + ".keywords"));
    }
    for (size_t k = 0; k < topic.keywords.size(); ++k) {
      std::string_view keyword = topic.keywords[k];
      if (keyword.starts_with('-')) keyword.remove_prefix(1);  // a negative keyword
      const size_t words = CountWords(keyword);
      if (words == 0 || words > kMaxKeywordWords) {
        return Fail(
            Error::InvalidArgument(fmt::format("a keyword has 1 to {} words", kMaxKeywordWords),
                                   fmt::format("{}.keywords[{}]", field, k)));
      }
    }
  }
  return {};
}

const Taxonomy& DefaultTaxonomy() {
  static const Taxonomy taxonomy = ParseDefaultTaxonomy();
  return taxonomy;
}

TopicMatch Analyzer::Impl::MatchTopic(const Prepared& p, size_t i) const {
  const std::span<const uint32_t> classes = p.classes;
  const auto tokens = p.text.tokens();
  TopicMatch out;
  if (classes[i] == kNoWord) return out;
  size_t known = 0;
  const size_t max = std::min(topic_keywords.MaxLength(classes[i]), classes.size() - i);
  while (known < max && classes[i + known] != kNoWord) ++known;
  // A token spells a keyword's word when it starts with it (a negated verb is read by its
  // base, so it passes).
  auto spells = [&](size_t token, uint32_t word) {
    return p.negated_verb[token] || tokens[token].text.starts_with(vocab.Word(word));
  };
  for (size_t n = known; n >= 1; --n) {
    const std::vector<TopicKeyword>* entries = topic_keywords.Find(classes.subspan(i, n));
    if (entries == nullptr) continue;
    for (const TopicKeyword& k : *entries) {
      bool ok = true;
      for (size_t w = 0; w < n && ok; ++w) ok = !(k.strict >> w & 1u) || spells(i + w, k.words[w]);
      if (!ok) continue;
      if (k.negative) {
        out.silenced.emplace_back(k.topic, n);
      } else if (std::ranges::find(out.topics, k.topic) == out.topics.end()) {
        out.topics.push_back(k.topic);
      }
    }
    // A negative keyword silences its topic here; shorter keywords of other topics may
    // still start at this place.
    std::erase_if(out.topics, [&](uint16_t t) {
      return std::ranges::find(out.silenced, t, &std::pair<uint16_t, size_t>::first) !=
             out.silenced.end();
    });
    if (out.topics.empty()) continue;
    out.length = n;
    return out;
  }
  out.length = 0;
  return out;
}

void Analyzer::Impl::ForEachTopicMatch(
    const Prepared& p, const std::function<void(size_t, const TopicMatch&)>& fn) const {
  std::vector<std::pair<uint16_t, size_t>> silent;  // (topic, first token past the silence)
  for (size_t i = 0; i < p.classes.size();) {
    TopicMatch match = MatchTopic(p, i);
    for (const auto& [topic, n] : match.silenced) silent.emplace_back(topic, i + n);
    std::erase_if(silent, [&](const auto& s) { return s.second <= i; });
    std::erase_if(match.topics, [&](uint16_t t) {
      return std::ranges::find(silent, t, &std::pair<uint16_t, size_t>::first) != silent.end();
    });
    if (match.length == 0) {
      ++i;
      continue;
    }
    fn(i, match);
    i += match.length;
  }
}

std::vector<TopicMention> Analyzer::Impl::Topics(const Prepared& p, const RuleResult& rules,
                                                 const Sentiment& overall) const {
  const std::span<const uint32_t> classes = p.classes;
  std::vector<std::pair<uint16_t, uint32_t>> mentions;  // (topic, clause)
  std::vector<uint32_t> sentence_of_clause(rules.clauses, 0);
  for (size_t i = 0; i < classes.size(); ++i) sentence_of_clause[rules.clause[i]] = rules.sentence[i];
  ForEachTopicMatch(p, [&](size_t i, const TopicMatch& match) {
    for (uint16_t topic : match.topics) mentions.emplace_back(topic, rules.clause[i]);
  });
  std::sort(mentions.begin(), mentions.end());
  mentions.erase(std::unique(mentions.begin(), mentions.end()), mentions.end());
  // Unweighted sums: a topic's clause weighs what it says, wherever a "but" stands.
  std::vector<double> clause_sums(rules.clauses, 0.0), sentence_sums(rules.sentences, 0.0);
  for (size_t i = 0; i < rules.unweighted.size(); ++i) {
    clause_sums[rules.clause[i]] += rules.unweighted[i];
    sentence_sums[rules.sentence[i]] += rules.unweighted[i];
  }
  // "Cheap" praises a price though the lexicon leaves it unrated (said of a product it is
  // as often a complaint): for the price topic, a clause that rates nothing else counts it
  // as ارزان counts (+1.5; "not cheap" negated like a rated word).
  std::vector<double> price_praise(rules.clauses, 0.0);
  const auto tokens = p.text.tokens();
  for (size_t i = 0; price_topic >= 0 && i < tokens.size(); ++i) {
    static constexpr std::string_view kPraise[] = {"cheap", "cheaper", "cheapest", "inexpensive"};
    if (std::ranges::find(kPraise, tokens[i].text) == std::end(kPraise)) continue;
    const bool negated = i > 0 && (HasFlag(p.refs[i - 1].word, kFlagNegator) ||
                                   tokens[i - 1].text.find("n't") != std::string_view::npos);
    price_praise[rules.clause[i]] += negated ? kNegationScalar * kCheapPrice : kCheapPrice;
  }
  std::vector<TopicMention> out;
  std::vector<uint32_t> sentences;
  for (size_t m = 0; m < mentions.size();) {
    const uint16_t topic = mentions[m].first;
    double sum = 0.0;
    sentences.clear();
    for (; m < mentions.size() && mentions[m].first == topic; ++m) {
      const uint32_t clause = mentions[m].second;
      sum += clause_sums[clause] == 0.0 && topic == price_topic ? price_praise[clause]
                                                                : clause_sums[clause];
      sentences.push_back(sentence_of_clause[clause]);
    }
    if (sum == 0.0) {  // its clauses rate nothing: the sentences that mention it
      std::sort(sentences.begin(), sentences.end());
      sentences.erase(std::unique(sentences.begin(), sentences.end()), sentences.end());
      for (uint32_t s : sentences) sum += sentence_sums[s];
    }
    // Nor do they: the comment's own reading (its score's side when it is mixed).
    const double score =
        sum == 0.0 ? overall.score : sum / std::sqrt(sum * sum + kNormalizationAlpha);
    TopicMention mention{.topic = topic, .score = score};
    if (sum == 0.0 && overall.label != SentimentLabel::kMixed) {
      mention.label = overall.label;
    } else {
      mention.label = score >= kEnglishNeutralBand    ? SentimentLabel::kPositive
                      : score <= -kEnglishNeutralBand ? SentimentLabel::kNegative
                                                      : SentimentLabel::kNeutral;
    }
    out.push_back(mention);
  }
  return out;
}

}  // namespace nazar::text
