import { describe, expect, it } from 'vitest';
import { messages } from '../src/lib/i18n';
import { journeyMessages } from '../src/features/personas/messages';
import { textMessages } from '../src/features/text/messages';

// Both languages have the same keys and the same {placeholders}, none empty.
function checkParity(table: Record<'en' | 'fa', Record<string, string>>) {
  const keys = Object.keys(table.en).sort();
  expect(Object.keys(table.fa).sort()).toEqual(keys);
  const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
  for (const k of keys) {
    expect(holes(table.fa[k]), k).toBe(holes(table.en[k]));
    expect(table.fa[k].trim(), k).not.toBe('');
  }
}

describe('messages', () => {
  it('has every key, with the same placeholders, in Persian and English', () => {
    checkParity(messages);
  });

  it('has every key of the pages\' own messages (comment tagging, classifier, taxonomy) in both languages too, none shadowing the app\'s', () => {
    checkParity(textMessages);
    for (const k of Object.keys(textMessages.en)) expect(k in messages.en, k).toBe(false);
  });

  it('has every key of the Journeys page\'s own messages (personas, touchpoint impact) in both languages too, none shadowing the others', () => {
    checkParity(journeyMessages);
    for (const k of Object.keys(journeyMessages.en)) {
      expect(k in messages.en, k).toBe(false);
      expect(k in textMessages.en, k).toBe(false);
    }
  });
});
