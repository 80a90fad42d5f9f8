// The strings of the survey list, the builder and sharing, in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'surveys.title': 'Surveys', 'surveys.new': 'New survey', 'surveys.fromTemplate': 'Start from a template',
  'surveys.blank': 'Blank survey', 'surveys.create': 'Create', 'surveys.version': 'version {v}',
  'status.draft': 'Draft', 'status.published': 'Published', 'status.closed': 'Closed',
  'builder.questions': 'Questions', 'builder.addQuestion': 'Add a question',
  'builder.required': 'Required', 'builder.text': 'Question', 'builder.help': 'Help text',
  'builder.addChoice': 'Add a choice', 'builder.rows': 'Rows', 'builder.addRow': 'Add a row',
  'builder.min': 'From', 'builder.max': 'To', 'builder.lowLabel': 'Low end label', 'builder.highLabel': 'High end label',
  'builder.moveUp': 'Move up', 'builder.moveDown': 'Move down',
  'builder.logic': 'Show only if', 'builder.addCondition': 'Add a condition', 'builder.match': 'Match',
  'builder.all': 'all', 'builder.any': 'any', 'builder.skip': 'Then end the survey', 'builder.skipWhen': 'End with screen {id} when',
  'builder.endScreens': 'End screens', 'builder.addEndScreen': 'Add an end screen',
  'builder.languages': 'Languages', 'builder.title': 'Title', 'builder.defaultLanguage': 'Default language', 'builder.intro': 'Introduction',
  'builder.thankYou': 'Thank-you message', 'builder.hidden': 'Hidden fields (from the link)',
  'builder.save': 'Save draft', 'builder.publish': 'Publish', 'builder.publishConfirm': 'Publish this survey? Respondents get this version at once; answers to earlier versions are kept.', 'builder.close': 'Close survey',
  'builder.published': 'Published as version {v}', 'builder.preview': 'Preview', 'builder.mobile': 'Mobile', 'builder.desktop': 'Desktop',
  'builder.versions': 'Versions', 'builder.unsaved': 'Unsaved changes', 'builder.tab.build': 'Build',
  'builder.tab.distribute': 'Share', 'builder.tab.results': 'Results', 'builder.id': 'ID',
  'builder.tab.drivers': 'Key drivers',
  'qtype.nps': 'NPS (0–10)', 'qtype.csat': 'CSAT (1–5)', 'qtype.ces': 'Effort (CES 1–7)', 'qtype.rating': 'Rating',
  'qtype.single_choice': 'Single choice', 'qtype.multiple_choice': 'Multiple choice', 'qtype.text': 'Text',
  'qtype.number': 'Number', 'qtype.matrix': 'Matrix',
  'share.newLink': 'New link', 'share.channel': 'Channel',
  'share.url': 'Address', 'share.hidden': 'Hidden fields in the address', 'share.qr': 'QR code',
  'share.embedScript': 'Pop-up or inline script', 'share.embedIframe': 'iframe', 'share.notPublished': 'Publish the survey to share it.',
};

const fa: Record<keyof typeof en, string> = {
  'surveys.title': 'نظرسنجی‌ها', 'surveys.new': 'نظرسنجی تازه', 'surveys.fromTemplate': 'شروع از یک الگو',
  'surveys.blank': 'نظرسنجی خالی', 'surveys.create': 'ساختن', 'surveys.version': 'نسخهٔ {v}',
  'status.draft': 'پیش‌نویس', 'status.published': 'منتشرشده', 'status.closed': 'بسته',
  'builder.questions': 'پرسش‌ها', 'builder.addQuestion': 'افزودن پرسش',
  'builder.required': 'اجباری', 'builder.text': 'متن پرسش', 'builder.help': 'راهنما',
  'builder.addChoice': 'افزودن گزینه', 'builder.rows': 'ردیف‌ها', 'builder.addRow': 'افزودن ردیف',
  'builder.min': 'از', 'builder.max': 'تا', 'builder.lowLabel': 'برچسب کمینه', 'builder.highLabel': 'برچسب بیشینه',
  'builder.moveUp': 'بالا', 'builder.moveDown': 'پایین',
  'builder.logic': 'فقط نمایش بده اگر', 'builder.addCondition': 'افزودن شرط', 'builder.match': 'تطبیق',
  'builder.all': 'همه', 'builder.any': 'هرکدام', 'builder.skip': 'سپس نظرسنجی را تمام کن', 'builder.skipWhen': 'پایان با صفحهٔ {id} وقتی',
  'builder.endScreens': 'صفحه‌های پایانی', 'builder.addEndScreen': 'افزودن صفحهٔ پایانی',
  'builder.languages': 'زبان‌ها', 'builder.title': 'عنوان', 'builder.defaultLanguage': 'زبان پیش‌فرض', 'builder.intro': 'مقدمه',
  'builder.thankYou': 'پیام سپاس', 'builder.hidden': 'فیلدهای پنهان (از پیوند)',
  'builder.save': 'ذخیرهٔ پیش‌نویس', 'builder.publish': 'انتشار', 'builder.publishConfirm': 'این نظرسنجی منتشر شود؟ پاسخ‌دهندگان بی‌درنگ همین نسخه را می‌بینند؛ پاسخ‌های نسخه‌های قبلی می‌مانند.', 'builder.close': 'بستن نظرسنجی',
  'builder.published': 'به‌صورت نسخهٔ {v} منتشر شد', 'builder.preview': 'پیش‌نمایش', 'builder.mobile': 'موبایل', 'builder.desktop': 'دسکتاپ',
  'builder.versions': 'نسخه‌ها', 'builder.unsaved': 'تغییرات ذخیره‌نشده', 'builder.tab.build': 'ساخت',
  'builder.tab.distribute': 'اشتراک', 'builder.tab.results': 'نتایج', 'builder.id': 'شناسه',
  'builder.tab.drivers': 'عوامل کلیدی',
  'qtype.nps': 'NPS (۰ تا ۱۰)', 'qtype.csat': 'رضایت (۱ تا ۵)', 'qtype.ces': 'سهولت (۱ تا ۷)', 'qtype.rating': 'امتیاز',
  'qtype.single_choice': 'تک‌گزینه‌ای', 'qtype.multiple_choice': 'چندگزینه‌ای', 'qtype.text': 'متن',
  'qtype.number': 'عدد', 'qtype.matrix': 'ماتریسی',
  'share.newLink': 'پیوند تازه', 'share.channel': 'کانال',
  'share.url': 'نشانی', 'share.hidden': 'فیلدهای پنهان در نشانی', 'share.qr': 'کد QR',
  'share.embedScript': 'اسکریپت پاپ‌آپ یا درون‌صفحه', 'share.embedIframe': 'iframe', 'share.notPublished': 'برای اشتراک، نظرسنجی را منتشر کنید.',
};

export const surveyMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(surveyMessages);
