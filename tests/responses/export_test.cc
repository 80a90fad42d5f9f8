// Exports on both stores: CSV, JSON and XLSX; cell types read back from the XLSX with an
// independent reader (openpyxl, through tests/responses/read_xlsx.py).
#include <gtest/gtest.h>

#include <regex>

#include <cstdio>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "responses/export.h"
#include "responses_fixture.h"
#include "support/temp_dir.h"

namespace nazar::responses {
using namespace nazar::comments;
using survey::SurveyService;
namespace {

class ExportTest : public CollectFixture {
 protected:
  void SetUp() override {
    SetUpOrganisation("Asia/Tehran");
    analysed_ = std::make_unique<ResponseIngest>(*t_.store, *surveys_, clock_,
                                                 IngestOptions{.text = text_models_.get()});
  }

  Survey Published(const Json& definition) { return PublishedSurvey(definition); }

  void Submit(int64_t survey_id, std::string key, Json answers,
              std::map<std::string, std::string> hidden = {}) {
    Submission sub = Sub(survey_id, std::move(key), std::move(answers));
    sub.hidden = std::move(hidden);
    auto r = analysed_->Submit(sub);
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
  }

  // The whole export, piece by piece; `pieces` counts them.
  std::string Export(int64_t survey_id, ExportFormat format, int page_size = 1000,
                     int* pieces = nullptr) {
    auto e = ResponseExporter::Open(*t_.store, org_, survey_id,
                                    {.format = format, .page_size = page_size});
    EXPECT_TRUE(e.has_value()) << e.error().ToString();
    std::string out;
    while (e) {
      auto piece = (*e)->Next();
      EXPECT_TRUE(piece.has_value()) << piece.error().ToString();
      if (!piece || !*piece) break;
      out += **piece;
      if (pieces) ++*pieces;
    }
    return out;
  }

  std::unique_ptr<ResponseIngest> analysed_;  // comments analysed, as the server does
};

TEST_P(ExportTest, ExportsCsvAndJsonPageByPage) {
  Json def = Json::parse(R"({"title": {"fa": "خرید", "en": "Purchase"}, "languages": ["fa", "en"],
    "hidden_fields": ["order"],
    "questions": [
      {"id": "csat", "type": "csat", "required": true, "text": {"fa": "رضایت", "en": "Satisfied?"}},
      {"id": "likes", "type": "multiple_choice", "text": {"fa": "؟", "en": "?"},
       "choices": [{"id": "a", "text": {"fa": "الف", "en": "A"}}, {"id": "b", "text": {"fa": "ب", "en": "B"}}]},
      {"id": "grid", "type": "matrix", "text": {"fa": "؟", "en": "?"},
       "rows": [{"id": "speed", "text": {"fa": "سرعت", "en": "Speed"}}]},
      {"id": "note", "type": "text", "text": {"fa": "؟", "en": "?"}}]})");
  Survey s = Published(def);
  Submit(s.id, "x1", {{"csat", 5}, {"likes", {"a", "b"}}, {"grid", {{"speed", 4}}},
                      {"note", "=HYPERLINK(\"http://evil\",\"click\")"}},
         {{"order", "@SUM(A1:A2)"}});
  Submit(s.id, "x2", {{"csat", 2}, {"note", "بسته‌بندی خراب بود, \"واقعاً\""}});
  for (int i = 3; i <= 7; ++i) Submit(s.id, "x" + std::to_string(i), {{"csat", 3}});

  int pieces = 0;
  std::string csv = Export(s.id, ExportFormat::kCsv, /*page_size=*/2, &pieces);
  EXPECT_GE(pieces, 4);  // 7 rows in pages of 2: streamed, not built whole
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
  EXPECT_NE(csv.find("id,response_id,survey_id,version,status,language,channel,touchpoint,agent,"
                     "created_at,completed_at,created_at_utc,completed_at_utc,hidden.order,csat,"
                     "likes,grid.speed,note,note.sentiment,note.score,note.topics\r\n"),
            std::string::npos) << csv;
  // Times in the organisation's zone with their offset, then the same instants in UTC.
  EXPECT_NE(csv.find(",2026-09-21T17:43:20.000+03:30,2026-09-21T17:43:20.000+03:30,"
                     "2026-09-21T14:13:20.000Z,2026-09-21T14:13:20.000Z,"),
            std::string::npos) << csv;
  EXPECT_NE(csv.find(",'@SUM(A1:A2),5,a;b,4,\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",negative,"),
            std::string::npos) << csv;
  // The comment's analysis follows it: label, score (a plain negative number, bare) and topics;
  // a response without a comment has empty analysis cells.
  // (The score's value is the text model's, checked by text_test; here its form: bare, four
  // decimals.)
  EXPECT_TRUE(std::regex_search(
      csv, std::regex("\"بسته‌بندی خراب بود, \"\"واقعاً\"\"\",negative,-0\\.[0-9]{4},product_quality; packaging\r\n")))
      << csv;
  EXPECT_NE(csv.find(",3,,,,,,\r\n"), std::string::npos) << csv;

  Json all = Json::parse(Export(s.id, ExportFormat::kJson, /*page_size=*/3));
  ASSERT_EQ(all.size(), 7u);
  EXPECT_TRUE(all[0]["id"].is_number_integer());
  EXPECT_EQ(all[0]["created_at"], "2026-09-21T17:43:20.000+03:30");
  EXPECT_EQ(all[0]["created_at_utc"], "2026-09-21T14:13:20.000Z");
  EXPECT_EQ(all[0]["answers"]["likes"], Json({"a", "b"}));
  EXPECT_EQ(all[0]["hidden"]["order"], "@SUM(A1:A2)");  // JSON keeps the data as it is
  EXPECT_EQ(all[1]["text"]["note"]["topics"], Json({"product_quality", "packaging"}));
  EXPECT_EQ(all[2]["text"], Json::object());
  EXPECT_EQ(ResponseExporter::Open(*t_.store, OrgId{org_.value + 99}, s.id, {}).error().code,
            ErrorCode::kNotFound);
}

// A CSV export without quoted cells, as one map from column to cell per row.
std::vector<std::map<std::string, std::string>> CsvRows(std::string csv) {
  EXPECT_EQ(csv.find('"'), std::string::npos) << "a quoted cell: split it properly";
  std::vector<std::vector<std::string>> lines;
  std::string_view rest = std::string_view(csv).substr(3);  // the byte-order mark
  while (!rest.empty()) {
    size_t end = rest.find("\r\n");
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 2);
    auto& cells = lines.emplace_back();
    for (size_t at = 0;;) {
      size_t comma = line.find(',', at);
      cells.emplace_back(line.substr(at, comma - at));
      if (comma == std::string_view::npos) break;
      at = comma + 1;
    }
  }
  std::vector<std::map<std::string, std::string>> rows;
  for (size_t r = 1; r < lines.size(); ++r) {
    auto& row = rows.emplace_back();
    for (size_t c = 0; c < lines[0].size() && c < lines[r].size(); ++c) {
      row[lines[0][c]] = lines[r][c];
    }
  }
  return rows;
}

// What read_xlsx.py makes of an exported workbook: {"rows": [[cell or null, ...], ...]}.
Json ReadXlsxBack(const std::string& xlsx) {
  testing::TempDir dir("nazar-xlsx");
  const std::string path = dir.path() + "/export.xlsx";
  std::ofstream(path, std::ios::binary) << xlsx;
  // The reader's complaints go to the test's standard error; its JSON comes through the pipe.
  const std::string command =
      fmt::format("'{}' '{}' '{}'", NAZAR_PYTHON3, NAZAR_READ_XLSX, path);
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return nullptr;
  std::string out;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = pclose(pipe);
  Json read = Json::parse(out, nullptr, false);
  EXPECT_EQ(status, 0) << command << "\n" << out;
  return read;
}

// Numbers are numbers, times are dates, and text (formula-looking or a number typed into a
// text question) is text in every format; never a formula.
TEST_P(ExportTest, NumbersStayNumbersTimesAreDatesTextStaysInert) {
  Survey s = Published(Json::parse(R"({"title": {"en": "Typed"}, "languages": ["en"],
    "hidden_fields": ["order"],
    "questions": [
      {"id": "csat", "type": "csat", "text": {"en": "Satisfied?"}},
      {"id": "amount", "type": "number", "text": {"en": "How much?"}},
      {"id": "note", "type": "text", "text": {"en": "Why?"}}]})"));
  const std::vector<std::string> inert = {"=1+1", "+1", "-1+2", "@SUM(A1)", "-0.5"};
  const std::vector<double> amounts = {-0.5, -0.1944, 2.75, 123456789012345.0, 0};
  for (size_t i = 0; i < inert.size(); ++i) {
    Submit(s.id, "t" + std::to_string(i),
           {{"csat", 1 + static_cast<int>(i)}, {"amount", amounts[i]}, {"note", inert[i]}},
           {{"order", inert[i]}});
  }
  // A response from before numbers were bounded: an integer no double holds and -1e308.
  Response old{.org_id = org_, .survey_id = s.id, .version = 1, .response_key = "old",
               .status = ResponseStatus::kComplete, .language = "en", .channel = "api",
               .hidden = "{}", .answers = R"({"csat": 9007199254740993, "amount": -1e308})",
               .meta = "{}", .created_ms = 1'790'000'000'000, .updated_ms = 1'790'000'000'000,
               .completed_ms = 1'790'000'000'000};
  ASSERT_TRUE(t_.store->responses().InsertResponse(old).has_value());

  // CSV: a plain number is bare, whatever its sign; anything else that a spreadsheet would
  // run is neutralised.
  auto csv = CsvRows(Export(s.id, ExportFormat::kCsv));
  ASSERT_EQ(csv.size(), 6u);
  const std::vector<std::string> neutralised = {"'=1+1", "'+1", "'-1+2", "'@SUM(A1)", "-0.5"};
  for (size_t i = 0; i < inert.size(); ++i) {
    EXPECT_EQ(csv[i]["note"], neutralised[i]);
    EXPECT_EQ(csv[i]["hidden.order"], neutralised[i]);
  }
  EXPECT_EQ(csv[0]["amount"], "-0.5");
  EXPECT_EQ(csv[1]["amount"], "-0.1944");
  EXPECT_EQ(csv[5]["amount"], "-1e+308");
  EXPECT_EQ(csv[5]["csat"], "9007199254740993");

  Json book = ReadXlsxBack(Export(s.id, ExportFormat::kXlsx));
  ASSERT_TRUE(book.is_object()) << book;
  const Json& rows = book["rows"];
  ASSERT_EQ(rows.size(), 7u);  // the header and six responses
  std::map<std::string, size_t> col;
  for (size_t c = 0; c < rows[0].size(); ++c) col[rows[0][c]["value"].get<std::string>()] = c;
  for (const Json& row : rows) {
    for (const Json& cell : row) {
      if (!cell.is_null()) {
        EXPECT_NE(cell["type"], "f") << cell;  // never a formula
      }
    }
  }
  for (size_t i = 0; i < inert.size(); ++i) {
    const Json& row = rows[i + 1];
    SCOPED_TRACE(inert[i]);
    EXPECT_EQ(row[col["id"]]["type"], "n");
    EXPECT_EQ(row[col["survey_id"]]["value"], s.id);
    EXPECT_EQ(row[col["csat"]]["type"], "n");
    EXPECT_EQ(row[col["csat"]]["value"], i + 1);
    EXPECT_EQ(row[col["amount"]]["type"], "n");
    EXPECT_EQ(row[col["amount"]]["value"].get<double>(), amounts[i]);
    for (const char* text : {"note", "hidden.order"}) {
      EXPECT_EQ(row[col[text]]["type"], "s") << text;
      EXPECT_EQ(row[col[text]]["value"], inert[i]) << text;  // as typed: no ' in XLSX
    }
    for (const char* time : {"created_at", "completed_at"}) {
      EXPECT_TRUE(row[col[time]]["is_date"].get<bool>()) << time << row[col[time]];
      EXPECT_EQ(row[col[time]]["value"], "2026-09-21T17:43:20") << time;  // Tehran wall time
      EXPECT_EQ(row[col[time]]["format"], "yyyy-mm-dd hh:mm:ss") << time;
    }
    EXPECT_EQ(row[col["created_at_utc"]]["type"], "s");
    EXPECT_EQ(row[col["created_at_utc"]]["value"], "2026-09-21T14:13:20.000Z");
    EXPECT_EQ(row[col["note.score"]]["type"], "n");  // the comment's score, -1 to 1
  }
  EXPECT_EQ(rows[4][col["amount"]]["value"], 123456789012345);  // exact
  const Json& last = rows[6];
  EXPECT_EQ(last[col["csat"]]["type"], "s");  // beyond 2^53: all its digits, as text
  EXPECT_EQ(last[col["csat"]]["value"], "9007199254740993");
  EXPECT_EQ(last[col["amount"]]["type"], "n");
  EXPECT_EQ(last[col["amount"]]["value"], -1e308);
}

TEST(IsPlainNumberTest, OnlyWhatASpreadsheetReadsAsJustANumber) {
  for (std::string_view yes : {"0", "7", "-0", "-0.1944", "12.50", "-1e+308", "1E-5", "2e10",
                               "9007199254740993", "-007"}) {
    EXPECT_TRUE(IsPlainNumber(yes)) << yes;
  }
  for (std::string_view no : {"", "-", "+1", " 1", "1 ", "-1+2", ".5", "5.", "-.5", "1e", "1e+",
                              "0x1F", "inf", "-inf", "nan", "1e999", "-1e400", "1,5", "١٢",
                              "--1", "-1-", "1/2", "=1"}) {
    EXPECT_FALSE(IsPlainNumber(no)) << no;
  }
}

TEST(CsvCellTest, NeutralisesFormulasButNotNumbersAndQuotes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain", "plain"},        {"=1+2", "'=1+2"},         {"+31 20", "'+31 20"},
      {"-5", "-5"},              {"-0.1944", "-0.1944"},    {"-1e+308", "-1e+308"},
      {"-1+2", "'-1+2"},         {"+1", "'+1"},             {"-", "'-"},
      {"-1e999", "'-1e999"},     {"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
      {"@cmd", "'@cmd"},         {"\tx", "'\tx"},           {"\rx", "\"'\rx\""},
      {"a,b", "\"a,b\""},        {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"line\nbreak", "\"line\nbreak\""}, {"نظر", "نظر"},  {"", ""}};
  for (const auto& [in, out] : cases) EXPECT_EQ(CsvCell(in), out) << in;
}

INSTANTIATE_TEST_SUITE_P(Backends, ExportTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar::responses
