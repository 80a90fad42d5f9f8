// Callers matched to contacts by phone (journey/journeys.h, journey/call_centre.h): a CRM's
// numbers in every common form, Asterisk's caller ids in others, one person each; never a
// duplicate of a contact with that number; unmatched callers reported. On both stores.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "journey/call_centre.h"
#include "journey/journeys.h"
#include "support/test_org.h"
#include "support/test_store.h"

namespace nazar::journey {
namespace {

constexpr int64_t kNow = 1'790'000'000'000;

// One call of a queue_log: entered, answered by SIP/8001 after 5 s, 60 s of talk.
std::string Call(int64_t at, const std::string& id, const std::string& caller) {
  return fmt::format(
      "{0}|{1}|support|NONE|ENTERQUEUE||{2}|1\n{3}|{1}|support|SIP/8001|CONNECT|5|{1}.1|1\n"
      "{4}|{1}|support|SIP/8001|COMPLETECALLER|5|60|1\n",
      at, id, caller, at + 5, at + 65);
}

// The ten digits of an Iranian number ("9121110001" or "2188881234") written as people
// and systems write it.
std::string Written(const std::string& nsn, int form) {
  static const char* kPersian[] = {"۰", "۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹"};
  static const char* kArabic[] = {"٠", "١", "٢", "٣", "٤", "٥", "٦", "٧", "٨", "٩"};
  auto digits = [&](const std::string& s, const char* const* table) {
    std::string out;
    for (char c : s) out += table[c - '0'];
    return out;
  };
  switch (form) {
    case 0:
      return "0" + nsn;
    case 1:
      return nsn;
    case 2:
      return "+98" + nsn;
    case 3:
      return "0098" + nsn;
    case 4:
      return "98" + nsn;
    case 5:
      return digits("0" + nsn, kPersian);
    case 6:
      return digits("0" + nsn, kArabic);
    case 7:
      return "0" + nsn.substr(0, 3) + " " + nsn.substr(3, 3) + " " + nsn.substr(6);
    case 8:
      return "0" + nsn.substr(0, 3) + "-" + nsn.substr(3, 3) + "-" + nsn.substr(6);
    default:
      return "+98 (0) " + nsn.substr(0, 3) + " " + nsn.substr(3);
  }
}
constexpr int kForms = 10;
// What Asterisk's caller id carries: digits only, national or international.
constexpr int kCallerForms = 5;

class CallerMatchingTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    t_ = testing::MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    store_ = t_.store.get();
    accounts_ = std::make_unique<Accounts>(*store_, clock_);
    owner_ = testing::MakeTestOrg(*accounts_, {.name = "Call centre", .time_zone = "Asia/Tehran"});
    org_ = owner_.org;
    journeys_ = std::make_unique<Journeys>(*store_, clock_);
  }

  ImportReport ImportCrm(const std::string& csv) {
    std::istringstream in(csv);
    auto r = journeys_->ImportContacts(org_, in, {});
    EXPECT_TRUE(r.has_value() && r->written) << (r ? "" : r.error().ToString());
    return r.value_or(ImportReport{});
  }

  ImportReport ImportCalls(const std::string& log, bool dry_run = false) {
    std::istringstream in(log);
    auto r =
        journeys_->ImportInteractions(org_, in, InteractionFormat::kQueueLog, {.dry_run = dry_run});
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r.value_or(ImportReport{});
  }

  int64_t ContactOfCall(const std::string& call_id) {
    auto page = store_->journeys().ListInteractions(org_, {.limit = 1000});
    for (const Interaction& i : page->items)
      if (i.reference == call_id) return i.contact_id;
    ADD_FAILURE() << "no interaction for call " << call_id;
    return 0;
  }

  ManualClockForTest clock_{kNow};
  testing::TestStore t_;
  Store* store_ = nullptr;
  std::unique_ptr<Accounts> accounts_;
  testing::TestOrg owner_;
  OrgId org_;
  std::unique_ptr<Journeys> journeys_;
};

// The bug: a CRM contact whose stored phone is the caller's was ignored and an empty
// duplicate made, named by the caller id.
TEST_P(CallerMatchingTest, ACallerIsTheCrmContactWithTheirNumber) {
  ImportCrm("external_id,email,phone\ncrm-1,ali@example.ir,0912 111 0001\n");
  int64_t crm = store_->journeys().FindContactByExternalId(org_, "crm-1")->id;
  EXPECT_EQ(store_->journeys().GetContact(org_, crm)->phone_key, "+989121110001");

  ImportReport dry = ImportCalls(Call(kNow / 1000 - 600, "1.1", "+989121110001"), true);
  EXPECT_EQ(dry.callers_matched, 1);
  EXPECT_EQ(dry.callers_unmatched, 0);
  ImportReport report = ImportCalls(Call(kNow / 1000 - 600, "1.1", "+989121110001") +
                                    Call(kNow / 1000 - 300, "1.2", "9121110001") +
                                    Call(kNow / 1000 - 200, "1.3", "09350000009") +
                                    Call(kNow / 1000 - 100, "1.4", ""));
  ASSERT_TRUE(report.written);
  EXPECT_EQ(ContactOfCall("1.1"), crm);
  EXPECT_EQ(ContactOfCall("1.2"), crm);
  EXPECT_EQ(report.callers_matched, 1);    // one person, twice
  EXPECT_EQ(report.callers_unmatched, 1);  // 0935…: nobody in the CRM has it
  EXPECT_EQ(report.unmatched_callers, std::vector<std::string>{"09350000009"});
  EXPECT_EQ(report.callers_withheld, 1);
  EXPECT_EQ(store_->journeys().FindContactByExternalId(org_, "+989121110001").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(*store_->journeys().CountContacts(org_), 3);  // crm-1, 0935…, the withheld caller

  // The stranger calls again in another form: the contact made for them, not another.
  ImportReport again = ImportCalls(Call(kNow / 1000 - 50, "1.5", "+989350000009"));
  EXPECT_EQ(again.callers_matched, 1);
  EXPECT_EQ(*store_->journeys().CountContacts(org_), 3);
  // The CRM adds them later under its own id: that contact is the one their calls join.
  ImportCrm("external_id,phone\ncrm-2,۰۹۳۵ ۰۰۰ ۰۰۰۹\n");
  ImportCalls(Call(kNow / 1000 - 40, "1.6", "9350000009"));
  EXPECT_EQ(ContactOfCall("1.6"), store_->journeys().FindContactByExternalId(org_, "crm-2")->id);
  // An API interaction naming its contact keeps them apart (two people may share a line).
  auto api = journeys_->RecordInteractions(
      org_, {{.contact = "web-77", .phone = "+98 912 111 0001", .touchpoint = "support"}});
  ASSERT_TRUE(api.has_value()) << api.error().ToString();
  EXPECT_NE(api->front().interaction.contact_id, crm);
  EXPECT_EQ(store_->journeys().GetContact(org_, api->front().interaction.contact_id)->phone_key,
            "+989121110001");
}

// A generated CRM of 500 contacts in ten written forms; 600 calls, 400 from them with the
// caller id in one of Asterisk's forms (never the CRM's own), 200 from 80 strangers.
// Every caller whose number is in the CRM is matched.
TEST_P(CallerMatchingTest, EveryCallerInAMixedFormatCrmIsMatched) {
  std::mt19937 rng(13);
  std::set<std::string> used;
  auto fresh_number = [&] {
    for (;;) {
      bool mobile = rng() % 4 != 0;
      std::string nsn = mobile ? fmt::format("91{}{:07d}", rng() % 10, rng() % 10000000)
                               : fmt::format("21{:08d}", rng() % 100000000);
      if (used.insert(nsn).second) return nsn;
    }
  };
  constexpr int kContacts = 500;
  std::vector<std::string> crm_numbers;
  std::vector<int> crm_forms;
  std::string csv = "external_id,phone\n";
  for (int i = 0; i < kContacts; ++i) {
    crm_numbers.push_back(fresh_number());
    crm_forms.push_back(i % kForms);
    csv += fmt::format("crm-{},\"{}\"\n", i, Written(crm_numbers.back(), crm_forms.back()));
  }
  ImportCrm(csv);
  std::vector<std::string> strangers;
  for (int i = 0; i < 80; ++i) strangers.push_back(fresh_number());

  std::string log;
  std::map<std::string, int> crm_call;  // call id -> CRM index
  std::set<int> crm_callers;
  std::set<std::string> stranger_callers;
  int64_t at = kNow / 1000 - 86400;
  for (int i = 0; i < 600; ++i) {
    std::string id = fmt::format("{}.{}", at, i);
    if (i % 3 != 2) {
      int who = static_cast<int>(rng() % kContacts);
      int form = static_cast<int>(rng() % kCallerForms);
      if (form == crm_forms[who]) form = (form + 1) % kCallerForms;
      log += Call(at, id, Written(crm_numbers[who], form));
      crm_call[id] = who;
      crm_callers.insert(who);
    } else {
      const std::string& s = strangers[rng() % strangers.size()];
      log += Call(at, id, Written(s, static_cast<int>(rng() % kCallerForms)));
      stranger_callers.insert(s);
    }
    at += 100;
  }
  ImportReport report = ImportCalls(log);
  ASSERT_TRUE(report.written);
  EXPECT_EQ(report.created, 600);

  std::map<int64_t, int> crm_of_contact;
  for (int i = 0; i < kContacts; ++i)
    crm_of_contact[store_->journeys().FindContactByExternalId(org_, fmt::format("crm-{}", i))->id] =
        i;
  int matched = 0;
  auto page = store_->journeys().ListInteractions(org_, {.limit = 1000});
  ASSERT_EQ(page->items.size(), 600u);
  for (const Interaction& in : page->items) {
    auto call = crm_call.find(in.reference);
    if (call == crm_call.end()) continue;
    auto c = crm_of_contact.find(in.contact_id);
    if (c != crm_of_contact.end() && c->second == call->second) ++matched;
  }
  const double rate = static_cast<double>(matched) / static_cast<double>(crm_call.size());
  std::printf(
      "matched %d of %zu calls from CRM numbers (%.1f%%); callers: %lld matched, %lld "
      "unmatched\n",
      matched, crm_call.size(), 100 * rate, static_cast<long long>(report.callers_matched),
      static_cast<long long>(report.callers_unmatched));
  EXPECT_EQ(matched, static_cast<int>(crm_call.size()));
  EXPECT_EQ(report.callers_matched, static_cast<int64_t>(crm_callers.size()));
  EXPECT_EQ(report.callers_unmatched, static_cast<int64_t>(stranger_callers.size()));
  // No duplicate: the CRM, plus one contact per stranger.
  EXPECT_EQ(*store_->journeys().CountContacts(org_),
            kContacts + static_cast<int64_t>(stranger_callers.size()));
}

// The default country comes from the settings; saving it keys every contact again.
TEST_P(CallerMatchingTest, SavingTheDefaultCountryKeysContactsAgain) {
  CallCentre centre(*store_, clock_);
  EXPECT_EQ(centre.Settings(org_)->default_country, "IR");  // from Asia/Tehran
  ImportCrm("external_id,phone\ncrm-1,09121110001\n");
  ASSERT_TRUE(centre.SaveSettings(owner_.actor(), owner_.access, "").has_value());
  EXPECT_EQ(store_->journeys().FindContactByExternalId(org_, "crm-1")->phone_key, "09121110001");
  ImportReport none = ImportCalls(Call(kNow / 1000 - 60, "2.1", "+989121110001"), true);
  EXPECT_EQ(none.callers_matched, 0);
  auto ir = centre.SaveSettings(owner_.actor(), owner_.access, "ir");
  ASSERT_TRUE(ir.has_value());
  EXPECT_EQ(ir->default_country, "IR");
  EXPECT_EQ(store_->journeys().FindContactByExternalId(org_, "crm-1")->phone_key, "+989121110001");
  EXPECT_EQ(ImportCalls(Call(kNow / 1000 - 60, "2.1", "+989121110001"), true).callers_matched, 1);
  auto bad = centre.SaveSettings(owner_.actor(), owner_.access, "Iran");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "default_country");
}

INSTANTIATE_TEST_SUITE_P(Backends, CallerMatchingTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar::journey
