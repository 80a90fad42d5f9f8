#include "demo/demo.h"

#include "core/try.h"
#include "demo/act.h"
#include "demo/outcomes.h"
#include "demo/program.h"
#include "demo/journeys.h"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <utility>

#include "core/json.h"
#include "core/time.h"
#include "demo/cast.h"
#include "demo/period.h"
#include "demo/responses.h"

namespace nazar::demo {
namespace {

constexpr int64_t kMsPerHour = 3'600'000;
constexpr int kMaxBatch = 100'000;
constexpr int64_t kMinContacts = 1'000;

struct LinkSpec {
  Channel channel;
  std::string_view name_en;
  std::string_view name_fa;
  bool one_per_browser = false;
};

struct SurveySpec {
  SurveyKind kind;
  std::string_view template_id;
  std::vector<std::string> languages;
  std::vector<LinkSpec> links;  // besides the web link every survey gets
};

// The surveys of the demo and their ways in. App and IVR responses come through the API,
// without a link.
std::vector<SurveySpec> SurveySpecs() {
  using enum Channel;
  return {
      {SurveyKind::kRelationshipNps,
       "relationship_nps",
       {"fa", "en"},
       {{kEmail, "Email invitation", "دعوت‌نامه‌ی ایمیلی"},
        {kSms, "SMS invitation", "دعوت پیامکی"}}},
      {SurveyKind::kPostSupport,
       "post_support",
       {"fa", "en"},
       {{kSms, "SMS after the call", "پیامک پس از تماس"},
        {kEmail, "Email after the ticket", "ایمیل پس از بسته شدن تیکت"}}},
      {SurveyKind::kPostPurchase,
       "post_purchase",
       {"fa", "en"},
       {{kSms, "SMS after delivery", "پیامک پس از تحویل"},
        {kQr, "QR code on the parcel", "کد QR روی بسته"},
        {kEmail, "Order email", "ایمیل سفارش"}}},
      {SurveyKind::kEmployeePulse,
       "employee_pulse",
       {"fa"},
       {{kQr, "QR poster in the offices", "پوستر QR در دفترها", /*one_per_browser=*/true}}},
  };
}

// Surveys are created and published an hour before the period starts, as if the programme
// had run all year: a SurveyService over this clock does it with the product's own
// validation and audit trail.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t ms) : ms_(ms) {}
  int64_t NowMs() const override { return ms_; }

 private:
  int64_t ms_;
};

Result<void> Validate(const DemoOptions& o) {
  if (o.responses < 0 || o.responses > kMaxResponses)
    return Fail(Error::InvalidArgument(fmt::format("responses must be from 0 to {}", kMaxResponses),
                                       "responses"));
  if (o.days < 1 || o.days > kMaxDays)
    return Fail(Error::InvalidArgument(fmt::format("days must be from 1 to {}", kMaxDays), "days"));
  if (o.batch_size < 1 || o.batch_size > kMaxBatch)
    return Fail(Error::InvalidArgument(fmt::format("batch_size must be from 1 to {}", kMaxBatch),
                                       "batch_size"));
  if (o.contacts < 0)
    return Fail(Error::InvalidArgument("contacts must not be negative", "contacts"));
  if (o.language != "fa" && o.language != "en")
    return Fail(Error::InvalidArgument("language must be fa or en", "language"));
  return {};
}

Result<User> AdminOf(Store& store, Accounts& accounts, const DemoOptions& o, bool& reused) {
  auto created = accounts.CreateUser({.email = o.admin_email,
                                      .name = o.admin_name,
                                      .password = o.admin_password,
                                      .locale = o.language});
  reused = !created && created.error().code == ErrorCode::kAlreadyExists;
  if (!reused) return created;
  auto email = NormaliseEmail(o.admin_email);
  if (!email) return Fail(email.error());
  return store.accounts().FindUserByEmail(*email);
}

Result<Organisation> OrganisationOf(Store& store, Accounts& accounts, const User& admin,
                                    const DemoOptions& o, bool& reused) {
  reused = false;
  auto mine = store.accounts().ListOrganisationsOfUser(admin.id);
  if (!mine) return Fail(mine.error());
  for (const MembershipOfUser& m : *mine) {
    if (m.organisation.name != o.organisation_name) continue;
    auto existing = store.surveys().ListSurveys(m.organisation.id, {.limit = 1});
    if (!existing) return Fail(existing.error());
    if (!existing->items.empty()) {
      return Fail(Error::FailedPrecondition(
          fmt::format("organisation \"{}\" already has surveys; generate the demo into an empty "
                      "database",
                      o.organisation_name),
          "organisation"));
    }
    reused = true;
    return m.organisation;
  }
  return accounts.CreateOrganisationFor(admin.id, {.name = o.organisation_name,
                                                   .time_zone = o.time_zone,
                                                   .calendar = o.calendar,
                                                   .digits = o.digits,
                                                   .language = o.language});
}

}  // namespace

Result<DemoSummary> GenerateDemo(Store& store, Accounts& accounts, survey::SurveyService& surveys,
                                 const Clock& clock, const DemoOptions& o,
                                 const ProgressFn& progress) {
  if (auto valid = Validate(o); !valid) return Fail(valid.error());
  auto zone = TimeZoneDays::ForZone(o.time_zone);
  if (!zone) return Fail(zone.error());
  const int64_t now = clock.NowMs();
  auto period = DemoPeriod::Make(*zone, now, o.days, o.seed);
  if (!period) return Fail(period.error());
  const bool fa = o.language == "fa";

  DemoSummary summary;
  summary.period_start_ms = period->start_ms();
  summary.period_end_ms = period->end_ms();
  summary.contacts =
      o.contacts > 0
          ? o.contacts
          : std::max(std::min(kMinContacts, std::max<int64_t>(1, o.responses)), o.responses / 4);
  for (const Agent& a : Agents()) {
    summary.agents.push_back({std::string(a.id), fmt::format("{} {}", a.first_en, a.last_en),
                              fmt::format("{} {}", a.first_fa, a.last_fa)});
  }
  for (const TouchpointInfo& t : Touchpoints())
    summary.touchpoints.push_back(
        {std::string(t.id), std::string(t.name_en), std::string(t.name_fa)});
  for (size_t c = 0; c < kChannelCount; ++c)
    summary.channels.emplace_back(IdOf(static_cast<Channel>(c)));

  auto admin = AdminOf(store, accounts, o, summary.admin_reused);
  if (!admin) return Fail(admin.error());
  summary.admin = *admin;
  auto org = OrganisationOf(store, accounts, *admin, o, summary.organisation_reused);
  if (!org) return Fail(org.error());
  summary.organisation = *org;

  // Surveys, published, with their links.
  FixedClock setup_clock(period->start_ms() - kMsPerHour);
  survey::SurveyService setup(store, setup_clock);
  Principal principal{.user = *admin};
  Actor actor{principal, ""};
  OrgAccess access{org->id, Role::kOwner};
  std::vector<PlannedSurvey> plans;
  for (const SurveySpec& spec : SurveySpecs()) {
    const survey::SurveyTemplate* t = survey::FindTemplate(spec.template_id);
    if (!t) return Fail(Error::Internal(fmt::format("no survey template {}", spec.template_id)));
    auto created = setup.Create(actor, access, fa ? t->name_fa : t->name_en,
                                survey::RestrictLanguages(t->definition, spec.languages));
    if (!created) return Fail(created.error());
    for (const LinkSpec& l : spec.links) {
      auto link = setup.CreateLink(actor, access,
                                   {.survey_id = created->id,
                                    .name = std::string(fa ? l.name_fa : l.name_en),
                                    .channel = std::string(IdOf(l.channel)),
                                    .one_per_browser = l.one_per_browser});
      if (!link) return Fail(link.error());
    }
    auto published = setup.Publish(actor, access, created->id);
    if (!published) return Fail(published.error());
    auto definition = surveys.DefinitionOf(org->id, published->id, published->published_version);
    if (!definition) return Fail(definition.error());
    auto links = store.surveys().ListLinks(org->id, published->id);
    if (!links) return Fail(links.error());

    PlannedSurvey plan{.kind = spec.kind,
                       .survey_id = published->id,
                       .version = published->published_version,
                       .definition = *definition};
    for (const SurveyLink& l : *links) {
      for (size_t c = 0; c < kChannelCount; ++c) {
        if (l.channel == IdOf(static_cast<Channel>(c)) && !plan.link_of_channel[c])
          plan.link_of_channel[c] = l.id;
      }
    }
    plans.push_back(std::move(plan));
    summary.surveys.push_back({.survey = *published,
                               .template_id = std::string(spec.template_id),
                               .languages = spec.languages,
                               .links = std::move(*links)});
  }

  // Journeys first, so that responses can name their contacts.
  auto journeys = WriteJourneys(store, org->id, o.seed, summary.contacts, summary.period_start_ms,
                                summary.period_end_ms);
  if (!journeys) return Fail(journeys.error());
  summary.journeys = *journeys;
  if (auto personas = WritePersonas(store, org->id, summary.period_end_ms); !personas)
    return Fail(personas.error());
  // The agents' names (the call-centre directory), so tables show "Hossein Rahimi", not
  // "agent-08": member channels SIP/8001.. as a queue log would write them.
  for (size_t i = 0; i < Agents().size(); ++i) {
    const Agent& a = Agents()[i];
    const Json name = {{"fa", fmt::format("{} {}", a.first_fa, a.last_fa)},
                       {"en", fmt::format("{} {}", a.first_en, a.last_en)}};
    auto put = store.call_centre().PutAgent({.org_id = org->id,
                                             .member = fmt::format("SIP/{}", 8001 + i),
                                             .agent_id = std::string(a.id),
                                             .name = name.dump(),
                                             .updated_ms = summary.period_start_ms});
    if (!put) return Fail(put.error());
  }

  // Responses: the next batch is composed on a helper thread while this one is written.
  const int64_t total = o.responses;
  const int64_t batch = o.batch_size;
  ResponseFactory factory(o.seed, org->id, *period, std::move(plans), total, summary.contacts,
                          o.text, journeys->contact_ids);
  auto compose = [&factory, batch](int64_t first) { return factory.Make(first, batch); };
  if (progress) progress(0, total);
  std::future<Result<ResponseBatch>> next;
  std::vector<UnhappyResponse> unhappy;  // what the demo's alert rules would have caught
  Ratings ratings;                       // each contact's NPS answers, for the cases' recovery
  if (total > 0) next = std::async(std::launch::async, compose, 0);
  for (int64_t first = 0; first < total; first += batch) {
    Result<ResponseBatch> current = next.get();
    if (first + batch < total) next = std::async(std::launch::async, compose, first + batch);
    if (!current) return Fail(current.error());
    const size_t unhappy_before = unhappy.size();
    auto written = store.Transact([&](Store& tx) -> Result<void> {
      unhappy.resize(unhappy_before);
      for (const Response& r : current->responses) {
        TRY_ASSIGN(Response stored, tx.responses().InsertResponse(r));
        if (UnhappyResponse u; IsUnhappy(stored, u)) unhappy.push_back(std::move(u));
      }
      return {};
    });
    if (!written) return Fail(written.error());
    for (const Response& r : current->responses) {
      NoteRating(r, ratings);
      summary.responses_by_language[r.language]++;
      for (DemoSurvey& s : summary.surveys)
        if (s.survey.id == r.survey_id) s.responses++;
    }
    summary.responses += static_cast<int64_t>(current->responses.size());
    summary.comments += current->comments;
    if (progress) progress(summary.responses, total);
  }
  // Act: members, rules, root causes and a year of cases on the unhappy customers.
  std::optional<int64_t> relationship;
  for (const DemoSurvey& s : summary.surveys)
    if (s.template_id == "relationship_nps") relationship = s.survey.id;
  TRY_ASSIGN(summary.act, WriteAct(store, accounts, org->id, summary.admin.id, o.admin_password, o.seed,
                                   unhappy, ratings, relationship, summary.period_end_ms));
  // The outer loop: the program, its KPI targets and action plans with measured effects.
  TRY_ASSIGN(const ProgramCounts program, WriteProgram(store, surveys, summary, summary.period_end_ms));
  summary.program_plans = program.plans;
  summary.program_kpis = program.kpis;
  summary.digests = program.digests;
  // Business outcomes: purchases that follow the journeys and the answers, costs, a refit.
  TRY_ASSIGN(summary.outcomes, WriteOutcomes(store, clock, summary.admin, org->id, o.seed,
                                             journeys->contact_ids, ratings, summary.period_start_ms,
                                             summary.period_end_ms));
  return summary;
}

}  // namespace nazar::demo
