// Sessions, organisations, members and invitations to join, API keys and the audit log.
#include <fmt/format.h>

#include <algorithm>

#include "core/time.h"
#include "http/json/common_json.h"
#include "http/json_route.h"

namespace nazar::http {
namespace {

using nazar::Json;

Json UserJson(const User& u) {
  return {{"id", u.id.value},
          {"email", u.email},
          {"name", u.name},
          {"locale", u.locale},
          {"created_at", FormatIsoUtc(u.created_ms)}};
}

Json OrgJson(const Organisation& o) {
  return {{"id", o.id.value},
          {"name", o.name},
          {"time_zone", o.time_zone},
          {"calendar", ToString(o.calendar)},
          {"digits", ToString(o.digits)},
          {"language", o.language},
          {"created_at", FormatIsoUtc(o.created_ms)}};
}

Json MemberJson(const Member& m) {
  return {{"user_id", m.user_id.value},
          {"email", m.email},
          {"name", m.name},
          {"role", ToString(m.role)},
          {"joined_at", FormatIsoUtc(m.created_ms)}};
}

// An invitation as its organisation sees it. The same fields whether or not the address
// has an account: nothing here may tell them apart.
Json InvitationJson(const MemberInvitation& i) {
  return {{"id", i.id},
          {"email", i.email},
          {"role", ToString(i.role)},
          {"status", ToString(i.status)},
          {"invited_by", i.invited_by ? Json(i.invited_by->value) : Json(nullptr)},
          {"created_at", FormatIsoUtc(i.created_ms)},
          {"decided_at", OptionalTimeJson(i.decided_ms)}};
}

// A pending invitation as its invitee sees it: which organisation, who asked, as what.
Json ReceivedInvitationJson(const MemberInvitationOfUser& r) {
  const MemberInvitation& i = r.invitation;
  Json by = r.invited_by_email.empty()
                ? Json(nullptr)
                : Json{{"name", r.invited_by_name}, {"email", r.invited_by_email}};
  return {{"id", i.id},
          {"organisation", {{"id", i.org_id.value}, {"name", r.organisation_name}}},
          {"role", ToString(i.role)},
          {"invited_by", std::move(by)},
          {"invited_at", FormatIsoUtc(i.created_ms)}};
}

// An organisation in the caller's list: its settings, their role and what it lets them do.
Json MembershipJson(const Organisation& org, Role role) {
  Json o = OrgJson(org);
  o["role"] = ToString(role);
  o["permissions"] = PermissionsOf(role);
  return o;
}

Json ApiKeyJson(const ApiKey& k) {
  return {{"id", k.id.value},
          {"name", k.name},
          {"role", ToString(k.role)},
          {"prefix", "nzk_" + k.prefix},
          {"created_by", k.created_by ? Json(k.created_by->value) : Json(nullptr)},
          {"created_at", FormatIsoUtc(k.created_ms)},
          {"last_used_at", OptionalTimeJson(k.last_used_ms)},
          {"revoked_at", OptionalTimeJson(k.revoked_ms)}};
}

Json AuditJson(const AuditEntry& e) {
  Json details = Json::parse(e.details, nullptr, false);
  if (details.is_discarded()) details = Json::object();
  return {{"id", e.id},
          {"action", e.action},
          {"target", e.target},
          {"details", details},
          {"actor_user_id", e.actor_user_id ? Json(e.actor_user_id->value) : Json(nullptr)},
          {"actor_api_key_id", e.actor_api_key_id ? Json(e.actor_api_key_id->value) : Json(nullptr)},
          {"ip", e.ip},
          {"at", FormatIsoUtc(e.at_ms)}};
}

std::string SessionCookie(std::string_view token, int64_t max_age_s, bool secure) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}", kSessionCookie, token,
                     max_age_s, secure ? "; Secure" : "");
}

// What a signed-in user's session shows.
struct SessionView {
  User user;
  std::string csrf_token;
  std::vector<MembershipOfUser> organisations;
  std::vector<MemberInvitationOfUser> invitations;
  std::vector<MemberPreferences> preferences;  // the user's own choices, by organisation
};

Result<SessionView> ReadSession(Accounts& accounts, const User& user, std::string_view csrf) {
  TRY_ASSIGN(auto organisations, accounts.store().accounts().ListOrganisationsOfUser(user.id));
  TRY_ASSIGN(auto invitations, accounts.PendingInvitations(user));
  TRY_ASSIGN(auto preferences, accounts.store().preferences().ListPreferencesOfUser(user.id));
  return SessionView{user, std::string(csrf), std::move(organisations), std::move(invitations),
                     std::move(preferences)};
}

// The session of the request's signed-in user.
Result<SessionView> CurrentSession(Accounts& accounts, const RequestContext& ctx) {
  return ReadSession(accounts, *ctx.principal->user, ctx.principal->csrf_token);
}

Json MembershipJson(const MembershipOfUser& m) { return MembershipJson(m.organisation, m.role); }

// A member's own calendar and digits: "organisation" where they follow its setting.
Json PreferencesJson(const std::optional<MemberPreferences>& p) {
  auto calendar = p && p->calendar ? ToString(*p->calendar) : std::string_view("organisation");
  auto digits = p && p->digits ? ToString(*p->digits) : std::string_view("organisation");
  return {{"calendar", calendar}, {"digits", digits}};
}

// {user, csrf_token, organisations (each with the user's preferences in it), invitations}.
Json SessionJson(const SessionView& s) {
  auto membership = [&s](const MembershipOfUser& m) {
    Json o = MembershipJson(m.organisation, m.role);
    auto mine = std::ranges::find(s.preferences, m.organisation.id, &MemberPreferences::org_id);
    o["preferences"] = PreferencesJson(mine == s.preferences.end()
                                           ? std::nullopt
                                           : std::optional<MemberPreferences>(*mine));
    return o;
  };
  return Json{{"user", UserJson(s.user)},
              {"csrf_token", s.csrf_token},
              {"organisations", ArrayJson(s.organisations, membership)},
              {"invitations", ArrayJson(s.invitations, ReceivedInvitationJson)}};
}

// The answer when the session ended (signed out, or every session ended by a new password).
Response SignedOut(bool secure) {
  Response res = NoContent();
  res.SetHeader("Set-Cookie", SessionCookie("", 0, secure));
  return res;
}

// An organisation with the caller's role in it.
Json OrgWithRoleJson(const RequestContext& ctx, const Organisation& org) {
  Json o = OrgJson(org);
  o["role"] = ToString(ctx.org().role);
  return o;
}

struct Credentials {
  std::string email;
  std::string password;
};

Credentials ReadCredentials(JsonObjectReader& r) {
  Credentials c;
  c.email = r.String("email", {.min_chars = 1, .max_chars = 254});
  c.password = r.String("password", {.min_chars = 1, .max_chars = 256, .trim = false});
  return c;
}

struct PasswordChange {
  std::string current;
  std::string next;
};

PasswordChange ReadPasswordChange(JsonObjectReader& r) {
  PasswordChange c;
  c.current = r.String("current_password", {.min_chars = 1, .max_chars = 256, .trim = false});
  c.next = r.String("new_password", {.max_chars = 256, .trim = false});
  return c;
}

// Reads the optional organisation settings shared by create and update.
OrganisationPatch ReadOrganisationFields(JsonObjectReader& r) {
  OrganisationPatch p;
  p.name = r.OptionalString("name", {.min_chars = 1, .max_chars = 200});
  p.time_zone = r.OptionalString("time_zone", {.min_chars = 1, .max_chars = 64});
  if (auto c = r.OptionalString("calendar")) {
    p.calendar = ParseCalendar(*c);
    if (!p.calendar) r.Reject("calendar", "calendar must be \"gregorian\" or \"jalali\"");
  }
  if (auto d = r.OptionalString("digits")) {
    p.digits = ParseDigits(*d);
    if (!p.digits) r.Reject("digits", "digits must be \"latin\" or \"persian\"");
  }
  p.language = r.OptionalString("language", {.max_chars = 8});
  return p;
}

Role ReadRole(JsonObjectReader& r, bool required) {
  std::optional<std::string> text =
      required ? std::optional<std::string>(r.String("role")) : r.OptionalString("role");
  if (!r.ok() || !text) return Role::kViewer;
  auto role = ParseRoleField(*text);
  if (!role) {
    r.Reject("role", role.error().message);
    return Role::kViewer;
  }
  return *role;
}

NewOrganisationInput ReadNewOrganisation(JsonObjectReader& r) {
  (void)r.String("name", {.min_chars = 1, .max_chars = 200});
  OrganisationPatch p = ReadOrganisationFields(r);
  NewOrganisationInput in{.name = p.name.value_or("")};
  if (p.time_zone) in.time_zone = *p.time_zone;
  if (p.calendar) in.calendar = *p.calendar;
  if (p.digits) in.digits = *p.digits;
  if (p.language) in.language = *p.language;
  return in;
}

InviteMemberInput ReadInvitation(JsonObjectReader& r) {
  InviteMemberInput in;
  in.email = r.String("email", {.min_chars = 1, .max_chars = 254});
  in.role = ReadRole(r, true);
  in.name = r.OptionalString("name", {.min_chars = 1, .max_chars = 200});
  in.password = r.OptionalString("password", {.max_chars = 256, .trim = false});
  return in;
}

struct NewApiKey {
  std::string name;
  Role role = Role::kViewer;
};

NewApiKey ReadNewApiKey(JsonObjectReader& r) {
  NewApiKey k;
  k.name = r.String("name", {.min_chars = 1, .max_chars = 200});
  k.role = ReadRole(r, true);
  return k;
}

Json CreatedApiKeyJson(const CreatedApiKey& created) {
  Json k = ApiKeyJson(created.key);
  k["token"] = created.secret;  // shown this once; only its hash is kept
  return k;
}

Role ReadRequiredRole(JsonObjectReader& r) { return ReadRole(r, true); }

// A member's choice at `name`: absent (unchanged), "organisation" (follow its setting, set to
// nullopt) or a value `parse` knows (else refused naming the field, with `values`).
template <typename T, typename Parse>
void ReadChoice(JsonObjectReader& r, std::string_view name, Parse parse,
                std::optional<std::optional<T>>& out, std::string_view values) {
  auto text = r.OptionalString(name);
  if (!text) return;
  if (*text == "organisation") {
    out.emplace(std::nullopt);
  } else if (std::optional<T> value = parse(*text)) {
    out.emplace(value);
  } else {
    r.Reject(name, fmt::format("{} must be \"organisation\", {}", name, values));
  }
}

// {calendar?, digits?}.
PreferencesPatch ReadPreferences(JsonObjectReader& r) {
  PreferencesPatch p;
  ReadChoice<Calendar>(r, "calendar", ParseCalendar, p.calendar, "\"gregorian\" or \"jalali\"");
  ReadChoice<Digits>(r, "digits", ParseDigits, p.digits, "\"latin\" or \"persian\"");
  return p;
}

}  // namespace

void AddAccountRoutes(Router& router, ApiDeps& deps) {
  Accounts& accounts = deps.accounts;
  Store& store = deps.store;
  const bool secure = deps.options.cookie_secure;
  auto session_json = [](const SessionView& s) { return SessionJson(s); };

  // --- session -------------------------------------------------------------------------------

  router.Add({.method = "POST",
              .pattern = "/api/v1/session",
              .access = Access::kPublic,
              .handler = [&accounts, secure](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const Credentials in, ReadBody(ctx.request, ReadCredentials));
                auto signin = accounts.Login(in.email, in.password, ctx.request.remote_ip,
                                             std::string(ctx.request.Header("user-agent")));
                if (!signin) {
                  Response err = Response::FromError(signin.error());
                  if (signin.error().code == ErrorCode::kResourceExhausted) {
                    err.SetHeader("Retry-After", std::to_string(accounts.LoginRetryAfterSeconds(
                                                     in.email, ctx.request.remote_ip)));
                  }
                  return err;
                }
                TRY_ASSIGN(const SessionView session,
                           ReadSession(accounts, signin->user, signin->session.csrf_token));
                Response res = Response::Json(200, SessionJson(session));
                res.SetHeader("Set-Cookie",
                              SessionCookie(signin->token,
                                            accounts.options().session_absolute_ms / 1000, secure));
                return res;
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/session",
              .access = Access::kSession,
              .handler = JsonRoute(
                  200, [&accounts](RequestContext& ctx) { return CurrentSession(accounts, ctx); },
                  session_json)});

  router.Add({.method = "DELETE",
              .pattern = "/api/v1/session",
              .access = Access::kSession,
              .handler = JsonRoute(
                  204,
                  [&accounts](RequestContext& ctx) {
                    return accounts.Logout(*ctx.request.Cookie(kSessionCookie));
                  },
                  [secure] { return SignedOut(secure); })});

  router.Add(
      {.method = "PATCH",
       .pattern = "/api/v1/session",
       .access = Access::kSession,
       .handler = JsonRoute(
           200, [](JsonObjectReader& r) { return r.String("locale", {.max_chars = 8}); },
           [&accounts](RequestContext& ctx, const std::string& locale) -> Result<SessionView> {
             TRY_ASSIGN(const User user, accounts.SetLocale(ctx.principal->user->id, locale));
             return ReadSession(accounts, user, ctx.principal->csrf_token);
           },
           session_json)});

  // Every session of the user ends, this one included: they sign in again.
  router.Add({.method = "POST",
              .pattern = "/api/v1/session/password",
              .access = Access::kSession,
              .handler = JsonRoute(
                  204, ReadPasswordChange,
                  [&accounts](RequestContext& ctx, const PasswordChange& in) {
                    return accounts.ChangePassword(ctx.principal->user->id, in.current, in.next);
                  },
                  [secure] { return SignedOut(secure); })});

  // The invitee's side of invitations to join an organisation.
  router.Add({.method = "GET",
              .pattern = "/api/v1/session/invitations",
              .access = Access::kSession,
              .handler = JsonRoute(
                  200,
                  [&accounts](RequestContext& ctx) {
                    return accounts.PendingInvitations(*ctx.principal->user);
                  },
                  [](const std::vector<MemberInvitationOfUser>& pending) {
                    return WholeListJson(pending, ReceivedInvitationJson);
                  })});

  // Answering one: the session as it then stands (its organisations, what is still pending).
  for (bool accept : {true, false}) {
    router.Add({.method = "POST",
                .pattern = accept ? "/api/v1/session/invitations/{invitation}/accept"
                                  : "/api/v1/session/invitations/{invitation}/decline",
                .access = Access::kSession,
                .handler = JsonRoute(
                    200, PathId{"invitation"},
                    [&accounts, accept](RequestContext& ctx, int64_t id) -> Result<SessionView> {
                      if (accept) {
                        TRY(accounts.AcceptInvitation(ctx.actor(), id));
                      } else {
                        TRY(accounts.DeclineInvitation(ctx.actor(), id));
                      }
                      return CurrentSession(accounts, ctx);
                    },
                    session_json)});
  }

  // --- organisations -----------------------------------------------------------------------------

  // The caller's organisations: an API key's own, a user's every membership.
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs",
              .access = Access::kAny,
              .handler = JsonRoute(
                  200,
                  [&store](RequestContext& ctx) -> Result<std::vector<MembershipOfUser>> {
                    if (const auto& key = ctx.principal->api_key) {
                      TRY_ASSIGN(Organisation org, store.accounts().GetOrganisation(key->org_id));
                      return std::vector<MembershipOfUser>{
                          {.organisation = std::move(org), .role = key->role}};
                    }
                    return store.accounts().ListOrganisationsOfUser(ctx.principal->user->id);
                  },
                  [](const std::vector<MembershipOfUser>& orgs) {
                    return WholeListJson(
                        orgs, [](const MembershipOfUser& m) { return MembershipJson(m); });
                  })});

  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs",
              .access = Access::kSession,
              .handler = JsonRoute(
                  201, ReadNewOrganisation,
                  [&accounts](RequestContext& ctx, const NewOrganisationInput& in) {
                    return accounts.CreateOrganisation(ctx.actor(), in);
                  },
                  [](const Organisation& org) {
                    Json o = OrgJson(org);
                    o["role"] = "owner";
                    return o;
                  })});

  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}",
       .access = Access::kAny,
       .permission = Permission::kReadOrganisation,
       .handler = JsonRoute(
           200, [&store](RequestContext& ctx) { return store.accounts().GetOrganisation(ctx.org().org); },
           OrgWithRoleJson)});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/orgs/{org}",
              .access = Access::kAny,
              .permission = Permission::kManageOrganisation,
              .handler = JsonRoute(
                  200, ReadOrganisationFields,
                  [&accounts](RequestContext& ctx, const OrganisationPatch& patch) {
                    return accounts.UpdateOrganisation(ctx.actor(), ctx.org(), patch);
                  },
                  OrgWithRoleJson)});

  // --- members ---------------------------------------------------------------------------------

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/members",
              .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) {
                    return store.accounts().ListMembers(ctx.org().org, page);
                  },
                  MemberJson)});

  // Accepted, not done (202): the person joins when they accept.
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/members",
              .access = Access::kAny,
              .permission = Permission::kManageMembers,
              .handler = JsonRoute(
                  202, ReadInvitation,
                  [&accounts](RequestContext& ctx, const InviteMemberInput& in) {
                    return accounts.InviteMember(ctx.actor(), ctx.org(), in);
                  },
                  InvitationJson)});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/orgs/{org}/members/{user}",
              .access = Access::kAny,
              .permission = Permission::kManageMembers,
              .handler = JsonRoute(
                  200, PathId{"user"}, ReadRequiredRole,
                  [&accounts](RequestContext& ctx, int64_t user, Role role) {
                    return accounts.SetMemberRole(ctx.actor(), ctx.org(), UserId{user}, role);
                  },
                  MemberJson)});

  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/members/{user}",
              .access = Access::kAny,
              .permission = Permission::kManageMembers,
              .handler = JsonRoute(
                  204, PathId{"user"},
                  [&accounts](RequestContext& ctx, int64_t user) {
                    return accounts.RemoveMember(ctx.actor(), ctx.org(), UserId{user});
                  },
                  NoContent)});

  // Leaving: any member, for themselves (the last owner may not; an API key cannot).
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/membership",
              .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = JsonRoute(
                  204,
                  [&accounts](RequestContext& ctx) {
                    return accounts.LeaveOrganisation(ctx.actor(), ctx.org());
                  },
                  NoContent)});

  // The caller's own calendar and digits here (a signed-in member; absent fields unchanged;
  // an API key is refused by Accounts, after the organisation check like every route's).
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/orgs/{org}/membership",
              .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = JsonRoute(
                  200, ReadPreferences,
                  [&accounts](RequestContext& ctx, const PreferencesPatch& patch) {
                    return accounts.SetPreferences(ctx.actor(), ctx.org(), patch);
                  },
                  [](const MemberPreferences& p) { return PreferencesJson(p); })});

  // --- invitations to join (the organisation's side) ----------------------------------------------

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/member-invitations",
              .access = Access::kAny,
              .permission = Permission::kManageMembers,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) {
                    return store.accounts().ListMemberInvitations(ctx.org().org, page);
                  },
                  InvitationJson)});

  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/member-invitations/{invitation}",
              .access = Access::kAny,
              .permission = Permission::kManageMembers,
              .handler = JsonRoute(
                  200, PathId{"invitation"},
                  [&accounts](RequestContext& ctx, int64_t id) {
                    return accounts.RevokeInvitation(ctx.actor(), ctx.org(), id);
                  },
                  InvitationJson)});

  // --- API keys ----------------------------------------------------------------------------------

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/api-keys",
              .access = Access::kAny,
              .permission = Permission::kManageApiKeys,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) {
                    return store.access().ListApiKeys(ctx.org().org, page);
                  },
                  ApiKeyJson)});

  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/api-keys",
              .access = Access::kAny,
              .permission = Permission::kManageApiKeys,
              .handler = JsonRoute(
                  201, ReadNewApiKey,
                  [&accounts](RequestContext& ctx, const NewApiKey& in) {
                    return accounts.CreateApiKey(ctx.actor(), ctx.org(), in.name, in.role);
                  },
                  CreatedApiKeyJson)});

  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/api-keys/{key}",
              .access = Access::kAny,
              .permission = Permission::kManageApiKeys,
              .handler = JsonRoute(
                  200, PathId{"key"},
                  [&accounts](RequestContext& ctx, int64_t key) {
                    return accounts.RevokeApiKey(ctx.actor(), ctx.org(), ApiKeyId{key});
                  },
                  ApiKeyJson)});

  // --- audit -------------------------------------------------------------------------------------

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/audit",
              .access = Access::kAny,
              .permission = Permission::kReadAudit,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) {
                    return store.audit().ListAudit(ctx.org().org, page);
                  },
                  AuditJson)});
}

}  // namespace nazar::http
