// The preferences area: each member's calendar and digits per organisation, an unset choice
// stored as none (the organisation's), a row with neither removed; listed per user.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(PreferencesContract);

TEST_P(PreferencesContract, EachMemberChoosesPerOrganisationAndNoneFollowsTheOrganisation) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  UserId mina = s_->accounts().CreateUser({.email = "m@example.com", .name = "M", .password_hash = "h"})->id;
  UserId reza = s_->accounts().CreateUser({.email = "r@example.com", .name = "R", .password_hash = "h"})->id;
  PreferencesStore& prefs = s_->preferences();
  EXPECT_FALSE(prefs.GetPreferences(w.org.id, mina)->has_value()) << "no row: the organisation's";

  ASSERT_TRUE(prefs.PutPreferences({.org_id = w.org.id, .user_id = mina, .calendar = Calendar::kGregorian,
                                    .updated_ms = kT0}).has_value());
  auto mine = prefs.GetPreferences(w.org.id, mina);
  ASSERT_TRUE(mine.has_value() && mine->has_value());
  EXPECT_EQ((*mine)->calendar, Calendar::kGregorian);
  EXPECT_FALSE((*mine)->digits.has_value()) << "digits unset: the organisation's";
  EXPECT_EQ((*mine)->updated_ms, kT0);

  ASSERT_TRUE(prefs.PutPreferences({.org_id = w.org.id, .user_id = mina, .calendar = Calendar::kJalali,
                                    .digits = Digits::kLatin, .updated_ms = kT0 + 1}).has_value());
  ASSERT_TRUE(prefs.PutPreferences({.org_id = w.other.id, .user_id = mina, .digits = Digits::kPersian,
                                    .updated_ms = kT0}).has_value());
  ASSERT_TRUE(prefs.PutPreferences({.org_id = w.org.id, .user_id = reza, .calendar = Calendar::kGregorian,
                                    .updated_ms = kT0}).has_value());
  mine = prefs.GetPreferences(w.org.id, mina);
  EXPECT_EQ((*mine)->calendar, Calendar::kJalali);
  EXPECT_EQ((*mine)->digits, Digits::kLatin);
  EXPECT_EQ((*mine)->updated_ms, kT0 + 1);

  auto listed = prefs.ListPreferencesOfUser(mina);
  ASSERT_TRUE(listed.has_value()) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 2u) << "mina's only, in both organisations";
  EXPECT_EQ((*listed)[0].org_id, w.org.id);
  EXPECT_EQ((*listed)[1].org_id, w.other.id);
  EXPECT_FALSE((*listed)[1].calendar.has_value());
  EXPECT_EQ((*listed)[1].digits, Digits::kPersian);

  // Back to the organisation's for both: the row goes.
  ASSERT_TRUE(prefs.PutPreferences({.org_id = w.org.id, .user_id = mina, .updated_ms = kT0 + 2}).has_value());
  EXPECT_FALSE(prefs.GetPreferences(w.org.id, mina)->has_value());
  EXPECT_EQ(prefs.ListPreferencesOfUser(mina)->size(), 1u);
  EXPECT_TRUE(prefs.GetPreferences(w.org.id, reza)->has_value()) << "another member's untouched";

  EXPECT_EQ(prefs.PutPreferences({.org_id = w.org.id, .user_id = UserId{999999}, .calendar = Calendar::kJalali,
                                  .updated_ms = kT0}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(prefs.PutPreferences({.org_id = OrgId{999999}, .user_id = mina, .calendar = Calendar::kJalali,
                                  .updated_ms = kT0}).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace nazar::store_contract
