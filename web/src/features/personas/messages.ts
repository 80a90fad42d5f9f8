// The strings of personas (the cards, the form and its rule builder), in English and Persian.
// They load with the Personas tab of the Journeys page, not with the app's first screen; the
// i18n test checks both languages have the same keys and placeholders. Analysts' and
// customers' text never passes through here.
import { extend } from '../../lib/i18n';

const en = {
  // The personas.
  'ps.title': 'Personas',
  'ps.help': 'A persona is a named profile of your customers. Its rule over their attributes and behaviour decides who belongs, and every score on the dashboard can be filtered and broken down by persona.',
  'ps.new': 'New persona', 'ps.newTitle': 'New persona', 'ps.editTitle': 'Edit “{name}”', 'ps.edit': 'Edit', 'ps.delete': 'Delete',
  'ps.none': 'No personas yet.', 'ps.noneMay': 'No personas yet. Make one to follow a group of customers across every score.',
  'ps.members': '{n} members', 'ps.membersAt': 'counted {time}', 'ps.notCounted': 'not counted yet',
  'ps.goals': 'Goals', 'ps.pains': 'Pains', 'ps.rule': 'Who belongs', 'ps.dashboard': 'Scores of this persona',
  'ps.deleteConfirm': 'Delete the persona “{name}”? The contacts stay; the dashboard no longer offers it.',
  'ps.readOnly': 'Only owners, admins and analysts change personas.',
  // The form.
  'ps.section.profile': 'Profile', 'ps.section.rule': 'Who belongs to it',
  'ps.name': 'Name', 'ps.emoji': 'Emoji', 'ps.emojiHelp': 'One emoji that stands for the persona',
  'ps.picture': 'Picture address', 'ps.pictureHelp': 'Optional: an https address, shown instead of the emoji',
  'ps.description': 'Description', 'ps.goal': 'Goal {n}', 'ps.pain': 'Pain {n}', 'ps.addGoal': 'Add a goal', 'ps.addPain': 'Add a pain',
  'ps.removeItem': 'Remove “{text}”', 'ps.preview': 'Preview',
  'ps.required': 'Required', 'ps.notNumber': 'Enter a number', 'ps.fix': 'Fix the marked fields.',
  'ps.emptyGroup': 'Add a condition to this group, or remove it.',
  'ps.saved': 'Saved: {n} members now.',
  // The rule builder.
  'ps.match': 'Contacts who match', 'ps.all': 'all of these', 'ps.any': 'any of these',
  'ps.add': 'Add', 'ps.addAttribute': 'Attribute condition', 'ps.addBehaviour': 'Behaviour condition', 'ps.addGroup': 'Group of conditions',
  'ps.removeCondition': 'Remove this condition', 'ps.removeGroup': 'Remove this group',
  'ps.emptyAll': 'No conditions: every contact belongs.', 'ps.emptyAny': 'No conditions: no contact belongs.',
  'ps.kind.attribute': 'Attribute', 'ps.kind.behaviour': 'Behaviour',
  'ps.attribute': 'Attribute', 'ps.choose': 'Choose…', 'ps.op': 'Condition', 'ps.value': 'Value', 'ps.values': 'Values',
  'ps.valuesHelp': 'Separate values with commas', 'ps.dateHelp': 'YYYY-MM-DD (Gregorian)',
  'ps.attr.language': 'Language', 'ps.attr.email': 'Email', 'ps.attr.phone': 'Phone',
  'ps.op.eq': 'is', 'ps.op.neq': 'is not', 'ps.op.in': 'is one of', 'ps.op.not_in': 'is none of', 'ps.op.lt': 'is less than',
  'ps.op.lte': 'is at most', 'ps.op.gt': 'is more than', 'ps.op.gte': 'is at least', 'ps.op.exists': 'is set', 'ps.op.missing': 'is not set',
  'ps.touchpoint': 'Interactions at', 'ps.anyTouchpoint': 'any touchpoint', 'ps.channel': 'Through channel', 'ps.anyChannel': 'Empty: any channel',
  'ps.withinDays': 'In the last (days)', 'ps.ever': 'Empty: ever', 'ps.fact': 'Sum of fact', 'ps.factHelp': 'Empty: count the interactions',
  'ps.countIs': 'Number', 'ps.sumIs': 'Sum',
  'ps.raw': 'A condition this form does not edit; it is kept as it is.',
  // How a rule reads on a card.
  'ps.sum.all': 'All of', 'ps.sum.any': 'Any of', 'ps.sum.count': 'Interactions', 'ps.sum.sum': 'Sum of {fact}',
  'ps.sum.at': 'at {touchpoint}', 'ps.sum.through': 'through {channel}', 'ps.sum.within': 'in the last {n} days', 'ps.sum.everyone': 'Every contact',
};

const fa: Record<keyof typeof en, string> = {
  'ps.title': 'پرسوناها',
  'ps.help': 'پرسونا نمایه‌ای نام‌دار از مشتریان شماست. قاعده‌اش روی ویژگی‌ها و رفتار مشتریان تعیین می‌کند چه کسانی عضو آن‌اند، و هر امتیاز داشبورد را می‌توان با پرسونا فیلتر و تفکیک کرد.',
  'ps.new': 'پرسونای تازه', 'ps.newTitle': 'پرسونای تازه', 'ps.editTitle': 'ویرایش «{name}»', 'ps.edit': 'ویرایش', 'ps.delete': 'حذف',
  'ps.none': 'هنوز پرسونایی نیست.', 'ps.noneMay': 'هنوز پرسونایی نیست. یکی بسازید تا گروهی از مشتریان را در همهٔ امتیازها دنبال کنید.',
  'ps.members': '{n} عضو', 'ps.membersAt': 'شمارش در {time}', 'ps.notCounted': 'هنوز شمارش نشده',
  'ps.goals': 'هدف‌ها', 'ps.pains': 'دغدغه‌ها', 'ps.rule': 'چه کسانی عضوند', 'ps.dashboard': 'امتیازهای این پرسونا',
  'ps.deleteConfirm': 'پرسونای «{name}» حذف شود؟ مخاطبان سر جایشان می‌مانند؛ فقط داشبورد دیگر آن را نشان نمی‌دهد.',
  'ps.readOnly': 'فقط مالکان، مدیران و تحلیلگران پرسوناها را تغییر می‌دهند.',
  'ps.section.profile': 'نمایه', 'ps.section.rule': 'چه کسانی عضو آن‌اند',
  'ps.name': 'نام', 'ps.emoji': 'ایموجی', 'ps.emojiHelp': 'یک ایموجی که نماد پرسوناست',
  'ps.picture': 'نشانی تصویر', 'ps.pictureHelp': 'اختیاری: نشانی https که به جای ایموجی نمایش داده می‌شود',
  'ps.description': 'توضیح', 'ps.goal': 'هدف {n}', 'ps.pain': 'دغدغهٔ {n}', 'ps.addGoal': 'افزودن هدف', 'ps.addPain': 'افزودن دغدغه',
  'ps.removeItem': 'حذف «{text}»', 'ps.preview': 'پیش‌نمایش',
  'ps.required': 'الزامی است', 'ps.notNumber': 'یک عدد وارد کنید', 'ps.fix': 'فیلدهای مشخص‌شده را اصلاح کنید.',
  'ps.emptyGroup': 'شرطی به این گروه بیفزایید یا آن را حذف کنید.',
  'ps.saved': 'ذخیره شد: اکنون {n} عضو.',
  'ps.match': 'مخاطبانی که', 'ps.all': 'با همهٔ این شرط‌ها جورند', 'ps.any': 'دست‌کم با یکی از این شرط‌ها جورند',
  'ps.add': 'افزودن', 'ps.addAttribute': 'شرط ویژگی', 'ps.addBehaviour': 'شرط رفتار', 'ps.addGroup': 'گروه شرط‌ها',
  'ps.removeCondition': 'حذف این شرط', 'ps.removeGroup': 'حذف این گروه',
  'ps.emptyAll': 'بدون شرط: همهٔ مخاطبان عضوند.', 'ps.emptyAny': 'بدون شرط: هیچ مخاطبی عضو نیست.',
  'ps.kind.attribute': 'ویژگی', 'ps.kind.behaviour': 'رفتار',
  'ps.attribute': 'ویژگی', 'ps.choose': 'انتخاب کنید…', 'ps.op': 'شرط', 'ps.value': 'مقدار', 'ps.values': 'مقدارها',
  'ps.valuesHelp': 'مقدارها را با ویرگول جدا کنید', 'ps.dateHelp': 'YYYY-MM-DD (میلادی)',
  'ps.attr.language': 'زبان', 'ps.attr.email': 'ایمیل', 'ps.attr.phone': 'تلفن',
  'ps.op.eq': 'برابر است با', 'ps.op.neq': 'برابر نیست با', 'ps.op.in': 'یکی از', 'ps.op.not_in': 'هیچ‌کدام از', 'ps.op.lt': 'کمتر است از',
  'ps.op.lte': 'حداکثر', 'ps.op.gt': 'بیشتر است از', 'ps.op.gte': 'دست‌کم', 'ps.op.exists': 'ثبت شده', 'ps.op.missing': 'ثبت نشده',
  'ps.touchpoint': 'تعامل‌ها در', 'ps.anyTouchpoint': 'هر نقطهٔ تماسی', 'ps.channel': 'از کانال', 'ps.anyChannel': 'خالی: هر کانالی',
  'ps.withinDays': 'در این چند روز گذشته', 'ps.ever': 'خالی: از ابتدا', 'ps.fact': 'جمع داده', 'ps.factHelp': 'خالی: شمار تعامل‌ها',
  'ps.countIs': 'شمار', 'ps.sumIs': 'جمع',
  'ps.raw': 'شرطی که این فرم ویرایشش نمی‌کند؛ همان‌گونه که هست می‌ماند.',
  'ps.sum.all': 'همهٔ این‌ها', 'ps.sum.any': 'یکی از این‌ها', 'ps.sum.count': 'تعامل‌ها', 'ps.sum.sum': 'جمع {fact}',
  'ps.sum.at': 'در {touchpoint}', 'ps.sum.through': 'از {channel}', 'ps.sum.within': 'در {n} روز گذشته', 'ps.sum.everyone': 'همهٔ مخاطبان',
};

export type PersonaKey = keyof typeof en;
export const personaMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(personaMessages);
