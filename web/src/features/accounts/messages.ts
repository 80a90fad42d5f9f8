// The strings of the sign-in page, the invitations to join an organisation and Settings (the organisation,
// members and roles, API keys, the audit log), in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'login.subtitle': 'Listen, understand and act on what customers and employees tell you.',
  'login.email': 'Email', 'login.password': 'Password', 'login.submit': 'Sign in',
  'common.role': 'Role',
  'settings.title': 'Settings', 'settings.org': 'Organisation', 'settings.members': 'Members', 'settings.keys': 'API keys',
  'settings.audit': 'Audit log', 'settings.timeZone': 'Time zone', 'settings.calendar': 'Calendar', 'settings.digits': 'Digits',
  'settings.defaultLanguage': 'Default language', 'cal.jalali': 'Jalali (Solar Hijri)', 'cal.gregorian': 'Gregorian',
  'digits.persian': 'Persian (۱۲۳)', 'digits.latin': 'Latin (123)',
  'members.add': 'Invite a member', 'members.password': 'First password (new accounts only)',
  'members.help': 'They join when they accept the invitation, the next time they sign in. With a name and a password, an account is made for an address that has none; someone who already has an account signs in with their own password.',
  'members.invited': 'The invitation to {email} waits for their answer.', 'members.pending': 'Pending invitations',
  'members.revoke': 'Revoke', 'members.invitedAt': 'Invited', 'members.leave': 'Leave this organisation',
  'members.leaveConfirm': 'Leave {org}? You would need a new invitation to come back.',
  'join.title': 'Invitations to join', 'join.line': '{org} invites you as {role}', 'join.by': 'from {name}',
  'join.accept': 'Accept', 'join.decline': 'Decline',
  'keys.new': 'New API key', 'keys.shownOnce': 'Copy this key now: it is shown only once.', 'keys.revoke': 'Revoke',
  'keys.revoked': 'revoked', 'audit.action': 'Action', 'audit.actor': 'By', 'audit.target': 'Target', 'audit.at': 'When',
  'role.owner': 'Owner', 'role.admin': 'Admin', 'role.analyst': 'Analyst', 'role.agent': 'Agent', 'role.viewer': 'Viewer',
  'digest.tab': 'My digest', 'digest.title': 'My digest e-mail',
  'digest.help': 'A summary by e-mail: the CX program\'s KPIs, the alerts you were told of, and your open cases near or past their deadline. An empty one is not sent.',
  'digest.frequency': 'How often', 'digest.off': 'Off', 'digest.daily': 'Every day', 'digest.weekly': 'Every week',
  'digest.hour': 'At', 'digest.weekday': 'On', 'digest.next': 'The next one leaves {when}.', 'digest.none': 'No digest is sent to you.',
  'digest.day.sat': 'Saturday', 'digest.day.sun': 'Sunday', 'digest.day.mon': 'Monday', 'digest.day.tue': 'Tuesday',
  'digest.day.wed': 'Wednesday', 'digest.day.thu': 'Thursday', 'digest.day.fri': 'Friday',
  'digest.preview': 'What it would say now', 'digest.empty': 'Nothing to report now: no KPI, alert or open case.',
  'digest.kpis': '{n} KPI targets with their status', 'digest.alerts': '{n} new alerts', 'digest.cases': '{n} open cases of yours, {near} near or past their deadline',
  'digest.unassigned': '{n} open cases without an owner', 'digest.sendNow': 'Send me one now', 'digest.sent': 'Sent to your e-mail.',
  'digest.alreadySent': 'One was sent a moment ago.',
};

const fa: Record<keyof typeof en, string> = {
  'login.subtitle': 'صدای مشتریان و کارکنان را بشنوید، بفهمید و بر اساس آن عمل کنید.',
  'login.email': 'ایمیل', 'login.password': 'گذرواژه', 'login.submit': 'ورود',
  'common.role': 'نقش',
  'settings.title': 'تنظیمات', 'settings.org': 'سازمان', 'settings.members': 'اعضا', 'settings.keys': 'کلیدهای API',
  'settings.audit': 'گزارش رویدادها', 'settings.timeZone': 'منطقهٔ زمانی', 'settings.calendar': 'تقویم', 'settings.digits': 'ارقام',
  'settings.defaultLanguage': 'زبان پیش‌فرض', 'cal.jalali': 'هجری شمسی', 'cal.gregorian': 'میلادی',
  'digits.persian': 'فارسی (۱۲۳)', 'digits.latin': 'لاتین (123)',
  'members.add': 'دعوت عضو', 'members.password': 'گذرواژهٔ اولیه (فقط برای حساب تازه)',
  'members.help': 'این فرد وقتی دعوت را بپذیرد عضو می‌شود، در ورود بعدی‌اش. با نام و گذرواژه، برای نشانی‌ای که حساب ندارد حساب ساخته می‌شود؛ کسی که از پیش حساب دارد با گذرواژهٔ خودش وارد می‌شود.',
  'members.invited': 'دعوت {email} در انتظار پاسخ اوست.', 'members.pending': 'دعوت‌های در انتظار',
  'members.revoke': 'لغو دعوت', 'members.invitedAt': 'تاریخ دعوت', 'members.leave': 'خروج از این سازمان',
  'members.leaveConfirm': 'از {org} خارج می‌شوید؟ برای بازگشت به دعوتی تازه نیاز خواهید داشت.',
  'join.title': 'دعوت به سازمان', 'join.line': '{org} شما را با نقش {role} دعوت کرده است', 'join.by': 'از طرف {name}',
  'join.accept': 'پذیرفتن', 'join.decline': 'رد کردن',
  'keys.new': 'کلید API تازه', 'keys.shownOnce': 'این کلید را همین حالا کپی کنید: فقط یک بار نمایش داده می‌شود.', 'keys.revoke': 'ابطال',
  'keys.revoked': 'باطل‌شده', 'audit.action': 'رویداد', 'audit.actor': 'توسط', 'audit.target': 'هدف', 'audit.at': 'زمان',
  'role.owner': 'مالک', 'role.admin': 'مدیر', 'role.analyst': 'تحلیلگر', 'role.agent': 'کارشناس', 'role.viewer': 'بیننده',
  'digest.tab': 'خلاصهٔ من', 'digest.title': 'ایمیل خلاصهٔ من',
  'digest.help': 'خلاصه‌ای با ایمیل: شاخص‌های برنامهٔ تجربهٔ مشتری، هشدارهایی که به شما رسیده و پرونده‌های باز شما که به مهلت نزدیک‌اند یا از آن گذشته‌اند. خلاصهٔ خالی فرستاده نمی‌شود.',
  'digest.frequency': 'هر چند وقت', 'digest.off': 'خاموش', 'digest.daily': 'هر روز', 'digest.weekly': 'هر هفته',
  'digest.hour': 'ساعت', 'digest.weekday': 'روز', 'digest.next': 'خلاصهٔ بعدی {when} فرستاده می‌شود.', 'digest.none': 'خلاصه‌ای برای شما فرستاده نمی‌شود.',
  'digest.day.sat': 'شنبه', 'digest.day.sun': 'یکشنبه', 'digest.day.mon': 'دوشنبه', 'digest.day.tue': 'سه‌شنبه',
  'digest.day.wed': 'چهارشنبه', 'digest.day.thu': 'پنجشنبه', 'digest.day.fri': 'جمعه',
  'digest.preview': 'اگر اکنون فرستاده شود', 'digest.empty': 'اکنون چیزی برای گزارش نیست: نه شاخصی، نه هشداری، نه پروندهٔ بازی.',
  'digest.kpis': '{n} شاخص هدف با وضعیتشان', 'digest.alerts': '{n} هشدار تازه', 'digest.cases': '{n} پروندهٔ باز شما، {near} نزدیک یا گذشته از مهلت',
  'digest.unassigned': '{n} پروندهٔ باز بی‌مسئول', 'digest.sendNow': 'همین حالا یکی بفرست', 'digest.sent': 'به ایمیل شما فرستاده شد.',
  'digest.alreadySent': 'لحظه‌ای پیش یکی فرستاده شد.',
};

export const accountMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(accountMessages);
