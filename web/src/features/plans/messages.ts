// The strings of the action plans list and a plan's page, in English and Persian. They load with
// the feature's chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'pl.title': 'Action plans', 'pl.new': 'New action plan', 'pl.empty': 'No action plans yet. A plan aims at a root cause, driver, topic or touchpoint and is measured on the metric it should move.',
  'pl.col.plan': 'Plan', 'pl.col.owner': 'Owner', 'pl.col.due': 'Due', 'pl.col.tasks': 'Tasks', 'pl.col.effect': 'Effect',
  'pl.status.draft': 'Draft', 'pl.status.active': 'Active', 'pl.status.done': 'Done', 'pl.status.cancelled': 'Cancelled',
  'pl.to.active': 'Activate (measure the before)', 'pl.to.done': 'Mark done', 'pl.to.cancelled': 'Cancel the plan', 'pl.to.draft': 'Back to draft',
  'pl.field.title': 'Title', 'pl.field.description': 'What will be done', 'pl.field.aims': 'Aims at', 'pl.field.aimsKey': 'Which one',
  'pl.aims.root_cause': 'Root cause', 'pl.aims.driver': 'Key driver', 'pl.aims.topic': 'Topic', 'pl.aims.touchpoint': 'Touchpoint',
  'pl.field.owner': 'Owner', 'pl.field.due': 'Due date', 'pl.field.cost': 'Cost', 'pl.field.currency': 'Currency',
  'pl.field.survey': 'Survey', 'pl.field.metric': 'Metric', 'pl.field.segment': 'At touchpoint (optional)',
  'pl.field.baseline': 'Before: days up to activation', 'pl.field.window': 'After: days from completion',
  'pl.field.tasks': 'First tasks (one per line)', 'pl.create': 'Create plan', 'pl.nobody': 'No owner yet',
  'pl.metric.nps': 'NPS', 'pl.metric.csat': 'CSAT (% satisfied)', 'pl.metric.ces': 'CES (% easy)',
  'pl.effect': 'Effect on {metric}', 'pl.before': 'Before', 'pl.after': 'After', 'pl.change': 'Change',
  'pl.beforeWindow': '{from} to {to}, {n} responses', 'pl.notCaptured': 'Captured when the plan is activated.',
  'pl.afterStarts': 'Measured from {date}.', 'pl.afterWhenDone': 'Measured once the plan is done.',
  'pl.soFar': 'so far ({n} responses)', 'pl.complete': 'window complete',
  'pl.notEnough': 'Not enough responses ({n})',
  'pl.verdict.significant_increase': 'Significant increase', 'pl.verdict.significant_decrease': 'Significant decrease',
  'pl.verdict.no_significant_change': 'No significant change', 'pl.verdict.not_enough_data': 'Not enough responses to tell',
  'pl.margin': 'Margins at {level}% confidence; the change is tested as the dashboard tests a period against another.',
  'pl.tasks': 'Tasks', 'pl.addTask': 'Add task', 'pl.taskPlaceholder': 'A task', 'pl.removeTask': 'Remove',
  'pl.history': 'History', 'pl.ev.created': 'Created', 'pl.ev.status': '{from} → {to}', 'pl.ev.edited': 'Edited', 'pl.ev.task': 'Task: {text}',
  'pl.changedMeanwhile': 'Someone else changed this plan while you had it open. It now shows their change; check it and try again.',
  'pl.details': 'Details', 'pl.costValue': '{amount} {currency}', 'pl.chart': 'The metric before and after the plan, with margins',
  'pl.noSteps': 'No further step: a done plan keeps its measured effect.',
};

const fa: Record<keyof typeof en, string> = {
  'pl.title': 'برنامه‌های اقدام', 'pl.new': 'برنامهٔ اقدام تازه', 'pl.empty': 'هنوز برنامهٔ اقدامی نیست. هر برنامه به یک علت ریشه‌ای، محرک، موضوع یا نقطهٔ تماس نشانه می‌رود و با شاخصی که باید جابه‌جا کند سنجیده می‌شود.',
  'pl.col.plan': 'برنامه', 'pl.col.owner': 'مسئول', 'pl.col.due': 'موعد', 'pl.col.tasks': 'کارها', 'pl.col.effect': 'اثر',
  'pl.status.draft': 'پیش‌نویس', 'pl.status.active': 'در جریان', 'pl.status.done': 'انجام‌شده', 'pl.status.cancelled': 'لغوشده',
  'pl.to.active': 'شروع (سنجش وضع پیشین)', 'pl.to.done': 'پایان برنامه', 'pl.to.cancelled': 'لغو برنامه', 'pl.to.draft': 'بازگشت به پیش‌نویس',
  'pl.field.title': 'عنوان', 'pl.field.description': 'چه کاری انجام می‌شود', 'pl.field.aims': 'هدف', 'pl.field.aimsKey': 'کدام',
  'pl.aims.root_cause': 'علت ریشه‌ای', 'pl.aims.driver': 'محرک کلیدی', 'pl.aims.topic': 'موضوع', 'pl.aims.touchpoint': 'نقطهٔ تماس',
  'pl.field.owner': 'مسئول', 'pl.field.due': 'موعد', 'pl.field.cost': 'هزینه', 'pl.field.currency': 'واحد پول',
  'pl.field.survey': 'نظرسنجی', 'pl.field.metric': 'شاخص', 'pl.field.segment': 'در نقطهٔ تماس (اختیاری)',
  'pl.field.baseline': 'پیش: روزهای پیش از شروع', 'pl.field.window': 'پس: روزهای پس از پایان',
  'pl.field.tasks': 'نخستین کارها (هر خط یکی)', 'pl.create': 'ساختن برنامه', 'pl.nobody': 'هنوز مسئولی ندارد',
  'pl.metric.nps': 'NPS', 'pl.metric.csat': 'CSAT (٪ راضی)', 'pl.metric.ces': 'CES (٪ آسان)',
  'pl.effect': 'اثر بر {metric}', 'pl.before': 'پیش', 'pl.after': 'پس', 'pl.change': 'تغییر',
  'pl.beforeWindow': '{from} تا {to}، {n} پاسخ', 'pl.notCaptured': 'هنگام شروع برنامه سنجیده می‌شود.',
  'pl.afterStarts': 'سنجش از {date}.', 'pl.afterWhenDone': 'پس از پایان برنامه سنجیده می‌شود.',
  'pl.soFar': 'تاکنون ({n} پاسخ)', 'pl.complete': 'بازه کامل شد',
  'pl.notEnough': 'پاسخ کافی نیست ({n})',
  'pl.verdict.significant_increase': 'افزایش معنادار', 'pl.verdict.significant_decrease': 'کاهش معنادار',
  'pl.verdict.no_significant_change': 'تغییر معناداری نیست', 'pl.verdict.not_enough_data': 'پاسخ برای داوری کافی نیست',
  'pl.margin': 'حاشیهٔ خطا با اطمینان {level}٪؛ تغییر همان‌گونه آزموده می‌شود که داشبورد دو بازه را می‌سنجد.',
  'pl.tasks': 'کارها', 'pl.addTask': 'افزودن کار', 'pl.taskPlaceholder': 'یک کار', 'pl.removeTask': 'حذف',
  'pl.history': 'تاریخچه', 'pl.ev.created': 'ساخته شد', 'pl.ev.status': '{from} ← {to}', 'pl.ev.edited': 'ویرایش شد', 'pl.ev.task': 'کار: {text}',
  'pl.changedMeanwhile': 'وقتی این برنامه باز بود کس دیگری آن را تغییر داد. اکنون تغییر او را می‌بینید؛ بررسی کنید و دوباره بکوشید.',
  'pl.details': 'جزئیات', 'pl.costValue': '{amount} {currency}', 'pl.chart': 'شاخص پیش و پس از برنامه، با حاشیهٔ خطا',
  'pl.noSteps': 'گام دیگری نیست: برنامهٔ انجام‌شده اثر سنجیده‌اش را نگه می‌دارد.',
};

export const planMessages = { en, fa };
export const t = extend(planMessages);
