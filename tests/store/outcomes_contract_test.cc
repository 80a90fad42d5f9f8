// The outcomes area: the currency row, transactions idempotent by reference (unique per
// organisation, none colliding without one), costs upserted on their keys, fits recorded and
// a converged one replacing every score; never across organisations; an erased contact takes
// its transactions and score along.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(OutcomesContract);

CustomerTransaction Tx(const InviteWorld& w, int64_t amount, std::string reference = "") {
  return {.org_id = w.org.id, .contact_id = w.contact, .occurred_ms = kT0 + amount,
          .amount = amount, .reference = std::move(reference), .product = "tea",
          .category = "drinks", .channel = "web", .created_ms = kT0};
}

TEST_P(OutcomesContract, SettingsDefaultToRialsAndAreKeptPerOrganisation) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto fresh = s_->outcomes().GetSettings(w.org.id);
  ASSERT_TRUE(fresh.has_value()) << fresh.error().ToString();
  EXPECT_EQ(fresh->currency, "IRR");
  EXPECT_EQ(fresh->minor_digits, 0);
  auto put = s_->outcomes().PutSettings({.org_id = w.org.id, .currency = "EUR", .minor_digits = 2,
                                         .updated_ms = kT0});
  ASSERT_TRUE(put.has_value()) << put.error().ToString();
  EXPECT_EQ(s_->outcomes().GetSettings(w.org.id)->currency, "EUR");
  EXPECT_EQ(s_->outcomes().GetSettings(w.org.id)->minor_digits, 2);
  EXPECT_EQ(s_->outcomes().GetSettings(w.other.id)->currency, "IRR");
}

TEST_P(OutcomesContract, TransactionsAreIdempotentByReference) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto first = s_->outcomes().InsertTransaction(Tx(w, 120'000, "order-1"));
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_TRUE(first->inserted);
  EXPECT_EQ(first->transaction.amount, 120'000);
  EXPECT_EQ(first->transaction.reference, "order-1");
  EXPECT_EQ(first->transaction.category, "drinks");

  auto again = s_->outcomes().InsertTransaction(Tx(w, 999, "order-1"));
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_FALSE(again->inserted);
  EXPECT_EQ(again->transaction.id, first->transaction.id);
  EXPECT_EQ(again->transaction.amount, 120'000) << "the first one stands";

  // Without a reference, every insert is a new transaction.
  EXPECT_TRUE(s_->outcomes().InsertTransaction(Tx(w, 5))->inserted);
  EXPECT_TRUE(s_->outcomes().InsertTransaction(Tx(w, 5))->inserted);
  EXPECT_EQ(*s_->outcomes().CountTransactions(w.org.id), 3);
  // Amounts beyond 32 bits stay exact (rials add up fast).
  auto big = s_->outcomes().InsertTransaction(Tx(w, 9'000'000'000'123, "big"));
  EXPECT_EQ(big->transaction.amount, 9'000'000'000'123);

  // Another organisation may use the same reference, but not this organisation's contact.
  int64_t theirs = s_->journeys().UpsertContact({.org_id = w.other.id, .external_id = "o1",
                                                  .created_ms = kT0, .updated_ms = kT0})->id;
  CustomerTransaction other = Tx(w, 7, "order-1");
  other.org_id = w.other.id;
  other.contact_id = theirs;
  EXPECT_TRUE(s_->outcomes().InsertTransaction(other)->inserted);
  other.contact_id = w.contact;
  other.reference = "order-2";
  auto foreign = s_->outcomes().InsertTransaction(other);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);

  EXPECT_EQ(s_->outcomes().GetTransaction(w.other.id, first->transaction.id).error().code,
            ErrorCode::kNotFound);
  auto page = s_->outcomes().ListTransactions(w.org.id, {.limit = 2});
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, first->transaction.id);
  ASSERT_TRUE(page->next_after.has_value());
  auto rest = s_->outcomes().ListTransactions(w.org.id, {.after = page->next_after, .limit = 10});
  EXPECT_EQ(rest->items.size(), 2u);
  EXPECT_EQ(s_->outcomes().ListTransactions(w.org.id, {.from_ms = kT0 + 100, .limit = 10})->items.size(), 2u);
  EXPECT_EQ(s_->outcomes().ListTransactions(w.other.id, {.limit = 10})->items.size(), 1u);
}

TEST_P(OutcomesContract, CostsAreUpsertedOnTheirKeys) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto a = s_->outcomes().PutAcquisitionCost({.org_id = w.org.id, .channel = "instagram",
                                              .month = "2026-03", .amount = 5'000'000,
                                              .created_ms = kT0, .updated_ms = kT0});
  ASSERT_TRUE(a.has_value()) << a.error().ToString();
  auto b = s_->outcomes().PutAcquisitionCost({.org_id = w.org.id, .channel = "instagram",
                                              .month = "2026-03", .amount = 7'000'000,
                                              .created_ms = kT0 + 9, .updated_ms = kT0 + 9});
  EXPECT_EQ(b->id, a->id);
  EXPECT_EQ(b->amount, 7'000'000);
  EXPECT_EQ(b->created_ms, kT0);
  ASSERT_TRUE(s_->outcomes().PutAcquisitionCost({.org_id = w.org.id, .channel = "billboard",
                                                 .month = "2026-02", .amount = 1}).has_value());
  auto list = s_->outcomes().ListAcquisitionCosts(w.org.id);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].month, "2026-02");
  EXPECT_TRUE(s_->outcomes().ListAcquisitionCosts(w.other.id)->empty());
  EXPECT_EQ(s_->outcomes().DeleteAcquisitionCost(w.other.id, a->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(s_->outcomes().DeleteAcquisitionCost(w.org.id, a->id).has_value());
  EXPECT_EQ(s_->outcomes().ListAcquisitionCosts(w.org.id)->size(), 1u);

  auto call = s_->outcomes().PutServeCost({.org_id = w.org.id, .touchpoint = "call", .amount = 40'000});
  ASSERT_TRUE(call.has_value()) << call.error().ToString();
  EXPECT_EQ(s_->outcomes().PutServeCost({.org_id = w.org.id, .touchpoint = "call", .amount = 45'000})->id,
            call->id);
  EXPECT_EQ(s_->outcomes().ListServeCosts(w.org.id)->front().amount, 45'000);
  EXPECT_EQ(s_->outcomes().DeleteServeCost(w.other.id, call->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(s_->outcomes().DeleteServeCost(w.org.id, call->id).has_value());
  EXPECT_TRUE(s_->outcomes().ListServeCosts(w.org.id)->empty());
}

TEST_P(OutcomesContract, AConvergedFitReplacesTheScoresAFailedOneKeepsThem) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  EXPECT_EQ(s_->outcomes().LatestFit(w.org.id).error().code, ErrorCode::kNotFound);
  std::vector<int64_t> contacts{w.contact};
  for (int i = 2; i <= 450; ++i) {  // more than one insert statement's worth
    contacts.push_back(s_->journeys().UpsertContact({.org_id = w.org.id, .external_id = "c" + std::to_string(i),
                                                     .created_ms = kT0, .updated_ms = kT0})->id);
  }
  std::vector<CustomerScore> scores;
  for (size_t i = 0; i < contacts.size(); ++i) {
    scores.push_back({.contact_id = contacts[i], .frequency = static_cast<int64_t>(i % 7), .recency = 1.5,
                      .age = 30, .monetary_value = 1000, .p_alive = 0.5, .expected_purchases = 2.25,
                      .expected_spend = 900, .clv = 1800.5 + static_cast<double>(i)});
  }
  OutcomeFit fit{.org_id = w.org.id, .fitted_ms = kT0, .calibration_end = "2026-11-30",
                 .purchases = R"({"params":{"r":0.24}})", .spend = R"({"params":{"p":6.25}})",
                 .horizon_weeks = 52, .discount_rate = 0.1, .customers = 450, .transactions = 1200,
                 .summary = R"({"customers":450,"clv_mean":2025.0})"};
  auto saved = s_->outcomes().SaveFit(fit, scores);
  ASSERT_TRUE(saved.has_value()) << saved.error().ToString();
  EXPECT_EQ(saved->purchases, R"({"params":{"r":0.24}})");
  EXPECT_EQ(s_->outcomes().LatestConvergedFit(w.org.id)->summary, R"({"customers":450,"clv_mean":2025.0})");
  EXPECT_DOUBLE_EQ(saved->discount_rate, 0.1);
  auto page = s_->outcomes().ListScores(w.org.id, {.limit = 1000});
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  ASSERT_EQ(page->items.size(), 450u);
  EXPECT_EQ(page->items[0].contact_id, w.contact);
  EXPECT_EQ(page->items[0].fit_id, saved->id);
  EXPECT_DOUBLE_EQ(page->items[449].clv, 1800.5 + 449);
  EXPECT_EQ(page->items[6].frequency, 6);
  auto first = s_->outcomes().ListScores(w.org.id, {.limit = 100});
  EXPECT_EQ(first->next_after, first->items.back().contact_id);

  OutcomeFit failed = fit;
  failed.status = "failed";
  failed.message = "BG/NBD did not converge";
  auto kept = s_->outcomes().SaveFit(failed, {});
  ASSERT_TRUE(kept.has_value()) << kept.error().ToString();
  EXPECT_EQ(s_->outcomes().LatestFit(w.org.id)->status, "failed");
  EXPECT_EQ(s_->outcomes().LatestConvergedFit(w.org.id)->id, saved->id);
  EXPECT_EQ(s_->outcomes().ListScores(w.org.id, {.limit = 1000})->items.size(), 450u);

  auto again = s_->outcomes().SaveFit(fit, {scores[0], scores[1]});
  ASSERT_TRUE(again.has_value());
  auto now = s_->outcomes().ListScores(w.org.id, {.limit = 1000});
  ASSERT_EQ(now->items.size(), 2u);
  EXPECT_EQ(now->items[0].fit_id, again->id);
  EXPECT_EQ(s_->outcomes().ListFits(w.org.id, 10)->size(), 3u);
  EXPECT_TRUE(s_->outcomes().ListFits(w.other.id, 10)->empty());
  EXPECT_TRUE(s_->outcomes().ListScores(w.other.id, {.limit = 10})->items.empty());

  // A score for another organisation's contact is refused, and nothing of the fit is kept.
  int64_t theirs = s_->journeys().UpsertContact({.org_id = w.other.id, .external_id = "o1",
                                                  .created_ms = kT0, .updated_ms = kT0})->id;
  auto foreign = s_->outcomes().SaveFit(fit, {{.contact_id = theirs}});
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(s_->outcomes().ListFits(w.org.id, 10)->size(), 3u);
  EXPECT_EQ(s_->outcomes().ListScores(w.org.id, {.limit = 10})->items.size(), 2u);
}

TEST_P(OutcomesContract, AnErasedContactTakesItsTransactionsAndScore) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  ASSERT_TRUE(s_->outcomes().InsertTransaction(Tx(w, 10, "a")).has_value());
  ASSERT_TRUE(s_->outcomes().SaveFit({.org_id = w.org.id, .calibration_end = "2026-01-01"},
                                     {{.contact_id = w.contact, .clv = 5}}).has_value());
  auto erased = s_->journeys().EraseContact(w.org.id, w.contact, {});
  ASSERT_TRUE(erased.has_value()) << erased.error().ToString();
  EXPECT_EQ(*s_->outcomes().CountTransactions(w.org.id), 0);
  EXPECT_TRUE(s_->outcomes().ListScores(w.org.id, {.limit = 10})->items.empty());
  // The reference is free again.
  int64_t again = s_->journeys().UpsertContact({.org_id = w.org.id, .external_id = "c1",
                                                 .created_ms = kT0, .updated_ms = kT0})->id;
  CustomerTransaction t = Tx(w, 10, "a");
  t.contact_id = again;
  EXPECT_TRUE(s_->outcomes().InsertTransaction(t)->inserted);
}

}  // namespace
}  // namespace nazar::store_contract
