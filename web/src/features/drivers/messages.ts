// The strings of a survey's key drivers, in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'drivers.notPublished': 'Publish the survey to see what drives its scores.',
  'drivers.outcome': 'Outcome', 'drivers.drivers': 'Drivers', 'drivers.atMost': '(at most {max})',
  'drivers.missing': 'Unanswered questions', 'drivers.listwise': 'Only responses that answered all',
  'drivers.pairwise': 'Every pair of answers given',
  'drivers.fixFirst': 'Fix first: {list}.', 'drivers.fixFirstWhy': 'They weigh most on {outcome} and score below the rest.',
  'drivers.nothingToFix': 'No important driver lags behind. Protect {list}.', 'drivers.and': ', ', 'drivers.quoted': '“{text}”',
  'drivers.next': 'Next to improve: {name}, below the others and {share} of the impact.',
  'drivers.explains': 'Together the drivers explain {r2} of the differences in “{outcome}”.',
  'drivers.matrix': 'Priority matrix', 'drivers.summary': 'The analysis', 'drivers.ranked': 'Drivers by priority',
  'drivers.importance': 'Importance', 'drivers.performance': 'Performance (of the scale)',
  'drivers.n': 'Responses used', 'drivers.bootstrap': 'Bootstrap resamples',
  'drivers.help': 'Importance is each driver’s share of what the drivers explain together (relative importance, LMG), with its 95% interval. Dashed lines split the drivers at the average importance and performance.',
  'drivers.col.driver': 'Driver', 'drivers.col.importance': 'Importance', 'drivers.col.share': 'Share',
  'drivers.col.interval': '95% interval', 'drivers.col.performance': 'Performance', 'drivers.col.quadrant': 'Priority',
  'drivers.col.rank': 'Importance rank, and its number on the matrix',
  'drivers.lines': 'Dashed lines on the matrix: average importance {importance}, average performance {performance}. At or above a line counts as above it.',
  'drivers.excluded': 'Left out: {name}. It measures the outcome itself ({why}), so it would explain the outcome by restating it. Check it above to analyse it anyway.',
  'drivers.why.outcome_kind': 'another overall score', 'drivers.why.outcome_wording': 'it asks for an overall judgement',
  'drivers.why.correlation': 'it moves with the outcome, r = {r}',
  'drivers.leftOut': '(left out: measures the outcome)',
};

const fa: Record<keyof typeof en, string> = {
  'drivers.notPublished': 'نظرسنجی را منتشر کنید تا ببینید چه چیزی امتیازهایش را می‌سازد.',
  'drivers.outcome': 'شاخص نتیجه', 'drivers.drivers': 'عوامل', 'drivers.atMost': '(حداکثر {max})',
  'drivers.missing': 'پرسش‌های بی‌پاسخ', 'drivers.listwise': 'فقط پاسخ‌هایی که به همه جواب داده‌اند',
  'drivers.pairwise': 'هر جفت پاسخ موجود',
  'drivers.fixFirst': 'اول این‌ها را بهتر کنید: {list}.', 'drivers.fixFirstWhy': 'بیشترین اثر را بر «{outcome}» دارند و امتیازشان از بقیه کمتر است.',
  'drivers.nothingToFix': 'هیچ عامل مهمی عقب نمانده است. {list} را حفظ کنید.', 'drivers.and': '، ', 'drivers.quoted': '«{text}»',
  'drivers.next': 'گام بعدی برای بهبود: {name}، که از بقیه عقب‌تر است و {share} از اثر را دارد.',
  'drivers.explains': 'این عوامل روی هم {r2} از تفاوت‌های «{outcome}» را توضیح می‌دهند.',
  'drivers.matrix': 'ماتریس اولویت', 'drivers.summary': 'دربارهٔ تحلیل', 'drivers.ranked': 'عوامل به ترتیب اولویت',
  'drivers.importance': 'اهمیت', 'drivers.performance': 'عملکرد (از مقیاس)',
  'drivers.n': 'پاسخ‌های به‌کاررفته', 'drivers.bootstrap': 'نمونه‌های بوت‌استرپ',
  'drivers.help': 'اهمیت، سهم هر عامل از آن چیزی است که عوامل روی هم توضیح می‌دهند (اهمیت نسبی، LMG)، با بازهٔ اطمینان ۹۵٪. خط‌چین‌ها عوامل را در میانگین اهمیت و عملکرد جدا می‌کنند.',
  'drivers.col.driver': 'عامل', 'drivers.col.importance': 'اهمیت', 'drivers.col.share': 'سهم',
  'drivers.col.interval': 'بازهٔ ۹۵٪', 'drivers.col.performance': 'عملکرد', 'drivers.col.quadrant': 'اولویت',
  'drivers.col.rank': 'رتبهٔ اهمیت، و شمارهٔ آن روی ماتریس',
  'drivers.lines': 'خط‌چین‌های ماتریس: میانگین اهمیت {importance} و میانگین عملکرد {performance}. روی خط یا بالاتر از آن، بالای خط حساب می‌شود.',
  'drivers.excluded': 'کنار گذاشته شد: {name}. خودِ نتیجه را می‌سنجد ({why})، پس نتیجه را با تکرار خودش توضیح می‌دهد. برای تحلیلش، آن را در بالا علامت بزنید.',
  'drivers.why.outcome_kind': 'یک امتیاز کلی دیگر', 'drivers.why.outcome_wording': 'یک داوری کلی می‌پرسد',
  'drivers.why.correlation': 'همراه نتیجه تغییر می‌کند، r = {r}',
  'drivers.leftOut': '(کنار گذاشته شد: نتیجه را می‌سنجد)',
};

export const driverMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(driverMessages);
