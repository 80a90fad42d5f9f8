// Accounts: who may do what. Users and their passwords, sign-in sessions, API keys,
// organisations, their members and invitations to join, and the audit log of
// administrative actions.
//
// Contract:
// - Input is validated here (the CLI and the HTTP API share these rules); errors name the
//   field ("email", "role", "time_zone").
// - Every administrative change is written together with its audit entry, in one
//   transaction: either both land or neither does.
// - Authorize() is the single gate to an organisation's data: a principal that is not a
//   member (or an API key of another organisation) gets NotFound, never a hint that the
//   organisation exists; a member without the permission gets PermissionDenied.
// - Secrets (session tokens, API key secrets) are returned once and stored only hashed.
// - Nobody is made a member of an organisation without accepting (InviteMember), and
//   nothing an organisation is told reveals whether an e-mail has an account.
//
// Thread-safety: an Accounts object is safe to share between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/password.h"
#include "accounts/permissions.h"
#include "accounts/throttle.h"
#include "core/clock.h"
#include "core/contact_info.h"
#include "core/error.h"
#include "store/store.h"

namespace nazar {

struct AccountsOptions {
  int64_t session_idle_ms = 60 * 60'000;           // signed out after 1 h without a request
  int64_t session_absolute_ms = 12 * 60 * 60'000;  // and after 12 h whatever happens
  int64_t touch_interval_ms = 60'000;  // last-seen / last-used writes at most once a minute
  PasswordHashing hashing;
  // Sign-in failures (throttle.h). Per account and client address: five free, then a wait
  // of 1 s doubling with each failure up to 15 minutes; a guesser slows down only their own
  // address, and the real user signs in from theirs at once.
  ThrottleOptions account_address_throttle{.first_delay_ms = 1000};
  // Per account from every address together: a lockout, far above what one person mistypes,
  // that bounds guessing from many addresses.
  ThrottleOptions account_throttle{.max_failures = 100};
  // Per client address over every account (guessing one password across many accounts).
  ThrottleOptions ip_throttle{.max_failures = 50};
};

// Who is making a request: a signed-in user (session) or an API key.
struct Principal {
  std::optional<User> user;      // set for sessions
  std::optional<ApiKey> api_key; // set for API keys
  std::string session_hash;      // sessions only
  std::string csrf_token;        // sessions only
  bool is_session() const { return user.has_value(); }
};

// The principal plus where the request came from, for the audit log.
struct Actor {
  const Principal& principal;
  std::string ip;

  // The signed-in member acting; nullopt for an API key.
  std::optional<UserId> user_id() const {
    if (principal.user) return principal.user->id;
    return std::nullopt;
  }
};

// A principal's standing in one organisation, established by Authorize().
struct OrgAccess {
  OrgId org;
  Role role = Role::kViewer;
};

struct NewUserInput {
  std::string email;
  std::string name;
  std::string password;
  std::string locale = "en";
};

struct NewOrganisationInput {
  std::string name;
  std::string time_zone = "UTC";
  Calendar calendar = Calendar::kGregorian;
  Digits digits = Digits::kLatin;
  std::string language = "en";
};

struct InviteMemberInput {
  std::string email;
  Role role = Role::kViewer;
  // With a password (and a name, then required): when no account has this email, one is
  // made, managed by the inviting organisation, so that someone without e-mail delivery can
  // be given a password. An existing account's password is never set: its holder signs in
  // with their own.
  std::optional<std::string> name;
  std::optional<std::string> password;
};

// A member's change to how they read dates and numbers in one organisation: a field left
// unset is unchanged; set to nullopt it follows the organisation's setting again.
struct PreferencesPatch {
  std::optional<std::optional<Calendar>> calendar;
  std::optional<std::optional<Digits>> digits;
};

struct SignIn {
  std::string token;  // goes into the cookie; never stored
  Session session;
  User user;
};

struct CreatedApiKey {
  ApiKey key;
  std::string secret;  // the whole bearer token, shown once: "nzk_<prefix>.<secret>"
};

class Accounts {
 public:
  Accounts(Store& store, const Clock& clock, AccountsOptions options = {});

  // Users.
  Result<User> CreateUser(const NewUserInput& input);
  Result<void> ChangePassword(UserId user, std::string_view current, std::string_view next);
  // The user's own interface language: "fa" or "en" (InvalidArgument naming "locale").
  Result<User> SetLocale(UserId user, std::string_view locale);

  // Sessions. Login fails with Unauthenticated for a wrong email or password alike, and
  // with ResourceExhausted while throttled (see AccountsOptions).
  Result<SignIn> Login(std::string_view email, std::string_view password, std::string ip,
                       std::string user_agent);
  // Seconds before a throttled login for this email/address may be tried again (0: now).
  int64_t LoginRetryAfterSeconds(std::string_view email, std::string_view ip);
  Result<Principal> AuthenticateSession(std::string_view token);
  Result<void> Logout(std::string_view token);

  // API keys: "Authorization: Bearer nzk_<prefix>.<secret>".
  Result<Principal> AuthenticateApiKey(std::string_view bearer);

  // The gate to an organisation's data (see the contract above).
  Result<OrgAccess> Authorize(const Principal& principal, OrgId org, Permission permission);

  // Organisations.
  Result<Organisation> CreateOrganisation(const Actor& actor, const NewOrganisationInput& input);
  Result<Organisation> UpdateOrganisation(const Actor& actor, const OrgAccess& access,
                                          const OrganisationPatch& patch);
  // Makes `owner` the first owner; for the CLI and the demo, outside any session.
  Result<Organisation> CreateOrganisationFor(UserId owner, const NewOrganisationInput& input);

  // Members (the caller has passed Authorize with kManageMembers; accounts/members.cc).
  // Invites an e-mail with a role: the account with that e-mail joins only when its holder
  // accepts. The answer is the same whether the e-mail has an account, has none or has one
  // another organisation manages (which never sees the invitation), so inviting tells
  // nobody which addresses have accounts; input is checked (and a password hashed) alike
  // for all. AlreadyExists ("email") for a member or an address with a pending invitation.
  Result<MemberInvitation> InviteMember(const Actor& actor, const OrgAccess& access,
                                        const InviteMemberInput& in);
  // Withdraws a pending invitation (of a role the caller may grant).
  Result<MemberInvitation> RevokeInvitation(const Actor& actor, const OrgAccess& access,
                                            int64_t invitation);
  Result<Member> SetMemberRole(const Actor& actor, const OrgAccess& access, UserId user,
                               Role role);
  Result<void> RemoveMember(const Actor& actor, const OrgAccess& access, UserId user);
  // The caller leaves (any member, kReadOrganisation): FailedPrecondition for the last
  // owner, PermissionDenied for an API key (revoke it instead).
  Result<void> LeaveOrganisation(const Actor& actor, const OrgAccess& access);

  // The caller's own calendar and digits in the organisation (any member, kReadOrganisation;
  // PermissionDenied for an API key, which has no preferences). Returns the choices as they
  // now stand (both unset: the organisation's).
  Result<MemberPreferences> SetPreferences(const Actor& actor, const OrgAccess& access,
                                           const PreferencesPatch& patch);

  // The invitee's side, for a signed-in user: the pending invitations to their e-mail, and
  // answering one (NotFound for an invitation that is not theirs or no longer pending).
  // Accepting makes them a member with the invitation's role.
  Result<std::vector<MemberInvitationOfUser>> PendingInvitations(const User& user);
  Result<MembershipOfUser> AcceptInvitation(const Actor& actor, int64_t invitation);
  Result<void> DeclineInvitation(const Actor& actor, int64_t invitation);

  // API keys (the caller has passed Authorize with kManageApiKeys).
  Result<CreatedApiKey> CreateApiKey(const Actor& actor, const OrgAccess& access,
                                     std::string_view name, Role role);
  // For the CLI: an API key made by the operator, outside any session.
  Result<CreatedApiKey> CreateApiKeyByOperator(OrgId org, std::string_view name, Role role);
  Result<ApiKey> RevokeApiKey(const Actor& actor, const OrgAccess& access, ApiKeyId id);

  Store& store() { return store_; }
  const AccountsOptions& options() const { return options_; }

 private:
  Result<CreatedApiKey> MakeApiKey(Store& tx, OrgId org, std::string_view name, Role role,
                                   std::optional<UserId> created_by);
  // The invitee's pending invitation `id` (NotFound when it is not theirs).
  Result<MemberInvitationOfUser> InvitationOf(const Actor& actor, int64_t id);

  Store& store_;
  const Clock& clock_;
  AccountsOptions options_;
  LoginThrottle account_address_throttle_;
  LoginThrottle account_throttle_;
  LoginThrottle ip_throttle_;
};

// Validation shared by the API and the CLI; each error names its field. (NormaliseEmail
// and SanitiseUtf8 come from core/contact_info.h.)
Result<void> ValidateOrganisationPatch(const OrganisationPatch& patch);
Result<Role> ParseRoleField(std::string_view text, std::string_view field = "role");

}  // namespace nazar
