// The interface's language, and the strings the whole app shares (navigation, common words,
// filters, periods, scores, sentiment, topics, languages, roles, invitation statuses), in
// English and Persian. Each feature keeps its own strings in its folder's messages.ts (loaded
// with its chunk) and translates them with extend(). A test checks every table has the same
// keys and {placeholders} in both languages, and that no key is in two tables. Respondents'
// text never passes through here.
import type { Lang } from './format';

const en = {
  app: 'Nazar',
  'nav.journeys': 'Journeys',
  'nav.dashboard': 'Dashboard', 'nav.surveys': 'Surveys', 'nav.responses': 'Responses', 'nav.settings': 'Settings',
  'nav.signout': 'Sign out', 'nav.org': 'Organisation', 'nav.language': 'فارسی', 'nav.menu': 'Sections',
  'common.loading': 'Loading…', 'common.save': 'Save', 'common.saved': 'Saved', 'common.cancel': 'Cancel',
  'common.delete': 'Delete', 'common.add': 'Add', 'common.copy': 'Copy', 'common.copied': 'Copied',
  'common.error': 'Something went wrong: {message}', 'common.all': 'All',
  'common.name': 'Name', 'common.created': 'Created', 'common.status': 'Status',
  'common.more': 'Load more', 'common.back': 'Back',
  'filter.survey': 'Survey', 'filter.period': 'Period', 'filter.touchpoint': 'Touchpoint', 'filter.channel': 'Channel',
  'filter.agent': 'Agent', 'filter.language': 'Language', 'filter.from': 'From', 'filter.to': 'To',
  'filter.search': 'Search comments', 'filter.clear': 'Clear filters',
  'period.7d': 'Last 7 days', 'period.30d': 'Last 30 days', 'period.90d': 'Last 90 days', 'period.365d': 'Last 12 months',
  'period.all': 'All time', 'period.custom': 'Custom',
  'dash.nps': 'NPS', 'dash.csat': 'CSAT', 'dash.ces': 'Customer effort (CES)',
  'dash.notEnough': 'Not enough responses ({n} of at least {min})', 'dash.noData': 'No responses yet',
  'filter.sentiment': 'Sentiment', 'filter.topic': 'Topic',
  'filter.persona': 'Persona',
  'sentiment.negative': 'Negative', 'sentiment.neutral': 'Neutral', 'sentiment.positive': 'Positive', 'sentiment.mixed': 'Mixed',
  'emotion.joy': 'Joy', 'emotion.anger': 'Anger', 'emotion.sadness': 'Sadness', 'emotion.fear': 'Fear', 'emotion.surprise': 'Surprise', 'emotion.trust': 'Trust',
  'topic.price': 'Price', 'topic.delivery': 'Delivery', 'topic.staff_attitude': 'Staff attitude', 'topic.wait_time': 'Wait time',
  'topic.product_quality': 'Product quality', 'topic.app_website': 'App and website', 'topic.payment': 'Payment',
  'topic.returns_refund': 'Returns and refunds', 'topic.support_resolution': 'Support resolution', 'topic.cleanliness': 'Cleanliness',
  'topic.packaging': 'Packaging', 'topic.range': 'Range and stock', 'topic.workload_shifts': 'Workload and shifts',
  'topic.training': 'Training', 'topic.management_communication': 'Management and communication', 'topic.tools_systems': 'Tools and systems',
  'topic.flexible_work': 'Flexible work',
  'nav.comments': 'Comments',
  'builder.type': 'Type',
  'builder.choices': 'Choices',
  'builder.remove': 'Remove',
  'quadrant.fix_first': 'Fix first', 'quadrant.keep': 'Keep', 'quadrant.monitor': 'Monitor', 'quadrant.low_priority': 'Low priority',
  'op.eq': 'is', 'op.neq': 'is not', 'op.lt': 'is less than', 'op.lte': 'is at most', 'op.gt': 'is more than',
  'op.gte': 'is at least', 'op.in': 'is one of', 'op.not_in': 'is none of', 'op.answered': 'is answered',
  'op.not_answered': 'is not answered', 'op.contains': 'contains',
  'resp.when': 'When', 'resp.score': 'Score',
  'resp.detail': 'Response #{id}', 'resp.meta': 'Details',
  'resp.contact': 'Contact',
  'lang.fa': 'Persian', 'lang.en': 'English',
  'channel.web': 'Web', 'channel.app': 'App', 'channel.sms': 'SMS', 'channel.email': 'Email', 'channel.ivr': 'Phone (IVR)',
  'channel.qr': 'QR code', 'channel.phone': 'Phone', 'channel.whatsapp': 'WhatsApp', 'channel.kiosk': 'Kiosk',
  'members.email': 'Email',
  'join.noOrgs': 'You are not a member of any organisation yet. Ask an administrator to invite you.',
  'nav.triggers': 'Triggers',
  'nav.webhooks': 'Webhooks',
  'inv.status.invited': 'Invited', 'inv.status.queued': 'Queued', 'inv.status.sent': 'Sent', 'inv.status.opened': 'Opened', 'inv.status.started': 'Started',
  'inv.status.completed': 'Completed', 'inv.status.failed': 'Failed', 'inv.status.suppressed': 'Suppressed',
  'nav.cases': 'Cases', 'nav.alerts': 'Alerts', 'nav.plans': 'Action plans', 'nav.program': 'CX program', 'nav.value': 'Customer value',
  'priority.low': 'Low', 'priority.normal': 'Normal', 'priority.high': 'High', 'priority.urgent': 'Urgent',
  'case.status.new': 'New', 'case.status.open': 'Open', 'case.status.waiting': 'Waiting on customer', 'case.status.resolved': 'Resolved', 'case.status.closed': 'Closed',
  'bell.title': 'Notifications', 'bell.unread': '{n} unread', 'bell.none': 'No notifications yet', 'bell.markAll': 'Mark all read',
  'notif.alert': 'Alert', 'notif.case.assigned': 'Case assigned to you', 'notif.case.mention': 'You were mentioned', 'notif.sla.warning': 'SLA due soon', 'notif.sla.breach': 'SLA breached', 'notif.case.reopened': 'A customer says their case is not resolved', 'notif.case.answer': 'A customer answered "did we resolve it?"',
};

type Key = keyof typeof en;

const fa: Record<Key, string> = {
  app: 'نظر',
  'nav.journeys': 'سفر مشتری',
  'nav.dashboard': 'داشبورد', 'nav.surveys': 'نظرسنجی‌ها', 'nav.responses': 'پاسخ‌ها', 'nav.settings': 'تنظیمات',
  'nav.signout': 'خروج', 'nav.org': 'سازمان', 'nav.language': 'English', 'nav.menu': 'بخش‌ها',
  'common.loading': 'در حال بارگذاری…', 'common.save': 'ذخیره', 'common.saved': 'ذخیره شد', 'common.cancel': 'انصراف',
  'common.delete': 'حذف', 'common.add': 'افزودن', 'common.copy': 'کپی', 'common.copied': 'کپی شد',
  'common.error': 'خطایی رخ داد: {message}', 'common.all': 'همه',
  'common.name': 'نام', 'common.created': 'ایجاد', 'common.status': 'وضعیت',
  'common.more': 'بیشتر', 'common.back': 'بازگشت',
  'filter.survey': 'نظرسنجی', 'filter.period': 'بازه', 'filter.touchpoint': 'نقطهٔ تماس', 'filter.channel': 'کانال',
  'filter.agent': 'کارشناس', 'filter.language': 'زبان', 'filter.from': 'از', 'filter.to': 'تا',
  'filter.search': 'جست‌وجو در نظرها', 'filter.clear': 'پاک کردن فیلترها',
  'period.7d': '۷ روز گذشته', 'period.30d': '۳۰ روز گذشته', 'period.90d': '۹۰ روز گذشته', 'period.365d': '۱۲ ماه گذشته',
  'period.all': 'همهٔ زمان‌ها', 'period.custom': 'دلخواه',
  'dash.nps': 'NPS', 'dash.csat': 'رضایت (CSAT)', 'dash.ces': 'سهولت (CES)',
  'dash.notEnough': 'پاسخ کافی نیست ({n} از دست‌کم {min})', 'dash.noData': 'هنوز پاسخی نرسیده',
  'filter.sentiment': 'احساس', 'filter.topic': 'موضوع',
  'filter.persona': 'پرسونا',
  'sentiment.negative': 'منفی', 'sentiment.neutral': 'خنثی', 'sentiment.positive': 'مثبت', 'sentiment.mixed': 'دوگانه',
  'emotion.joy': 'شادی', 'emotion.anger': 'خشم', 'emotion.sadness': 'اندوه', 'emotion.fear': 'نگرانی', 'emotion.surprise': 'شگفتی', 'emotion.trust': 'اعتماد',
  'topic.price': 'قیمت', 'topic.delivery': 'ارسال و تحویل', 'topic.staff_attitude': 'برخورد کارکنان', 'topic.wait_time': 'زمان انتظار',
  'topic.product_quality': 'کیفیت کالا', 'topic.app_website': 'اپلیکیشن و سایت', 'topic.payment': 'پرداخت',
  'topic.returns_refund': 'مرجوعی و بازپرداخت', 'topic.support_resolution': 'حل مشکل', 'topic.cleanliness': 'نظافت',
  'topic.packaging': 'بسته‌بندی', 'topic.range': 'تنوع و موجودی', 'topic.workload_shifts': 'حجم کار و شیفت‌ها',
  'topic.training': 'آموزش', 'topic.management_communication': 'مدیریت و ارتباطات', 'topic.tools_systems': 'ابزار و سامانه‌ها',
  'topic.flexible_work': 'کار منعطف و دورکاری',
  'nav.comments': 'نظرها',
  'builder.type': 'نوع',
  'builder.choices': 'گزینه‌ها',
  'builder.remove': 'حذف',
  'quadrant.fix_first': 'اول اصلاح شود', 'quadrant.keep': 'حفظ شود', 'quadrant.monitor': 'زیر نظر', 'quadrant.low_priority': 'اولویت کم',
  'op.eq': 'برابر است با', 'op.neq': 'برابر نیست با', 'op.lt': 'کمتر است از', 'op.lte': 'حداکثر', 'op.gt': 'بیشتر است از',
  'op.gte': 'دست‌کم', 'op.in': 'یکی از', 'op.not_in': 'هیچ‌کدام از', 'op.answered': 'پاسخ داده شده',
  'op.not_answered': 'پاسخ داده نشده', 'op.contains': 'شامل',
  'resp.when': 'زمان', 'resp.score': 'امتیاز',
  'resp.detail': 'پاسخ #{id}', 'resp.meta': 'جزئیات',
  'resp.contact': 'مخاطب',
  'lang.fa': 'فارسی', 'lang.en': 'انگلیسی',
  'channel.web': 'وب', 'channel.app': 'اپلیکیشن', 'channel.sms': 'پیامک', 'channel.email': 'ایمیل', 'channel.ivr': 'تلفن گویا',
  'channel.qr': 'کد QR', 'channel.phone': 'تلفن', 'channel.whatsapp': 'واتس‌اپ', 'channel.kiosk': 'کیوسک',
  'members.email': 'ایمیل',
  'join.noOrgs': 'هنوز عضو هیچ سازمانی نیستید. از مدیر سازمان بخواهید شما را دعوت کند.',
  'nav.triggers': 'دعوت خودکار',
  'nav.webhooks': 'وب‌هوک‌ها',
  'inv.status.invited': 'دعوت‌شده', 'inv.status.queued': 'در صف', 'inv.status.sent': 'ارسال‌شده', 'inv.status.opened': 'بازشده', 'inv.status.started': 'شروع‌شده',
  'inv.status.completed': 'تکمیل‌شده', 'inv.status.failed': 'ناموفق', 'inv.status.suppressed': 'ارسال‌نشده',
  'nav.cases': 'پرونده‌ها', 'nav.alerts': 'هشدارها', 'nav.plans': 'برنامه‌های اقدام', 'nav.program': 'برنامهٔ CX', 'nav.value': 'ارزش مشتری',
  'priority.low': 'کم', 'priority.normal': 'عادی', 'priority.high': 'زیاد', 'priority.urgent': 'فوری',
  'case.status.new': 'جدید', 'case.status.open': 'باز', 'case.status.waiting': 'در انتظار مشتری', 'case.status.resolved': 'حل‌شده', 'case.status.closed': 'بسته',
  'bell.title': 'اعلان‌ها', 'bell.unread': '{n} خوانده‌نشده', 'bell.none': 'هنوز اعلانی نیست', 'bell.markAll': 'همه خوانده شد',
  'notif.alert': 'هشدار', 'notif.case.assigned': 'پرونده به شما سپرده شد', 'notif.case.mention': 'از شما نام برده شد', 'notif.sla.warning': 'موعد SLA نزدیک است', 'notif.sla.breach': 'موعد SLA گذشت', 'notif.case.reopened': 'مشتری می‌گوید مشکلش حل نشده', 'notif.case.answer': 'مشتری به «مشکل حل شد؟» پاسخ داد',
};

export const messages: Record<Lang, Record<Key, string>> = { en, fa };
export type MessageKey = Key;

let current: Lang = 'fa';
export function setLang(lang: Lang) {
  current = lang;
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'fa' ? 'rtl' : 'ltr';
}
export function lang(): Lang { return current; }

// The message `prefix + value` where there is one (a label's or a topic's name), else `value`.
export function named(prefix: string, value: string): string {
  const key = (prefix + value) as Key;
  return key in messages[current] ? t(key) : value;
}

// A name given in both languages (a touchpoint's, a stage's): in the reader's language, else in
// Persian, else in English, else `fallback` (its key).
export function localized(name: Partial<Record<string, string>> | null | undefined, fallback: string): string {
  return name?.[current] || name?.fa || name?.en || fallback;
}

// `text` with its {name} placeholders filled (values are text, never markup).
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

// The message `key` with {name} placeholders filled (values are text, never markup).
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  return fill(messages[current][key] ?? key, vars);
}

export type Messages<K extends string> = Record<Lang, Record<K, string>>;

// The t() of a feature: its own messages `table` (kept in the feature's chunk, so the first
// load stays small) and the shared ones above.
export function extend<K extends string>(table: Messages<K>) {
  return (key: K | Key, vars: Record<string, string | number> = {}): string =>
    fill((table[current] as Record<string, string>)[key] ?? messages[current][key as Key] ?? key, vars);
}
