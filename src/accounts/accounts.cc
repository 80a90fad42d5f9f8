#include "accounts/accounts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "accounts/accounts_internal.h"
#include "accounts/audit.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/time.h"

namespace nazar {
namespace {

constexpr size_t kSessionTokenBytes = 16;  // 128 bits
constexpr size_t kApiKeyPrefixChars = 12;
constexpr size_t kApiKeySecretBytes = 32;
constexpr std::string_view kApiKeyScheme = "nzk_";
constexpr size_t kMaxNameChars = 200;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Result<void> CheckLanguage(std::string_view lang, std::string_view field) {
  if (lang == "fa" || lang == "en") return {};
  return Fail(Error::InvalidArgument(fmt::format("{} must be \"fa\" or \"en\"", field),
                                     std::string(field)));
}

Error Unauthorised() { return Error::Unauthenticated("wrong email or password"); }

// The throttling keys of one sign-in: the account (by the email typed, known or not, so
// throttling says nothing about which accounts exist), the account from this address, and
// the address.
struct LoginKeys {
  std::string email, account, account_address, address;
};
LoginKeys KeysOf(std::string_view email_in, std::string_view ip) {
  LoginKeys k;
  k.email = Lower(email_in);
  k.address = ThrottleKeyForAddress(ip);
  k.account = "email:" + k.email;
  k.account_address = k.account + "|" + k.address;
  return k;
}

}  // namespace

namespace accounts_internal {

Result<std::string> CheckName(std::string_view name, std::string_view field) {
  size_t n = Utf8Length(name);
  if (n == 0) return Fail(Error::InvalidArgument(fmt::format("{} must not be empty", field),
                                                 std::string(field)));
  if (n > kMaxNameChars) {
    return Fail(Error::InvalidArgument(
        fmt::format("{} must be at most {} characters", field, kMaxNameChars), std::string(field)));
  }
  return std::string(name);
}

std::string Target(std::string_view kind, int64_t id) { return fmt::format("{}:{}", kind, id); }

}  // namespace accounts_internal

using accounts_internal::CheckName;
using accounts_internal::Target;

// --- validation ----------------------------------------------------------------------------

Result<Role> ParseRoleField(std::string_view text, std::string_view field) {
  if (auto r = ParseRole(text)) return *r;
  return Fail(Error::InvalidArgument(
      fmt::format("{} must be one of owner, admin, analyst, agent, viewer", field),
      std::string(field)));
}

Result<void> ValidateOrganisationPatch(const OrganisationPatch& p) {
  if (p.name) {
    if (auto n = CheckName(*p.name, "name"); !n) return Fail(n.error());
  }
  if (p.time_zone && !IsKnownTimeZone(*p.time_zone)) {
    return Fail(Error::InvalidArgument(
        "time_zone must be an IANA time zone such as Asia/Tehran or UTC", "time_zone"));
  }
  if (p.language) {
    if (auto l = CheckLanguage(*p.language, "language"); !l) return Fail(l.error());
  }
  return {};
}

// --- accounts ------------------------------------------------------------------------------

Accounts::Accounts(Store& store, const Clock& clock, AccountsOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      account_address_throttle_(clock, options.account_address_throttle),
      account_throttle_(clock, options.account_throttle),
      ip_throttle_(clock, options.ip_throttle) {}

Result<User> Accounts::SetLocale(UserId user, std::string_view locale) {
  if (auto l = CheckLanguage(locale, "locale"); !l) return Fail(l.error());
  if (auto set = store_.accounts().SetUserLocale(user, locale); !set) return Fail(set.error());
  return store_.accounts().GetUser(user);
}

Result<User> Accounts::CreateUser(const NewUserInput& in) {
  auto email = NormaliseEmail(in.email);
  if (!email) return Fail(email.error());
  auto name = CheckName(in.name, "name");
  if (!name) return Fail(name.error());
  if (auto l = CheckLanguage(in.locale, "locale"); !l) return Fail(l.error());
  if (auto p = CheckPasswordPolicy(in.password); !p) return Fail(p.error());
  auto hash = HashPassword(in.password, options_.hashing);
  if (!hash) return Fail(hash.error());
  auto user = store_.accounts().CreateUser({.email = *email,
                                            .name = *name,
                                            .password_hash = *hash,
                                            .locale = in.locale,
                                            .created_ms = clock_.NowMs()});
  if (!user && user.error().code == ErrorCode::kAlreadyExists) {
    return Fail(Error::AlreadyExists("a user with this email already exists", "email"));
  }
  return user;
}

Result<void> Accounts::ChangePassword(UserId id, std::string_view current, std::string_view next) {
  auto user = store_.accounts().GetUser(id);
  if (!user) return Fail(user.error());
  if (!VerifyPassword(user->password_hash, current)) {
    return Fail(Error::InvalidArgument("current password is wrong", "current_password"));
  }
  if (auto p = CheckPasswordPolicy(next); !p) {
    return Fail(Error::InvalidArgument(p.error().message, "new_password"));
  }
  auto hash = HashPassword(next, options_.hashing);
  if (!hash) return Fail(hash.error());
  // Other sessions end with the old password.
  return store_.Transact([&](Store& tx) -> Result<void> {
    if (auto s = tx.accounts().SetUserPassword(id, *hash); !s) return s;
    return tx.access().DeleteSessionsOfUser(id);
  });
}

Result<SignIn> Accounts::Login(std::string_view email_in, std::string_view password,
                               std::string ip, std::string user_agent) {
  const LoginKeys keys = KeysOf(email_in, ip);
  if (auto t = ip_throttle_.Check(keys.address); !t) return Fail(t.error());
  if (auto t = account_address_throttle_.Check(keys.account_address); !t) return Fail(t.error());
  if (auto t = account_throttle_.Check(keys.account); !t) return Fail(t.error());

  auto user = store_.accounts().FindUserByEmail(keys.email);
  if (!user && user.error().code != ErrorCode::kNotFound) return Fail(user.error());
  // Verify even for unknown emails so timing does not reveal which accounts exist.
  static const std::string kDummyHash =
      HashPassword("not-a-real-password", options_.hashing).value_or("");
  bool ok = VerifyPassword(user ? user->password_hash : kDummyHash, password);
  if (!user || !ok || user->disabled) {
    ip_throttle_.RecordFailure(keys.address);
    account_address_throttle_.RecordFailure(keys.account_address);
    account_throttle_.RecordFailure(keys.account);
    return Fail(Unauthorised());
  }
  account_address_throttle_.Clear(keys.account_address);

  int64_t now = clock_.NowMs();
  std::string token = RandomToken(kSessionTokenBytes);
  Session session{.token_hash = Sha256Hex(token),
                  .user_id = user->id,
                  .csrf_token = RandomToken(kSessionTokenBytes),
                  .created_ms = now,
                  .last_seen_ms = now,
                  .expires_ms = now + options_.session_absolute_ms,
                  .ip = std::move(ip),
                  .user_agent = SanitiseUtf8(user_agent, 300)};
  if (auto s = store_.access().CreateSession(session); !s) return Fail(s.error());
  return SignIn{std::move(token), std::move(session), std::move(*user)};
}

int64_t Accounts::LoginRetryAfterSeconds(std::string_view email, std::string_view ip) {
  const LoginKeys keys = KeysOf(email, ip);
  return std::max({ip_throttle_.RetryAfterSeconds(keys.address),
                   account_address_throttle_.RetryAfterSeconds(keys.account_address),
                   account_throttle_.RetryAfterSeconds(keys.account)});
}

Result<Principal> Accounts::AuthenticateSession(std::string_view token) {
  if (token.empty() || token.size() > 64) return Fail(Error::Unauthenticated("invalid session"));
  std::string hash = Sha256Hex(token);
  auto session = store_.access().GetSession(hash);
  if (!session) {
    if (session.error().code == ErrorCode::kNotFound)
      return Fail(Error::Unauthenticated("session expired or unknown; please sign in"));
    return Fail(session.error());
  }
  int64_t now = clock_.NowMs();
  if (now >= session->expires_ms || now - session->last_seen_ms >= options_.session_idle_ms) {
    (void)store_.access().DeleteSession(hash);
    return Fail(Error::Unauthenticated("session expired; please sign in"));
  }
  auto user = store_.accounts().GetUser(session->user_id);
  if (!user) return Fail(user.error());
  if (user->disabled) return Fail(Error::Unauthenticated("account disabled"));
  // last_seen lags by up to the touch interval; keep that lag a small part of the idle
  // limit so an active session never expires for want of a write.
  int64_t touch_every = std::min(options_.touch_interval_ms, options_.session_idle_ms / 4);
  if (now - session->last_seen_ms >= touch_every) {
    (void)store_.access().TouchSession(hash, now);
  }
  Principal p;
  p.user = std::move(*user);
  p.session_hash = std::move(hash);
  p.csrf_token = std::move(session->csrf_token);
  return p;
}

Result<void> Accounts::Logout(std::string_view token) {
  return store_.access().DeleteSession(Sha256Hex(token));
}

Result<Principal> Accounts::AuthenticateApiKey(std::string_view bearer) {
  // nzk_<12-char prefix>.<secret>
  auto invalid = [] { return Fail(Error::Unauthenticated("invalid API key")); };
  if (!bearer.starts_with(kApiKeyScheme)) return invalid();
  std::string_view rest = bearer.substr(kApiKeyScheme.size());
  if (rest.size() < kApiKeyPrefixChars + 2 || rest[kApiKeyPrefixChars] != '.') return invalid();
  std::string_view prefix = rest.substr(0, kApiKeyPrefixChars);
  std::string_view secret = rest.substr(kApiKeyPrefixChars + 1);
  auto key = store_.access().FindApiKeyByPrefix(prefix);
  if (!key) {
    if (key.error().code == ErrorCode::kNotFound) return invalid();
    return Fail(key.error());
  }
  if (!ConstantTimeEquals(Sha256Hex(secret), key->secret_hash)) return invalid();
  if (key->revoked_ms) return Fail(Error::Unauthenticated("API key revoked"));
  int64_t now = clock_.NowMs();
  if (!key->last_used_ms || now - *key->last_used_ms >= options_.touch_interval_ms) {
    (void)store_.access().TouchApiKey(key->id, now);
  }
  Principal p;
  p.api_key = std::move(*key);
  return p;
}

Result<OrgAccess> Accounts::Authorize(const Principal& principal, OrgId org, Permission perm) {
  Role role;
  if (principal.api_key) {
    if (principal.api_key->org_id != org) return Fail(Error::NotFound("organisation not found"));
    role = principal.api_key->role;
  } else if (principal.user) {
    auto member = store_.accounts().GetMember(org, principal.user->id);
    if (!member) {
      if (member.error().code == ErrorCode::kNotFound)
        return Fail(Error::NotFound("organisation not found"));
      return Fail(member.error());
    }
    role = member->role;
  } else {
    return Fail(Error::Unauthenticated("sign in or send an API key"));
  }
  if (!RoleAllows(role, perm)) {
    return Fail(Error::PermissionDenied(
        fmt::format("the {} role may not do this", ToString(role))));
  }
  return OrgAccess{org, role};
}

namespace {
Result<Organisation> MakeOrganisation(const NewOrganisationInput& in, int64_t now) {
  OrganisationPatch check{.name = in.name, .time_zone = in.time_zone, .language = in.language};
  if (auto v = ValidateOrganisationPatch(check); !v) return Fail(v.error());
  return Organisation{.name = in.name,
                      .time_zone = in.time_zone,
                      .calendar = in.calendar,
                      .digits = in.digits,
                      .language = in.language,
                      .created_ms = now};
}
}  // namespace

Result<Organisation> Accounts::CreateOrganisationFor(UserId owner,
                                                     const NewOrganisationInput& input) {
  auto org = MakeOrganisation(input, clock_.NowMs());
  if (!org) return Fail(org.error());
  return store_.accounts().CreateOrganisation(*org, owner);
}

Result<Organisation> Accounts::CreateOrganisation(const Actor& actor,
                                                  const NewOrganisationInput& input) {
  if (!actor.principal.user) {
    return Fail(Error::PermissionDenied("only a signed-in user can create an organisation"));
  }
  auto org = MakeOrganisation(input, clock_.NowMs());
  if (!org) return Fail(org.error());
  Organisation created;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto o = tx.accounts().CreateOrganisation(*org, actor.principal.user->id);
    if (!o) return Fail(o.error());
    created = *o;
    return WriteAudit(tx.audit(), actor, o->id, "organisation.create",
                      Target("organisation", o->id.value), {{"name", o->name}}, clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return created;
}

Result<Organisation> Accounts::UpdateOrganisation(const Actor& actor, const OrgAccess& access,
                                                  const OrganisationPatch& patch) {
  if (auto v = ValidateOrganisationPatch(patch); !v) return Fail(v.error());
  Organisation updated;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto o = tx.accounts().UpdateOrganisation(access.org, patch);
    if (!o) return Fail(o.error());
    updated = *o;
    nlohmann::json changed = nlohmann::json::object();
    if (patch.name) changed["name"] = *patch.name;
    if (patch.time_zone) changed["time_zone"] = *patch.time_zone;
    if (patch.calendar) changed["calendar"] = ToString(*patch.calendar);
    if (patch.digits) changed["digits"] = ToString(*patch.digits);
    if (patch.language) changed["language"] = *patch.language;
    return WriteAudit(tx.audit(), actor, access.org, "organisation.update",
                      Target("organisation", access.org.value), changed, clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return updated;
}

Result<CreatedApiKey> Accounts::MakeApiKey(Store& tx, OrgId org, std::string_view name_in,
                                           Role role, std::optional<UserId> created_by) {
  auto name = CheckName(name_in, "name");
  if (!name) return Fail(name.error());
  std::string prefix = RandomToken(9);  // 9 bytes -> 12 characters
  // '.' separates prefix and secret; base64url never produces it.
  std::string secret = RandomToken(kApiKeySecretBytes);
  auto key = tx.access().CreateApiKey({.org_id = org,
                                       .name = *name,
                                       .role = role,
                                       .prefix = prefix,
                                       .secret_hash = Sha256Hex(secret),
                                       .created_by = created_by,
                                       .created_ms = clock_.NowMs()});
  if (!key) return Fail(key.error());
  return CreatedApiKey{*key, fmt::format("{}{}.{}", kApiKeyScheme, prefix, secret)};
}

Result<CreatedApiKey> Accounts::CreateApiKey(const Actor& actor, const OrgAccess& access,
                                             std::string_view name, Role role) {
  if (!MayGrant(access.role, role)) {
    return Fail(Error::PermissionDenied(fmt::format(
        "the {} role may not create a key with the {} role", ToString(access.role),
        ToString(role))));
  }
  CreatedApiKey created;
  std::optional<UserId> by;
  if (actor.principal.user) by = actor.principal.user->id;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto k = MakeApiKey(tx, access.org, name, role, by);
    if (!k) return Fail(k.error());
    created = std::move(*k);
    return WriteAudit(
        tx.audit(), actor, access.org, "apikey.create", Target("apikey", created.key.id.value),
        {{"name", created.key.name}, {"role", ToString(role)}, {"prefix", created.key.prefix}},
        clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return created;
}

Result<CreatedApiKey> Accounts::CreateApiKeyByOperator(OrgId org, std::string_view name,
                                                       Role role) {
  return MakeApiKey(store_, org, name, role, std::nullopt);
}

Result<ApiKey> Accounts::RevokeApiKey(const Actor& actor, const OrgAccess& access, ApiKeyId id) {
  ApiKey revoked;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto page = tx.access().ListApiKeys(access.org, {.after = id.value - 1, .limit = 1});
    if (!page) return Fail(page.error());
    if (page->items.empty() || page->items[0].id != id) {
      return Fail(Error::NotFound("API key not found"));
    }
    if (!MayGrant(access.role, page->items[0].role)) {
      return Fail(Error::PermissionDenied(fmt::format("the {} role may not revoke a {} key",
                                                      ToString(access.role),
                                                      ToString(page->items[0].role))));
    }
    if (page->items[0].revoked_ms) {  // already revoked: nothing changes, nothing to audit
      revoked = page->items[0];
      return {};
    }
    auto k = tx.access().RevokeApiKey(access.org, id, clock_.NowMs());
    if (!k) return Fail(k.error());
    revoked = *k;
    return WriteAudit(tx.audit(), actor, access.org, "apikey.revoke", Target("apikey", id.value),
                      {{"name", k->name}, {"prefix", k->prefix}}, clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return revoked;
}

}  // namespace nazar
