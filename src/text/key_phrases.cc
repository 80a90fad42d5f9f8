// Suggested topics: frequent key phrases of a batch of comments that the taxonomy does not
// cover, ranked by C-value (Frantzi, Ananiadou & Mima 2000) with log2(words + 1) so that
// single words rank too.
#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "text/analyzer_impl.h"

namespace nazar::text {
namespace {

struct Candidate {
  size_t words = 0;
  size_t frequency = 0;
  size_t comments = 0;
  size_t last_comment = static_cast<size_t>(-1);
  bool persian = false;
  std::unordered_map<std::string, size_t> forms;  // written form → count
  double nested_frequency = 0.0;  // summed frequency of longer candidates containing it
  size_t nested_in = 0;
};

constexpr std::string_view kZwnj = "\u200c";

// Where each Persian word token is written in `normalized` (NormalizeText of its comment),
// so that a suggestion keeps its half-spaces ("تجربه‌ی", not the token's "تجربهی"): a
// token's letters match skipping half-spaces and the spaces of parts it joined. {npos,
// npos} for other tokens and for a token not found.
std::vector<std::pair<size_t, size_t>> WrittenSpans(std::string_view normalized,
                                                    std::span<const Token> tokens) {
  constexpr size_t kNone = std::string_view::npos;
  std::vector<std::pair<size_t, size_t>> spans(tokens.size(), {kNone, kNone});
  size_t cursor = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view t = tokens[i].text;
    if (tokens[i].kind != TokenKind::kWord || !tokens[i].persian || t.empty()) continue;
    for (size_t start = normalized.find(t.front(), cursor); start != kNone;
         start = normalized.find(t.front(), start + 1)) {
      size_t a = start, b = 0;
      while (b < t.size() && a < normalized.size()) {
        if (normalized[a] == t[b]) {
          ++a, ++b;
        } else if (b > 0 && normalized.substr(a).starts_with(kZwnj)) {
          a += kZwnj.size();
        } else if (b > 0 && normalized[a] == ' ') {
          ++a;
        } else {
          break;
        }
      }
      if (b == t.size()) {
        spans[i] = {start, a};
        cursor = a;
        break;
      }
    }
  }
  return spans;
}

}  // namespace

std::vector<SuggestedTopic> Analyzer::SuggestTopics(std::span<const std::string_view> comments,
                                                    const SuggestOptions& options) const {
  const Impl& m = *impl_;
  const size_t max_words = std::clamp<size_t>(options.max_words, 1, kMaxKeywordWords);
  std::unordered_map<std::string, Candidate> candidates;
  std::string key, form;
  for (size_t c = 0; c < comments.size(); ++c) {
    const Prepared p = m.Prepare(comments[c], std::nullopt);
    const auto tokens = p.text.tokens();
    const std::string normalized = NormalizeText(comments[c]);
    const auto spans = WrittenSpans(normalized, tokens);
    // The words i..last as written: the comment's own bytes for Persian (half-spaces kept, a
    // joined part's space made a half-space), else the tokens with single spaces.
    auto written = [&](size_t i, size_t last) {
      if (spans[i].first != std::string_view::npos && spans[last].second != std::string_view::npos) {
        std::string out(normalized.substr(spans[i].first, spans[last].second - spans[i].first));
        // Inside a word a space was a detached part's: a half-space (last first, so that the
        // offsets before it hold).
        for (size_t j = last + 1; j-- > i;) {
          for (size_t k = spans[j].second; k-- > spans[j].first;)
            if (normalized[k] == ' ') out.replace(k - spans[i].first, 1, kZwnj);
        }
        return out;
      }
      std::string out;
      for (size_t j = i; j <= last; ++j) (out += j > i ? " " : "") += tokens[j].text;
      return out;
    };
    const std::span<const uint32_t> classes = p.classes;
    // Tokens a taxonomy keyword already covers, and tokens that cannot be in a phrase.
    std::vector<uint8_t> usable(tokens.size(), 0);
    for (size_t i = 0; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      usable[i] = t.kind == TokenKind::kWord && t.text.size() >= 2 &&
                  (classes[i] == kNoWord || !m.topic_class[classes[i]]);
    }
    m.ForEachTopicMatch(p, [&](size_t i, const TopicMatch& match) {
      for (size_t j = i; j < i + match.length; ++j) usable[j] = 0;
    });
    auto stop = [&](size_t i) { return m.HasFlag(p.refs[i].word, kFlagStopword); };
    auto rated = [&](size_t i) {
      return m.WordValence(p, i) != 0.0f || m.HasFlag(p.refs[i].word, kFlagNegator);
    };
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!usable[i] || stop(i)) continue;
      key.clear();
      form.clear();
      bool content = false;
      for (size_t n = 1; n <= max_words && i + n <= tokens.size(); ++n) {
        const size_t last = i + n - 1;
        if (!usable[last] || tokens[last].persian != tokens[i].persian) break;
        if (n > 1) key += ' ';
        key += Stem(tokens[last].text);
        form = written(i, last);
        content |= !rated(last) && !stop(last);
        if (stop(last) || !content) continue;
        Candidate& candidate = candidates[key];
        candidate.words = n;
        candidate.persian = tokens[i].persian;
        ++candidate.frequency;
        ++candidate.forms[form];
        if (candidate.last_comment != c) {
          candidate.last_comment = c;
          ++candidate.comments;
        }
      }
    }
  }
  // Nesting: each longer candidate's frequency counts against the shorter ones inside it.
  for (const auto& [longer, outer] : candidates) {
    if (outer.words < 2) continue;
    std::vector<std::string_view> parts;
    for (size_t begin = 0;;) {
      const size_t end = longer.find(' ', begin);
      parts.push_back(std::string_view(longer).substr(begin, end - begin));
      if (end == std::string::npos) break;
      begin = end + 1;
    }
    for (size_t n = 1; n < parts.size(); ++n) {
      for (size_t s = 0; s + n <= parts.size(); ++s) {
        std::string inner(parts[s]);
        for (size_t j = s + 1; j < s + n; ++j) (inner += ' ') += parts[j];
        auto it = candidates.find(inner);
        if (it == candidates.end()) continue;
        it->second.nested_frequency += static_cast<double>(outer.frequency);
        ++it->second.nested_in;
      }
    }
  }
  std::vector<SuggestedTopic> out;
  for (const auto& [k, candidate] : candidates) {
    if (candidate.comments < options.min_comments) continue;
    double frequency = static_cast<double>(candidate.frequency);
    if (candidate.nested_in > 0) frequency -= candidate.nested_frequency / candidate.nested_in;
    const double score = std::log2(static_cast<double>(candidate.words) + 1.0) * frequency;
    if (score <= 0.0) continue;
    auto best = std::max_element(
        candidate.forms.begin(), candidate.forms.end(), [](const auto& a, const auto& b) {
          return a.second != b.second ? a.second < b.second : a.first > b.first;
        });
    out.push_back({best->first, candidate.persian ? Language::kPersian : Language::kEnglish,
                   candidate.comments, score});
  }
  std::sort(out.begin(), out.end(), [](const SuggestedTopic& a, const SuggestedTopic& b) {
    return a.score != b.score ? a.score > b.score : a.phrase < b.phrase;
  });
  if (out.size() > options.max_topics) out.resize(options.max_topics);
  return out;
}

}  // namespace nazar::text
