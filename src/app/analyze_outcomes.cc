// `nazar analyze clv`: what customers are worth, from a file of transactions. Summarises the
// transactions up to the calibration end (RFM), fits BG/NBD, Pareto/NBD or Gamma-Gamma by
// maximum likelihood and prints the fit (`--json`: {"model", "customers", "params", "se",
// "log_likelihood", …}); with --out, writes each customer's probability alive, expected
// purchases and spend over the horizon and discounted CLV (purchase models, with a
// Gamma-Gamma fit for spend) or expected spend (gg) as CSV. Bad input exits 2 naming the flag
// or the line; a fit that does not converge exits 1 with its diagnostics.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/analyze.h"
#include "app/progress.h"
#include "core/csv.h"
#include "core/try.h"
#include "outcomes/bgnbd.h"
#include "outcomes/gamma_gamma.h"
#include "outcomes/pareto_nbd.h"
#include "outcomes/transactions.h"
#include "outcomes/value.h"

namespace nazar::app {
namespace {

using OrderedJson = nlohmann::ordered_json;

// Fits over more customers than this draw a progress bar on a terminal.
constexpr size_t kProgressFromCustomers = 100000;

struct ClvOptions {
  std::string transactions, format = "csv", calibration_end, model = "bgnbd";
  std::string horizon_weeks = "52", discount_rate = "0";
  std::string out;
  bool json = false;
};

struct Fitted {
  OrderedJson report;
  std::vector<outcomes::CustomerValue> values;  // empty for gg
};

Result<std::vector<outcomes::Transaction>> ReadTransactions(const ClvOptions& o) {
  std::ifstream file(o.transactions, std::ios::binary);
  if (!file) return Fail(Error::InvalidArgument("cannot open " + o.transactions, "--transactions"));
  if (o.format == "cdnow") return outcomes::ReadCdnowTransactions(file);
  TRY_ASSIGN(auto reader, CsvReader::Open(file));
  auto read = outcomes::ReadCsvTransactions(reader);
  if (!read && !read.error().field.starts_with("line ")) {
    Error e = read.error();  // a missing column
    e.message += " (the CSV has the header customer_id,date,amount)";
    e.field = "--transactions";
    return Fail(e);
  }
  return read;
}

OrderedJson Named(const std::vector<std::string>& names, const std::vector<double>& values) {
  OrderedJson out = OrderedJson::object();
  for (size_t i = 0; i < names.size(); ++i) out[names[i]] = values[i];
  return out;
}

OrderedJson FitJson(std::string_view model, size_t customers, const std::vector<std::string>& names,
                    const std::vector<double>& params, const std::vector<double>& se, double ll,
                    const outcomes::FitDiagnostics& d) {
  return {{"model", model},
          {"customers", customers},
          {"params", Named(names, params)},
          {"se", Named(names, se)},
          {"log_likelihood", ll},
          {"iterations", d.iterations}};
}

OrderedJson SpendJson(const outcomes::GammaGammaFit& g) {
  return FitJson("gg", g.customers, {"p", "q", "gamma"}, {g.params.p, g.params.q, g.params.gamma},
                 {g.se.p, g.se.q, g.se.gamma}, g.log_likelihood, g.diagnostics);
}

Result<Fitted> Fit(const ClvOptions& o, const std::vector<outcomes::CustomerSummary>& customers,
                   const outcomes::ValueOptions& value, const outcomes::FitOptions& fit) {
  Fitted out;
  TRY_ASSIGN(outcomes::GammaGammaFit spend, outcomes::FitGammaGamma(customers, fit));
  if (o.model == "gg") {
    out.report = SpendJson(spend);
    out.report["mean_spend"] = outcomes::GammaGammaMeanSpend(spend.params);
    return out;
  }
  if (o.model == "pareto") {
    TRY_ASSIGN(outcomes::ParetoNbdFit f, outcomes::FitParetoNbd(customers, fit));
    out.report = FitJson("pareto", f.customers, {"r", "alpha", "s", "beta"},
                         {f.params.r, f.params.alpha, f.params.s, f.params.beta},
                         {f.se.r, f.se.alpha, f.se.s, f.se.beta}, f.log_likelihood, f.diagnostics);
    out.values = outcomes::ValueWithParetoNbd(f.params, spend.params, customers, value);
  } else {
    TRY_ASSIGN(outcomes::BgNbdFit f, outcomes::FitBgNbd(customers, fit));
    out.report = FitJson("bgnbd", f.customers, {"r", "alpha", "a", "b"},
                         {f.params.r, f.params.alpha, f.params.a, f.params.b},
                         {f.se.r, f.se.alpha, f.se.a, f.se.b}, f.log_likelihood, f.diagnostics);
    out.values = outcomes::ValueWithBgNbd(f.params, spend.params, customers, value);
  }
  out.report["spend"] = SpendJson(spend);
  double clv = 0, purchases = 0;
  for (const auto& v : out.values) clv += v.clv, purchases += v.expected_purchases;
  out.report["horizon_weeks"] = value.horizon_weeks;
  out.report["discount_rate"] = value.annual_discount_rate;
  out.report["expected_purchases"] = purchases;
  out.report["clv_total"] = clv;
  return out;
}

Result<void> WriteCustomers(const std::string& path, const ClvOptions& o,
                            const std::vector<outcomes::CustomerSummary>& customers,
                            const Fitted& fitted, const outcomes::GammaGammaParams& spend) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(Error::InvalidArgument("cannot write " + path, "--out"));
  std::string buffer;
  auto it = std::back_inserter(buffer);
  if (o.model == "gg") {
    buffer += "customer_id,frequency,monetary_value,expected_spend\n";
  } else {
    buffer += "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,"
              "expected_spend,clv\n";
  }
  for (size_t i = 0; i < customers.size(); ++i) {
    const auto& c = customers[i];
    // Ids come from the input: quoted when they hold a comma, quote or line break.
    std::string id = c.customer;
    if (id.find_first_of(",\"\r\n") != std::string::npos) {
      std::string quoted = "\"";
      for (char ch : id) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      id = quoted + "\"";
    }
    if (o.model == "gg") {
      fmt::format_to(it, "{},{},{:.6g},{:.6g}\n", id, c.frequency, c.monetary_value,
                     outcomes::GammaGammaExpectedSpend(spend, c.frequency, c.monetary_value));
    } else {
      const auto& v = fitted.values[i];
      fmt::format_to(it, "{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g}\n", id,
                     c.frequency, c.recency, c.age, c.monetary_value, v.p_alive,
                     v.expected_purchases, v.expected_spend, v.clv);
    }
    if (buffer.size() > (1u << 20)) out << buffer, buffer.clear();
  }
  out << buffer;
  out.flush();
  if (!out) return Fail(Error::Unavailable("writing " + path + " failed"));
  return {};
}

void PrintTable(const OrderedJson& r) {
  auto params = [](const OrderedJson& fit) {
    std::string out;
    for (auto it = fit["params"].begin(); it != fit["params"].end(); ++it) {
      out += fmt::format("  {:<6} {:>12.6f}  (se {:.6f})\n", it.key(), it.value().get<double>(),
                         fit["se"][it.key()].get<double>());
    }
    return out;
  };
  std::cout << fmt::format("{} on {} customers, log-likelihood {:.3f}\n{}",
                           r["model"].get<std::string>(), r["customers"].get<size_t>(),
                           r["log_likelihood"].get<double>(), params(r));
  if (r.contains("spend")) {
    const auto& s = r["spend"];
    std::cout << fmt::format("spend (gamma-gamma) on {} repeat buyers, log-likelihood {:.3f}\n{}",
                             s["customers"].get<size_t>(), s["log_likelihood"].get<double>(),
                             params(s));
    std::cout << fmt::format("over {} weeks: {:.1f} purchases expected, CLV {:.2f} in all\n",
                             r["horizon_weeks"].get<double>(), r["expected_purchases"].get<double>(),
                             r["clv_total"].get<double>());
  }
}

Result<OrderedJson> Analyze(const ClvOptions& o) {
  if (o.format != "csv" && o.format != "cdnow") {
    return Fail(Error::InvalidArgument("the format is csv or cdnow", "--format"));
  }
  if (o.model != "bgnbd" && o.model != "pareto" && o.model != "gg") {
    return Fail(Error::InvalidArgument("the model is bgnbd, pareto or gg", "--model"));
  }
  outcomes::ValueOptions value;
  TRY_ASSIGN(value.horizon_weeks, ParseNumberFlag(o.horizon_weeks, "--horizon-weeks"));
  TRY_ASSIGN(value.annual_discount_rate, ParseNumberFlag(o.discount_rate, "--discount-rate"));
  if (auto ok = outcomes::CheckValueOptions(value); !ok) return Fail(AsFlag(ok.error()));
  auto end = outcomes::ParseDay(o.calibration_end, "--calibration-end");
  if (!end) return Fail(end.error());
  TRY_ASSIGN(auto transactions, ReadTransactions(o));
  auto customers = outcomes::Summarize(transactions, *end);
  if (!customers) return Fail(AsFlag(customers.error()));
  transactions = {};

  outcomes::FitOptions fit;
  std::optional<ProgressBar> bar;
  int iterations = 0;
  if (customers->size() >= kProgressFromCustomers && isatty(STDERR_FILENO) != 0) {
    bar.emplace("fitting (iterations)", 0);
    // Iterations of both fits (spend, then purchases), counted together.
    fit.progress = [&](int, double) { bar->Update(++iterations); };
  }
  auto fitted = Fit(o, *customers, value, fit);
  if (bar) bar->Finish(iterations);
  if (!fitted) return Fail(fitted.error());
  if (!o.out.empty()) {
    const auto& s = fitted->report.contains("spend") ? fitted->report["spend"] : fitted->report;
    outcomes::GammaGammaParams spend{s["params"]["p"], s["params"]["q"], s["params"]["gamma"]};
    TRY(WriteCustomers(o.out, o, *customers, *fitted, spend));
  }
  return fitted->report;
}

int RunClv(const ClvOptions& o) {
  auto report = Analyze(o);
  if (!report) return ReportAnalyzeError(report.error());
  if (o.json) {
    std::cout << report->dump() << "\n";
  } else {
    PrintTable(*report);
  }
  return 0;
}

}  // namespace

void AddOutcomesAnalyzeCommands(CLI::App& analyze, AnalyzeRunner& chosen) {
  auto o = std::make_shared<ClvOptions>();
  auto* clv = analyze.add_subcommand(
      "clv", "Customer lifetime value from transactions: BG/NBD, Pareto/NBD or Gamma-Gamma");
  clv->add_option("--transactions", o->transactions,
                  "The transactions: CSV with customer_id,date,amount, or a CDNOW file")
      ->required();
  clv->add_option("--format", o->format, "csv or cdnow")->capture_default_str();
  clv->add_option("--calibration-end", o->calibration_end,
                  "Last day of the calibration window, YYYY-MM-DD (later transactions are left "
                  "out)")
      ->required();
  clv->add_option("--model", o->model, "bgnbd, pareto or gg")->capture_default_str();
  clv->add_option("--horizon-weeks", o->horizon_weeks, "Weeks ahead to value")
      ->capture_default_str();
  clv->add_option("--discount-rate", o->discount_rate, "Yearly discount rate (0.1 for 10%)")
      ->capture_default_str();
  clv->add_option("--out", o->out, "Write each customer's results here (CSV)");
  clv->add_flag("--json", o->json, "Print JSON");
  clv->callback([o, &chosen] { chosen = [o] { return RunClv(*o); }; });
}

}  // namespace nazar::app
