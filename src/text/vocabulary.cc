#include "text/vocabulary.h"

#include "text/normalize.h"

namespace nazar::text {

uint32_t Vocabulary::Add(std::string_view word) {
  auto it = exact_.find(word);
  if (it != exact_.end()) return it->second;
  const auto id = static_cast<uint32_t>(classes_.size());
  auto [entry, inserted] = exact_.emplace(std::string(word), id);
  words_.push_back(&entry->first);
  auto [stem, added] = stems_.emplace(std::string(Stem(word)), id);
  classes_.push_back(stem->second);
  return id;
}

uint32_t Vocabulary::FindExact(std::string_view token) const {
  auto it = exact_.find(token);
  return it == exact_.end() ? kNoWord : it->second;
}

WordRef Vocabulary::Find(std::string_view token) const {
  const uint32_t id = FindExact(token);
  if (id != kNoWord) return {id, classes_[id]};
  // Persian: a known word less one ending, or two ("سفارشم" → "سفارش").
  if (!token.empty() && (static_cast<unsigned char>(token[0]) & 0xFC) == 0xD8) {
    for (std::string_view suffix : PersianSuffixes()) {
      const std::string_view once = StripPersianSuffix(token, suffix);
      if (once.empty()) continue;
      if (const uint32_t found = FindExact(once); found != kNoWord)
        return {kNoWord, classes_[found]};
      for (std::string_view inner : PersianSuffixes()) {
        const std::string_view twice = StripPersianSuffix(once, inner);
        if (twice.empty()) continue;
        if (const uint32_t found = FindExact(twice); found != kNoWord)
          return {kNoWord, classes_[found]};
      }
    }
  }
  auto it = stems_.find(Stem(token));
  return {kNoWord, it == stems_.end() ? kNoWord : it->second};
}

}  // namespace nazar::text
