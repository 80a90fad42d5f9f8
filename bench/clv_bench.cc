// Times BG/NBD + Gamma-Gamma fitting and per-customer scoring (probability alive, expected
// purchases and spend, discounted CLV) in one thread, for bench/clv.sh. Either on a CDNOW
// transactions file (--cdnow FILE: the summary at --calibration-end is timed too) or on
// customers simulated from known parameters (--simulate N), whose recovery it checks (each
// estimate within 3 standard errors of the truth). Writes the summary it fitted (--summary-out)
// and every customer's scores (--scores-out) for the reference to recompute and compare.
// Prints one JSON object.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "outcomes/bgnbd.h"
#include "outcomes/gamma_gamma.h"
#include "outcomes/simulate.h"
#include "outcomes/transactions.h"
#include "outcomes/value.h"

namespace {

using namespace nazar::outcomes;
using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

const BgNbdParams kTruthBgNbd{0.243, 4.414, 0.793, 2.426};
const GammaGammaParams kTruthSpend{6.25, 3.74, 15.44};

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU seconds of this process: on a shared machine, waiting for a core does not count.
double CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int Fail(const std::string& message) {
  std::cerr << "clv_bench: " << message << "\n";
  return 1;
}

// One line per item: `line(item)` gives its four numbers.
template <typename T, typename Line>
void WriteCsv(const std::string& path, const char* header, const std::vector<T>& items, Line line) {
  std::ofstream out(path);
  std::string buffer = header;
  for (const auto& item : items) {
    auto [a, b, c, d] = line(item);
    fmt::format_to(std::back_inserter(buffer), "{:.17g},{:.17g},{:.17g},{:.17g}\n", a, b, c, d);
  }
  out << buffer;
}

Json Recovery(const std::vector<std::pair<std::string, std::array<double, 3>>>& rows) {
  Json out = Json::object();
  bool all = true;
  for (const auto& [name, v] : rows) {  // estimate, se, truth
    const double z = (v[0] - v[2]) / v[1];
    out[name] = {{"truth", v[2]}, {"estimate", v[0]}, {"se", v[1]}, {"z", z}};
    all = all && std::abs(z) < 3;
  }
  out["within_3_se"] = all;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string cdnow, calibration_end = "1997-09-30", summary_out, scores_out;
  size_t simulate = 0;
  uint64_t seed = 2026;
  int reps = 1;
  ValueOptions value{.horizon_weeks = 52, .annual_discount_rate = 0.1, .period_weeks = 4};
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], arg = argv[i + 1];
    if (flag == "--cdnow") cdnow = arg;
    else if (flag == "--calibration-end") calibration_end = arg;
    else if (flag == "--simulate") simulate = std::stoul(arg);
    else if (flag == "--seed") seed = std::stoull(arg);
    else if (flag == "--reps") reps = std::stoi(arg);
    else if (flag == "--summary-out") summary_out = arg;
    else if (flag == "--scores-out") scores_out = arg;
    else return Fail("unknown flag " + flag);
  }
  Json out = Json::object();
  std::vector<CustomerSummary> customers;
  if (!cdnow.empty()) {
    std::ifstream in(cdnow);
    auto transactions = ReadCdnowTransactions(in);
    if (!transactions) return Fail(transactions.error().ToString());
    auto t0 = Clock::now();
    auto summary = Summarize(*transactions, *ParseDay(calibration_end, "calibration_end"));
    if (!summary) return Fail(summary.error().ToString());
    out["data"] = "cdnow";
    out["transactions"] = transactions->size();
    out["summary_s"] = Since(t0);
    customers = std::move(*summary);
  } else {
    auto t0 = Clock::now();
    customers = SimulateBgNbd(kTruthBgNbd, kTruthSpend, {.customers = simulate, .seed = seed});
    out["data"] = "simulated";
    out["seed"] = seed;
    out["simulate_s"] = Since(t0);
  }
  out["customers"] = customers.size();

  std::vector<double> fit_s, gg_s, score_s, cpu_s;
  BgNbdFit purchases;
  GammaGammaFit spend;
  std::vector<CustomerValue> values;
  for (int rep = 0; rep < reps; ++rep) {
    const double cpu0 = CpuNow();
    auto t0 = Clock::now();
    auto f = FitBgNbd(customers);
    fit_s.push_back(Since(t0));
    if (!f) return Fail(f.error().ToString());
    auto t1 = Clock::now();
    auto g = FitGammaGamma(customers);
    gg_s.push_back(Since(t1));
    if (!g) return Fail(g.error().ToString());
    auto t2 = Clock::now();
    values = ValueWithBgNbd(f->params, g->params, customers, value);
    score_s.push_back(Since(t2));
    cpu_s.push_back(CpuNow() - cpu0);
    purchases = *f, spend = *g;
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const auto& p = purchases.params;
  const auto& s = purchases.se;
  out["bgnbd"] = {{"params", {{"r", p.r}, {"alpha", p.alpha}, {"a", p.a}, {"b", p.b}}},
                  {"se", {{"r", s.r}, {"alpha", s.alpha}, {"a", s.a}, {"b", s.b}}},
                  {"log_likelihood", purchases.log_likelihood},
                  {"iterations", purchases.diagnostics.iterations},
                  {"evaluations", purchases.diagnostics.evaluations}};
  const auto& q = spend.params;
  out["gg"] = {{"params", {{"p", q.p}, {"q", q.q}, {"gamma", q.gamma}}},
               {"se", {{"p", spend.se.p}, {"q", spend.se.q}, {"gamma", spend.se.gamma}}},
               {"log_likelihood", spend.log_likelihood},
               {"customers", spend.customers}};
  double clv = 0;
  for (const auto& v : values) clv += v.clv;
  out["clv_total"] = clv;
  out["value"] = {{"horizon_weeks", value.horizon_weeks},
                  {"annual_discount_rate", value.annual_discount_rate},
                  {"period_weeks", value.period_weeks}};
  out["times_s"] = {{"bgnbd_fit", fit_s}, {"gg_fit", gg_s}, {"scoring", score_s}, {"cpu_total", cpu_s}};
  out["median_cpu_s"] = median(cpu_s);
  const double total = median(fit_s) + median(gg_s) + median(score_s);
  out["median_s"] = {{"bgnbd_fit", median(fit_s)},
                     {"gg_fit", median(gg_s)},
                     {"scoring", median(score_s)},
                     {"total", total}};
  if (simulate > 0) {
    out["recovery"] = Recovery({{"r", {p.r, s.r, kTruthBgNbd.r}},
                                {"alpha", {p.alpha, s.alpha, kTruthBgNbd.alpha}},
                                {"a", {p.a, s.a, kTruthBgNbd.a}},
                                {"b", {p.b, s.b, kTruthBgNbd.b}},
                                {"p", {q.p, spend.se.p, kTruthSpend.p}},
                                {"q", {q.q, spend.se.q, kTruthSpend.q}},
                                {"gamma", {q.gamma, spend.se.gamma, kTruthSpend.gamma}}});
  }
  if (!summary_out.empty()) {
    WriteCsv(summary_out, "frequency,recency,T,monetary_value\n", customers,
             [](const CustomerSummary& c) {
               return std::array<double, 4>{double(c.frequency), c.recency, c.age, c.monetary_value};
             });
  }
  if (!scores_out.empty()) {
    WriteCsv(scores_out, "p_alive,expected_purchases,expected_spend,clv\n", values,
             [](const CustomerValue& v) {
               return std::array<double, 4>{v.p_alive, v.expected_purchases, v.expected_spend, v.clv};
             });
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}
