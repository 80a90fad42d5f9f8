#include "demo/cast.h"

namespace nazar::demo {
namespace {

using enum Touchpoint;

// clang-format off
constexpr std::array<TouchpointInfo, kTouchpointCount> kTouchpoints{{
    {kWebsite, "website", "Website", "وب‌سایت", 0.10},
    {kApp, "app", "Mobile app", "اپلیکیشن", 0.32},
    {kDelivery, "delivery", "Delivery", "ارسال و تحویل", -0.34},
    {kPhoneSupport, "phone_support", "Phone support", "پشتیبانی تلفنی", 0.0},
    {kEmailSupport, "email_support", "Email support", "پشتیبانی ایمیلی", -0.08},
}};

constexpr std::array<std::string_view, kChannelCount> kChannelIds{"web", "app", "sms",
                                                                  "email", "ivr", "qr"};

// Three agents stand out for the better (03, 13, 21) and three for the worse (08, 16, 24),
// so that an agent league table has a story to tell.
constexpr std::array<Agent, kAgentCount> kAgents{{
    {"agent-01", "Sara", "Ahmadi", "سارا", "احمدی", true, kPhoneSupport, 0.10},
    {"agent-02", "Reza", "Karimi", "رضا", "کریمی", false, kPhoneSupport, -0.05},
    {"agent-03", "Maryam", "Hosseini", "مریم", "حسینی", true, kPhoneSupport, 0.75},
    {"agent-04", "Ali", "Rezaei", "علی", "رضایی", false, kPhoneSupport, 0.05},
    {"agent-05", "Zahra", "Moradi", "زهرا", "مرادی", true, kPhoneSupport, 0.15},
    {"agent-06", "Mohammad", "Jafari", "محمد", "جعفری", false, kPhoneSupport, -0.10},
    {"agent-07", "Fatemeh", "Sadeghi", "فاطمه", "صادقی", true, kPhoneSupport, 0.20},
    {"agent-08", "Hossein", "Rahimi", "حسین", "رحیمی", false, kPhoneSupport, -0.80},
    {"agent-09", "Narges", "Kazemi", "نرگس", "کاظمی", true, kPhoneSupport, 0.00},
    {"agent-10", "Amir", "Mohammadi", "امیر", "محمدی", false, kPhoneSupport, 0.05},
    {"agent-11", "Leila", "Ghasemi", "لیلا", "قاسمی", true, kPhoneSupport, -0.15},
    {"agent-12", "Mehdi", "Hashemi", "مهدی", "هاشمی", false, kPhoneSupport, 0.10},
    {"agent-13", "Nazanin", "Azizi", "نازنین", "عزیزی", true, kPhoneSupport, 0.60},
    {"agent-14", "Hamed", "Najafi", "حامد", "نجفی", false, kPhoneSupport, -0.05},
    {"agent-15", "Shirin", "Ebrahimi", "شیرین", "ابراهیمی", true, kPhoneSupport, 0.15},
    {"agent-16", "Saeed", "Kamali", "سعید", "کمالی", false, kPhoneSupport, -0.60},
    {"agent-17", "Parisa", "Safari", "پریسا", "صفری", true, kPhoneSupport, 0.05},
    {"agent-18", "Behnam", "Yazdani", "بهنام", "یزدانی", false, kPhoneSupport, -0.20},
    {"agent-19", "Elham", "Farahani", "الهام", "فراهانی", true, kEmailSupport, 0.10},
    {"agent-20", "Kaveh", "Mousavi", "کاوه", "موسوی", false, kEmailSupport, 0.00},
    {"agent-21", "Mina", "Tavakoli", "مینا", "توکلی", true, kEmailSupport, 0.55},
    {"agent-22", "Arash", "Bagheri", "آرش", "باقری", false, kEmailSupport, -0.10},
    {"agent-23", "Roya", "Nouri", "رویا", "نوری", true, kEmailSupport, 0.20},
    {"agent-24", "Farhad", "Soltani", "فرهاد", "سلطانی", false, kEmailSupport, -0.70},
    {"agent-25", "Nasrin", "Akbari", "نسرین", "اکبری", true, kEmailSupport, 0.05},
    {"agent-26", "Babak", "Shariati", "بابک", "شریعتی", false, kEmailSupport, -0.05},
    {"agent-27", "Golnaz", "Rostami", "گلناز", "رستمی", true, kEmailSupport, 0.15},
    {"agent-28", "Pouya", "Heidari", "پویا", "حیدری", false, kEmailSupport, 0.00},
    {"agent-29", "Yasaman", "Zand", "یاسمن", "زند", true, kEmailSupport, 0.25},
    {"agent-30", "Omid", "Kiani", "امید", "کیانی", false, kEmailSupport, -0.15},
}};

constexpr Product kProducts[] = {
    {"the headphones", "هدفون"},          {"the kettle", "کتری برقی"},
    {"the trainers", "کفش ورزشی"},        {"the phone", "گوشی"},
    {"the power bank", "پاوربانک"},       {"the book", "کتاب"},
    {"the smartwatch", "ساعت هوشمند"},    {"the vacuum cleaner", "جاروبرقی"},
    {"the backpack", "کوله‌پشتی"},         {"the laptop", "لپ‌تاپ"},
    {"the perfume", "عطر"},               {"the cookware set", "سرویس قابلمه"},
    {"the toy", "اسباب‌بازی"},             {"the tea maker", "چای‌ساز"},
    {"the blender", "مخلوط‌کن"},           {"the sunscreen", "کرم ضدآفتاب"},
};

constexpr Team kTeams[] = {
    {"support", true, false}, {"warehouse", false, true}, {"delivery", false, true},
    {"sales", false, false},  {"tech", false, false},
};

constexpr Site kSites[] = {{"tehran", 0.45, 0.0},
                           {"isfahan", 0.18, 0.15},
                           {"mashhad", 0.15, -0.25},
                           {"shiraz", 0.12, 0.10},
                           {"tabriz", 0.10, 0.05}};

// clang-format on

}  // namespace

const std::array<TouchpointInfo, kTouchpointCount>& Touchpoints() { return kTouchpoints; }

const TouchpointInfo& InfoOf(Touchpoint touchpoint) {
  return kTouchpoints[static_cast<size_t>(touchpoint)];
}

std::string_view IdOf(Channel channel) { return kChannelIds[static_cast<size_t>(channel)]; }

const std::array<Agent, kAgentCount>& Agents() { return kAgents; }

std::span<const Product> Products() { return kProducts; }

std::span<const Team> Teams() { return kTeams; }

std::span<const Site> Sites() { return kSites; }

}  // namespace nazar::demo
