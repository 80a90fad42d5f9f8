import { describe, expect, it, vi } from 'vitest';

vi.mock('../src/lib/i18n', () => ({ lang: () => 'fa' }));
import doc from '../../docs/openapi.json';
import { CODE_MESSAGES, FIELD_MESSAGES, fieldPattern, localizeError } from '../src/lib/errors';

// The codes the API can return, as its document says (components.schemas.Error).
const codes: string[] = doc.components.schemas.Error.properties.error.properties.code.enum;

describe('server errors in the reader\'s language', () => {
  it('has a message in English and Persian for every code the API can return', () => {
    expect(codes.length).toBeGreaterThanOrEqual(11);
    for (const code of codes) {
      for (const l of ['en', 'fa'] as const) expect((CODE_MESSAGES[l] as Record<string, string>)[code], `${l} ${code}`).toMatch(/\S/);
      expect(CODE_MESSAGES.fa[code as keyof typeof CODE_MESSAGES.fa]).toMatch(/[آ-ی]/);
    }
  });
  it('has every field message in both languages, the Persian one in Persian', () => {
    expect(Object.keys(FIELD_MESSAGES.fa).sort()).toEqual(Object.keys(FIELD_MESSAGES.en).sort());
    for (const [key, text] of Object.entries(FIELD_MESSAGES.fa)) {
      expect(codes, key).toContain(key.split(':')[0]);
      expect(text, key).toMatch(/[آ-ی]/);
    }
  });
  it('reads a field with indexes and languages as its pattern', () => {
    expect(fieldPattern('questions[3].title.fa')).toBe('questions[].title.*');
    expect(fieldPattern('templates.fa.body')).toBe('templates.*.body');
    expect(fieldPattern('smtp.port')).toBe('smtp.port');
  });
  it('never shows the server\'s English on a Persian screen', () => {
    expect(localizeError('invalid_argument', 'questions[2].title.en', 'questions[2].title.en is required', 'fa')).toBe('متن پرسش را به این زبان وارد کنید.');
    expect(localizeError('invalid_argument', 'smtp.port', 'port must be 1-65535', 'fa')).toBe(CODE_MESSAGES.fa.invalid_argument);
    expect(localizeError('unauthenticated', 'password', 'wrong email or password', 'fa')).toBe('ایمیل یا گذرواژه نادرست است.');
    expect(localizeError('http_502', null, 'Bad Gateway', 'fa')).toBe(CODE_MESSAGES.fa.internal);
    expect(localizeError('not_found', null, 'no such survey')).toBe(CODE_MESSAGES.fa.not_found);  // the interface's language
  });
  it('keeps the server\'s precise English on an English screen, the table\'s when it sent none', () => {
    expect(localizeError('invalid_argument', 'smtp.port', 'port must be 1-65535', 'en')).toBe('port must be 1-65535');
    expect(localizeError('invalid_argument', 'metric', 'the survey asks no ces question', 'en')).toBe('the survey asks no ces question');
    expect(localizeError('invalid_argument', 'email', '', 'en')).toBe('Enter a valid email address.');
    expect(localizeError('network', null, '', 'en')).toBe(CODE_MESSAGES.en.network);
  });
  it('reads a behaviour condition\'s days by its last part', () => {
    expect(localizeError('invalid_argument', 'rule.all[1].interactions.within_days', 'x', 'fa')).toBe('تعداد روزها باید از ۱ تا ۳٬۶۶۰ باشد.');
  });
});
