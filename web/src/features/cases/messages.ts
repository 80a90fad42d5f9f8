// The strings of the cases inbox and the case page, in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'cs.views': 'Which cases', 'cs.view.mine': 'Mine', 'cs.view.unassigned': 'Unassigned', 'cs.view.all': 'All',
  'cs.filter.active': 'Being worked',
  'cs.empty': 'No cases here.', 'cs.emptyMine': 'No cases of yours here. Cases given to you appear here, and the bell tells you.',
  'cs.col.case': 'Case', 'cs.col.priority': 'Priority', 'cs.col.owner': 'Owner', 'cs.col.age': 'Age',
  'cs.firstResponse': 'First response', 'cs.resolution': 'Resolution', 'cs.unassigned': 'Unassigned',
  'cs.age.minutes': '{n} min', 'cs.age.hours': '{n} h', 'cs.age.days': '{n} days',
  'cs.workingTimeNote': 'SLA times count working hours only (the organisation’s week and holidays), paused while waiting on the customer.',
  'sla.hm': '{h} h {m} min', 'sla.h': '{h} h', 'sla.m': '{m} min',
  'sla.running': '{time} left', 'sla.warning': 'Due soon: {time} left', 'sla.breached': 'Breached: {time} over', 'sla.breachedNow': 'Breached',
  'sla.paused': 'Paused: {time} left', 'sla.pausedBreached': 'Paused, breached: {time} over',
  'sla.met': 'Met', 'sla.metLate': 'Met late', 'sla.none': '—', 'sla.due': 'due {at}',
  'cs.to.open': 'Start working', 'cs.to.resume': 'Customer replied', 'cs.to.reopen': 'Reopen', 'cs.to.new': 'Back to new',
  'cs.to.waiting': 'Wait on customer', 'cs.to.resolved': 'Resolve', 'cs.to.closed': 'Close',
  'cs.nobody': 'nobody', 'cs.system': 'Nazar',
  'cs.changedMeanwhile': 'Someone else changed this case while you had it open. It now shows their change; check it and try again.',
  'cs.work': 'Work on the case', 'cs.rootCause': 'Root cause', 'cs.noRootCause': 'Not chosen yet',
  'cs.resolutionText': 'Resolution', 'cs.resolutionHelp': 'What was done for the customer (required to resolve)',
  'cs.noSteps': 'No further step.',
  'cs.history': 'History', 'cs.sla': 'SLA', 'cs.theResponse': 'The response', 'cs.openResponse': 'Open the response',
  'cs.details': 'Details', 'cs.opened': 'Opened', 'cs.firstResponseAt': 'First response', 'cs.resolvedAt': 'Resolved', 'cs.closedAt': 'Closed',
  'cs.ev.opened': 'Opened, priority {priority}', 'cs.ev.assigned': 'Assigned to {to}', 'cs.ev.unassigned': 'Unassigned',
  'cs.ev.status': '{from} → {to}', 'cs.ev.priority': 'Priority {from} → {to}', 'cs.ev.rootCause': 'Root cause: {cause}',
  'cs.ev.noRootCause': 'Root cause cleared', 'cs.ev.resolution': 'Resolution', 'cs.ev.title': 'Title: {to}', 'cs.ev.note': 'Note',
  'cs.notes': 'Add a note', 'cs.notePlaceholder': 'A note for the team; type @ to mention someone',
  'cs.addNote': 'Add note', 'cs.mentionHelp': 'Those you mention are told in the app and by e-mail.',
};

const fa: Record<keyof typeof en, string> = {
  'cs.views': 'کدام پرونده‌ها', 'cs.view.mine': 'مال من', 'cs.view.unassigned': 'بی‌مسئول', 'cs.view.all': 'همه',
  'cs.filter.active': 'در جریان',
  'cs.empty': 'پرونده‌ای اینجا نیست.', 'cs.emptyMine': 'پرونده‌ای از شما اینجا نیست. پرونده‌هایی که به شما سپرده شود اینجا می‌آید و زنگ اعلان خبر می‌دهد.',
  'cs.col.case': 'پرونده', 'cs.col.priority': 'اولویت', 'cs.col.owner': 'مسئول', 'cs.col.age': 'عمر',
  'cs.firstResponse': 'اولین پاسخ', 'cs.resolution': 'حل', 'cs.unassigned': 'بی‌مسئول',
  'cs.age.minutes': '{n} دقیقه', 'cs.age.hours': '{n} ساعت', 'cs.age.days': '{n} روز',
  'cs.workingTimeNote': 'زمان‌های SLA فقط ساعت‌های کاری را می‌شمارند (هفتهٔ کاری و تعطیلات سازمان) و در انتظار مشتری متوقف می‌شوند.',
  'sla.hm': '{h} ساعت و {m} دقیقه', 'sla.h': '{h} ساعت', 'sla.m': '{m} دقیقه',
  'sla.running': '{time} مانده', 'sla.warning': 'نزدیک موعد: {time} مانده', 'sla.breached': 'گذشته از موعد: {time}', 'sla.breachedNow': 'گذشته از موعد',
  'sla.paused': 'متوقف: {time} مانده', 'sla.pausedBreached': 'متوقف، گذشته از موعد: {time}',
  'sla.met': 'به‌موقع', 'sla.metLate': 'با تأخیر', 'sla.none': '—', 'sla.due': 'موعد {at}',
  'cs.to.open': 'شروع کار', 'cs.to.resume': 'مشتری پاسخ داد', 'cs.to.reopen': 'بازگشایی', 'cs.to.new': 'بازگشت به جدید',
  'cs.to.waiting': 'در انتظار مشتری', 'cs.to.resolved': 'حل شد', 'cs.to.closed': 'بستن',
  'cs.nobody': 'هیچ‌کس', 'cs.system': 'نظر',
  'cs.changedMeanwhile': 'وقتی این پرونده باز بود کس دیگری آن را تغییر داد. اکنون تغییر او را می‌بینید؛ بررسی کنید و دوباره بکوشید.',
  'cs.work': 'کار روی پرونده', 'cs.rootCause': 'علت ریشه‌ای', 'cs.noRootCause': 'هنوز انتخاب نشده',
  'cs.resolutionText': 'راه حل', 'cs.resolutionHelp': 'برای مشتری چه شد (برای حل پرونده لازم است)',
  'cs.noSteps': 'گام دیگری نیست.',
  'cs.history': 'تاریخچه', 'cs.sla': 'SLA', 'cs.theResponse': 'پاسخ مشتری', 'cs.openResponse': 'دیدن پاسخ',
  'cs.details': 'جزئیات', 'cs.opened': 'باز شده', 'cs.firstResponseAt': 'اولین پاسخ', 'cs.resolvedAt': 'حل شده', 'cs.closedAt': 'بسته شده',
  'cs.ev.opened': 'باز شد، اولویت {priority}', 'cs.ev.assigned': 'به {to} سپرده شد', 'cs.ev.unassigned': 'بی‌مسئول شد',
  'cs.ev.status': '{from} ← {to}', 'cs.ev.priority': 'اولویت {from} ← {to}', 'cs.ev.rootCause': 'علت ریشه‌ای: {cause}',
  'cs.ev.noRootCause': 'علت ریشه‌ای برداشته شد', 'cs.ev.resolution': 'راه حل', 'cs.ev.title': 'عنوان: {to}', 'cs.ev.note': 'یادداشت',
  'cs.notes': 'افزودن یادداشت', 'cs.notePlaceholder': 'یادداشتی برای تیم؛ برای نام بردن از کسی @ بنویسید',
  'cs.addNote': 'ثبت یادداشت', 'cs.mentionHelp': 'کسانی که نامشان را می‌برید در برنامه و با ایمیل باخبر می‌شوند.',
};

export const caseMessages = { en, fa };
export const t = extend(caseMessages);
