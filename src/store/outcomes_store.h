// The outcomes area of the store: what customers bring in and cost (issue 16). Each
// organisation's currency, its customers' transactions, acquisition spend by channel and
// month, cost-to-serve rates per touchpoint, and the customer-value fits with each customer's
// scores. store.h has the rules every area keeps; outcomes/service.h gives the rows their
// meaning and checks what arrives.
//
// Money is an integer in the currency's minor unit (rials for IRR, whose minor digits are 0;
// cents for EUR with 2): no rounding ever happens in storage, and sums are exact.
// Transactions, scores and an erased contact: a contact's transactions and score go with it
// (ON DELETE CASCADE on the contact).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "store/records.h"

namespace nazar {

// The organisation's money settings: one row, defaults (IRR, 0 minor digits) when never
// written.
struct OutcomeSettings {
  OrgId org_id;
  std::string currency = "IRR";  // ISO 4217
  int minor_digits = 0;          // amounts are in units of 10^-minor_digits of the currency
  int64_t updated_ms = 0;
};

struct CustomerTransaction {
  int64_t id = 0;
  OrgId org_id;
  int64_t contact_id = 0;
  int64_t occurred_ms = 0;
  int64_t amount = 0;     // minor units, >= 0
  std::string reference;  // the sender's id, unique per organisation; "" none
  std::string product;
  std::string category;
  std::string channel;
  int64_t created_ms = 0;
};

struct TransactionQuery {
  std::optional<int64_t> contact_id;
  std::optional<int64_t> from_ms;  // occurred at or after
  std::optional<int64_t> to_ms;    // occurred before
  std::optional<int64_t> after;    // cursor: id (id order)
  int limit = 100;
};

// Acquisition spend of one channel in one month ("2026-03"), unique per (channel, month).
struct AcquisitionCost {
  int64_t id = 0;
  OrgId org_id;
  std::string channel;
  std::string month;   // "YYYY-MM"
  int64_t amount = 0;  // minor units
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// What one interaction at a touchpoint costs to serve ("call": 40,000 rials), unique per
// touchpoint key.
struct ServeCost {
  int64_t id = 0;
  OrgId org_id;
  std::string touchpoint;
  int64_t amount = 0;  // minor units per interaction
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// One refit of the customer-value models on the organisation's transactions. `purchases` and
// `spend` are JSON objects ({"params", "se", "log_likelihood", "customers", "diagnostics"});
// a fit that failed keeps what is known and says why in `message`.
struct OutcomeFit {
  int64_t id = 0;
  OrgId org_id;
  int64_t fitted_ms = 0;
  std::string calibration_end;    // "YYYY-MM-DD" (UTC day), inclusive
  std::string status = "converged";  // "converged" or "failed"
  std::string purchase_model = "bgnbd";
  std::string purchases = "{}";
  std::string spend = "{}";
  std::string message;
  double horizon_weeks = 52;
  double discount_rate = 0;
  int64_t customers = 0;
  int64_t transactions = 0;
  // JSON: what the fit said of the customer base, {"customers", "clv_mean", "clv_sd",
  // "churn_mean", "churn_sd"} (minor units; churn 0..1); "{}" for a failed fit or one older
  // than migration 22.
  std::string summary = "{}";
};

// One customer's value from a fit (the latest converged one: a refit replaces them all).
struct CustomerScore {
  OrgId org_id;
  int64_t contact_id = 0;
  int64_t fit_id = 0;
  int64_t frequency = 0;
  double recency = 0;  // weeks
  double age = 0;      // weeks
  double monetary_value = 0;  // minor units, mean repeat purchase day
  double p_alive = 0;
  double expected_purchases = 0;
  double expected_spend = 0;  // minor units per purchase
  double clv = 0;             // minor units, discounted over the fit's horizon
};

struct ScoreQuery {
  std::optional<int64_t> after;  // cursor: contact id (contact id order)
  int limit = 100;
};

class OutcomesStore {
 public:
  virtual ~OutcomesStore() = default;

  virtual Result<OutcomeSettings> GetSettings(OrgId org) = 0;
  virtual Result<OutcomeSettings> PutSettings(const OutcomeSettings& settings) = 0;

  // --- transactions --------------------------------------------------------------------------
  struct InsertedTransaction {
    CustomerTransaction transaction;
    bool inserted = true;
  };
  // With a reference the organisation already used nothing is written and the first
  // transaction is returned with `inserted` false (retries and re-imports). NotFound for a
  // contact not the organisation's.
  virtual Result<InsertedTransaction> InsertTransaction(const CustomerTransaction& t) = 0;
  virtual Result<CustomerTransaction> GetTransaction(OrgId org, int64_t id) = 0;
  virtual Result<Page<CustomerTransaction>> ListTransactions(OrgId org,
                                                             const TransactionQuery& query) = 0;
  virtual Result<int64_t> CountTransactions(OrgId org) = 0;

  // --- costs ---------------------------------------------------------------------------------
  // Upserts on (channel, month): the amount is replaced, created_ms kept.
  virtual Result<AcquisitionCost> PutAcquisitionCost(const AcquisitionCost& cost) = 0;
  virtual Result<std::vector<AcquisitionCost>> ListAcquisitionCosts(OrgId org) = 0;  // month, channel
  virtual Result<void> DeleteAcquisitionCost(OrgId org, int64_t id) = 0;
  // Upserts on the touchpoint.
  virtual Result<ServeCost> PutServeCost(const ServeCost& cost) = 0;
  virtual Result<std::vector<ServeCost>> ListServeCosts(OrgId org) = 0;  // by touchpoint
  virtual Result<void> DeleteServeCost(OrgId org, int64_t id) = 0;

  // --- fits and scores -----------------------------------------------------------------------
  // Records a fit; a converged one replaces every customer score of the organisation with
  // `scores` (their fit_id set to the new fit), all in one transaction. A failed one leaves
  // the scores of the last good fit in place.
  virtual Result<OutcomeFit> SaveFit(const OutcomeFit& fit,
                                     const std::vector<CustomerScore>& scores) = 0;
  // The newest fit (converged or not); NotFound when there was none.
  virtual Result<OutcomeFit> LatestFit(OrgId org) = 0;
  // The newest converged fit; NotFound when there was none.
  virtual Result<OutcomeFit> LatestConvergedFit(OrgId org) = 0;
  virtual Result<std::vector<OutcomeFit>> ListFits(OrgId org, int limit) = 0;  // newest first
  virtual Result<Page<CustomerScore>> ListScores(OrgId org, const ScoreQuery& query) = 0;
};

}  // namespace nazar
