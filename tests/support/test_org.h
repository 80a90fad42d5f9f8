// An organisation and its owner, made through Accounts in a test store: who a service suite
// acts as (the actor of audited changes).
#pragma once

#include <gtest/gtest.h>

#include "accounts/accounts.h"

namespace nazar::testing {

struct TestOrg {
  OrgId org;
  Principal principal;  // the owner's
  OrgAccess access;

  Actor actor() const { return Actor{principal, "127.0.0.1"}; }
};

// The owner o@example.com and their organisation `input`; fails the test if either cannot
// be made.
inline TestOrg MakeTestOrg(Accounts& accounts, NewOrganisationInput input = {.name = "Org"}) {
  TestOrg out;
  auto owner =
      accounts.CreateUser({.email = "o@example.com", .name = "O", .password = "owner-password"});
  EXPECT_TRUE(owner.has_value()) << owner.error().ToString();
  if (!owner) return out;
  auto org = accounts.CreateOrganisationFor(owner->id, input);
  EXPECT_TRUE(org.has_value()) << org.error().ToString();
  if (!org) return out;
  out.org = org->id;
  out.principal.user = *owner;
  out.access = OrgAccess{out.org, Role::kOwner};
  return out;
}

}  // namespace nazar::testing
