// The strings of the CX program page (vision, principles, owner, the scorecard and its KPI
// targets), in English and Persian; the i18n test checks both languages match.
import { extend } from '../../lib/i18n';

const en = {
  'pg.title': 'CX program', 'pg.vision': 'Vision', 'pg.principles': 'Guiding principles', 'pg.owner': 'Program owner',
  'pg.noVision': 'No vision written yet.', 'pg.noPrinciples': 'No principles yet.', 'pg.nobody': 'Nobody yet',
  'pg.edit': 'Edit', 'pg.print': 'Print for teams', 'pg.principlesHelp': 'One principle per line',
  'pg.scorecard': 'Scorecard', 'pg.noKpis': 'No KPI targets yet.',
  'pg.col.kpi': 'KPI', 'pg.col.target': 'Target', 'pg.col.actual': 'Actual', 'pg.col.trend': 'Trend', 'pg.col.due': 'Due',
  'pg.overall': 'overall', 'pg.window': 'last {n} days', 'pg.previous': 'previous: {value}',
  'pg.notEnough': 'Not enough responses ({n})',
  'pg.status.on_track': 'On track', 'pg.status.at_risk': 'At risk', 'pg.status.off_track': 'Off track', 'pg.status.not_enough_data': 'Not enough data',
  'pg.trend.up': 'Rising', 'pg.trend.down': 'Falling', 'pg.trend.flat': 'Flat',
  'pg.rule': 'On track: the actual has reached the target. At risk: below it, but the target is within the actual’s margin of error or the actual is rising. Off track: clearly below and not rising. For churn, CAC and cost to serve, lower is better: the same rule mirrored.',
  'pg.addKpi': 'Add KPI target', 'pg.survey': 'Survey', 'pg.metric': 'Metric', 'pg.touchpoint': 'Touchpoint (empty: overall)',
  'pg.target': 'Target (NPS points or % favourable)', 'pg.due': 'Due date', 'pg.windowDays': 'Measured over (days)', 'pg.remove': 'Remove',
  'pg.metric.nps': 'NPS', 'pg.metric.csat': 'CSAT', 'pg.metric.ces': 'CES',
  'pg.metric.contacted': 'Detractors reached within 24 h', 'pg.metric.sla_first_response': 'First-response SLA met',
  'pg.metric.sla_resolution': 'Resolution SLA met', 'pg.metric.recovery': 'Detractors recovered', 'pg.metric.resolved': 'Resolved, say customers',
  'pg.metricsSurvey': 'Scores', 'pg.metricsLoop': 'Closing the loop (% of cases)',
  'pg.metricsBusiness': 'Business outcomes', 'pg.metric.clv': 'Customer lifetime value (mean)', 'pg.metric.churn': 'Churn (predicted, %)',
  'pg.metric.cac': 'Acquisition cost per customer (CAC)', 'pg.metric.cost_to_serve': 'Cost to serve per customer',
  'pg.targetMoney': 'Target (amount in the currency)', 'pg.targetChurn': 'Target (% of customers)', 'pg.lowerBetter': 'lower is better',
  'pg.notEnoughBusiness': 'Not enough data ({n} customers)',
};

const fa: Record<keyof typeof en, string> = {
  'pg.title': 'برنامهٔ تجربهٔ مشتری', 'pg.vision': 'چشم‌انداز', 'pg.principles': 'اصول راهنما', 'pg.owner': 'مالک برنامه',
  'pg.noVision': 'هنوز چشم‌اندازی نوشته نشده.', 'pg.noPrinciples': 'هنوز اصلی نوشته نشده.', 'pg.nobody': 'هنوز کسی نیست',
  'pg.edit': 'ویرایش', 'pg.print': 'چاپ برای تیم‌ها', 'pg.principlesHelp': 'هر اصل در یک خط',
  'pg.scorecard': 'کارنامه', 'pg.noKpis': 'هنوز هدفی برای شاخص‌ها تعیین نشده.',
  'pg.col.kpi': 'شاخص', 'pg.col.target': 'هدف', 'pg.col.actual': 'واقعی', 'pg.col.trend': 'روند', 'pg.col.due': 'موعد',
  'pg.overall': 'کل', 'pg.window': '{n} روز گذشته', 'pg.previous': 'پیش‌تر: {value}',
  'pg.notEnough': 'پاسخ کافی نیست ({n})',
  'pg.status.on_track': 'در مسیر', 'pg.status.at_risk': 'در خطر', 'pg.status.off_track': 'خارج از مسیر', 'pg.status.not_enough_data': 'دادهٔ کافی نیست',
  'pg.trend.up': 'رو به بالا', 'pg.trend.down': 'رو به پایین', 'pg.trend.flat': 'بی‌تغییر',
  'pg.rule': 'در مسیر: مقدار واقعی به هدف رسیده است. در خطر: زیر هدف است، اما هدف در حاشیهٔ خطای مقدار واقعی است یا روند رو به بالاست. خارج از مسیر: آشکارا زیر هدف و بدون بهبود. برای ریزش، هزینهٔ جذب و هزینهٔ خدمت‌رسانی کمتر بهتر است: همین قاعده وارونه.',
  'pg.addKpi': 'افزودن هدف شاخص', 'pg.survey': 'نظرسنجی', 'pg.metric': 'شاخص', 'pg.touchpoint': 'نقطهٔ تماس (خالی: کل)',
  'pg.target': 'هدف (امتیاز NPS یا ٪ مطلوب)', 'pg.due': 'موعد', 'pg.windowDays': 'بازهٔ سنجش (روز)', 'pg.remove': 'حذف',
  'pg.metric.nps': 'NPS', 'pg.metric.csat': 'CSAT', 'pg.metric.ces': 'CES',
  'pg.metric.contacted': 'ناراضیانی که ظرف ۲۴ ساعت با آن‌ها تماس گرفته شد', 'pg.metric.sla_first_response': 'پاسخ نخست در مهلت',
  'pg.metric.sla_resolution': 'حل در مهلت', 'pg.metric.recovery': 'ناراضیانی که راضی برگشتند', 'pg.metric.resolved': 'حل‌شده به گفتهٔ مشتری',
  'pg.metricsSurvey': 'امتیازها', 'pg.metricsLoop': 'بستن حلقه (درصد پرونده‌ها)',
  'pg.metricsBusiness': 'نتایج کسب‌وکار', 'pg.metric.clv': 'ارزش طول عمر مشتری (میانگین)', 'pg.metric.churn': 'ریزش (پیش‌بینی، ٪)',
  'pg.metric.cac': 'هزینهٔ جذب هر مشتری (CAC)', 'pg.metric.cost_to_serve': 'هزینهٔ خدمت‌رسانی به هر مشتری',
  'pg.targetMoney': 'هدف (مبلغ به واحد پول)', 'pg.targetChurn': 'هدف (٪ مشتریان)', 'pg.lowerBetter': 'کمتر بهتر است',
  'pg.notEnoughBusiness': 'دادهٔ کافی نیست ({n} مشتری)',
};

export const programMessages = { en, fa };
export const t = extend(programMessages);
