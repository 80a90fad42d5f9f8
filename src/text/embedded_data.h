// Internal to the text module: the data files compiled into the binary (cmake/Embed.cmake).
// VADER's lexicon comes from the npm package vader-sentiment (MIT; Hutto & Gilbert 2014),
// installed in web/node_modules by scripts/bootstrap; the rest lives in src/text/data/.
#pragma once

#include <string_view>

namespace nazar::text::data {

extern const std::string_view kVaderLexicon;    // word<TAB>mean<TAB>sd<TAB>ratings
extern const std::string_view kPersianLexicon;  // data/fa_lexicon.tsv
extern const std::string_view kEnglishLexicon;  // data/en_lexicon.tsv
extern const std::string_view kEmojiLexicon;    // data/emoji_lexicon.tsv
extern const std::string_view kEmotions;        // data/emotions.tsv
extern const std::string_view kStopwords;       // data/stopwords.tsv
extern const std::string_view kTaxonomy;        // data/taxonomy.tsv
extern const std::string_view kPersianModel;    // data/fa_polarity_model.tsv

}  // namespace nazar::text::data
