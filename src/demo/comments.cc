#include "demo/comments.h"

#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "core/jalali.h"

namespace nazar::demo {
namespace {

// A phrase says one thing about a topic, in both languages. Slots: {days}, {minutes},
// {agent} (Persian: "خانم احمدی", English: "Sara"), {item}. English phrases start in lower
// case (except "I" and names): the composer capitalises sentence starts, and phrases are also
// joined after "..., but".
struct Phrase {
  Topic topic;
  bool praise;
  std::string_view fa;
  std::string_view en;
};

using enum Topic;

// The tables keep one entry a line (clang-format counts UTF-8 bytes, not characters).
// clang-format off
constexpr Phrase kPhrases[] = {
    // Delivery time.
    {kDeliveryTime, false, "سفارشم {days} روز دیرتر از موعد رسید و هیچ‌کس خبر نداد",
     "my order arrived {days} days late and nobody told me anything"},
    {kDeliveryTime, false, "قرار بود دو روزه برسد ولی {days} روز طول کشید",
     "it was supposed to take two days but it took {days}"},
    {kDeliveryTime, false, "{days} روز منتظر بسته ماندم",
     "I waited {days} days for the parcel"},
    {kDeliveryTime, false, "کد رهگیری چند روز تکان نخورد و بسته {days} روز بعد رسید",
     "the tracking didn't move for days and the parcel turned up {days} days later"},
    {kDeliveryTime, false, "زمان تحویل را سه بار عوض کردند",
     "the delivery date was changed three times"},
    {kDeliveryTime, true, "سفارشم زودتر از موعد رسید", "my order arrived earlier than promised"},
    {kDeliveryTime, true, "ارسال خیلی سریع بود، فردای همان روز رسید",
     "delivery was super fast, it came the next day"},
    {kDeliveryTime, true, "دقیقاً همان روزی که گفته بودند تحویل دادند",
     "it was delivered exactly on the day you said"},
    {kDeliveryTime, true, "ارسال سریع‌تر از انتظارم بود", "shipping was faster than I expected"},
    // Damage.
    {kDamage, false, "{item} با جعبه‌ی له‌شده به دستم رسید", "{item} arrived in a crushed box"},
    {kDamage, false, "{item} شکسته بود و باید مرجوعش کنم",
     "{item} was broken and I have to send it back"},
    {kDamage, false, "یکی از اقلام سفارشم کم بود", "one of the items in my order was missing"},
    {kDamage, false, "{item} خط‌وخش داشت و معلوم بود قبلاً استفاده شده",
     "{item} was scratched and looked used"},
    {kDamage, true, "{item} سالم و بی‌نقص رسید", "{item} arrived in perfect condition"},
    {kDamage, true, "همه‌چیز کامل و سالم بود", "everything arrived complete and undamaged"},
    // Packaging.
    {kPackaging, false, "بسته‌بندی خیلی ضعیف بود", "the packaging was really flimsy"},
    {kPackaging, false, "بسته خیس و پاره به دستم رسید", "the parcel arrived wet and torn"},
    {kPackaging, false, "برای یک کالای کوچک این‌همه پلاستیک لازم نبود",
     "way too much plastic for such a small item"},
    {kPackaging, true, "بسته‌بندی عالی و تمیز بود", "the packaging was neat and really solid"},
    {kPackaging, true, "بسته‌بندی‌تان واقعاً شیک است", "your packaging is really lovely"},
    {kPackaging, true, "{item} را با دقت بسته‌بندی کرده بودید", "{item} was packed with real care"},
    {kPackaging, true, "یادداشت تشکر داخل بسته خیلی به دلم نشست",
     "the little thank-you note in the box was a nice touch"},
    // Courier.
    {kCourier, false, "پیک بدون هماهنگی آمد و چون خانه نبودم بسته را برگرداند",
     "the courier turned up without calling and took the parcel back because I wasn't home"},
    {kCourier, false, "رفتار پیک اصلاً مؤدبانه نبود", "the courier was really rude"},
    {kCourier, false, "پیک بسته را دم در گذاشت و رفت",
     "the courier just left the parcel at the door and went"},
    {kCourier, false, "پیک گفت آدرس را پیدا نکرده، در حالی که من خانه بودم",
     "the courier claimed he couldn't find the address while I was at home"},
    {kCourier, true, "پیک خیلی مؤدب و خوش‌برخورد بود", "the courier was very polite and friendly"},
    {kCourier, true, "پیک قبل از آمدن تماس گرفت و سر وقت رسید",
     "the courier called ahead and showed up on time"},
    {kCourier, true, "پیک حتی بسته را تا طبقه‌ی بالا آورد", "the courier even carried it upstairs"},
    // The agent's manner.
    {kAgentManner, false, "کارشناس پشتیبانی با لحن بدی جواب داد",
     "the support agent was rude to me"},
    {kAgentManner, false, "کارشناس وسط صحبتم تماس را قطع کرد",
     "the agent hung up on me halfway through"},
    {kAgentManner, false, "اپراتور اصلاً به حرفم گوش نمی‌داد",
     "the agent wasn't listening to a word I said"},
    {kAgentManner, false, "{agent} فقط می‌گفت کاری از دستش برنمی‌آید",
     "{agent} just kept saying nothing could be done"},
    {kAgentManner, false, "حس کردم کارشناس حوصله‌ی مشتری را ندارد",
     "it felt like the agent couldn't be bothered"},
    {kAgentManner, true, "{agent} خیلی صبور بود و مشکلم را سریع حل کرد",
     "{agent} was really patient and sorted it out quickly"},
    {kAgentManner, true, "کارشناس پشتیبانی خیلی مؤدب و مهربان بود",
     "the support agent was so kind and polite"},
    {kAgentManner, true, "از {agent} بابت حوصله و دقتش ممنونم",
     "thanks to {agent} for being so patient and thorough"},
    {kAgentManner, true, "{agent} همه‌چیز را خیلی واضح توضیح داد",
     "{agent} explained everything really clearly"},
    {kAgentManner, true, "کارشناس با حوصله تا آخر پیگیری کرد",
     "the agent followed it through to the end"},
    // Waiting on the phone.
    {kHoldTime, false, "{minutes} دقیقه پشت خط ماندم تا کسی جواب بدهد",
     "I was on hold for {minutes} minutes before anyone picked up"},
    {kHoldTime, false, "چند بار تماس گرفتم و هر بار بعد از {minutes} دقیقه قطع شد",
     "I called several times and got cut off after {minutes} minutes each time"},
    {kHoldTime, false, "منوی تلفنی مدام مرا به اول برمی‌گرداند",
     "the phone menu kept sending me back to the start"},
    {kHoldTime, true, "تماسم فوراً جواب داده شد", "my call was answered straight away"},
    {kHoldTime, true, "پشت خط اصلاً معطل نشدم", "no waiting on the line at all"},
    {kHoldTime, true, "خیلی زود به کارشناس وصل شدم", "I got through to a person really quickly"},
    // Waiting for an email reply.
    {kEmailReply, false, "به ایمیلم بعد از {days} روز جواب دادند",
     "it took {days} days to get a reply to my email"},
    {kEmailReply, false, "دو ایمیل فرستادم و فقط جواب خودکار گرفتم",
     "I sent two emails and only got automatic replies"},
    {kEmailReply, false, "جوابی که آمد ربطی به سؤالم نداشت",
     "the reply I got had nothing to do with my question"},
    {kEmailReply, true, "همان روز به ایمیلم جواب دادند", "I got a reply to my email the same day"},
    {kEmailReply, true, "جواب ایمیل کامل و دقیق بود", "the email reply was complete and spot on"},
    // Resolution.
    {kResolution, false, "سه بار تماس گرفتم و هنوز مشکلم حل نشده",
     "I've contacted you three times and it's still not fixed"},
    {kResolution, false, "هر بار یک کارشناس جواب متفاوتی می‌دهد",
     "every agent tells me something different"},
    {kResolution, false, "قول پیگیری دادند ولی کسی تماس نگرفت",
     "they promised to follow up but nobody called"},
    {kResolution, false, "مشکلم را به بخش دیگری ارجاع دادند و دیگر خبری نشد",
     "my case was passed to another team and I never heard back"},
    {kResolution, true, "مشکلم همان بار اول حل شد", "my problem was solved first time"},
    {kResolution, true, "مشکلم در چند دقیقه برطرف شد", "the issue was fixed in a few minutes"},
    {kResolution, true, "بدون این‌که لازم باشد دوباره تماس بگیرم، کار تمام شد",
     "it was sorted without me having to chase it"},
    // Refunds and returns.
    {kRefund, false, "{days} روز است منتظر برگشت پولم هستم",
     "I've been waiting {days} days for my refund"},
    {kRefund, false, "درخواست مرجوعی دادم ولی کسی پیگیری نمی‌کند",
     "I asked for a return and nobody is following it up"},
    {kRefund, false, "می‌خواهم پولم را پس بگیرم ولی مرجوع کردن خیلی پیچیده است",
     "I want my money back but the returns process is a nightmare"},
    {kRefund, false, "هزینه‌ی ارسال مرجوعی را هم از من گرفتند",
     "they even charged me for the return shipping"},
    {kRefund, true, "پولم خیلی سریع برگشت", "my refund came back really quickly"},
    {kRefund, true, "مرجوع کردن کالا ساده و بی‌دردسر بود", "returning the item was easy and painless"},
    // The app.
    {kAppQuality, false, "اپلیکیشن موقع پرداخت بسته می‌شود", "the app crashes at checkout"},
    {kAppQuality, false, "بعد از آخرین به‌روزرسانی، اپ مدام خطا می‌دهد",
     "since the last update the app keeps throwing errors"},
    {kAppQuality, false, "اپ خیلی کند است و صفحه‌ها دیر باز می‌شوند",
     "the app is slow and pages take forever to load"},
    {kAppQuality, false, "نمی‌توانم در اپ وارد حساب کاربری‌ام شوم",
     "I can't log in to my account in the app"},
    {kAppQuality, true, "کار با اپ خیلی راحت است", "the app is really easy to use"},
    {kAppQuality, true, "اپلیکیشن سریع و بی‌دردسر است", "the app is fast and hassle-free"},
    {kAppQuality, true, "پیگیری سفارش در اپ عالی است", "tracking my order in the app is great"},
    // The website.
    {kWebsite, false, "سایت خیلی کند است و سبد خریدم دو بار خالی شد",
     "the website is slow and my basket emptied itself twice"},
    {kWebsite, false, "جست‌وجوی سایت چیزی را که می‌خواهم پیدا نمی‌کند",
     "the site search never finds what I'm looking for"},
    {kWebsite, false, "روزهای حراج، سایت عملاً از دسترس خارج بود",
     "during the sale the website was basically down"},
    {kWebsite, true, "سفارش دادن از سایت خیلی ساده بود", "ordering on the website was really simple"},
    {kWebsite, true, "سایت مرتب است و همه‌چیز را راحت پیدا کردم",
     "the site is well organised and I found everything easily"},
    // Payment.
    {kPayment, false, "پرداخت ناموفق بود ولی پول از حسابم کم شد",
     "the payment failed but the money still left my account"},
    {kPayment, false, "درگاه پرداخت چند بار خطا داد", "the payment page errored several times"},
    {kPayment, false, "کد تخفیف موقع پرداخت اعمال نشد", "my discount code didn't work at checkout"},
    {kPayment, true, "پرداخت سریع و بی‌دردسر انجام شد", "paying was quick and easy"},
    {kPayment, true, "امکان پرداخت در محل خیلی خوب است", "cash on delivery is really handy"},
    // The range.
    {kRange, false, "بعد از پرداخت گفتند {item} موجود نیست",
     "after I paid they told me {item} was out of stock"},
    {kRange, false, "چیزی که رسید با چیزی که سفارش داده بودم فرق داشت",
     "what arrived wasn't what I ordered"},
    {kRange, true, "تنوع کالاها عالی است", "great range of products"},
    {kRange, true, "هرچه لازم داشتم یک‌جا پیدا کردم", "found everything I needed in one place"},
    // Price.
    {kPrice, false, "قیمت‌ها از بقیه‌ی فروشگاه‌ها بالاتر است",
     "your prices are higher than other shops"},
    {kPrice, false, "هزینه‌ی ارسال خیلی زیاد است", "the delivery fee is far too high"},
    {kPrice, false, "قیمت {item} یک‌شبه بالا رفت", "the price of {item} went up overnight"},
    {kPrice, true, "قیمت‌ها منصفانه است", "prices are fair"},
    {kPrice, true, "تخفیف‌هایتان واقعی است", "your discounts are real, not fake"},
    {kPrice, true, "ارسال رایگان خیلی به‌صرفه است", "free delivery makes it great value"},
    // The product itself.
    {kProductQuality, false, "کیفیت {item} با عکس‌های سایت خیلی فرق داشت",
     "{item} looked nothing like the photos"},
    {kProductQuality, false, "{item} بعد از یک هفته خراب شد", "{item} broke after a week"},
    {kProductQuality, false, "کیفیت کالا ارزش این قیمت را نداشت",
     "the quality isn't worth the price"},
    {kProductQuality, true, "کیفیت {item} عالی است", "the quality of {item} is excellent"},
    {kProductQuality, true, "{item} دقیقاً همان چیزی بود که می‌خواستم",
     "{item} was exactly what I wanted"},
    {kProductQuality, true, "کالا اصل بود و این برایم خیلی مهم است",
     "the product was genuine, which matters a lot to me"},
};

struct Words {
  std::string_view fa;
  std::string_view en;
};

constexpr Words kComplaintOpeners[] = {
    {"واقعاً ناامید شدم", "really disappointed"},
    {"اصلاً راضی نیستم", "not happy at all"},
    {"تجربه‌ی خیلی بدی بود", "honestly a terrible experience"},
    {"بار دوم است که این اتفاق می‌افتد", "second time this has happened"},
    {"خیلی عصبانی‌ام", "very frustrating"},
    {"متأسفانه این بار خوب نبود", "sadly not good this time"},
};
constexpr Words kComplaintClosers[] = {
    {"دیگر از شما خرید نمی‌کنم", "I won't be ordering again"},
    {"لطفاً پیگیری کنید", "please sort this out"},
    {"انتظار بیشتری از شما داشتم", "I expected better from you"},
    {"اگر درست نشود سراغ فروشگاه دیگری می‌روم", "if this isn't fixed I'm going elsewhere"},
    {"لطفاً با من تماس بگیرید", "please call me back"},
    {"واقعاً دلسرد شدم", "really let down"},
};
constexpr Words kPraiseOpeners[] = {
    {"عالی بود", "great experience"},
    {"خیلی ممنون", "thank you"},
    {"از خریدم راضی‌ام", "really happy with my order"},
    {"تجربه‌ی خوبی بود", "very impressed"},
    {"دمتان گرم", "brilliant"},
    {"مثل همیشه عالی", "excellent as always"},
};
constexpr Words kPraiseClosers[] = {
    {"حتماً باز هم خرید می‌کنم", "will definitely order again"},
    {"به دوستانم هم پیشنهاد داده‌ام", "already recommended you to friends"},
    {"خسته نباشید", "keep it up"},
    {"دستتان درد نکند", "thanks again"},
    {"همین‌طور ادامه بدهید", "five stars from me"},
};
constexpr Words kMixedOpeners[] = {
    {"در کل بد نبود", "not bad overall"},
    {"در مجموع خوب بود", "mostly fine"},
    {"نسبتاً راضی‌ام", "fairly happy"},
};
constexpr Words kMixedClosers[] = {
    {"امیدوارم دفعه‌ی بعد بهتر باشد", "hope it's better next time"},
    {"اگر این درست شود عالی می‌شوید", "fix that and you'd be great"},
};
constexpr Words kButs[] = {{"، ولی ", ", but "}, {"، اما ", ", although "}, {"؛ فقط ", "; only "}};

// Said before a complaint in the busy seasons ("..., but my order arrived 5 days late").
Words SeasonLead(Season season) {
  switch (season) {
    case Season::kNowruzRush: return {"می‌دانم شب عید سرتان شلوغ است", "I know it's the Nowruz rush"};
    case Season::kNowruzHolidays: return {"می‌دانم ایام نوروز است", "I know it's the Nowruz holidays"};
    case Season::kYaldaSale: return {"برای شب یلدا سفارش داده بودم", "I ordered for Yalda night"};
    case Season::kAfterYalda: return {"حراج یلدا تمام شده", "the Yalda sale is over"};
    case Season::kOrdinary: break;
  }
  return {};
}

constexpr Words kIdeas[] = {
    {"برای شلوغی نوروز زودتر نیروی موقت بگیریم",
     "hire temporary staff earlier for the Nowruz rush"},
    {"برای ابزار تیکت جست‌وجوی بهتری بسازیم", "build a better search into the ticketing tool"},
    {"جلسه‌های هفتگی را کوتاه‌تر کنیم", "keep the weekly meetings shorter"},
    {"برای جواب‌های پرتکرار یک پایگاه دانش مشترک بسازیم",
     "build a shared knowledge base for common questions"},
    {"شیفت‌های عصر را چرخشی کنیم", "rotate the evening shifts"},
    {"بازخورد مشتری‌ها را هر هفته با کل تیم مرور کنیم",
     "review customer feedback with the whole team every week"},
    {"برای همکاران جدید دوره‌ی آموزشی منظم بگذاریم", "run regular training for new colleagues"},
    {"یک روز در هفته دورکاری داشته باشیم", "work from home one day a week"},
    {"ارتباط تیم انبار و پشتیبانی را بهتر کنیم", "get the warehouse and support teams talking more"},
    {"اسکریپت‌های تماس را به‌روز کنیم", "update the call scripts"},
    {"قبل از حراج یلدا ظرفیت انبار را بیشتر کنیم", "add warehouse capacity before the Yalda sale"},
    {"مدیران هر ماه با تک‌تک اعضای تیم صحبت کنند",
     "have managers hold a one-to-one with everyone each month"},
};
constexpr Words kIdeaLeads[] = {
    {"", ""}, {"پیشنهادم این است که ", "I'd suggest we "}, {"بهتر است ", "we should "},
    {"کاش ", "it would help to "},
};
constexpr Words kIdeaReasons[] = {
    {"این‌طوری فشار کار کمتر می‌شود", "that would take a lot of pressure off"},
    {"مشتری‌ها هم راضی‌تر می‌شوند", "customers would be happier too"},
    {"الان وقت زیادی هدر می‌رود", "we waste a lot of time right now"},
    {"همکاران جدید اغلب سردرگم‌اند", "new colleagues are often lost"},
    {"انگیزه‌ی تیم بیشتر می‌شود", "it would lift the team's spirits"},
};

// clang-format on

std::string_view Pick(const Words& w, bool persian) { return persian ? w.fa : w.en; }

template <size_t N>
std::string_view PickOne(const Words (&list)[N], bool persian, Rng& rng) {
  return Pick(list[rng.Below(N)], persian);
}

void Capitalise(std::string& sentence) {
  if (!sentence.empty() && sentence[0] >= 'a' && sentence[0] <= 'z') sentence[0] -= 'a' - 'A';
}

// The phrases of one topic and side: an index built once.
class PhraseIndex {
 public:
  PhraseIndex() {
    for (const Phrase& p : kPhrases) {
      auto& list = lists_[static_cast<size_t>(p.topic)][p.praise ? 1 : 0];
      list.push_back(&p);
    }
  }
  const std::vector<const Phrase*>& Of(Topic topic, bool praise) const {
    return lists_[static_cast<size_t>(topic)][praise ? 1 : 0];
  }

 private:
  std::array<std::array<std::vector<const Phrase*>, 2>, static_cast<size_t>(kProductQuality) + 1>
      lists_;
};

const PhraseIndex& Index() {
  static const PhraseIndex index;
  return index;
}

std::string Number(int n, bool persian) {
  return persian ? FormatPersianNumber(n) : std::to_string(n);
}

// One phrase of `topic` with its slots filled.
std::string Say(Topic topic, bool praise, const CommentFacts& f, Rng& rng) {
  const auto& list = Index().Of(topic, praise);
  const Phrase* phrase = list[rng.Below(list.size())];
  for (int tries = 0; tries < 8 && !f.agent && phrase->en.find("{agent}") != std::string_view::npos;
       ++tries)
    phrase = list[rng.Below(list.size())];
  std::string_view text = f.persian ? phrase->fa : phrase->en;
  std::string out;
  out.reserve(text.size() + 32);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find('{', pos);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open);
    out.append(text.substr(pos, open - pos));
    std::string_view slot = text.substr(open + 1, close - open - 1);
    if (slot == "days") {
      out += Number(rng.Between(3, 14), f.persian);
    } else if (slot == "minutes") {
      out += Number(5 * rng.Between(3, 12), f.persian);
    } else if (slot == "item") {
      out += f.persian ? f.product->fa : f.product->en;
    } else if (slot == "agent") {
      if (!f.agent) {
        out += f.persian ? "کارشناس" : "the agent";
      } else if (f.persian) {
        out += f.agent->female ? "خانم " : "آقای ";
        out += f.agent->last_fa;
      } else {
        out += f.agent->first_en;
      }
    }
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

class Composer {
 public:
  explicit Composer(bool persian) : persian_(persian) {}
  void Sentence(std::string text, std::string_view end) {
    if (!persian_) Capitalise(text);
    if (!out_.empty()) out_ += ' ';
    out_ += text;
    out_ += end;
  }
  std::string Done() { return std::move(out_); }

 private:
  bool persian_;
  std::string out_;
};

bool SeasonTopic(Topic t) {
  return t == kDeliveryTime || t == kCourier || t == kHoldTime || t == kEmailReply ||
         t == kResolution || t == kWebsite || t == kDamage;
}

}  // namespace

std::string WriteComment(const CommentFacts& f, Rng& rng) {
  const bool fa = f.persian;
  Composer c(fa);
  auto end = [&](double exclaim) { return rng.Chance(exclaim) ? "!" : "."; };
  switch (f.tone) {
    case Tone::kNegative: {
      if (rng.Chance(0.35)) c.Sentence(std::string(PickOne(kComplaintOpeners, fa, rng)), end(0.4));
      std::string core = Say(f.main, false, f, rng);
      Words lead = SeasonLead(f.season);
      if (!lead.fa.empty() && SeasonTopic(f.main) && rng.Chance(0.5)) {
        core = std::string(Pick(lead, fa)) + std::string(Pick(kButs[0], fa)) + core;
      }
      c.Sentence(std::move(core), end(0.2));
      if (f.second) c.Sentence(Say(*f.second, false, f, rng), end(0.2));
      if (rng.Chance(0.4)) c.Sentence(std::string(PickOne(kComplaintClosers, fa, rng)), end(0.5));
      break;
    }
    case Tone::kMixed: {
      if (rng.Chance(0.3)) c.Sentence(std::string(PickOne(kMixedOpeners, fa, rng)), ".");
      std::string both = Say(f.main, true, f, rng);
      both += PickOne(kButs, fa, rng);
      both += Say(f.second.value_or(kPrice), false, f, rng);
      c.Sentence(std::move(both), ".");
      if (rng.Chance(0.2)) c.Sentence(std::string(PickOne(kMixedClosers, fa, rng)), ".");
      break;
    }
    case Tone::kPositive: {
      if (rng.Chance(0.45)) c.Sentence(std::string(PickOne(kPraiseOpeners, fa, rng)), end(0.6));
      c.Sentence(Say(f.main, true, f, rng), end(0.3));
      if (f.second) c.Sentence(Say(*f.second, true, f, rng), end(0.3));
      if (rng.Chance(0.4)) c.Sentence(std::string(PickOne(kPraiseClosers, fa, rng)), end(0.6));
      break;
    }
  }
  return c.Done();
}

std::string WriteIdea(bool persian, Rng& rng) {
  Composer c(persian);
  std::string idea(PickOne(kIdeaLeads, persian, rng));
  idea += PickOne(kIdeas, persian, rng);
  c.Sentence(std::move(idea), ".");
  if (rng.Chance(0.5)) c.Sentence(std::string(PickOne(kIdeaReasons, persian, rng)), ".");
  return c.Done();
}

}  // namespace nazar::demo
