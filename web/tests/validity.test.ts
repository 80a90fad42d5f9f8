import { describe, expect, it } from 'vitest';
import { validityMessage } from '../src/lib/validity';

const ok = { valueMissing: false, typeMismatch: false, tooShort: false, tooLong: false, rangeUnderflow: false, rangeOverflow: false,
  stepMismatch: false, patternMismatch: false, badInput: false };

describe('the app\'s own validation messages', () => {
  it('says what is missing or wrong in the reader\'s language, limits in their digits', () => {
    expect(validityMessage({ ...ok, valueMissing: true }, { type: 'email' }, 'fa')).toBe('این فیلد را پر کنید.');
    expect(validityMessage({ ...ok, valueMissing: true }, { tagName: 'SELECT' }, 'en')).toBe('Choose one.');
    expect(validityMessage({ ...ok, typeMismatch: true }, { type: 'email' }, 'en')).toMatch(/e-mail address/);
    expect(validityMessage({ ...ok, typeMismatch: true }, { type: 'url' }, 'fa')).toMatch(/https:\/\/example\.com/);
    expect(validityMessage({ ...ok, tooShort: true }, { minLength: 8 }, 'fa')).toBe('دست‌کم ۸ نویسه.');
    expect(validityMessage({ ...ok, rangeOverflow: true }, { max: '100' }, 'fa')).toBe('حداکثر ۱۰۰.');
    expect(validityMessage({ ...ok, rangeUnderflow: true }, { min: '1' }, 'en')).toBe('At least 1.');
    expect(validityMessage({ ...ok, stepMismatch: true }, {}, 'en')).toBe('Enter a whole number.');
  });
  it('never falls back to the browser\'s words', () => {
    for (const l of ['fa', 'en'] as const) {
      for (const key of Object.keys(ok) as (keyof typeof ok)[])
        expect(validityMessage({ ...ok, [key]: true }, {}, l)).toMatch(l === 'fa' ? /[آ-ی]/ : /^[A-Z]/);
    }
  });
});
