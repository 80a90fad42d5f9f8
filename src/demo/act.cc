#include "demo/act.h"

#include <fmt/format.h>

#include <algorithm>

#include "act/business_hours.h"
#include "act/settings.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/try.h"
#include "demo/random.h"

namespace nazar::demo {
namespace {

constexpr int64_t kHourMs = 3600'000;
constexpr int64_t kDayMs = 24 * kHourMs;

struct Person {
  const char* email;
  const char* name;
  Role role;
  const char* locale;
};
constexpr Person kPeople[] = {
    {"maryam@example.com", "مریم رحیمی", Role::kAnalyst, "fa"},
    {"sara@example.com", "سارا احمدی", Role::kAgent, "fa"},
    {"reza@example.com", "Reza Karimi", Role::kAgent, "en"},
    {"neda@example.com", "ندا حسینی", Role::kAgent, "fa"},
};

struct Cause {
  const char* key;
  const char* fa;
  const char* en;
  const char* points_at;  // JSON
  const char* resolution_fa;
  const char* resolution_en;
};
constexpr Cause kCauses[] = {
    {"courier_delay", "تأخیر پیک", "Courier delay", R"({"topic":"delivery","touchpoint":"delivery"})",
     "با مشتری تماس گرفتیم، هزینهٔ ارسال برگشت داده شد و با شرکت پیک پیگیری شد.",
     "Called the customer back, refunded the delivery fee and raised it with the courier."},
    {"wrong_item", "کالای اشتباه یا معیوب", "Wrong or faulty item", R"({"topic":"product_quality"})",
     "کالای درست با ارسال فوری فرستاده شد و مرجوعی رایگان ثبت شد.",
     "Sent the right item by express and booked a free return."},
    {"long_wait", "انتظار طولانی پشت خط", "Long wait on the phone", R"({"topic":"wait_time","touchpoint":"phone_support"})",
     "عذرخواهی شد و مشکل در همان تماس برگشتی حل شد.",
     "Apologised and solved it on the call back."},
    {"agent_knowledge", "پاسخ نادرست کارشناس", "Agent gave a wrong answer", R"({"topic":"support_resolution"})",
     "پاسخ درست داده شد و موضوع در جلسهٔ مربیگری کارشناس مطرح شد.",
     "Gave the right answer and took it to the agent's coaching session."},
    {"app_bug", "خطای اپلیکیشن", "App bug", R"({"topic":"app_website","touchpoint":"app"})",
     "خطای پرداخت به تیم فنی گزارش شد و سفارش دستی ثبت شد.",
     "Reported the payment bug to the app team and placed the order by hand."},
    {"refund_policy", "سیاست بازگشت وجه", "Refund policy", R"({"topic":"price"})",
     "طبق سیاست جدید، وجه ظرف ۲۴ ساعت بازگشت داده شد.",
     "Refunded within 24 hours under the new policy."},
};

int CauseFor(const UnhappyResponse& u, Rng& rng) {
  if (u.touchpoint == "delivery") return rng.Chance(0.7) ? 0 : 1;
  if (u.touchpoint == "phone_support") return rng.Chance(0.55) ? 2 : 3;
  if (u.touchpoint == "email_support") return rng.Chance(0.5) ? 3 : 5;
  if (u.touchpoint == "app") return rng.Chance(0.7) ? 4 : 5;
  return static_cast<int>(rng.Below(std::size(kCauses)));
}

Json Rule(const char* name, Json conditions, const char* priority, bool email) {
  return {{"name", name}, {"conditions", std::move(conditions)}, {"priority", priority}, {"email", email}};
}

// A "did we resolve it?" asked when a case closed.
struct Check {
  int64_t sent = 0;
  std::string language;
  std::string answer;
  std::string comment;
  std::optional<int64_t> answered;
};

// One case on `u` with the history its life would have left, written in `tx`.
// The contact's first NPS rating after `after`, when there is one by `now_ms`.
std::optional<std::pair<int64_t, int64_t>> NextRating(const Ratings& ratings, std::optional<int64_t> contact,
                                                      int64_t after, int64_t now_ms) {
  if (!contact) return std::nullopt;
  auto it = ratings.find(*contact);
  if (it == ratings.end()) return std::nullopt;
  std::optional<std::pair<int64_t, int64_t>> best;
  for (const auto& [at, nps] : it->second)
    if (at > after && at <= now_ms && (!best || at < best->first)) best = {at, nps};
  return best;
}

Result<void> WriteCase(Store& tx, OrgId org, UserId admin, uint64_t seed, const UnhappyResponse& u,
                       const std::vector<AlertRule>& made_rules, const std::vector<int64_t>& causes,
                       const std::vector<UserId>& people, const act::BusinessClock& clock, const Ratings& ratings,
                       int64_t now_ms, ActCounts& counts) {
  const UserId maryam = people[0], sara = people[1], reza = people[2], neda = people[3];
  Rng rng(SeedFor(seed, Stream::kResponse, static_cast<uint64_t>(u.id) ^ 0xac7ULL));
  const AlertRule& rule = made_rules[u.support ? 0 : 1];
  std::optional<UserId> owner = maryam;
  if (u.touchpoint == "phone_support") owner = rng.Chance(0.5) ? sara : reza;
  else if (u.touchpoint == "email_support") owner = reza;
  else if (u.touchpoint == "delivery") owner = neda;
  const int64_t opened = u.completed_ms + 2'000;
  const bool fa = u.language == "fa";
  // Working hours to the first response and to the fix: mostly quick, a tail of slow ones.
  const double slow = rng.Chance(0.15) ? 3.0 : 1.0;
  const int64_t first = clock.AddWorkingMs(opened, static_cast<int64_t>((0.2 + 4.0 * rng.Uniform() * slow) * kHourMs));
  const bool waits = rng.Chance(0.3);
  const int64_t waited_from = clock.AddWorkingMs(first, static_cast<int64_t>((0.5 + rng.Uniform() * 2) * kHourMs));
  const int64_t waited_to = waited_from + static_cast<int64_t>((4 + rng.Uniform() * 40) * kHourMs);
  const int64_t resolved = clock.AddWorkingMs(waits ? waited_to : first,
                                              static_cast<int64_t>((1.0 + 14.0 * rng.Uniform() * slow) * kHourMs));
  const int64_t closed = resolved + static_cast<int64_t>((2 + rng.Uniform() * 46) * kHourMs);
  const int cause = CauseFor(u, rng);
  // The last two weeks' cases: half are still being worked (the inbox has something in it).
  const bool stalled = now_ms - opened < 14 * kDayMs && rng.Chance(0.5);

  Case c{.org_id = org, .title = fmt::format("{} · {}", rule.name, u.id), .status = "new", .priority = rule.priority,
         .owner = owner, .response_id = u.id, .contact_id = u.contact_id, .rule_id = rule.id,
         .touchpoint = u.touchpoint, .agent = u.agent, .created_ms = opened, .updated_ms = opened, .nps = u.nps};
  if (auto next = NextRating(ratings, u.contact_id, opened, now_ms)) {
    c.next_nps = next->second;
    c.next_nps_ms = next->first;
  }
  struct Step {
    int64_t at;
    const char* kind;
    Json detail;
    bool by_owner;
  };
  std::vector<Step> steps = {{opened, "opened", {{"priority", c.priority}, {"rule_id", rule.id}}, false},
                             {opened, "assigned", {{"to", owner->value}}, false}};
  std::string status = "new";
  std::vector<Check> checks;
  auto move = [&](int64_t at, const char* to) {
    steps.push_back({at, "status", {{"from", status}, {"to", to}}, true});
    status = to;
  };
  if (first <= now_ms && !(stalled && rng.Chance(0.3))) {
    move(first, "open");
    c.first_response_ms = first;
    // Most customers are called back within the hour; some a day or more later; a few never.
    const double reach = rng.Uniform();
    if (reach < 0.85) {
      const int64_t call = reach < 0.7 ? first + static_cast<int64_t>(rng.Uniform() * kHourMs)
                                       : first + static_cast<int64_t>((20 + rng.Uniform() * 40) * kHourMs);
      if (call <= now_ms) {
        steps.push_back({call, "note", {{"text", fa ? "با مشتری تلفنی صحبت کردم و پیگیری را توضیح دادم." : "Spoke to the customer on the phone and explained what happens next."},
                                        {"mentions", Json::array()}, {"contact", "phone"}}, true});
        c.first_contact_ms = call;
      }
    }
    if (waits && waited_from <= now_ms) {
      steps.push_back({waited_from, "note", {{"text", fa ? "با مشتری تماس گرفتم؛ منتظر ارسال عکس کالا است." : "Called the customer; waiting for photos of the item."}}, true});
      move(waited_from, "waiting");
      if (waited_to <= now_ms) move(waited_to, "open");
    }
    if (resolved <= now_ms && status == "open" && !stalled) {
      c.root_cause_id = causes[cause];
      c.resolution = fa ? kCauses[cause].resolution_fa : kCauses[cause].resolution_en;
      steps.push_back({resolved, "root_cause", {{"from", nullptr}, {"to", causes[cause]}}, true});
      steps.push_back({resolved, "resolution", {{"text", c.resolution}}, true});
      move(resolved, "resolved");
      c.resolved_ms = resolved;
      if (closed <= now_ms) {
        move(closed, "closed");
        c.closed_ms = closed;
        // Closed cases with a customer: most are asked "did we resolve it?"; most of those answer.
        if (u.contact_id && rng.Chance(0.7)) {
          const int64_t answered = closed + static_cast<int64_t>((1 + rng.Uniform() * 30) * kHourMs);
          Check check{.sent = closed, .language = u.language == "fa" ? "fa" : "en"};
          if (rng.Chance(0.65) && answered <= now_ms) {
            check.answer = rng.Chance(cause == 0 || cause == 4 ? 0.7 : 0.85) ? "yes" : "no";
            check.answered = answered;
            check.comment = check.answer == "no" ? (fa ? "هنوز پولم برنگشته." : "Still waiting for my money.") : "";
          }
          steps.push_back({closed, "check_sent", {{"language", check.language}}, false});
          if (check.answered) {
            steps.push_back({*check.answered, "customer_answer", {{"answer", check.answer}, {"comment", check.comment}}, false});
            if (check.answer == "no") {
              steps.push_back({*check.answered, "status", {{"from", "closed"}, {"to", "open"}, {"by", "customer"}}, false});
              status = "open";
              c.resolved_ms.reset();
              c.closed_ms.reset();
              // The owner takes it up again; all but the last fortnight's are put right and closed.
              const int64_t again = clock.AddWorkingMs(*check.answered, static_cast<int64_t>((2 + rng.Uniform() * 10) * kHourMs));
              if (again <= now_ms - 14 * kDayMs) {
                steps.push_back({again, "note", {{"text", fa ? "دوباره با مشتری تماس گرفتم و کار را تمام کردیم." : "Called the customer again and finished the job."},
                                                 {"mentions", Json::array()}, {"contact", "phone"}}, true});
                move(again, "resolved");
                c.resolved_ms = again;
                move(again + 24 * kHourMs, "closed");
                c.closed_ms = again + 24 * kHourMs;
              }
            }
          }
          checks.push_back(std::move(check));
        }
      }
    }
  }
  c.status = status;
  c.updated_ms = steps.back().at;
  TRY_ASSIGN(Case made, tx.act().CreateCase(c));
  for (const Step& s : steps) {
    TRY(tx.act().AddCaseEvent({.org_id = org, .case_id = made.id, .at_ms = s.at,
                                  .actor = s.by_owner ? owner : std::nullopt, .kind = s.kind,
                                  .detail = s.detail.dump()}));
  }
  for (const Check& k : checks) {
    TRY_ASSIGN(Contact contact, tx.journeys().GetContact(org, *u.contact_id));
    TRY_ASSIGN(CaseCheck made_check, tx.act().CreateCaseCheck(
                                         {.org_id = org, .case_id = made.id, .token_hash = Sha256Hex(RandomToken(24)),
                                          .language = k.language, .sent_to = contact.email.empty() ? "(no e-mail)" : contact.email,
                                          .created_ms = k.sent}));
    if (k.answered) TRY(tx.act().AnswerCaseCheck(org, made_check.id, k.answer, k.comment, *k.answered));
    ++counts.checks;
  }
  TRY_ASSIGN(auto alert, tx.act().InsertAlert({.org_id = org, .rule_id = rule.id, .response_id = u.id,
                                                  .contact_id = u.contact_id, .case_id = made.id,
                                                  .created_ms = opened}));
  (void)alert;
  ++counts.cases;
  if (status != "closed" && status != "resolved") {
    ++counts.open_cases;
    TRY(tx.act().AddNotification({.org_id = org, .user_id = admin, .kind = "alert",
                                     .detail = Json{{"title", c.title}, {"case_id", made.id}, {"rule_id", rule.id},
                                                    {"response_id", u.id}}.dump(),
                                     .created_ms = opened}));
  }
  return {};
}

}  // namespace

bool IsUnhappy(const Response& r, UnhappyResponse& out) {
  if (r.status != ResponseStatus::kComplete || !r.completed_ms) return false;
  Json a = Json::parse(r.answers, nullptr, false);
  if (!a.is_object()) return false;
  bool support = a.contains("csat") && a["csat"].is_number() && a["csat"].get<double>() <= 2;
  bool detractor = a.contains("nps") && a["nps"].is_number() && a["nps"].get<double>() <= 4;
  if (!support && !detractor) return false;
  // A sample, so a year of demo data gives a few hundred cases, not thousands.
  if (Mix(static_cast<uint64_t>(r.id)) % (support ? 4 : 10) != 0) return false;
  out = {.id = r.id, .contact_id = r.contact_id, .touchpoint = r.touchpoint, .agent = r.agent,
         .language = r.language, .completed_ms = *r.completed_ms, .support = support};
  if (a.contains("nps") && a["nps"].is_number_integer()) out.nps = a["nps"].get<int64_t>();
  return true;
}

void NoteRating(const Response& r, Ratings& ratings) {
  if (r.status != ResponseStatus::kComplete || !r.completed_ms || !r.contact_id) return;
  Json a = Json::parse(r.answers, nullptr, false);
  if (!a.is_object() || !a.contains("nps") || !a["nps"].is_number_integer()) return;
  ratings[*r.contact_id].emplace_back(*r.completed_ms, a["nps"].get<int64_t>());
}

Result<ActCounts> WriteAct(Store& store, Accounts& accounts, OrgId org, UserId admin,
                           const std::string& password, uint64_t seed,
                           const std::vector<UnhappyResponse>& unhappy, const Ratings& ratings,
                           std::optional<int64_t> relationship_survey, int64_t now_ms) {
  ActCounts counts;
  std::vector<UserId> people;
  for (const Person& p : kPeople) {
    auto user = store.accounts().FindUserByEmail(p.email);
    if (!user) {
      TRY_ASSIGN(User made, accounts.CreateUser({.email = p.email, .name = p.name, .password = password,
                                                 .locale = p.locale}));
      user = made;
    }
    if (!store.accounts().GetMember(org, user->id))
      TRY(store.accounts().AddMember(org, user->id, p.role, now_ms));
    people.push_back(user->id);
    ++counts.members;
  }
  const UserId maryam = people[0], sara = people[1], reza = people[2], neda = people[3];
  (void)maryam;

  // Settings: the Iranian week and holidays, the default targets, assignment by touchpoint.
  act::ActConfig config = act::DefaultActConfig("Asia/Tehran");
  Json assignment = {{"rules", {{{"touchpoint", "phone_support"}, {"users", {sara.value, reza.value}}},
                                {{"touchpoint", "email_support"}, {"users", {reza.value}}},
                                {{"touchpoint", "delivery"}, {"users", {neda.value}}}}},
                     {"default", {maryam.value}}};
  config.assignment = std::move(assignment);
  TRY(store.act().PutActSettings(act::StoredActSettings(org, config, now_ms)));
  TRY_ASSIGN(act::BusinessClock clock, act::BusinessClock::Make(config.calendar));

  std::vector<int64_t> causes;
  for (const Cause& c : kCauses) {
    TRY_ASSIGN(RootCause made, store.act().CreateRootCause(
                                   {.org_id = org, .name = Json{{"fa", c.fa}, {"en", c.en}}.dump(),
                                    .key = c.key, .points_at = c.points_at, .created_ms = now_ms}));
    causes.push_back(made.id);
  }

  // The rules: what a CX manager switches on first.
  const Json rules[] = {
      Rule("ناراضی پس از پشتیبانی / Unhappy after support",
           {{{"field", "answer.csat"}, {"op", "<="}, {"value", 2}}}, "high", true),
      Rule("مشتری منتقد / Detractor", {{{"field", "answer.nps"}, {"op", "<="}, {"value", 4}}}, "normal", false),
      Rule("درخواست لغو یا بازگشت وجه / Cancel or refund mentioned",
           {{{"field", "comment"}, {"op", "contains_any"}, {"value", {"لغو", "بازگشت وجه", "پس بدهید", "refund", "cancel"}}}},
           "urgent", true),
      Rule("گلایه از ارسال / Complaint about delivery",
           {{{"field", "sentiment"}, {"op", "="}, {"value", "negative"}}, {{"field", "topic"}, {"op", "="}, {"value", "delivery"}}},
           "normal", false),
  };
  std::vector<AlertRule> made_rules;
  for (const Json& r : rules) {
    Json notify = {{"roles", {"analyst"}}, {"channels", r["email"].get<bool>() ? Json{"in_app", "email"} : Json{"in_app"}}};
    TRY_ASSIGN(AlertRule rule, store.act().CreateAlertRule(
                                   {.org_id = org, .name = r["name"], .conditions = Json{{"match", "all"}, {"conditions", r["conditions"]}}.dump(),
                                    .notify = notify.dump(), .priority = r["priority"], .dedupe_minutes = 24 * 60,
                                    .created_ms = now_ms - 365 * kDayMs, .updated_ms = now_ms - 365 * kDayMs}));
    made_rules.push_back(rule);
    ++counts.rules;
  }
  // A watch on relationship NPS per touchpoint: the server checks it every 15 minutes against
  // the week before (act/metric_watch.h).
  if (relationship_survey) {
    Json notify = {{"roles", {"analyst", "admin"}}, {"touchpoint_owner", true}, {"channels", {"in_app"}}};
    Json watch = {{"metric", "nps"}, {"by", "touchpoint"}, {"days", 7}, {"min_drop", 10}};
    TRY(store.act().CreateAlertRule({.org_id = org, .name = "افت NPS در یک نقطهٔ تماس / NPS fell at a touchpoint",
                                     .survey_id = *relationship_survey, .conditions = Json{{"watch", watch}}.dump(),
                                     .notify = notify.dump(), .priority = "high", .created_ms = now_ms - 90 * kDayMs,
                                     .updated_ms = now_ms - 90 * kDayMs}));
    ++counts.rules;
  }

  // The cases, oldest first, each with the history its life would have left; in chunks of a
  // hundred cases per transaction.
  constexpr size_t kChunk = 100;
  for (size_t from = 0; from < unhappy.size(); from += kChunk) {
    TRY(store.Transact([&](Store& tx) -> Result<void> {
      for (size_t i = from; i < std::min(unhappy.size(), from + kChunk); ++i) {
        TRY(WriteCase(tx, org, admin, seed, unhappy[i], made_rules, causes, people, clock, ratings, now_ms, counts));
      }
      return {};
    }));
  }
  return counts;
}

}  // namespace nazar::demo
