#include "journey/queue_log.h"

#include <gtest/gtest.h>

namespace nazar::journey {
namespace {

// A morning of a support queue as Asterisk writes it, with the agent and queue events around
// the calls, a call that overflows to a second queue, and three damaged lines.
constexpr std::string_view kLog =
    "1709280000|NONE|NONE|NONE|QUEUESTART|\n"
    "1709280005|NONE|support|SIP/8001|ADDMEMBER|\n"
    "1709280010|1709280010.11|support|NONE|ENTERQUEUE||09121234567|1\n"  // 3
    "1709280015|1709280010.11|support|SIP/8002|RINGNOANSWER|15000\n"
    "1709280022|1709280010.11|support|SIP/8001|CONNECT|12|1709280022.14|4\n"
    "1709280200|1709280010.11|support|SIP/8001|COMPLETECALLER|12|178|1\n"
    "1709280300|1709280300.20|support|NONE|ENTERQUEUE||02188776655|1\r\n"  // 7: CRLF
    "1709280345|1709280300.20|support|NONE|ABANDON|1|1|45\n"
    "1709280400|1709280400.31|support|NONE|ENTERQUEUE||09350001122|2\n"  // 9
    "1709280460|1709280400.31|support|NONE|EXITWITHTIMEOUT|1|2|60\n"
    "1709280460|1709280400.31|sales|NONE|ENTERQUEUE||09350001122|1\n"  // 11
    "1709280470|1709280400.31|sales|Agent/3001|CONNECT|10|1709280470.40|3\n"
    "1709280530|1709280400.31|sales|Agent/3001|TRANSFER|700|from-internal|10|60|1\n"
    "garbage without bars\n"                                      // 14
    "17092805xx|1709280500.50|support|NONE|ENTERQUEUE||0912|1\n"  // 15
    "\n"
    "1709280600|1709280600.60|support|NONE|ENTERQUEUE||09127654321|1\n"  // 17
    "1709280630|1709280600.60|support|SIP/8001|CONNECT|30|1709280630.61|2\n"
    "1709280700|1709280600.60|support|SIP/8001|COMPLETEAGENT|30|seventy|1\n"  // 19: bad
    "1709280800|1709280800.70|support|NONE|ENTERQUEUE||09121112233|1\n"       // 20
    "1709280810|NONE|support|SIP/8001|PAUSE|lunch\n";

TEST(QueueLogTest, ReadsCallsFromARealisticLog) {
  auto log = ParseQueueLog(kLog);
  ASSERT_TRUE(log.has_value());
  const std::vector<CallInteraction> expected = {
      {.call_id = "1709280010.11",
       .queue = "support",
       .agent = "SIP/8001",
       .caller_id = "09121234567",
       .entered_at_ms = 1709280010000,
       .answered = true,
       .wait_seconds = 12,
       .talk_seconds = 178,
       .outcome = CallOutcome::kCompletedByCaller,
       .line = 3},
      {.call_id = "1709280300.20",
       .queue = "support",
       .caller_id = "02188776655",
       .entered_at_ms = 1709280300000,
       .abandoned = true,
       .wait_seconds = 45,
       .outcome = CallOutcome::kAbandoned,
       .line = 7},
      {.call_id = "1709280400.31",
       .queue = "support",
       .caller_id = "09350001122",
       .entered_at_ms = 1709280400000,
       .wait_seconds = 60,
       .outcome = CallOutcome::kTimedOut,
       .line = 9},
      {.call_id = "1709280400.31",
       .queue = "sales",
       .agent = "Agent/3001",
       .caller_id = "09350001122",
       .entered_at_ms = 1709280460000,
       .answered = true,
       .wait_seconds = 10,
       .talk_seconds = 60,
       .outcome = CallOutcome::kTransferred,
       .line = 11},
      // Its COMPLETEAGENT line is bad: answered, still in progress as far as the log says.
      {.call_id = "1709280600.60",
       .queue = "support",
       .agent = "SIP/8001",
       .caller_id = "09127654321",
       .entered_at_ms = 1709280600000,
       .answered = true,
       .wait_seconds = 30,
       .outcome = CallOutcome::kInProgress,
       .line = 17},
      {.call_id = "1709280800.70",
       .queue = "support",
       .caller_id = "09121112233",
       .entered_at_ms = 1709280800000,
       .outcome = CallOutcome::kInProgress,
       .line = 20},
  };
  ASSERT_EQ(log->calls.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(log->calls[i], expected[i]) << i;

  ASSERT_EQ(log->problems.size(), 3u);
  EXPECT_EQ(log->problems[0].field, "line 14");
  EXPECT_NE(log->problems[0].message.find("at least 5"), std::string::npos);
  EXPECT_EQ(log->problems[1].field, "line 15");
  EXPECT_NE(log->problems[1].message.find("UNIX time"), std::string::npos);
  EXPECT_EQ(log->problems[2].field, "line 19");
  EXPECT_NE(log->problems[2].message.find("COMPLETEAGENT: data2"), std::string::npos);
  for (const auto& p : log->problems) EXPECT_EQ(p.code, ErrorCode::kInvalidArgument);
}

TEST(QueueLogTest, StrictStopsAtTheFirstBadLine) {
  auto log = ParseQueueLog(kLog, {.strict = true});
  ASSERT_FALSE(log.has_value());
  EXPECT_EQ(log.error().field, "line 14");
}

// A log rotated in the middle of a call: the call starts at its first event seen.
TEST(QueueLogTest, ACallCutFromItsStartBeginsAtItsFirstEvent) {
  auto log = ParseQueueLog(
      "1709281000|1709280990.5|support|SIP/8003|CONNECT|8|1709281000.6|2\n"
      "1709281090|1709280990.5|support|SIP/8003|COMPLETEAGENT|8|90|1\n"
      "1709281100|1709281100.7|support|NONE|EXITWITHKEY|5|1|1|12\n"
      "1709281200|NONE|support|NONE|ABANDON|1|1|3\n");
  ASSERT_TRUE(log.has_value());
  ASSERT_EQ(log->calls.size(), 2u);
  EXPECT_EQ(log->calls[0].entered_at_ms, 1709281000000);
  EXPECT_EQ(log->calls[0].outcome, CallOutcome::kCompletedByAgent);
  EXPECT_EQ(log->calls[0].talk_seconds, 90);
  EXPECT_EQ(log->calls[1].outcome, CallOutcome::kExitedWithKey);
  EXPECT_EQ(log->calls[1].wait_seconds, 12);
  ASSERT_EQ(log->problems.size(), 1u);
  EXPECT_EQ(log->problems[0].field, "line 4");
  EXPECT_NE(log->problems[0].message.find("without a call id"), std::string::npos);
}

// Found by fuzzing (fuzz/corpus/queue_log/crash-epoch-overflow, imports/crash-invalid-utf8):
// a time whose milliseconds overflow 64 bits, and bytes that are not UTF-8 text, are problems
// of their line, not undefined behaviour or an exception at the JSON writer.
TEST(QueueLogTest, AnImpossibleTimeOrNonUtf8BytesAreProblemsOfTheirLine) {
  auto log = ParseQueueLog(
      "1709280601709280010|1709280010.11|support|NONE|ENTERQUEUE||0912|1\n"
      "1709280010|1709280010.11|supp\x90rt|NONE|ENTERQUEUE||0912|1\n"
      "1709280010|1709280010.12|support|NONE|ENTERQUEUE||0912|1\n");
  ASSERT_TRUE(log.has_value());
  ASSERT_EQ(log->problems.size(), 2u);
  EXPECT_EQ(log->problems[0].field, "line 1");
  EXPECT_NE(log->problems[0].message.find("not a UNIX time"), std::string::npos);
  EXPECT_EQ(log->problems[1].field, "line 2");
  EXPECT_NE(log->problems[1].message.find("not UTF-8 text"), std::string::npos);
  EXPECT_EQ(log->calls.size(), 1u) << "the good line still counts";
}

TEST(QueueLogTest, NamesEveryOutcome) {
  EXPECT_EQ(OutcomeName(CallOutcome::kAbandoned), "abandoned");
  EXPECT_EQ(OutcomeName(CallOutcome::kCompletedByCaller), "completed_by_caller");
  EXPECT_EQ(OutcomeName(CallOutcome::kExitedWithKey), "exited_with_key");
}

}  // namespace
}  // namespace nazar::journey
