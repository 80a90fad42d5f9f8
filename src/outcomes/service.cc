// OutcomesService: what arrives (transactions, settings, costs), checked and written. The
// refit and the value reports are in refit.cc.
#include "outcomes/service.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <map>

#include "accounts/audit.h"
#include "core/csv.h"
#include "core/time.h"
#include "core/try.h"
#include "outcomes/transactions.h"

namespace nazar::outcomes {
namespace {

constexpr size_t kMaxBatch = 1000;
constexpr size_t kMaxProblems = 1000;
constexpr int64_t kMsPerDay = 86'400'000;
constexpr StringRule kShort{.max_chars = 200};
constexpr std::string_view kAmountRule =
    "amount is a whole number of the currency's minor unit (rials for IRR), 0 or more";

// An amount as sent: a JSON integer >= 0.
std::optional<int64_t> ReadAmount(JsonObjectReader& r) {
  const Json* v = r.OptionalValue("amount");
  if (!v) return std::nullopt;
  if (!v->is_number_integer() || (v->is_number_integer() && !v->is_number_unsigned() && v->get<int64_t>() < 0)) {
    r.Reject("amount", std::string(kAmountRule));
    return std::nullopt;
  }
  return v->get<int64_t>();
}

// An amount as a CSV cell: digits only (no sign, no decimals, no separators).
Result<int64_t> ParseAmountCell(std::string_view text, const std::string& field) {
  if (text.empty()) return Fail(Error::InvalidArgument("amount is missing", field));
  if (text.front() == '-') return Fail(Error::InvalidArgument("amount must not be negative", field));
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    return Fail(Error::InvalidArgument(
        fmt::format("amount \"{}\" is not a whole number: {}", text, kAmountRule), field));
  return v;
}

// "2026-03-01T10:00:00+03:30" or "2026-03-01" (UTC midnight).
Result<int64_t> ParseOccurred(const std::string& text, const std::string& field) {
  if (text.size() == 10) {
    auto day = ParseDay(text, field);
    if (!day) return Fail(day.error());
    return int64_t{*day} * kMsPerDay;
  }
  auto ms = ParseTimestamp(text);
  if (!ms)
    return Fail(Error::InvalidArgument(
        fmt::format("occurred_at \"{}\" is not a date (YYYY-MM-DD) or an ISO 8601 time", text), field));
  return *ms;
}

bool IsMonth(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6})
    if (!std::isdigit(static_cast<unsigned char>(m[i]))) return false;
  const int month = (m[5] - '0') * 10 + (m[6] - '0');
  return month >= 1 && month <= 12;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string Join(const std::string& where, std::string_view field) {
  return where.empty() ? std::string(field) : fmt::format("{}.{}", where, field);
}

void Note(TransactionImport& report, Error e) {
  ++report.problem_count;
  if (report.problems.size() < kMaxProblems) report.problems.push_back(std::move(e));
}

}  // namespace

TransactionInput ReadTransactionInput(JsonObjectReader& r) {
  TransactionInput in;
  in.contact_id = r.OptionalInt("contact_id", {.min = 1});
  in.contact = r.OptionalString("contact", kShort).value_or("");
  in.occurred_at = r.String("occurred_at", {.min_chars = 1, .max_chars = 64});
  in.amount = ReadAmount(r);
  if (r.ok() && !in.amount) r.Reject("amount", std::string(kAmountRule));
  in.reference = r.OptionalString("reference", kShort).value_or("");
  in.product = r.OptionalString("product", kShort).value_or("");
  in.category = r.OptionalString("category", kShort).value_or("");
  in.channel = r.OptionalString("channel", kShort).value_or("");
  const bool by_id = in.contact_id.has_value(), by_own_id = !in.contact.empty();
  if (r.ok() && by_id == by_own_id)
    r.Reject("contact", "name the contact by contact_id or by contact (your own id), one of them");
  return in;
}

Result<std::vector<TransactionInput>> ReadTransactionBatch(const Json& body) {
  std::vector<TransactionInput> batch;
  if (!body.contains("transactions")) {
    JsonObjectReader r(body);
    batch.push_back(ReadTransactionInput(r));
    TRY(r.Finish());
    return batch;
  }
  JsonObjectReader outer(body);
  const Json* list = outer.OptionalValue("transactions");
  if (!list->is_array() || list->empty() || list->size() > kMaxBatch)
    outer.Reject("transactions", fmt::format("transactions must be a list of 1 to {}", kMaxBatch));
  TRY(outer.Finish());
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string path = fmt::format("transactions[{}]", i);
    if (!(*list)[i].is_object()) return Fail(Error::InvalidArgument("a transaction is an object", path));
    JsonObjectReader r((*list)[i], path);
    batch.push_back(ReadTransactionInput(r));
    TRY(r.Finish());
  }
  return batch;
}

OutcomeSettings ReadSettingsInput(JsonObjectReader& r) {
  OutcomeSettings s;
  s.currency = r.String("currency", {.min_chars = 3, .max_chars = 3});
  if (r.ok() && !std::ranges::all_of(s.currency, [](char c) { return c >= 'A' && c <= 'Z'; }))
    r.Reject("currency", "currency is an ISO 4217 code in capitals (IRR, EUR)");
  s.minor_digits = static_cast<int>(r.Int("minor_digits", {.min = 0, .max = 4}));
  return s;
}

AcquisitionCost ReadAcquisitionInput(JsonObjectReader& r) {
  AcquisitionCost c;
  c.channel = r.String("channel", {.min_chars = 1, .max_chars = 200});
  c.month = r.String("month", {.min_chars = 7, .max_chars = 7});
  if (r.ok() && !IsMonth(c.month)) r.Reject("month", "month is YYYY-MM");
  c.amount = ReadAmount(r).value_or(0);
  if (r.ok() && !r.OptionalValue("amount")) r.Reject("amount", std::string(kAmountRule));
  return c;
}

ServeCost ReadServeInput(JsonObjectReader& r) {
  ServeCost c;
  c.touchpoint = r.String("touchpoint", {.min_chars = 1, .max_chars = 200});
  c.amount = ReadAmount(r).value_or(0);
  if (r.ok() && !r.OptionalValue("amount")) r.Reject("amount", std::string(kAmountRule));
  return c;
}

OutcomesService::OutcomesService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

Result<OutcomeSettings> OutcomesService::Settings(OrgId org) { return store_.outcomes().GetSettings(org); }

Result<OutcomeSettings> OutcomesService::PutSettings(const Actor& actor, const OrgAccess& access,
                                                     OutcomeSettings in) {
  in.org_id = access.org;
  in.updated_ms = clock_.NowMs();
  OutcomeSettings saved;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(const OutcomeSettings now, tx.outcomes().GetSettings(access.org));
    TRY_ASSIGN(const int64_t stored, tx.outcomes().CountTransactions(access.org));
    if (stored > 0 && (now.currency != in.currency || now.minor_digits != in.minor_digits))
      return Fail(Error::FailedPrecondition(
          fmt::format("{} transactions are stored in {}; the currency cannot change under them",
                      stored, now.currency),
          "currency"));
    TRY_ASSIGN(saved, tx.outcomes().PutSettings(in));
    return WriteAudit(tx.audit(), actor, access.org, "outcomes.settings", "outcomes", ToJson(saved),
                      in.updated_ms);
  }));
  return saved;
}

Result<CustomerTransaction> OutcomesService::Check(OrgId org, const TransactionInput& in,
                                                   const std::string& where) {
  CustomerTransaction t{.org_id = org, .amount = in.amount.value_or(0), .reference = in.reference,
                        .product = in.product, .category = in.category, .channel = in.channel,
                        .created_ms = clock_.NowMs()};
  if (in.contact_id) {
    auto c = store_.journeys().GetContact(org, *in.contact_id);
    if (!c) {
      if (c.error().code != ErrorCode::kNotFound) return Fail(c.error());
      return Fail(Error::InvalidArgument(fmt::format("no contact has the id {}", *in.contact_id),
                                         Join(where, "contact_id")));
    }
    t.contact_id = c->id;
  } else {
    auto c = store_.journeys().FindContactByExternalId(org, in.contact);
    if (!c) {
      if (c.error().code != ErrorCode::kNotFound) return Fail(c.error());
      return Fail(Error::InvalidArgument(fmt::format("no contact has the id \"{}\"", in.contact),
                                         Join(where, "contact")));
    }
    t.contact_id = c->id;
  }
  TRY_ASSIGN(t.occurred_ms, ParseOccurred(in.occurred_at, Join(where, "occurred_at")));
  return t;
}

Result<std::vector<WrittenTransaction>> OutcomesService::Record(OrgId org,
                                                               const std::vector<TransactionInput>& batch) {
  std::vector<CustomerTransaction> checked;
  for (size_t i = 0; i < batch.size(); ++i) {
    TRY_ASSIGN(CustomerTransaction t,
               Check(org, batch[i], batch.size() == 1 ? "" : fmt::format("transactions[{}]", i)));
    checked.push_back(std::move(t));
  }
  std::vector<WrittenTransaction> written;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    written.clear();
    for (const CustomerTransaction& t : checked) {
      TRY_ASSIGN(auto w, tx.outcomes().InsertTransaction(t));
      written.push_back({std::move(w.transaction), w.inserted});
    }
    return {};
  }));
  return written;
}

Result<TransactionImport> OutcomesService::Import(OrgId org, std::istream& in, bool dry_run) {
  TransactionImport report;
  TRY_ASSIGN(CsvReader reader, CsvReader::Open(in));
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < reader.columns().size(); ++i) column[Trim(reader.columns()[i])] = i;
  const char* date_column = column.contains("occurred_at") ? "occurred_at" : "date";
  if (!column.contains("contact") && !column.contains("contact_id"))
    return Fail(Error::InvalidArgument("the header needs a contact (or contact_id) column", "line 1"));
  for (const char* required : {date_column, "amount"})
    if (!column.contains(required))
      return Fail(Error::InvalidArgument(fmt::format("the header needs a {} column", required), "line 1"));

  std::vector<CustomerTransaction> checked;
  CsvRecord row;
  for (;;) {
    auto more = reader.Next(row);
    if (!more) {
      Note(report, more.error());
      break;
    }
    if (!*more) break;
    ++report.rows;
    auto cell = [&](const char* name) {
      auto it = column.find(name);
      return it == column.end() ? std::string() : Trim(row[it->second]);
    };
    const std::string where = row.where();
    TransactionInput f{.contact = cell("contact"), .occurred_at = cell(date_column),
                       .reference = cell("reference"), .product = cell("product"),
                       .category = cell("category"), .channel = cell("channel")};
    bool ok = true;
    if (const std::string id = cell("contact_id"); !id.empty() && f.contact.empty()) {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), v);
      if (ec != std::errc() || end != id.data() + id.size() || v < 1) {
        Note(report, Error::InvalidArgument(fmt::format("contact_id \"{}\" is not an id", id),
                                            Join(where, "contact_id")));
        ok = false;
      } else {
        f.contact_id = v;
      }
    }
    if (ok && !f.contact_id && f.contact.empty()) {
      Note(report, Error::InvalidArgument("the contact is missing", Join(where, "contact")));
      ok = false;
    }
    auto amount = ParseAmountCell(cell("amount"), Join(where, "amount"));
    if (!amount) {
      Note(report, amount.error());
      ok = false;
    } else {
      f.amount = *amount;
    }
    if (ok) {
      auto t = Check(org, f, where);
      if (!t) {
        if (t.error().code != ErrorCode::kInvalidArgument) return Fail(t.error());
        Note(report, t.error());
      } else {
        checked.push_back(std::move(*t));
      }
    } else if (auto when = ParseOccurred(f.occurred_at, Join(where, "occurred_at")); !when) {
      Note(report, when.error());  // every problem of the line, not only the first
    }
  }
  if (report.problem_count > 0 || checked.empty()) {
    if (report.problem_count == 0)
      Note(report, Error::InvalidArgument("the file has no transactions", "line 2"));
    return report;
  }
  if (dry_run) {
    report.created = static_cast<int64_t>(checked.size());
    return report;
  }
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    report.created = report.unchanged = 0;
    for (const CustomerTransaction& t : checked) {
      TRY_ASSIGN(auto w, tx.outcomes().InsertTransaction(t));
      ++(w.inserted ? report.created : report.unchanged);
    }
    return {};
  }));
  report.written = true;
  return report;
}

namespace {

// A cost written and its audit entry ("outcomes.<kind>.put", target "<kind>:<id>") in one
// transaction.
template <typename Cost, typename Put>
Result<Cost> PutAudited(Store& store, const Actor& actor, OrgId org, std::string_view kind, int64_t at_ms, Put put) {
  Cost saved;
  TRY(store.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(saved, put(tx.outcomes()));
    return WriteAudit(tx.audit(), actor, org, fmt::format("outcomes.{}.put", kind),
                      fmt::format("{}:{}", kind, saved.id), ToJson(saved), at_ms);
  }));
  return saved;
}

template <typename Delete>
Result<void> DeleteAudited(Store& store, const Actor& actor, OrgId org, std::string_view kind, int64_t id,
                           int64_t at_ms, Delete del) {
  return store.Transact([&](Store& tx) -> Result<void> {
    TRY(del(tx.outcomes()));
    return WriteAudit(tx.audit(), actor, org, fmt::format("outcomes.{}.delete", kind),
                      fmt::format("{}:{}", kind, id), Json::object(), at_ms);
  });
}

}  // namespace

Result<std::vector<AcquisitionCost>> OutcomesService::AcquisitionCosts(OrgId org) {
  return store_.outcomes().ListAcquisitionCosts(org);
}

Result<AcquisitionCost> OutcomesService::PutAcquisitionCost(const Actor& actor, const OrgAccess& access,
                                                            AcquisitionCost in) {
  in.org_id = access.org;
  in.created_ms = in.updated_ms = clock_.NowMs();
  return PutAudited<AcquisitionCost>(store_, actor, access.org, "acquisition_cost", in.updated_ms,
                                     [&](OutcomesStore& s) { return s.PutAcquisitionCost(in); });
}

Result<void> OutcomesService::DeleteAcquisitionCost(const Actor& actor, const OrgAccess& access, int64_t id) {
  return DeleteAudited(store_, actor, access.org, "acquisition_cost", id, clock_.NowMs(),
                       [&](OutcomesStore& s) { return s.DeleteAcquisitionCost(access.org, id); });
}

Result<std::vector<ServeCost>> OutcomesService::ServeCosts(OrgId org) {
  return store_.outcomes().ListServeCosts(org);
}

Result<ServeCost> OutcomesService::PutServeCost(const Actor& actor, const OrgAccess& access, ServeCost in) {
  in.org_id = access.org;
  in.created_ms = in.updated_ms = clock_.NowMs();
  TRY_ASSIGN(const auto touchpoints, store_.journeys().ListTouchpoints(access.org));
  if (std::ranges::none_of(touchpoints, [&](const Touchpoint& t) { return t.key == in.touchpoint; }))
    return Fail(Error::InvalidArgument(
        fmt::format("the organisation has no touchpoint \"{}\"", in.touchpoint), "touchpoint"));
  return PutAudited<ServeCost>(store_, actor, access.org, "serve_cost", in.updated_ms,
                               [&](OutcomesStore& s) { return s.PutServeCost(in); });
}

Result<void> OutcomesService::DeleteServeCost(const Actor& actor, const OrgAccess& access, int64_t id) {
  return DeleteAudited(store_, actor, access.org, "serve_cost", id, clock_.NowMs(),
                       [&](OutcomesStore& s) { return s.DeleteServeCost(access.org, id); });
}

}  // namespace nazar::outcomes
