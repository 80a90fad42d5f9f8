// The strings of the dashboard (tiles, trend, breakdowns), in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'dash.title': 'Dashboard',
  'dash.responses': '{n} responses', 'dash.margin': '±{m} at 95%', 'dash.mean': 'mean {m}',
  'dash.vsPrev': '{d} vs previous period', 'dash.significant': 'significant', 'dash.notSignificant': 'not significant',
  'dash.trend': 'Trend', 'dash.by': 'By {dim}', 'dash.updated': 'Live · updated {time}',
  'dash.detractors': 'Detractors', 'dash.passives': 'Passives', 'dash.promoters': 'Promoters',
  'dim.touchpoint': 'touchpoint', 'dim.channel': 'channel', 'dim.agent': 'agent', 'dim.language': 'language',
  'dim.sentiment': 'sentiment', 'dim.topic': 'topic',
  'dim.persona': 'persona', 'dash.noPersona': 'No persona',
};

const fa: Record<keyof typeof en, string> = {
  'dash.title': 'داشبورد',
  'dash.responses': '{n} پاسخ', 'dash.margin': '±{m} با اطمینان ۹۵٪', 'dash.mean': 'میانگین {m}',
  'dash.vsPrev': '{d} نسبت به دورهٔ قبل', 'dash.significant': 'معنادار', 'dash.notSignificant': 'معنادار نیست',
  'dash.trend': 'روند', 'dash.by': 'بر اساس {dim}', 'dash.updated': 'زنده · به‌روزرسانی {time}',
  'dash.detractors': 'منتقدان', 'dash.passives': 'بی‌طرف‌ها', 'dash.promoters': 'مروجان',
  'dim.touchpoint': 'نقطهٔ تماس', 'dim.channel': 'کانال', 'dim.agent': 'کارشناس', 'dim.language': 'زبان',
  'dim.sentiment': 'احساس', 'dim.topic': 'موضوع',
  'dim.persona': 'پرسونا', 'dash.noPersona': 'بدون پرسونا',
};

export const dashboardMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(dashboardMessages);
