// The personas area: personas, their members and counts.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(PersonasContract);

TEST_P(PersonasContract, PersonasKeepTheirMembersAndCounts) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  int64_t c2 =
      s_->journeys()
          .UpsertContact(
              {.org_id = w.org.id, .external_id = "c2", .created_ms = kT0, .updated_ms = kT0})
          ->id;
  Persona p{.org_id = w.org.id,
            .name = "مشتری وفادار",
            .description = "d",
            .goals = R"(["fast delivery"])",
            .pains = "[]",
            .emoji = "⭐",
            .rule = R"({"all":[]})",
            .created_ms = kT0};
  auto made = s_->personas().CreatePersona(p);
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  EXPECT_EQ(made->name, "مشتری وفادار");
  EXPECT_EQ(made->members, 0);
  auto dup = s_->personas().CreatePersona(p);
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.error().field, "name");
  Persona elsewhere = p;
  elsewhere.org_id = w.other.id;
  ASSERT_TRUE(s_->personas().CreatePersona(elsewhere).has_value())
      << "names are unique per organisation";

  ASSERT_TRUE(
      s_->personas().SetPersonaMembers(w.org.id, made->id, {w.contact, c2}, kT0 + 1).has_value());
  EXPECT_EQ(s_->personas().GetPersona(w.org.id, made->id)->members, 2);
  ASSERT_TRUE(s_->personas().SetContactPersonas(w.org.id, c2, {}, kT0 + 2).has_value());
  EXPECT_EQ(s_->personas().GetPersona(w.org.id, made->id)->members, 1);
  ASSERT_TRUE(s_->personas().SetContactPersonas(w.org.id, c2, {made->id}, kT0 + 3).has_value());
  ASSERT_TRUE(s_->personas().SetContactPersonas(w.org.id, c2, {made->id}, kT0 + 4).has_value());
  auto members = s_->personas().ListPersonaMembers(w.org.id);
  ASSERT_EQ(members->size(), 2u);
  auto of_c2 = s_->personas().ListPersonaMembers(w.org.id, c2);
  ASSERT_EQ(of_c2->size(), 1u);
  EXPECT_EQ((*of_c2)[0].persona_id, made->id);
  EXPECT_EQ(s_->personas().GetPersona(w.org.id, made->id)->members, 2);
  EXPECT_FALSE(s_->personas().SetPersonaMembers(w.other.id, made->id, {}, kT0).has_value());

  Persona renamed = *made;
  renamed.name = "Loyal";
  renamed.updated_ms = kT0 + 5;
  auto updated = s_->personas().UpdatePersona(w.org.id, renamed);
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_EQ(updated->name, "Loyal");
  EXPECT_EQ(updated->members, 2);

  ASSERT_TRUE(s_->journeys().EraseContact(w.org.id, c2, {}).has_value());
  EXPECT_EQ(s_->personas().GetPersona(w.org.id, made->id)->members, 1);
  EXPECT_EQ(s_->personas().ListPersonaMembers(w.org.id)->size(), 1u);
  EXPECT_EQ(s_->personas().DeletePersona(w.other.id, made->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(s_->personas().DeletePersona(w.org.id, made->id).has_value());
  EXPECT_TRUE(s_->personas().ListPersonas(w.org.id)->empty());
  EXPECT_TRUE(s_->personas().ListPersonaMembers(w.org.id)->empty());
}

}  // namespace
}  // namespace nazar::store_contract
