// Prometheus metrics: requests by route and status, latency histograms by route, the
// server's connections and the store's counters, rendered in the text exposition format.
//
// Thread-safety: Record() is lock-free (atomics); Render() may run concurrently with it.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace nazar::http {

// Counters the server keeps about its connections.
struct ServerStats {
  std::atomic<uint64_t> connections_total{0};
  std::atomic<int64_t> connections_active{0};
  std::atomic<int64_t> requests_in_flight{0};  // from a request's header to its response
  std::atomic<uint64_t> transport_errors{0};  // malformed requests, too large, timeouts
};

class RequestMetrics {
 public:
  static constexpr std::array<double, 13> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.25,  0.5,
                                                      1,      2.5,   5};
  // `labels[i]` = {method, route pattern}; one more slot is kept for unmatched requests.
  explicit RequestMetrics(std::vector<std::pair<std::string, std::string>> labels);

  void Record(size_t route_index, int status, double seconds);
  size_t unmatched_index() const { return labels_.size() - 1; }

  std::string Render(const StoreStats* store, const ServerStats* server) const;

 private:
  struct PerRoute {
    std::array<std::atomic<uint64_t>, 500> by_status{};  // status 100..599
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> sum_micros{0};
    std::atomic<uint64_t> count{0};
  };
  std::vector<std::pair<std::string, std::string>> labels_;
  std::unique_ptr<PerRoute[]> routes_;
};

}  // namespace nazar::http
