// A live feed from Asterisk's queue_log: the file is read as it grows, each call imported
// once it ends (Journeys::ImportInteractions), the place kept in a checkpoint file across
// restarts, and rotation survived.
//
// The window. A call's lines arrive over minutes (ENTERQUEUE, CONNECT, COMPLETECALLER), so
// the follower keeps the lines of the calls still in progress and imports them with each
// new batch of lines: the calls that ended are written (a call imported before would be
// `unchanged`: its call id is the reference), the others wait. A
// call without an end for `stale_ms` (Asterisk restarted mid-call) stops holding the window.
// A line that cannot be read is dropped (counted), so one bad line never stops the feed.
//
// Rotation. When the path names another file (logrotate's rename), the old file is read to
// its end first; when the file shrinks (copytruncate), reading starts again from its start.
// After a restart the checkpoint ({inode, offset, pending window}) says where to go on; if the
// file was rotated meanwhile, the rest of "<file>.1" (when it is the checkpoint's file) is
// read first. The checkpoint is written (to a temporary file, then renamed) after each
// successful import, so a crash re-imports at most one batch, which changes nothing.
//
// Thread-safety: one follower per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.h"
#include "journey/journeys.h"

namespace nazar::journey {

// The lines of a queue_log that still matter (see above). Pure: no files.
class QueueLogWindow {
 public:
  // Adds bytes read from the file; complete lines join the window (bad ones dropped), a
  // partial last line waits for its end.
  void Append(std::string_view bytes);
  // The complete lines to import.
  const std::string& Text() const { return lines_; }
  // Keeps only the lines of the calls still in progress that started at or after
  // `now_ms - stale_ms` (the others were imported, or are given up).
  void Settle(int64_t now_ms, int64_t stale_ms);
  // What a checkpoint keeps: the window and the partial line.
  std::string Pending() const { return lines_ + partial_; }
  void Restore(std::string_view pending);
  int64_t bad_lines() const { return bad_lines_; }

 private:
  std::string lines_;
  std::string partial_;
  int64_t bad_lines_ = 0;
};

struct FollowOptions {
  std::string file;        // the queue_log
  std::string checkpoint;  // where the place is kept (a JSON file)
  int64_t stale_ms = 6LL * 3600 * 1000;
  ImportOptions import;  // queue names; dry_run is ignored
};

// What one step did.
struct FollowStep {
  int64_t bytes_read = 0;
  bool rotated = false;
  bool imported = false;  // an import ran (there were new lines)
  ImportReport report;
};

class QueueLogFollower {
 public:
  // `after_import` runs after each import that wrote (main evaluates trigger rules there).
  QueueLogFollower(Journeys& journeys, OrgId org, const Clock& clock, FollowOptions options,
                   std::function<void()> after_import = {});
  ~QueueLogFollower();
  QueueLogFollower(const QueueLogFollower&) = delete;
  QueueLogFollower& operator=(const QueueLogFollower&) = delete;

  // Reads what was added since the last step (switching files on rotation), imports the
  // window when new lines came, then writes the checkpoint. An import or a checkpoint that
  // fails leaves the place where it was (the next step tries again).
  Result<FollowStep> Step();
  // Lines dropped because they could not be read, since the start.
  int64_t bad_lines() const { return window_.bad_lines(); }

 private:
  Result<void> Open();              // the checkpoint's place, or the file's start
  Result<int64_t> ReadAvailable();  // from the open file to its end
  Result<void> SaveCheckpoint() const;

  Journeys& journeys_;
  OrgId org_;
  const Clock& clock_;
  FollowOptions options_;
  std::function<void()> after_import_;
  QueueLogWindow window_;
  int fd_ = -1;
  uint64_t inode_ = 0;
  int64_t offset_ = 0;
  bool opened_ = false;
  bool unimported_ = false;  // lines read that no import has taken yet
};

}  // namespace nazar::journey
