// The accounts tests' fixture: Accounts over a real SQLite store with a manual clock, one
// organisation ("Org") and its owner.
#pragma once

#include <gtest/gtest.h>

#include "accounts/accounts.h"
#include "support/test_store.h"

namespace nazar {

constexpr int64_t kT0 = 1'790'000'000'000;

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = testing::MakeTestStore(StoreBackend::kSqlite);
    ASSERT_NE(t_.store, nullptr);
    accounts_ = std::make_unique<Accounts>(*t_.store, clock_,
                                           AccountsOptions{.session_idle_ms = 60'000,
                                                           .session_absolute_ms = 300'000});
    auto u = accounts_->CreateUser(
        {.email = "Owner@Example.com", .name = "Owner", .password = "owner-password"});
    ASSERT_TRUE(u.has_value()) << u.error().ToString();
    owner_ = *u;
    auto org = accounts_->CreateOrganisationFor(owner_.id, {.name = "Org"});
    ASSERT_TRUE(org.has_value());
    org_ = *org;
  }

  Principal SignedIn(const std::string& email, const std::string& password) {
    auto s = accounts_->Login(email, password, "127.0.0.1", "test");
    EXPECT_TRUE(s.has_value()) << s.error().ToString();
    auto p = accounts_->AuthenticateSession(s->token);
    EXPECT_TRUE(p.has_value());
    return *p;
  }

  // A user with `role` in the organisation (written to the store directly), signed in.
  Principal MemberOk(const std::string& email, Role role) {
    auto u = accounts_->CreateUser({.email = email, .name = email, .password = "member-password"});
    EXPECT_TRUE(u.has_value()) << u.error().ToString();
    EXPECT_TRUE(t_.store->accounts().AddMember(org_.id, u->id, role, kT0).has_value());
    return SignedIn(email, "member-password");
  }

  ManualClockForTest clock_{kT0};
  testing::TestStore t_;
  std::unique_ptr<Accounts> accounts_;
  User owner_;
  Organisation org_;
};

}  // namespace nazar
