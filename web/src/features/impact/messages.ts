// The strings of which touchpoints move relationship NPS (on the Journeys page), in English and
// Persian. They load with that tab, not with the app's first screen; the i18n test checks both
// languages have the same keys and placeholders.
import { extend } from '../../lib/i18n';

const en = {
  'ti.title': 'Which touchpoints move relationship NPS',
  'ti.survey': 'Relationship survey', 'ti.detected': '{name} (relationship NPS)', 'ti.minN': 'Fewest contacts per touchpoint',
  'ti.help': 'Each customer’s latest answer to the relationship survey’s NPS question in the period, against how they rated the touchpoints they went through (CSAT in the other surveys). Importance is each touchpoint’s share of what the ratings explain together (LMG), with its {level} interval; satisfied means a rating of 4 or 5. A touchpoint a customer did not rate is left out, not counted as zero.',
  'ti.takeaway.fix': 'Fix first: {name} — it explains {share} of what moves relationship NPS and only {satisfied} are satisfied.',
  'ti.takeaway.protect': 'Protect {name}: it explains {share} of what moves relationship NPS and {satisfied} are satisfied.',
  'ti.takeaway.lead': '{name} moves relationship NPS most: {share} of what the touchpoints explain, with {satisfied} satisfied.',
  'ti.explains': 'Touchpoint ratings explain {r2} of the variation in relationship NPS.',
  'ti.explainsLittle': 'Most of what moves it lies elsewhere: read the ranking as relative, not as the whole story.',
  'ti.overlap': 'The intervals of {a} and {b} overlap: their order may not hold.',
  'ti.ranked': 'Touchpoints by importance', 'ti.matrix': 'Priority matrix', 'ti.importance': 'Importance (share of R²)', 'ti.satisfied': 'Satisfied (4–5)',
  'ti.matrixHelp': 'Dashed lines split the touchpoints at the average importance and satisfaction.',
  'ti.col.touchpoint': 'Touchpoint', 'ti.col.contacts': 'Contacts', 'ti.col.share': 'Importance', 'ti.col.interval': '{level} interval',
  'ti.col.satisfied': 'Satisfied', 'ti.col.mean': 'Mean rating', 'ti.col.quadrant': 'Priority',
  'ti.facts': 'The analysis', 'ti.facts.contacts': 'Customers with a relationship answer', 'ti.facts.n': 'Fewest customers behind a pair',
  'ti.facts.bootstrap': 'Bootstrap resamples', 'ti.facts.missing': 'Unrated touchpoints', 'ti.pairwise': 'left out pair by pair',
  'ti.facts.nHelp': 'With pairwise deletion each correlation uses the customers who gave both ratings; this is the smallest such count.',
  'ti.tooFew': 'Too few customers to judge', 'ti.tooFewHelp': 'Rated by fewer than {min} customers in this period, so not in the analysis:',
  'ti.contactsN': '{n} customers',
  'ti.noSurvey': 'No survey has an NPS question yet. Start one from the relationship NPS template.',
  'ti.noTouchpoints': 'No touchpoint was rated by enough customers in this period. Widen the period or lower the fewest customers per touchpoint.',
};

const fa: Record<keyof typeof en, string> = {
  'ti.title': 'کدام نقاط تماس NPS رابطه را جابه‌جا می‌کنند',
  'ti.survey': 'نظرسنجی رابطه', 'ti.detected': '{name} (NPS رابطه)', 'ti.minN': 'کمترین شمار مشتری برای هر نقطهٔ تماس',
  'ti.help': 'تازه‌ترین پاسخ هر مشتری به پرسش NPS نظرسنجی رابطه در این بازه، در برابر امتیازی که به نقاط تماسی که از آن‌ها گذشته داده است (CSAT در نظرسنجی‌های دیگر). اهمیت، سهم هر نقطهٔ تماس از آن چیزی است که امتیازها روی هم توضیح می‌دهند (LMG)، با بازهٔ {level}؛ راضی یعنی امتیاز ۴ یا ۵. نقطهٔ تماسی که مشتری امتیاز نداده کنار گذاشته می‌شود، نه این‌که صفر حساب شود.',
  'ti.takeaway.fix': 'اول این را بهتر کنید: {name} — {share} از آنچه NPS رابطه را جابه‌جا می‌کند را توضیح می‌دهد و فقط {satisfied} راضی‌اند.',
  'ti.takeaway.protect': '{name} را حفظ کنید: {share} از آنچه NPS رابطه را جابه‌جا می‌کند را توضیح می‌دهد و {satisfied} راضی‌اند.',
  'ti.takeaway.lead': '{name} بیشترین اثر را بر NPS رابطه دارد: {share} از آنچه نقاط تماس توضیح می‌دهند، با {satisfied} مشتری راضی.',
  'ti.explains': 'امتیاز نقاط تماس {r2} از تغییرات NPS رابطه را توضیح می‌دهد.',
  'ti.explainsLittle': 'بیشتر آنچه آن را جابه‌جا می‌کند جای دیگری است: این رتبه‌بندی را نسبی بخوانید، نه همهٔ ماجرا.',
  'ti.overlap': 'بازه‌های {a} و {b} روی هم می‌افتند: ممکن است ترتیبشان پایدار نباشد.',
  'ti.ranked': 'نقاط تماس به ترتیب اهمیت', 'ti.matrix': 'ماتریس اولویت', 'ti.importance': 'اهمیت (سهم از R²)', 'ti.satisfied': 'راضی (۴ تا ۵)',
  'ti.matrixHelp': 'خط‌چین‌ها نقاط تماس را در میانگین اهمیت و رضایت جدا می‌کنند.',
  'ti.col.touchpoint': 'نقطهٔ تماس', 'ti.col.contacts': 'مشتریان', 'ti.col.share': 'اهمیت', 'ti.col.interval': 'بازهٔ {level}',
  'ti.col.satisfied': 'راضی', 'ti.col.mean': 'میانگین امتیاز', 'ti.col.quadrant': 'اولویت',
  'ti.facts': 'دربارهٔ تحلیل', 'ti.facts.contacts': 'مشتریان دارای پاسخ رابطه', 'ti.facts.n': 'کمترین شمار مشتری پشت یک جفت',
  'ti.facts.bootstrap': 'نمونه‌های بوت‌استرپ', 'ti.facts.missing': 'نقاط تماس بی‌امتیاز', 'ti.pairwise': 'جفت‌به‌جفت کنار گذاشته می‌شوند',
  'ti.facts.nHelp': 'در حذف جفت‌به‌جفت، هر همبستگی از مشتریانی به دست می‌آید که هر دو امتیاز را داده‌اند؛ این کمترین شمار آن‌هاست.',
  'ti.tooFew': 'مشتریان برای داوری کم‌اند', 'ti.tooFewHelp': 'کمتر از {min} مشتری در این بازه به این‌ها امتیاز داده‌اند، پس در تحلیل نیستند:',
  'ti.contactsN': '{n} مشتری',
  'ti.noSurvey': 'هنوز هیچ نظرسنجی پرسش NPS ندارد. یکی را از الگوی NPS رابطه بسازید.',
  'ti.noTouchpoints': 'در این بازه به هیچ نقطهٔ تماسی به اندازهٔ کافی امتیاز داده نشده است. بازه را بزرگ‌تر یا کمترین شمار مشتری را کمتر کنید.',
};

export const impactMessages = { en, fa };
// Translates this feature's keys and the shared ones (lib/i18n.ts).
export const t = extend(impactMessages);
