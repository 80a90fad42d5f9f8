// Calls from Asterisk's queue log (app_queue's /var/log/asterisk/queue_log), one
// CallInteraction per call and queue it waited in.
//
// The format (https://docs.asterisk.org/Operation/Logging/Queue-Logs/): one event a line,
//   epoch|callid|queuename|agent|EVENT|data1|data2|data3|data4|data5
// with the UNIX time in seconds, the caller channel's unique id ("NONE" for events about
// agents or the queue), the queue, the member channel ("NONE" before an answer) and the
// event's parameters. The events read here, with their parameters:
//   ENTERQUEUE(url|callerid)                   the caller joins the queue
//   CONNECT(holdtime|bridgedchanneluniqueid|ringtime)   an agent answers after holdtime s
//   COMPLETECALLER(holdtime|calltime|origposition)      answered call ended by the caller
//   COMPLETEAGENT(holdtime|calltime|origposition)       ... by the agent
//   TRANSFER(extension|context|holdtime|calltime|origposition)   and BLINDTRANSFER the same;
//   ATTENDEDTRANSFER(method|data|holdtime|calltime|origposition) answered, then transferred
//   ABANDON(position|origposition|waittime)    the caller hung up while waiting
//   EXITWITHTIMEOUT(position|origposition|waittime)   the queue's timeout sent it on
//   EXITEMPTY(position|origposition|waittime)  no agents left to answer
//   EXITWITHKEY(key|position|origposition|waittime)   the caller pressed a key to leave
// Every other event (RINGNOANSWER, RINGCANCELED, AGENTDUMP, PAUSE, ADDMEMBER, QUEUESTART,
// CONFIGRELOAD, custom QueueLog() events, …) is valid and does not change a call.
//
// A call that enters a queue again after leaving one (an overflow to another queue keeps its
// unique id) starts a new interaction with the same call id. A call whose ENTERQUEUE was
// cut off (a rotated log) starts at its first event. A call with no ending event yet is
// kInProgress.
//
// Bad lines (too few fields, a time or a number that does not parse) are collected as
// InvalidArgument errors naming "line N" and skipped; with `strict` the first one fails
// the parse. Pure: the caller reads the file and feeds lines. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace nazar::journey {

enum class CallOutcome {
  kInProgress,         // no ending event (yet)
  kCompletedByCaller,  // COMPLETECALLER
  kCompletedByAgent,   // COMPLETEAGENT
  kTransferred,        // TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER
  kAbandoned,          // ABANDON
  kTimedOut,           // EXITWITHTIMEOUT
  kExitedEmpty,        // EXITEMPTY
  kExitedWithKey,      // EXITWITHKEY
};

// "completed_by_caller", … for output.
std::string_view OutcomeName(CallOutcome outcome);

struct CallInteraction {
  std::string call_id;
  std::string queue;
  std::string agent;          // who answered ("SIP/8007", "Agent/3001"); empty if nobody
  std::string caller_id;      // ENTERQUEUE's data2 (the caller's number); may be empty
  int64_t entered_at_ms = 0;  // UTC
  bool answered = false;
  bool abandoned = false;    // the caller hung up while waiting (ABANDON)
  int64_t wait_seconds = 0;  // in the queue before the answer or the exit
  int64_t talk_seconds = 0;  // answered calls that ended: from the answer to the end
  CallOutcome outcome = CallOutcome::kInProgress;
  int64_t line = 0;  // line of its first event

  bool operator==(const CallInteraction&) const = default;
};

struct QueueLogOptions {
  bool strict = false;  // the first bad line fails the parse instead of being collected
};

class QueueLogParser {
 public:
  explicit QueueLogParser(QueueLogOptions options = {}) : options_(options) {}

  // Reads one line (without its line break) numbered `line_number` (1-based): true when it
  // was read, false when it was bad and kept in problems(); an error for a bad line only
  // when strict.
  Result<bool> AddLine(std::string_view line, int64_t line_number);

  // The calls, in order of their first event.
  const std::vector<CallInteraction>& calls() const { return calls_; }
  const std::vector<Error>& problems() const { return problems_; }

 private:
  CallInteraction& CallFor(std::string_view call_id, std::string_view queue, int64_t at_ms,
                           int64_t line_number, bool entering);

  QueueLogOptions options_;
  std::vector<CallInteraction> calls_;
  std::unordered_map<std::string, size_t> open_call_;  // call id -> its latest interaction
  std::vector<Error> problems_;
};

struct QueueLog {
  std::vector<CallInteraction> calls;
  std::vector<Error> problems;  // one per bad line, field "line N"
};

// Parses a whole queue_log text (LF or CRLF line breaks; blank lines skipped).
Result<QueueLog> ParseQueueLog(std::string_view text, QueueLogOptions options = {});

}  // namespace nazar::journey
