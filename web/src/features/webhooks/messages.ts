// The strings of the webhooks page (endpoints, secrets, the delivery log), in English and
// Persian. They load with the feature's own chunk; the i18n test checks both languages have
// the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'wh.help': 'Send events to your own systems (a CRM, a data warehouse, a chat bot). Each request is signed per Standard Webhooks; check the signature with the endpoint’s secret.',
  'wh.none': 'No endpoints yet.', 'wh.new': 'New endpoint', 'wh.url': 'URL', 'wh.description': 'Description', 'wh.events': 'Events',
  'wh.create': 'Create endpoint', 'wh.save': 'Save changes', 'wh.cancel': 'Cancel', 'wh.edit': 'Edit',
  'wh.enabled': 'Enabled', 'wh.disabled': 'Disabled', 'wh.enable': 'Enable', 'wh.disable': 'Disable',
  'wh.disabledBecause': 'Disabled: {reason}',
  'wh.delete': 'Delete', 'wh.deleteConfirm': 'Delete this endpoint and its delivery log? Messages not yet sent to it are dropped.',
  'wh.secretOnce': 'The signing secret, shown this once. Copy it now and keep it with the receiver.',
  'wh.secretDone': 'I have copied it',
  'wh.rotate': 'Rotate secret', 'wh.rotateConfirm': 'Make a new signing secret? The old one keeps signing beside it for 24 hours.',
  'wh.rotatingUntil': 'The previous secret also signs until {time}.',
  'wh.test': 'Send test event', 'wh.testQueued': 'Test event queued ({id}); it appears in the log within a few seconds.',
  'wh.replayAll': 'Replay failed', 'wh.replayed': '{count} messages queued again.', 'wh.replay': 'Replay',
  'wh.log': 'Delivery log', 'wh.logEmpty': 'Nothing sent yet.', 'wh.refresh': 'Refresh', 'wh.more': 'Older attempts',
  'wh.at': 'When', 'wh.event': 'Event', 'wh.attempt': 'Attempt', 'wh.status': 'HTTP status', 'wh.latency': 'Time', 'wh.outcome': 'Outcome', 'wh.error': 'Error',
  'wh.ms': '{n} ms',
  'wh.outcome.sent': 'Sent', 'wh.outcome.retrying': 'Retrying', 'wh.outcome.failed': 'Failed', 'wh.outcome.dead': 'Gave up',
  'wh.ev.response.completed': 'A response is completed', 'wh.ev.invitation.updated': 'An invitation is sent, opened, answered or fails',
  'wh.ev.alert.fired': 'An alert fires', 'wh.ev.case.opened': 'A case is opened', 'wh.ev.case.updated': 'A case changes', 'wh.ev.case.closed': 'A case is closed',
  'wh.retries': 'Failed deliveries are retried for about three days; a 410 Gone answer disables the endpoint.',
};

const fa: Record<keyof typeof en, string> = {
  'wh.help': 'رویدادها را به سامانه‌های خودتان (CRM، انبار داده، ربات گفتگو) بفرستید. هر درخواست طبق استاندارد Standard Webhooks امضا می‌شود؛ امضا را با کلید مخفی همان نشانی بررسی کنید.',
  'wh.none': 'هنوز نشانی‌ای تعریف نشده است.', 'wh.new': 'نشانی تازه', 'wh.url': 'نشانی (URL)', 'wh.description': 'توضیح', 'wh.events': 'رویدادها',
  'wh.create': 'ساخت نشانی', 'wh.save': 'ذخیرهٔ تغییرات', 'wh.cancel': 'انصراف', 'wh.edit': 'ویرایش',
  'wh.enabled': 'فعال', 'wh.disabled': 'غیرفعال', 'wh.enable': 'فعال کردن', 'wh.disable': 'غیرفعال کردن',
  'wh.disabledBecause': 'غیرفعال: {reason}',
  'wh.delete': 'حذف', 'wh.deleteConfirm': 'این نشانی و گزارش ارسال‌هایش حذف شود؟ پیام‌هایی که هنوز ارسال نشده‌اند کنار گذاشته می‌شوند.',
  'wh.secretOnce': 'کلید مخفی امضا، فقط همین یک بار نمایش داده می‌شود. همین حالا آن را کپی کنید و نزد گیرنده نگه دارید.',
  'wh.secretDone': 'کپی کردم',
  'wh.rotate': 'تعویض کلید مخفی', 'wh.rotateConfirm': 'کلید مخفی تازه ساخته شود؟ کلید قبلی تا ۲۴ ساعت در کنار آن امضا می‌کند.',
  'wh.rotatingUntil': 'کلید قبلی تا {time} نیز امضا می‌کند.',
  'wh.test': 'ارسال رویداد آزمایشی', 'wh.testQueued': 'رویداد آزمایشی در صف قرار گرفت ({id})؛ تا چند ثانیه دیگر در گزارش دیده می‌شود.',
  'wh.replayAll': 'ارسال دوبارهٔ ناموفق‌ها', 'wh.replayed': '{count} پیام دوباره در صف قرار گرفت.', 'wh.replay': 'ارسال دوباره',
  'wh.log': 'گزارش ارسال‌ها', 'wh.logEmpty': 'هنوز چیزی ارسال نشده است.', 'wh.refresh': 'تازه‌سازی', 'wh.more': 'تلاش‌های قدیمی‌تر',
  'wh.at': 'زمان', 'wh.event': 'رویداد', 'wh.attempt': 'تلاش', 'wh.status': 'کد HTTP', 'wh.latency': 'مدت', 'wh.outcome': 'نتیجه', 'wh.error': 'خطا',
  'wh.ms': '{n} میلی‌ثانیه',
  'wh.outcome.sent': 'ارسال‌شده', 'wh.outcome.retrying': 'در انتظار تلاش دوباره', 'wh.outcome.failed': 'ناموفق', 'wh.outcome.dead': 'رها‌شده',
  'wh.ev.response.completed': 'پاسخی تکمیل می‌شود', 'wh.ev.invitation.updated': 'دعوتی ارسال، باز، پاسخ داده یا ناموفق می‌شود',
  'wh.ev.alert.fired': 'هشداری فعال می‌شود', 'wh.ev.case.opened': 'پرونده‌ای باز می‌شود', 'wh.ev.case.updated': 'پرونده‌ای تغییر می‌کند', 'wh.ev.case.closed': 'پرونده‌ای بسته می‌شود',
  'wh.retries': 'ارسال‌های ناموفق تا حدود سه روز دوباره تلاش می‌شوند؛ پاسخ 410 Gone نشانی را غیرفعال می‌کند.',
};

export const webhookMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(webhookMessages);
