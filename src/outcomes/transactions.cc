#include "outcomes/transactions.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <string>
#include <unordered_map>

#include "core/try.h"

namespace nazar::outcomes {
namespace {

constexpr double kDaysPerWeek = 7.0;
constexpr int64_t kProgressEvery = 65536;

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
  int value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

// A finite, non-negative amount; the message names the value.
Result<double> ParseAmount(std::string_view text, const std::string& where) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return Fail(Error::InvalidArgument(
        fmt::format("{}: amount \"{}\" is not a number", where, text), where));
  }
  if (value < 0) {
    return Fail(Error::InvalidArgument(
        fmt::format("{}: amount {} is negative (returns are not purchases)", where, text), where));
  }
  return value;
}

Result<Day> ParseDayAt(std::string_view text, const std::string& where) {
  auto day = ParseDay(text, where);
  if (!day) {
    return Fail(Error::InvalidArgument(fmt::format("{}: {}", where, day.error().message), where));
  }
  return day;
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

}  // namespace

Result<Day> ParseDay(std::string_view text, std::string_view field) {
  std::string_view y, m, d;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  } else if (text.size() == 8) {
    y = text.substr(0, 4), m = text.substr(4, 2), d = text.substr(6, 2);
  }
  if (!Digits(y) || !Digits(m) || !Digits(d)) {
    return Fail(Error::InvalidArgument(
        fmt::format("date \"{}\" is not YYYY-MM-DD or YYYYMMDD", text), std::string(field)));
  }
  std::chrono::year_month_day ymd{std::chrono::year(ToInt(y)),
                                  std::chrono::month(static_cast<unsigned>(ToInt(m))),
                                  std::chrono::day(static_cast<unsigned>(ToInt(d)))};
  if (!ymd.ok()) {
    return Fail(Error::InvalidArgument(fmt::format("date \"{}\" does not exist", text),
                                       std::string(field)));
  }
  return static_cast<Day>(std::chrono::sys_days(ymd).time_since_epoch().count());
}

std::string FormatDay(Day day) {
  std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

Result<std::vector<CustomerSummary>> Summarize(const std::vector<Transaction>& transactions,
                                               Day calibration_end) {
  if (transactions.empty()) {
    return Fail(Error::InvalidArgument("there are no transactions", "transactions"));
  }
  Day first_day = transactions.front().day;
  for (const auto& t : transactions) first_day = std::min(first_day, t.day);
  if (calibration_end < first_day) {
    return Fail(Error::InvalidArgument(
        fmt::format("the calibration end {} is before the first transaction ({})",
                    FormatDay(calibration_end), FormatDay(first_day)),
        "calibration_end"));
  }
  // Customers in order of first appearance; each transaction as (customer, day, amount).
  std::unordered_map<std::string_view, uint32_t> index;
  std::vector<std::string_view> names;
  struct Row {
    uint32_t customer;
    Day day;
    double amount;
  };
  std::vector<Row> rows;
  rows.reserve(transactions.size());
  for (const auto& t : transactions) {
    if (t.day > calibration_end) continue;
    auto [it, added] = index.try_emplace(t.customer, static_cast<uint32_t>(names.size()));
    if (added) names.push_back(t.customer);
    rows.push_back({it->second, t.day, t.amount});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.customer != b.customer ? a.customer < b.customer : a.day < b.day;
  });

  std::vector<CustomerSummary> out(names.size());
  for (size_t i = 0; i < rows.size();) {
    const uint32_t c = rows[i].customer;
    const Day first = rows[i].day;
    Day last = first;
    int repeat_days = 0;
    double repeat_amount = 0;
    for (; i < rows.size() && rows[i].customer == c; ++i) {
      if (rows[i].day != last) ++repeat_days, last = rows[i].day;
      if (rows[i].day != first) repeat_amount += rows[i].amount;
    }
    CustomerSummary& s = out[c];
    s.customer = std::string(names[c]);
    s.frequency = repeat_days;
    s.recency = (last - first) / kDaysPerWeek;
    s.age = (calibration_end - first) / kDaysPerWeek;
    s.monetary_value = repeat_days > 0 ? repeat_amount / repeat_days : 0;
  }
  return out;
}

Result<std::vector<Transaction>> ReadCdnowTransactions(std::istream& in,
                                                       const std::function<void()>& progress) {
  std::vector<Transaction> out;
  std::string line;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (progress && number % kProgressEvery == 0) progress();
    auto words = Words(line);
    if (words.empty()) continue;
    const std::string where = fmt::format("line {}", number);
    // The master file's header ("customer_id date number_of_cds dollar_value").
    if (number == 1 && !Digits(words[0])) continue;
    if (words.size() != 4 && words.size() != 5) {
      return Fail(Error::InvalidArgument(
          fmt::format("{}: expected 4 fields (customer, date, CDs, dollars) or 5 (master id, "
                      "sample id, date, CDs, dollars), found {}",
                      where, words.size()),
          where));
    }
    const size_t date_at = words.size() - 3;
    TRY_ASSIGN(Day day, ParseDayAt(words[date_at], where));
    TRY_ASSIGN(double amount, ParseAmount(words.back(), where));
    // The sample names customers by their sample id, as its published summary does; ids
    // are kept as written ("0001").
    out.push_back({std::string(words[date_at - 1]), day, amount});
  }
  if (in.bad()) return Fail(Error::Unavailable("reading the transactions failed"));
  return out;
}

Result<std::vector<Transaction>> ReadCsvTransactions(CsvReader& csv,
                                                     const std::function<void()>& progress) {
  TRY_ASSIGN(size_t customer_col, csv.Column("customer_id"));
  TRY_ASSIGN(size_t date_col, csv.Column("date"));
  TRY_ASSIGN(size_t amount_col, csv.Column("amount"));
  std::vector<Transaction> out;
  CsvRecord row;
  for (int64_t n = 1;; ++n) {
    TRY_ASSIGN(bool more, csv.Next(row));
    if (!more) break;
    if (progress && n % kProgressEvery == 0) progress();
    const std::string where = row.where();
    if (row[customer_col].empty()) {
      return Fail(Error::InvalidArgument(where + ": customer_id is empty", where));
    }
    TRY_ASSIGN(Day day, ParseDayAt(row[date_col], where));
    TRY_ASSIGN(double amount, ParseAmount(row[amount_col], where));
    out.push_back({std::string(row[customer_col]), day, amount});
  }
  return out;
}

}  // namespace nazar::outcomes
