#include "demo/responses.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "comments/enrichment.h"
#include "core/json.h"
#include "demo/comments.h"
#include "demo/random.h"
#include "survey/answers.h"

namespace nazar::demo {
namespace {

using survey::Answers;
using survey::AnswerValue;
using survey::Question;
using survey::QuestionType;

constexpr int64_t kMsPerHour = 3'600'000;

// The latent satisfaction z of a response is roughly normal around its mood. NPS reads it as
// floor(kNpsCentre + kNpsSpread * z): at z ~ N(0, 1) about 48% promoters and 20% detractors.
constexpr double kNpsCentre = 8.89;
constexpr double kNpsSpread = 2.25;
// Mood by survey (SurveyKind order): support contacts that end in a survey went fairly well;
// employees are harder to please than customers.
constexpr std::array<double, kSurveyKindCount> kKindMood{0.06, 0.15, 0.10, -0.25};
constexpr double kImprovement = 0.25;     // mood gained from the first day to the last
constexpr double kCustomerTemper = 0.35;  // spread of customers' own lasting mood
constexpr double kStrainMood = 0.8;       // mood lost per unit of seasonal strain
// What a customer lives through at each touchpoint lasts (one draw per contact and touchpoint,
// Touchpoint order): it colours their ratings of that touchpoint (kTouchpointMemory) and their
// relationship rating, pulled most by delivery and phone support (kRelationshipPull), so the
// journey's "which touchpoints move relationship NPS" has a story to find. The response's own
// noise shrinks to keep its spread.
constexpr double kTouchpointMemory = 0.5;
constexpr std::array<double, kTouchpointCount> kRelationshipPull{0.08, 0.05, 0.35, 0.25, 0.15};
// Some responses come from customers who are simply furious (more of them under strain).
constexpr double kAngryShare = 0.03;
constexpr double kAngryShareStrain = 0.08;

// Cut points of a normal reading on a 5-point scale (CSAT, stars, Likert rows) and on CES.
constexpr std::array<double, 4> kFivePoint{-1.55, -1.15, -0.6, 0.35};
constexpr std::array<double, 6> kSevenPoint{-1.75, -1.4, -0.95, -0.45, 0.25, 0.9};

// Survey mix of customer responses (SurveyKind order) and the pulse's share on pulse days.
constexpr std::array<double, kSurveyKindCount> kSurveyMix{0.22, 0.38, 0.36, 0.0};
constexpr double kPulseMix = 0.25;
constexpr double kFarsiShare = 0.70;  // customers who answer in Persian
constexpr double kLoyalShare = 0.30;  // responses from the most loyal tenth of the contacts

// Touchpoint mix per survey (Touchpoint order).
constexpr std::array<double, kTouchpointCount> kRelationshipTouchpoints{0.30, 0.30, 0.15, 0.15,
                                                                        0.10};
constexpr std::array<double, kTouchpointCount> kSupportTouchpoints{0, 0, 0, 0.6, 0.4};
constexpr std::array<double, kTouchpointCount> kPurchaseTouchpoints{0.38, 0.34, 0.28, 0, 0};

template <size_t N>
int Cut(double x, const std::array<double, N>& cuts) {
  int v = 0;
  while (v < static_cast<int>(N) && x >= cuts[v]) ++v;
  return v;
}

int NpsOf(double z) {
  return std::clamp(static_cast<int>(std::floor(kNpsCentre + kNpsSpread * z)), 0, 10);
}

// A reading of the latent z on the scale lo .. hi.
int OnScale(double x, int lo, int hi) {
  if (hi - lo == 4) return lo + Cut(x, kFivePoint);
  if (hi - lo == 6) return lo + Cut(x, kSevenPoint);
  if (lo == 0 && hi == 10) return NpsOf(x);
  double mid = (lo + hi) / 2.0;
  return std::clamp(static_cast<int>(std::floor(mid + 0.5 + x * (hi - lo) / 4.0)), lo, hi);
}

// A question's reading: correlated with the response's mood by `weight`, plus its own noise.
double Read(double z, double weight, Rng& rng) {
  return weight * z + std::sqrt(1 - weight * weight) * rng.Normal();
}

std::array<double, kChannelCount> ChannelMix(SurveyKind kind, Touchpoint tp) {
  using enum Touchpoint;
  //                        web   app   sms   email ivr   qr
  switch (kind) {
    case SurveyKind::kRelationshipNps:
      return {0.10, tp == kApp ? 0.40 : 0.12, 0.30, 0.45, 0, 0};
    case SurveyKind::kPostSupport:
      if (tp == kPhoneSupport) return {0, 0, 0.45, 0, 0.55, 0};
      return {0.2, 0, 0, 0.8, 0, 0};
    case SurveyKind::kPostPurchase:
      if (tp == kApp) return {0, 0.8, 0.2, 0, 0, 0};
      if (tp == kDelivery) return {0, 0, 0.6, 0, 0, 0.4};
      return {0.3, 0, 0.2, 0.5, 0, 0};
    case SurveyKind::kEmployeePulse:
      return {0.7, 0, 0, 0, 0, 0.3};
  }
  return {1, 0, 0, 0, 0, 0};
}

double StrainOf(const DemoDay& day, Touchpoint tp) {
  switch (tp) {
    case Touchpoint::kDelivery:
      return day.delivery_strain;
    case Touchpoint::kPhoneSupport:
    case Touchpoint::kEmailSupport:
      return day.support_strain;
    case Touchpoint::kWebsite:
    case Touchpoint::kApp:
      return day.digital_strain + 0.3 * day.delivery_strain;
  }
  return 0;
}

// Everything known about one respondent while their answers are made.
struct Respondent {
  SurveyKind kind = SurveyKind::kRelationshipNps;
  const DemoDay* day = nullptr;
  std::optional<Touchpoint> touchpoint;
  const Agent* agent = nullptr;
  const Product* product = nullptr;
  bool persian = true;
  double strain = 0;
  double z = 0;  // latent satisfaction
  // What the answers said, for the comment.
  std::optional<int> nps, csat, delivery_stars;
  std::optional<int> packaging, quality, price;
  std::optional<std::string> resolved;
  std::vector<std::string> improve;
  bool commented = false;
};

constexpr size_t kTopicCount = static_cast<size_t>(Topic::kProductQuality) + 1;
using TopicWeights = std::array<double, kTopicCount>;

void Add(TopicWeights& w, Topic t, double x) { w[static_cast<size_t>(t)] += x; }

bool Wants(const Respondent& r, std::string_view area) {
  return std::find(r.improve.begin(), r.improve.end(), area) != r.improve.end();
}

// What a respondent would praise or criticise, by touchpoint and by their other answers.
TopicWeights TopicsOf(const Respondent& r, bool praise) {
  using enum Topic;
  TopicWeights w{};
  switch (r.touchpoint.value_or(Touchpoint::kWebsite)) {
    case Touchpoint::kDelivery:
      Add(w, kDeliveryTime, 3);
      Add(w, kCourier, 1.3);
      Add(w, kDamage, praise ? 0.5 : 1.2);
      Add(w, kPackaging, praise ? 1.5 : 0.5);
      if (!praise) Add(w, kRefund, 0.8);
      break;
    case Touchpoint::kPhoneSupport:
      Add(w, kAgentManner, praise ? 3 : (r.agent && r.agent->skill < 0 ? 3 : 1.5));
      Add(w, kHoldTime, praise ? 1.2 : 2);
      Add(w, kResolution, 1.5);
      if (!praise) Add(w, kRefund, 1);
      break;
    case Touchpoint::kEmailSupport:
      Add(w, kAgentManner, praise ? 2 : (r.agent && r.agent->skill < 0 ? 2.5 : 1.2));
      Add(w, kEmailReply, 2.2);
      Add(w, kResolution, 1.5);
      if (!praise) Add(w, kRefund, 1);
      break;
    case Touchpoint::kApp:
      Add(w, kAppQuality, 3);
      Add(w, kPayment, praise ? 0.5 : 1);
      Add(w, kPrice, 1);
      Add(w, kDeliveryTime, praise ? 1.5 : 1);
      break;
    case Touchpoint::kWebsite:
      Add(w, kWebsite, 2.5);
      Add(w, kPayment, praise ? 0.5 : 1.2);
      Add(w, kRange, praise ? 1.5 : 1);
      Add(w, kPrice, 1);
      Add(w, kDeliveryTime, praise ? 1.5 : 1);
      break;
  }
  if (r.kind == SurveyKind::kPostPurchase) {
    Add(w, kProductQuality, 1);
    Add(w, kPackaging, 0.8);
  }
  if (r.kind == SurveyKind::kRelationshipNps) {
    Add(w, kPrice, 0.8);
    Add(w, kRange, 0.5);
  }
  // A low (complaint) or top (praise) answer elsewhere in the survey.
  auto marked = [praise](const std::optional<int>& v) { return v && (praise ? *v >= 5 : *v <= 2); };
  if (marked(r.delivery_stars)) Add(w, kDeliveryTime, 3);
  if (marked(r.packaging)) Add(w, praise ? kPackaging : kDamage, 2);
  if (marked(r.quality)) Add(w, kProductQuality, 3);
  if (marked(r.price)) Add(w, kPrice, 2);
  if (!praise) {
    if (r.resolved == "no") Add(w, kResolution, 2.5);
    if (Wants(r, "price")) Add(w, kPrice, 1);
    if (Wants(r, "delivery")) Add(w, kDeliveryTime, 1);
    if (Wants(r, "support")) Add(w, kResolution, 1);
    if (Wants(r, "quality")) Add(w, kProductQuality, 1);
    if (Wants(r, "app")) Add(w, r.touchpoint == Touchpoint::kApp ? kAppQuality : kWebsite, 1);
  }
  return w;
}

Topic PickTopic(TopicWeights w, std::optional<Topic> not_this, Rng& rng) {
  if (not_this) w[static_cast<size_t>(*not_this)] = 0;
  return static_cast<Topic>(rng.Pick(w));
}

Tone ToneOf(const Respondent& r, Rng& rng) {
  if (r.nps) return *r.nps <= 6 ? Tone::kNegative : *r.nps <= 8 ? Tone::kMixed : Tone::kPositive;
  if (r.csat) {
    if (*r.csat <= 2) return Tone::kNegative;
    if (*r.csat == 3) return Tone::kMixed;
    if (*r.csat == 4) return rng.Chance(0.5) ? Tone::kMixed : Tone::kPositive;
    return Tone::kPositive;
  }
  return r.z < -0.8 ? Tone::kNegative : r.z < 0.2 ? Tone::kMixed : Tone::kPositive;
}

std::optional<std::string> Comment(const Question& q, Respondent& r, Rng& rng) {
  std::string text;
  if (r.kind == SurveyKind::kEmployeePulse) {
    if (!q.required && !rng.Chance(0.4)) return std::nullopt;
    text = WriteIdea(r.persian, rng);
  } else {
    Tone tone = ToneOf(r, rng);
    double share = tone == Tone::kNegative ? 0.62 : tone == Tone::kMixed ? 0.38 : 0.42;
    if (!q.required && !rng.Chance(share)) return std::nullopt;
    CommentFacts facts{.persian = r.persian,
                       .tone = tone,
                       .agent = r.agent,
                       .product = r.product,
                       .season = r.day->season};
    if (tone == Tone::kMixed) {
      facts.main = PickTopic(TopicsOf(r, true), std::nullopt, rng);
      facts.second = PickTopic(TopicsOf(r, false), facts.main, rng);
    } else {
      TopicWeights w = TopicsOf(r, tone == Tone::kPositive);
      facts.main = PickTopic(w, std::nullopt, rng);
      if (rng.Chance(tone == Tone::kNegative ? 0.35 : 0.25))
        facts.second = PickTopic(w, facts.main, rng);
    }
    text = WriteComment(facts, rng);
  }
  if (Utf8Length(text) > static_cast<size_t>(q.max_length)) return std::nullopt;
  r.commented = true;
  return text;
}

// The improvement areas a customer ticks, most relevant first.
std::vector<std::string> ImproveAreas(const Question& q, const Respondent& r, Rng& rng) {
  std::vector<std::pair<std::string, double>> areas;
  for (const auto& c : q.choices) {
    double w = 0.2;
    if (c.id == "price") w = 0.5;
    if (c.id == "quality") w = 0.3;
    if (c.id == "delivery")
      w = (r.touchpoint == Touchpoint::kDelivery ? 1.5 : 0.35) + r.day->delivery_strain;
    if (c.id == "support")
      w = (r.touchpoint == Touchpoint::kPhoneSupport || r.touchpoint == Touchpoint::kEmailSupport)
              ? 1.2
              : 0.2;
    if (c.id == "app")
      w = (r.touchpoint == Touchpoint::kApp || r.touchpoint == Touchpoint::kWebsite) ? 1.0 : 0.2;
    areas.emplace_back(c.id, w);
  }
  size_t want = rng.Chance(0.6) ? 1 : rng.Chance(0.75) ? 2 : 3;
  if (q.max_selected > 0) want = std::min(want, static_cast<size_t>(q.max_selected));
  want = std::min(want, areas.size());
  std::vector<std::string> out;
  while (out.size() < want) {
    std::vector<double> w;
    for (const auto& a : areas) w.push_back(a.second);
    size_t i = rng.Pick(w);
    out.push_back(areas[i].first);
    areas[i].second = 0;
  }
  return out;
}

std::optional<AnswerValue> Answer(const Question& q, Respondent& r, Rng& rng) {
  auto sometimes = [&](double p) { return q.required || rng.Chance(p); };
  switch (q.type) {
    case QuestionType::kNps: {
      int v = NpsOf(Read(r.z, 0.97, rng));
      if (!r.nps) r.nps = v;
      return AnswerValue(int64_t{v});
    }
    case QuestionType::kCsat: {
      if (!sometimes(0.95)) return std::nullopt;
      int v = OnScale(Read(r.z, 0.85, rng), q.scale_min, q.scale_max);
      if (!r.csat) r.csat = v;
      return AnswerValue(int64_t{v});
    }
    case QuestionType::kCes: {
      if (!sometimes(0.95)) return std::nullopt;
      return AnswerValue(int64_t{OnScale(Read(r.z, 0.7, rng), q.scale_min, q.scale_max)});
    }
    case QuestionType::kRating: {
      if (!sometimes(0.9)) return std::nullopt;
      double x = Read(r.z, 0.6, rng);
      if (q.id == "delivery") {
        x -= 0.8 * r.day->delivery_strain + (r.touchpoint == Touchpoint::kDelivery ? 0.2 : 0);
      } else if (q.id == "workload") {
        x = Read(r.z, 0.5, rng) - 1.2 * r.strain + 0.2;
      }
      int v = OnScale(x, q.scale_min, q.scale_max);
      if (q.id == "delivery") r.delivery_stars = v;
      return AnswerValue(int64_t{v});
    }
    case QuestionType::kSingleChoice: {
      if (q.choices.empty() || !sometimes(0.95)) return std::nullopt;
      double x = Read(r.z, 0.75, rng);
      // Choices run from the happiest ("yes") to the unhappiest ("no").
      size_t n = q.choices.size();
      size_t i = x > -0.55 ? 0 : x > -1.15 ? n / 2 : n - 1;
      if (q.id == "resolved") r.resolved = q.choices[i].id;
      return AnswerValue(q.choices[i].id);
    }
    case QuestionType::kMultipleChoice: {
      if (q.choices.empty()) return std::nullopt;
      double p = !r.nps ? 0.5 : *r.nps <= 6 ? 0.75 : *r.nps <= 8 ? 0.6 : 0.3;
      if (!sometimes(p)) return std::nullopt;
      r.improve = ImproveAreas(q, r, rng);
      return AnswerValue(r.improve);
    }
    case QuestionType::kText: {
      auto text = Comment(q, r, rng);
      if (!text) return std::nullopt;
      return AnswerValue(std::move(*text));
    }
    case QuestionType::kNumber: {
      if (!sometimes(0.8)) return std::nullopt;
      double lo = q.number_min.value_or(0), hi = q.number_max.value_or(lo + 10);
      double x = lo + (hi - lo) * rng.Uniform();
      if (q.integer) return AnswerValue(static_cast<int64_t>(std::floor(x)));
      return AnswerValue(x);
    }
    case QuestionType::kMatrix: {
      if (q.rows.empty() || !sometimes(0.9)) return std::nullopt;
      survey::MatrixAnswer m;
      for (const auto& row : q.rows) {
        if (!rng.Chance(0.9)) continue;
        double x = Read(r.z, 0.55, rng);
        if (row.id == "packaging") x += 0.35 - 0.5 * r.day->delivery_strain;
        if (row.id == "quality") x += 0.1;
        if (row.id == "price") x -= 0.45;
        int v = OnScale(x, q.scale_min, q.scale_max);
        if (row.id == "packaging") r.packaging = v;
        if (row.id == "quality") r.quality = v;
        if (row.id == "price") r.price = v;
        m.emplace(row.id, v);
      }
      if (m.empty()) m.emplace(q.rows.front().id, OnScale(r.z, q.scale_min, q.scale_max));
      return AnswerValue(std::move(m));
    }
  }
  return std::nullopt;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  out += '"';
}

// A flat JSON object of text values, keys in order (as nlohmann::json writes them).
std::string JsonObjectOf(std::vector<std::pair<std::string_view, std::string>> fields) {
  std::sort(fields.begin(), fields.end());
  std::string out = "{";
  for (const auto& [k, v] : fields) {
    if (out.size() > 1) out += ',';
    AppendJsonString(out, k);
    out += ':';
    AppendJsonString(out, v);
  }
  out += '}';
  return out;
}

std::string_view LanguageFor(const survey::Definition& d, bool persian) {
  std::string_view want = persian ? "fa" : "en";
  for (const auto& l : d.languages)
    if (l == want) return want;
  return d.default_language;
}

}  // namespace

struct ResponseFactory::Made {
  Response response;
  bool commented = false;
};

ResponseFactory::ResponseFactory(uint64_t seed, OrgId org, const DemoPeriod& period,
                                 std::vector<PlannedSurvey> surveys, int64_t total,
                                 int64_t contacts, const comments::TextPipeline* text,
                                 std::vector<int64_t> contact_ids)
    : seed_(seed),
      org_(org),
      period_(period),
      surveys_(std::move(surveys)),
      total_(total),
      contacts_(std::max<int64_t>(1, contacts)),
      text_(text),
      contact_ids_(std::move(contact_ids)),
      first_of_day_(period.ShareOut(total)) {
  for (const PlannedSurvey& s : surveys_) by_kind_[static_cast<size_t>(s.kind)] = &s;
}

Result<ResponseBatch> ResponseFactory::Make(int64_t first, int64_t count) const {
  ResponseBatch batch;
  batch.responses.reserve(count);
  for (int64_t i = first; i < first + count && i < total_; ++i) {
    auto made = MakeOne(i);
    if (!made) return Fail(made.error());
    batch.comments += made->commented ? 1 : 0;
    batch.responses.push_back(std::move(made->response));
  }
  return batch;
}

Result<ResponseFactory::Made> ResponseFactory::MakeOne(int64_t index) const {
  Rng rng(SeedFor(seed_, Stream::kResponse, static_cast<uint64_t>(index)));
  auto day_it = std::upper_bound(first_of_day_.begin(), first_of_day_.end(), index) - 1;
  size_t day_index = static_cast<size_t>(day_it - first_of_day_.begin());
  const DemoDay& day = period_.days()[day_index];
  const int64_t on_day = first_of_day_[day_index + 1] - first_of_day_[day_index];
  // Stratified within the day: the k-th response of the day lies in the k-th slice.
  const double q = (static_cast<double>(index - *day_it) + rng.Uniform()) / on_day;
  const int64_t completed = period_.InstantAt(day, q);
  const int hour =
      static_cast<int>(std::clamp<int64_t>((completed - day.start_ms) / kMsPerHour, 0, 23));
  const double span =
      static_cast<double>(std::max<int64_t>(1, period_.end_ms() - period_.start_ms()));
  const double progress = static_cast<double>(completed - period_.start_ms()) / span;

  std::array<double, kSurveyKindCount> mix = kSurveyMix;
  mix[static_cast<size_t>(SurveyKind::kPostSupport)] *= 1 + day.support_strain;
  if (day.pulse) {
    mix[static_cast<size_t>(SurveyKind::kEmployeePulse)] =
        kPulseMix * (hour >= 9 && hour < 17 ? 1.6 : 0.15);
  }
  for (size_t k = 0; k < kSurveyKindCount; ++k)
    if (!by_kind_[k]) mix[k] = 0;
  if (std::all_of(mix.begin(), mix.end(), [](double w) { return w == 0; })) {
    for (size_t k = 0; k < kSurveyKindCount; ++k) mix[k] = by_kind_[k] ? 1 : 0;
  }
  const PlannedSurvey& plan = *by_kind_[rng.Pick(mix)];
  const survey::Definition& def = *plan.definition;

  Respondent r;
  r.kind = plan.kind;
  r.day = &day;
  r.product = &Products()[rng.Below(Products().size())];
  std::vector<std::pair<std::string_view, std::string>> hidden;
  std::string meta;
  std::optional<int64_t> contact_id;  // the linked contact, when it has a journey
  Channel channel = Channel::kWeb;

  if (plan.kind == SurveyKind::kEmployeePulse) {
    const Team& team = Teams()[rng.Below(Teams().size())];
    std::vector<double> site_weights;
    for (const Site& s : Sites()) site_weights.push_back(s.weight);
    const Site& site = Sites()[rng.Pick(site_weights)];
    r.persian = LanguageFor(def, !rng.Chance(0.08)) == "fa";
    r.strain = team.at_desk      ? day.support_strain
               : team.in_the_van ? day.delivery_strain
                                 : 0.3 * std::max(day.support_strain, day.delivery_strain);
    double mood = kKindMood[static_cast<size_t>(plan.kind)] + site.mood - kStrainMood * r.strain +
                  kImprovement * (progress - 0.5);
    r.z = mood + rng.Normal();
    channel = static_cast<Channel>(rng.Pick(ChannelMix(plan.kind, Touchpoint::kWebsite)));
    hidden = {{"team", std::string(team.id)}, {"site", std::string(site.id)}};
    meta = R"({"source":"demo"})";  // anonymous: no contact
  } else {
    // A returning customer: the most loyal tenth answer far more often than the rest.
    int64_t contact = rng.Chance(kLoyalShare)
                          ? static_cast<int64_t>(rng.Below(std::max<int64_t>(1, contacts_ / 10)))
                          : static_cast<int64_t>(rng.Below(contacts_));
    Rng contact_rng(SeedFor(seed_, Stream::kContact, static_cast<uint64_t>(contact)));
    r.persian = LanguageFor(def, contact_rng.Chance(kFarsiShare)) == "fa";
    const double temper = kCustomerTemper * contact_rng.Normal();
    std::array<double, kTouchpointCount> lived{};
    for (double& e : lived) e = contact_rng.Normal();

    const auto& tp_mix = plan.kind == SurveyKind::kPostSupport    ? kSupportTouchpoints
                         : plan.kind == SurveyKind::kPostPurchase ? kPurchaseTouchpoints
                                                                  : kRelationshipTouchpoints;
    const Touchpoint tp = static_cast<Touchpoint>(rng.Pick(tp_mix));
    r.touchpoint = tp;
    channel = static_cast<Channel>(rng.Pick(ChannelMix(plan.kind, tp)));
    if (plan.kind == SurveyKind::kPostSupport) {
      std::array<double, kAgentCount> load{};
      for (size_t a = 0; a < kAgentCount; ++a)  // some agents take more contacts than others
        load[a] = Agents()[a].desk == tp ? 0.8 + 0.1 * static_cast<double>((a * 7) % 5) : 0;
      r.agent = &Agents()[rng.Pick(load)];
    }
    r.strain = StrainOf(day, tp);
    double mood = kKindMood[static_cast<size_t>(plan.kind)] + InfoOf(tp).mood +
                  (r.agent ? r.agent->skill : 0) + temper - kStrainMood * r.strain +
                  kImprovement * (progress - 0.5);
    if (rng.Chance(kAngryShare + kAngryShareStrain * r.strain)) {
      r.z = -2.6 - 0.9 * std::abs(rng.Normal());  // mostly 0-2 on NPS, 1 on CSAT
    } else {
      double memory = 0, spread = 0;
      if (plan.kind == SurveyKind::kRelationshipNps) {
        for (size_t t = 0; t < kTouchpointCount; ++t) {
          memory += kRelationshipPull[t] * lived[t];
          spread += kRelationshipPull[t] * kRelationshipPull[t];
        }
      } else {
        memory = kTouchpointMemory * lived[static_cast<size_t>(tp)];
        spread = kTouchpointMemory * kTouchpointMemory;
      }
      r.z = mood + memory + std::sqrt(1.0 - spread) * rng.Normal();
    }

    hidden = {{"touchpoint", std::string(InfoOf(tp).id)}, {"channel", std::string(IdOf(channel))}};
    if (r.agent) hidden.emplace_back("agent", std::string(r.agent->id));
    if (plan.kind == SurveyKind::kPostSupport)
      hidden.emplace_back("ticket", fmt::format("TCK-{:07d}", 1'000'000 + index));
    if (plan.kind == SurveyKind::kPostPurchase)
      hidden.emplace_back("order",
                          fmt::format("ORD-{}-{:07d}", day.jalali.year, 1'000'000 + index));
    meta = fmt::format(R"({{"contact":"C-{:07d}","source":"demo"}})", contact + 1);
    if (contact < static_cast<int64_t>(contact_ids_.size())) contact_id = contact_ids_[contact];
  }
  std::erase_if(hidden, [&](const auto& kv) {
    return std::find(def.hidden_fields.begin(), def.hidden_fields.end(), kv.first) ==
           def.hidden_fields.end();
  });

  // Walk the survey as the respondent sees it.
  Answers answers;
  for (const Question& question : def.questions) {
    if (question.display_if && !survey::GroupHolds(*question.display_if, answers)) continue;
    auto value = Answer(question, r, rng);
    if (!value) continue;
    answers.emplace(question.id, std::move(*value));
    bool ended = std::any_of(question.skip.begin(), question.skip.end(), [&](const auto& rule) {
      return survey::GroupHolds(rule.when, answers);
    });
    if (ended) break;
  }
  if (auto complete = survey::CheckComplete(def, answers); !complete) {
    return Fail(Error::Internal(fmt::format("demo response for survey {} is not complete: {}",
                                            plan.survey_id, complete.error().ToString())));
  }

  // Time spent: reading and tapping, typing comments; IVR callers are quick.
  const Json answers_tree = survey::ToJson(answers);
  std::string answers_json = answers_tree.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text_ != nullptr && r.commented) {
    Json analysed = Json::parse(meta);
    comments::SetCommentAnalyses(analysed, comments::AnalyseComments(*text_, def, answers_tree));
    meta = analysed.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  int64_t seconds = channel == Channel::kIvr ? 10 + 7 * static_cast<int64_t>(answers.size())
                                             : 15 + 6 * static_cast<int64_t>(answers.size());
  seconds += rng.Between(0, 30) + (r.commented ? static_cast<int64_t>(answers_json.size() / 8) : 0);
  const int64_t created = std::max(period_.start_ms(), completed - seconds * 1000);

  Made made;
  made.commented = r.commented;
  Response& out = made.response;
  out.org_id = org_;
  out.survey_id = plan.survey_id;
  out.version = plan.version;
  out.link_id = plan.link_of_channel[static_cast<size_t>(channel)];
  out.response_key = fmt::format("demo-{:08d}", index);
  out.status = ResponseStatus::kComplete;
  out.language = r.persian ? "fa" : "en";
  out.channel = std::string(IdOf(channel));
  if (r.touchpoint) out.touchpoint = std::string(InfoOf(*r.touchpoint).id);
  if (r.agent) out.agent = std::string(r.agent->id);
  out.hidden = JsonObjectOf(std::move(hidden));
  out.answers = std::move(answers_json);
  out.meta = std::move(meta);
  out.comment_text = comments::CommentSearchText(def, answers_tree);
  out.contact_id = contact_id;
  out.created_ms = created;
  out.updated_ms = completed;
  out.completed_ms = completed;
  return made;
}

}  // namespace nazar::demo
