#include "http/metrics.h"

#include <fmt/format.h>

namespace nazar::http {

RequestMetrics::RequestMetrics(std::vector<std::pair<std::string, std::string>> labels)
    : labels_(std::move(labels)) {
  labels_.emplace_back("", "unmatched");
  routes_ = std::make_unique<PerRoute[]>(labels_.size());
}

void RequestMetrics::Record(size_t route_index, int status, double seconds) {
  if (route_index >= labels_.size()) route_index = unmatched_index();
  PerRoute& r = routes_[route_index];
  if (status >= 100 && status < 600) r.by_status[status - 100].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.sum_micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  r.count.fetch_add(1, std::memory_order_relaxed);
}

std::string RequestMetrics::Render(const StoreStats* store, const ServerStats* server) const {
  std::string out;
  out +=
      "# HELP nazar_http_requests_total HTTP requests answered, by route and status.\n"
      "# TYPE nazar_http_requests_total counter\n";
  for (size_t i = 0; i < labels_.size(); ++i) {
    for (size_t s = 0; s < routes_[i].by_status.size(); ++s) {
      uint64_t n = routes_[i].by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += fmt::format("nazar_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                         labels_[i].first, labels_[i].second, s + 100, n);
    }
  }
  out +=
      "# HELP nazar_http_request_duration_seconds Time to answer a request, by route.\n"
      "# TYPE nazar_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < labels_.size(); ++i) {
    const PerRoute& r = routes_[i];
    uint64_t count = r.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    std::string lbl = fmt::format("method=\"{}\",route=\"{}\"", labels_[i].first, labels_[i].second);
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += r.buckets[b].load(std::memory_order_relaxed);
      out += fmt::format("nazar_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", lbl,
                         kBuckets[b], cumulative);
    }
    cumulative += r.buckets[kBuckets.size()].load(std::memory_order_relaxed);
    out += fmt::format("nazar_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", lbl,
                       cumulative);
    out += fmt::format("nazar_http_request_duration_seconds_sum{{{}}} {:.6f}\n", lbl,
                       r.sum_micros.load(std::memory_order_relaxed) / 1e6);
    out += fmt::format("nazar_http_request_duration_seconds_count{{{}}} {}\n", lbl, count);
  }
  if (server) {
    out += fmt::format(
        "# HELP nazar_http_connections_total Connections accepted.\n"
        "# TYPE nazar_http_connections_total counter\n"
        "nazar_http_connections_total {}\n"
        "# HELP nazar_http_connections_active Connections open now.\n"
        "# TYPE nazar_http_connections_active gauge\n"
        "nazar_http_connections_active {}\n"
        "# HELP nazar_http_transport_errors_total Malformed, oversized or timed-out requests.\n"
        "# TYPE nazar_http_transport_errors_total counter\n"
        "nazar_http_transport_errors_total {}\n",
        server->connections_total.load(), server->connections_active.load(),
        server->transport_errors.load());
  }
  if (store) {
    out += fmt::format(
        "# HELP nazar_store_calls_total Store calls made.\n"
        "# TYPE nazar_store_calls_total counter\n"
        "nazar_store_calls_total {}\n"
        "# HELP nazar_store_errors_total Store calls that failed for a storage reason "
        "(unavailable or internal).\n"
        "# TYPE nazar_store_errors_total counter\n"
        "nazar_store_errors_total {}\n"
        "# HELP nazar_store_transactions_total Multi-call transactions run.\n"
        "# TYPE nazar_store_transactions_total counter\n"
        "nazar_store_transactions_total {}\n",
        store->queries.load(), store->errors.load(), store->transactions.load());
  }
  return out;
}

}  // namespace nazar::http
