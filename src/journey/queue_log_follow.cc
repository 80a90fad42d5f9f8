#include "journey/queue_log_follow.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "core/try.h"
#include "journey/queue_log.h"

namespace nazar::journey {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

Error IoError(const std::string& what, const std::string& path) {
  return Error::Unavailable(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

// The inode of `path`, or 0 when it is not there.
uint64_t InodeOf(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_ino) : 0;
}

}  // namespace

// --- the window ----------------------------------------------------------------------------

void QueueLogWindow::Append(std::string_view bytes) {
  partial_.append(bytes);
  size_t start = 0;
  for (size_t eol = partial_.find('\n'); eol != std::string::npos;
       start = eol + 1, eol = partial_.find('\n', start)) {
    std::string_view line(partial_.data() + start, eol - start);
    std::string_view text = line.ends_with('\r') ? line.substr(0, line.size() - 1) : line;
    if (text.empty()) continue;
    QueueLogParser alone;
    auto ok = alone.AddLine(text, 1);
    if (!ok || !*ok) {
      ++bad_lines_;
      continue;
    }
    lines_.append(text);
    lines_.push_back('\n');
  }
  partial_.erase(0, start);
}

void QueueLogWindow::Settle(int64_t now_ms, int64_t stale_ms) {
  // Each line's call id is its second field.
  auto call_id_of = [](std::string_view line) {
    size_t first = line.find('|');
    if (first == std::string_view::npos) return std::string_view();
    size_t second = line.find('|', first + 1);
    return line.substr(first + 1, second == std::string_view::npos ? std::string_view::npos
                                                                    : second - first - 1);
  };
  QueueLogParser parser;
  int64_t number = 0;
  for (size_t start = 0; start < lines_.size();) {
    size_t eol = std::min(lines_.find('\n', start), lines_.size());
    (void)parser.AddLine(std::string_view(lines_).substr(start, eol - start), ++number);
    start = eol + 1;
  }
  std::set<std::string, std::less<>> waiting;
  for (const CallInteraction& call : parser.calls())
    if (call.outcome == CallOutcome::kInProgress && call.entered_at_ms >= now_ms - stale_ms)
      waiting.insert(call.call_id);
  // Only the lines of calls still waiting stay: a fragment of an ended call would come back
  // as a call without its caller.
  std::string kept;
  for (size_t start = 0; start < lines_.size();) {
    size_t eol = std::min(lines_.find('\n', start), lines_.size());
    std::string_view line = std::string_view(lines_).substr(start, eol - start);
    if (waiting.contains(call_id_of(line))) {
      kept.append(line);
      kept.push_back('\n');
    }
    start = eol + 1;
  }
  lines_ = std::move(kept);
}

void QueueLogWindow::Restore(std::string_view pending) {
  lines_.clear();
  partial_.clear();
  Append(pending);
}

// --- the follower --------------------------------------------------------------------------

QueueLogFollower::QueueLogFollower(Journeys& journeys, OrgId org, const Clock& clock,
                                   FollowOptions options, std::function<void()> after_import)
    : journeys_(journeys),
      org_(org),
      clock_(clock),
      options_(std::move(options)),
      after_import_(std::move(after_import)) {
  options_.import.dry_run = false;
}

QueueLogFollower::~QueueLogFollower() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> QueueLogFollower::Open() {
  opened_ = true;
  std::ifstream in(options_.checkpoint);
  Json saved = in ? Json::parse(in, nullptr, false) : Json();
  const bool have = saved.is_object() && saved.contains("inode") && saved.contains("offset");
  if (have) window_.Restore(saved.value("pending", std::string()));
  const uint64_t saved_inode = have ? saved["inode"].get<uint64_t>() : 0;
  const int64_t saved_offset = have ? saved["offset"].get<int64_t>() : 0;
  // Rotated while stopped: the rest of the old file first, when it is still beside it.
  const std::string previous = options_.file + ".1";
  if (have && saved_inode != InodeOf(options_.file) && saved_inode == InodeOf(previous)) {
    fd_ = ::open(previous.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return Fail(IoError("cannot open", previous));
    inode_ = saved_inode;
    offset_ = saved_offset;
    if (::lseek(fd_, offset_, SEEK_SET) < 0) return Fail(IoError("cannot seek in", previous));
    TRY(ReadAvailable());
    ::close(fd_);
    fd_ = -1;
  }
  fd_ = ::open(options_.file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return Fail(IoError("cannot open", options_.file));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return Fail(IoError("cannot read", options_.file));
  inode_ = static_cast<uint64_t>(st.st_ino);
  offset_ = have && saved_inode == inode_ && saved_offset <= st.st_size ? saved_offset : 0;
  if (::lseek(fd_, offset_, SEEK_SET) < 0) return Fail(IoError("cannot seek in", options_.file));
  return {};
}

Result<int64_t> QueueLogFollower::ReadAvailable() {
  std::array<char, kReadChunk> buffer;
  int64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(IoError("cannot read", options_.file));
    if (n == 0) return total;
    window_.Append(std::string_view(buffer.data(), static_cast<size_t>(n)));
    offset_ += n;
    total += n;
  }
}

Result<void> QueueLogFollower::SaveCheckpoint() const {
  const std::string temporary = options_.checkpoint + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << Json{{"file", options_.file},
                {"inode", inode_},
                {"offset", offset_},
                {"pending", window_.Pending()}}
               .dump();
    out.flush();
    if (!out) return Fail(IoError("cannot write", temporary));
  }
  if (std::rename(temporary.c_str(), options_.checkpoint.c_str()) != 0)
    return Fail(IoError("cannot replace", options_.checkpoint));
  return {};
}

Result<FollowStep> QueueLogFollower::Step() {
  FollowStep step;
  if (!opened_) TRY(Open());
  // Rotation: the path names another file now (renamed away) or the file shrank (truncated).
  const uint64_t at_path = InodeOf(options_.file);
  if (at_path != 0 && at_path != inode_) {
    TRY_ASSIGN(const int64_t rest, ReadAvailable());  // what the old file still had
    step.bytes_read += rest;
    ::close(fd_);
    fd_ = ::open(options_.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return Fail(IoError("cannot open", options_.file));
    inode_ = at_path;
    offset_ = 0;
    step.rotated = true;
  } else {
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && st.st_size < offset_) {
      offset_ = 0;
      if (::lseek(fd_, 0, SEEK_SET) < 0) return Fail(IoError("cannot seek in", options_.file));
      step.rotated = true;
    }
  }
  TRY_ASSIGN(const int64_t read, ReadAvailable());
  step.bytes_read += read;
  // New lines, or lines an import that failed left behind.
  unimported_ = unimported_ || step.bytes_read > 0;
  if (unimported_ && !window_.Text().empty()) {
    std::istringstream in(window_.Text());
    TRY_ASSIGN(step.report, journeys_.ImportInteractions(org_, in, InteractionFormat::kQueueLog,
                                                         options_.import));
    step.imported = true;
    if (step.report.written && after_import_) after_import_();
    window_.Settle(clock_.NowMs(), options_.stale_ms);
  }
  if (unimported_ || step.rotated) TRY(SaveCheckpoint());
  unimported_ = false;
  return step;
}

}  // namespace nazar::journey
