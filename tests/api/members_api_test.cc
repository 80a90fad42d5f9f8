// Members and invitations to join through the real API, on both stores.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace nazar {
namespace {

class MembersApi : public ApiTest {};

// Issue 11, finding 2: any signed-in user could create a look-alike organisation, attach
// someone's account to it (201 with their name) and tell which e-mails have accounts (400
// or 409 otherwise). Now adding someone is an invitation they accept, answered alike for
// every address, and anyone may leave an organisation they do not own alone.
TEST_P(MembersApi, AddingSomeoneIsAnInvitationAnsweredAlikeForEveryAddress) {
  auto mallory = MemberWithRole(org_a_.id, "mallory@a.example", Role::kViewer);
  auto made = mallory->Post("/api/v1/orgs", {{"name", "B Bank"}});
  ASSERT_EQ(made.status, 201);
  const OrgId lookalike{made.json()["id"].get<int64_t>()};
  ASSERT_TRUE(accounts_->CreateUser({.email = "dave@a.example", .name = "Dave", .password = "dave-password"}));

  std::vector<json> answers;
  for (const std::string email : {"bob@b.example", "nobody@nowhere.example", "dave@a.example"}) {
    auto r = mallory->Post(OrgPath(lookalike, "/members"), {{"email", email}, {"role", "viewer"}});
    EXPECT_EQ(r.status, 202) << email << " " << r.body;
    EXPECT_EQ(r.body.find("Bob"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("Dave"), std::string::npos) << r.body;
    json body = r.json();
    EXPECT_EQ(body["email"], email);
    EXPECT_EQ(body["status"], "pending");
    body.erase("id");
    body.erase("email");
    body.erase("created_at");
    answers.push_back(body);
  }
  EXPECT_EQ(answers[0], answers[1]);
  EXPECT_EQ(answers[0], answers[2]);
  // With a password: the same answer whether the address is free or taken.
  for (const std::string email : {"free@nowhere.example", "alice@a.example"}) {
    auto r = mallory->Post(OrgPath(lookalike, "/members"),
                           {{"email", email}, {"role", "viewer"}, {"name", "X"}, {"password", "chosen-password"}});
    EXPECT_EQ(r.status, 202) << email << " " << r.body;
    json body = r.json();
    for (const char* k : {"id", "email", "created_at"}) body.erase(k);
    EXPECT_EQ(body, answers[0]) << email;
  }
  EXPECT_EQ(SignedIn("alice@a.example", "alice-password")->Get("/api/v1/session").status, 200);
  HttpClient probe(base_);
  EXPECT_EQ(probe.Login("alice@a.example", "chosen-password").status, 401);  // never set

  // Bob is not a member: he sees an invitation, with who sent it, and declines it.
  auto bob = SignedIn("bob@b.example", "bob-password");
  json bobs_orgs = bob->Get("/api/v1/orgs").json();
  for (const json& o : bobs_orgs["items"]) EXPECT_NE(o["id"], lookalike.value);
  json session = bob->Get("/api/v1/session").json();
  ASSERT_EQ(session["invitations"].size(), 1u) << session.dump();
  json invitation = session["invitations"][0];
  EXPECT_EQ(invitation["organisation"]["name"], "B Bank");
  EXPECT_EQ(invitation["invited_by"]["email"], "mallory@a.example");
  EXPECT_EQ(invitation["role"], "viewer");
  EXPECT_EQ(bob->Get("/api/v1/session/invitations").json()["items"], session["invitations"]);
  const std::string answer = "/api/v1/session/invitations/" + std::to_string(invitation["id"].get<int64_t>());
  EXPECT_EQ(mallory->Post(answer + "/accept", json::object()).status, 404);  // not hers to answer
  auto declined = bob->Post(answer + "/decline", json::object());
  ASSERT_EQ(declined.status, 200) << declined.body;
  EXPECT_TRUE(declined.json()["invitations"].empty());
  EXPECT_EQ(bob->Post(answer + "/accept", json::object()).status, 404);
  EXPECT_EQ(bob->Get(OrgPath(lookalike)).status, 404);

  // Invited again, he accepts by mistake, and as a viewer he may still leave.
  auto again = mallory->Post(OrgPath(lookalike, "/members"), {{"email", "bob@b.example"}, {"role", "viewer"}});
  ASSERT_EQ(again.status, 202);
  auto listed = mallory->Get(OrgPath(lookalike, "/member-invitations"));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json()["items"].size(), 5u);  // pending: all but the declined one, and again
  auto accepted = bob->Post("/api/v1/session/invitations/" + std::to_string(again.json()["id"].get<int64_t>()) + "/accept",
                            json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  bool member = false;
  json joined = accepted.json();
  for (const json& o : joined["organisations"]) member |= o["id"] == lookalike.value;
  EXPECT_TRUE(member);
  EXPECT_EQ(bob->Get(OrgPath(lookalike)).json()["role"], "viewer");
  EXPECT_EQ(bob->Delete(OrgPath(lookalike, "/membership")).status, 204);
  EXPECT_EQ(bob->Get(OrgPath(lookalike)).status, 404);
  // The look-alike's only owner cannot leave it, and an API key cannot leave at all.
  EXPECT_EQ(mallory->Delete(OrgPath(lookalike, "/membership")).status, 409);
  auto key = mallory->Post(OrgPath(lookalike, "/api-keys"), {{"name", "k"}, {"role", "viewer"}});
  HttpClient with_key(base_);
  with_key.bearer = key.json()["token"];
  EXPECT_EQ(with_key.Delete(OrgPath(lookalike, "/membership")).status, 403);

  // The admins withdraw a pending invitation; its invitee no longer sees it.
  json pending = mallory->Get(OrgPath(lookalike, "/member-invitations")).json()["items"];
  int64_t to_free = 0;
  for (const json& i : pending) if (i["email"] == "free@nowhere.example") to_free = i["id"];
  auto revoked = mallory->Delete(OrgPath(lookalike, "/member-invitations/" + std::to_string(to_free)));
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json()["status"], "revoked");
  EXPECT_EQ(mallory->Delete(OrgPath(lookalike, "/member-invitations/" + std::to_string(to_free))).status, 409);
  auto free_user = SignedIn("free@nowhere.example", "chosen-password");
  EXPECT_TRUE(free_user->Get("/api/v1/session").json()["invitations"].empty());
}

// Issue 14: an English-speaking analyst in a Jalali organisation reads Gregorian dates. Each
// member's calendar and digits per organisation, "organisation" until chosen; shown on the
// session; a bad value refused naming its field with nothing written; an API key has none.
TEST_P(MembersApi, EachMemberChoosesTheirCalendarAndDigitsDefaultingToTheOrganisations) {
  auto alice = SignedIn("alice@a.example", "alice-password");
  ASSERT_EQ(alice->Patch(OrgPath(org_a_.id), {{"calendar", "jalali"}, {"digits", "persian"}}).status, 200);
  auto sam = MemberWithRole(org_a_.id, "sam@a.example", Role::kAnalyst);
  auto org_of = [](const json& session, OrgId id) {
    for (const json& o : session["organisations"])
      if (o["id"] == id.value) return o;
    return json();
  };
  json mine = org_of(sam->Get("/api/v1/session").json(), org_a_.id);
  EXPECT_EQ(mine["calendar"], "jalali");
  EXPECT_EQ(mine["preferences"], json({{"calendar", "organisation"}, {"digits", "organisation"}}));

  auto set = sam->Patch(OrgPath(org_a_.id, "/membership"), {{"calendar", "gregorian"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json(), json({{"calendar", "gregorian"}, {"digits", "organisation"}}));
  set = sam->Patch(OrgPath(org_a_.id, "/membership"), {{"digits", "latin"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json(), json({{"calendar", "gregorian"}, {"digits", "latin"}})) << "absent fields unchanged";
  mine = org_of(sam->Get("/api/v1/session").json(), org_a_.id);
  EXPECT_EQ(mine["calendar"], "jalali") << "the organisation's own setting is untouched";
  EXPECT_EQ(mine["preferences"], json({{"calendar", "gregorian"}, {"digits", "latin"}}));
  EXPECT_EQ(org_of(alice->Get("/api/v1/session").json(), org_a_.id)["preferences"]["calendar"], "organisation")
      << "another member's choice is their own";

  for (const auto& [body, field] : std::vector<std::pair<json, std::string>>{
           {{{"calendar", "julian"}}, "calendar"},
           {{{"calendar", "gregorian"}, {"digits", "arabic"}}, "digits"},
           {{{"calendar", 3}}, "calendar"},
           {{{"locale", "en"}}, "locale"}}) {
    auto bad = sam->Patch(OrgPath(org_a_.id, "/membership"), body);
    EXPECT_EQ(bad.status, 400) << body.dump();
    EXPECT_EQ(bad.json()["error"]["field"], field) << bad.body;
  }
  EXPECT_EQ(org_of(sam->Get("/api/v1/session").json(), org_a_.id)["preferences"],
            json({{"calendar", "gregorian"}, {"digits", "latin"}}))
      << "nothing half-written by a refused change";
  EXPECT_EQ(sam->Patch(OrgPath(org_b_.id, "/membership"), {{"calendar", "gregorian"}}).status, 404)
      << "not a member there";
  auto key = alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "k"}, {"role", "owner"}});
  ASSERT_EQ(key.status, 201) << key.body;
  HttpClient by_key(base_);
  by_key.bearer = key.json()["token"];
  EXPECT_EQ(by_key.Patch(OrgPath(org_a_.id, "/membership"), {{"calendar", "gregorian"}}).status, 403)
      << "an API key has no preferences";

  set = sam->Patch(OrgPath(org_a_.id, "/membership"), {{"calendar", "organisation"}, {"digits", "organisation"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(org_of(sam->Get("/api/v1/session").json(), org_a_.id)["preferences"],
            json({{"calendar", "organisation"}, {"digits", "organisation"}}));
  const UserId sam_id = t_.store->accounts().FindUserByEmail("sam@a.example")->id;
  EXPECT_FALSE(t_.store->preferences().GetPreferences(org_a_.id, sam_id)->has_value())
      << "back to the organisation's: no row kept";
}

INSTANTIATE_TEST_SUITE_P(Backends, MembersApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
