#include "journey/personas.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace nazar::journey {

enum class Op { kEq, kNeq, kIn, kNotIn, kLt, kLte, kGt, kGte, kExists, kMissing };

struct PersonaRule::Node {
  enum class Kind { kAll, kAny, kAttribute, kInteractions } kind = Kind::kAll;
  std::vector<Node> children;  // all / any
  std::string name;            // attribute
  Op op = Op::kEq;
  std::vector<Json> values;    // compared values (one, or several for in / not_in)
  // interactions
  std::string touchpoint, channel, fact;
  std::optional<int64_t> within_days;
};

namespace {

constexpr int64_t kMsPerDay = 86'400'000;

std::optional<Op> ParseOp(std::string_view s) {
  static const std::pair<std::string_view, Op> kOps[] = {
      {"eq", Op::kEq}, {"neq", Op::kNeq}, {"in", Op::kIn}, {"not_in", Op::kNotIn},
      {"lt", Op::kLt}, {"lte", Op::kLte}, {"gt", Op::kGt}, {"gte", Op::kGte},
      {"exists", Op::kExists}, {"missing", Op::kMissing}};
  for (const auto& [name, op] : kOps)
    if (name == s) return op;
  return std::nullopt;
}

// a <op> b for two comparable values (numbers with numbers, text with text).
bool Compare(const Json& a, Op op, const Json& b) {
  int c = 0;
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    c = x < y ? -1 : x > y ? 1 : 0;
  } else if (a.is_string() && b.is_string()) {
    c = a.get<std::string>().compare(b.get<std::string>());
    c = c < 0 ? -1 : c > 0 ? 1 : 0;
  } else {
    return op == Op::kNeq;
  }
  switch (op) {
    case Op::kEq: return c == 0;
    case Op::kNeq: return c != 0;
    case Op::kLt: return c < 0;
    case Op::kLte: return c <= 0;
    case Op::kGt: return c > 0;
    case Op::kGte: return c >= 0;
    default: return false;
  }
}

Result<PersonaRule::Node> ParseNode(const Json& j, const std::string& path, int depth) {
  using Node = PersonaRule::Node;
  auto bad = [&](std::string_view field, std::string message) {
    return Fail(Error::InvalidArgument(std::move(message), field.empty() ? path : path + "." + std::string(field)));
  };
  if (depth > 8) return bad("", "rules nest at most 8 deep");
  if (!j.is_object()) return bad("", "a condition is an object");
  for (const char* group : {"all", "any"}) {
    if (!j.contains(group)) continue;
    if (j.size() != 1) return bad(group, "a group holds only its list");
    const Json& list = j[group];
    if (!list.is_array() || list.size() > 50) return bad(group, "a group is a list of at most 50 conditions");
    Node n{.kind = std::string_view(group) == "all" ? Node::Kind::kAll : Node::Kind::kAny};
    for (size_t i = 0; i < list.size(); ++i) {
      auto child = ParseNode(list[i], fmt::format("{}.{}[{}]", path, group, i), depth + 1);
      if (!child) return Fail(child.error());
      n.children.push_back(std::move(*child));
    }
    return n;
  }
  Node n;
  if (j.contains("attribute")) {
    n.kind = Node::Kind::kAttribute;
    if (!j["attribute"].is_string() || j["attribute"].get<std::string>().empty())
      return bad("attribute", "attribute names an attribute");
    n.name = j["attribute"].get<std::string>();
  } else if (j.contains("interactions")) {
    n.kind = Node::Kind::kInteractions;
    const Json& what = j["interactions"];
    if (!what.is_object()) return bad("interactions", "interactions is an object of filters");
    for (const auto& [k, v] : what.items()) {
      if (k == "touchpoint" && v.is_string()) n.touchpoint = v.get<std::string>();
      else if (k == "channel" && v.is_string()) n.channel = v.get<std::string>();
      else if (k == "fact" && v.is_string()) n.fact = v.get<std::string>();
      else if (k == "within_days" && v.is_number_integer() && v.get<int64_t>() > 0 && v.get<int64_t>() <= 3660)
        n.within_days = v.get<int64_t>();
      else return bad("interactions." + k, "interactions filters are touchpoint, channel, fact (text) and within_days (1-3660)");
    }
  } else {
    return bad("", "a condition reads an attribute or interactions, or groups all / any");
  }
  if (!j.contains("op") || !j["op"].is_string()) return bad("op", "op is required");
  auto op = ParseOp(j["op"].get<std::string>());
  if (!op) return bad("op", "op must be eq, neq, in, not_in, lt, lte, gt, gte, exists or missing");
  n.op = *op;
  if (n.kind == Node::Kind::kInteractions && (n.op == Op::kIn || n.op == Op::kNotIn || n.op == Op::kExists || n.op == Op::kMissing))
    return bad("op", "interactions compare a count: eq, neq, lt, lte, gt or gte");
  if (n.op != Op::kExists && n.op != Op::kMissing) {
    if (!j.contains("value")) return bad("value", "value is required");
    const Json& v = j["value"];
    if (n.op == Op::kIn || n.op == Op::kNotIn) {
      if (!v.is_array() || v.empty()) return bad("value", "in / not_in take a list");
      for (const auto& x : v) n.values.push_back(x);
    } else {
      if (!v.is_number() && !v.is_string()) return bad("value", "value is a number or a text");
      if (n.kind == Node::Kind::kInteractions && !v.is_number()) return bad("value", "a count is a number");
      n.values.push_back(v);
    }
  }
  for (const auto& [k, v] : j.items())
    if (k != "attribute" && k != "interactions" && k != "op" && k != "value")
      return bad(k, "unknown field");
  return n;
}

std::optional<Json> AttributeOf(const Contact& c, const Json& attributes, const std::string& name) {
  if (name == "language") return c.language.empty() ? std::nullopt : std::optional<Json>(c.language);
  if (name == "email") return c.email.empty() ? std::nullopt : std::optional<Json>(c.email);
  if (name == "phone") return c.phone.empty() ? std::nullopt : std::optional<Json>(c.phone);
  if (attributes.is_object() && attributes.contains(name)) return attributes[name];
  return std::nullopt;
}

bool Eval(const PersonaRule::Node& n, const Contact& c, const Json& attributes,
          const std::vector<Interaction>& interactions, int64_t now_ms) {
  using Kind = PersonaRule::Node::Kind;
  switch (n.kind) {
    case Kind::kAll:
      return std::all_of(n.children.begin(), n.children.end(),
                         [&](const auto& x) { return Eval(x, c, attributes, interactions, now_ms); });
    case Kind::kAny:
      return std::any_of(n.children.begin(), n.children.end(),
                         [&](const auto& x) { return Eval(x, c, attributes, interactions, now_ms); });
    case Kind::kAttribute: {
      auto v = AttributeOf(c, attributes, n.name);
      if (n.op == Op::kExists) return v.has_value();
      if (n.op == Op::kMissing) return !v.has_value();
      if (!v) return n.op == Op::kNeq || n.op == Op::kNotIn;
      if (n.op == Op::kIn || n.op == Op::kNotIn) {
        bool found = std::any_of(n.values.begin(), n.values.end(),
                                 [&](const Json& x) { return Compare(*v, Op::kEq, x); });
        return n.op == Op::kIn ? found : !found;
      }
      return Compare(*v, n.op, n.values[0]);
    }
    case Kind::kInteractions: {
      double total = 0;
      for (const Interaction& i : interactions) {
        if (i.contact_id != c.id) continue;
        if (!n.touchpoint.empty() && i.touchpoint != n.touchpoint) continue;
        if (!n.channel.empty() && i.channel != n.channel) continue;
        if (n.within_days && (i.occurred_ms > now_ms || now_ms - i.occurred_ms > *n.within_days * kMsPerDay))
          continue;
        if (n.fact.empty()) {
          total += 1;
        } else {
          Json facts = Json::parse(i.facts, nullptr, false);
          if (facts.is_object() && facts.contains(n.fact) && facts[n.fact].is_number())
            total += facts[n.fact].get<double>();
        }
      }
      return Compare(Json(total), n.op, n.values[0]);
    }
  }
  return false;
}

}  // namespace

Result<PersonaRule> PersonaRule::Parse(const Json& rule, const std::string& path) {
  auto root = ParseNode(rule, path, 0);
  if (!root) return Fail(root.error());
  PersonaRule r;
  r.root_ = std::make_shared<const Node>(std::move(*root));
  r.json_ = rule;
  return r;
}

bool PersonaRule::Matches(const Contact& contact, const std::vector<Interaction>& interactions,
                          int64_t now_ms) const {
  Json attributes = Json::parse(contact.attributes, nullptr, false);
  return Eval(*root_, contact, attributes, interactions, now_ms);
}

std::vector<int64_t> Members(const PersonaRule& rule, const std::vector<Contact>& contacts,
                             const std::vector<Interaction>& interactions, int64_t now_ms) {
  std::map<int64_t, std::vector<Interaction>> by_contact;
  for (const Interaction& i : interactions) by_contact[i.contact_id].push_back(i);
  std::vector<int64_t> out;
  static const std::vector<Interaction> kNone;
  for (const Contact& c : contacts) {
    auto it = by_contact.find(c.id);
    if (rule.Matches(c, it == by_contact.end() ? kNone : it->second, now_ms)) out.push_back(c.id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace nazar::journey
