#include "core/enum_names.h"

#include <gtest/gtest.h>

namespace nazar {
namespace {

enum class Colour { kRed, kGreen, kBlue };
constexpr EnumNames<Colour, 4> kColours{
    {{Colour::kRed, "red"}, {Colour::kGreen, "green"}, {Colour::kGreen, "verde"}, {Colour::kBlue, "blue"}}};

TEST(EnumNamesTest, ReadsTheTableBothWays) {
  static_assert(NameOf(kColours, Colour::kGreen) == "green");  // the first name of a value
  static_assert(ParseName(kColours, "verde") == Colour::kGreen);  // aliases parse
  EXPECT_EQ(ParseName(kColours, "blue"), Colour::kBlue);
  EXPECT_EQ(ParseName(kColours, "Blue"), std::nullopt);  // exact names only
  EXPECT_EQ(ParseName(kColours, ""), std::nullopt);
  EXPECT_EQ(NameOf(kColours, static_cast<Colour>(7)), "unknown");
  EXPECT_EQ(NameOf(kColours, static_cast<Colour>(7), "red"), "red");
  // Each value once, by its first name.
  EXPECT_EQ(NamesList(kColours), "red, green or blue");
  EXPECT_EQ(NamesList(kColours, ", "), "red, green, blue");
}

}  // namespace
}  // namespace nazar
