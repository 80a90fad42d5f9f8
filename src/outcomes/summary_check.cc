#include "outcomes/summary_check.h"

#include <fmt/format.h>

#include <cmath>

namespace nazar::outcomes::detail {

Result<void> CheckSummaries(std::span<const CustomerSummary> customers) {
  if (customers.empty()) {
    return Fail(Error::InvalidArgument("there are no customers to fit", "customers"));
  }
  for (size_t i = 0; i < customers.size(); ++i) {
    const CustomerSummary& s = customers[i];
    const char* problem = nullptr;
    if (s.frequency < 0) {
      problem = "a negative frequency";
    } else if (!std::isfinite(s.recency) || !std::isfinite(s.age) || s.recency < 0 || s.age < 0) {
      problem = "a negative or non-finite recency or age";
    } else if (s.recency > s.age) {
      problem = "a recency beyond its age";
    } else if (s.frequency > 0 && s.recency <= 0) {
      problem = "repeat purchases with recency 0";
    } else if (s.frequency == 0 && s.recency != 0) {
      problem = "a recency without repeat purchases";
    }
    if (problem) {
      return Fail(Error::InvalidArgument(
          fmt::format("customer {} ({}) has {}", i, s.customer, problem),
          fmt::format("customers[{}]", i)));
    }
  }
  return {};
}

}  // namespace nazar::outcomes::detail
