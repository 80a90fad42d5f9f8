#include "app/progress.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace nazar {

ProgressBar::ProgressBar(std::string label, int64_t total)
    : label_(std::move(label)),
      total_(total),
      tty_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressBar::Update(int64_t done) {
  auto now = std::chrono::steady_clock::now();
  if (tty_) {
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    Draw(done, false);
    return;
  }
  int decile = total_ > 0 ? static_cast<int>(done * 10 / total_) : -1;
  if (decile > last_decile_) {
    last_decile_ = decile;
    Draw(done, false);
  }
}

void ProgressBar::Finish(int64_t done) { Draw(done, true); }

void ProgressBar::Draw(int64_t done, bool final) {
  constexpr int kWidth = 30;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = seconds > 0 ? done / seconds : 0;
  std::string line;
  if (total_ > 0) {
    double share = std::min(1.0, static_cast<double>(done) / total_);
    int filled = static_cast<int>(share * kWidth);
    line = fmt::format("{} [{}{}] {:3.0f}% {}/{} ({:.0f}/s)", label_, std::string(filled, '#'),
                       std::string(kWidth - filled, '.'), share * 100, done, total_, rate);
  } else {
    line = fmt::format("{} {} ({:.0f}/s)", label_, done, rate);
  }
  if (tty_) {
    std::fprintf(stderr, "\r%s%s", line.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

}  // namespace nazar
