#include "core/csv.h"

#include <fmt/format.h>

#include <algorithm>

namespace nazar {
namespace {

constexpr size_t kChunkBytes = size_t{1} << 20;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string LineField(int64_t line) { return fmt::format("line {}", line); }

}  // namespace

std::string CsvRecord::where() const { return LineField(line_); }

CsvReader::CsvReader(std::istream* in, std::string_view text, CsvOptions options)
    : options_(options), in_(in) {
  if (in_ != nullptr) {
    chunk_ = std::make_unique<char[]>(kChunkBytes);
    pos_ = end_ = chunk_begin_ = chunk_.get();
    Refill();
  } else {
    pos_ = chunk_begin_ = text.data();
    end_ = text.data() + text.size();
  }
  if (std::string_view(pos_, end_ - pos_).starts_with(kUtf8Bom)) pos_ += kUtf8Bom.size();
}

CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

Result<CsvReader> CsvReader::Open(std::istream& in, CsvOptions options) {
  CsvReader reader(&in, {}, options);
  if (auto ok = reader.ReadHeader(); !ok) return Fail(ok.error());
  return reader;
}

Result<CsvReader> CsvReader::FromString(std::string_view text, CsvOptions options) {
  CsvReader reader(nullptr, text, options);
  if (auto ok = reader.ReadHeader(); !ok) return Fail(ok.error());
  return reader;
}

Result<bool> CsvReader::ReadHeader() {
  char d = options_.delimiter;
  if (d == '"' || d == '\r' || d == '\n') {
    return Fail(
        Error::InvalidArgument("the delimiter cannot be a quote or a line break", "delimiter"));
  }
  if (!options_.header) return true;
  CsvRecord header;
  auto read = Next(header);  // no field count yet: the header sets it
  if (!read) return Fail(read.error());
  if (!*read) return Fail(Error::InvalidArgument("the file is empty: expected a header", "line 1"));
  for (size_t i = 0; i < header.size(); ++i) columns_.emplace_back(header[i]);
  return true;
}

Result<size_t> CsvReader::Column(std::string_view name) const {
  auto it = std::find(columns_.begin(), columns_.end(), name);
  if (it == columns_.end()) {
    std::string known;
    for (const auto& c : columns_) known += (known.empty() ? "" : ", ") + fmt::format("\"{}\"", c);
    return Fail(Error::InvalidArgument(
        fmt::format("no column \"{}\" in the header (columns: {})", name, known),
        std::string(name)));
  }
  if (std::find(it + 1, columns_.end(), name) != columns_.end()) {
    return Fail(Error::InvalidArgument(
        fmt::format("the header names column \"{}\" more than once", name), std::string(name)));
  }
  return static_cast<size_t>(it - columns_.begin());
}

int64_t CsvReader::bytes_read() const { return consumed_before_ + (pos_ - chunk_begin_); }

bool CsvReader::Refill() {
  if (pos_ != end_) return true;
  if (in_ == nullptr || !*in_) return false;
  consumed_before_ += end_ - chunk_begin_;
  in_->read(chunk_.get(), static_cast<std::streamsize>(kChunkBytes));
  pos_ = chunk_begin_ = chunk_.get();
  end_ = pos_ + in_->gcount();
  return pos_ != end_;
}

Error CsvReader::Malformed(int64_t line, std::string what) const {
  return Error::InvalidArgument(std::move(what), LineField(line));
}

Result<bool> CsvReader::Next(CsvRecord& record) {
  auto read = ReadRecord(record);
  if (in_ != nullptr && in_->bad()) {
    return Fail(Error::Unavailable(fmt::format("reading the file failed near line {}", line_)));
  }
  if (!read || !*read) return read;
  if (fields_per_record_ == 0) fields_per_record_ = record.size();
  if (record.size() != fields_per_record_) {
    return Fail(Malformed(
        record.line(),
        fmt::format("{} field{} where {} has {}", record.size(), record.size() == 1 ? "" : "s",
                    options_.header ? "the header" : "the first record", fields_per_record_)));
  }
  return true;
}

// Consumes a line break (CRLF, LF or a lone CR) if one is next.
bool CsvReader::AtLineBreak() {
  if (!Refill()) return false;
  if (*pos_ == '\n') {
    ++pos_;
  } else if (*pos_ == '\r') {
    ++pos_;
    if (Refill() && *pos_ == '\n') ++pos_;
  } else {
    return false;
  }
  ++line_;
  return true;
}

Result<bool> CsvReader::ReadRecord(CsvRecord& record) {
  record.data_.clear();
  record.ends_.clear();
  while (AtLineBreak()) {
  }
  if (!Refill()) return false;
  record.line_ = line_;
  const char delimiter = options_.delimiter;
  for (;;) {
    if (Refill() && *pos_ == '"') {
      ++pos_;
      if (auto ok = ReadQuoted(record, record.line_); !ok) return ok;
    } else {
      while (Refill()) {
        const char* p = pos_;
        while (p < end_ && *p != delimiter && *p != '\n' && *p != '\r' && *p != '"') ++p;
        record.data_.append(pos_, p - pos_);
        pos_ = p;
        if (p == end_) continue;
        if (*p == '"') return Fail(Malformed(line_, "a quote inside an unquoted field"));
        break;
      }
    }
    record.ends_.push_back(record.data_.size());
    if (record.data_.size() > options_.max_record_bytes) {
      return Fail(Error::TooLarge(
          fmt::format("a record over {} bytes (is a quote left open?)", options_.max_record_bytes),
          LineField(record.line_)));
    }
    if (!Refill() || AtLineBreak()) return true;
    if (*pos_ != delimiter) {
      return Fail(Malformed(line_, "a closing quote must end its field"));
    }
    ++pos_;
  }
}

// Reads a quoted field's content; pos_ is just past the opening quote.
Result<bool> CsvReader::ReadQuoted(CsvRecord& record, int64_t start_line) {
  bool after_cr = false;  // a CRLF inside the field counts as one line break
  for (;;) {
    if (!Refill()) return Fail(Malformed(start_line, "a quoted field is not closed"));
    const char* p = pos_;
    for (; p < end_ && *p != '"'; ++p) {
      if (*p == '\r' || (*p == '\n' && !after_cr)) ++line_;
      after_cr = *p == '\r';
    }
    record.data_.append(pos_, p - pos_);
    pos_ = p;
    if (record.data_.size() > options_.max_record_bytes) return true;  // the caller refuses it
    if (p == end_) continue;
    ++pos_;  // the quote: a doubled one stands for itself, a single one closes the field
    if (!Refill() || *pos_ != '"') return true;
    record.data_.push_back('"');
    ++pos_;
    after_cr = false;
  }
}

}  // namespace nazar
