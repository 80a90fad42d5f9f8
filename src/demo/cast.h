// The people and places of the demo company: touchpoints, channels, support agents, teams,
// offices and the products customers write about. Fixed tables, the same for every seed, so
// that "Maryam is our best agent" holds in every demo.
//
// Thread-safety: constant data.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace nazar::demo {

enum class Touchpoint { kWebsite, kApp, kDelivery, kPhoneSupport, kEmailSupport };
inline constexpr size_t kTouchpointCount = 5;

struct TouchpointInfo {
  Touchpoint touchpoint;
  std::string_view id;  // stable lowercase id, stored as the `touchpoint` hidden field
  std::string_view name_en;
  std::string_view name_fa;
  double mood;  // shift of the latent satisfaction: the app pleases, delivery disappoints
};
const std::array<TouchpointInfo, kTouchpointCount>& Touchpoints();
const TouchpointInfo& InfoOf(Touchpoint touchpoint);

enum class Channel { kWeb, kApp, kSms, kEmail, kIvr, kQr };
inline constexpr size_t kChannelCount = 6;
// "web", "app", "sms", "email", "ivr", "qr": link channels and the `channel` hidden field.
std::string_view IdOf(Channel channel);

struct Agent {
  std::string_view id;  // "agent-07"
  std::string_view first_en, last_en;
  std::string_view first_fa, last_fa;
  bool female;
  Touchpoint desk;  // kPhoneSupport or kEmailSupport
  double skill;     // shift of the latent satisfaction of the customers they serve
};
inline constexpr size_t kAgentCount = 30;
const std::array<Agent, kAgentCount>& Agents();

// Something a customer bought, as it reads inside a sentence ("the kettle", "کتری برقی").
struct Product {
  std::string_view en;
  std::string_view fa;
};
std::span<const Product> Products();

// Employee pulse: the `team` and `site` hidden fields.
struct Team {
  std::string_view id;
  bool at_desk;     // support: feels the support load
  bool in_the_van;  // warehouse and delivery: feel the delivery load
};
std::span<const Team> Teams();
struct Site {
  std::string_view id;
  double weight;  // share of the staff
  double mood;    // how the office feels
};
std::span<const Site> Sites();

}  // namespace nazar::demo
