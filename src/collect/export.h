// Exporting a survey's responses as CSV, JSON or XLSX, page by page, so a million
// responses export in constant memory.
//
// Columns: the response's metadata, its hidden fields, then one column per question of
// every published version (a multiple choice joins its ids with ";", a matrix has one
// column per row: "quality.packaging"). A text question is followed by its comment's
// analysis (collect/enrichment.h): "<question>.sentiment" (negative, neutral, positive or
// mixed), "<question>.score" (-1 to 1) and "<question>.topics" (topic ids joined by "; "),
// empty when the comment is not analysed; JSON has the stored analysis under "text".
//
// CSV is UTF-8 with a byte-order mark (Excel then reads Persian correctly); a cell that
// starts with = + - @ tab or carriage return is prefixed with ' so spreadsheet programs
// never run it as a formula. JSON is one array of objects. XLSX is written with
// libxlsxwriter in its constant-memory mode to a temporary file, then streamed.
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

#include "collect/enrichment.h"
#include "core/error.h"
#include "store/store.h"

namespace nazar::collect {

enum class ExportFormat { kCsv, kJson, kXlsx };
std::optional<ExportFormat> ParseExportFormat(std::string_view text);
std::string_view ContentType(ExportFormat format);
std::string_view FileExtension(ExportFormat format);

// A cell as written to CSV: neutralised against formula injection and quoted as needed.
std::string CsvCell(std::string_view value);

struct ExportOptions {
  ExportFormat format = ExportFormat::kCsv;
  std::optional<ResponseStatus> status = ResponseStatus::kComplete;  // nullopt: all
  int page_size = 1000;  // responses read from the store at a time
};

class ResponseExporter {
 public:
  // NotFound when the survey is not the organisation's.
  static Result<std::unique_ptr<ResponseExporter>> Open(Store& store, OrgId org, int64_t survey_id,
                                                        ExportOptions options);
  ~ResponseExporter();

  // The next piece of the file; nullopt at the end. A storage failure ends the export
  // with an error (the caller must not present a partial file as complete).
  Result<std::optional<std::string>> Next();

  int64_t rows_written() const { return rows_; }

 private:
  ResponseExporter(Store& store, OrgId org, int64_t survey_id, ExportOptions options)
      : store_(store), org_(org), survey_id_(survey_id), options_(options) {}
  Result<std::optional<Page<Response>>> NextPage();
  // What a column shows of a text question's analysis (kNone: the answer itself).
  enum class CommentField { kNone, kSentiment, kScore, kTopics };

  std::vector<std::string> Cells(const Response& r) const;
  static std::string CommentCell(const std::vector<StoredComment>& comments,
                                 std::string_view question, CommentField field);
  Result<void> WriteXlsx();

  Store& store_;
  OrgId org_;
  int64_t survey_id_;
  ExportOptions options_;
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

}  // namespace nazar::collect
