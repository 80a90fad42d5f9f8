// The columns behind ResponseView: the Table's writes, compaction and accounting, and the set
// keys of multi-valued dimensions. See view_columns.h.
#include "metrics/view_columns.h"

#include <fmt/format.h>

namespace nazar::metrics::view_internal {
namespace {

// The named column, created from `args` on first use.
template <typename Value, typename... Args>
Value& FindOrAdd(NamedColumns<Value>& columns, std::string_view name, Args&&... args) {
  auto it = columns.find(name);
  if (it == columns.end()) {
    it = columns.try_emplace(std::string(name), std::forward<Args>(args)...).first;
  }
  return it->second;
}

template <typename Value>
size_t HeapBytesOf(const NamedColumns<Value>& columns) {
  size_t bytes = 0;
  for (const auto& [name, column] : columns) {
    bytes += sizeof(std::pair<const std::string, Value>) + kNodeOverheadBytes +
             StringHeapBytes(name) + column.HeapBytes();
  }
  return bytes;
}

}  // namespace

std::string SurveyKey(int64_t survey_id) { return fmt::format("{}", survey_id); }

void SortUnique(std::vector<std::string>& values) {
  std::ranges::sort(values);
  const auto repeats = std::ranges::unique(values);
  values.erase(repeats.begin(), repeats.end());
}

std::string SetKey(std::vector<std::string> values) {
  SortUnique(values);
  std::string key;
  for (const std::string& value : values) {
    if (!key.empty()) key += kSetSeparator;
    key += value;
  }
  return key;
}

bool MeetsAny(std::string_view key, std::span<const std::string> values) {
  bool meets = false;
  ForEachMember(key, [&](std::string_view member) {
    meets = meets || std::ranges::find(values, member) != values.end();
  });
  return meets;
}

void Table::Write(uint32_t row, const ResponseRow& response) {
  SetDay(row, response.local_day);
  response_id.Set(row, response.response_id);
  survey.Set(row, SurveyKey(response.survey_id));
  language.Set(row, response.language);
  channel.Set(row, response.channel);
  touchpoint.Set(row, response.touchpoint);
  agent.Set(row, response.agent);
  sentiment.Set(row, response.sentiment);
  topics.Set(row, SetKey(response.topics));
  topic_sentiments.Set(row, SetKey(response.topic_sentiments));
  personas.Set(row, SetKey(response.personas));
  for (const auto& [name, value] : response.attributes) {
    FindOrAdd(attributes, name).Set(row, value);
  }
  for (const auto& [question, choice] : response.choices) {
    FindOrAdd(choices, question).Set(row, choice);
  }
  for (const auto& [question, value] : response.scores) {
    FindOrAdd(scores, question, kMissingScore).Set(row, static_cast<int8_t>(value));
  }
}

void Table::Tombstone(uint32_t row) {
  ForEachDimension([row](DimensionColumn& column) { column.Forget(row); });
  day.Set(row, kDeadDay);
  ++blocks[row >> kBlockShift].dead_rows;
  ++dead_rows;
}

std::unique_ptr<Table> Table::Compacted() const {
  std::vector<uint32_t> keep;
  keep.reserve(rows - static_cast<size_t>(dead_rows));
  std::vector<uint32_t> new_row_of(rows, 0);
  for (uint32_t r = 0; r < rows; ++r) {
    if (day.Get(r) == kDeadDay) continue;
    new_row_of[r] = static_cast<uint32_t>(keep.size());
    keep.push_back(r);
  }

  auto fresh = std::make_unique<Table>();
  fresh->rows = static_cast<uint32_t>(keep.size());
  fresh->day = day.Compacted(keep);
  for (uint32_t r = 0; r < fresh->rows; ++r) fresh->NoteDay(r, fresh->day.Get(r));
  fresh->response_id = response_id.Compacted(keep);
  fresh->index = index.Remapped(new_row_of);
  fresh->survey = survey.Compacted(keep);
  fresh->language = language.Compacted(keep);
  fresh->channel = channel.Compacted(keep);
  fresh->touchpoint = touchpoint.Compacted(keep);
  fresh->agent = agent.Compacted(keep);
  fresh->sentiment = sentiment.Compacted(keep);
  fresh->topics = topics.Compacted(keep);
  fresh->topic_sentiments = topic_sentiments.Compacted(keep);
  fresh->personas = personas.Compacted(keep);
  for (const auto& [name, column] : attributes) {
    fresh->attributes.try_emplace(name, column.Compacted(keep));
  }
  for (const auto& [question, column] : choices) {
    fresh->choices.try_emplace(question, column.Compacted(keep));
  }
  for (const auto& [question, column] : scores) {
    fresh->scores.try_emplace(question, column.Compacted(keep));
  }
  return fresh;
}

size_t Table::HeapBytes() const {
  size_t bytes = sizeof(Table) + day.HeapBytes() + response_id.HeapBytes() + index.HeapBytes() +
                 blocks.capacity() * sizeof(BlockStats);
  for (const DimensionColumn* column :
       {&survey, &language, &channel, &touchpoint, &agent, &sentiment, &topics, &personas,
        &topic_sentiments}) {
    bytes += column->HeapBytes();
  }
  return bytes + HeapBytesOf(attributes) + HeapBytesOf(choices) + HeapBytesOf(scores);
}

const DimensionColumn* Table::ColumnOf(const DimensionRef& ref) const {
  switch (ref.dimension) {
    case Dimension::kSurvey:
      return &survey;
    case Dimension::kLanguage:
      return &language;
    case Dimension::kChannel:
      return &channel;
    case Dimension::kTouchpoint:
      return &touchpoint;
    case Dimension::kAgent:
      return &agent;
    case Dimension::kSentiment:
      return &sentiment;
    case Dimension::kTopic:
      return &topics;
    case Dimension::kPersona:
      return &personas;
    case Dimension::kTopicSentiment:
      return &topic_sentiments;
    case Dimension::kAttribute:
    case Dimension::kChoice: {
      const auto& named = ref.dimension == Dimension::kAttribute ? attributes : choices;
      const auto it = named.find(ref.name);
      return it == named.end() ? nullptr : &it->second;
    }
  }
  return nullptr;
}

}  // namespace nazar::metrics::view_internal
