// PRIVATE to store/: every area's tables as records (sql_rows.h's Table: what a statement
// reads FROM, the columns, how a row becomes the record, what NotFound calls a missing one),
// defined together in sql_records.cc.
#pragma once

#include "store/records.h"
#include "store/sql_rows.h"

namespace nazar::sql {

extern const Table<User> kUsers;
extern const Table<Organisation> kOrganisations;
extern const Table<Member> kMembers;
extern const Table<MemberInvitation> kMemberInvitations;
extern const Table<Session> kSessions;
extern const Table<ApiKey> kApiKeys;
extern const Table<Survey> kSurveys;
extern const Table<SurveyVersion> kVersions;
extern const Table<SurveyLink> kLinks;
extern const Table<Response> kResponses;
extern const Table<Contact> kContacts;
extern const Table<Touchpoint> kTouchpoints;
extern const Table<JourneyStage> kStages;
extern const Table<Interaction> kInteractions;
extern const Table<TriggerRule> kRules;
extern const Table<Invitation> kInvitations;
extern const Table<OutboxMessage> kOutbox;
extern const Table<ChannelSettings> kChannelSettings;
extern const Table<TextSettings> kTextSettings;
extern const Table<Persona> kPersonas;
extern const Table<AuditEntry> kAudit;

}  // namespace nazar::sql
