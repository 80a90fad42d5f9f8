// The app's own words for a field the browser finds invalid before a form is sent (required,
// an e-mail or address, a length, a number's range), in the reader's language, shown under
// the field like the server's errors (ui/components FieldError) instead of the browser's
// bubble, which speaks the browser's language and vanishes. One capturing listener covers
// every form (installValidation, from main.tsx): it cancels the bubble, writes the message
// after the field, moves the focus to the first invalid field, and clears the message once
// the field changes.
import type { Lang } from './format';
import { lang } from './i18n';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
type Check = Pick<ValidityState, 'valueMissing' | 'typeMismatch' | 'tooShort' | 'tooLong' | 'rangeUnderflow' | 'rangeOverflow' | 'stepMismatch' | 'patternMismatch' | 'badInput'>;

const WORDS = {
  en: {
    valueMissing: 'Fill in this field.', valueMissingChoice: 'Choose one.', email: 'Enter an e-mail address such as name@example.com.',
    url: 'Enter a full address such as https://example.com.', tooShort: 'At least {n} characters.', tooLong: 'At most {n} characters.',
    rangeUnderflow: 'At least {n}.', rangeOverflow: 'At most {n}.', step: 'Enter a whole number.', pattern: 'This is not in the expected form.',
    badInput: 'Enter a number.', invalid: 'This value is not accepted.',
  },
  fa: {
    valueMissing: 'این فیلد را پر کنید.', valueMissingChoice: 'یکی را انتخاب کنید.', email: 'نشانی ایمیل را مثل name@example.com وارد کنید.',
    url: 'نشانی کامل را مثل https://example.com وارد کنید.', tooShort: 'دست‌کم {n} نویسه.', tooLong: 'حداکثر {n} نویسه.',
    rangeUnderflow: 'دست‌کم {n}.', rangeOverflow: 'حداکثر {n}.', step: 'یک عدد صحیح وارد کنید.', pattern: 'این مقدار در قالب خواسته‌شده نیست.',
    badInput: 'یک عدد وارد کنید.', invalid: 'این مقدار پذیرفتنی نیست.',
  },
} as const;

const digits = (n: string | number, l: Lang) => (l === 'fa' ? String(n).replace(/[0-9]/g, (c) => String.fromCharCode(0x06f0 + Number(c))) : String(n));

// The message for a field's failed check (`field`: its type and limits).
export function validityMessage(v: Check, field: { type?: string; minLength?: number; maxLength?: number; min?: string; max?: string; tagName?: string },
                                 l: Lang = lang()): string {
  const w = WORDS[l];
  const fill = (s: string, n: string | number) => s.replace('{n}', digits(n, l));
  if (v.valueMissing) return field.tagName === 'SELECT' || field.type === 'radio' || field.type === 'checkbox' ? w.valueMissingChoice : w.valueMissing;
  if (v.typeMismatch) return field.type === 'email' ? w.email : field.type === 'url' ? w.url : w.invalid;
  if (v.tooShort) return fill(w.tooShort, field.minLength ?? 0);
  if (v.tooLong) return fill(w.tooLong, field.maxLength ?? 0);
  if (v.badInput) return w.badInput;
  if (v.rangeUnderflow) return fill(w.rangeUnderflow, field.min ?? '');
  if (v.rangeOverflow) return fill(w.rangeOverflow, field.max ?? '');
  if (v.stepMismatch) return w.step;
  if (v.patternMismatch) return w.pattern;
  return w.invalid;
}

const MESSAGE = 'data-validity-for';

function clear(el: Field) {
  const next = el.nextElementSibling;
  if (next?.hasAttribute(MESSAGE)) next.remove();
  if (el.getAttribute('aria-invalid') === 'true' && el.dataset.validity) el.removeAttribute('aria-invalid');
  delete el.dataset.validity;
}

export function installValidation(root: Document = document) {
  let focused = false;
  root.addEventListener('invalid', (e) => {
    const el = e.target as Field;
    e.preventDefault();  // no browser bubble
    clear(el);
    const message = root.createElement('small');
    message.className = 'field-error';
    message.setAttribute('role', 'alert');
    message.setAttribute('dir', 'auto');
    message.setAttribute(MESSAGE, el.name || '');
    if (el.name) message.dataset.testid = 'field-error-' + el.name;
    message.textContent = validityMessage(el.validity, el as HTMLInputElement);
    el.insertAdjacentElement('afterend', message);
    el.setAttribute('aria-invalid', 'true');
    el.dataset.validity = 'invalid';
    // The first invalid field of this attempt gets the focus, as the bubble would have.
    if (!focused) { focused = true; el.focus(); setTimeout(() => { focused = false; }, 0); }
  }, true);
  const onChange = (e: Event) => { const el = e.target as Field; if (el?.dataset?.validity) clear(el); };
  root.addEventListener('input', onChange, true);
  root.addEventListener('change', onChange, true);
}
