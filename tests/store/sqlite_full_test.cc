// A full disk on SQLite (issue 17): a write that does not fit is refused as "unavailable"
// (the HTTP layer's 503 with Retry-After), names the cause, leaves the connection usable and
// what was stored intact, and writes succeed again once there is room. The database's page
// limit stands in for the disk: SQLite reports both as SQLITE_FULL.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "store/sql_driver.h"
#include "support/temp_dir.h"

namespace nazar {
namespace {

TEST(SqliteFull, AWriteThatDoesNotFitIsUnavailableAndNothingStoredIsLost) {
  testing::TempDir dir("nazar-full");
  auto driver = sql::MakeSqliteDriver(dir.path() + "/full.db", 1000);
  auto c = driver->Connect();
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  sql::Connection& db = **c;
  ASSERT_TRUE(db.ExecuteScript("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL);").has_value());
  auto pages = db.Query("PRAGMA page_count", {});
  ASSERT_TRUE(pages.has_value());
  const int64_t limit = pages->front().Int(0) + 8;
  ASSERT_TRUE(db.Query("PRAGMA max_page_count = " + std::to_string(limit), {}).has_value());

  const std::string body(2000, 'x');
  int stored = 0;
  Error full;
  for (int i = 0; i < 1000; ++i) {
    auto wrote = db.Execute("INSERT INTO t (body) VALUES (?)", {body});
    if (!wrote) {
      full = wrote.error();
      break;
    }
    ++stored;
  }
  ASSERT_GT(stored, 0);
  ASSERT_LT(stored, 1000) << "the limit was never reached";
  EXPECT_EQ(full.code, ErrorCode::kUnavailable) << full.ToString();
  EXPECT_NE(full.message.find("full"), std::string::npos) << full.message;
  EXPECT_FALSE(db.Broken()) << "a full disk is not a broken connection";

  auto count = db.Query("SELECT COUNT(*) FROM t", {});
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(count->front().Int(0), stored) << "what was stored stays";
  auto check = db.Query("PRAGMA integrity_check", {});
  ASSERT_TRUE(check.has_value());
  EXPECT_EQ(check->front().Text(0), "ok");

  // Room again: the same connection writes.
  ASSERT_TRUE(db.Query("PRAGMA max_page_count = " + std::to_string(limit * 100), {}).has_value());
  ASSERT_TRUE(db.Execute("INSERT INTO t (body) VALUES (?)", {body}).has_value());
  EXPECT_EQ(db.Query("SELECT COUNT(*) FROM t", {})->front().Int(0), stored + 1);
}

}  // namespace
}  // namespace nazar
