// The HTTP sink as a process, for the webhooks benchmark: answers every request 200 and
// appends "<wall ms>\t<webhook-id>\t<1 when the signature verifies, else 0>" to the log
// (flushed per line). With --secret (the endpoint's "whsec_…") each Standard Webhooks
// signature is checked. Stops on SIGINT/SIGTERM.
//   webhook_sink --port 8099 --log received.tsv [--secret whsec_…]
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>

#include "core/crypto.h"
#include "support/sinks.h"

int main(int argc, char** argv) {
  std::string log_path = "/dev/stdout", secret;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--log") == 0) log_path = argv[i + 1];
    if (std::strcmp(argv[i], "--secret") == 0) secret = argv[i + 1];
  }
  std::string key;
  if (secret.starts_with("whsec_") && !nazar::Base64Decode(secret.substr(6), key)) {
    std::cerr << "webhook_sink: the secret is not whsec_ + base64\n";
    return 1;
  }
  sigset_t signals = nazar::testing::BlockStopSignals();
  std::FILE* log = nazar::testing::OpenSinkLog(log_path, "webhook_sink");
  if (!log) return 1;
  std::mutex mu;
  auto sink = std::make_unique<nazar::testing::HttpSink>();
  sink->OnRequest([&](const nazar::testing::HttpRequestSeen& r) {
    const std::string id = r.Header("webhook-id");
    const std::string expected =
        "v1," + nazar::Base64Encode(nazar::HmacSha256(
                    key, id + "." + r.Header("webhook-timestamp") + "." + r.body));
    const bool verified =
        !key.empty() && (" " + r.Header("webhook-signature") + " ").find(" " + expected + " ") !=
                            std::string::npos;
    std::lock_guard lock(mu);
    std::fprintf(log, "%lld\t%s\t%d\n", static_cast<long long>(r.received_ms), id.c_str(),
                 verified ? 1 : 0);
    std::fflush(log);
  });
  std::cout << sink->port() << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  sink.reset();
  std::fclose(log);
  return 0;
}
