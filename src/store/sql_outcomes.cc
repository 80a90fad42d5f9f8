// The outcomes area over SQL: the organisation's currency, transactions, costs, customer-value
// fits and scores. Its tables are its own (migrations 18 and 22).
#include <algorithm>
#include <climits>
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

// Scores are written this many rows to a statement (11 values each: well under both
// backends' limits on parameters).
constexpr size_t kScoresPerInsert = 200;

// "" is stored as NULL so that transactions without a reference never collide.
Value OptText(const std::string& text) { return text.empty() ? Value(std::monostate{}) : Value(text); }

OutcomeSettings SettingsFrom(const Row& r) {
  return OutcomeSettings{.org_id = OrgId{r.Int(0)},
                         .currency = r.Text(1),
                         .minor_digits = static_cast<int>(r.Int(2)),
                         .updated_ms = r.Int(3)};
}
const Table<OutcomeSettings> kSettings{"outcome_settings",
                                       "org_id, currency, minor_digits, updated_ms", SettingsFrom,
                                       "outcome settings"};

CustomerTransaction TransactionFrom(const Row& r) {
  return CustomerTransaction{.id = r.Int(0),
                             .org_id = OrgId{r.Int(1)},
                             .contact_id = r.Int(2),
                             .occurred_ms = r.Int(3),
                             .amount = r.Int(4),
                             .reference = r.IsNull(5) ? "" : r.Text(5),
                             .product = r.Text(6),
                             .category = r.Text(7),
                             .channel = r.Text(8),
                             .created_ms = r.Int(9)};
}
const Table<CustomerTransaction> kTransactions{
    "customer_transactions",
    "id, org_id, contact_id, occurred_ms, amount, reference, product, category, channel, "
    "created_ms",
    TransactionFrom, "transaction"};

AcquisitionCost AcquisitionFrom(const Row& r) {
  return AcquisitionCost{.id = r.Int(0),
                         .org_id = OrgId{r.Int(1)},
                         .channel = r.Text(2),
                         .month = r.Text(3),
                         .amount = r.Int(4),
                         .created_ms = r.Int(5),
                         .updated_ms = r.Int(6)};
}
const Table<AcquisitionCost> kAcquisition{
    "acquisition_costs", "id, org_id, channel, month, amount, created_ms, updated_ms",
    AcquisitionFrom, "acquisition cost"};

ServeCost ServeFrom(const Row& r) {
  return ServeCost{.id = r.Int(0),
                   .org_id = OrgId{r.Int(1)},
                   .touchpoint = r.Text(2),
                   .amount = r.Int(3),
                   .created_ms = r.Int(4),
                   .updated_ms = r.Int(5)};
}
const Table<ServeCost> kServe{"serve_costs", "id, org_id, touchpoint, amount, created_ms, updated_ms",
                              ServeFrom, "cost to serve"};

OutcomeFit FitFrom(const Row& r) {
  return OutcomeFit{.id = r.Int(0),
                    .org_id = OrgId{r.Int(1)},
                    .fitted_ms = r.Int(2),
                    .calibration_end = r.Text(3),
                    .status = r.Text(4),
                    .purchase_model = r.Text(5),
                    .purchases = r.Text(6),
                    .spend = r.Text(7),
                    .message = r.Text(8),
                    .horizon_weeks = r.Real(9),
                    .discount_rate = r.Real(10),
                    .customers = r.Int(11),
                    .transactions = r.Int(12),
                    .summary = r.Text(13)};
}
const Table<OutcomeFit> kFits{
    "outcome_fits",
    "id, org_id, fitted_ms, calibration_end, status, purchase_model, purchases, spend, message, "
    "horizon_weeks, discount_rate, customers, transactions, summary",
    FitFrom, "fit"};

CustomerScore ScoreFrom(const Row& r) {
  return CustomerScore{.org_id = OrgId{r.Int(0)},
                       .contact_id = r.Int(1),
                       .fit_id = r.Int(2),
                       .frequency = r.Int(3),
                       .recency = r.Real(4),
                       .age = r.Real(5),
                       .monetary_value = r.Real(6),
                       .p_alive = r.Real(7),
                       .expected_purchases = r.Real(8),
                       .expected_spend = r.Real(9),
                       .clv = r.Real(10)};
}
constexpr std::string_view kScoreCols =
    "org_id, contact_id, fit_id, frequency, recency, age, monetary_value, p_alive, "
    "expected_purchases, expected_spend, clv";
constexpr size_t kScoreColCount = 11;
const Table<CustomerScore> kScores{"customer_scores", kScoreCols, ScoreFrom, "score"};

class SqlOutcomes final : public OutcomesStore {
 public:
  explicit SqlOutcomes(Kit kit) : kit_(kit) {}

  Result<OutcomeSettings> GetSettings(OrgId org) override {
    auto got = kit_.Get(kSettings, "org_id = ?", {org.value});
    if (!got && got.error().code == ErrorCode::kNotFound) return OutcomeSettings{.org_id = org};
    return got;
  }

  Result<OutcomeSettings> PutSettings(const OutcomeSettings& s) override {
    return One<OutcomeSettings>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO outcome_settings (org_id, currency, minor_digits, "
                                   "updated_ms) VALUES (?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE "
                                   "SET currency = excluded.currency, minor_digits = "
                                   "excluded.minor_digits, updated_ms = excluded.updated_ms "
                                   "RETURNING {}",
                                   kSettings.columns),
                       {s.org_id.value, s.currency, int64_t{s.minor_digits}, s.updated_ms}),
            "organisation"),
        kSettings.map, kSettings.what);
  }

  // --- transactions ---

  Result<InsertedTransaction> InsertTransaction(const CustomerTransaction& t) override {
    return kit_.Run(true, [&](Connection& c) -> Result<InsertedTransaction> {
      TRY_ASSIGN(Rows rows,
                 ParentMissingIsNotFound(
                     c.Query(fmt::format("INSERT INTO customer_transactions (org_id, contact_id, "
                                         "occurred_ms, amount, reference, product, category, "
                                         "channel, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                         "ON CONFLICT (org_id, reference) DO NOTHING RETURNING {}",
                                         kTransactions.columns),
                             {t.org_id.value, t.contact_id, t.occurred_ms, t.amount,
                              OptText(t.reference), t.product, t.category, t.channel,
                              t.created_ms}),
                     "contact"));
      if (!rows.empty()) return InsertedTransaction{kTransactions.map(rows.front()), true};
      TRY_ASSIGN(CustomerTransaction first,
                 Get(c, kTransactions, "org_id = ? AND reference = ?",
                     {t.org_id.value, t.reference}));
      return InsertedTransaction{std::move(first), false};
    });
  }

  Result<CustomerTransaction> GetTransaction(OrgId org, int64_t id) override {
    return kit_.Get(kTransactions, "org_id = ? AND id = ?", {org.value, id});
  }

  Result<Page<CustomerTransaction>> ListTransactions(OrgId org, const TransactionQuery& q) override {
    Params params{org.value};
    std::string where = "org_id = ?";
    if (q.contact_id) {
      where += " AND contact_id = ?";
      params.push_back(*q.contact_id);
    }
    if (q.from_ms) {
      where += " AND occurred_ms >= ?";
      params.push_back(*q.from_ms);
    }
    if (q.to_ms) {
      where += " AND occurred_ms < ?";
      params.push_back(*q.to_ms);
    }
    where += " AND id > ? ORDER BY id LIMIT ?";
    params.push_back(q.after.value_or(0));
    return kit_.ListPage(kTransactions, where, std::move(params), ClampLimit(q.limit));
  }

  Result<int64_t> CountTransactions(OrgId org) override {
    return FirstInt(kit_.Query("SELECT COUNT(*) FROM customer_transactions WHERE org_id = ?",
                               {org.value}));
  }

  // --- costs ---

  Result<AcquisitionCost> PutAcquisitionCost(const AcquisitionCost& a) override {
    return One<AcquisitionCost>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO acquisition_costs (org_id, channel, month, amount, "
                                   "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                                   "(org_id, channel, month) DO UPDATE SET amount = "
                                   "excluded.amount, updated_ms = excluded.updated_ms RETURNING {}",
                                   kAcquisition.columns),
                       {a.org_id.value, a.channel, a.month, a.amount, a.created_ms, a.updated_ms}),
            "organisation"),
        kAcquisition.map, kAcquisition.what);
  }

  Result<std::vector<AcquisitionCost>> ListAcquisitionCosts(OrgId org) override {
    return kit_.List(kAcquisition, "org_id = ? ORDER BY month, channel", {org.value});
  }

  Result<void> DeleteAcquisitionCost(OrgId org, int64_t id) override {
    return OneChanged(
        kit_.Execute("DELETE FROM acquisition_costs WHERE org_id = ? AND id = ?", {org.value, id}),
        kAcquisition.what);
  }

  Result<ServeCost> PutServeCost(const ServeCost& s) override {
    return One<ServeCost>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO serve_costs (org_id, touchpoint, amount, "
                                   "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                                   "(org_id, touchpoint) DO UPDATE SET amount = excluded.amount, "
                                   "updated_ms = excluded.updated_ms RETURNING {}",
                                   kServe.columns),
                       {s.org_id.value, s.touchpoint, s.amount, s.created_ms, s.updated_ms}),
            "organisation"),
        kServe.map, kServe.what);
  }

  Result<std::vector<ServeCost>> ListServeCosts(OrgId org) override {
    return kit_.List(kServe, "org_id = ? ORDER BY touchpoint", {org.value});
  }

  Result<void> DeleteServeCost(OrgId org, int64_t id) override {
    return OneChanged(
        kit_.Execute("DELETE FROM serve_costs WHERE org_id = ? AND id = ?", {org.value, id}),
        kServe.what);
  }

  // --- fits and scores ---

  Result<OutcomeFit> SaveFit(const OutcomeFit& f, const std::vector<CustomerScore>& scores) override {
    return kit_.Run(true, [&](Connection& c) -> Result<OutcomeFit> {
      TRY_ASSIGN(OutcomeFit saved,
                 One<OutcomeFit>(
                     ParentMissingIsNotFound(
                         c.Query(fmt::format("INSERT INTO outcome_fits (org_id, fitted_ms, "
                                             "calibration_end, status, purchase_model, purchases, "
                                             "spend, message, horizon_weeks, discount_rate, "
                                             "customers, transactions, summary) VALUES (?, ?, ?, ?, "
                                             "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {}",
                                             kFits.columns),
                                 {f.org_id.value, f.fitted_ms, f.calibration_end, f.status,
                                  f.purchase_model, f.purchases, f.spend, f.message,
                                  f.horizon_weeks, f.discount_rate, f.customers, f.transactions,
                                  f.summary}),
                         "organisation"),
                     kFits.map, kFits.what));
      if (saved.status != "converged") return saved;
      TRY(c.Execute("DELETE FROM customer_scores WHERE org_id = ?", {f.org_id.value}));
      for (size_t start = 0; start < scores.size(); start += kScoresPerInsert) {
        const size_t n = std::min(kScoresPerInsert, scores.size() - start);
        std::string values;
        Params params;
        params.reserve(n * kScoreColCount);
        for (size_t i = start; i < start + n; ++i) {
          const CustomerScore& s = scores[i];
          if (!values.empty()) values += ", ";
          values += "(" + Placeholders(kScoreColCount) + ")";
          params.insert(params.end(),
                        {f.org_id.value, s.contact_id, saved.id, s.frequency, s.recency, s.age,
                         s.monetary_value, s.p_alive, s.expected_purchases, s.expected_spend,
                         s.clv});
        }
        TRY(ParentMissingIsNotFound(
            c.Execute(fmt::format("INSERT INTO customer_scores ({}) VALUES {}", kScoreCols, values),
                      params),
            "contact"));
      }
      return saved;
    });
  }

  Result<OutcomeFit> LatestFit(OrgId org) override {
    return kit_.Get(kFits, "org_id = ? ORDER BY id DESC LIMIT 1", {org.value});
  }

  Result<OutcomeFit> LatestConvergedFit(OrgId org) override {
    return kit_.Get(kFits, "org_id = ? AND status = 'converged' ORDER BY id DESC LIMIT 1",
                    {org.value});
  }

  Result<std::vector<OutcomeFit>> ListFits(OrgId org, int limit) override {
    return kit_.List(kFits, "org_id = ? ORDER BY id DESC LIMIT ?",
                     {org.value, int64_t{ClampLimit(limit)}});
  }

  Result<Page<CustomerScore>> ListScores(OrgId org, const ScoreQuery& q) override {
    return kit_.ListPage(kScores, "org_id = ? AND contact_id > ? ORDER BY contact_id LIMIT ?",
                         {org.value, q.after.value_or(0)}, ClampLimit(q.limit),
                         [](const CustomerScore& s) { return s.contact_id; });
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<OutcomesStore> NewOutcomesArea(Kit kit) { return std::make_unique<SqlOutcomes>(kit); }

}  // namespace nazar::sql
