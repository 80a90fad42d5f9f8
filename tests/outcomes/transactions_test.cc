#include "outcomes/transactions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "cdnow.h"

namespace nazar::outcomes {
namespace {

TEST(Transactions, SummaryReproducesThePublishedCdnowSummary) {
  const auto& summary = CdnowSample();
  ASSERT_EQ(summary.size(), 2357u);
  // ID,frequency,recency,T with recency and T to two decimals.
  std::ifstream in(CdnowPath("cdnow_customers_summary.csv"));
  std::string line;
  std::getline(in, line);
  std::map<int, const CustomerSummary*> by_id;
  for (const auto& s : summary) by_id[std::stoi(s.customer)] = &s;
  int rows = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, x, recency, age;
    std::getline(fields, id, ',');
    std::getline(fields, x, ',');
    std::getline(fields, recency, ',');
    std::getline(fields, age, ',');
    ASSERT_TRUE(by_id.contains(std::stoi(id))) << id;
    const CustomerSummary& s = *by_id[std::stoi(id)];
    EXPECT_EQ(s.frequency, std::stoi(x)) << id;
    EXPECT_NEAR(s.recency, std::stod(recency), 0.005 + 1e-9) << id;
    EXPECT_NEAR(s.age, std::stod(age), 0.005 + 1e-9) << id;
    EXPECT_EQ(std::round(s.recency * 100) / 100, std::stod(recency)) << id;
    EXPECT_EQ(std::round(s.age * 100) / 100, std::stod(age)) << id;
    ++rows;
  }
  EXPECT_EQ(rows, 2357);
  int repeat_buyers = 0;
  for (const auto& s : summary) repeat_buyers += s.frequency > 0;
  EXPECT_EQ(repeat_buyers, 946);
}

TEST(Transactions, SameDayPurchasesCountOnceAndAddUp) {
  const Day d0 = *ParseDay("2026-01-01", "d");
  std::vector<Transaction> t = {{"a", d0, 10},     {"a", d0, 5},      {"a", d0 + 7, 20},
                                {"a", d0 + 7, 4},  {"a", d0 + 14, 6}, {"b", d0 + 3, 1},
                                {"a", d0 + 40, 99}};  // after the calibration end
  auto s = Summarize(t, d0 + 21);
  ASSERT_TRUE(s.has_value());
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].customer, "a");
  EXPECT_EQ((*s)[0].frequency, 2);
  EXPECT_DOUBLE_EQ((*s)[0].recency, 2.0);
  EXPECT_DOUBLE_EQ((*s)[0].age, 3.0);
  EXPECT_DOUBLE_EQ((*s)[0].monetary_value, (24 + 6) / 2.0);
  EXPECT_EQ((*s)[1].frequency, 0);
  EXPECT_DOUBLE_EQ((*s)[1].age, 18 / 7.0);
  EXPECT_EQ((*s)[1].monetary_value, 0);
}

TEST(Transactions, CalibrationEndBeforeTheDataIsRefused) {
  const Day d0 = *ParseDay("2026-01-01", "d");
  auto s = Summarize({{"a", d0, 1}}, d0 - 1);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().field, "calibration_end");
  EXPECT_NE(s.error().message.find("2026-01-01"), std::string::npos);
}

TEST(Transactions, Dates) {
  EXPECT_EQ(FormatDay(*ParseDay("19970930", "d")), "1997-09-30");
  EXPECT_EQ(*ParseDay("1970-01-02", "d"), 1);
  EXPECT_EQ(*ParseDay("2024-02-29", "d") + 1, *ParseDay("2024-03-01", "d"));
  for (const char* bad : {"2023-02-29", "1997-13-01", "97-09-30", "1997/09/30", "", "2026-1-1"}) {
    auto d = ParseDay(bad, "calibration_end");
    ASSERT_FALSE(d.has_value()) << bad;
    EXPECT_EQ(d.error().field, "calibration_end");
  }
}

struct BadLine {
  std::string text;
  std::string field;
  std::string says;
};

TEST(Transactions, BadCsvLinesAreNamed) {
  const BadLine cases[] = {
      {"customer_id,date,amount\nc1,2026-01-01,10\nc2,2026-01-02,-3\n", "line 3", "negative"},
      {"customer_id,date,amount\nc1,2026-01-01,ten\n", "line 2", "not a number"},
      {"customer_id,date,amount\nc1,2026-01-01,nan\n", "line 2", "not a number"},
      {"customer_id,date,amount\nc1,2026-02-30,1\n", "line 2", "does not exist"},
      {"customer_id,date,amount\nc1,01/02/2026,1\n", "line 2", "YYYY-MM-DD"},
      {"customer_id,date,amount\n,2026-01-01,1\n", "line 2", "customer_id is empty"},
      {"customer,date,amount\nc1,2026-01-01,1\n", "customer_id", "customer_id"},
  };
  for (const auto& c : cases) {
    std::istringstream in(c.text);
    auto reader = CsvReader::Open(in);
    ASSERT_TRUE(reader.has_value());
    auto t = ReadCsvTransactions(*reader);
    ASSERT_FALSE(t.has_value()) << c.text;
    EXPECT_EQ(t.error().field, c.field) << c.text;
    EXPECT_NE(t.error().message.find(c.says), std::string::npos) << t.error().message;
  }
  std::istringstream good("customer_id,amount,date,channel\nc1,12.5,2026-01-01,web\n");
  auto reader = CsvReader::Open(good);
  auto t = ReadCsvTransactions(*reader);
  ASSERT_TRUE(t.has_value());
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ((*t)[0].amount, 12.5);
}

TEST(Transactions, CdnowLayouts) {
  std::ifstream master(CdnowPath("CDNOW_master.txt"));
  auto t = ReadCdnowTransactions(master);
  ASSERT_TRUE(t.has_value()) << t.error().ToString();
  EXPECT_EQ(t->size(), 69659u);
  auto s = Summarize(*t, *ParseDay("1998-06-30", "d"));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->size(), 23570u);

  std::istringstream bad(" 00001 19970101  1   11.77\r\n 00002 19971301  1   12.00\r\n");
  auto e = ReadCdnowTransactions(bad);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().field, "line 2");
  std::istringstream short_line(" 00001 19970101\n");
  e = ReadCdnowTransactions(short_line);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().field, "line 1");
}

}  // namespace
}  // namespace nazar::outcomes
