#include "text/normalize.h"

#include <gtest/gtest.h>

#include "text/tokenizer.h"
#include "text/vocabulary.h"

namespace nazar::text {
namespace {

struct NormalizeCase {
  std::string_view in;
  std::string_view out;
};

// The rules of normalize.h as a table: input → what analysis sees.
constexpr NormalizeCase kNormalizeCases[] = {
    {"گوشي خوبيه", "گوشی خوبیه"},                         // Arabic yeh → Persian yeh
    {"كيفيت", "کیفیت"},                                   // Arabic kaf → keheh
    {"۱۲۳ و ١٢٣", "123 و 123"},                           // Persian and Arabic-Indic digits
    {"مُشکِل", "مشکل"},                                     // harakat removed
    {"خــــوب", "خوب"},                                   // tatweel removed
    {"خیلیییی عالی", "خیلی عالی"},                        // elongation collapsed
    {"می‌خواهم", "می\u200cخواهم"},               // ZWNJ kept inside a word
    {"می\u200c\u200cخواهم \u200c", "می\u200cخواهم"},      // never doubled nor at a space
    {"سلام،  چطوری؟", "سلام, چطوری?"},                    // Arabic punctuation, spaces
    {"Hello   WORLD\u00a0Don’t", "hello world don't"},    // case, NBSP, typographic apostrophe
    {"\ufef7\ufee0\ufeb4\ufe8e\ufee7\ufe94", "لالسانه"},  // presentation forms via NFKC
    {"مدرسة", "مدرسه"},                                   // teh marbuta → heh
};

TEST(Normalize, FollowsTheTable) {
  for (const NormalizeCase& c : kNormalizeCases) {
    EXPECT_EQ(NormalizeText(c.in), c.out) << c.in;
    EXPECT_EQ(NormalizeText(NormalizeText(c.in)), NormalizeText(c.in)) << "idempotent: " << c.in;
  }
}

TEST(Normalize, InvalidUtf8IsASpaceNotAnError) {
  EXPECT_EQ(NormalizeText("a\xff\xfe"
                          "b"),
            "a b");
  EXPECT_EQ(NormalizeText("\xe2\x82"), "");
}

std::vector<std::string> Texts(const Tokenizer& tokenizer, std::string_view s) {
  std::vector<std::string> out;
  const TokenizedText t = tokenizer.Tokenize(s);
  for (const Token& token : t.tokens()) out.emplace_back(token.text);
  return out;
}

TEST(Tokenize, HalfSpaceVariantsAreOneToken) {
  const Tokenizer tokenizer(StringSet{});
  const std::vector<std::string> want = {"میخواهم"};
  EXPECT_EQ(Texts(tokenizer, "می‌خواهم"), want);
  EXPECT_EQ(Texts(tokenizer, "میخواهم"), want);
  EXPECT_EQ(Texts(tokenizer, "می خواهم"), want);
  EXPECT_EQ(Texts(tokenizer, "بسته ها"), Texts(tokenizer, "بسته‌ها"));
  EXPECT_EQ(Texts(tokenizer, "نمی خواهم"), std::vector<std::string>{"نمیخواهم"});
}

TEST(Tokenize, EnglishKeepsContractionsEmojiAndEmoticons) {
  StringSet emoticons;
  emoticons.insert(":)");
  const Tokenizer tokenizer(std::move(emoticons));
  EXPECT_EQ(
      Texts(tokenizer, "Don't STOP, it's hassle-free :) 👍🏽!!"),
      (std::vector<std::string>{"don't", "stop", ",", "it's", "hassle-free", ":)", "👍", "!", "!"}));
  const TokenizedText t = tokenizer.Tokenize("GREAT service");
  ASSERT_EQ(t.tokens().size(), 2u);
  EXPECT_TRUE(t.tokens()[0].all_caps);
  EXPECT_FALSE(t.tokens()[1].all_caps);
  EXPECT_EQ(Texts(tokenizer, "costs 1,250.5 dollars"),
            (std::vector<std::string>{"costs", "1,250.5", "dollars"}));
  EXPECT_EQ(tokenizer.Tokenize("۱۲ روز").tokens()[0].kind, TokenKind::kNumber);
}

TEST(Tokenize, TokensOutliveAMove) {
  const Tokenizer tokenizer(StringSet{});
  TokenizedText a = tokenizer.Tokenize("ok");
  TokenizedText b = std::move(a);
  ASSERT_EQ(b.tokens().size(), 1u);
  EXPECT_EQ(b.tokens()[0].text, "ok");
}

struct LanguageCase {
  std::string_view text;
  Language language;
};

constexpr LanguageCase kLanguageCases[] = {
    {"ارسال خیلی سریع بود", Language::kPersian},
    {"سلام خيلي خوبه بخرين.", Language::kPersian},  // Arabic letters, Persian words
    {"گوشی HTC Desire SV عالیه", Language::kPersian},
    {"The delivery was fast", Language::kEnglish},
    {"great", Language::kEnglish},
    {"هذا المنتج في حالة ممتازة", Language::kOther},  // Arabic
    {"Très bon produit, livraison rapide", Language::kOther},
    {"Отличный сервис", Language::kOther},
    {"👍👍", Language::kOther},
    {"", Language::kOther},
};

TEST(DetectLanguage, ByScriptAndSigns) {
  for (const LanguageCase& c : kLanguageCases) {
    EXPECT_EQ(DetectLanguage(c.text), c.language) << c.text;
  }
}

TEST(Stem, ConflatesInflectionsAlike) {
  EXPECT_EQ(StemEnglish("deliveries"), StemEnglish("delivery"));
  EXPECT_EQ(StemEnglish("delivered"), StemEnglish("delivering"));
  EXPECT_EQ(StemEnglish("prices"), StemEnglish("price"));
  EXPECT_EQ(StemEnglish("shipping"), "ship");
  EXPECT_EQ(StemPersian("کالاها"), "کالا");
  EXPECT_EQ(StemPersian("قیمتهای"), "قیمت");  // plural is innermost: nothing after it
  EXPECT_EQ(StemPersian("سریعتر"), "سریع");
  EXPECT_EQ(StemPersian("بستهبندیتان"), StemPersian("بستهبندی"));
  EXPECT_EQ(StemPersian("به"), "به");  // never below two letters
}

TEST(Vocabulary, FindsKnownWordsThroughEndings) {
  Vocabulary vocab;
  const uint32_t order = vocab.Add("سفارش");
  const uint32_t parcel = vocab.Add("بسته");
  const uint32_t delivery = vocab.Add("delivery");
  EXPECT_EQ(vocab.Find("سفارش").word, order);
  EXPECT_EQ(vocab.Find("سفارشم").cls, vocab.ClassOf(order));
  EXPECT_EQ(vocab.Find("سفارشهایم").cls, vocab.ClassOf(order));
  EXPECT_EQ(vocab.Find("بستهها").cls, vocab.ClassOf(parcel));
  EXPECT_EQ(vocab.Find("بستهی").cls, vocab.ClassOf(parcel));
  EXPECT_EQ(vocab.Find("deliveries").cls, vocab.ClassOf(delivery));
  EXPECT_EQ(vocab.Find("unknown").cls, kNoWord);
}

}  // namespace
}  // namespace nazar::text
