#include "core/csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace nazar {
namespace {

// Every record of `text` (header excluded), its fields joined by '|', each prefixed with
// its line number: "3:a|b".
Result<std::vector<std::string>> ReadAll(CsvReader& reader) {
  std::vector<std::string> out;
  CsvRecord row;
  for (;;) {
    auto more = reader.Next(row);
    if (!more) return Fail(more.error());
    if (!*more) return out;
    std::string joined = std::to_string(row.line()) + ":";
    for (size_t i = 0; i < row.size(); ++i) joined += (i ? "|" : "") + std::string(row[i]);
    out.push_back(joined);
  }
}

std::vector<std::string> ReadString(std::string_view text, CsvOptions options = {}) {
  auto reader = CsvReader::FromString(text, options);
  EXPECT_TRUE(reader.has_value()) << reader.error().ToString();
  if (!reader) return {};
  auto rows = ReadAll(*reader);
  EXPECT_TRUE(rows.has_value()) << rows.error().ToString();
  return rows ? *rows : std::vector<std::string>{};
}

struct Accepted {
  const char* what;
  std::string text;
  std::vector<std::string> rows;
};

TEST(CsvTest, ReadsWhatRfc4180Allows) {
  const Accepted cases[] = {
      {"LF", "a,b\n1,2\n3,4\n", {"2:1|2", "3:3|4"}},
      {"CRLF", "a,b\r\n1,2\r\n3,4\r\n", {"2:1|2", "3:3|4"}},
      {"lone CR", "a,b\r1,2\r3,4", {"2:1|2", "3:3|4"}},
      {"no final line break", "a,b\n1,2", {"2:1|2"}},
      {"empty fields", "a,b,c\n,,\n", {"2:||"}},
      {"quoted delimiter", "a,b\n\"x,y\",z\n", {"2:x,y|z"}},
      {"doubled quotes", "a,b\n\"say \"\"hi\"\"\",\"\"\n", {"2:say \"hi\"|"}},
      {"quoted LF moves the line", "a,b\n\"one\ntwo\",x\n3,4\n", {"2:one\ntwo|x", "4:3|4"}},
      {"quoted CRLF counts once",
       "a,b\r\n\"one\r\ntwo\",x\r\n3,4\r\n",
       {"2:one\r\ntwo|x", "4:3|4"}},
      {"BOM",
       "\xEF\xBB\xBF"
       "a,b\n1,2\n",
       {"2:1|2"}},
      {"blank lines skipped", "a,b\n\n1,2\r\n\r\n3,4\n\n", {"3:1|2", "5:3|4"}},
      {"UTF-8 passes through", "نام,شهر\nعلی,تهران\n", {"2:علی|تهران"}},
      {"quoted last field at EOF", "a,b\n1,\"2\"", {"2:1|2"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(ReadString(c.text), c.rows);
  }
}

TEST(CsvTest, ReadsTabSeparatedAndHeaderless) {
  EXPECT_EQ(ReadString("a\tb\n1,5\t\"x\ty\"\n", {.delimiter = '\t'}),
            (std::vector<std::string>{"2:1,5|x\ty"}));
  EXPECT_EQ(ReadString("1,2\n3,4\n", {.header = false}),
            (std::vector<std::string>{"1:1|2", "2:3|4"}));
}

struct Refused {
  const char* what;
  std::string text;
  std::string field;
  std::string message_part;
};

TEST(CsvTest, RefusesMalformedInputNamingTheLine) {
  const Refused cases[] = {
      {"empty file", "", "line 1", "empty"},
      {"quote in unquoted field", "a,b\n1,2\n3,x\"y\n", "line 3", "quote inside"},
      {"text after closing quote", "a,b\n\"x\"y,2\n", "line 2", "closing quote"},
      {"unclosed quote", "a,b\n1,2\n\"open,3\n4,5\n", "line 3", "not closed"},
      {"too few fields", "a,b,c\n1,2,3\n4,5\n", "line 3", "2 fields where the header has 3"},
      {"too many fields", "a,b\n1,2,3\n", "line 2", "3 fields"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto reader = CsvReader::FromString(c.text);
    Result<std::vector<std::string>> rows = reader ? ReadAll(*reader) : Fail(reader.error());
    ASSERT_FALSE(rows.has_value());
    EXPECT_EQ(rows.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(rows.error().field, c.field);
    EXPECT_NE(rows.error().message.find(c.message_part), std::string::npos) << rows.error().message;
  }
}

TEST(CsvTest, WithoutHeaderTheFirstRecordFixesTheWidth) {
  auto reader = CsvReader::FromString("\n1,2\n3\n", {.header = false});
  ASSERT_TRUE(reader.has_value());
  auto rows = ReadAll(*reader);
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().field, "line 3");
  EXPECT_EQ(rows.error().message, "1 field where the first record has 2");
}

TEST(CsvTest, RefusesARecordOverTheLimit) {
  // The text outlives the reader (FromString does not copy it; a temporary here made this
  // test fail now and then).
  const std::string text = "a\n\"" + std::string(100, 'x');
  auto reader = CsvReader::FromString(text, {.max_record_bytes = 10});
  ASSERT_TRUE(reader.has_value());
  CsvRecord row;
  auto more = reader->Next(row);
  ASSERT_FALSE(more.has_value());
  EXPECT_EQ(more.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(more.error().field, "line 2");
}

TEST(CsvTest, FindsColumnsByName) {
  auto reader = CsvReader::FromString(",case,activity,case\n");
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ(reader->columns(), (std::vector<std::string>{"", "case", "activity", "case"}));
  EXPECT_EQ(reader->Column("activity").value(), 2u);
  EXPECT_EQ(reader->Column("").value(), 0u);
  auto missing = reader->Column("time");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().field, "time");
  EXPECT_NE(missing.error().message.find("\"activity\""), std::string::npos);
  auto twice = reader->Column("case");
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().message.find("more than once"), std::string::npos);
}

TEST(CsvTest, RefusesAQuoteAsDelimiter) {
  auto reader = CsvReader::FromString("a\n", {.delimiter = '"'});
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().field, "delimiter");
}

// Records that straddle the 1 MiB read chunks of a stream come out whole, and the byte
// count reaches the size of the input.
TEST(CsvTest, StreamsAcrossChunks) {
  std::string text = "id,note\r\n";
  std::vector<std::string> expected;
  for (int i = 0; i < 40000; ++i) {
    std::string note = "note " + std::to_string(i) + std::string(i % 50, 'x');
    if (i % 7 == 0) note += ",\r\nwith \"\"quotes\"\"";
    text += std::to_string(i) + ",\"" + note + "\"\r\n";
  }
  std::istringstream in(text);
  auto reader = CsvReader::Open(in);
  ASSERT_TRUE(reader.has_value());
  CsvRecord row;
  int64_t n = 0, line = 2;
  for (;;) {
    auto more = reader->Next(row);
    ASSERT_TRUE(more.has_value()) << more.error().ToString();
    if (!*more) break;
    ASSERT_EQ(row[0], std::to_string(n));
    ASSERT_EQ(row.line(), line);
    ASSERT_EQ(row[1].starts_with("note " + std::to_string(n)), true);
    line += n % 7 == 0 ? 2 : 1;
    ++n;
  }
  EXPECT_EQ(n, 40000);
  EXPECT_GT(text.size(), size_t{1} << 20);  // more than one chunk
  EXPECT_EQ(reader->bytes_read(), static_cast<int64_t>(text.size()));
}

}  // namespace
}  // namespace nazar
