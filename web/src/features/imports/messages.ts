// The strings of file imports of contacts and interactions, in English and Persian. They load with the
// feature's own chunk; the i18n test checks both languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'imp.title': 'Import from a file', 'imp.steps': 'Steps', 'imp.step.choose': 'Choose a file', 'imp.step.check': 'Check it', 'imp.step.import': 'Import',
  'imp.allOrNothing': 'Every row is checked first. If any row is bad, nothing is imported and every problem is listed by its line.',
  'imp.what': 'What to import', 'imp.kind.contacts': 'Contacts', 'imp.kind.interactions': 'Interactions', 'imp.kind.transactions': 'Transactions',
  'imp.help.transactions': 'A CSV with a header row, one purchase per row. contact is the customer’s external id (or contact_id Nazar’s id); occurred_at an ISO 8601 time or a date (YYYY-MM-DD); amount a whole number in the currency’s smallest unit (rials; cents for euros), never negative. The reference makes a re-import add nothing.',
  'imp.would.transactions': '{created} new transactions would be added; {unchanged} are already there.',
  'imp.done.transactions': 'Imported {rows} rows: {created} transactions added, {unchanged} were already there.',
  'imp.format': 'Format', 'imp.format.csv': 'CSV', 'imp.format.jsonl': 'JSON lines', 'imp.format.queue_log': 'Asterisk queue_log',
  'imp.file': 'File', 'imp.choose': 'Choose a file…', 'imp.noFile': 'No file chosen', 'imp.createTouchpoints': 'Add unknown touchpoints to the catalogue',
  'imp.whatFile': 'What the file holds', 'imp.columns': 'Columns', 'imp.template': 'Download a template',
  'imp.help.contacts': 'A CSV with a header row. external_id is required; email, phone and language (fa or en) are optional, then one column per contact attribute. Empty cells leave a value as it is.',
  'imp.help.csv': 'A CSV with a header row, one interaction per row. occurred_at is ISO 8601 (with its offset); numeric facts go in fact.<name> columns. The reference (order, ticket or call id) makes a re-import add nothing.',
  'imp.help.jsonl': 'One interaction per line, as the API takes it.',
  'imp.help.queue_log': 'Asterisk’s queue_log as it is: one interaction per call and queue; the queue is the touchpoint, the caller id the contact, with wait_s, talk_s, answered and abandoned.',
  'imp.check': 'Check the file', 'imp.importN': 'Import {n} rows',
  'imp.uploading': 'Uploading… {p}', 'imp.uploadingLabel': 'Uploading', 'imp.processing': 'The server is checking every row…', 'imp.writing': 'The server is importing…',
  'imp.clean': 'All {rows} rows are fine.', 'imp.nothingYet': 'Nothing has been written yet.',
  'imp.would.contacts': '{created} new contacts would be created and {unchanged} existing ones updated.',
  'imp.would.interactions': '{created} new interactions would be added; {unchanged} are already there.',
  'imp.done.contacts': 'Imported {rows} rows: {created} contacts created, {unchanged} updated.',
  'imp.done.interactions': 'Imported {rows} rows: {created} interactions added, {unchanged} were already there.',
  'imp.bad': '{n} of {rows} rows are bad; nothing was imported.', 'imp.shownFirst': 'The first {n} are listed.',
  'imp.line': 'Line', 'imp.column': 'Column', 'imp.problem': 'Problem', 'imp.fixAndRetry': 'Fix the file, choose it again and check it.',
  'imp.tooLarge': 'The file ({size}) is larger than the server accepts. Split it, or raise the server’s --max-body.',
};

const fa: Record<keyof typeof en, string> = {
  'imp.title': 'درون‌ریزی از پرونده', 'imp.steps': 'گام‌ها', 'imp.step.choose': 'انتخاب پرونده', 'imp.step.check': 'بررسی', 'imp.step.import': 'درون‌ریزی',
  'imp.allOrNothing': 'همهٔ ردیف‌ها پیش از هر چیز بررسی می‌شوند. اگر ردیفی نادرست باشد هیچ چیز درون‌ریزی نمی‌شود و هر مشکل با شمارهٔ سطرش فهرست می‌شود.',
  'imp.what': 'چه چیزی', 'imp.kind.contacts': 'مخاطبان', 'imp.kind.interactions': 'تعامل‌ها', 'imp.kind.transactions': 'تراکنش‌ها',
  'imp.help.transactions': 'پروندهٔ CSV با سطر عنوان، هر خرید در یک ردیف. contact شناسهٔ بیرونی مشتری است (یا contact_id شناسهٔ نظر)؛ occurred_at زمان ISO 8601 یا تاریخ (YYYY-MM-DD)؛ amount عددی درست به کوچک‌ترین واحد پول (ریال؛ سنت برای یورو) و هرگز منفی. مرجع (reference) باعث می‌شود درون‌ریزی دوباره چیزی نیفزاید.',
  'imp.would.transactions': '{created} تراکنش تازه افزوده می‌شود؛ {unchanged} تراکنش از پیش هست.',
  'imp.done.transactions': '{rows} ردیف درون‌ریزی شد: {created} تراکنش افزوده شد و {unchanged} تراکنش از پیش بود.',
  'imp.format': 'قالب', 'imp.format.csv': 'CSV', 'imp.format.jsonl': 'JSON سطربه‌سطر', 'imp.format.queue_log': 'queue_log استریسک',
  'imp.file': 'پرونده', 'imp.choose': 'انتخاب پرونده…', 'imp.noFile': 'پرونده‌ای انتخاب نشده', 'imp.createTouchpoints': 'نقاط تماس ناشناخته به فهرست افزوده شوند',
  'imp.whatFile': 'پرونده چه باید داشته باشد', 'imp.columns': 'ستون‌ها', 'imp.template': 'دریافت پروندهٔ نمونه',
  'imp.help.contacts': 'پروندهٔ CSV با سطر عنوان. external_id الزامی است؛ email، phone و language (fa یا en) اختیاری‌اند و سپس یک ستون برای هر ویژگی مخاطب. خانهٔ خالی مقدار را تغییر نمی‌دهد.',
  'imp.help.csv': 'پروندهٔ CSV با سطر عنوان، هر ردیف یک تعامل. occurred_at به قالب ISO 8601 (با اختلاف ساعت) است؛ داده‌های عددی در ستون‌های fact.<name> می‌آیند. شناسهٔ مرجع (سفارش، تیکت یا تماس) باعث می‌شود درون‌ریزی دوباره چیزی نیفزاید.',
  'imp.help.jsonl': 'هر سطر یک تعامل، همان‌گونه که API می‌پذیرد.',
  'imp.help.queue_log': 'queue_log استریسک همان‌گونه که هست: هر تماس و صف یک تعامل؛ صف نقطهٔ تماس است و شمارهٔ تماس‌گیرنده مخاطب، با wait_s، talk_s، answered و abandoned.',
  'imp.check': 'بررسی پرونده', 'imp.importN': 'درون‌ریزی {n} ردیف',
  'imp.uploading': 'در حال بارگذاری… {p}', 'imp.uploadingLabel': 'بارگذاری', 'imp.processing': 'سرور در حال بررسی همهٔ ردیف‌هاست…', 'imp.writing': 'سرور در حال درون‌ریزی است…',
  'imp.clean': 'هر {rows} ردیف درست است.', 'imp.nothingYet': 'هنوز چیزی نوشته نشده است.',
  'imp.would.contacts': '{created} مخاطب تازه ساخته و {unchanged} مخاطب موجود به‌روز می‌شود.',
  'imp.would.interactions': '{created} تعامل تازه افزوده می‌شود؛ {unchanged} تعامل از پیش هست.',
  'imp.done.contacts': '{rows} ردیف درون‌ریزی شد: {created} مخاطب ساخته و {unchanged} مخاطب به‌روز شد.',
  'imp.done.interactions': '{rows} ردیف درون‌ریزی شد: {created} تعامل افزوده شد و {unchanged} تعامل از پیش بود.',
  'imp.bad': '{n} ردیف از {rows} ردیف نادرست است؛ هیچ چیز درون‌ریزی نشد.', 'imp.shownFirst': '{n} مورد نخست فهرست شده است.',
  'imp.line': 'سطر', 'imp.column': 'ستون', 'imp.problem': 'مشکل', 'imp.fixAndRetry': 'پرونده را اصلاح کنید، دوباره انتخابش کنید و بررسی کنید.',
  'imp.tooLarge': 'پرونده ({size}) از اندازه‌ای که سرور می‌پذیرد بزرگ‌تر است. آن را چند بخش کنید یا ‎--max-body‎ سرور را بیشتر کنید.',
};

export const importMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(importMessages);
