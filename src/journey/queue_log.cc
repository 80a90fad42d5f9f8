#include "journey/queue_log.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

#include "core/contact_info.h"

namespace nazar::journey {
namespace {

constexpr size_t kCallIdField = 1, kQueueField = 2, kAgentField = 3, kEventField = 4;
constexpr size_t kFirstDataField = 5;
constexpr int kNone = -1;

enum class Effect { kEnter, kAnswer, kEnd };

// What each call event does, and which of its parameters (0 = data1) hold the wait and
// talk times, per the format quoted in queue_log.h.
struct EventRule {
  std::string_view event;
  Effect effect;
  int wait_data;
  int talk_data;
  CallOutcome outcome;
};

constexpr std::array<EventRule, 11> kRules{{
    {"ENTERQUEUE", Effect::kEnter, kNone, kNone, CallOutcome::kInProgress},
    {"CONNECT", Effect::kAnswer, 0, kNone, CallOutcome::kInProgress},
    {"COMPLETECALLER", Effect::kEnd, 0, 1, CallOutcome::kCompletedByCaller},
    {"COMPLETEAGENT", Effect::kEnd, 0, 1, CallOutcome::kCompletedByAgent},
    {"TRANSFER", Effect::kEnd, 2, 3, CallOutcome::kTransferred},
    {"BLINDTRANSFER", Effect::kEnd, 2, 3, CallOutcome::kTransferred},
    {"ATTENDEDTRANSFER", Effect::kEnd, 2, 3, CallOutcome::kTransferred},
    {"ABANDON", Effect::kEnd, 2, kNone, CallOutcome::kAbandoned},
    {"EXITWITHTIMEOUT", Effect::kEnd, 2, kNone, CallOutcome::kTimedOut},
    {"EXITEMPTY", Effect::kEnd, 2, kNone, CallOutcome::kExitedEmpty},
    {"EXITWITHKEY", Effect::kEnd, 3, kNone, CallOutcome::kExitedWithKey},
}};

const EventRule* RuleFor(std::string_view event) {
  for (const auto& rule : kRules) {
    if (rule.event == event) return &rule;
  }
  return nullptr;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    size_t bar = line.find('|', start);
    fields.push_back(line.substr(start, bar - start));
    if (bar == std::string_view::npos) return fields;
    start = bar + 1;
  }
}

bool ParseWhole(std::string_view text, int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && out >= 0;
}

}  // namespace

std::string_view OutcomeName(CallOutcome outcome) {
  switch (outcome) {
    case CallOutcome::kInProgress:
      return "in_progress";
    case CallOutcome::kCompletedByCaller:
      return "completed_by_caller";
    case CallOutcome::kCompletedByAgent:
      return "completed_by_agent";
    case CallOutcome::kTransferred:
      return "transferred";
    case CallOutcome::kAbandoned:
      return "abandoned";
    case CallOutcome::kTimedOut:
      return "timed_out";
    case CallOutcome::kExitedEmpty:
      return "exited_empty";
    case CallOutcome::kExitedWithKey:
      return "exited_with_key";
  }
  return "in_progress";
}

CallInteraction& QueueLogParser::CallFor(std::string_view call_id, std::string_view queue,
                                         int64_t at_ms, int64_t line_number, bool entering) {
  auto it = open_call_.find(std::string(call_id));
  if (!entering && it != open_call_.end() && calls_[it->second].queue == queue) {
    return calls_[it->second];
  }
  calls_.push_back({.call_id = std::string(call_id),
                    .queue = std::string(queue),
                    .entered_at_ms = at_ms,
                    .line = line_number});
  open_call_.insert_or_assign(std::string(call_id), calls_.size() - 1);
  return calls_.back();
}

Result<bool> QueueLogParser::AddLine(std::string_view line, int64_t line_number) {
  auto problem = [&](std::string what) -> Result<bool> {
    Error e = Error::InvalidArgument(std::move(what), fmt::format("line {}", line_number));
    if (options_.strict) return Fail(std::move(e));
    problems_.push_back(std::move(e));
    return false;
  };
  // Names and caller ids become contacts' and touchpoints' text: bytes that are not UTF-8 are
  // refused here, not at the JSON writer (found by fuzz/queue_log and fuzz/imports).
  if (SanitiseUtf8(line, line.size()) != line) return problem("the line is not UTF-8 text (bad bytes or control characters)");
  std::vector<std::string_view> fields = SplitFields(line);
  if (fields.size() < kFirstDataField) {
    return problem(
        fmt::format("{} fields where a queue_log line has at least 5 "
                    "(epoch|callid|queue|agent|event)",
                    fields.size()));
  }
  // Some systems write the time with a fraction of a second: the whole seconds count.
  std::string_view epoch_text = fields[0].substr(0, fields[0].find('.'));
  int64_t epoch = 0;
  // Up to the year 9999: milliseconds of it fit in 64 bits (a larger number overflowed).
  constexpr int64_t kMaxEpochSeconds = 253'402'300'799;
  if (!ParseWhole(epoch_text, epoch) || epoch < 0 || epoch > kMaxEpochSeconds) {
    return problem(fmt::format("\"{}\" is not a UNIX time in seconds", fields[0]));
  }
  const EventRule* rule = RuleFor(fields[kEventField]);
  if (rule == nullptr) return true;  // an agent, queue or custom event
  std::string_view call_id = fields[kCallIdField];
  if (call_id.empty() || call_id == "NONE") {
    return problem(fmt::format("{} without a call id", rule->event));
  }
  auto data = [&](int index, int64_t& seconds) -> Result<bool> {
    if (index == kNone) return true;
    size_t at = kFirstDataField + static_cast<size_t>(index);
    std::string_view text = at < fields.size() ? fields[at] : std::string_view{};
    if (!ParseWhole(text, seconds)) {
      return problem(fmt::format("{}: data{} should be whole seconds, not \"{}\"", rule->event,
                                 index + 1, text));
    }
    return true;
  };
  int64_t wait = 0, talk = 0;
  for (auto [index, out] : {std::pair{rule->wait_data, &wait}, std::pair{rule->talk_data, &talk}}) {
    auto ok = data(index, *out);
    if (!ok || !*ok) return ok;
  }

  CallInteraction& call = CallFor(call_id, fields[kQueueField], epoch * 1000, line_number,
                                  rule->effect == Effect::kEnter);
  std::string_view agent = fields[kAgentField];
  // ENTERQUEUE|url|callerid: the caller's number ("" or "NONE" when withheld).
  if (rule->effect == Effect::kEnter && kFirstDataField + 1 < fields.size() &&
      fields[kFirstDataField + 1] != "NONE") {
    call.caller_id = std::string(fields[kFirstDataField + 1]);
  }
  if (rule->wait_data != kNone) call.wait_seconds = wait;
  if (rule->effect == Effect::kAnswer || rule->talk_data != kNone) {
    call.answered = true;
    call.talk_seconds = talk;
    if (!agent.empty() && agent != "NONE") call.agent = std::string(agent);
  }
  if (rule->effect == Effect::kEnd) {
    call.outcome = rule->outcome;
    call.abandoned = rule->outcome == CallOutcome::kAbandoned;
  }
  return true;
}

Result<QueueLog> ParseQueueLog(std::string_view text, QueueLogOptions options) {
  QueueLogParser parser(options);
  int64_t line_number = 0;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    if (auto ok = parser.AddLine(line, line_number); !ok) return Fail(ok.error());
  }
  return QueueLog{parser.calls(), parser.problems()};
}

}  // namespace nazar::journey
