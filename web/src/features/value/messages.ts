// The strings of the customer value page (what customers are worth, value by NPS group, the
// what-if), in English and Persian; the i18n test checks both languages match.
import { extend } from '../../lib/i18n';

const en = {
  'va.title': 'Customer value', 'va.noFit': 'No customer-value fit yet: send transactions and refit.',
  'va.customers': 'Customers valued', 'va.clvTotal': 'Total CLV', 'va.clvMean': 'Mean CLV', 'va.churn': 'Expected churn',
  'va.revenueYear': 'Revenue, last 12 months', 'va.atRisk': 'Revenue at risk from detractors',
  'va.atRiskHelp': 'Detractors’ revenue over the last year × their chance of having left (1 − P(alive)).',
  'va.fit': 'Fitted on {n} customers up to {date}, {weeks} weeks ahead, discounted {rate} a year.',
  'va.failed': 'The latest refit did not converge: {message}',
  'va.byNps': 'Value by NPS group', 'va.col.group': 'Group', 'va.col.customers': 'Customers', 'va.col.revenue': 'Revenue (12 months)',
  'va.col.clv': 'Mean CLV (95% range)', 'va.col.churn': 'Churn (95% range)',
  'va.group.promoter': 'Promoters', 'va.group.passive': 'Passives', 'va.group.detractor': 'Detractors',
  'va.notEnough': 'Not enough customers ({n}; at least {min})',
  'va.withoutNps': '{n} valued customers have not answered an NPS question and are left out.',
  'va.whatIf': 'What if detractors moved?', 'va.move': 'Detractors to move', 'va.moveTo': 'Move them to', 'va.show': 'Show',
  'va.valueChange': 'Change in customer value', 'va.churnChange': 'Change in customers expected to leave',
  'va.range': '95% range {low} to {high}', 'va.whatIfNotEnough': 'Both groups need at least {min} customers.',
  'va.cost': 'Cost to serve', 'va.acquisition': 'Acquisition spend', 'va.perCustomer': '{amount} per customer',
};

const fa: Record<keyof typeof en, string> = {
  'va.title': 'ارزش مشتری', 'va.noFit': 'هنوز ارزش مشتریان برآورد نشده: تراکنش‌ها را بفرستید و مدل را دوباره برازش کنید.',
  'va.customers': 'مشتریان ارزش‌گذاری‌شده', 'va.clvTotal': 'مجموع ارزش طول عمر', 'va.clvMean': 'میانگین ارزش طول عمر', 'va.churn': 'ریزش مورد انتظار',
  'va.revenueYear': 'درآمد ۱۲ ماه گذشته', 'va.atRisk': 'درآمد در خطر از منتقدان',
  'va.atRiskHelp': 'درآمد سال گذشتهٔ منتقدان × احتمال رفتنشان (۱ − احتمال فعال بودن).',
  'va.fit': 'برازش روی {n} مشتری تا {date}، برای {weeks} هفتهٔ آینده، با نرخ تنزیل سالانهٔ {rate}.',
  'va.failed': 'آخرین برازش همگرا نشد: {message}',
  'va.byNps': 'ارزش به تفکیک گروه NPS', 'va.col.group': 'گروه', 'va.col.customers': 'مشتریان', 'va.col.revenue': 'درآمد (۱۲ ماه)',
  'va.col.clv': 'میانگین ارزش طول عمر (بازهٔ ۹۵٪)', 'va.col.churn': 'ریزش (بازهٔ ۹۵٪)',
  'va.group.promoter': 'مروجان', 'va.group.passive': 'منفعل‌ها', 'va.group.detractor': 'منتقدان',
  'va.notEnough': 'مشتری کافی نیست ({n}؛ دست‌کم {min})',
  'va.withoutNps': '{n} مشتری ارزش‌گذاری‌شده به پرسش NPS پاسخ نداده‌اند و کنار گذاشته شده‌اند.',
  'va.whatIf': 'اگر منتقدان جابه‌جا شوند؟', 'va.move': 'تعداد منتقدان', 'va.moveTo': 'جابه‌جایی به', 'va.show': 'نمایش',
  'va.valueChange': 'تغییر ارزش مشتریان', 'va.churnChange': 'تغییر شمار مشتریانی که انتظار می‌رود بروند',
  'va.range': 'بازهٔ ۹۵٪ از {low} تا {high}', 'va.whatIfNotEnough': 'هر دو گروه دست‌کم {min} مشتری لازم دارند.',
  'va.cost': 'هزینهٔ خدمت‌رسانی', 'va.acquisition': 'هزینهٔ جذب', 'va.perCustomer': '{amount} برای هر مشتری',
};

export const valueMessages = { en, fa };
export const t = extend(valueMessages);
