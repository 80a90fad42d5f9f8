// Sessions, organisations, members and invitations to join, API keys and the audit log.
#include <fmt/format.h>

#include "core/time.h"
#include "http/api.h"

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

Json OptionalTime(const std::optional<int64_t>& ms) {
  return ms ? Json(FormatIsoUtc(*ms)) : Json(nullptr);
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
          {"decided_at", OptionalTime(i.decided_ms)}};
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
          {"last_used_at", OptionalTime(k.last_used_ms)},
          {"revoked_at", OptionalTime(k.revoked_ms)}};
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

Result<Json> ReceivedInvitationsJson(Accounts& accounts, const User& user) {
  auto pending = accounts.PendingInvitations(user);
  if (!pending) return Fail(pending.error());
  Json list = Json::array();
  for (const auto& i : *pending) list.push_back(ReceivedInvitationJson(i));
  return list;
}

// {user, csrf_token, organisations, invitations} for the signed-in user.
Result<Json> SessionJson(Accounts& accounts, const User& user, std::string_view csrf) {
  auto orgs = accounts.store().accounts().ListOrganisationsOfUser(user.id);
  if (!orgs) return Fail(orgs.error());
  Json list = Json::array();
  for (const auto& m : *orgs) list.push_back(MembershipJson(m.organisation, m.role));
  auto invitations = ReceivedInvitationsJson(accounts, user);
  if (!invitations) return Fail(invitations.error());
  return Json{{"user", UserJson(user)},
              {"csrf_token", csrf},
              {"organisations", list},
              {"invitations", std::move(*invitations)}};
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

}  // namespace

void AddAccountRoutes(Router& router, ApiDeps& deps) {
  Accounts& accounts = deps.accounts;
  Store& store = deps.store;
  const bool secure = deps.options.cookie_secure;

  // --- session -------------------------------------------------------------------------------

  router.Add({.method = "POST",
              .pattern = "/api/v1/session",
              .access = Access::kPublic,
              .handler = [&accounts, secure](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                std::string email = r.String("email", {.min_chars = 1, .max_chars = 254});
                std::string password = r.String("password", {.min_chars = 1, .max_chars = 256, .trim = false});
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto signin = accounts.Login(email, password, ctx.request.remote_ip,
                                             std::string(ctx.request.Header("user-agent")));
                if (!signin) {
                  Response err = Response::FromError(signin.error());
                  if (signin.error().code == ErrorCode::kResourceExhausted) {
                    err.SetHeader("Retry-After", std::to_string(accounts.LoginRetryAfterSeconds(
                                                     email, ctx.request.remote_ip)));
                  }
                  return err;
                }
                auto json = SessionJson(accounts, signin->user, signin->session.csrf_token);
                if (!json) return Fail(json.error());
                Response res = Response::Json(200, *json);
                res.SetHeader("Set-Cookie",
                              SessionCookie(signin->token,
                                            accounts.options().session_absolute_ms / 1000, secure));
                return res;
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/session",
              .access = Access::kSession,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto json = SessionJson(accounts, *ctx.principal->user, ctx.principal->csrf_token);
                if (!json) return Fail(json.error());
                return Response::Json(200, *json);
              }});

  router.Add({.method = "DELETE",
              .pattern = "/api/v1/session",
              .access = Access::kSession,
              .handler = [&accounts, secure](RequestContext& ctx) -> Result<Response> {
                if (auto out = accounts.Logout(*ctx.request.Cookie(kSessionCookie)); !out)
                  return Fail(out.error());
                Response res = Response::Text(204, "", "application/json");
                res.SetHeader("Set-Cookie", SessionCookie("", 0, secure));
                return res;
              }});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/session",
              .access = Access::kSession,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                std::string locale = r.String("locale", {.max_chars = 8});
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto user = accounts.SetLocale(ctx.principal->user->id, locale);
                if (!user) return Fail(user.error());
                auto json = SessionJson(accounts, *user, ctx.principal->csrf_token);
                if (!json) return Fail(json.error());
                return Response::Json(200, *json);
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/session/password",
              .access = Access::kSession,
              .handler = [&accounts, secure](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                std::string current = r.String("current_password", {.min_chars = 1, .max_chars = 256, .trim = false});
                std::string next = r.String("new_password", {.max_chars = 256, .trim = false});
                if (auto done = r.Finish(); !done) return Fail(done.error());
                if (auto ch = accounts.ChangePassword(ctx.principal->user->id, current, next); !ch)
                  return Fail(ch.error());
                // Every session of the user ended, this one included: sign in again.
                Response res = Response::Text(204, "", "application/json");
                res.SetHeader("Set-Cookie", SessionCookie("", 0, secure));
                return res;
              }});

  // The invitee's side of invitations to join an organisation.
  router.Add({.method = "GET",
              .pattern = "/api/v1/session/invitations",
              .access = Access::kSession,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto items = ReceivedInvitationsJson(accounts, *ctx.principal->user);
                if (!items) return Fail(items.error());
                return Response::Json(200, {{"items", std::move(*items)}, {"next_cursor", nullptr}});
              }});

  for (bool accept : {true, false}) {
    router.Add({.method = "POST",
                .pattern = accept ? "/api/v1/session/invitations/{invitation}/accept"
                                  : "/api/v1/session/invitations/{invitation}/decline",
                .access = Access::kSession,
                .handler = [&accounts, accept](RequestContext& ctx) -> Result<Response> {
                  auto id = ctx.IdParam("invitation");
                  if (!id) return Fail(id.error());
                  if (accept) {
                    if (auto joined = accounts.AcceptInvitation(ctx.actor(), *id); !joined)
                      return Fail(joined.error());
                  } else if (auto declined = accounts.DeclineInvitation(ctx.actor(), *id); !declined) {
                    return Fail(declined.error());
                  }
                  // The session as it now stands: its organisations and what is still pending.
                  auto json = SessionJson(accounts, *ctx.principal->user, ctx.principal->csrf_token);
                  if (!json) return Fail(json.error());
                  return Response::Json(200, *json);
                }});
  }

  // --- organisations -----------------------------------------------------------------------------

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs",
              .access = Access::kAny,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                Json items = Json::array();
                if (ctx.principal->api_key) {
                  auto org = store.accounts().GetOrganisation(ctx.principal->api_key->org_id);
                  if (!org) return Fail(org.error());
                  items.push_back(MembershipJson(*org, ctx.principal->api_key->role));
                } else {
                  auto orgs = store.accounts().ListOrganisationsOfUser(ctx.principal->user->id);
                  if (!orgs) return Fail(orgs.error());
                  for (const auto& m : *orgs) items.push_back(MembershipJson(m.organisation, m.role));
                }
                return Response::Json(200, {{"items", items}, {"next_cursor", nullptr}});
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs",
              .access = Access::kSession,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                (void)r.String("name", {.min_chars = 1, .max_chars = 200});
                OrganisationPatch p = ReadOrganisationFields(r);
                if (auto done = r.Finish(); !done) return Fail(done.error());
                NewOrganisationInput in{.name = *p.name};
                if (p.time_zone) in.time_zone = *p.time_zone;
                if (p.calendar) in.calendar = *p.calendar;
                if (p.digits) in.digits = *p.digits;
                if (p.language) in.language = *p.language;
                auto org = accounts.CreateOrganisation(ctx.actor(), in);
                if (!org) return Fail(org.error());
                Json o = OrgJson(*org);
                o["role"] = "owner";
                return Response::Json(201, o);
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}",
              .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto org = store.accounts().GetOrganisation(ctx.org().org);
                if (!org) return Fail(org.error());
                Json o = OrgJson(*org);
                o["role"] = ToString(ctx.org().role);
                return Response::Json(200, o);
              }});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/orgs/{org}",
              .access = Access::kAny,
              .permission = Permission::kManageOrganisation,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                OrganisationPatch p = ReadOrganisationFields(r);
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto org = accounts.UpdateOrganisation(ctx.actor(), ctx.org(), p);
                if (!org) return Fail(org.error());
                Json o = OrgJson(*org);
                o["role"] = ToString(ctx.org().role);
                return Response::Json(200, o);
              }});

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

  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/members",
              .access = Access::kAny,
              .permission = Permission::kManageMembers,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                InviteMemberInput in;
                in.email = r.String("email", {.min_chars = 1, .max_chars = 254});
                in.role = ReadRole(r, true);
                in.name = r.OptionalString("name", {.min_chars = 1, .max_chars = 200});
                in.password = r.OptionalString("password", {.max_chars = 256, .trim = false});
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto invited = accounts.InviteMember(ctx.actor(), ctx.org(), in);
                if (!invited) return Fail(invited.error());
                // Accepted, not done: the person joins when they accept.
                return Response::Json(202, InvitationJson(*invited));
              }});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/orgs/{org}/members/{user}",
              .access = Access::kAny,
              .permission = Permission::kManageMembers,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto user = ctx.IdParam("user");
                if (!user) return Fail(user.error());
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                Role role = ReadRole(r, true);
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto m = accounts.SetMemberRole(ctx.actor(), ctx.org(), UserId{*user}, role);
                if (!m) return Fail(m.error());
                return Response::Json(200, MemberJson(*m));
              }});

  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/members/{user}",
              .access = Access::kAny,
              .permission = Permission::kManageMembers,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto user = ctx.IdParam("user");
                if (!user) return Fail(user.error());
                if (auto rm = accounts.RemoveMember(ctx.actor(), ctx.org(), UserId{*user}); !rm)
                  return Fail(rm.error());
                return Response::Text(204, "", "application/json");
              }});

  // Leaving: any member, for themselves (the last owner may not; an API key cannot).
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/membership",
              .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                if (auto left = accounts.LeaveOrganisation(ctx.actor(), ctx.org()); !left)
                  return Fail(left.error());
                return Response::Text(204, "", "application/json");
              }});

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
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("invitation");
                if (!id) return Fail(id.error());
                auto revoked = accounts.RevokeInvitation(ctx.actor(), ctx.org(), *id);
                if (!revoked) return Fail(revoked.error());
                return Response::Json(200, InvitationJson(*revoked));
              }});

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
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                std::string name = r.String("name", {.min_chars = 1, .max_chars = 200});
                Role role = ReadRole(r, true);
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto created = accounts.CreateApiKey(ctx.actor(), ctx.org(), name, role);
                if (!created) return Fail(created.error());
                Json k = ApiKeyJson(created->key);
                k["token"] = created->secret;  // shown this once; only its hash is kept
                return Response::Json(201, k);
              }});

  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/api-keys/{key}",
              .access = Access::kAny,
              .permission = Permission::kManageApiKeys,
              .handler = [&accounts](RequestContext& ctx) -> Result<Response> {
                auto key = ctx.IdParam("key");
                if (!key) return Fail(key.error());
                auto revoked = accounts.RevokeApiKey(ctx.actor(), ctx.org(), ApiKeyId{*key});
                if (!revoked) return Fail(revoked.error());
                return Response::Json(200, ApiKeyJson(*revoked));
              }});

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
