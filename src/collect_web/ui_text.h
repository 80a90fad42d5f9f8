// The respondent-facing words of the pages, in Persian and English (private to this module).
// Placeholders: {n}, {total}, {min}, {max}; fill them with Fill().
#pragma once

#include <string>
#include <string_view>

namespace nazar::collect_web {

struct UiText {
  std::string_view submit;
  std::string_view next;
  std::string_view back;
  std::string_view required_note;  // "Questions marked * are required."
  std::string_view required_sr;    // read by screen readers after a required question
  std::string_view progress;       // "{n} of {total}"
  std::string_view errors_title;
  std::string_view choose;        // the empty <option> of a long single choice
  std::string_view up_to;         // "Choose up to {n}."
  std::string_view number_range;  // "From {min} to {max}."
  std::string_view number_min;    // "At least {min}."
  std::string_view number_max;    // "At most {max}."
  std::string_view honeypot_label;
  // Problems with answers.
  std::string_view answer_required;
  std::string_view choose_one;
  std::string_view too_many;  // "{n}"
  std::string_view too_long;  // "{n}"
  std::string_view chars_left;  // "{n}" characters left of "{max}" (shown near a text's limit)
  std::string_view bad_characters;  // a NUL byte or another control character in a text
  std::string_view bad_number;
  std::string_view whole_number;
  std::string_view matrix_rows;
  std::string_view form_problem;  // the whole form could not be read
  std::string_view not_saved;     // the store is down for a moment: the answers stay in the form
  // End pages.
  std::string_view thanks_title;
  std::string_view thanks;
  std::string_view closed_title;
  std::string_view closed;
  std::string_view not_found_title;
  std::string_view not_found;
  std::string_view unavailable_title;
  std::string_view unavailable;
  std::string_view preview_title;
  std::string_view preview;
};

inline constexpr UiText kEnglishText{
    .submit = "Submit",
    .next = "Next",
    .back = "Back",
    .required_note = "Questions marked * are required.",
    .required_sr = "(required)",
    .progress = "{n} of {total}",
    .errors_title = "Please check your answers:",
    .choose = "Choose\xE2\x80\xA6",
    .up_to = "Choose up to {n}.",
    .number_range = "From {min} to {max}.",
    .number_min = "At least {min}.",
    .number_max = "At most {max}.",
    .honeypot_label = "Leave this field empty",
    .answer_required = "Please answer this question.",
    .choose_one = "Please choose one of the options.",
    .too_many = "Please choose at most {n} options.",
    .too_long = "Please write at most {n} characters.",
    .chars_left = "{n} of {max} characters left",
    .bad_characters = "Your answer contains a character that cannot be saved (such as an "
                      "invisible control character). Please remove it.",
    .bad_number = "Please enter a number.",
    .whole_number = "Please enter a whole number.",
    .matrix_rows = "Please choose one option in each row you answer.",
    .form_problem = "Your answers could not be read. Please try again.",
    .not_saved = "Your answers could not be saved just now. Please send them again in a moment.",
    .thanks_title = "Thank you",
    .thanks = "Thank you for your answers!",
    .closed_title = "Survey closed",
    .closed = "This survey is closed. Thank you for your interest.",
    .not_found_title = "Survey not found",
    .not_found = "This survey was not found. Please check the link.",
    .unavailable_title = "Please try again",
    .unavailable = "The survey cannot be opened just now. Please try again in a moment.",
    .preview_title = "Preview",
    .preview = "This was a preview: the answers were not saved.",
};

inline constexpr UiText kPersianText{
    .submit = "ارسال",
    .next = "بعدی",
    .back = "قبلی",
    .required_note = "پاسخ به پرسش‌های ستاره‌دار الزامی است.",
    .required_sr = "(الزامی)",
    .progress = "{n} از {total}",
    .errors_title = "لطفاً پاسخ‌های خود را بررسی کنید:",
    .choose = "انتخاب کنید\xE2\x80\xA6",
    .up_to = "حداکثر {n} گزینه انتخاب کنید.",
    .number_range = "از {min} تا {max}.",
    .number_min = "دست‌کم {min}.",
    .number_max = "حداکثر {max}.",
    .honeypot_label = "این خانه را خالی بگذارید",
    .answer_required = "لطفاً به این پرسش پاسخ دهید.",
    .choose_one = "لطفاً یکی از گزینه‌ها را انتخاب کنید.",
    .too_many = "لطفاً حداکثر {n} گزینه انتخاب کنید.",
    .too_long = "لطفاً حداکثر {n} نویسه بنویسید.",
    .chars_left = "{n} نویسه از {max} مانده است",
    .bad_characters = "پاسخ شما نویسه‌ای دارد که ذخیره نمی‌شود (مانند یک نویسه‌ی کنترلی "
                      "نامرئی). لطفاً آن را حذف کنید.",
    .bad_number = "لطفاً یک عدد وارد کنید.",
    .whole_number = "لطفاً یک عدد صحیح وارد کنید.",
    .matrix_rows =
        "لطفاً در هر ردیفی که پاسخ می‌دهید یک گزینه انتخاب "
        "کنید.",
    .form_problem =
        "پاسخ‌های شما خوانده نشد. لطفاً دوباره تلاش کنید.",
    .not_saved =
        "پاسخ‌های شما همین حالا ذخیره نشد. لطفاً چند لحظه دیگر دوباره ارسال کنید.",
    .thanks_title = "سپاس",
    .thanks = "از پاسخ‌های شما سپاسگزاریم!",
    .closed_title = "نظرسنجی بسته است",
    .closed = "این نظرسنجی بسته شده است. از توجه شما سپاسگزاریم.",
    .not_found_title = "نظرسنجی پیدا نشد",
    .not_found = "این نظرسنجی پیدا نشد. لطفاً پیوند را بررسی کنید.",
    .unavailable_title = "لطفاً دوباره تلاش کنید",
    .unavailable = "نظرسنجی همین حالا باز نمی‌شود. لطفاً چند لحظه دیگر دوباره تلاش کنید.",
    .preview_title = "پیش‌نمایش",
    .preview = "این یک پیش‌نمایش بود: پاسخ‌ها ذخیره نشدند.",
};

inline const UiText& UiFor(std::string_view language) {
  return language == "fa" ? kPersianText : kEnglishText;
}

// `pattern` with every `{key}` replaced by `value`.
inline std::string Fill(std::string_view pattern, std::string_view key, std::string_view value) {
  std::string out(pattern);
  const std::string token = "{" + std::string(key) + "}";
  for (size_t at = out.find(token); at != std::string::npos;
       at = out.find(token, at + value.size())) {
    out.replace(at, token.size(), value);
  }
  return out;
}

}  // namespace nazar::collect_web
