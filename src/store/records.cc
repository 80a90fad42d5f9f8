#include "store/records.h"

#include <array>
#include <utility>

namespace nazar {
namespace {

template <typename E, size_t N>
std::optional<E> ParseName(const std::array<std::pair<E, std::string_view>, N>& names,
                           std::string_view text) {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "unknown";
}

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles{{{Role::kOwner, "owner"},
                                                                   {Role::kAdmin, "admin"},
                                                                   {Role::kAnalyst, "analyst"},
                                                                   {Role::kAgent, "agent"},
                                                                   {Role::kViewer, "viewer"}}};
constexpr std::array<std::pair<Calendar, std::string_view>, 2> kCalendars{
    {{Calendar::kGregorian, "gregorian"}, {Calendar::kJalali, "jalali"}}};
constexpr std::array<std::pair<Digits, std::string_view>, 2> kDigits{
    {{Digits::kLatin, "latin"}, {Digits::kPersian, "persian"}}};

constexpr std::array<std::pair<SurveyStatus, std::string_view>, 3> kSurveyStatuses{
    {{SurveyStatus::kDraft, "draft"},
     {SurveyStatus::kPublished, "published"},
     {SurveyStatus::kClosed, "closed"}}};
constexpr std::array<std::pair<ResponseStatus, std::string_view>, 2> kResponseStatuses{
    {{ResponseStatus::kPartial, "partial"}, {ResponseStatus::kComplete, "complete"}}};

constexpr std::array<std::pair<AttributeType, std::string_view>, 4> kAttributeTypes{
    {{AttributeType::kText, "text"},
     {AttributeType::kNumber, "number"},
     {AttributeType::kDate, "date"},
     {AttributeType::kChoice, "choice"}}};

constexpr std::array<std::pair<DeliveryChannel, std::string_view>, 4> kDeliveryChannels{
    {{DeliveryChannel::kEmail, "email"},
     {DeliveryChannel::kSms, "sms"},
     {DeliveryChannel::kWebhook, "webhook"},
     {DeliveryChannel::kIvr, "ivr"}}};
constexpr std::array<std::pair<InvitationStatus, std::string_view>, 7> kInvitationStatuses{
    {{InvitationStatus::kQueued, "queued"},
     {InvitationStatus::kSent, "sent"},
     {InvitationStatus::kOpened, "opened"},
     {InvitationStatus::kStarted, "started"},
     {InvitationStatus::kCompleted, "completed"},
     {InvitationStatus::kFailed, "failed"},
     {InvitationStatus::kSuppressed, "suppressed"}}};
constexpr std::array<std::pair<OutboxState, std::string_view>, 4> kOutboxStates{
    {{OutboxState::kPending, "pending"},
     {OutboxState::kSent, "sent"},
     {OutboxState::kFailed, "failed"},
     {OutboxState::kDead, "dead"}}};
constexpr std::array<std::pair<SmtpTls, std::string_view>, 3> kSmtpTls{
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
std::string_view ToString(Calendar c) { return NameOf(kCalendars, c); }
std::optional<Calendar> ParseCalendar(std::string_view text) { return ParseName(kCalendars, text); }
std::string_view ToString(Digits d) { return NameOf(kDigits, d); }
std::optional<Digits> ParseDigits(std::string_view text) { return ParseName(kDigits, text); }

}  // namespace nazar
