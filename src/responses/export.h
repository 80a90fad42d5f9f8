// Exporting a survey's responses as CSV, JSON or XLSX, page by page, so a million
// responses export in constant memory.
//
// Columns: the response's metadata (id, response_id, survey_id, version, status, language,
// channel, touchpoint, agent, created_at, completed_at, created_at_utc, completed_at_utc),
// its hidden fields, then one column per question of every published version (a multiple
// choice joins its ids with ";", a matrix has one column per row: "quality.packaging"). A
// text question is followed by its comment's analysis (comments/enrichment.h):
// "<question>.sentiment" (negative, neutral, positive or mixed), "<question>.score" (-1 to
// 1) and "<question>.topics" (topic ids joined by "; "), empty when the comment is not
// analysed; JSON has the stored analysis under "text".
//
// Times: created_at and completed_at are in the organisation's time zone; the same instants
// in UTC ("…Z") follow as created_at_utc and completed_at_utc.
//
// Types: a value stored as a JSON number (NPS, CSAT, CES, ratings, number answers, matrix
// rows), a comment's score and the ids are numbers; everything a respondent typed is text,
// even "-0.5" in a text question. An integer beyond 2^53 is written as text with all its
// digits, never rounded.
// - CSV is UTF-8 with a byte-order mark (Excel then reads Persian correctly). A cell that
//   starts with = + - @ tab or carriage return and is not a plain number (IsPlainNumber) is
//   prefixed with ' so spreadsheet programs never run it as a formula; "-0.1944" stays bare.
//   Times are ISO 8601 with the zone's offset ("2026-11-22T13:00:00.000+03:30").
// - JSON is one array of objects; ids are numbers, times as in CSV.
// - XLSX is written with libxlsxwriter in its constant-memory mode to a temporary file,
//   then streamed. Numbers are numeric cells, created_at and completed_at date cells
//   ("yyyy-mm-dd hh:mm:ss", local wall time), text is string cells: never a formula.
//
// Thread-safety: one exporter per export; not shared.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "comments/enrichment.h"
#include "core/error.h"
#include "core/time.h"
#include "store/store.h"

namespace nazar::responses {

enum class ExportFormat { kCsv, kJson, kXlsx };
std::optional<ExportFormat> ParseExportFormat(std::string_view text);
std::string_view ContentType(ExportFormat format);
std::string_view FileExtension(ExportFormat format);

// True for a plain decimal number, which a spreadsheet reads as that number and nothing
// else: an optional '-', one or more digits, optionally '.' and one or more digits,
// optionally an exponent (e or E, an optional sign, one or more digits), finite as a double.
// Not: a leading '+', spaces, ".5", "5.", hex, "inf", "nan", "1e999".
bool IsPlainNumber(std::string_view text);

// A cell as written to CSV: neutralised against formula injection (a cell that starts with
// = + - @ tab or CR and is not a plain number gets a leading ') and quoted as needed.
std::string CsvCell(std::string_view value);

struct ExportOptions {
  ExportFormat format = ExportFormat::kCsv;
  std::optional<ResponseStatus> status = ResponseStatus::kComplete;  // nullopt: all
  int page_size = 1000;  // responses read from the store at a time
};

struct ExportCell;  // one typed cell of a response (export.cc)

class ResponseExporter {
 public:
  // NotFound when the survey is not the organisation's. Reads the survey and organisation
  // now; the responses as Next() goes.
  static Result<std::unique_ptr<ResponseExporter>> Open(Store& store, OrgId org, int64_t survey_id,
                                                        ExportOptions options);
  ~ResponseExporter();

  // The next piece of the file; nullopt at the end. A storage failure ends the export
  // with an error (the caller must not present a partial file as complete).
  Result<std::optional<std::string>> Next();

  int64_t rows_written() const { return rows_; }

 private:
  ResponseExporter(ResponsesStore& responses, OrgId org, int64_t survey_id, ExportOptions options)
      : responses_(responses), org_(org), survey_id_(survey_id), options_(options) {}
  Result<std::optional<Page<Response>>> NextPage();
  // What a column shows of a text question's analysis (kNone: the answer itself).
  enum class CommentField { kNone, kSentiment, kScore, kTopics };

  std::vector<std::string> Header() const;
  std::vector<ExportCell> Cells(const Response& r) const;
  ExportCell TimeCell(std::optional<int64_t> epoch_ms) const;
  static ExportCell CommentCell(const std::vector<comments::StoredComment>& comments,
                                std::string_view question, CommentField field);
  Result<void> WriteXlsx();

  ResponsesStore& responses_;
  OrgId org_;
  int64_t survey_id_;
  ExportOptions options_;
  std::optional<TimeZoneDays> zone_;  // the organisation's
  std::vector<std::string> hidden_;   // hidden field names
  std::vector<std::string> columns_;  // answer columns ("nps", "grid.speed")
  std::vector<bool> multi_;           // column is a multiple choice
  std::vector<CommentField> comment_field_;
  std::optional<int64_t> after_;
  bool started_ = false;
  bool done_ = false;
  int64_t rows_ = 0;
  std::FILE* xlsx_ = nullptr;  // the finished workbook, being streamed
  std::string xlsx_path_;
};

}  // namespace nazar::responses
