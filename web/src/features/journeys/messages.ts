// The strings of the Journeys page (flows, contacts and their timelines, the catalogue, staffing), in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'jr.personas': 'Personas', 'jr.impact': 'What moves NPS', 'jr.inNoPersona': 'In no persona', 'jr.flows': 'Flows', 'jr.nCol': 'Answers', 'jr.contacts': 'Contacts', 'jr.catalogue': 'Touchpoints', 'jr.staffing': 'Staffing',
  'jr.metric': 'Score', 'jr.flowsTitle': 'What customers do next ({n} journeys, {e} interactions)', 'jr.noFlows': 'No interactions in this period.',
  'jr.loops': '{n} flows go back or repeat', 'jr.byTouchpoint': 'Score by touchpoint', 'jr.byStage': 'Score by journey stage', 'jr.noTouchpoints': 'no touchpoints',
  'jr.searchContacts': 'Search by id, email or phone', 'jr.contactCount': '{n} shown of {total} contacts', 'jr.externalId': 'External id', 'jr.phone': 'Phone',
  'jr.invitation': 'Invitation by {channel}', 'jr.attributes': 'Attributes', 'jr.timeline': 'Timeline', 'jr.export': 'Export (JSON)', 'jr.erase': 'Erase', 'jr.eraseConfirm': 'Erase this contact? Their answers stay only as anonymous numbers. This cannot be undone.',
  'jr.stages': 'Journey stages', 'jr.touchpoints': 'Touchpoints', 'jr.key': 'Key', 'jr.position': 'Order', 'jr.stage': 'Stage', 'jr.owner': 'Owner',
  'jr.type.text': 'Text', 'jr.type.number': 'Number', 'jr.type.date': 'Date', 'jr.type.choice': 'Choice',
  'jr.calls': 'Calls in the interval', 'jr.interval': 'Interval (minutes)', 'jr.aht': 'Average handle time (s)', 'jr.targetSl': 'Target service level (0–1)',
  'jr.targetAnswer': 'Answered within (s)', 'jr.agents': 'Agents', 'jr.fewest': 'fewest meeting the target', 'jr.compute': 'Compute',
  'jr.result': 'With {n} agents', 'jr.fewestAgents': 'Fewest agents meeting the target', 'jr.traffic': 'Traffic (Erlangs)', 'jr.serviceLevel': 'Service level',
  'jr.pWait': 'Calls that wait', 'jr.asa': 'Average speed of answer (s)', 'jr.occupancy': 'Agent occupancy', 'jr.unstable': 'Too few agents: the queue grows without end.',
  'jr.curve': 'Service level by number of agents',
  'jr.calls.byQueue': 'Calls by queue', 'jr.calls.byWait': 'Abandoned and satisfied callers by wait', 'jr.queue': 'Queue', 'jr.callsN': 'Calls',
  'jr.abandoned': 'Abandoned', 'jr.satisfied': 'Satisfied (CSAT 4–5)', 'jr.wait': 'Wait: median / 90th pct (s)', 'jr.seconds': 's',
  'jr.waitNote': 'Abandonment with its 95% interval; satisfaction counts only callers whose rating is tied to the call (invitations after calls).',
  'jr.callCentre': 'Call centre', 'cc.country': 'Callers\' numbers', 'cc.defaultCountry': 'Country of national numbers',
  'cc.countryHelp': 'A caller\'s number and a contact\'s phone are compared in international form: with Iran, 0912 111 0001, 912 111 0001 and +98 912 111 0001 are one person. Saving compares every contact\'s phone again.',
  'cc.noCountry': 'None: international numbers only', 'cc.agents': 'Agents\' names',
  'cc.agentsHelp': 'The member channel the phone system writes (as in queue_log) is mapped to the agent id answers carry and the name {{agent}} says in messages.',
  'cc.noAgents': 'No agent is named yet: messages leave {{agent}} out rather than show a channel like SIP/8007.',
  'cc.member': 'Member channel', 'cc.agentId': 'Agent id', 'cc.nameFa': 'Name in Persian', 'cc.nameEn': 'Name in English', 'cc.saveAgent': 'Save agent',
  'jr.import': 'Import',
};

const fa: Record<keyof typeof en, string> = {
  'jr.personas': 'پرسوناها', 'jr.impact': 'اثر بر NPS', 'jr.inNoPersona': 'در هیچ پرسونایی نیست', 'jr.flows': 'جریان‌ها', 'jr.nCol': 'پاسخ‌ها', 'jr.contacts': 'مخاطبان', 'jr.catalogue': 'نقاط تماس', 'jr.staffing': 'نیروی مرکز تماس',
  'jr.metric': 'شاخص', 'jr.flowsTitle': 'مشتریان پس از هر نقطه چه می‌کنند ({n} سفر، {e} تعامل)', 'jr.noFlows': 'در این بازه تعاملی نیست.',
  'jr.loops': '{n} جریان برمی‌گردد یا تکرار می‌شود', 'jr.byTouchpoint': 'امتیاز هر نقطهٔ تماس', 'jr.byStage': 'امتیاز هر مرحلهٔ سفر', 'jr.noTouchpoints': 'بدون نقطهٔ تماس',
  'jr.searchContacts': 'جست‌وجو با شناسه، ایمیل یا تلفن', 'jr.contactCount': '{n} از {total} مخاطب', 'jr.externalId': 'شناسهٔ بیرونی', 'jr.phone': 'تلفن',
  'jr.invitation': 'دعوت با {channel}', 'jr.attributes': 'ویژگی‌ها', 'jr.timeline': 'گاه‌شمار', 'jr.export': 'خروجی (JSON)', 'jr.erase': 'پاک کردن', 'jr.eraseConfirm': 'این مخاطب پاک شود؟ پاسخ‌هایش فقط به‌صورت اعداد بی‌نام می‌مانند. بازگشت‌پذیر نیست.',
  'jr.stages': 'مراحل سفر', 'jr.touchpoints': 'نقاط تماس', 'jr.key': 'کلید', 'jr.position': 'ترتیب', 'jr.stage': 'مرحله', 'jr.owner': 'مسئول',
  'jr.type.text': 'متن', 'jr.type.number': 'عدد', 'jr.type.date': 'تاریخ', 'jr.type.choice': 'گزینه',
  'jr.calls': 'تماس‌ها در بازه', 'jr.interval': 'بازه (دقیقه)', 'jr.aht': 'میانگین زمان رسیدگی (ثانیه)', 'jr.targetSl': 'سطح خدمت هدف (۰ تا ۱)',
  'jr.targetAnswer': 'پاسخ در کمتر از (ثانیه)', 'jr.agents': 'کارشناس‌ها', 'jr.fewest': 'کمترین تعداد برای رسیدن به هدف', 'jr.compute': 'محاسبه',
  'jr.result': 'با {n} کارشناس', 'jr.fewestAgents': 'کمترین کارشناس برای هدف', 'jr.traffic': 'ترافیک (ارلنگ)', 'jr.serviceLevel': 'سطح خدمت',
  'jr.pWait': 'تماس‌هایی که منتظر می‌مانند', 'jr.asa': 'میانگین زمان پاسخ (ثانیه)', 'jr.occupancy': 'اشغال کارشناس‌ها', 'jr.unstable': 'کارشناس کم است: صف بی‌پایان بزرگ می‌شود.',
  'jr.curve': 'سطح خدمت برای هر تعداد کارشناس',
  'jr.calls.byQueue': 'تماس‌ها در هر صف', 'jr.calls.byWait': 'رهاشده و راضی بر اساس زمان انتظار', 'jr.queue': 'صف', 'jr.callsN': 'تماس',
  'jr.abandoned': 'رهاشده', 'jr.satisfied': 'راضی (رضایت ۴ و ۵)', 'jr.wait': 'انتظار: میانه / صدک ۹۰ (ثانیه)', 'jr.seconds': 'ثانیه',
  'jr.waitNote': 'نرخ رهاشدن با بازهٔ اطمینان ۹۵٪؛ رضایت فقط برای تماس‌گیرندگانی است که امتیازشان به همان تماس گره خورده (دعوت پس از تماس).',
  'jr.callCentre': 'مرکز تماس', 'cc.country': 'شمارهٔ تماس‌گیرندگان', 'cc.defaultCountry': 'کشور شماره‌های داخلی',
  'cc.countryHelp': 'شمارهٔ تماس‌گیرنده و تلفن مخاطب در قالب بین‌المللی مقایسه می‌شوند: با ایران، ۰۹۱۲ ۱۱۱ ۰۰۰۱ و ۹۱۲ ۱۱۱ ۰۰۰۱ و ‎+۹۸ ۹۱۲ ۱۱۱ ۰۰۰۱ یک نفرند. با ذخیره، تلفن همهٔ مخاطبان دوباره مقایسه می‌شود.',
  'cc.noCountry': 'هیچ: فقط شماره‌های بین‌المللی', 'cc.agents': 'نام کارشناسان',
  'cc.agentsHelp': 'کانال عضوی که سامانهٔ تلفن می‌نویسد (مانند queue_log) به شناسهٔ کارشناس در پاسخ‌ها و نامی که {{agent}} در پیام‌ها می‌گوید نگاشته می‌شود.',
  'cc.noAgents': 'هنوز نام هیچ کارشناسی ثبت نشده: پیام‌ها به جای کانالی مثل SIP/8007، {{agent}} را حذف می‌کنند.',
  'cc.member': 'کانال عضو', 'cc.agentId': 'شناسهٔ کارشناس', 'cc.nameFa': 'نام فارسی', 'cc.nameEn': 'نام انگلیسی', 'cc.saveAgent': 'ذخیرهٔ کارشناس',
  'jr.import': 'درون‌ریزی',
};

export const journeyMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(journeyMessages);
