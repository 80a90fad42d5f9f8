// Test-only helpers for the drivers tests: a tiny CSV reader for the reference data and an
// independent (textbook, Eigen-free) R² so the library is checked against separate code.
#pragma once

#include <cmath>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace nazar::drivers::testing {

// A numeric table read from a CSV with a header row; the first column (a row label) is
// dropped when `skip_label` is set. Quotes around fields are stripped; "NA" reads as NaN.
struct Table {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;

  const std::vector<double>& Column(const std::string& name) const {
    for (std::size_t c = 0; c < names.size(); ++c) {
      if (names[c] == name) return columns[c];
    }
    static const std::vector<double> kNone;
    return kNone;
  }
};

inline std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::stringstream in(line);
  while (std::getline(in, field, ',')) {
    if (!field.empty() && field.back() == '\r') field.pop_back();
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
      field = field.substr(1, field.size() - 2);
    }
    fields.push_back(field);
  }
  return fields;
}

inline Table ReadCsv(const std::string& path, bool skip_label) {
  Table table;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return table;
  const std::size_t first = skip_label ? 1 : 0;
  const std::vector<std::string> header = SplitCsvLine(line);
  for (std::size_t c = first; c < header.size(); ++c) table.names.push_back(header[c]);
  table.columns.resize(table.names.size());
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> fields = SplitCsvLine(line);
    for (std::size_t c = first; c < fields.size() && c - first < table.columns.size(); ++c) {
      table.columns[c - first].push_back(fields[c] == "NA" ? std::nan("") : std::stod(fields[c]));
    }
  }
  return table;
}

inline std::string SharedDataPath(const std::string& relative) {
  return std::string(NAZAR_SHARED_DATA) + "/" + relative;
}

// Pearson correlation over the rows where both values are present.
inline double PairwiseCorrelation(const std::vector<double>& a, const std::vector<double>& b) {
  double n = 0, sa = 0, sb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    n += 1;
    sa += a[i];
    sb += b[i];
  }
  const double ma = sa / n, mb = sb / n;
  double saa = 0, sbb = 0, sab = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
    sab += (a[i] - ma) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

// R² of the outcome (index 0 of `corr`, a p x p row-major correlation matrix) on the drivers
// listed in `subset` (1-based columns of corr), by Gaussian elimination with partial
// pivoting on R_SS β = r_Sy; R² = r_Sy · β.
inline double SubsetR2(const std::vector<double>& corr, int p, const std::vector<int>& subset) {
  const std::size_t m = subset.size();
  if (m == 0) return 0.0;
  const std::size_t width = m + 1;  // augmented system [R_SS | r_Sy], row-major
  std::vector<double> a(m * width);
  const auto at = [&](std::size_t r, std::size_t c) -> double& { return a[r * width + c]; };
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < m; ++j) at(i, j) = corr[subset[i] * p + subset[j]];
    at(i, m) = corr[subset[i] * p];
  }
  for (std::size_t col = 0; col < m; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < m; ++r) {
      if (std::abs(at(r, col)) > std::abs(at(pivot, col))) pivot = r;
    }
    for (std::size_t c = 0; c < width; ++c) std::swap(at(col, c), at(pivot, c));
    for (std::size_t r = 0; r < m; ++r) {
      if (r == col) continue;
      const double f = at(r, col) / at(col, col);
      for (std::size_t c = col; c < width; ++c) at(r, c) -= f * at(col, c);
    }
  }
  double r2 = 0.0;
  for (std::size_t i = 0; i < m; ++i) r2 += corr[subset[i] * p] * at(i, m) / at(i, i);
  return r2;
}

// Correlation matrix (outcome first) of complete data columns.
inline std::vector<double> CorrelationMatrix(const std::vector<std::vector<double>>& columns) {
  const std::size_t p = columns.size();
  std::vector<double> corr(p * p, 1.0);
  for (std::size_t a = 0; a < p; ++a) {
    for (std::size_t b = 0; b < a; ++b) {
      corr[a * p + b] = corr[b * p + a] = PairwiseCorrelation(columns[a], columns[b]);
    }
  }
  return corr;
}

}  // namespace nazar::drivers::testing
