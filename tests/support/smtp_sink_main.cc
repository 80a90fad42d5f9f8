// The SMTP sink as a process, for benchmarks: accepts every message and appends
// "<wall ms>\t<Message-ID>" to the log file (flushed per line). Stops on SIGINT/SIGTERM.
//   smtp_sink --port 2525 --log received.tsv
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>

#include "support/sinks.h"

int main(int argc, char** argv) {
  uint16_t port = 0;
  std::string log_path = "/dev/stdout";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--port") == 0) port = static_cast<uint16_t>(std::stoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--log") == 0) log_path = argv[i + 1];
  }
  sigset_t signals = nazar::testing::BlockStopSignals();
  std::FILE* log = nazar::testing::OpenSinkLog(log_path, "smtp_sink");
  if (!log) return 1;
  std::mutex mu;
  auto sink = std::make_unique<nazar::testing::SmtpSink>(port);
  sink->OnMessage([&](const nazar::testing::SmtpMessage& m) {
    std::lock_guard lock(mu);
    std::fprintf(log, "%lld\t%s\n", static_cast<long long>(m.received_ms),
                 m.Header("Message-ID").c_str());
    std::fflush(log);
  });
  std::cout << sink->port() << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  sink.reset();  // no message is being logged any more
  std::fclose(log);
  return 0;
}
