import { describe, expect, it } from 'vitest';
import { baseAndDisplayMoney, convertMinor, displayMoney, formatMoney, formatRate, MAX_MINOR, MAX_RATE_MICRO, parseRate, toDisplay } from './money.ts';

// Intl separates thousands and the currency with no-break spaces; compare with plain ones.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('currency conversion', () => {
  it('parses rates as positive decimals with at most six decimals', () => {
    expect(parseRate('10.123456')).toBe(10_123_456);
    expect(parseRate(' 1 ')).toBe(1_000_000);
    expect(parseRate('0.000001')).toBe(1);
    expect(parseRate('1000000')).toBe(MAX_RATE_MICRO);
    for (const bad of ['', '0', '0.0', '-1', '1.1234567', '1,5', 'abc', '1e3', '1000000.000001', '.5']) expect(parseRate(bad)).toBeNull();
    expect(formatRate(10_123_456)).toBe('10.123456');
    expect(formatRate(10_500_000)).toBe('10.5');
    expect(formatRate(1_000_000)).toBe('1');
  });

  it('converts minor units, rounding each amount half away from zero', () => {
    expect(convertMinor(0, 10_123_456)).toBe(0);
    expect(convertMinor(100, 10_123_456)).toBe(1012); // 1012.3456
    expect(convertMinor(1999, 10_123_456)).toBe(20237); // 20236.788544
    expect(convertMinor(1, 2_500_000)).toBe(3); // 2.5 → 3
    expect(convertMinor(-1, 2_500_000)).toBe(-3); // −2.5 → −3
    expect(convertMinor(1, 2_499_999)).toBe(2);
    expect(convertMinor(12345, 1_000_000)).toBe(12345);
  });

  it('stays exact near the largest amount and rate', () => {
    // 2,147,483,647 × 10.123456 = 21,739,956,211.124032 → exact in BigInt, where floats would drift.
    expect(convertMinor(MAX_MINOR, 10_123_456)).toBe(21_739_956_211);
    expect(convertMinor(MAX_MINOR, MAX_RATE_MICRO)).toBe(MAX_MINOR * 1_000_000);
    expect(Number.isSafeInteger(convertMinor(MAX_MINOR, MAX_RATE_MICRO))).toBe(true);
  });

  it('scales between currencies with different minor units', () => {
    // 1.00 USD at 150.5 JPY = ¥151 (yen have no minor unit), and back.
    expect(convertMinor(100, 150_500_000, 2, 0)).toBe(151);
    expect(convertMinor(151, 6_645, 0, 2)).toBe(100); // 151 × 0.006645 = 1.003395 → 1.00
    expect(formatMoney(151, 'JPY', 'en_US')).toBe('¥151');
  });

  it('formats converted amounts in the viewer locale', () => {
    const sek = { base: 'USD', code: 'SEK', rate: 10_000_000 };
    expect(plain(displayMoney({ locale: 'sv_SE', currency: sek }, 12_345))).toBe('1 234,50 kr');
    expect(displayMoney({ locale: 'en_US' }, 12_345)).toBe('$123.45');
    expect(toDisplay(500, { base: 'USD', code: 'USD', rate: 7 })).toBe(500);
    expect(plain(baseAndDisplayMoney('en_US', 12_345, sek))).toBe('$123.45 [SEK 1,234.50]');
    expect(baseAndDisplayMoney('en_US', 12_345, { base: 'USD', code: 'USD', rate: 1_000_000 })).toBe('$123.45');
  });
});
