// The strings of the responses table, one response and the exports, in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'resp.openCase': 'Open a case', 'resp.caseTitle': 'Follow up response #{id}',
  'resp.sentiment': 'Sentiment', 'resp.topics': 'Topics', 'resp.emotions': 'Emotions', 'resp.noEmotions': 'no clear emotion',
  'resp.analysis': 'What the comment says', 'resp.sentimentScore': 'score {s}',
  'resp.title': 'Responses', 'resp.comment': 'Comment',
  'resp.export': 'Export', 'resp.exporting': 'Exporting… {n} rows', 'resp.exported': 'Exported {n} rows',
  'resp.answers': 'Answers', 'resp.hidden': 'Hidden fields',
  'resp.empty': 'No responses match these filters.', 'resp.pickSurvey': 'Choose a survey to see its responses.',
  'resp.complete': 'complete', 'resp.partial': 'partial', 'resp.version': 'Version',
};

const fa: Record<keyof typeof en, string> = {
  'resp.openCase': 'باز کردن پرونده', 'resp.caseTitle': 'پیگیری پاسخ #{id}',
  'resp.sentiment': 'احساس', 'resp.topics': 'موضوع‌ها', 'resp.emotions': 'هیجان‌ها', 'resp.noEmotions': 'هیجان روشنی ندارد',
  'resp.analysis': 'نظر چه می‌گوید', 'resp.sentimentScore': 'امتیاز {s}',
  'resp.title': 'پاسخ‌ها', 'resp.comment': 'نظر',
  'resp.export': 'خروجی', 'resp.exporting': 'در حال خروجی… {n} ردیف', 'resp.exported': '{n} ردیف خروجی گرفته شد',
  'resp.answers': 'پاسخ‌ها', 'resp.hidden': 'فیلدهای پنهان',
  'resp.empty': 'پاسخی با این فیلترها نیست.', 'resp.pickSurvey': 'برای دیدن پاسخ‌ها یک نظرسنجی انتخاب کنید.',
  'resp.complete': 'کامل', 'resp.partial': 'ناقص', 'resp.version': 'نسخه',
};

export const responseMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(responseMessages);
