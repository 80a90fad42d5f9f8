#include "store/records.h"

#include "core/enum_names.h"

#include <array>
#include <utility>

namespace nazar {
namespace {

constexpr EnumNames<Role, 5> kRoles{{{Role::kOwner, "owner"},
                                                                   {Role::kAdmin, "admin"},
                                                                   {Role::kAnalyst, "analyst"},
                                                                   {Role::kAgent, "agent"},
                                                                   {Role::kViewer, "viewer"}}};
constexpr EnumNames<MemberInvitationStatus, 4> kMemberInvitationStatuses{
    {{MemberInvitationStatus::kPending, "pending"},
     {MemberInvitationStatus::kAccepted, "accepted"},
     {MemberInvitationStatus::kDeclined, "declined"},
     {MemberInvitationStatus::kRevoked, "revoked"}}};
constexpr EnumNames<Calendar, 2> kCalendars{
    {{Calendar::kGregorian, "gregorian"}, {Calendar::kJalali, "jalali"}}};
constexpr EnumNames<Digits, 2> kDigits{
    {{Digits::kLatin, "latin"}, {Digits::kPersian, "persian"}}};

constexpr EnumNames<SurveyStatus, 3> kSurveyStatuses{
    {{SurveyStatus::kDraft, "draft"},
     {SurveyStatus::kPublished, "published"},
     {SurveyStatus::kClosed, "closed"}}};
constexpr EnumNames<ResponseStatus, 2> kResponseStatuses{
    {{ResponseStatus::kPartial, "partial"}, {ResponseStatus::kComplete, "complete"}}};

constexpr EnumNames<AttributeType, 4> kAttributeTypes{
    {{AttributeType::kText, "text"},
     {AttributeType::kNumber, "number"},
     {AttributeType::kDate, "date"},
     {AttributeType::kChoice, "choice"}}};

constexpr EnumNames<DeliveryChannel, 4> kDeliveryChannels{
    {{DeliveryChannel::kEmail, "email"},
     {DeliveryChannel::kSms, "sms"},
     {DeliveryChannel::kWebhook, "webhook"},
     {DeliveryChannel::kIvr, "ivr"}}};
constexpr EnumNames<InvitationStatus, 7> kInvitationStatuses{
    {{InvitationStatus::kQueued, "queued"},
     {InvitationStatus::kSent, "sent"},
     {InvitationStatus::kOpened, "opened"},
     {InvitationStatus::kStarted, "started"},
     {InvitationStatus::kCompleted, "completed"},
     {InvitationStatus::kFailed, "failed"},
     {InvitationStatus::kSuppressed, "suppressed"}}};
constexpr EnumNames<OutboxState, 4> kOutboxStates{
    {{OutboxState::kPending, "pending"},
     {OutboxState::kSent, "sent"},
     {OutboxState::kFailed, "failed"},
     {OutboxState::kDead, "dead"}}};
constexpr EnumNames<SmtpTls, 3> kSmtpTls{
    {{SmtpTls::kNone, "none"}, {SmtpTls::kStartTls, "starttls"}, {SmtpTls::kTls, "tls"}}};

}  // namespace

std::string_view ToString(AttributeType t) { return NameOf(kAttributeTypes, t); }
std::optional<AttributeType> ParseAttributeType(std::string_view text) {
  return ParseName(kAttributeTypes, text);
}
std::string_view ToString(SurveyStatus s) { return NameOf(kSurveyStatuses, s); }
std::optional<SurveyStatus> ParseSurveyStatus(std::string_view t) {
  return ParseName(kSurveyStatuses, t);
}
std::string_view ToString(ResponseStatus s) { return NameOf(kResponseStatuses, s); }
std::optional<ResponseStatus> ParseResponseStatus(std::string_view t) {
  return ParseName(kResponseStatuses, t);
}

std::string_view ToString(DeliveryChannel c) { return NameOf(kDeliveryChannels, c); }
std::optional<DeliveryChannel> ParseDeliveryChannel(std::string_view t) {
  return ParseName(kDeliveryChannels, t);
}
std::string_view ToString(InvitationStatus s) { return NameOf(kInvitationStatuses, s); }
std::optional<InvitationStatus> ParseInvitationStatus(std::string_view t) {
  return ParseName(kInvitationStatuses, t);
}
std::string_view ToString(OutboxState s) { return NameOf(kOutboxStates, s); }
std::optional<OutboxState> ParseOutboxState(std::string_view t) {
  return ParseName(kOutboxStates, t);
}
std::string_view ToString(SmtpTls t) { return NameOf(kSmtpTls, t); }
std::optional<SmtpTls> ParseSmtpTls(std::string_view t) { return ParseName(kSmtpTls, t); }

std::string_view ToString(Role role) { return NameOf(kRoles, role); }
std::optional<Role> ParseRole(std::string_view text) { return ParseName(kRoles, text); }
std::string_view ToString(MemberInvitationStatus s) { return NameOf(kMemberInvitationStatuses, s); }
std::optional<MemberInvitationStatus> ParseMemberInvitationStatus(std::string_view text) {
  return ParseName(kMemberInvitationStatuses, text);
}
std::string_view ToString(Calendar c) { return NameOf(kCalendars, c); }
std::optional<Calendar> ParseCalendar(std::string_view text) { return ParseName(kCalendars, text); }
std::string_view ToString(Digits d) { return NameOf(kDigits, d); }
std::optional<Digits> ParseDigits(std::string_view text) { return ParseName(kDigits, text); }

}  // namespace nazar
