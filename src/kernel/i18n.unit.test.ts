import { describe, expect, it } from 'vitest';
import { languageTag, localeFromAcceptLanguage, registerCatalog, translator } from './i18n.ts';

describe('translator (ICU MessageFormat)', () => {
  registerCatalog('sv_SE', {
    'You have {count, plural, one {# item} other {# items}} in your cart.': 'Du har {count, plural, one {# vara} other {# varor}} i varukorgen.',
    "You don't have an account yet, {name}.": 'Du har inget konto än, {name}.',
    "Search results for: '{term}'": "Sökresultat för: '{term}'",
    '{a} then {b}': '{b} före {a}',
    'Total: {n, number}': 'Summa: {n, number}',
    'Placed on {d, date, long}': 'Lagd {d, date, long}',
    'Status: {state, select, open {Open} other {Closed}}': 'Status: {state, select, open {Öppen} other {Stängd}}',
    Empty: '',
  });
  const sv = translator('sv_SE');
  const en = translator('en_US');

  it('chooses plural forms per locale, in the source and in a translation', () => {
    const key = 'You have {count, plural, one {# item} other {# items}} in your cart.';
    expect(en(key, { count: 1 })).toBe('You have 1 item in your cart.');
    expect(en(key, { count: 3 })).toBe('You have 3 items in your cart.');
    expect(sv(key, { count: 1 })).toBe('Du har 1 vara i varukorgen.');
    expect(sv(key, { count: 2 })).toBe('Du har 2 varor i varukorgen.');
  });

  it('keeps apostrophes literal, with or without parameters and next to placeholders', () => {
    expect(en("You don't have an account yet, {name}.", { name: 'Ann' })).toBe("You don't have an account yet, Ann.");
    expect(en("We couldn't find any records.")).toBe("We couldn't find any records.");
    expect(en("Search results for: '{term}'", { term: 'tee' })).toBe("Search results for: 'tee'");
    expect(sv("Search results for: '{term}'", { term: 'tröja' })).toBe("Sökresultat för: 'tröja'");
  });

  it('fills named parameters, which a translation may reorder', () => {
    expect(sv('{a} then {b}', { a: 1, b: 2 })).toBe('2 före 1');
    expect(en('You are logged in as customer: {name}', { name: 'Ann Lee' })).toBe('You are logged in as customer: Ann Lee');
  });

  it('formats numbers, dates and selects in the locale', () => {
    expect(en('Total: {n, number}', { n: 1234.5 })).toBe('Total: 1,234.5');
    expect(sv('Total: {n, number}', { n: 1234.5 }).replace(/\s/g, ' ')).toBe('Summa: 1 234,5');
    expect(sv('Placed on {d, date, long}', { d: new Date(Date.UTC(2024, 2, 5, 12)) })).toBe('Lagd 5 mars 2024');
    expect(sv('Status: {state, select, open {Open} other {Closed}}', { state: 'open' })).toBe('Status: Öppen');
  });

  it('falls back to the English source for a missing or empty translation', () => {
    expect(sv('Untranslated {x}', { x: 'y' })).toBe('Untranslated y');
    expect(sv('Untranslated')).toBe('Untranslated');
    expect(sv('Empty')).toBe('Empty');
    expect(translator('zz_NONE')('Hello {name}', { name: 'Bo' })).toBe('Hello Bo');
  });

  it('leaves a placeholder without a value, and text that is not valid ICU, readable', () => {
    expect(en('Keep {unknown} as is')).toBe('Keep {unknown} as is');
    expect(en('Keep {unknown} as is, {name}', { name: 'Bo' })).toBe('Keep {unknown} as is, Bo');
    expect(en('A stray { brace {name}', { name: 'Bo' })).toBe('A stray { brace Bo');
  });

  it('shares one translator per locale', () => {
    expect(translator('sv_SE')).toBe(sv);
  });
});

describe('locales', () => {
  it('writes locale codes as language tags', () => {
    expect(languageTag('sv_SE')).toBe('sv-SE');
  });
  it('picks a supported locale from Accept-Language by quality', () => {
    expect(localeFromAcceptLanguage('sv-SE,sv;q=0.9,en;q=0.8')).toBe('sv_SE');
    expect(localeFromAcceptLanguage('sv')).toBe('sv_SE');
    expect(localeFromAcceptLanguage('en-GB,en;q=0.9,sv;q=0.5')).toBe('en_US');
    expect(localeFromAcceptLanguage('de-DE;q=1, sv;q=0.2')).toBe('sv_SE');
    expect(localeFromAcceptLanguage('fr, de')).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
    expect(localeFromAcceptLanguage('sv;q=0')).toBeUndefined();
  });
});
