import { describe, expect, it } from 'vitest';
import { messages } from '../src/i18n';

describe('messages', () => {
  it('has every key, with the same placeholders, in Persian and English', () => {
    const keys = Object.keys(messages.en).sort();
    expect(Object.keys(messages.fa).sort()).toEqual(keys);
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
    for (const k of keys) {
      expect(holes((messages.fa as any)[k]), k).toBe(holes((messages.en as any)[k]));
      expect((messages.fa as any)[k].trim(), k).not.toBe('');
    }
  });
});
