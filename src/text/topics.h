// Topics: an organisation's taxonomy of what comments talk about, and the built-in
// customer-experience default.
//
// Contract:
// - A topic has a stable id ([a-z0-9_]+, unique), names in Persian and English, and
//   keywords: words or phrases of up to four words, in either language. Keywords are
//   matched on normalised tokens through light stemming (normalize.h), so "بسته‌ها",
//   "بسته ها" and "بسته" all meet the keyword "بسته", and "deliveries" meets "delivery".
// - A keyword the stemmer shortens matches only words that start with it as written
//   ("کارت" meets "کارت‌ها" but not "کار"; "site" not "sit"). The longest keyword at a place
//   wins, so "حساب کاربری" (app) is not "حساب" (payment).
// - A negative keyword, written "-phrase", names a context in which the topic's words mean
//   something else: where it matches, its words count for no keyword of that topic
//   ("-بسته می‌شود": the app closes, no parcel; "-از انتظار": than expected, no waiting).
// - ValidateTaxonomy reports the first problem as InvalidArgument naming the field
//   ("topics[2].id", "topics[0].keywords[3]").
//
// Thread safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace nazar::text {

struct TopicDefinition {
  std::string id;       // stable key, e.g. "delivery"
  std::string name_fa;  // shown to Persian readers
  std::string name_en;  // shown to English readers
  std::vector<std::string> keywords;
};

struct Taxonomy {
  std::vector<TopicDefinition> topics;
};

// Ids up to this long; keywords up to this many words (longer ones are refused); at most
// this many topics.
inline constexpr size_t kMaxTopicIdLength = 64;
inline constexpr size_t kMaxTopics = 10000;
inline constexpr size_t kMaxKeywordWords = 4;

[[nodiscard]] Result<void> ValidateTaxonomy(const Taxonomy& taxonomy);

// The built-in taxonomy: price, delivery, staff_attitude, wait_time, product_quality,
// app_website, payment, returns_refund, support_resolution, cleanliness, packaging, range;
// and for employees' comments: workload_shifts, training, management_communication,
// tools_systems, flexible_work.
const Taxonomy& DefaultTaxonomy();

}  // namespace nazar::text
