#include "text/analyzer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <limits>

#include "text/analyzer_impl.h"
#include "text/embedded_data.h"
#include "text/tsv.h"
#include "text/unicode.h"

namespace nazar::text {

std::string_view ToString(SentimentLabel label) {
  switch (label) {
    case SentimentLabel::kNegative:
      return "negative";
    case SentimentLabel::kNeutral:
      return "neutral";
    case SentimentLabel::kPositive:
      return "positive";
    case SentimentLabel::kMixed:
      return "mixed";
  }
  return "neutral";
}

std::string_view ToString(Emotion emotion) {
  switch (emotion) {
    case Emotion::kJoy:
      return "joy";
    case Emotion::kAnger:
      return "anger";
    case Emotion::kSadness:
      return "sadness";
    case Emotion::kFear:
      return "fear";
    case Emotion::kSurprise:
      return "surprise";
    case Emotion::kTrust:
      return "trust";
  }
  return "joy";
}

namespace {

constexpr float kUnrated = std::numeric_limits<float>::quiet_NaN();

// VADER's negations (Hutto & Gilbert 2014), with "no" and "nobody" added.
constexpr std::string_view kEnglishNegators[] = {
    "aint",    "arent",  "cannot",   "cant",    "couldnt", "darent",  "didnt",   "doesnt",
    "dont",    "hadnt",  "hasnt",    "havent",  "isnt",    "mightnt", "mustnt",  "neither",
    "neednt",  "never",  "none",     "nope",    "nor",     "not",     "nothing", "nowhere",
    "oughtnt", "shant",  "shouldnt", "uhuh",    "wasnt",   "werent",  "without", "wont",
    "wouldnt", "rarely", "seldom",   "despite", "uh-uh",   "no",      "nobody"};

struct Booster {
  std::string_view word;
  float value;
};
constexpr float kUp = kBoosterIncrement;
constexpr float kDown = -kBoosterIncrement;
// VADER's booster and dampener words, then Nazar's (super, way, far; Persian).
constexpr Booster kBoosters[] = {
    {"absolutely", kUp},    {"amazingly", kUp},    {"awfully", kUp},       {"completely", kUp},
    {"considerable", kUp},  {"considerably", kUp}, {"decidedly", kUp},     {"deeply", kUp},
    {"effing", kUp},        {"enormous", kUp},     {"enormously", kUp},    {"entirely", kUp},
    {"especially", kUp},    {"exceptional", kUp},  {"exceptionally", kUp}, {"extreme", kUp},
    {"extremely", kUp},     {"fabulously", kUp},   {"flipping", kUp},      {"flippin", kUp},
    {"frackin", kUp},       {"fracking", kUp},     {"fricking", kUp},      {"frickin", kUp},
    {"frigging", kUp},      {"friggin", kUp},      {"fully", kUp},         {"fuckin", kUp},
    {"fucking", kUp},       {"fuggin", kUp},       {"fugging", kUp},       {"greatly", kUp},
    {"hella", kUp},         {"highly", kUp},       {"hugely", kUp},        {"incredible", kUp},
    {"incredibly", kUp},    {"intensely", kUp},    {"major", kUp},         {"majorly", kUp},
    {"more", kUp},          {"most", kUp},         {"particularly", kUp},  {"purely", kUp},
    {"quite", kUp},         {"really", kUp},       {"remarkably", kUp},    {"so", kUp},
    {"substantially", kUp}, {"thoroughly", kUp},   {"total", kUp},         {"totally", kUp},
    {"tremendous", kUp},    {"tremendously", kUp}, {"uber", kUp},          {"unbelievably", kUp},
    {"unusually", kUp},     {"utter", kUp},        {"utterly", kUp},       {"very", kUp},
    {"almost", kDown},      {"barely", kDown},     {"hardly", kDown},      {"kinda", kDown},
    {"kindof", kDown},      {"kind-of", kDown},    {"less", kDown},        {"little", kDown},
    {"marginal", kDown},    {"marginally", kDown}, {"occasional", kDown},  {"occasionally", kDown},
    {"partly", kDown},      {"scarce", kDown},     {"scarcely", kDown},    {"slight", kDown},
    {"slightly", kDown},    {"somewhat", kDown},   {"sorta", kDown},       {"sortof", kDown},
    {"sort-of", kDown},     {"way", kUp},          {"far", kUp},           {"خیلی", kUp},
    {"بسیار", kUp},         {"واقعا", kUp},        {"واقعاً", kUp},         {"واقعن", kUp},
    {"کاملا", kUp},         {"کاملاً", kUp},        {"شدیدا", kUp},         {"شدیداً", kUp},
    {"فوقالعاده", kUp},     {"بینهایت", kUp},      {"بهشدت", kUp},         {"بشدت", kUp},
    {"حسابی", kUp},         {"اصلا", kUp},         {"اصلاً", kUp},          {"هرگز", kUp},
    {"کلا", kUp},           {"کلاً", kUp},          {"چقدر", kUp},          {"انقدر", kUp},
    {"اینقدر", kUp},        {"حتما", kUp},         {"حتماً", kUp},          {"بسی", kUp},
    {"کمی", kDown},         {"یکم", kDown},        {"یکمی", kDown},        {"اندکی", kDown},
    {"نسبتا", kDown},       {"نسبتاً", kDown},      {"تقریبا", kDown},      {"تقریباً", kDown},
    {"بعضا", kDown},        {"گاهی", kDown},
    // Added with the lever table of docs/text-analysis.md.
    {"ابدا", kUp},          {"ابداً", kUp},         {"زیادی", kUp},         {"بسیاری", kUp},
    {"شدید", kUp},          {"نهایت", kUp},         {"بی‌اندازه", kUp},
    {"چندان", kDown},       {"حدودی", kDown},       {"قدری", kDown},        {"کمابیش", kDown}};

struct FlaggedWords {
  uint32_t flag;
  std::initializer_list<std::string_view> words;
};

// Function words by exact spelling.
const FlaggedWords kWordRoles[] = {
    {kFlagNever, {"never"}},
    {kFlagSoThis, {"so", "this"}},
    {kFlagLeast, {"least"}},
    {kFlagAtVery, {"at", "very"}},
    {kFlagWithout, {"without"}},
    {kFlagDoubt, {"doubt"}},
    {kFlagKind, {"kind", "sort"}},
    {kFlagOf, {"of"}},
    {kFlagNo, {"no"}},
    {kFlagContrastWeighted,
     {"but", "however", "nevertheless", "nonetheless", "ولی", "اما", "ولیکن", "لیکن", "منتها"}},
    {kFlagContrastSplit,
     {"although", "though", "whereas", "except", "البته", "درحالیکه", "حالیکه", "هرچند", "اگرچه",
      "گرچه"}},
    {kFlagForwardNegator, {"نه", "بدون"}},
};

// Content words by stem class.
const FlaggedWords kClassRoles[] = {
    {kFlagProblem,
     {"problem", "issue", "fault", "error", "bug", "trouble", "مشکل", "ایراد", "اشکال", "خرابی",
      "نقص", "خطا"}},
    {kFlagResolver,
     {"fixed", "fix", "solved", "solve", "resolved", "resolve", "sorted", "حل", "برطرف", "رفع"}},
    {kFlagExpectation,
     {"work",  "arrive",  "come",   "call",    "reply",   "answer", "respond", "help", "give",
      "order", "find",    "load",   "open",    "show",    "move",   "listen",  "hear",
      "turn",  "deliver", "refund", "receive", "contact", "log"}},
};

// Past and present stems of common Persian verbs: a word made of ن + one of these (+ a
// personal ending) is a negated verb.
constexpr std::string_view kPersianVerbStems[] = {
    "بود",   "شد",     "کرد",    "داد",    "داشت",  "رسید",   "آمد",  "گرفت", "کشید", "خورد",
    "رفت",   "گذاشت",  "گفت",    "دید",    "خواست", "توانست", "آورد", "زد",   "ماند", "برگشت",
    "برد",   "فرستاد", "پرداخت", "پسندید", "ارزید", "افتاد",  "ساخت", "خرید", "شنید", "فهمید",
    "دانست", "یافت",   "شناخت",  "شو",     "کن",    "ده",     "دار",  "رس",   "آ",    "گیر",
    "کش",    "خور",    "رو",     "گذار",   "گو",    "بین",    "خواه", "توان", "آور",  "زن",
    "مان",   "گرد",    "بر",     "فرست",   "پرداز", "ارز",    "افت",  "ساز",  "خر",   "شنو",
    "فهم",   "پسند",   "باش",    "دان",    "یاب",   "شناس"};

constexpr std::string_view kVerbEndings[] = {"اند", "ایم", "اید", "ام", "ای", "ند",
                                             "ید",  "یم",  "م",   "ی",  "د",  "ه"};

// True when `word` is a Persian verb with the negative prefix; `base` gets the verb
// without it ("نمی‌خواهم" → "میخواهم", "نیامد" → "آمد", "نیست" →
// "است").
bool NegatedVerbBase(std::string_view word, const StringSet& stems, std::string& base) {
  constexpr std::string_view kNe = "ن";
  if (word.starts_with("نمی") && unicode::CountCodePoints(word) > 4) {
    base.assign(word.substr(kNe.size()));
    return true;
  }
  if (word.starts_with("نیست")) {
    base = "است";
    return true;
  }
  if (!word.starts_with(kNe) || unicode::CountCodePoints(word) < 3) return false;
  std::string_view rest = word.substr(kNe.size());
  if (rest.starts_with("یا")) {
    base = "آ";
    base.append(rest.substr(std::string_view("یا").size()));
  } else {
    base.assign(rest);
  }
  // The stem, or the stem less one or two personal endings ("کردند" → "کرد", "کند" → "کن").
  auto strip = [](std::string_view s, std::string_view ending) -> std::string_view {
    if (!s.ends_with(ending) || unicode::CountCodePoints(s) <= unicode::CountCodePoints(ending))
      return {};
    return s.substr(0, s.size() - ending.size());
  };
  const std::string_view whole = base;
  if (stems.contains(whole)) return true;
  for (std::string_view first : kVerbEndings) {
    const std::string_view once = strip(whole, first);
    if (once.empty()) continue;
    if (stems.contains(once)) return true;
    for (std::string_view second : kVerbEndings) {
      const std::string_view twice = strip(once, second);
      if (!twice.empty() && stems.contains(twice)) return true;
    }
  }
  return false;
}

float ParseValence(std::string_view s) {
  float value = 0.0f;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() ? value : kUnrated;
}

bool IsEmoticonText(std::string_view word) {
  if (word.find(' ') != std::string_view::npos) return false;  // a phrase
  for (unsigned char c : word) {
    if (c < 0x80 && !std::isalnum(c) && c != '\'' && c != '-') return true;
  }
  return false;
}

// Sets `value` for `id` unless it is already rated (the first source wins).
void Rate(std::vector<float>& valence, uint32_t id, float value) {
  if (valence.size() <= id) valence.resize(id + 1, kUnrated);
  if (std::isnan(valence[id])) valence[id] = value;
}

std::array<uint32_t, kMaxPhraseWords> ToClasses(const Vocabulary& vocab,
                                                const std::vector<uint32_t>& ids) {
  std::array<uint32_t, kMaxPhraseWords> classes{};
  for (size_t i = 0; i < ids.size(); ++i) classes[i] = vocab.ClassOf(ids[i]);
  return classes;
}

uint8_t EmotionMask(std::string_view list) {
  uint8_t mask = 0;
  for (std::string_view name : SplitFields(list, ',')) {
    for (size_t e = 0; e < kNumEmotions; ++e) {
      if (ToString(static_cast<Emotion>(e)) == name) mask |= static_cast<uint8_t>(1u << e);
    }
  }
  return mask;
}

}  // namespace

uint32_t AddWord(Analyzer::Impl& impl, std::string_view word) {
  const std::vector<uint32_t> ids = AddEntryWords(impl, word);
  return ids.size() == 1 ? ids[0] : kNoWord;
}

std::vector<uint32_t> AddEntryWords(Analyzer::Impl& impl, std::string_view entry) {
  std::vector<uint32_t> ids;
  for (std::string_view part : SplitFields(entry, ' ')) {
    if (part.empty()) continue;
    if (part == "<n>") {
      ids.push_back(impl.number_word);
      continue;
    }
    const TokenizedText tokens = impl.tokenizer.Tokenize(part);
    for (const Token& t : tokens.tokens()) {
      if (t.kind == TokenKind::kPunctuation) continue;
      ids.push_back(impl.vocab.Add(t.text));
    }
  }
  return ids;
}

Result<Analyzer> Analyzer::Create(AnalyzerOptions options) {
  auto impl = std::make_unique<Impl>();
  Impl& m = *impl;
  m.taxonomy = options.taxonomy ? std::move(*options.taxonomy) : DefaultTaxonomy();
  if (auto valid = ValidateTaxonomy(m.taxonomy); !valid) return Fail(valid.error());
  for (size_t t = 0; t < m.taxonomy.topics.size(); ++t)
    if (m.taxonomy.topics[t].id == "price") m.price_topic = static_cast<int>(t);
  if (!options.persian_rules_only) {
    if (options.persian_model) {
      m.model = std::move(*options.persian_model);
    } else {
      auto model = PolarityModel::Parse(data::kPersianModel);
      if (!model)
        return Fail(Error::Internal("compiled-in Persian model: " + model.error().message));
      if (!model->empty()) m.model = std::move(*model);
    }
  }
  for (std::string_view stem : kPersianVerbStems) m.persian_verb_stems.emplace(stem);

  // VADER's emoticons teach the tokenizer.
  std::vector<std::pair<std::string_view, float>> vader;
  StringSet emoticons;
  ForEachDataLine(data::kVaderLexicon, [&](std::string_view line, size_t) {
    const auto fields = SplitFields(line);
    if (fields.size() < 2) return;
    const float value = ParseValence(fields[1]);
    if (std::isnan(value)) return;
    vader.emplace_back(fields[0], value);
    if (IsEmoticonText(fields[0])) {
      std::string lower(fields[0]);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.size() <= 8) emoticons.insert(std::move(lower));
    }
  });
  m.tokenizer = Tokenizer(std::move(emoticons));
  m.number_word = m.vocab.Add("<n>");
  m.copula_word = AddWord(m, "است");

  std::vector<float> valence;
  auto add_rated = [&](std::string_view term, float value) {
    if (std::isnan(value)) return;
    std::vector<uint32_t> ids;
    if (IsEmoticonText(term)) {
      std::string lower(term);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ids.push_back(m.vocab.Add(lower));
    } else {
      ids = AddEntryWords(m, term);
    }
    if (ids.empty() || ids.size() > kMaxPhraseWords) return;
    if (ids.size() == 1) {
      Rate(valence, ids[0], value);
      return;
    }
    const auto classes = ToClasses(m.vocab, ids);
    m.phrases.Add(std::span(classes.data(), ids.size()), value);
  };
  // The first rating of a word wins: Nazar's supplement comes before VADER's lexicon.
  auto add_file = [&](std::string_view file) {
    ForEachDataLine(file, [&](std::string_view line, size_t) {
      const auto fields = SplitFields(line);
      if (fields.size() >= 2) add_rated(fields[0], ParseValence(fields[1]));
    });
  };
  add_file(data::kEnglishLexicon);
  for (const auto& [term, value] : vader) add_rated(term, value);
  add_file(data::kPersianLexicon);
  add_file(data::kEmojiLexicon);

  ForEachDataLine(data::kEmotions, [&](std::string_view line, size_t) {
    const auto fields = SplitFields(line);
    if (fields.size() < 2) return;
    const std::vector<uint32_t> ids = AddEntryWords(m, fields[0]);
    if (ids.empty() || ids.size() > kMaxPhraseWords) return;
    const auto classes = ToClasses(m.vocab, ids);
    m.emotion_cues.Add(std::span(classes.data(), ids.size()), EmotionMask(fields[1]));
  });

  std::vector<std::pair<uint32_t, uint32_t>> flagged;  // (word or class, flag)
  auto flag_word = [&](std::string_view word, uint32_t flag, bool by_class) {
    const uint32_t id = AddWord(m, word);
    if (id != kNoWord) flagged.emplace_back(by_class ? m.vocab.ClassOf(id) : id, flag);
  };
  for (std::string_view word : kEnglishNegators) flag_word(word, kFlagNegator, false);
  for (const FlaggedWords& role : kWordRoles) {
    for (std::string_view word : role.words) flag_word(word, role.flag, false);
  }
  for (const FlaggedWords& role : kClassRoles) {
    for (std::string_view word : role.words) flag_word(word, role.flag, true);
  }
  ForEachDataLine(data::kStopwords, [&](std::string_view line, size_t) {
    for (uint32_t id : AddEntryWords(m, line)) flagged.emplace_back(id, kFlagStopword);
  });
  std::vector<std::pair<uint32_t, float>> boosters;
  for (const Booster& b : kBoosters) {
    const uint32_t id = AddWord(m, b.word);
    if (id != kNoWord) boosters.emplace_back(id, b.value);
  }

  // Topic keywords, grouped by their words' classes; "-phrase" is a negative keyword.
  std::unordered_map<PhraseKey, std::vector<TopicKeyword>, PhraseKeyHash> keywords;
  std::vector<uint32_t> keyword_classes;
  for (size_t t = 0; t < m.taxonomy.topics.size(); ++t) {
    for (const std::string& written : m.taxonomy.topics[t].keywords) {
      const bool negative = written.starts_with('-');
      const std::string_view keyword = std::string_view(written).substr(negative ? 1 : 0);
      const std::vector<uint32_t> ids = AddEntryWords(m, keyword);
      if (ids.empty() || ids.size() > kMaxPhraseWords) continue;
      PhraseKey key;
      key.size = static_cast<uint8_t>(ids.size());
      key.cls = ToClasses(m.vocab, ids);
      TopicKeyword entry{.size = key.size, .topic = static_cast<uint16_t>(t),
                         .negative = negative};
      for (size_t i = 0; i < ids.size(); ++i) {
        entry.words[i] = ids[i];
        const std::string_view word = m.vocab.Word(ids[i]);
        if (ids[i] != m.number_word && Stem(word) != word) entry.strict |= 1u << i;
        if (!negative) keyword_classes.push_back(key.cls[i]);
      }
      keywords[key].push_back(entry);
    }
  }

  // Every word is known now: size the per-word tables.
  const size_t words = m.vocab.size();
  valence.resize(words, kUnrated);
  m.valence = std::move(valence);
  m.class_valence.assign(words, kUnrated);
  m.class_rated_word.assign(words, kNoWord);
  for (uint32_t id = 0; id < words; ++id) {
    const uint32_t cls = m.vocab.ClassOf(id);
    if (std::isnan(m.class_valence[cls]) && !std::isnan(m.valence[id])) {
      m.class_valence[cls] = m.valence[id];
      m.class_rated_word[cls] = id;
    }
  }
  m.flags.assign(words, 0);
  for (const auto& [id, flag] : flagged) m.flags[id] |= flag;
  m.booster.assign(words, 0.0f);
  for (const auto& [id, value] : boosters) m.booster[id] = value;
  m.topic_class.assign(words, 0);
  for (uint32_t cls : keyword_classes) m.topic_class[cls] = 1;
  for (auto& [key, entries] : keywords) {
    m.topic_keywords.Add(std::span(key.cls.data(), key.size), std::move(entries));
  }
  return Analyzer(std::move(impl));
}

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

const Taxonomy& Analyzer::taxonomy() const { return impl_->taxonomy; }

const PolarityModel* Analyzer::persian_model() const {
  return impl_->model ? &*impl_->model : nullptr;
}

Prepared Analyzer::Impl::Prepare(std::string_view text, std::optional<Language> language) const {
  Prepared p;
  p.language = language ? *language : DetectLanguage(text);
  p.text = tokenizer.Tokenize(text);
  const auto tokens = p.text.tokens();
  p.refs.resize(tokens.size());
  p.negated_verb.assign(tokens.size(), 0);
  std::string base;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    switch (t.kind) {
      case TokenKind::kPunctuation:
        break;
      case TokenKind::kNumber:
        p.refs[i] = {number_word, vocab.ClassOf(number_word)};
        break;
      case TokenKind::kWord:
        if (t.persian && NegatedVerbBase(t.text, persian_verb_stems, base)) {
          p.negated_verb[i] = 1;
          p.refs[i] = vocab.Find(base);
          break;
        }
        [[fallthrough]];
      default:
        p.refs[i] = vocab.Find(t.text);
        break;
    }
  }
  p.classes.resize(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) p.classes[i] = p.refs[i].cls;
  return p;
}

std::vector<EmotionScore> Analyzer::Impl::Emotions(const Prepared& p,
                                                   const RuleResult& rules) const {
  std::array<int, kNumEmotions> cues{};
  const std::span<const uint32_t> classes = p.classes;
  for (size_t i = 0; i < classes.size();) {
    const auto match = emotion_cues.Longest(classes.subspan(i));
    if (!match.value) {
      ++i;
      continue;
    }
    bool negated = false;
    for (size_t j = i; j < i + match.length; ++j) negated |= rules.negated[j] != 0;
    if (!negated) {
      for (size_t e = 0; e < kNumEmotions; ++e) cues[e] += (*match.value >> e) & 1;
    }
    i += match.length;
  }
  std::vector<EmotionScore> out;
  for (size_t e = 0; e < kNumEmotions; ++e) {
    if (cues[e] > 0) out.push_back({static_cast<Emotion>(e), 1.0 - std::pow(0.5, cues[e])});
  }
  return out;
}

CommentAnalysis Analyzer::Analyze(std::string_view text, std::optional<Language> language) const {
  const Prepared p = impl_->Prepare(text, language);
  const RuleResult rules = impl_->ScoreRules(p);
  CommentAnalysis out;
  out.language = p.language;
  out.sentiment = impl_->Score(p, rules);
  out.emotions = impl_->Emotions(p, rules);
  out.topics = impl_->Topics(p, rules, out.sentiment);
  return out;
}

Sentiment Analyzer::AnalyzeSentiment(std::string_view text,
                                     std::optional<Language> language) const {
  const Prepared p = impl_->Prepare(text, language);
  return impl_->Score(p, impl_->ScoreRules(p));
}

Sentiment Analyzer::BaselineSentiment(std::string_view text,
                                      std::optional<Language> language) const {
  const Prepared p = impl_->Prepare(text, language);
  double sum = 0.0, positive = 0.0, negative = 0.0;
  for (size_t i = 0; i < p.refs.size(); ++i) {
    const float v = impl_->WordValence(p, i);
    sum += v;
    (v > 0 ? positive : negative) += std::abs(v);
  }
  Sentiment s;
  s.score = sum / std::sqrt(sum * sum + kNormalizationAlpha);
  s.positive = positive;
  s.negative = negative;
  const double band = p.language == Language::kPersian && impl_->model
                          ? impl_->model->neutral_band()
                          : kEnglishNeutralBand;
  s.label = s.score >= band    ? SentimentLabel::kPositive
            : s.score <= -band ? SentimentLabel::kNegative
                               : SentimentLabel::kNeutral;
  return s;
}

std::vector<std::string> Analyzer::Stems(std::string_view text,
                                         std::optional<Language> language) const {
  const Prepared p = impl_->Prepare(text, language);
  const RuleResult rules = impl_->ScoreRules(p);
  std::vector<std::string_view> stems;
  std::string surface;
  impl_->ModelInput(p, rules, stems, surface);
  return {stems.begin(), stems.end()};
}

PolarityExample Analyzer::PolarityFeatures(std::string_view text) const {
  const Prepared p = impl_->Prepare(text, Language::kPersian);
  const RuleResult rules = impl_->ScoreRules(p);
  std::vector<std::string_view> stems;
  std::string surface;
  const PolarityInput input = impl_->ModelInput(p, rules, stems, surface);
  PolarityExample example;
  example.stems.assign(input.stems.begin(), input.stems.end());
  example.dense = input.dense;
  example.surface = surface;
  example.negated = input.negated;
  example.marks.assign(input.marks.begin(), input.marks.end());
  return example;
}

}  // namespace nazar::text
