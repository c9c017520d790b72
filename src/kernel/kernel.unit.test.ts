import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, toDecimal } from './money.ts';
import { registerCatalog, translator } from './i18n.ts';
import { hmac, randomToken, safeEqual, sha256 } from './tokens.ts';
import { ManualClock } from './clock.ts';

describe('money', () => {
  it('parses decimals into minor units and rejects anything else', () => {
    expect(parseMoney('12')).toBe(1200);
    expect(parseMoney('12.5')).toBe(1250);
    expect(parseMoney(' 0.07 ')).toBe(7);
    for (const bad of ['', '-1', '1.234', '1,50', 'abc', '1e3']) expect(parseMoney(bad)).toBeNull();
    // Minor units must fit the integer money columns: 21,474,836.47 is the most a price can be.
    expect(parseMoney('21474836.47')).toBe(2_147_483_647);
    for (const tooMuch of ['21474836.48', '9999999999.99', '9999999999']) expect(parseMoney(tooMuch)).toBeNull();
  });
  it('formats minor units', () => {
    expect(formatMoney(123456)).toBe('$1,234.56');
    expect(toDecimal(5)).toBe('0.05');
  });
});

describe('translation', () => {
  it('returns the English source with named placeholders filled', () => {
    const t = translator('en_US');
    expect(t('You are logged in as customer: {name}', { name: 'Ann Lee' })).toBe('You are logged in as customer: Ann Lee');
    expect(t('Keep {unknown} as is')).toBe('Keep {unknown} as is');
  });
  it('uses a registered catalog and lets translators reorder placeholders', () => {
    registerCatalog('xx_TEST', { '{a} then {b}': '{b} före {a}' });
    expect(translator('xx_TEST')('{a} then {b}', { a: 1, b: 2 })).toBe('2 före 1');
    expect(translator('xx_TEST')('Untranslated')).toBe('Untranslated');
  });
});

describe('tokens', () => {
  it('makes 256-bit URL-safe tokens that differ', () => {
    const a = randomToken();
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });
  it('never repeats a token across refills of its pool, and other sizes work too', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => randomToken()));
    expect(seen.size).toBe(1000);
    for (const t of seen) expect(t).toMatch(/^[\w-]{43}$/);
    expect(randomToken(16)).toMatch(/^[\w-]{22}$/);
  });
  it('hashes and compares in constant time', () => {
    expect(sha256('x')).toHaveLength(64);
    expect(safeEqual(hmac('k', 'v'), hmac('k', 'v'))).toBe(true);
    expect(safeEqual(hmac('k', 'v'), hmac('k', 'w'))).toBe(false);
    expect(safeEqual('short', 'longer')).toBe(false);
  });
});

describe('manual clock', () => {
  it('moves only when told', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
  });
});
