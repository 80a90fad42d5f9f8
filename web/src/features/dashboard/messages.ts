// The strings of the dashboard (tiles, trend, breakdowns), in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'dash.title': 'Dashboard',
  'dash.responses': '{n} responses', 'dash.margin': '±{m} at 95%', 'dash.mean': 'mean {m} of {max}',
  'dash.vsPrev': '{d} points vs previous period', 'dash.significant': 'significant', 'dash.notSignificant': 'not significant',
  'dash.trend': 'Trend', 'dash.by': 'By {dim}', 'dash.updated': 'Live · updated {time}',
  'dash.detractors': 'Detractors', 'dash.passives': 'Passives', 'dash.promoters': 'Promoters',
  'dim.touchpoint': 'touchpoint', 'dim.channel': 'channel', 'dim.agent': 'agent', 'dim.language': 'language',
  'dim.sentiment': 'sentiment', 'dim.topic': 'topic',
  'dim.persona': 'persona',
  'dash.none.touchpoint': 'No touchpoint', 'dash.none.channel': 'No channel', 'dash.none.agent': 'No agent',
  'dash.none.language': 'No language', 'dash.none.sentiment': 'No comment', 'dash.none.topic': 'No topic',
  'dash.none.persona': 'No persona',
  'dash.scale.nps': 'Scale 0–10 · % promoters (9–10) minus % detractors (0–6), from −100 to +100',
  'dash.scale.csat': 'Scale 1–5 · % satisfied = answers 4–5', 'dash.scale.ces': 'Scale 1–7 · % easy = answers 5–7',
  'dash.notAsked': 'This survey asks no {metric} question', 'dash.notAskedList': 'Not asked in this survey: {metrics}', 'dash.listSep': ', ',
  'dash.noScoreQuestion': 'This survey asks no NPS, CSAT or effort question: its answers are on the Responses page.',
  'dash.sortBy': 'Order', 'dash.sort.worst': 'Worst first', 'dash.sort.best': 'Best first', 'dash.sort.volume': 'Most answers',
  'dash.points': '{d} points', 'dash.marginCol': 'Margin (95%)', 'dash.nCol': 'Answers', 'dash.vsRest': 'Against the rest',
  'dash.tooFew': 'too few to score (under {min})', 'dash.withinMargin': 'within the margin',
  'dash.outlier.above': '▲ Above the rest', 'dash.outlier.below': '▼ Below the rest',
  'dash.outlierNote': '{n} marked: they differ from all the others beyond the margin of error (95%, adjusted for the number of groups compared).',
  'dash.noOutliers': 'None differs from the rest beyond the margin of error (95%, adjusted for the number of groups compared).',
  'why.open': 'Why did it move?', 'why.title': 'Why did {metric} move?', 'why.close': 'Close',
  'why.moved': 'Changed {d} {unit} (±{m}) from the previous period', 'why.unit.points': 'points', 'why.unit.pp': 'percentage points',
  'why.largest': 'The largest parts of the move', 'why.partOf': '{d} {unit} of the move (±{m})', 'why.explains': '{p} of it',
  'why.beyond': 'beyond chance', 'why.share': 'Share of answers (then → now)', 'why.score': '{metric} (then → now)',
  'why.part': 'Part of the move', 'why.chance': 'Beyond the margin?', 'why.within': 'From its own score', 'why.mix': 'From its share',
  'why.noBaseline': 'There is nothing to compare with: the previous period has no answers.',
  'why.how': 'Each segment\'s part is how much the overall score moved because of it — its own score changing, or its share of the answers changing while its score sits above or below the average. The parts of one dimension add up to the whole move. Margins at 95%.',
};

const fa: Record<keyof typeof en, string> = {
  'dash.title': 'داشبورد',
  'dash.responses': '{n} پاسخ', 'dash.margin': '±{m} با اطمینان ۹۵٪', 'dash.mean': 'میانگین {m} از {max}',
  'dash.vsPrev': '{d} امتیاز نسبت به دورهٔ قبل', 'dash.significant': 'معنادار', 'dash.notSignificant': 'معنادار نیست',
  'dash.trend': 'روند', 'dash.by': 'بر اساس {dim}', 'dash.updated': 'زنده · به‌روزرسانی {time}',
  'dash.detractors': 'منتقدان', 'dash.passives': 'بی‌طرف‌ها', 'dash.promoters': 'مروجان',
  'dim.touchpoint': 'نقطهٔ تماس', 'dim.channel': 'کانال', 'dim.agent': 'کارشناس', 'dim.language': 'زبان',
  'dim.sentiment': 'احساس', 'dim.topic': 'موضوع',
  'dim.persona': 'پرسونا',
  'dash.none.touchpoint': 'بدون نقطهٔ تماس', 'dash.none.channel': 'بدون کانال', 'dash.none.agent': 'بدون کارشناس',
  'dash.none.language': 'بدون زبان', 'dash.none.sentiment': 'بدون نظر', 'dash.none.topic': 'بدون موضوع',
  'dash.none.persona': 'بدون پرسونا',
  'dash.scale.nps': 'مقیاس ۰ تا ۱۰ · ٪ مروجان (۹ و ۱۰) منهای ٪ منتقدان (۰ تا ۶)، از منفی ۱۰۰ تا ۱۰۰',
  'dash.scale.csat': 'مقیاس ۱ تا ۵ · ٪ راضی = پاسخ‌های ۴ و ۵', 'dash.scale.ces': 'مقیاس ۱ تا ۷ · ٪ آسان = پاسخ‌های ۵ تا ۷',
  'dash.notAsked': 'این نظرسنجی پرسش {metric} ندارد', 'dash.notAskedList': 'در این نظرسنجی پرسیده نمی‌شود: {metrics}', 'dash.listSep': '، ',
  'dash.noScoreQuestion': 'این نظرسنجی پرسش NPS، رضایت یا سهولت ندارد: پاسخ‌هایش در صفحهٔ پاسخ‌ها است.',
  'dash.sortBy': 'ترتیب', 'dash.sort.worst': 'بدترین اول', 'dash.sort.best': 'بهترین اول', 'dash.sort.volume': 'بیشترین پاسخ',
  'dash.points': '{d} امتیاز', 'dash.marginCol': 'حاشیهٔ خطا (۹۵٪)', 'dash.nCol': 'پاسخ‌ها', 'dash.vsRest': 'در مقایسه با بقیه',
  'dash.tooFew': 'برای امتیاز کم است (کمتر از {min})', 'dash.withinMargin': 'در حد حاشیهٔ خطا',
  'dash.outlier.above': '▲ بالاتر از بقیه', 'dash.outlier.below': '▼ پایین‌تر از بقیه',
  'dash.outlierNote': '{n} مورد علامت خورده‌اند: با همهٔ بقیه بیش از حاشیهٔ خطا فرق دارند (۹۵٪، با اصلاح برای تعداد گروه‌های مقایسه‌شده).',
  'dash.noOutliers': 'هیچ‌کدام بیش از حاشیهٔ خطا با بقیه فرق ندارد (۹۵٪، با اصلاح برای تعداد گروه‌های مقایسه‌شده).',
  'why.open': 'چرا تغییر کرد؟', 'why.title': 'چرا {metric} تغییر کرد؟', 'why.close': 'بستن',
  'why.moved': '{d} {unit} تغییر (±{m}) نسبت به دورهٔ قبل', 'why.unit.points': 'امتیاز', 'why.unit.pp': 'واحد درصد',
  'why.largest': 'بزرگ‌ترین سهم‌ها در این تغییر', 'why.partOf': '{d} {unit} از تغییر (±{m})', 'why.explains': '{p} از آن',
  'why.beyond': 'فراتر از تصادف', 'why.share': 'سهم از پاسخ‌ها (قبل ← اکنون)', 'why.score': '{metric} (قبل ← اکنون)',
  'why.part': 'سهم در تغییر', 'why.chance': 'بیش از حاشیهٔ خطا؟', 'why.within': 'از امتیاز خودش', 'why.mix': 'از سهمش',
  'why.noBaseline': 'چیزی برای مقایسه نیست: دورهٔ قبل پاسخی ندارد.',
  'why.how': 'سهم هر بخش یعنی امتیاز کل به خاطر آن چقدر جابه‌جا شده است — یا امتیاز خودش تغییر کرده، یا سهمش از پاسخ‌ها در حالی که امتیازش بالاتر یا پایین‌تر از میانگین است. سهم‌های هر بُعد روی هم برابر کل تغییرند. حاشیهٔ خطا با اطمینان ۹۵٪.',
};

export const dashboardMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(dashboardMessages);
