#include "metrics/view.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "metrics/view_calendar.h"

namespace nazar::metrics {
namespace {

using view_internal::BucketLabel;
using view_internal::BucketStart;
using view_internal::NextBucketStart;

// --- Storage --------------------------------------------------------------------------------

// Columns are arrays of fixed-size blocks. A block is allocated when the first value other than
// the column's fill is written to it, so a question or attribute that only some surveys carry
// costs nothing in the blocks where nobody answered it, and growing a column never copies it.
constexpr int kBlockShift = 16;
constexpr size_t kBlockRows = size_t{1} << kBlockShift;
constexpr size_t kRowInBlockMask = kBlockRows - 1;
// Rows per step of the scan: its working arrays (a byte and a uint32 per row) stay in L1.
constexpr size_t kBatchRows = 2048;
static_assert(kBlockRows % kBatchRows == 0 && kBatchRows % 4 == 0);

// The local_day of a tombstoned row and of a row never written: outside every day range a
// query accepts (the scan works on unsigned day offsets from the range start), so the scan
// drops these rows without reading a separate liveness column.
constexpr int32_t kDeadDay = std::numeric_limits<int32_t>::min();
constexpr int8_t kMissingScore = std::numeric_limits<int8_t>::min();
constexpr uint32_t kNotSet = 0;  // the code of "" in every dictionary
// Row numbers are uint32 and the index stores row + 1.
constexpr uint64_t kMaxRows = std::numeric_limits<uint32_t>::max() - 1;
// Per-thread partial counts are uint32; they are added into int64 totals before any could wrap.
constexpr uint64_t kRowsBeforeFlush = uint64_t{std::numeric_limits<uint32_t>::max()} - kBlockRows;
// Histograms with few cells get four interleaved copies: consecutive rows landing in the same
// cell then do not wait on each other's store. Above this many bytes, one copy.
constexpr size_t kMaxInterleavedBytes = size_t{256} << 10;
constexpr int kInterleavedCopies = 4;

// Heap bytes of one node of a node-based container beyond its value: pointers, a cached hash
// or colour, and the allocator's header and rounding (glibc: 16-byte chunks, 8-byte header).
constexpr size_t kNodeOverheadBytes = 32;
constexpr size_t kSsoCapacity = 15;  // libstdc++ std::string keeps up to 15 chars inline

size_t StringHeapBytes(const std::string& s) {
  return s.capacity() > kSsoCapacity ? s.capacity() + 1 : 0;
}

template <typename T>
class BlockColumn {
 public:
  explicit BlockColumn(T fill = T{}) : fill_(fill) {}

  size_t BlockCount() const { return blocks_.size(); }
  // How many of block b's first rows are held in memory: a multiple of kBatchRows, growing by
  // doubling as rows are written (a small organisation's view stays small); the rows after
  // them, and every row of a block never written, hold the fill.
  size_t Held(size_t b) const { return b < blocks_.size() ? blocks_[b].held : 0; }
  // Rows offset .. offset + kBatchRows - 1 of block b, or nullptr when they all hold the fill.
  // REQUIRES: offset is a multiple of kBatchRows.
  const T* Batch(size_t b, size_t offset) const {
    return offset < Held(b) ? blocks_[b].values.get() + offset : nullptr;
  }
  T Get(size_t row) const {
    const size_t b = row >> kBlockShift;
    const size_t offset = row & kRowInBlockMask;
    return offset < Held(b) ? blocks_[b].values[offset] : fill_;
  }
  void Set(size_t row, T value) {
    const size_t b = row >> kBlockShift;
    const size_t offset = row & kRowInBlockMask;
    if (offset >= Held(b)) {
      if (value == fill_) return;
      Hold(b, offset + 1);
    }
    blocks_[b].values[offset] = value;
  }
  // Block b's values, holding at least its first `rows` rows. REQUIRES: rows <= kBlockRows.
  T* Hold(size_t b, size_t rows) {
    if (b >= blocks_.size()) blocks_.resize(b + 1);
    Block& block = blocks_[b];
    if (rows <= block.held) return block.values.get();
    size_t held = std::max(block.held * 2, kBatchRows);
    while (held < rows) held *= 2;
    auto values = std::make_unique_for_overwrite<T[]>(held);
    std::copy_n(block.values.get(), block.held, values.get());
    std::fill(values.get() + block.held, values.get() + held, fill_);
    held_rows_ += held - block.held;
    block.values = std::move(values);
    block.held = held;
    return block.values.get();
  }
  size_t HeapBytes() const { return blocks_.capacity() * sizeof(Block) + held_rows_ * sizeof(T); }

  // The values of rows keep[0], keep[1], ... (ascending) as rows 0, 1, ...
  BlockColumn Compacted(std::span<const uint32_t> keep) const {
    BlockColumn fresh(fill_);
    for (size_t begin = 0; begin < keep.size(); begin += kBlockRows) {
      const size_t end = std::min(keep.size(), begin + kBlockRows);
      T* out = nullptr;  // held from the first value other than the fill
      for (size_t i = begin; i < end; ++i) {
        const T value = Get(keep[i]);
        if (value == fill_) continue;
        if (out == nullptr) out = fresh.Hold(begin >> kBlockShift, end - begin);
        out[i - begin] = value;
      }
    }
    return fresh;
  }

 private:
  // Doubling from kBatchRows reaches kBlockRows exactly.
  static_assert((kBlockRows & (kBlockRows - 1)) == 0 && (kBatchRows & (kBatchRows - 1)) == 0);
  struct Block {
    std::unique_ptr<T[]> values;
    size_t held = 0;
  };

  T fill_;
  std::vector<Block> blocks_;
  size_t held_rows_ = 0;  // over all blocks
};

// Dictionary codes of one dimension per row, in the narrowest of uint8, uint16 and uint32 that
// holds every code of the dictionary (widened as it grows): most dimensions (languages,
// channels, touchpoints, surveys) have fewer than 256 values, and a scan reads a byte a row.
class CodeColumn {
 public:
  // Calls f with the codes of rows offset .. offset + kBatchRows - 1 of block b, as a const
  // uint8_t*, uint16_t* or uint32_t*, and returns true; returns false without calling f when
  // they all read kNotSet. REQUIRES: offset is a multiple of kBatchRows.
  template <typename F>
  [[gnu::always_inline]] bool VisitBatch(size_t b, size_t offset, F&& f) const {
    if (bytes_ == sizeof(uint8_t)) return Visit(u8_, b, offset, f);
    if (bytes_ == sizeof(uint16_t)) return Visit(u16_, b, offset, f);
    return Visit(u32_, b, offset, f);
  }
  bool HasBatch(size_t b, size_t offset) const {
    return VisitBatch(b, offset, [](const auto*) {});
  }
  uint32_t Get(size_t row) const {
    if (bytes_ == sizeof(uint8_t)) return u8_.Get(row);
    if (bytes_ == sizeof(uint16_t)) return u16_.Get(row);
    return u32_.Get(row);
  }
  // REQUIRES: Fit(code + 1) was called.
  void Set(size_t row, uint32_t code) {
    if (bytes_ == sizeof(uint8_t)) {
      u8_.Set(row, static_cast<uint8_t>(code));
    } else if (bytes_ == sizeof(uint16_t)) {
      u16_.Set(row, static_cast<uint16_t>(code));
    } else {
      u32_.Set(row, code);
    }
  }
  // Widens the column, if needed, so that `count` codes (0 .. count - 1) fit.
  void Fit(size_t count) {
    if (bytes_ == sizeof(uint8_t) && count > kCodes8) {
      u16_ = Converted<uint16_t>(u8_);
      u8_ = BlockColumn<uint8_t>{};
      bytes_ = sizeof(uint16_t);
    }
    if (bytes_ == sizeof(uint16_t) && count > kCodes16) {
      u32_ = Converted<uint32_t>(u16_);
      u16_ = BlockColumn<uint16_t>{};
      bytes_ = sizeof(uint32_t);
    }
  }
  size_t HeapBytes() const { return u8_.HeapBytes() + u16_.HeapBytes() + u32_.HeapBytes(); }

  CodeColumn Compacted(std::span<const uint32_t> keep) const {
    CodeColumn fresh;
    fresh.bytes_ = bytes_;
    fresh.u8_ = u8_.Compacted(keep);
    fresh.u16_ = u16_.Compacted(keep);
    fresh.u32_ = u32_.Compacted(keep);
    return fresh;
  }

 private:
  static constexpr size_t kCodes8 = size_t{1} << 8;
  static constexpr size_t kCodes16 = size_t{1} << 16;

  template <typename Code, typename F>
  [[gnu::always_inline]] static bool Visit(const BlockColumn<Code>& codes, size_t b, size_t offset,
                                           F& f) {
    const Code* batch = codes.Batch(b, offset);
    if (batch == nullptr) return false;
    f(batch);
    return true;
  }
  template <typename To, typename From>
  static BlockColumn<To> Converted(const BlockColumn<From>& from) {
    BlockColumn<To> to;
    for (size_t b = 0; b < from.BlockCount(); ++b) {
      const size_t held = from.Held(b);
      if (held > 0) std::copy_n(from.Batch(b, 0), held, to.Hold(b, held));
    }
    return to;
  }

  size_t bytes_ = sizeof(uint8_t);
  BlockColumn<uint8_t> u8_;
  BlockColumn<uint16_t> u16_;
  BlockColumn<uint32_t> u32_;
};

// The values of one dimension and how many live rows hold each (for DistinctValues).
class Dictionary {
 public:
  Dictionary() { Intern(""); }
  // A copy gets its own views into its own values.
  Dictionary(const Dictionary& other) : live_rows_(other.live_rows_) {
    for (const std::string& value : other.values_) {
      const std::string& stored = values_.emplace_back(value);
      string_heap_bytes_ += StringHeapBytes(stored);
      codes_.emplace(std::string_view(stored), static_cast<uint32_t>(values_.size() - 1));
    }
  }
  // Moving a deque keeps its elements where they are, and so the views valid.
  Dictionary(Dictionary&&) = default;
  Dictionary& operator=(Dictionary&&) = default;
  Dictionary& operator=(const Dictionary&) = delete;

  uint32_t Intern(std::string_view value) {
    if (auto it = codes_.find(value); it != codes_.end()) return it->second;
    const auto code = static_cast<uint32_t>(values_.size());
    const std::string& stored = values_.emplace_back(value);  // a deque: stays where it is
    string_heap_bytes_ += StringHeapBytes(stored);
    codes_.emplace(std::string_view(stored), code);
    live_rows_.push_back(0);
    return code;
  }
  std::optional<uint32_t> Find(std::string_view value) const {
    const auto it = codes_.find(value);
    if (it == codes_.end()) return std::nullopt;
    return it->second;
  }
  size_t Size() const { return values_.size(); }
  const std::string& Value(uint32_t code) const { return values_[code]; }
  int64_t LiveRows(uint32_t code) const { return live_rows_[code]; }
  void AddLiveRows(uint32_t code, int64_t delta) { live_rows_[code] += delta; }

  size_t HeapBytes() const {
    return values_.size() * sizeof(std::string) + string_heap_bytes_ +
           live_rows_.capacity() * sizeof(int64_t) + codes_.bucket_count() * sizeof(void*) +
           codes_.size() *
               (sizeof(std::pair<const std::string_view, uint32_t>) + kNodeOverheadBytes);
  }

 private:
  std::deque<std::string> values_;                        // by code
  std::unordered_map<std::string_view, uint32_t> codes_;  // views into values_
  std::vector<int64_t> live_rows_;                        // by code
  size_t string_heap_bytes_ = 0;
};

struct DimensionColumn {
  Dictionary dictionary;
  CodeColumn codes;

  // Writes the row's value; counts it live.
  void Set(size_t row, std::string_view value) {
    const uint32_t code = dictionary.Intern(value);
    codes.Fit(dictionary.Size());
    codes.Set(row, code);
    if (code != kNotSet) dictionary.AddLiveRows(code, 1);
  }
  void Forget(size_t row) {
    const uint32_t code = codes.Get(row);
    if (code != kNotSet) dictionary.AddLiveRows(code, -1);
  }
  DimensionColumn Compacted(std::span<const uint32_t> keep) const {
    return {dictionary, codes.Compacted(keep)};
  }
  size_t HeapBytes() const { return dictionary.HeapBytes() + codes.HeapBytes(); }
};

template <typename Value>
using NamedColumns = std::map<std::string, Value, std::less<>>;

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

// Response id -> row, open addressing over row numbers (the ids themselves stay in their
// column): about 8 bytes a response instead of a node per response.
class ResponseIndex {
 public:
  // The slot of `id`: holds its row + 1, or 0 when the id is new, in which case the caller
  // must Fill it. Valid until the next call.
  uint32_t& Slot(int64_t id, const BlockColumn<int64_t>& ids) {
    if ((used_ + 1) * 2 > slots_.size()) Grow(ids);
    return SlotIn(slots_, id, ids);
  }
  // Points a slot Slot() returned at `row`.
  void Fill(uint32_t& slot, uint32_t row) {
    if (slot == 0) ++used_;
    slot = row + 1;
  }
  size_t HeapBytes() const { return slots_.capacity() * sizeof(uint32_t); }

  // The same ids at their new rows. REQUIRES: every indexed row r has new_row_of[r].
  ResponseIndex Remapped(std::span<const uint32_t> new_row_of) const {
    ResponseIndex fresh = *this;
    for (uint32_t& slot : fresh.slots_) {
      if (slot != 0) slot = new_row_of[slot - 1] + 1;
    }
    return fresh;
  }

 private:
  static constexpr size_t kInitialSlots = 1024;

  static size_t Hash(int64_t id) {  // splitmix64's finaliser
    auto x = static_cast<uint64_t>(id);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<size_t>(x ^ (x >> 31));
  }
  // Linear probing: the slot holding id, or the empty slot where it belongs.
  static uint32_t& SlotIn(std::vector<uint32_t>& slots, int64_t id,
                          const BlockColumn<int64_t>& ids) {
    const size_t mask = slots.size() - 1;
    for (size_t i = Hash(id) & mask;; i = (i + 1) & mask) {
      uint32_t& slot = slots[i];
      if (slot == 0 || ids.Get(slot - 1) == id) return slot;
    }
  }
  void Grow(const BlockColumn<int64_t>& ids) {
    std::vector<uint32_t> bigger(std::max(kInitialSlots, slots_.size() * 2), 0);
    for (const uint32_t slot : slots_) {
      if (slot != 0) SlotIn(bigger, ids.Get(slot - 1), ids) = slot;
    }
    slots_ = std::move(bigger);
  }

  std::vector<uint32_t> slots_;  // row + 1; 0 = empty; a power of two in size
  size_t used_ = 0;
};

// --- Validation -----------------------------------------------------------------------------

// The index of the first item whose name repeats an earlier one's.
template <typename V>
std::optional<size_t> FirstRepeatedName(const std::vector<std::pair<std::string, V>>& items) {
  constexpr size_t kQuadraticUpTo = 16;
  if (items.size() <= kQuadraticUpTo) {
    for (size_t i = 1; i < items.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (items[i].first == items[j].first) return i;
      }
    }
    return std::nullopt;
  }
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!seen.insert(items[i].first).second) return i;
  }
  return std::nullopt;
}

template <typename V>
Result<void> ValidateNames(const std::vector<std::pair<std::string, V>>& items,
                           std::string_view list, std::string_view name) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].first.empty()) {
      return Fail(
          Error::InvalidArgument("must not be empty", fmt::format("{}[{}].{}", list, i, name)));
    }
  }
  if (const auto repeated = FirstRepeatedName(items)) {
    return Fail(Error::InvalidArgument(
        fmt::format("\"{}\" appears more than once in the response", items[*repeated].first),
        fmt::format("{}[{}].{}", list, *repeated, name)));
  }
  return {};
}

Result<void> ValidateDay(int64_t day, std::string field) {
  if (day < kMinViewDay || day > kMaxViewDay) {
    return Fail(
        Error::InvalidArgument(fmt::format("day {} is outside {}..{} (1900-01-01..2199-12-31)", day,
                                           kMinViewDay, kMaxViewDay),
                               std::move(field)));
  }
  return {};
}

Result<void> ValidateRow(const ResponseRow& row) {
  if (auto valid = ValidateDay(row.local_day, "local_day"); !valid) return valid;
  for (size_t i = 0; i < row.scores.size(); ++i) {
    const int32_t value = row.scores[i].second;
    if (value < kMinStoredScore || value > kMaxStoredScore) {
      return Fail(Error::InvalidArgument(
          fmt::format("score {} is outside {}..{}", value, kMinStoredScore, kMaxStoredScore),
          fmt::format("scores[{}].value", i)));
    }
  }
  if (auto valid = ValidateNames(row.scores, "scores", "question_id"); !valid) return valid;
  if (auto valid = ValidateNames(row.attributes, "attributes", "name"); !valid) return valid;
  for (const auto& [values, name] : {std::pair{&row.topics, "topics"},
                                      std::pair{&row.personas, "personas"}}) {
    for (size_t i = 0; i < values->size(); ++i) {
      if ((*values)[i].empty()) {
        return Fail(Error::InvalidArgument("must not be empty", fmt::format("{}[{}]", name, i)));
      }
    }
  }
  return ValidateNames(row.choices, "choices", "question_id");
}

Result<void> ValidateDimension(const DimensionRef& ref, std::string field) {
  if ((ref.dimension == Dimension::kAttribute || ref.dimension == Dimension::kChoice) &&
      ref.name.empty()) {
    return Fail(
        Error::InvalidArgument("an attribute or choice dimension needs a name", std::move(field)));
  }
  return {};
}

std::string SurveyKey(int64_t survey_id) { return fmt::format("{}", survey_id); }

// A multi-valued dimension keeps one dictionary value per distinct set: its members sorted,
// without repeats, joined by the unit separator ("" for the empty set).
constexpr char kSetSeparator = '\x1f';

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

// Calls f(member) for each member of a set key; f("") once for the empty set.
template <typename F>
void ForEachMember(std::string_view key, F&& f) {
  while (true) {
    const size_t end = key.find(kSetSeparator);
    f(key.substr(0, end));
    if (end == std::string_view::npos) return;
    key.remove_prefix(end + 1);
  }
}

// Whether a set holds any of `values` (the empty set: whether "" is among them).
bool MeetsAny(std::string_view key, std::span<const std::string> values) {
  bool meets = false;
  ForEachMember(key, [&](std::string_view member) {
    meets = meets || std::ranges::find(values, member) != values.end();
  });
  return meets;
}

// Survey ids sort as numbers, every other value as bytes.
bool KeyLess(Dimension dimension, std::string_view a, std::string_view b) {
  if (dimension == Dimension::kSurvey) {
    int64_t x = 0;
    int64_t y = 0;
    const bool x_ok = std::from_chars(a.data(), a.data() + a.size(), x).ec == std::errc{};
    const bool y_ok = std::from_chars(b.data(), b.data() + b.size(), y).ec == std::errc{};
    if (x_ok && y_ok) return x < y;
    if (x_ok != y_ok) return !x_ok;  // "" (no survey) first
  }
  return a < b;
}

}  // namespace

// --- The table ------------------------------------------------------------------------------

namespace view_internal {

struct Table {
  uint32_t rows = 0;  // rows written, live or tombstoned
  int64_t dead_rows = 0;

  BlockColumn<int32_t> day{kDeadDay};
  // Per block: the least and greatest day ever written (tombstones do not shrink them: they
  // stay conservative) and the tombstones, so that a query skips the blocks outside its days
  // and need not read the days of a full block inside them.
  struct BlockStats {
    int32_t min_day = std::numeric_limits<int32_t>::max();
    int32_t max_day = std::numeric_limits<int32_t>::min();
    uint32_t dead_rows = 0;
  };
  std::vector<BlockStats> blocks;
  int32_t min_day = std::numeric_limits<int32_t>::max();  // over rows written since compaction
  int32_t max_day = std::numeric_limits<int32_t>::min();

  BlockColumn<int64_t> response_id{0};
  ResponseIndex index;

  DimensionColumn survey;
  DimensionColumn language;
  DimensionColumn channel;
  DimensionColumn touchpoint;
  DimensionColumn agent;
  DimensionColumn sentiment;
  DimensionColumn topics;                    // set keys (SetKey)
  DimensionColumn personas;                  // set keys (SetKey)
  NamedColumns<DimensionColumn> attributes;  // by attribute name
  NamedColumns<DimensionColumn> choices;     // by question id
  NamedColumns<BlockColumn<int8_t>> scores;  // by question id

  void SetDay(uint32_t row, int32_t value) {
    day.Set(row, value);
    NoteDay(row, value);
  }
  // Widens the day ranges to a row's day.
  void NoteDay(uint32_t row, int32_t value) {
    const size_t b = row >> kBlockShift;
    if (b >= blocks.size()) blocks.resize(b + 1);
    blocks[b].min_day = std::min(blocks[b].min_day, value);
    blocks[b].max_day = std::max(blocks[b].max_day, value);
    min_day = std::min(min_day, value);
    max_day = std::max(max_day, value);
  }

  std::array<DimensionColumn*, 8> FixedDimensions() {
    return {&survey, &language, &channel, &touchpoint, &agent, &sentiment, &topics, &personas};
  }

  template <typename F>
  void ForEachDimension(F&& f) {
    for (DimensionColumn* column : FixedDimensions()) f(*column);
    for (auto& [name, column] : attributes) f(column);
    for (auto& [name, column] : choices) f(column);
  }

  void Write(uint32_t row, const ResponseRow& response) {
    SetDay(row, response.local_day);
    response_id.Set(row, response.response_id);
    survey.Set(row, SurveyKey(response.survey_id));
    language.Set(row, response.language);
    channel.Set(row, response.channel);
    touchpoint.Set(row, response.touchpoint);
    agent.Set(row, response.agent);
    sentiment.Set(row, response.sentiment);
    topics.Set(row, SetKey(response.topics));
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

  void Tombstone(uint32_t row) {
    ForEachDimension([row](DimensionColumn& column) { column.Forget(row); });
    day.Set(row, kDeadDay);
    ++blocks[row >> kBlockShift].dead_rows;
    ++dead_rows;
  }

  // A copy without the tombstoned rows: the live rows keep their order, the dictionaries
  // their codes. Only reads this table.
  std::unique_ptr<Table> Compacted() const {
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

  size_t HeapBytes() const {
    size_t bytes = sizeof(Table) + day.HeapBytes() + response_id.HeapBytes() + index.HeapBytes() +
                   blocks.capacity() * sizeof(BlockStats);
    for (const DimensionColumn* column :
         {&survey, &language, &channel, &touchpoint, &agent, &sentiment, &topics, &personas}) {
      bytes += column->HeapBytes();
    }
    return bytes + HeapBytesOf(attributes) + HeapBytesOf(choices) + HeapBytesOf(scores);
  }

  // The column of a dimension; nullptr for an attribute or choice that no row carries.
  const DimensionColumn* ColumnOf(const DimensionRef& ref) const {
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
      case Dimension::kAttribute:
      case Dimension::kChoice: {
        const auto& named = ref.dimension == Dimension::kAttribute ? attributes : choices;
        const auto it = named.find(ref.name);
        return it == named.end() ? nullptr : &it->second;
      }
    }
    return nullptr;
  }
};

}  // namespace view_internal

namespace {

using view_internal::Table;

// --- Query plans ----------------------------------------------------------------------------

// At most this many accepted codes are compared one by one (vectorised) rather than looked up.
constexpr size_t kFewCodes = 4;

// One dimension's accepted codes (the AND of every filter entry on it).
struct Predicate {
  const CodeColumn* codes = nullptr;
  std::vector<uint8_t> accepted;  // by code: 1 = accepted
  bool is_few = false;            // at most kFewCodes accepted, listed (repeated) in `few`
  std::array<uint32_t, kFewCodes> few{};
};

struct FilterPlan {
  bool matches_nothing = false;
  int32_t lo = 0;  // the days scanned, inclusive: the filter's range within the data's
  int32_t hi = -1;
  std::vector<Predicate> predicates;
};

Result<FilterPlan> PlanFilter(const Table& table, const Filter& filter) {
  if (filter.from_day) {
    if (auto valid = ValidateDay(*filter.from_day, "filter.from_day"); !valid) {
      return Fail(valid.error());
    }
  }
  if (filter.to_day) {
    if (auto valid = ValidateDay(*filter.to_day, "filter.to_day"); !valid) {
      return Fail(valid.error());
    }
  }
  if (filter.from_day && filter.to_day && *filter.from_day > *filter.to_day) {
    return Fail(Error::InvalidArgument("must not be before from_day", "filter.to_day"));
  }
  for (size_t i = 0; i < filter.equals.size(); ++i) {
    const auto& [ref, values] = filter.equals[i];
    if (auto valid = ValidateDimension(ref, fmt::format("filter.equals[{}].dimension.name", i));
        !valid) {
      return Fail(valid.error());
    }
    if (values.empty()) {
      return Fail(Error::InvalidArgument("needs at least one value",
                                         fmt::format("filter.equals[{}].values", i)));
    }
  }

  FilterPlan plan;
  plan.lo = std::max(filter.from_day.value_or(kMinViewDay), table.min_day);
  plan.hi = std::min(filter.to_day.value_or(kMaxViewDay), table.max_day);
  if (plan.lo > plan.hi) plan.matches_nothing = true;

  auto restrict = [&](const DimensionColumn* column, bool multi,
                      std::span<const std::string> values) {
    if (column == nullptr) {  // no row carries it: every row reads ""
      if (std::ranges::find(values, std::string_view{}) == values.end()) {
        plan.matches_nothing = true;
      }
      return;
    }
    const Dictionary& dictionary = column->dictionary;
    std::vector<uint8_t> accepted(dictionary.Size(), 0);
    if (multi) {  // the sets that hold any of the values
      for (uint32_t code = 0; code < dictionary.Size(); ++code) {
        accepted[code] = MeetsAny(dictionary.Value(code), values) ? 1 : 0;
      }
    } else {
      for (const std::string& value : values) {
        if (const auto code = dictionary.Find(value)) accepted[*code] = 1;
      }
    }
    auto same = std::ranges::find(plan.predicates, &column->codes, &Predicate::codes);
    if (same == plan.predicates.end()) {
      plan.predicates.push_back({&column->codes, std::move(accepted)});
    } else {
      for (size_t c = 0; c < accepted.size(); ++c) same->accepted[c] &= accepted[c];
    }
  };
  for (const auto& [ref, values] : filter.equals) {
    restrict(table.ColumnOf(ref), IsMultiValued(ref.dimension), values);
  }
  if (filter.survey_id) {
    const std::string key = SurveyKey(*filter.survey_id);
    restrict(&table.survey, false, std::span<const std::string>(&key, 1));
  }

  for (Predicate& predicate : plan.predicates) {
    std::vector<uint32_t> codes;
    for (uint32_t c = 0; c < predicate.accepted.size() && codes.size() <= kFewCodes; ++c) {
      if (predicate.accepted[c] != 0) codes.push_back(c);
    }
    if (codes.empty()) plan.matches_nothing = true;
    if (!codes.empty() && codes.size() <= kFewCodes) {
      predicate.is_few = true;
      for (size_t i = 0; i < kFewCodes; ++i) {
        predicate.few[i] = codes[std::min(i, codes.size() - 1)];
      }
    }
  }
  return plan;
}

// What one scan counts, cell by cell:
//   cell = group code * group_stride + bucket * width + (score - scale_min),
// with group_stride = buckets * width.
struct ScanPlan {
  const FilterPlan* filter = nullptr;
  const uint32_t* bucket_of_day = nullptr;  // bucket * width per day lo..hi for a trend, else null
  const CodeColumn* group = nullptr;        // nullptr: one group
  uint32_t group_stride = 0;
  const BlockColumn<int8_t>* score = nullptr;  // nullptr: count rows (width 1)
  int32_t scale_min = 0;
  uint32_t width = 1;
  uint32_t cells = 1;
};

// --- The scan -------------------------------------------------------------------------------
// Each step is a plain loop over one batch of contiguous values that the compiler vectorises
// (except the table look-ups and the histogram increments); no branch depends on a row's data.
// The steps are inlined into ScanBlocks, which is compiled twice, for AVX2 and for the
// baseline, and picked when the program loads (GCC's target_clones).

// Every row of a full block inside the days, without tombstones, is in; all in one bucket.
[[gnu::always_inline]] inline void AllInStep(uint32_t bucket_cell, uint8_t* ok, uint32_t* cell) {
  std::fill_n(ok, kBatchRows, uint8_t{1});
  std::fill_n(cell, kBatchRows, bucket_cell);
}

[[gnu::always_inline]] inline void DayStep(const int32_t* days, int32_t lo, uint32_t span,
                                           const uint32_t* bucket_of_day, uint8_t* ok,
                                           uint32_t* cell) {
  // A day outside lo..hi, kDeadDay included, wraps to an offset above span.
  const auto base = static_cast<uint32_t>(lo);
  if (bucket_of_day == nullptr) {
    for (size_t i = 0; i < kBatchRows; ++i) {
      ok[i] = static_cast<uint32_t>(days[i]) - base <= span;
      cell[i] = 0;
    }
    return;
  }
  for (size_t i = 0; i < kBatchRows; ++i) {
    const uint32_t offset = static_cast<uint32_t>(days[i]) - base;
    const bool inside = offset <= span;
    ok[i] = inside;
    cell[i] = bucket_of_day[inside ? offset : 0];
  }
}

template <typename Code>
[[gnu::always_inline]] inline void KeepFew(const Code* codes,
                                           const std::array<uint32_t, kFewCodes>& few,
                                           uint8_t* ok) {
  const auto a = static_cast<Code>(few[0]);
  const auto b = static_cast<Code>(few[1]);
  const auto c = static_cast<Code>(few[2]);
  const auto d = static_cast<Code>(few[3]);
  for (size_t i = 0; i < kBatchRows; ++i) {
    const Code code = codes[i];
    ok[i] &= static_cast<uint8_t>((code == a) | (code == b) | (code == c) | (code == d));
  }
}

template <typename Code>
[[gnu::always_inline]] inline void KeepAccepted(const Code* codes, const uint8_t* accepted,
                                                uint8_t* ok) {
  for (size_t i = 0; i < kBatchRows; ++i) ok[i] &= accepted[codes[i]];
}

// Turns each row's cell base (its bucket's) into its cell: plus group code * stride plus
// score - scale_min; `trash` for a row the filter rejected or without an answer on the scale.
// Code = void: the block has no group codes (every row is in group 0).
template <typename Code>
[[gnu::always_inline]] inline void PlaceRows(const Code* codes, uint32_t stride,
                                             const int8_t* scores, int32_t scale_min,
                                             uint32_t width, const uint8_t* ok, uint32_t trash,
                                             uint32_t* cell) {
  for (size_t i = 0; i < kBatchRows; ++i) {
    // The missing mark (-128) and values off the scale wrap to an offset >= width.
    const auto offset = static_cast<uint32_t>(int32_t{scores[i]} - scale_min);
    uint32_t slot = cell[i] + offset;
    if constexpr (!std::is_void_v<Code>) slot += static_cast<uint32_t>(codes[i]) * stride;
    cell[i] = (ok[i] != 0) & (offset < width) ? slot : trash;
  }
}

// Scales up to this many values, starting within kMaxCountedScaleStart of 0, are counted by
// comparisons where a block has one cell base (int16 arithmetic holds score - scale_min).
constexpr uint32_t kMaxCountedValues = 16;
constexpr int32_t kMaxCountedScaleStart = 255;

// 32 bytes handled as one (a GCC vector: one AVX2 register, or two SSE2 ones).
using ByteVector = uint8_t __attribute__((vector_size(32)));
constexpr size_t kVectorBytes = sizeof(ByteVector);

// Adds to counts[v] the accepted rows that answered scale_min + v, for every v < width: a
// compare-and-add over bytes per value instead of an increment per row.
// REQUIRES: width <= kMaxCountedValues, |scale_min| <= kMaxCountedScaleStart.
[[gnu::always_inline]] inline void CountValues(const uint8_t* ok, const int8_t* scores,
                                               int32_t scale_min, uint32_t width,
                                               uint32_t* counts) {
  constexpr uint8_t kNone = 0xFF;  // not a value below kMaxCountedValues
  alignas(kVectorBytes) uint8_t value[kBatchRows];
  const auto start = static_cast<int16_t>(scale_min);
  const auto points = static_cast<uint16_t>(width);
  for (size_t i = 0; i < kBatchRows; ++i) {
    const auto offset = static_cast<uint16_t>(static_cast<int16_t>(scores[i]) - start);
    value[i] = ok[i] != 0 && offset < points ? static_cast<uint8_t>(offset) : kNone;
  }
  // Each byte lane sees kBatchRows / kVectorBytes = 64 rows: it cannot overflow.
  static_assert(kBatchRows / kVectorBytes <= std::numeric_limits<uint8_t>::max());
  for (uint32_t v = 0; v < width; ++v) {
    const ByteVector wanted = ByteVector{} + static_cast<uint8_t>(v);
    ByteVector lanes{};
    for (size_t i = 0; i < kBatchRows; i += kVectorBytes) {
      ByteVector bytes;
      std::memcpy(&bytes, value + i, kVectorBytes);
      lanes -= (ByteVector)(bytes == wanted);  // a match is all ones: subtracting adds 1
    }
    uint32_t total = 0;
    for (size_t j = 0; j < kVectorBytes; ++j) total += lanes[j];
    counts[v] += total;
  }
}

// True when every accepted row has the same cell, then stored in `shared`.
// REQUIRES: some row is accepted.
[[gnu::always_inline]] inline bool OneCell(const uint8_t* ok, const uint32_t* cell,
                                           uint32_t& shared) {
  uint32_t least = std::numeric_limits<uint32_t>::max();
  uint32_t most = 0;
  for (size_t i = 0; i < kBatchRows; ++i) {
    const uint32_t accepted = 0u - ok[i];  // all ones or zero: no branch
    least = std::min(least, cell[i] | ~accepted);
    most = std::max(most, cell[i] & accepted);
  }
  shared = least;
  return least == most;
}

[[gnu::always_inline]] inline bool AnyAccepted(const uint8_t* ok) {
  uint8_t any = 0;
  for (size_t i = 0; i < kBatchRows; ++i) any |= ok[i];
  return any != 0;
}

// Adds one to each row's cell (rejected rows included: they sit in the trash cell).
[[gnu::always_inline]] inline void Accumulate(const uint32_t* cell, uint32_t* counts,
                                              size_t copy_stride, int copies) {
  if (copies == kInterleavedCopies) {
    uint32_t* c0 = counts;
    uint32_t* c1 = counts + copy_stride;
    uint32_t* c2 = counts + 2 * copy_stride;
    uint32_t* c3 = counts + 3 * copy_stride;
    for (size_t i = 0; i < kBatchRows; i += 4) {
      ++c0[cell[i]];
      ++c1[cell[i + 1]];
      ++c2[cell[i + 2]];
      ++c3[cell[i + 3]];
    }
    return;
  }
  for (size_t i = 0; i < kBatchRows; ++i) ++counts[cell[i]];
}

[[gnu::always_inline]] inline uint32_t CountAccepted(const uint8_t* ok) {
  uint32_t count = 0;
  for (size_t i = 0; i < kBatchRows; ++i) count += ok[i];
  return count;
}

// Clears ok[i] for the rows of batch (b, base) that a predicate of the filter rejects. Returns
// false, leaving ok[] partly updated, when the whole batch is rejected (a predicate's column
// holds "" throughout and the predicate does not accept "").
[[gnu::always_inline]] inline bool KeepPassing(const FilterPlan& filter, size_t b, size_t base,
                                               uint8_t* ok) {
  for (const Predicate& predicate : filter.predicates) {
    const bool coded = predicate.codes->VisitBatch(
        b, base, [&](const auto* codes) __attribute__((always_inline)) {
          if (predicate.is_few) {
            KeepFew(codes, predicate.few, ok);
          } else {
            KeepAccepted(codes, predicate.accepted.data(), ok);
          }
        });
    if (!coded && predicate.accepted[kNotSet] == 0) return false;
  }
  return true;
}

// Whether a block may hold rows within the filter's days.
inline bool OverlapsDays(const Table::BlockStats& stats, const FilterPlan& filter) {
  return stats.max_day >= filter.lo && stats.min_day <= filter.hi;
}

// Whether every row of block b is live and within the filter's days: a full block inside them
// without tombstones.
inline bool AllInDays(const Table& table, size_t b, const FilterPlan& filter) {
  const Table::BlockStats& stats = table.blocks[b];
  return stats.min_day >= filter.lo && stats.max_day <= filter.hi && stats.dead_rows == 0 &&
         ((b + 1) << kBlockShift) <= table.rows;
}

// Counts the blocks handed out by `next_block` into totals (size plan.cells).
__attribute__((target_clones("avx2", "default"))) void ScanBlocks(const Table& table,
                                                                  const ScanPlan& plan,
                                                                  std::atomic<size_t>& next_block,
                                                                  std::vector<int64_t>& totals) {
  const FilterPlan& filter = *plan.filter;
  const uint32_t span = static_cast<uint32_t>(filter.hi) - static_cast<uint32_t>(filter.lo);
  const uint32_t trash = plan.cells;
  const size_t copy_stride = size_t{plan.cells} + 1;
  // Without a question the plan counts rows (CountResponses): one cell.
  const bool count_only = plan.score == nullptr;
  const int copies = copy_stride * kInterleavedCopies * sizeof(uint32_t) <= kMaxInterleavedBytes
                         ? kInterleavedCopies
                         : 1;
  std::vector<uint32_t> counts(count_only ? 0 : copy_stride * copies, 0);
  const bool countable = !count_only && plan.width <= kMaxCountedValues &&
                         std::abs(plan.scale_min) <= kMaxCountedScaleStart;
  uint64_t counted_only = 0;
  uint64_t rows_since_flush = 0;
  auto flush = [&] {
    if (count_only) {
      totals[0] += static_cast<int64_t>(counted_only);
      counted_only = 0;
    }
    for (size_t copy = 0; copy < counts.size(); copy += copy_stride) {
      for (size_t c = 0; c < plan.cells; ++c) totals[c] += counts[copy + c];
    }
    std::ranges::fill(counts, 0);
    rows_since_flush = 0;
  };

  alignas(64) uint8_t ok[kBatchRows];
  alignas(64) uint32_t cell[kBatchRows];
  const size_t blocks = table.day.BlockCount();
  for (size_t b = next_block.fetch_add(1); b < blocks; b = next_block.fetch_add(1)) {
    const Table::BlockStats& stats = table.blocks[b];
    const size_t held = table.day.Held(b);  // rows beyond were never written
    if (held == 0 || !OverlapsDays(stats, filter)) continue;
    if (plan.score != nullptr && plan.score->Held(b) == 0) continue;  // nobody answered
    // A full block inside the days without tombstones needs its days only to find buckets,
    // and not even then when it lies in one bucket.
    const bool all_in = AllInDays(table, b, filter);
    bool read_days = !all_in;
    uint32_t bucket_cell = 0;
    if (all_in && plan.bucket_of_day != nullptr) {
      bucket_cell = plan.bucket_of_day[stats.min_day - filter.lo];
      read_days = bucket_cell != plan.bucket_of_day[stats.max_day - filter.lo];
    }

    for (size_t base = 0; base < held; base += kBatchRows) {
      const int8_t* scores = nullptr;
      if (plan.score != nullptr) {
        scores = plan.score->Batch(b, base);
        if (scores == nullptr) continue;  // nobody answered in this batch
      }
      if (read_days) {
        DayStep(table.day.Batch(b, base), filter.lo, span, plan.bucket_of_day, ok, cell);
      } else {
        AllInStep(bucket_cell, ok, cell);
      }
      if (!KeepPassing(filter, b, base, ok)) continue;
      if (count_only) {
        counted_only += CountAccepted(ok);
        continue;
      }
      if (!AnyAccepted(ok)) continue;
      const bool grouped = plan.group != nullptr && plan.group->HasBatch(b, base);
      // Without group codes, a batch whose accepted rows share one bucket lands in one run of
      // cells (always so when the days need not be read): count them by comparing.
      if (!grouped && countable) {
        uint32_t run = bucket_cell;
        if (!read_days || OneCell(ok, cell, run)) {
          CountValues(ok, scores, plan.scale_min, plan.width, counts.data() + run);
          continue;
        }
      }
      if (grouped) {
        plan.group->VisitBatch(
            b, base, [&](const auto* codes) __attribute__((always_inline)) {
              PlaceRows(codes, plan.group_stride, scores, plan.scale_min, plan.width, ok, trash,
                        cell);
            });
      } else {
        PlaceRows<void>(nullptr, 0, scores, plan.scale_min, plan.width, ok, trash, cell);
      }
      Accumulate(cell, counts.data(), copy_stride, copies);
    }
    rows_since_flush += held;
    if (rows_since_flush >= kRowsBeforeFlush) flush();
  }
  flush();
}

// What a helper thread shares with the query that started it. A helper that has not begun by
// the time the query has scanned everything is abandoned instead of waited for (on a busy
// machine it may not be scheduled for milliseconds): it then returns without touching the
// table, which the query no longer holds.
struct Helper {
  enum Phase { kNotStarted, kRunning, kAbandoned };
  std::atomic<int> phase{kNotStarted};
  std::vector<int64_t> totals;
  std::thread thread;
};

std::vector<int64_t> Scan(const Table& table, const ScanPlan& plan, const ViewOptions& options) {
  std::vector<int64_t> totals(plan.cells, 0);
  std::atomic<size_t> next_block{0};
  const FilterPlan& filter = *plan.filter;
  const auto to_read = std::ranges::count_if(
      table.blocks, [&](const Table::BlockStats& stats) { return OverlapsDays(stats, filter); });
  const auto helpers_wanted = static_cast<size_t>(std::min<int64_t>(
      options.scan_threads - 1, to_read * int64_t{kBlockRows} / options.rows_per_scan_thread));
  std::vector<std::shared_ptr<Helper>> helpers;
  for (size_t h = 0; h < helpers_wanted; ++h) {
    auto helper = std::make_shared<Helper>();
    helper->totals.assign(plan.cells, 0);
    try {
      helper->thread = std::thread([&table, &plan, &next_block, helper] {
        int expected = Helper::kNotStarted;
        if (!helper->phase.compare_exchange_strong(expected, Helper::kRunning)) return;
        ScanBlocks(table, plan, next_block, helper->totals);
      });
    } catch (const std::system_error&) {
      break;  // no thread to be had: the calling thread scans what is left
    }
    helpers.push_back(std::move(helper));
  }
  ScanBlocks(table, plan, next_block, totals);
  for (const std::shared_ptr<Helper>& helper : helpers) {
    int expected = Helper::kNotStarted;
    if (helper->phase.compare_exchange_strong(expected, Helper::kAbandoned)) {
      helper->thread.detach();
      continue;
    }
    helper->thread.join();
    for (size_t c = 0; c < totals.size(); ++c) totals[c] += helper->totals[c];
  }
  return totals;
}

// Appends to columns[j] the answers of scores[j] (nullptr: a question nobody answered) of the
// rows that pass the filter and answered at least one of the questions, in row order; NaN for
// an unanswered question. REQUIRES: columns.size() == scores.size().
__attribute__((target_clones("avx2", "default"))) void GatherScores(
    const Table& table, const FilterPlan& filter,
    std::span<const BlockColumn<int8_t>* const> scores, std::vector<std::vector<double>>& columns) {
  constexpr double kNotAnswered = std::numeric_limits<double>::quiet_NaN();
  const uint32_t span = static_cast<uint32_t>(filter.hi) - static_cast<uint32_t>(filter.lo);
  alignas(64) uint8_t ok[kBatchRows];
  alignas(64) uint8_t answered[kBatchRows];
  alignas(64) uint32_t cell[kBatchRows];  // written by DayStep, not read
  std::array<uint16_t, kBatchRows> picked;
  static_assert(kBatchRows - 1 <= std::numeric_limits<uint16_t>::max());
  std::vector<const int8_t*> batches(scores.size());
  for (size_t b = 0; b < table.day.BlockCount(); ++b) {
    const size_t held = table.day.Held(b);  // rows beyond were never written
    if (held == 0 || !OverlapsDays(table.blocks[b], filter)) continue;
    const bool all_in = AllInDays(table, b, filter);
    for (size_t base = 0; base < held; base += kBatchRows) {
      bool any_answers = false;
      for (size_t j = 0; j < scores.size(); ++j) {
        batches[j] = scores[j] != nullptr ? scores[j]->Batch(b, base) : nullptr;
        any_answers |= batches[j] != nullptr;
      }
      if (!any_answers) continue;  // nobody answered these questions in this batch
      if (all_in) {
        std::fill_n(ok, kBatchRows, uint8_t{1});
      } else {
        DayStep(table.day.Batch(b, base), filter.lo, span, nullptr, ok, cell);
      }
      if (!KeepPassing(filter, b, base, ok)) continue;
      std::fill_n(answered, kBatchRows, uint8_t{0});
      for (const int8_t* batch : batches) {
        if (batch == nullptr) continue;
        for (size_t i = 0; i < kBatchRows; ++i) answered[i] |= batch[i] != kMissingScore;
      }
      size_t count = 0;  // the rows kept, listed without a branch per row
      for (size_t i = 0; i < kBatchRows; ++i) {
        picked[count] = static_cast<uint16_t>(i);
        count += ok[i] & answered[i];
      }
      if (count == 0) continue;
      for (size_t j = 0; j < scores.size(); ++j) {
        std::vector<double>& column = columns[j];
        const size_t start = column.size();
        column.resize(start + count);
        double* out = column.data() + start;
        const int8_t* batch = batches[j];
        if (batch == nullptr) {
          std::fill_n(out, count, kNotAnswered);
          continue;
        }
        for (size_t k = 0; k < count; ++k) {
          const int8_t value = batch[picked[k]];
          out[k] = value == kMissingScore ? kNotAnswered : static_cast<double>(value);
        }
      }
    }
  }
}

// Spreads the cells of a breakdown by a multi-valued dimension, scanned per set (`stride`
// cells a set, in code order), over the sets' members: each set's cells are added to each of
// its members' (the empty set's to ""). Returns the members, sorted, and their cells.
std::pair<std::vector<std::string>, std::vector<int64_t>> SpreadOverMembers(
    const Dictionary& sets, std::span<const int64_t> cells, size_t stride) {
  std::map<std::string, std::vector<int64_t>, std::less<>> by_member;
  for (uint32_t code = 0; code < sets.Size(); ++code) {
    const std::span<const int64_t> set_cells = cells.subspan(code * stride, stride);
    if (std::ranges::all_of(set_cells, [](int64_t count) { return count == 0; })) continue;
    ForEachMember(sets.Value(code), [&](std::string_view member) {
      auto it = by_member.find(member);
      if (it == by_member.end()) {
        it = by_member.emplace(std::string(member), std::vector<int64_t>(stride, 0)).first;
      }
      for (size_t c = 0; c < stride; ++c) it->second[c] += set_cells[c];
    });
  }
  std::pair<std::vector<std::string>, std::vector<int64_t>> spread;
  for (auto& [member, member_cells] : by_member) {
    spread.first.push_back(member);
    spread.second.insert(spread.second.end(), member_cells.begin(), member_cells.end());
  }
  return spread;
}

Result<void> ValidateQuery(const ScoreQuery& query) {
  if (query.question_id.empty()) {
    return Fail(Error::InvalidArgument("must not be empty", "question_id"));
  }
  const int64_t width = int64_t{query.scale_max} - query.scale_min + 1;
  if (width < 1) return Fail(Error::InvalidArgument("must not be below scale_min", "scale_max"));
  if (width > kMaxScalePoints) {
    return Fail(Error::InvalidArgument(
        fmt::format("a scale may have at most {} values", kMaxScalePoints), "scale_max"));
  }
  if (query.group_by) return ValidateDimension(*query.group_by, "group_by.name");
  return {};
}

Result<void> TooManyCells() {
  return Fail(Error::InvalidArgument(
      fmt::format("the query would produce more than {} histogram cells; narrow the days, "
                  "coarsen the trend or group by another dimension",
                  kMaxQuerySlots),
      "group_by"));
}

}  // namespace

// --- ResponseView ---------------------------------------------------------------------------

ResponseView::ResponseView(ViewOptions options)
    : options_{.scan_threads = std::max(options.scan_threads, 1),
               .rows_per_scan_thread = std::max<int64_t>(options.rows_per_scan_thread, 1),
               .compaction_min_dead_rows = std::max<int64_t>(options.compaction_min_dead_rows, 1)},
      table_(std::make_unique<view_internal::Table>()) {}

ResponseView::~ResponseView() = default;

Result<void> ResponseView::Append(const ResponseRow& row) {
  if (auto valid = ValidateRow(row); !valid) return valid;
  std::lock_guard writing(writer_mutex_);
  {
    std::unique_lock lock(mutex_);
    Table& table = *table_;
    if (table.rows >= kMaxRows) {
      return Fail(Error::ResourceExhausted("the response view holds as many rows as it can"));
    }
    uint32_t& slot = table.index.Slot(row.response_id, table.response_id);
    if (slot != 0) table.Tombstone(slot - 1);
    const uint32_t r = table.rows++;
    table.Write(r, row);
    table.index.Fill(slot, r);
  }
  // Only writers change the table and this is the one writer: it may be read without mutex_.
  const Table& table = *table_;
  if (table.dead_rows >= options_.compaction_min_dead_rows &&
      table.dead_rows * 4 >= int64_t{table.rows}) {
    std::unique_ptr<Table> compacted = table.Compacted();  // queries go on meanwhile
    std::unique_lock lock(mutex_);
    std::swap(table_, compacted);
    lock.unlock();  // the old table is freed outside the lock
  }
  return {};
}

int64_t ResponseView::Size() const {
  std::shared_lock lock(mutex_);
  return int64_t{table_->rows} - table_->dead_rows;
}

int64_t ResponseView::DeadRowsForTest() const {
  std::shared_lock lock(mutex_);
  return table_->dead_rows;
}

int64_t ResponseView::MemoryBytes() const {
  std::shared_lock lock(mutex_);
  return static_cast<int64_t>(table_->HeapBytes());
}

void ResponseView::Clear() {
  auto fresh = std::make_unique<view_internal::Table>();
  std::lock_guard writing(writer_mutex_);
  std::unique_lock lock(mutex_);
  std::swap(table_, fresh);
  lock.unlock();  // the old table is freed outside the lock
}

Result<ScoreResult> ResponseView::Scores(const ScoreQuery& query) const {
  if (auto valid = ValidateQuery(query); !valid) return Fail(valid.error());
  const auto width = static_cast<uint32_t>(query.scale_max - query.scale_min + 1);

  std::shared_lock lock(mutex_);
  const Table& table = *table_;
  const Result<FilterPlan> filter = PlanFilter(table, query.filter);
  if (!filter) return Fail(filter.error());

  const DimensionColumn* group_column = query.group_by ? table.ColumnOf(*query.group_by) : nullptr;
  const uint64_t groups = group_column != nullptr ? group_column->dictionary.Size() : 1;

  // Trend buckets over the days asked for (or the data's days).
  std::vector<int32_t> bucket_starts;
  std::vector<uint32_t> bucket_of_day;
  if (query.trend) {
    const int32_t first = query.filter.from_day.value_or(table.min_day);
    const int32_t last = query.filter.to_day.value_or(table.max_day);
    if (first <= last) {  // else an empty view and no days asked for: no buckets
      for (int32_t start = BucketStart(first, *query.trend, query.calendar); start <= last;
           start = NextBucketStart(start, *query.trend, query.calendar)) {
        bucket_starts.push_back(start);
        if (groups * bucket_starts.size() * width > static_cast<uint64_t>(kMaxQuerySlots)) {
          return Fail(TooManyCells().error());
        }
      }
    }
    if (!filter->matches_nothing) {
      bucket_of_day.resize(static_cast<size_t>(filter->hi - filter->lo) + 1);
      size_t b = std::ranges::upper_bound(bucket_starts, filter->lo) - bucket_starts.begin() - 1;
      for (int32_t d = filter->lo; d <= filter->hi; ++d) {
        while (b + 1 < bucket_starts.size() && bucket_starts[b + 1] <= d) ++b;
        bucket_of_day[static_cast<size_t>(d - filter->lo)] = static_cast<uint32_t>(b) * width;
      }
    }
  }
  const uint64_t buckets = query.trend ? bucket_starts.size() : 1;
  const uint64_t cells = groups * buckets * width;
  if (cells > static_cast<uint64_t>(kMaxQuerySlots)) return Fail(TooManyCells().error());

  ScanPlan plan{.filter = &*filter,
                .bucket_of_day = query.trend ? bucket_of_day.data() : nullptr,
                .group = group_column != nullptr ? &group_column->codes : nullptr,
                .group_stride = static_cast<uint32_t>(buckets * width),
                .score = nullptr,
                .scale_min = query.scale_min,
                .width = width,
                .cells = static_cast<uint32_t>(cells)};
  const auto score = table.scores.find(query.question_id);
  if (score != table.scores.end()) plan.score = &score->second;
  const bool scan = plan.score != nullptr && !filter->matches_nothing && cells > 0;
  std::vector<int64_t> totals =
      scan ? Scan(table, plan, options_) : std::vector<int64_t>(cells, 0);
  const Dictionary* dictionary = group_column != nullptr ? &group_column->dictionary : nullptr;
  // A multi-valued dimension was scanned by set: its groups are the sets' members.
  const bool spread = dictionary != nullptr && IsMultiValued(query.group_by->dimension);
  std::vector<std::string> members;
  uint64_t group_count = groups;
  if (spread) {
    std::tie(members, totals) = SpreadOverMembers(*dictionary, totals, buckets * width);
    group_count = members.size();
  }

  // Per bucket and per group totals, to trim the trend and drop empty groups.
  std::vector<int64_t> bucket_n(buckets, 0);
  std::vector<int64_t> group_n(group_count, 0);
  for (uint64_t g = 0; g < group_count; ++g) {
    for (uint64_t b = 0; b < buckets; ++b) {
      const int64_t* cell = totals.data() + (g * buckets + b) * width;
      int64_t n = 0;
      for (uint32_t v = 0; v < width; ++v) n += cell[v];
      bucket_n[b] += n;
      group_n[g] += n;
    }
  }
  size_t first_bucket = 0;
  size_t end_bucket = buckets;
  if (query.trend) {
    if (!query.filter.from_day) {
      while (first_bucket < end_bucket && bucket_n[first_bucket] == 0) ++first_bucket;
    }
    if (!query.filter.to_day) {
      while (end_bucket > first_bucket && bucket_n[end_bucket - 1] == 0) --end_bucket;
    }
  }

  std::vector<uint32_t> order;
  std::vector<std::string> keys(group_count);
  for (uint32_t g = 0; g < group_count; ++g) {
    if (query.group_by && group_n[g] == 0) continue;
    order.push_back(g);
    if (spread) {
      keys[g] = std::move(members[g]);
    } else if (dictionary != nullptr) {
      keys[g] = dictionary->Value(g);
    }
  }
  lock.unlock();  // what follows works on copies

  std::vector<std::string> labels;
  if (query.trend) {
    for (size_t b = first_bucket; b < end_bucket; ++b) {
      labels.push_back(BucketLabel(bucket_starts[b], *query.trend, query.calendar));
    }
  }
  if (query.group_by) {
    std::ranges::sort(order, [&](uint32_t a, uint32_t b) {
      return KeyLess(query.group_by->dimension, keys[a], keys[b]);
    });
  }

  ScoreResult result;
  result.scale = {query.scale_min, query.scale_max};
  for (const uint32_t g : order) {
    for (size_t b = query.trend ? first_bucket : 0; b < (query.trend ? end_bucket : 1); ++b) {
      const int64_t* cell = totals.data() + (g * buckets + b) * width;
      ScoreGroup group;
      group.key = keys[g];
      if (query.trend) {
        group.bucket = labels[b - first_bucket];
        group.bucket_start_day = bucket_starts[b];
      }
      group.histogram.assign(cell, cell + width);
      for (const int64_t count : group.histogram) group.n += count;
      result.groups.push_back(std::move(group));
    }
  }
  return result;
}

Result<int64_t> ResponseView::CountResponses(const Filter& filter) const {
  std::shared_lock lock(mutex_);
  const Table& table = *table_;
  const Result<FilterPlan> plan = PlanFilter(table, filter);
  if (!plan) return Fail(plan.error());
  if (plan->matches_nothing) return 0;
  return Scan(table, ScanPlan{.filter = &*plan}, options_)[0];
}

Result<ScoreColumns> ResponseView::ReadScores(const Filter& filter,
                                              std::span<const std::string> question_ids) const {
  if (question_ids.empty()) {
    return Fail(Error::InvalidArgument("needs at least one question", "question_ids"));
  }
  for (size_t j = 0; j < question_ids.size(); ++j) {
    if (question_ids[j].empty()) {
      return Fail(Error::InvalidArgument("must not be empty", fmt::format("question_ids[{}]", j)));
    }
  }
  ScoreColumns result;
  result.columns.resize(question_ids.size());
  std::shared_lock lock(mutex_);
  const Table& table = *table_;
  const Result<FilterPlan> plan = PlanFilter(table, filter);
  if (!plan) return Fail(plan.error());
  if (plan->matches_nothing) return result;
  std::vector<const BlockColumn<int8_t>*> scores;
  for (const std::string& id : question_ids) {
    const auto column = table.scores.find(id);
    scores.push_back(column != table.scores.end() ? &column->second : nullptr);
  }
  if (std::ranges::all_of(scores, [](const auto* column) { return column == nullptr; })) {
    return result;
  }
  GatherScores(table, *plan, scores, result.columns);
  result.rows = static_cast<int64_t>(result.columns.front().size());
  return result;
}

Result<std::vector<std::string>> ResponseView::DistinctValues(const DimensionRef& dimension) const {
  if (auto valid = ValidateDimension(dimension, "name"); !valid) return Fail(valid.error());
  std::vector<std::string> values;
  {
    std::shared_lock lock(mutex_);
    const DimensionColumn* column = table_->ColumnOf(dimension);
    if (column == nullptr) return values;
    const Dictionary& dictionary = column->dictionary;
    for (uint32_t code = kNotSet + 1; code < dictionary.Size(); ++code) {
      if (dictionary.LiveRows(code) == 0) continue;
      if (!IsMultiValued(dimension.dimension)) {
        values.push_back(dictionary.Value(code));
        continue;
      }
      ForEachMember(dictionary.Value(code),
                    [&](std::string_view member) { values.emplace_back(member); });
    }
  }
  if (IsMultiValued(dimension.dimension)) SortUnique(values);
  std::ranges::sort(values, [&](const std::string& a, const std::string& b) {
    return KeyLess(dimension.dimension, a, b);
  });
  return values;
}

// --- Scores from histograms -----------------------------------------------------------------

namespace {
RatingCounts CountsOf(Scale scale, std::span<const int64_t> histogram) {
  return {scale, std::vector<int64_t>(histogram.begin(), histogram.end())};
}
}  // namespace

Result<NpsScore> NpsFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                  const ScoreOptions& options) {
  const Result<NpsCounts> counts = NpsCountsOf(CountsOf(scale, histogram));
  if (!counts) return Fail(counts.error());
  return ScoreNps(*counts, options);
}

Result<TopBoxScore> CsatFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                      const ScoreOptions& options) {
  return ScoreCsat(CountsOf(scale, histogram), options);
}

Result<TopBoxScore> CesFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                     const ScoreOptions& options) {
  return ScoreCes(CountsOf(scale, histogram), options);
}

Result<TopBoxScore> TopBoxFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                        int favourable_min, const ScoreOptions& options) {
  return ScoreTopBox(CountsOf(scale, histogram), favourable_min, options);
}

Result<RatingSummary> RatingsFromHistogram(Scale scale, std::span<const int64_t> histogram,
                                           const ScoreOptions& options) {
  return SummarizeRatings(CountsOf(scale, histogram), options);
}

}  // namespace nazar::metrics
