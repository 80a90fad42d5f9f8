// The CDNOW sample (../shared/data/cdnow) summarised for the calibration period of the
// papers, 1997-01-01 .. 1997-09-30, read once per test binary.
#pragma once

#include <fstream>
#include <vector>

#include <gtest/gtest.h>

#include "outcomes/transactions.h"

namespace nazar::outcomes {

inline std::string CdnowPath(const char* file) {
  return std::string(NAZAR_SHARED_DATA) + "/cdnow/" + file;
}

inline std::vector<Transaction> CdnowSampleTransactions() {
  std::ifstream in(CdnowPath("CDNOW_sample.txt"));
  auto t = ReadCdnowTransactions(in);
  EXPECT_TRUE(t.has_value()) << t.error().ToString();
  return t ? *t : std::vector<Transaction>{};
}

inline const std::vector<CustomerSummary>& CdnowSample() {
  static const std::vector<CustomerSummary> summary = [] {
    auto s = Summarize(CdnowSampleTransactions(), *ParseDay("1997-09-30", "calibration_end"));
    return s ? *s : std::vector<CustomerSummary>{};
  }();
  return summary;
}

}  // namespace nazar::outcomes
