// Accounts over a real SQLite store with a manual clock: users, sign-in, sessions, API keys,
// organisations (members and invitations: members_test.cc).
#include "accounts/accounts_fixture.h"

namespace nazar {
namespace {

TEST_F(AccountsTest, EmailsAreCaseInsensitiveAndUnique) {
  EXPECT_EQ(owner_.email, "owner@example.com");
  auto dup = accounts_->CreateUser({.email = "OWNER@example.com", .name = "x",
                                    .password = "another-password"});
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.error().field, "email");
  EXPECT_TRUE(accounts_->Login("OWNER@EXAMPLE.COM", "owner-password", "ip", "ua").has_value());
}

TEST_F(AccountsTest, CreateUserValidatesEachField) {
  struct Case {
    NewUserInput in;
    std::string field;
  };
  const Case cases[] = {
      {{.email = "no-at-sign", .name = "x", .password = "long-enough"}, "email"},
      {{.email = "a@b.c", .name = "", .password = "long-enough"}, "name"},
      {{.email = "a@b.c", .name = "x", .password = "short"}, "password"},
      {{.email = "a@b.c", .name = "x", .password = "long-enough", .locale = "de"}, "locale"},
  };
  for (const Case& c : cases) {
    auto r = accounts_->CreateUser(c.in);
    ASSERT_FALSE(r.has_value()) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  EXPECT_EQ(*t_.store->accounts().CountUsers(), 1);  // nothing half-made
}

TEST_F(AccountsTest, WrongPasswordAndUnknownEmailLookTheSame) {
  auto wrong = accounts_->Login("owner@example.com", "nope-nope", "ip", "ua");
  auto unknown = accounts_->Login("ghost@example.com", "nope-nope", "ip", "ua");
  ASSERT_FALSE(wrong.has_value());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(AccountsTest, SessionsExpireWhenIdleAndAtTheirAbsoluteLimit) {
  auto s = accounts_->Login("owner@example.com", "owner-password", "ip", "ua");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->token.size(), 22u);  // 128 bits, base64url
  EXPECT_NE(s->session.token_hash, s->token);  // only the hash is stored
  // Active use keeps it alive past the idle limit...
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(59'000);
    ASSERT_TRUE(accounts_->AuthenticateSession(s->token).has_value()) << i;
  }
  // ...but not past the absolute limit (300 s).
  clock_.Advance(59'000);
  clock_.Advance(30'000);
  EXPECT_EQ(accounts_->AuthenticateSession(s->token).error().code, ErrorCode::kUnauthenticated);

  auto idle = accounts_->Login("owner@example.com", "owner-password", "ip", "ua");
  clock_.Advance(61'000);
  EXPECT_EQ(accounts_->AuthenticateSession(idle->token).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->AuthenticateSession("forged-token").error().code,
            ErrorCode::kUnauthenticated);
}

// Someone who knows the email cannot lock the real user out: failures are throttled per
// account and client address with a growing delay, so the attacker waits and the user, from
// another address, signs in at once.
TEST_F(AccountsTest, AnAttackerIsSlowedDownButCannotLockTheRealUserOut) {
  const std::string attacker = "203.0.113.7", user = "198.51.100.2";
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(accounts_->Login("owner@example.com", "wrong-pass", attacker, "ua").error().code,
              ErrorCode::kUnauthenticated);
  }
  // The attacker now waits 1 s, then 2, 4, ...: each guess costs twice the last.
  int64_t wait = 1;
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(accounts_->LoginRetryAfterSeconds("owner@example.com", attacker), wait) << i;
    auto early = accounts_->Login("owner@example.com", "owner-password", attacker, "ua");
    ASSERT_FALSE(early.has_value());  // even the right password, from there, waits
    EXPECT_EQ(early.error().code, ErrorCode::kResourceExhausted);
    // The real user, from their own address, is not held up at all.
    EXPECT_EQ(accounts_->LoginRetryAfterSeconds("owner@example.com", user), 0) << i;
    ASSERT_TRUE(accounts_->Login("owner@example.com", "owner-password", user, "ua").has_value()) << i;
    clock_.Advance(wait * 1000);
    EXPECT_EQ(accounts_->Login("owner@example.com", "wrong-pass", attacker, "ua").error().code,
              ErrorCode::kUnauthenticated);
    wait *= 2;
  }
  // 2^10 s would be longer than the window (15 minutes): the delay stops growing there.
  EXPECT_EQ(accounts_->LoginRetryAfterSeconds("OWNER@example.com", attacker), 900);
  clock_.Advance(876'000);
  EXPECT_EQ(accounts_->LoginRetryAfterSeconds("owner@example.com", attacker), 24);
  // Another account from the attacker's address is not slowed down.
  EXPECT_EQ(accounts_->LoginRetryAfterSeconds("someone@example.com", attacker), 0);
}

TEST_F(AccountsTest, ASuccessfulSignInForgetsThatAddressesFailures) {
  for (int i = 0; i < 4; ++i) (void)accounts_->Login("owner@example.com", "typo-pass", "ip", "ua");
  ASSERT_TRUE(accounts_->Login("owner@example.com", "owner-password", "ip", "ua").has_value());
  for (int i = 0; i < 4; ++i) (void)accounts_->Login("owner@example.com", "typo-pass", "ip", "ua");
  EXPECT_EQ(accounts_->LoginRetryAfterSeconds("owner@example.com", "ip"), 0);
}

// Many addresses together still meet a limit per account, far above what one person mistypes.
TEST_F(AccountsTest, ManyAddressesTogetherMeetTheAccountWideLimit) {
  Accounts accounts(*t_.store, clock_,
                    AccountsOptions{.account_throttle = {.max_failures = 12, .window_ms = 60'000}});
  for (int i = 0; i < 12; ++i) {
    std::string ip = "203.0.113." + std::to_string(i / 3);  // three guesses per address
    EXPECT_EQ(accounts.Login("owner@example.com", "wrong-pass", ip, "ua").error().code,
              ErrorCode::kUnauthenticated) << i;
    clock_.Advance(1000);
  }
  auto locked = accounts.Login("owner@example.com", "owner-password", "198.51.100.2", "ua");
  ASSERT_FALSE(locked.has_value());
  EXPECT_EQ(locked.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(accounts.LoginRetryAfterSeconds("owner@example.com", "198.51.100.2"), 48);
  clock_.Advance(48'000);
  EXPECT_TRUE(accounts.Login("owner@example.com", "owner-password", "198.51.100.2", "ua"));
}

TEST_F(AccountsTest, ChangePasswordEndsEverySession) {
  auto s = accounts_->Login("owner@example.com", "owner-password", "ip", "ua");
  auto bad = accounts_->ChangePassword(owner_.id, "wrong", "new-password-1");
  EXPECT_EQ(bad.error().field, "current_password");
  auto weak = accounts_->ChangePassword(owner_.id, "owner-password", "short");
  EXPECT_EQ(weak.error().field, "new_password");
  ASSERT_TRUE(accounts_->ChangePassword(owner_.id, "owner-password", "new-password-1").has_value());
  EXPECT_FALSE(accounts_->AuthenticateSession(s->token).has_value());
  EXPECT_FALSE(accounts_->Login("owner@example.com", "owner-password", "ip", "ua").has_value());
  EXPECT_TRUE(accounts_->Login("owner@example.com", "new-password-1", "ip", "ua").has_value());
}

TEST_F(AccountsTest, AuthorizeHidesOtherOrganisations) {
  Principal owner = SignedIn("owner@example.com", "owner-password");
  auto other_user = accounts_->CreateUser({.email = "b@example.com", .name = "B",
                                           .password = "b-password"});
  auto other_org = accounts_->CreateOrganisationFor(other_user->id, {.name = "Other"});
  auto mine = accounts_->Authorize(owner, org_.id, Permission::kManageMembers);
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->role, Role::kOwner);
  auto theirs = accounts_->Authorize(owner, other_org->id, Permission::kReadOrganisation);
  ASSERT_FALSE(theirs.has_value());
  EXPECT_EQ(theirs.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->Authorize(owner, OrgId{987654}, Permission::kReadOrganisation).error().code,
            ErrorCode::kNotFound);
}

TEST_F(AccountsTest, ApiKeysAuthenticateUntilRevokedAndStayInTheirOrganisation) {
  Principal owner = SignedIn("owner@example.com", "owner-password");
  OrgAccess access = *accounts_->Authorize(owner, org_.id, Permission::kManageApiKeys);
  Actor actor{owner, "10.1.2.3"};
  auto key = accounts_->CreateApiKey(actor, access, "CRM sync", Role::kAnalyst);
  ASSERT_TRUE(key.has_value()) << key.error().ToString();
  EXPECT_TRUE(key->secret.starts_with("nzk_" + key->key.prefix + "."));
  EXPECT_EQ(key->secret.find(key->key.secret_hash), std::string::npos);

  auto p = accounts_->AuthenticateApiKey(key->secret);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->api_key->role, Role::kAnalyst);
  EXPECT_TRUE(accounts_->Authorize(*p, org_.id, Permission::kReadResults).has_value());
  EXPECT_EQ(accounts_->Authorize(*p, org_.id, Permission::kManageMembers).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(accounts_->Authorize(*p, OrgId{org_.id.value + 1}, Permission::kReadResults)
                .error()
                .code,
            ErrorCode::kNotFound);

  std::string tampered = key->secret;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(accounts_->AuthenticateApiKey(tampered).has_value());
  EXPECT_FALSE(accounts_->AuthenticateApiKey("nzk_short").has_value());
  EXPECT_FALSE(accounts_->AuthenticateApiKey("").has_value());

  ASSERT_TRUE(accounts_->RevokeApiKey(actor, access, key->key.id).has_value());
  auto revoked = accounts_->AuthenticateApiKey(key->secret);
  ASSERT_FALSE(revoked.has_value());
  EXPECT_EQ(revoked.error().message, "API key revoked");

  auto audit = t_.store->audit().ListAudit(org_.id, {});
  ASSERT_EQ(audit->items.size(), 2u);
  EXPECT_EQ(audit->items[0].action, "apikey.revoke");
  EXPECT_EQ(audit->items[1].action, "apikey.create");
  EXPECT_EQ(audit->items[1].ip, "10.1.2.3");
  EXPECT_EQ(audit->items[1].actor_user_id, owner_.id);
}

TEST_F(AccountsTest, AdminsCannotRevokeOwnerKeysAndRevokingTwiceAuditsOnce) {
  Principal owner = SignedIn("owner@example.com", "owner-password");
  OrgAccess owner_access = *accounts_->Authorize(owner, org_.id, Permission::kManageApiKeys);
  auto owner_key = accounts_->CreateApiKey({owner, "ip"}, owner_access, "root", Role::kOwner);
  auto admin_key = accounts_->CreateApiKey({owner, "ip"}, owner_access, "ops", Role::kAdmin);
  ASSERT_TRUE(owner_key && admin_key);
  Principal admin = *accounts_->AuthenticateApiKey(admin_key->secret);
  OrgAccess admin_access = *accounts_->Authorize(admin, org_.id, Permission::kManageApiKeys);
  EXPECT_EQ(accounts_->RevokeApiKey({admin, "ip"}, admin_access, owner_key->key.id).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(accounts_->AuthenticateApiKey(owner_key->secret).has_value());
  EXPECT_EQ(accounts_->RevokeApiKey({owner, "ip"}, owner_access, ApiKeyId{424242}).error().code,
            ErrorCode::kNotFound);

  ASSERT_TRUE(accounts_->RevokeApiKey({owner, "ip"}, owner_access, admin_key->key.id));
  ASSERT_TRUE(accounts_->RevokeApiKey({owner, "ip"}, owner_access, admin_key->key.id));
  auto audit = t_.store->audit().ListAudit(org_.id, {});
  int revokes = 0;
  for (const auto& e : audit->items) revokes += e.action == "apikey.revoke";
  EXPECT_EQ(revokes, 1);
}

TEST_F(AccountsTest, ClientTextIsStoredAsValidUtf8) {
  auto s = accounts_->Login("owner@example.com", "owner-password", "ip",
                            std::string("agent\xff\xfe ") + std::string(400, 'x') + "نظر");
  ASSERT_TRUE(s.has_value());
  EXPECT_LE(s->session.user_agent.size(), 300u);
  EXPECT_EQ(s->session.user_agent.substr(0, 8), "agent?? ");
  EXPECT_EQ(NormaliseEmail("caf\xe9@x.io").error().field, "email");
}

TEST_F(AccountsTest, OrganisationSettingsAreValidated) {
  Principal owner = SignedIn("owner@example.com", "owner-password");
  OrgAccess access = *accounts_->Authorize(owner, org_.id, Permission::kManageOrganisation);
  Actor actor{owner, "ip"};
  EXPECT_EQ(accounts_->UpdateOrganisation(actor, access, {.time_zone = "Mars/Base"}).error().field,
            "time_zone");
  EXPECT_EQ(accounts_->UpdateOrganisation(actor, access, {.language = "de"}).error().field,
            "language");
  EXPECT_EQ(accounts_->UpdateOrganisation(actor, access, {.name = ""}).error().field, "name");
  auto ok = accounts_->UpdateOrganisation(
      actor, access, {.time_zone = "Asia/Tehran", .calendar = Calendar::kJalali});
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->time_zone, "Asia/Tehran");
  auto audit = t_.store->audit().ListAudit(org_.id, {});
  ASSERT_EQ(audit->items.size(), 1u);  // failed updates left no trace
  EXPECT_EQ(audit->items[0].action, "organisation.update");
  EXPECT_EQ(audit->items[0].details, R"({"calendar":"jalali","time_zone":"Asia/Tehran"})");
}

}  // namespace
}  // namespace nazar
