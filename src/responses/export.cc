#include "core/enum_names.h"
#include "responses/export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "comments/enrichment.h"
#include "core/json.h"
#include "core/time.h"
#include "survey/definition.h"

namespace nazar::responses {

// One exported cell. CSV and JSON write `text`; XLSX and JSON keep its kind.
struct ExportCell {
  enum class Kind { kText, kNumber, kTime };
  Kind kind = Kind::kText;
  std::string text;       // as CSV shows it; a JSON number literal for kNumber; "" when empty
  double number = 0;      // kNumber
  int64_t wall_ms = 0;    // kTime: the local wall-clock time, in milliseconds since 1970-01-01

  static ExportCell Text(std::string text) { return {.text = std::move(text)}; }
};

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr size_t kStreamPiece = 64 * 1024;
const std::vector<std::string> kMetaColumns = {
    "id",         "response_id", "survey_id",  "version",      "status",        "language",
    "channel",    "touchpoint",  "agent",      "created_at",   "completed_at",  "created_at_utc",
    "completed_at_utc"};
// Integers up to 2^53 are exact as a double (and so in a spreadsheet); larger ones stay text.
constexpr int64_t kMaxExactInteger = int64_t{1} << 53;
constexpr const char* kXlsxDateTimeFormat = "yyyy-mm-dd hh:mm:ss";
constexpr double kXlsxDateTimeWidth = 20;  // characters

ExportCell Integer(int64_t v) {
  if (v > kMaxExactInteger || v < -kMaxExactInteger) return ExportCell::Text(std::to_string(v));
  return {.kind = ExportCell::Kind::kNumber,
          .text = std::to_string(v),
          .number = static_cast<double>(v)};
}

ExportCell Number(double v, std::string text) {
  if (!std::isfinite(v)) return ExportCell::Text(std::move(text));
  return {.kind = ExportCell::Kind::kNumber, .text = std::move(text), .number = v};
}

// A stored value: JSON numbers stay numbers, a multiple choice joins its ids.
ExportCell ValueCell(const Json& v, bool multi) {
  if (v.is_null()) return {};
  if (v.is_string()) return ExportCell::Text(v.get<std::string>());
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(kMaxExactInteger)) return ExportCell::Text(v.dump());
    return Integer(static_cast<int64_t>(u));
  }
  if (v.is_number_integer()) return Integer(v.get<int64_t>());
  if (v.is_number_float()) return Number(v.get<double>(), v.dump());
  if (v.is_array() && multi) {
    std::string out;
    for (const Json& x : v) {
      if (!out.empty()) out += ";";
      out += x.is_string() ? x.get<std::string>() : x.dump();
    }
    return ExportCell::Text(std::move(out));
  }
  return ExportCell::Text(v.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Json CellJson(const ExportCell& c) {
  if (c.kind == ExportCell::Kind::kNumber) return Json::parse(c.text, nullptr, false);
  return c.text;
}

std::string CsvLine(const std::vector<ExportCell>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    line += CsvCell(cells[i].text);
  }
  line += "\r\n";
  return line;
}

// The wall-clock time as the XLSX date it shows; nullopt outside the years Excel knows.
std::optional<lxw_datetime> XlsxDateTime(int64_t wall_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> tp{milliseconds{wall_ms}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  int year = static_cast<int>(ymd.year());
  if (year < 1900 || year > 9999) return std::nullopt;
  return lxw_datetime{.year = year,
                      .month = static_cast<int>(static_cast<unsigned>(ymd.month())),
                      .day = static_cast<int>(static_cast<unsigned>(ymd.day())),
                      .hour = static_cast<int>(hms.hours().count()),
                      .min = static_cast<int>(hms.minutes().count()),
                      .sec = hms.seconds().count() + hms.subseconds().count() / 1000.0};
}

lxw_error WriteXlsxCell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const ExportCell& c,
                        lxw_format* date_time) {
  switch (c.kind) {
    case ExportCell::Kind::kNumber: return worksheet_write_number(ws, row, col, c.number, nullptr);
    case ExportCell::Kind::kTime:
      if (auto dt = XlsxDateTime(c.wall_ms)) {
        return worksheet_write_datetime(ws, row, col, &*dt, date_time);
      }
      break;  // outside the years a spreadsheet knows: the ISO text
    case ExportCell::Kind::kText: break;
  }
  if (c.text.empty()) return LXW_NO_ERROR;
  // A string cell, whatever it starts with: an XLSX cell is a formula only when written so.
  return worksheet_write_string(ws, row, col, c.text.c_str(), nullptr);
}

}  // namespace

constexpr EnumNames<ExportFormat, 3> kExportFormats{
    {{ExportFormat::kCsv, "csv"}, {ExportFormat::kJson, "json"}, {ExportFormat::kXlsx, "xlsx"}}};

std::optional<ExportFormat> ParseExportFormat(std::string_view t) { return ParseName(kExportFormats, t); }

std::string_view ContentType(ExportFormat f) {
  switch (f) {
    case ExportFormat::kCsv: return "text/csv; charset=utf-8";
    case ExportFormat::kJson: return "application/json";
    case ExportFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

std::string_view FileExtension(ExportFormat f) {
  switch (f) {
    case ExportFormat::kCsv: return "csv";
    case ExportFormat::kJson: return "json";
    case ExportFormat::kXlsx: return "xlsx";
  }
  return "bin";
}

bool IsPlainNumber(std::string_view t) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i > start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (!digits()) return false;
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  if (i != t.size()) return false;
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);  // out of range: 1e999
  return ec == std::errc() && end == t.data() + t.size() && std::isfinite(v);
}

std::string CsvCell(std::string_view value) {
  std::string v(value);
  // Formula injection (OWASP): a leading = + - @ tab or CR makes spreadsheets evaluate it;
  // a plain number ("-0.1944") is only ever read as that number.
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
                     v[0] == '\r') &&
      !IsPlainNumber(v)) {
    v.insert(v.begin(), '\'');
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string quoted = "\"";
  for (char c : v) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

Result<std::unique_ptr<ResponseExporter>> ResponseExporter::Open(Store& store, OrgId org,
                                                                 int64_t survey_id,
                                                                 ExportOptions options) {
  auto sv = store.surveys().GetSurvey(org, survey_id);
  if (!sv) return Fail(sv.error());
  auto versions = store.surveys().ListSurveyVersions(org, survey_id);
  if (!versions) return Fail(versions.error());
  auto organisation = store.accounts().GetOrganisation(org);
  if (!organisation) return Fail(organisation.error());
  auto zone = TimeZoneDays::ForZone(organisation->time_zone);
  if (!zone) return Fail(zone.error());
  std::unique_ptr<ResponseExporter> e(
      new ResponseExporter(store.responses(), org, survey_id, options));
  e->zone_ = std::move(*zone);
  // Columns from every version, in order of first appearance (or the draft if unpublished).
  std::vector<std::string> definitions;
  for (const auto& v : *versions) definitions.push_back(v.definition);
  if (definitions.empty()) definitions.push_back(sv->draft);
  for (const std::string& text : definitions) {
    auto def = survey::ParseDefinition(Json::parse(text, nullptr, false));
    if (!def) continue;
    auto add = [&](std::string col, bool multi, CommentField field = CommentField::kNone) {
      if (std::find(e->columns_.begin(), e->columns_.end(), col) != e->columns_.end()) return;
      e->columns_.push_back(std::move(col));
      e->multi_.push_back(multi);
      e->comment_field_.push_back(field);
    };
    for (const auto& h : def->hidden_fields)
      if (std::find(e->hidden_.begin(), e->hidden_.end(), h) == e->hidden_.end())
        e->hidden_.push_back(h);
    for (const auto& q : def->questions) {
      if (q.type == survey::QuestionType::kMatrix) {
        for (const auto& row : q.rows) add(q.id + "." + row.id, false);
      } else {
        add(q.id, q.type == survey::QuestionType::kMultipleChoice);
      }
      if (q.type == survey::QuestionType::kText) {
        add(q.id + ".sentiment", false, CommentField::kSentiment);
        add(q.id + ".score", false, CommentField::kScore);
        add(q.id + ".topics", false, CommentField::kTopics);
      }
    }
  }
  return e;
}

ResponseExporter::~ResponseExporter() {
  if (xlsx_) std::fclose(xlsx_);
  if (!xlsx_path_.empty()) std::remove(xlsx_path_.c_str());
}

Result<std::optional<Page<Response>>> ResponseExporter::NextPage() {
  if (done_) return std::optional<Page<Response>>();
  auto page = responses_.ListResponses(org_, {.survey_id = survey_id_,
                                              .status = options_.status,
                                              .after = after_,
                                              .limit = options_.page_size});
  if (!page) return Fail(page.error());
  after_ = page->next_after;
  if (!page->next_after) done_ = true;
  return std::optional<Page<Response>>(std::move(*page));
}

ExportCell ResponseExporter::CommentCell(const std::vector<comments::StoredComment>& comments,
                                         std::string_view question, CommentField field) {
  auto c = std::ranges::find(comments, question, &comments::StoredComment::question_id);
  if (c == comments.end()) return {};
  switch (field) {
    case CommentField::kSentiment: return ExportCell::Text(c->label);
    case CommentField::kScore: return Number(c->score, fmt::format("{}", c->score));
    case CommentField::kTopics:
      return ExportCell::Text(fmt::format("{}", fmt::join(c->topics, "; ")));
    case CommentField::kNone: break;
  }
  return {};
}

ExportCell ResponseExporter::TimeCell(std::optional<int64_t> epoch_ms) const {
  if (!epoch_ms) return {};
  const int64_t offset = zone_->OffsetMs(*epoch_ms);
  return {.kind = ExportCell::Kind::kTime,
          .text = FormatIsoLocal(*epoch_ms, offset),
          .wall_ms = *epoch_ms + offset};
}

std::vector<std::string> ResponseExporter::Header() const {
  std::vector<std::string> header = kMetaColumns;
  for (const auto& h : hidden_) header.push_back("hidden." + h);
  for (const auto& c : columns_) header.push_back(c);
  return header;
}

std::vector<ExportCell> ResponseExporter::Cells(const Response& r) const {
  std::vector<ExportCell> cells = {
      Integer(r.id),
      ExportCell::Text(r.response_key),
      Integer(r.survey_id),
      Integer(r.version),
      ExportCell::Text(std::string(ToString(r.status))),
      ExportCell::Text(r.language),
      ExportCell::Text(r.channel),
      ExportCell::Text(r.touchpoint),
      ExportCell::Text(r.agent),
      TimeCell(r.created_ms),
      TimeCell(r.completed_ms),
      ExportCell::Text(FormatIsoUtc(r.created_ms)),
      ExportCell::Text(r.completed_ms ? FormatIsoUtc(*r.completed_ms) : "")};
  Json hidden = Json::parse(r.hidden, nullptr, false);
  for (const auto& h : hidden_) {
    cells.push_back(hidden.is_object() && hidden.contains(h) ? ValueCell(hidden[h], false)
                                                             : ExportCell{});
  }
  Json answers = Json::parse(r.answers, nullptr, false);
  const std::vector<comments::StoredComment> comments = comments::StoredComments(r.meta);
  for (size_t i = 0; i < columns_.size(); ++i) {
    const std::string& col = columns_[i];
    if (comment_field_[i] != CommentField::kNone) {
      cells.push_back(CommentCell(comments, col.substr(0, col.rfind('.')), comment_field_[i]));
      continue;
    }
    Json v;
    if (answers.is_object()) {
      auto dot = col.find('.');
      if (dot == std::string::npos) {
        if (answers.contains(col)) v = answers[col];
      } else {
        std::string q = col.substr(0, dot), row = col.substr(dot + 1);
        if (answers.contains(q) && answers[q].is_object() && answers[q].contains(row))
          v = answers[q][row];
      }
    }
    cells.push_back(ValueCell(v, multi_[i]));
  }
  return cells;
}

Result<void> ResponseExporter::WriteXlsx() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "nazar-export-XXXXXX").string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return Fail(Error::Unavailable("cannot create a temporary file for the export"));
  close(fd);
  xlsx_path_ = tmpl;
  lxw_workbook_options wo{};
  wo.constant_memory = LXW_TRUE;  // rows go to a temporary file as they are written
  wo.use_zip64 = LXW_TRUE;        // more than 4 GB of sheet data is possible
  lxw_workbook* wb = workbook_new_opt(xlsx_path_.c_str(), &wo);
  if (!wb) return Fail(Error::Unavailable("cannot start the workbook"));
  lxw_worksheet* ws = workbook_add_worksheet(wb, "responses");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* date_time = workbook_add_format(wb);
  format_set_num_format(date_time, kXlsxDateTimeFormat);
  for (std::string_view name : {"created_at", "completed_at"}) {  // wide enough for the date
    auto col = static_cast<lxw_col_t>(std::ranges::find(kMetaColumns, name) - kMetaColumns.begin());
    worksheet_set_column(ws, col, col, kXlsxDateTimeWidth, nullptr);
  }
  lxw_row_t row = 0;
  const std::vector<std::string> header = Header();
  for (size_t c = 0; c < header.size(); ++c)
    worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), header[c].c_str(), bold);
  while (true) {
    auto page = NextPage();
    if (!page) {
      workbook_close(wb);
      return Fail(page.error());
    }
    if (!*page) break;
    for (const Response& r : (*page)->items) {
      if (row + 1 >= LXW_ROW_MAX) {
        workbook_close(wb);
        return Fail(Error::TooLarge(
            fmt::format("an XLSX sheet holds at most {} responses; export as CSV or JSON",
                        LXW_ROW_MAX - 1),
            "format"));
      }
      ++row;
      auto cells = Cells(r);
      for (size_t c = 0; c < cells.size(); ++c) {
        lxw_error err = WriteXlsxCell(ws, row, static_cast<lxw_col_t>(c), cells[c], date_time);
        if (err != LXW_NO_ERROR) {
          workbook_close(wb);
          return Fail(Error::Unavailable(fmt::format("XLSX export failed at response {}: {}",
                                                     r.id, lxw_strerror(err))));
        }
      }
      ++rows_;
    }
    if (done_) break;
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return Fail(Error::Unavailable("cannot finish the workbook"));
  xlsx_ = std::fopen(xlsx_path_.c_str(), "rb");
  if (!xlsx_) return Fail(Error::Unavailable("cannot read the finished workbook"));
  return {};
}

Result<std::optional<std::string>> ResponseExporter::Next() {
  if (options_.format == ExportFormat::kXlsx) {
    if (!started_) {
      started_ = true;
      if (auto st = WriteXlsx(); !st) return Fail(st.error());
    }
    std::string piece(kStreamPiece, '\0');
    size_t n = std::fread(piece.data(), 1, piece.size(), xlsx_);
    if (n == 0) return std::optional<std::string>();
    piece.resize(n);
    return std::optional<std::string>(std::move(piece));
  }
  std::string out;
  if (!started_) {
    started_ = true;
    if (options_.format == ExportFormat::kCsv) {
      std::vector<ExportCell> header;
      for (std::string& name : Header()) header.push_back(ExportCell::Text(std::move(name)));
      out = std::string(kBom) + CsvLine(header);
    } else {
      out = "[";
    }
  } else if (done_) {
    return std::optional<std::string>();
  }
  auto page = NextPage();
  if (!page) return Fail(page.error());
  if (*page) {
    for (const Response& r : (*page)->items) {
      if (options_.format == ExportFormat::kCsv) {
        out += CsvLine(Cells(r));
      } else {
        auto cells = Cells(r);
        Json obj = Json::object();
        size_t i = 0;
        for (; i < kMetaColumns.size(); ++i) obj[kMetaColumns[i]] = CellJson(cells[i]);
        Json hidden = Json::object();
        for (const auto& h : hidden_) hidden[h] = CellJson(cells[i++]);
        obj["hidden"] = hidden;
        obj["answers"] = Json::parse(r.answers, nullptr, false);
        Json meta = Json::parse(r.meta, nullptr, false);
        obj["text"] = meta.is_object() && meta.contains(comments::kTextMetaKey) ? meta[comments::kTextMetaKey]
                                                                       : Json::object();
        if (rows_ > 0) out += ",";
        out += obj.dump(-1, ' ', false, Json::error_handler_t::replace);
      }
      ++rows_;
    }
  }
  if (done_ && options_.format == ExportFormat::kJson) out += "]";
  return std::optional<std::string>(std::move(out));
}

}  // namespace nazar::responses
