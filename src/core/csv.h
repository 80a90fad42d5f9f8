// A strict, streaming CSV reader (RFC 4180), for imports and offline analyses.
//
// What it accepts:
// - records separated by CRLF, LF or a lone CR; the last line may lack its line break;
// - fields separated by `CsvOptions::delimiter` (',' by default, '\t' for TSV);
// - quoted fields with embedded delimiters, line breaks and doubled quotes ("a ""b""");
// - a UTF-8 byte-order mark at the very start (skipped);
// - blank lines between records (skipped: they are not records of one empty field).
// What it refuses, as InvalidArgument naming "line N" (the 1-based line where the record
// starts): a quote inside an unquoted field, anything but a delimiter or line break after a
// closing quote, a quoted field still open at the end of the input, a record with another
// number of fields than the header (or the first record when there is no header), and a
// record over `max_record_bytes` (TooLarge). A read failure of the stream is Unavailable.
//
// Usage:
//   auto reader = CsvReader::Open(stream);           // reads the header
//   if (!reader) return Fail(reader.error());
//   auto col = reader->Column("email");              // InvalidArgument naming "email"
//   if (!col) return Fail(col.error());
//   CsvRecord row;
//   for (;;) {
//     auto more = reader->Next(row);
//     if (!more) return Fail(more.error());
//     if (!*more) break;
//     Use(row[*col], row.line());
//   }
//
// Fields are bytes: no encoding is checked or converted. A record's fields are views into
// the record and stay valid until the next call to Next() with it.
// Thread-safety: a reader is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nazar {

struct CsvOptions {
  // Separates fields: ',' for CSV, '\t' for TSV, ';' for some spreadsheets. Not '"', '\r'
  // or '\n'.
  char delimiter = ',';
  // The first record names the columns (Column() looks them up). Without a header, columns
  // are known by position and the first record fixes how many fields a record has.
  bool header = true;
  // A record larger than this is refused (TooLarge): a stray quote must not make the reader
  // swallow a whole file into memory.
  size_t max_record_bytes = size_t{16} << 20;
};

// One record: its fields and the line it starts on.
class CsvRecord {
 public:
  size_t size() const { return ends_.size(); }
  // REQUIRES: i < size().
  std::string_view operator[](size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(data_).substr(begin, ends_[i] - begin);
  }
  // 1-based line of the input where the record starts.
  int64_t line() const { return line_; }
  // "line 17": the field name errors about this record use.
  std::string where() const;

 private:
  friend class CsvReader;
  std::string data_;          // the fields' unquoted bytes, one after another
  std::vector<size_t> ends_;  // where each field ends in data_
  int64_t line_ = 0;
};

class CsvReader {
 public:
  // Reads from `in`, which must outlive the reader. With a header, reads it now: an empty
  // input is InvalidArgument ("line 1").
  static Result<CsvReader> Open(std::istream& in, CsvOptions options = {});
  // Reads from `text`, which must outlive the reader (it is not copied).
  static Result<CsvReader> FromString(std::string_view text, CsvOptions options = {});

  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  // Reads the next record into `record` (reusing its storage): true when one was read,
  // false at the end of the input.
  Result<bool> Next(CsvRecord& record);

  // The header's names (empty without a header).
  const std::vector<std::string>& columns() const { return columns_; }
  // Index of the column named `name` (exact, case-sensitive match). InvalidArgument with
  // field `name` when the header has no such column or has it more than once.
  Result<size_t> Column(std::string_view name) const;

  // Bytes of input consumed so far (BOM included), for progress bars.
  int64_t bytes_read() const;

 private:
  CsvReader(std::istream* in, std::string_view text, CsvOptions options);
  Result<bool> ReadHeader();
  bool Refill();
  Result<bool> ReadRecord(CsvRecord& record);
  Result<bool> ReadQuoted(CsvRecord& record, int64_t start_line);
  bool AtLineBreak();
  Error Malformed(int64_t line, std::string what) const;

  CsvOptions options_;
  std::istream* in_;               // null when reading from a string
  std::unique_ptr<char[]> chunk_;  // the stream's bytes not yet consumed
  const char* pos_ = nullptr;      // next unread byte
  const char* end_ = nullptr;      // end of the bytes at hand
  int64_t consumed_before_ = 0;    // bytes before the current chunk
  const char* chunk_begin_ = nullptr;
  int64_t line_ = 1;              // line of the next unread byte
  size_t fields_per_record_ = 0;  // 0 until the header or first record fixes it
  std::vector<std::string> columns_;
};

}  // namespace nazar
