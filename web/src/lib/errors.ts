// The server's errors in the reader's language: a table from an error's code, and from its
// code at a field ("invalid_argument" at "email"), to a message in English and Persian. A
// Persian screen never shows the server's English: a field without its own message gets its
// code's. An English screen shows the server's own words (precise, and English already), the
// table's when the server sent none. A test checks every code the API can return (the
// OpenAPI document's Error.code) has both languages.
import type { components } from './api-types';
import type { Lang } from './format';
import { lang } from './i18n';

export type ErrorCode = components['schemas']['Error']['error']['code'];

// Every code, as a sentence that stands on its own (a general error) or beside a field.
export const CODE_MESSAGES: Record<Lang, Record<ErrorCode | 'network', string>> = {
  en: {
    invalid_argument: 'This value is not accepted.',
    unauthenticated: 'Please sign in again.',
    permission_denied: 'Your role does not allow this.',
    not_found: 'It no longer exists, or it is not in this organisation.',
    already_exists: 'This is already taken.',
    failed_precondition: 'This cannot be done in its current state.',
    too_large: 'This is too large.',
    unsupported_media_type: 'This kind of file or content is not accepted.',
    resource_exhausted: 'Too many attempts: please wait a minute and try again.',
    unavailable: 'The service is briefly unavailable: please try again shortly.',
    internal: 'Something went wrong on the server; it has been logged.',
    network: 'The connection failed: check the network and try again.',
  },
  fa: {
    invalid_argument: 'این مقدار پذیرفتنی نیست.',
    unauthenticated: 'لطفاً دوباره وارد شوید.',
    permission_denied: 'نقش شما اجازهٔ این کار را نمی‌دهد.',
    not_found: 'دیگر وجود ندارد، یا در این سازمان نیست.',
    already_exists: 'این مقدار قبلاً استفاده شده است.',
    failed_precondition: 'در وضعیت فعلی این کار شدنی نیست.',
    too_large: 'این بیش از حد بزرگ است.',
    unsupported_media_type: 'این نوع پرونده یا محتوا پذیرفته نمی‌شود.',
    resource_exhausted: 'تلاش‌ها بیش از حد بود: یک دقیقه صبر کنید و دوباره امتحان کنید.',
    unavailable: 'سرویس لحظه‌ای در دسترس نیست: کمی بعد دوباره امتحان کنید.',
    internal: 'خطایی در سرور رخ داد؛ ثبت شده است.',
    network: 'اتصال برقرار نشد: شبکه را بررسی کنید و دوباره امتحان کنید.',
  },
};

// Messages for a code at a field. The field as the server names it, indexes as [] and a
// question's languages as .* ("questions[3].title.fa" -> "questions[].title.*"); a key
// without a field part ("invalid_argument:*.fa") is not used.
const FIELD_EN = {
  'unauthenticated:email': 'The email or password is wrong.',
  'unauthenticated:password': 'The email or password is wrong.',
  'invalid_argument:email': 'Enter a valid email address.',
  'already_exists:email': 'Someone with this email is already a member.',
  'invalid_argument:password': 'The password must be 8 to 256 characters.',
  'invalid_argument:new_password': 'The new password must be 8 to 256 characters.',
  'unauthenticated:current_password': 'The current password is wrong.',
  'invalid_argument:name': 'Enter a name.',
  'invalid_argument:title': 'Enter a title.',
  'invalid_argument:time_zone': 'Choose a time zone from the list (such as Asia/Tehran).',
  'invalid_argument:calendar': 'Choose Jalali or Gregorian.',
  'invalid_argument:digits': 'Choose Persian or Latin digits.',
  'invalid_argument:role': 'Choose one of the roles.',
  'invalid_argument:from': 'Enter a valid day (YYYY-MM-DD), not after the last day.',
  'invalid_argument:to': 'Enter a valid day (YYYY-MM-DD).',
  'invalid_argument:questions': 'A survey needs at least one question.',
  'invalid_argument:questions[].id': 'Each question needs its own id: letters, digits and _ only, not used twice.',
  'invalid_argument:questions[].title': 'Enter the question in every language of the survey.',
  'invalid_argument:questions[].title.*': 'Enter the question in this language.',
  'invalid_argument:questions[].choices': 'A choice question needs at least two choices, each with its own id.',
  'invalid_argument:questions[].type': 'Choose a question type from the list.',
  'failed_precondition:survey': 'Publish the survey first.',
  'failed_precondition:status': 'Its status does not allow this change now.',
  'failed_precondition:version': 'Someone changed this meanwhile: reload and try again.',
  'failed_precondition:compare': 'Choose a period to compare with.',
  'too_large:body': 'This is too large to send.',
  'invalid_argument:quiet_hours': 'Quiet hours need both a start and an end hour (0–23).',
  'invalid_argument:quiet_hours.end': 'Quiet hours must end at another hour than they start.',
  'invalid_argument:templates.*.body': 'The message needs {{link}}: where the survey link goes.',
  'invalid_argument:topics[].id': 'A topic id is 1–64 characters of a-z, 0-9 and _.',
  'invalid_argument:metric': 'Choose a score that this survey asks (NPS, CSAT or CES).',
  'invalid_argument:url': 'Enter a full https:// address.',
  'invalid_argument:within_days': 'Days must be from 1 to 3,660.',
};
const FIELD_FA: Record<keyof typeof FIELD_EN, string> = {
  'unauthenticated:email': 'ایمیل یا گذرواژه نادرست است.',
  'unauthenticated:password': 'ایمیل یا گذرواژه نادرست است.',
  'invalid_argument:email': 'یک نشانی ایمیل درست وارد کنید.',
  'already_exists:email': 'کسی با این ایمیل از قبل عضو است.',
  'invalid_argument:password': 'گذرواژه باید ۸ تا ۲۵۶ نویسه باشد.',
  'invalid_argument:new_password': 'گذرواژهٔ تازه باید ۸ تا ۲۵۶ نویسه باشد.',
  'unauthenticated:current_password': 'گذرواژهٔ فعلی نادرست است.',
  'invalid_argument:name': 'یک نام وارد کنید.',
  'invalid_argument:title': 'یک عنوان وارد کنید.',
  'invalid_argument:time_zone': 'یک منطقهٔ زمانی از فهرست انتخاب کنید (مانند Asia/Tehran).',
  'invalid_argument:calendar': 'تقویم شمسی یا میلادی را انتخاب کنید.',
  'invalid_argument:digits': 'ارقام فارسی یا لاتین را انتخاب کنید.',
  'invalid_argument:role': 'یکی از نقش‌ها را انتخاب کنید.',
  'invalid_argument:from': 'یک روز درست وارد کنید (سال-ماه-روز)، نه بعد از روز آخر.',
  'invalid_argument:to': 'یک روز درست وارد کنید (سال-ماه-روز).',
  'invalid_argument:questions': 'نظرسنجی دست‌کم یک پرسش لازم دارد.',
  'invalid_argument:questions[].id': 'هر پرسش شناسهٔ خودش را لازم دارد: فقط حرف، رقم و _، بدون تکرار.',
  'invalid_argument:questions[].title': 'متن پرسش را به همهٔ زبان‌های نظرسنجی وارد کنید.',
  'invalid_argument:questions[].title.*': 'متن پرسش را به این زبان وارد کنید.',
  'invalid_argument:questions[].choices': 'پرسش چندگزینه‌ای دست‌کم دو گزینه با شناسه‌های جدا لازم دارد.',
  'invalid_argument:questions[].type': 'نوع پرسش را از فهرست انتخاب کنید.',
  'failed_precondition:survey': 'ابتدا نظرسنجی را منتشر کنید.',
  'failed_precondition:status': 'وضعیت فعلی اجازهٔ این تغییر را نمی‌دهد.',
  'failed_precondition:version': 'کس دیگری در این فاصله آن را تغییر داده است: صفحه را تازه کنید و دوباره امتحان کنید.',
  'failed_precondition:compare': 'یک دوره برای مقایسه انتخاب کنید.',
  'too_large:body': 'برای فرستادن بیش از حد بزرگ است.',
  'invalid_argument:quiet_hours': 'ساعات سکوت هم ساعت شروع و هم ساعت پایان (۰ تا ۲۳) لازم دارد.',
  'invalid_argument:quiet_hours.end': 'ساعت پایان سکوت باید با ساعت شروع آن فرق کند.',
  'invalid_argument:templates.*.body': 'پیام به {{link}} نیاز دارد: جای پیوند نظرسنجی.',
  'invalid_argument:topics[].id': 'شناسهٔ موضوع ۱ تا ۶۴ نویسه از a-z، 0-9 و _ است.',
  'invalid_argument:metric': 'شاخصی را انتخاب کنید که این نظرسنجی می‌پرسد (NPS، رضایت یا سهولت).',
  'invalid_argument:url': 'یک نشانی کامل با https:// وارد کنید.',
  'invalid_argument:within_days': 'تعداد روزها باید از ۱ تا ۳٬۶۶۰ باشد.',
};
export const FIELD_MESSAGES: Record<Lang, Record<string, string>> = { en: FIELD_EN, fa: FIELD_FA };

// "questions[3].title.fa" -> "questions[].title.*", "templates.fa.body" -> "templates.*.body".
export function fieldPattern(field: string): string {
  return field.replace(/\[\d+\]/g, '[]').replace(/\.(fa|en|ar|tr|ku|az)(?=\.|$)/g, '.*');
}

function isCode(code: string): code is ErrorCode | 'network' {
  return code in CODE_MESSAGES.en;
}

// The message for an error the server sent (code, field, its English message), in `inLang`
// (default: the interface's language). lib/api.ts gives every ApiError this message.
export function localizeError(code: string, field: string | null, serverMessage: string, inLang: Lang = lang()): string {
  // English: the server's own words first (precise, and English already).
  if (inLang === 'en' && serverMessage) return serverMessage;
  if (field) {
    const pattern = fieldPattern(field);
    const own = FIELD_MESSAGES[inLang][`${code}:${pattern}`] ?? FIELD_MESSAGES[inLang][`${code}:${pattern.split('.').pop()}`];
    if (own) return own;
  }
  return isCode(code) ? CODE_MESSAGES[inLang][code] : CODE_MESSAGES[inLang].internal;
}
