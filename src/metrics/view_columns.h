// The columns behind ResponseView (view.h): blocks and batches of values, dictionary-coded
// dimensions, named columns, the response-id index, the set keys of multi-valued dimensions,
// and the Table that holds them all. Private to src/metrics: only the view's sources include it.
//
// Contract:
// - A column is an array of kBlockRows-row blocks; a block holds its first rows in batches of
//   kBatchRows that double as rows are written (BlockColumn::Held); every other row reads the
//   column's fill. The scan reads a batch at a time (BlockColumn::Batch, CodeColumn::VisitBatch):
//   those stay inline here, beside the scan's steps in view_scan.cc.
// - Code kNotSet (0) is "" in every dictionary. A table's codes never change, and a compacted
//   copy keeps them. A multi-valued dimension stores one code per distinct set (SetKey).
// - HeapBytes counts allocated capacity, plus an estimate for nodes (kNodeOverheadBytes).
//
// Thread safety: none of its own. ResponseView guards its Table (see view.h): const members
// under the shared lock, changes under the exclusive one.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "metrics/view.h"

namespace nazar::metrics::view_internal {

// --- Storage --------------------------------------------------------------------------------

// Columns are arrays of fixed-size blocks. A block is allocated when the first value other than
// the column's fill is written to it, so a question or attribute that only some surveys carry
// costs nothing in the blocks where nobody answered it, and growing a column never copies it.
inline constexpr int kBlockShift = 16;
inline constexpr size_t kBlockRows = size_t{1} << kBlockShift;
inline constexpr size_t kRowInBlockMask = kBlockRows - 1;
// Rows per step of the scan: its working arrays (a byte and a uint32 per row) stay in L1.
inline constexpr size_t kBatchRows = 2048;
static_assert(kBlockRows % kBatchRows == 0 && kBatchRows % 4 == 0);

// The local_day of a tombstoned row and of a row never written: outside every day range a
// query accepts (the scan works on unsigned day offsets from the range start), so the scan
// drops these rows without reading a separate liveness column.
inline constexpr int32_t kDeadDay = std::numeric_limits<int32_t>::min();
inline constexpr int8_t kMissingScore = std::numeric_limits<int8_t>::min();
inline constexpr uint32_t kNotSet = 0;  // the code of "" in every dictionary
// Row numbers are uint32 and the index stores row + 1.
inline constexpr uint64_t kMaxRows = std::numeric_limits<uint32_t>::max() - 1;

// Heap bytes of one node of a node-based container beyond its value: pointers, a cached hash
// or colour, and the allocator's header and rounding (glibc: 16-byte chunks, 8-byte header).
inline constexpr size_t kNodeOverheadBytes = 32;
inline constexpr size_t kSsoCapacity = 15;  // libstdc++ std::string keeps up to 15 chars inline

inline size_t StringHeapBytes(const std::string& s) {
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

// --- Multi-valued dimensions ----------------------------------------------------------------

// A multi-valued dimension keeps one dictionary value per distinct set: its members sorted,
// without repeats, joined by the unit separator ("" for the empty set).
inline constexpr char kSetSeparator = '\x1f';

// Sorts `values` and drops the repeats.
void SortUnique(std::vector<std::string>& values);
// The set key of `values`, given in any order, repeats allowed.
std::string SetKey(std::vector<std::string> values);

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
bool MeetsAny(std::string_view key, std::span<const std::string> values);

// The survey dimension's value of a survey id: its decimal digits.
std::string SurveyKey(int64_t survey_id);

// --- The table ------------------------------------------------------------------------------

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
  DimensionColumn topic_sentiments;          // set keys (SetKey) of "<topic>:<label>"
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

  std::array<DimensionColumn*, 9> FixedDimensions() {
    return {&survey,    &language, &channel,  &touchpoint,      &agent,
            &sentiment, &topics,   &personas, &topic_sentiments};
  }

  template <typename F>
  void ForEachDimension(F&& f) {
    for (DimensionColumn* column : FixedDimensions()) f(*column);
    for (auto& [name, column] : attributes) f(column);
    for (auto& [name, column] : choices) f(column);
  }

  // Writes a response into `row`, a row never written (the next one).
  void Write(uint32_t row, const ResponseRow& response);
  // Tombstones a live row: its values no longer count as live; its day reads kDeadDay.
  void Tombstone(uint32_t row);
  // A copy without the tombstoned rows: the live rows keep their order, the dictionaries
  // their codes. Only reads this table.
  std::unique_ptr<Table> Compacted() const;
  size_t HeapBytes() const;
  // The column of a dimension; nullptr for an attribute or choice that no row carries.
  const DimensionColumn* ColumnOf(const DimensionRef& ref) const;
};

}  // namespace nazar::metrics::view_internal
