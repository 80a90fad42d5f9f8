// The strings of the channels invitations leave through (SMTP, the SMS and webhook gateways), in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'ch.help': 'Where invitations leave from. Only owners and admins see and change these.', 'ch.updated': 'last changed {time}',
  'ch.setUp': 'Set up', 'ch.notSetUp': 'Not set up', 'ch.remove': 'Remove', 'ch.removeConfirm': 'Remove these settings? Invitations by this channel wait until it is set up again.',
  'ch.smtp': 'Email: SMTP server', 'ch.host': 'Server', 'ch.port': 'Port', 'ch.tls': 'Security',
  'ch.tls.none': 'None (not recommended)', 'ch.tls.starttls': 'STARTTLS (usually port 587)', 'ch.tls.tls': 'TLS (usually port 465)',
  'ch.user': 'User name', 'ch.password': 'Password', 'ch.passwordSet': 'A password is stored; it is never shown. Leave empty to keep it.',
  'ch.passwordNone': 'No password stored.', 'ch.passwordWillClear': 'The stored password will be removed when you save.', 'ch.clearPassword': 'Remove the stored password',
  'ch.fromAddress': 'From address', 'ch.fromName': 'From name',
  'ch.sms': 'SMS gateway', 'ch.smsHelp': 'The HTTP request that sends one text message through your SMS provider.',
  'ch.webhook': 'Webhook', 'ch.webhookHelp': 'The HTTP request for rules that hand the invitation to your own system (a CRM, a chat bot).',
  'ch.method': 'Method', 'ch.url': 'URL', 'ch.headers': 'Headers', 'ch.headerName': 'Name', 'ch.headerValue': 'Value', 'ch.addHeader': 'Add a header',
  'ch.secret': 'Secret', 'ch.secretStored': '•••••• stored; type to replace',
  'ch.secretHelp': 'A secret header (an API key; every Authorization) is stored encrypted and never shown again, like the SMTP password.',
  'ch.bodyTemplate': 'Body template', 'ch.successCodes': 'Success codes', 'ch.successHelp': '408, 429 and 5xx are retried later; other codes fail the invitation.',
  'ch.placeholders': 'Placeholders', 'ch.example': 'Start from an example',
  'ch.ph.phone': 'the contact’s phone', 'ch.ph.email': 'the contact’s email', 'ch.ph.message': 'the message text (the rule’s template)', 'ch.ph.token': 'the invitation’s token',
  'ch.ph.link': 'the survey link', 'ch.ph.contact': 'the contact’s external id', 'ch.ph.touchpoint': 'the touchpoint', 'ch.ph.agent': 'the agent',
  'ch.escaping': 'Each is escaped for where it stands: the URL, a JSON or form body, a header.',
  'ch.idempotency': 'Send {ph} as an idempotency key (e.g. an Idempotency-Key header) so the gateway can drop a repeated send.',
  'ch.templatesNote': 'The messages themselves, in Persian and English, are written on each rule; a rule without them uses the built-in message.',
};

const fa: Record<keyof typeof en, string> = {
  'ch.help': 'دعوت‌ها از این‌جا ارسال می‌شوند. فقط مالکان و مدیران این تنظیمات را می‌بینند و تغییر می‌دهند.', 'ch.updated': 'آخرین تغییر {time}',
  'ch.setUp': 'راه‌اندازی‌شده', 'ch.notSetUp': 'راه‌اندازی‌نشده', 'ch.remove': 'حذف', 'ch.removeConfirm': 'این تنظیمات حذف شود؟ دعوت‌های این کانال تا راه‌اندازی دوباره در صف می‌مانند.',
  'ch.smtp': 'ایمیل: سرور SMTP', 'ch.host': 'سرور', 'ch.port': 'درگاه (پورت)', 'ch.tls': 'امنیت',
  'ch.tls.none': 'بدون رمزنگاری (توصیه نمی‌شود)', 'ch.tls.starttls': 'STARTTLS (معمولاً درگاه ۵۸۷)', 'ch.tls.tls': 'TLS (معمولاً درگاه ۴۶۵)',
  'ch.user': 'نام کاربری', 'ch.password': 'گذرواژه', 'ch.passwordSet': 'گذرواژه‌ای ذخیره شده و هرگز نمایش داده نمی‌شود. برای نگه داشتنش خالی بگذارید.',
  'ch.passwordNone': 'گذرواژه‌ای ذخیره نشده است.', 'ch.passwordWillClear': 'با ذخیره، گذرواژهٔ ذخیره‌شده حذف می‌شود.', 'ch.clearPassword': 'حذف گذرواژهٔ ذخیره‌شده',
  'ch.fromAddress': 'نشانی فرستنده', 'ch.fromName': 'نام فرستنده',
  'ch.sms': 'درگاه پیامک', 'ch.smsHelp': 'درخواست HTTP که یک پیامک را از طریق سرویس‌دهندهٔ پیامک شما ارسال می‌کند.',
  'ch.webhook': 'وب‌هوک', 'ch.webhookHelp': 'درخواست HTTP برای قاعده‌هایی که دعوت را به سامانهٔ خودتان (CRM، ربات گفتگو) می‌سپارند.',
  'ch.method': 'روش', 'ch.url': 'نشانی (URL)', 'ch.headers': 'سرایندها', 'ch.headerName': 'نام', 'ch.headerValue': 'مقدار', 'ch.addHeader': 'افزودن سرایند',
  'ch.secret': 'محرمانه', 'ch.secretStored': '•••••• ذخیره شده؛ برای جایگزینی بنویسید',
  'ch.secretHelp': 'سرایند محرمانه (کلید API؛ هر Authorization) رمزگذاری‌شده ذخیره می‌شود و دیگر نمایش داده نمی‌شود، مانند گذرواژه‌ی SMTP.',
  'ch.bodyTemplate': 'الگوی بدنه', 'ch.successCodes': 'کدهای موفقیت', 'ch.successHelp': '۴۰۸، ۴۲۹ و ۵xx بعداً دوباره تلاش می‌شوند؛ کدهای دیگر دعوت را ناموفق می‌کنند.',
  'ch.placeholders': 'جای‌نگهدارها', 'ch.example': 'شروع از یک نمونه',
  'ch.ph.phone': 'تلفن مخاطب', 'ch.ph.email': 'ایمیل مخاطب', 'ch.ph.message': 'متن پیام (الگوی قاعده)', 'ch.ph.token': 'توکن دعوت',
  'ch.ph.link': 'پیوند نظرسنجی', 'ch.ph.contact': 'شناسهٔ بیرونی مخاطب', 'ch.ph.touchpoint': 'نقطهٔ تماس', 'ch.ph.agent': 'کارشناس',
  'ch.escaping': 'هر کدام برای جایی که قرار می‌گیرد ایمن‌سازی می‌شود: نشانی، بدنهٔ JSON یا فرم، سرایند.',
  'ch.idempotency': '{ph} را به‌عنوان کلید یکتایی (مثلاً سرایند Idempotency-Key) بفرستید تا درگاه ارسال تکراری را کنار بگذارد.',
  'ch.templatesNote': 'متن خود پیام‌ها، به فارسی و انگلیسی، در هر قاعده نوشته می‌شود؛ قاعدهٔ بدون متن، پیام پیش‌فرض را می‌فرستد.',
};

export const channelMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(channelMessages);
