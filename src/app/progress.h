// A progress bar for long CLI work (import, export, demo data). On a terminal it redraws
// one line in place; otherwise (logs, CI) it prints a line every 10%.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace nazar {

class ProgressBar {
 public:
  // `total` 0 means unknown: the bar shows counts and rate only.
  ProgressBar(std::string label, int64_t total);
  void Update(int64_t done);
  void Finish(int64_t done);

 private:
  void Draw(int64_t done, bool final);

  std::string label_;
  int64_t total_;
  bool tty_;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace nazar
