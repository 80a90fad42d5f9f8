// The SMS part count agrees with the server's (tests/delivery/sms_segments_test.cc's cases).
import { describe, expect, it } from 'vitest';
import { smsParts } from '../src/features/triggers/sms';

describe('smsParts', () => {
  const times = (s: string, n: number) => s.repeat(n);
  const cases: [string, 'gsm7' | 'ucs2', number, number][] = [
    ['', 'gsm7', 0, 0], ['Hello', 'gsm7', 5, 1], [times('a', 160), 'gsm7', 160, 1], [times('a', 161), 'gsm7', 161, 2],
    [times('a', 306), 'gsm7', 306, 2], [times('a', 307), 'gsm7', 307, 3], [times('€', 80), 'gsm7', 160, 1],
    [times('€', 81), 'gsm7', 162, 2], ['Reply STOP {to} opt-out: £5 @ café', 'gsm7', 36, 1],
    [times('س', 70), 'ucs2', 70, 1], [times('س', 71), 'ucs2', 71, 2], [times('س', 134), 'ucs2', 134, 2],
    [times('س', 135), 'ucs2', 135, 3], ['سلام a', 'ucs2', 6, 1], ['۱۲۳', 'ucs2', 3, 1], ['ok 😀', 'ucs2', 5, 1],
    [times('a', 159) + 'ç', 'ucs2', 160, 3],
  ];
  it.each(cases)('%#: %s', (text, encoding, units, parts) => {
    const got = smsParts(text);
    expect(got.encoding).toBe(encoding);
    expect(got.units).toBe(units);
    expect(got.parts).toBe(parts);
  });
  it('says how much a part holds', () => {
    expect(smsParts(times('a', 200)).perPart).toBe(153);
    expect(smsParts('سلام').perPart).toBe(70);
  });
});
