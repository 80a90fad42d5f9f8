#include "comments/enrichment.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "core/time.h"
#include "core/try.h"

namespace nazar::comments {
namespace {

// Scores are kept to four decimals: enough for any reader, and the stored JSON stays short.
double Rounded(double value) {
  constexpr double kScale = 10000.0;
  return std::round(value * kScale) / kScale;
}

bool Blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

// The comment of a text question in `answers`, or nullptr.
const std::string* CommentOf(const survey::Question& question, const Json& answers) {
  if (question.type != survey::QuestionType::kText || !answers.is_object()) return nullptr;
  auto it = answers.find(question.id);
  if (it == answers.end() || !it->is_string()) return nullptr;
  const std::string& text = it->get_ref<const std::string&>();
  return Blank(text) ? nullptr : &text;
}

}  // namespace

// The comments' analyses in the response's meta (EnrichResponse's other half).
Enrichment EnrichAnalyses(const TextPipeline& pipeline, const survey::Definition& definition,
                          Response& response, bool force);

Json CommentJson(const text::CommentAnalysis& a, const text::Taxonomy& taxonomy) {
  Json emotions = Json::object();
  for (const text::EmotionScore& e : a.emotions) {
    emotions[std::string(text::ToString(e.emotion))] = Rounded(e.intensity);
  }
  Json topics = Json::array(), topic_sentiment = Json::object();
  for (const text::TopicMention& t : a.topics) {
    const std::string& id = taxonomy.topics[t.topic].id;
    topics.push_back(id);
    topic_sentiment[id] = text::ToString(t.label);
  }
  return {{"lang", text::LanguageCode(a.language)},
          {"label", text::ToString(a.sentiment.label)},
          {"score", Rounded(a.sentiment.score)},
          {"emotions", std::move(emotions)},
          {"topics", std::move(topics)},
          {"topic_sentiment", std::move(topic_sentiment)}};
}

Json AnalyseComments(const TextPipeline& pipeline, const survey::Definition& definition,
                     const Json& answers) {
  Json analyses = Json::object();
  ReconcileComments(pipeline, definition, answers, analyses);
  return analyses;
}

void ReconcileComments(const TextPipeline& pipeline, const survey::Definition& definition,
                       const Json& answers, Json& analyses) {
  Json kept = Json::object();
  for (const survey::Question& q : definition.questions) {
    const std::string* comment = CommentOf(q, answers);
    if (comment == nullptr) continue;
    if (analyses.is_object()) {
      if (auto it = analyses.find(q.id); it != analyses.end() && it->is_object()) {
        kept[q.id] = std::move(*it);
        continue;
      }
    }
    kept[q.id] = pipeline.Analyse(*comment);
  }
  analyses = std::move(kept);
}

void SetCommentAnalyses(Json& meta, Json analyses) {
  if (!meta.is_object()) meta = Json::object();
  if (analyses.is_object() && !analyses.empty()) {
    meta[std::string(kTextMetaKey)] = std::move(analyses);
  } else {
    meta.erase(std::string(kTextMetaKey));
  }
}

std::string FoldForSearch(std::string_view text) { return text::NormalizeText(text); }

std::string CommentSearchText(const survey::Definition& definition, const Json& answers) {
  std::string out;
  for (const survey::Question& q : definition.questions) {
    const std::string* comment = CommentOf(q, answers);
    if (comment == nullptr) continue;
    if (!out.empty()) out += '\n';
    out += FoldForSearch(*comment);
  }
  return out;
}

Enrichment EnrichResponse(const TextPipeline& pipeline, const survey::Definition& definition,
                          Response& response, bool force) {
  // Responses from before comment search had its column get it now.
  bool searchable_changed = false;
  std::string search = CommentSearchText(definition, Json::parse(response.answers, nullptr, false));
  if (response.comment_text != search) {
    response.comment_text = std::move(search);
    searchable_changed = true;
  }
  Enrichment done = EnrichAnalyses(pipeline, definition, response, force);
  done.changed |= searchable_changed;
  return done;
}

Enrichment EnrichAnalyses(const TextPipeline& pipeline, const survey::Definition& definition,
                          Response& response, bool force) {
  Json meta = Json::parse(response.meta, nullptr, false);
  const bool had = meta.is_object() && meta.contains(kTextMetaKey);
  if (had && !force) return {};
  Json analyses =
      AnalyseComments(pipeline, definition, Json::parse(response.answers, nullptr, false));
  Enrichment done{.comments = analyses.size()};
  if (!had && analyses.empty()) return done;  // no comments: nothing to store
  if (had && meta[std::string(kTextMetaKey)] == analyses) return done;
  SetCommentAnalyses(meta, std::move(analyses));
  response.meta = meta.dump(-1, ' ', false, Json::error_handler_t::replace);
  done.changed = true;
  return done;
}

Result<EnrichReport> EnrichStoredResponses(Store& store, const Clock& clock,
                                           survey::SurveyService& surveys,
                                           const TextPipeline& pipeline, OrgId org,
                                           const EnrichOptions& options) {
  EnrichReport report;
  ResponseQuery query{.survey_id = options.survey_id, .limit = options.page_size};
  while (true) {
    auto page = store.responses().ListResponses(org, query);
    if (!page) return Fail(page.error());
    std::vector<Response> changed;
    for (Response& r : page->items) {
      ++report.responses;
      auto definition = surveys.DefinitionOf(org, r.survey_id, r.version);
      if (!definition) return Fail(definition.error());
      const Enrichment done = EnrichResponse(pipeline, **definition, r, options.force);
      report.comments += static_cast<int64_t>(done.comments);
      if (done.changed) changed.push_back(std::move(r));
    }
    // Written back in one transaction per page, unless the response changed since it was read.
    int64_t skipped = 0;
    auto write_back = [&](Store& tx) -> Result<void> {
      skipped = 0;
      for (const Response& r : changed) {
        auto now = tx.responses().GetResponse(org, r.id);
        if (!now) return Fail(now.error());
        if (now->updated_ms != r.updated_ms || now->status != r.status ||
            now->answers != r.answers) {
          ++skipped;
          continue;
        }
        if (auto w = tx.responses().UpdateResponse(org, r); !w) return Fail(w.error());
      }
      return {};
    };
    if (!changed.empty()) {
      if (auto written = store.Transact(write_back); !written) return Fail(written.error());
    }
    report.enriched += static_cast<int64_t>(changed.size()) - skipped;
    report.skipped += skipped;
    if (options.progress) options.progress(report.responses);
    if (!page->next_after || (options.stop && options.stop->load())) break;
    query.after = page->next_after;
  }
  if (report.enriched > 0) {
    if (auto bumped = store.text().UpdateTextSettings(org, {}, clock.NowMs()); !bumped)
      return Fail(bumped.error());
  }
  return report;
}

namespace {

// Reads the analyses out of a response's meta without building its JSON tree (a rebuild of the
// metrics view reads every response's): a SAX handler that keeps meta["text"][q]'s label,
// score, topics and emotions and skips everything else.
class CommentReader : public nlohmann::json_sax<Json> {
 public:
  std::vector<StoredComment> comments;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t v) override { return Number(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Number(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return Number(v); }
  bool binary(binary_t&) override { return true; }
  bool string(string_t& v) override {
    if (in_topics_ && depth_ == kFieldDepth + 1) {
      entry_.topics.push_back(std::move(v));
    } else if (in_topic_sentiment_ && depth_ == kFieldDepth + 1) {
      entry_.topic_labels.emplace_back(std::move(topic_), std::move(v));
    } else if (InEntry() && field_ == "label") {
      entry_.label = std::move(v);
    }
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 1) {
      top_key_ = std::move(k);
    } else if (in_text_ && depth_ == kEntryDepth - 1) {
      entry_ = StoredComment{.question_id = std::move(k)};
    } else if (InEntry()) {
      field_ = std::move(k);
    } else if (in_emotions_ && depth_ == kFieldDepth + 1) {
      emotion_ = std::move(k);
    } else if (in_topic_sentiment_ && depth_ == kFieldDepth + 1) {
      topic_ = std::move(k);
    }
    return true;
  }
  bool start_object(std::size_t) override {
    ++depth_;
    if (depth_ == kEntryDepth - 1 && top_key_ == kTextMetaKey) in_text_ = true;
    if (in_text_ && depth_ == kFieldDepth + 1 && field_ == "emotions") in_emotions_ = true;
    if (in_text_ && depth_ == kFieldDepth + 1 && field_ == "topic_sentiment") {
      in_topic_sentiment_ = true;
    }
    return true;
  }
  bool end_object() override {
    if (in_emotions_ && depth_ == kFieldDepth + 1) in_emotions_ = false;
    if (in_topic_sentiment_ && depth_ == kFieldDepth + 1) in_topic_sentiment_ = false;
    if (InEntry() && !entry_.label.empty()) comments.push_back(std::move(entry_));
    if (InEntry()) entry_ = {};
    if (in_text_ && depth_ == kEntryDepth - 1) in_text_ = false;
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    if (in_text_ && depth_ == kFieldDepth + 1 && field_ == "topics") in_topics_ = true;
    return true;
  }
  bool end_array() override {
    if (in_topics_ && depth_ == kFieldDepth + 1) in_topics_ = false;
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  // meta (1) -> "text" (2) -> "<question>" (3: an entry, its fields) -> topics/emotions (4).
  static constexpr int kEntryDepth = 3;
  static constexpr int kFieldDepth = kEntryDepth;

  bool InEntry() const { return in_text_ && depth_ == kEntryDepth; }
  bool Number(double v) {
    if (InEntry() && field_ == "score") entry_.score = v;
    if (in_emotions_ && depth_ == kFieldDepth + 1) entry_.emotions.emplace_back(emotion_, v);
    return true;
  }

  int depth_ = 0;
  bool in_text_ = false;
  bool in_topics_ = false;
  bool in_emotions_ = false;
  bool in_topic_sentiment_ = false;
  std::string top_key_, field_, emotion_, topic_;
  StoredComment entry_;
};

}  // namespace

std::vector<StoredComment> StoredComments(std::string_view meta_json) {
  // Most responses carry no analysis: skip the parse when the key cannot be there.
  if (meta_json.find("\"text\"") == std::string_view::npos) return {};
  CommentReader reader;
  if (!Json::sax_parse(meta_json.begin(), meta_json.end(), &reader)) return {};
  return std::move(reader.comments);
}

Result<std::vector<std::string>> StoredCommentTexts(ResponsesStore& responses, OrgId org,
                                                    ResponseQuery query, size_t max_comments) {
  constexpr int kPage = 500;
  std::vector<std::string> texts;
  query.limit = kPage;
  while (texts.size() < max_comments) {
    auto page = responses.ListResponses(org, query);
    if (!page) return Fail(page.error());
    for (const Response& r : page->items) {
      const std::vector<StoredComment> comments = StoredComments(r.meta);
      if (comments.empty()) continue;
      Json answers = Json::parse(r.answers, nullptr, false);
      for (const StoredComment& c : comments) {
        auto it = answers.is_object() ? answers.find(c.question_id) : answers.end();
        if (it == answers.end() || !it->is_string() || texts.size() >= max_comments) continue;
        texts.push_back(it->get<std::string>());
      }
    }
    if (!page->next_after) break;
    query.after = page->next_after;
  }
  return texts;
}

Result<PeriodSuggestions> SuggestTopicsOfPeriod(Store& store, const TextPipeline& pipeline,
                                                const Organisation& org,
                                                std::optional<int64_t> survey_id,
                                                std::optional<int32_t> from_day,
                                                std::optional<int32_t> to_day, size_t max_topics) {
  ResponseQuery query{
      .survey_id = survey_id, .status = ResponseStatus::kComplete, .newest_first = true};
  if (from_day || to_day) {
    TRY_ASSIGN(const TimeZoneDays zone, TimeZoneDays::ForZone(org.time_zone));
    if (from_day) query.from_ms = zone.StartOfDayMs(*from_day);
    if (to_day) query.to_ms = zone.StartOfDayMs(*to_day + 1);
  }
  TRY_ASSIGN(const std::vector<std::string> comments,
             StoredCommentTexts(store.responses(), org.id, query, kSuggestFromComments));
  std::vector<std::string_view> texts(comments.begin(), comments.end());
  return PeriodSuggestions{comments.size(),
                           pipeline.analyzer.SuggestTopics(texts, {.max_topics = max_topics})};
}

std::string CombinedLabel(const std::vector<StoredComment>& comments) {
  if (comments.empty()) return "";
  bool positive = false, negative = false, mixed = false;
  for (const StoredComment& c : comments) {
    positive |= c.label == "positive";
    negative |= c.label == "negative";
    mixed |= c.label == "mixed";
  }
  if (mixed || (positive && negative)) return "mixed";
  if (positive) return "positive";
  if (negative) return "negative";
  return "neutral";
}

std::vector<std::pair<std::string, std::string>> TopicLabels(
    const std::vector<StoredComment>& comments) {
  std::vector<std::pair<std::string, std::string>> out;  // topic, label
  std::vector<std::pair<std::string, std::vector<StoredComment>>> by_topic;
  for (const StoredComment& c : comments) {
    for (const std::string& topic : c.topics) {
      if (topic.empty()) continue;
      auto own = std::ranges::find(c.topic_labels, topic, &std::pair<std::string, std::string>::first);
      // Analyses stored before per-topic sentiment: the comment's label.
      StoredComment label_only{.label = own != c.topic_labels.end() ? own->second : c.label};
      auto it = std::ranges::find(by_topic, topic, &decltype(by_topic)::value_type::first);
      if (it == by_topic.end()) {
        by_topic.emplace_back(topic, std::vector<StoredComment>{std::move(label_only)});
      } else {
        it->second.push_back(std::move(label_only));
      }
    }
  }
  for (const auto& [topic, labels] : by_topic) out.emplace_back(topic, CombinedLabel(labels));
  return out;
}

}  // namespace nazar::comments
