// What demo customers write: comments in Persian and English composed from phrases, so that
// thousands of distinct comments read like real ones and agree with the score beside them
// (angry detractors write about late parcels, rude agents and refunds; promoters about speed,
// kind agents and packaging; passives about both).
//
// Persian text uses the Persian yeh and keheh (ی ک, never Arabic ي ك), the zero-width
// non-joiner where Persian writes it (می‌خواهم، بسته‌ها) and Persian digits.
//
// Thread-safety: pure functions over constant tables.
#pragma once

#include <optional>
#include <string>

#include "demo/cast.h"
#include "demo/period.h"
#include "demo/random.h"

namespace nazar::demo {

enum class Tone { kNegative, kMixed, kPositive };

// What a comment is about. Each topic has things to say in praise and in complaint.
enum class Topic {
  kDeliveryTime,
  kDamage,
  kPackaging,
  kCourier,
  kAgentManner,
  kHoldTime,    // phone support: waiting on the line
  kEmailReply,  // email support: waiting for a reply
  kResolution,
  kRefund,
  kAppQuality,
  kWebsite,
  kPayment,
  kRange,
  kPrice,
  kProductQuality,
};

struct CommentFacts {
  bool persian = true;
  Tone tone = Tone::kPositive;
  Topic main = Topic::kDeliveryTime;  // kMixed: the praised topic
  std::optional<Topic> second;        // kMixed: the criticised topic (required); else optional
  const Agent* agent = nullptr;       // the agent the customer spoke to, if any
  const Product* product = nullptr;   // REQUIRES: set
  Season season = Season::kOrdinary;
};

std::string WriteComment(const CommentFacts& facts, Rng& rng);

// An employee's idea for the pulse survey's open question.
std::string WriteIdea(bool persian, Rng& rng);

}  // namespace nazar::demo
