#include "accounts/permissions.h"

#include <gtest/gtest.h>

namespace nazar {
namespace {

// The role table as a spec: O = owner, A = admin, N = analyst, G = agent, V = viewer.
TEST(PermissionsTest, RoleTable) {
  struct Row {
    Permission p;
    std::string_view allowed;  // roles that have it
  };
  const Row table[] = {
      {Permission::kReadOrganisation, "OANGV"}, {Permission::kManageOrganisation, "OA"},
      {Permission::kManageMembers, "OA"},       {Permission::kManageOwners, "O"},
      {Permission::kManageApiKeys, "OA"},       {Permission::kReadAudit, "OA"},
      {Permission::kReadResults, "OANGV"},      {Permission::kReadResponses, "OAN"},
      {Permission::kManageSurveys, "OAN"},
      {Permission::kExport, "OAN"},             {Permission::kSubmitData, "OANG"},
      {Permission::kReadContacts, "OANG"},      {Permission::kManageJourneys, "OAN"},
      {Permission::kEraseContacts, "OA"},       {Permission::kManageChannels, "OA"},
      {Permission::kManageText, "OAN"},         {Permission::kManageAlerts, "OA"},
      {Permission::kReadCases, "OAN"},          {Permission::kWorkCases, "OANG"},
      {Permission::kManageCases, "OA"},
      {Permission::kManageWebhooks, "OA"},
      {Permission::kManageProgram, "OA"},
      {Permission::kReadValue, "OAN"},          {Permission::kManageOutcomes, "OA"},
  };
  static_assert(std::size(table) == kAllPermissions.size(), "every permission has a row");
  const std::pair<Role, char> roles[] = {{Role::kOwner, 'O'},
                                         {Role::kAdmin, 'A'},
                                         {Role::kAnalyst, 'N'},
                                         {Role::kAgent, 'G'},
                                         {Role::kViewer, 'V'}};
  for (const Row& row : table) {
    for (auto [role, letter] : roles) {
      EXPECT_EQ(RoleAllows(role, row.p), row.allowed.find(letter) != std::string_view::npos)
          << ToString(role) << " permission " << static_cast<int>(row.p);
    }
  }
}

TEST(PermissionsTest, NobodyGrantsMoreThanTheyHold) {
  EXPECT_TRUE(MayGrant(Role::kOwner, Role::kOwner));
  EXPECT_TRUE(MayGrant(Role::kOwner, Role::kViewer));
  EXPECT_FALSE(MayGrant(Role::kAdmin, Role::kOwner));
  EXPECT_TRUE(MayGrant(Role::kAdmin, Role::kAdmin));
  EXPECT_TRUE(MayGrant(Role::kAdmin, Role::kAnalyst));
  EXPECT_FALSE(MayGrant(Role::kAnalyst, Role::kViewer));  // may not manage members at all
  EXPECT_FALSE(MayGrant(Role::kViewer, Role::kViewer));
}

TEST(PermissionsTest, RoleNamesRoundTrip) {
  for (Role r : {Role::kOwner, Role::kAdmin, Role::kAnalyst, Role::kAgent, Role::kViewer}) {
    EXPECT_EQ(ParseRole(ToString(r)), r);
  }
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_FALSE(ParseRole("Owner").has_value());
}

}  // namespace
}  // namespace nazar
