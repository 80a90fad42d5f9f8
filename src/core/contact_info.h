// Text that identifies or reaches a person, checked the same way wherever it arrives
// (accounts, contacts, imports): e-mail addresses, phone numbers, client-supplied text.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace nazar {

// Client-supplied text (headers, imported cells): valid UTF-8 (bad bytes and control
// characters become '?'), at most `max_bytes`, never cut inside a character.
std::string SanitiseUtf8(std::string_view in, size_t max_bytes);

// Lower-cased; one '@' with text on both sides, no spaces, controls, '<', '>' or ',';
// at most 254 bytes of valid UTF-8. InvalidArgument naming `field` otherwise.
Result<std::string> NormaliseEmail(std::string_view email, std::string_view field = "email");

// PhoneDigits (spaces, dashes, dots, slashes, parentheses and direction marks dropped,
// Persian/Arabic digits made ASCII); then an
// optional leading '+' and 6 to 15 digits ("+98 912 123 4567" -> "+989121234567",
// "۰۹۱۲۱۲۳۴۵۶۷" -> "09121234567"). No country is guessed. InvalidArgument naming `field`.
Result<std::string> NormalisePhone(std::string_view phone, std::string_view field = "phone");

}  // namespace nazar
