import { describe, expect, it } from 'vitest';
import { registerCatalog, translator, type MessageParams } from './i18n.ts';
import { compare, extract, readCatalog } from '../../scripts/i18n-extract.mjs';

// The translator before ICU: a lookup and a {name} replace. The ICU one must stay in the same league.
function legacy(catalog: Record<string, string>) {
  return (source: string, params?: MessageParams) => {
    const text = catalog[source] ?? source;
    return params ? text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole)) : text;
  };
}

describe('translator speed', () => {
  it('renders a page worth of strings about as fast as plain interpolation', () => {
    const all: Record<string, string> = {};
    for (const dir of extract().keys()) Object.assign(all, readCatalog(dir, 'sv_SE'));
    expect(compare().length).toBeGreaterThan(0);
    registerCatalog('sv_SE', all);
    const keys = Object.keys(all);
    // Every placeholder of a message gets a value, as the views give them.
    const paramsOf = (k: string): MessageParams => Object.fromEntries([...k.matchAll(/\{(\w+)/g)].map((m) => [m[1]!, 3]));
    // One "page": 400 strings, with their parameters where they have placeholders.
    const page = keys.slice(0, 400).map((k) => [k, k.includes('{') ? paramsOf(k) : undefined] as const);
    const time = (t: (s: string, p?: MessageParams) => string) => {
      for (const [k, p] of page) t(k, p); // warm: compiled messages are cached
      let best = Number.POSITIVE_INFINITY; // the least of several rounds: the machine is shared
      for (let round = 0; round < 7; round++) {
        const start = performance.now();
        for (let n = 0; n < 100; n++) for (const [k, p] of page) t(k, p);
        best = Math.min(best, (performance.now() - start) / 100);
      }
      return best;
    };
    const before = time(legacy(all));
    const after = time(translator('sv_SE'));
    console.log(`translator: ${page.length} strings per page, ${before.toFixed(3)} ms before (interpolation), ${after.toFixed(3)} ms after (ICU, cached)`);
    expect(after).toBeLessThan(Math.max(5, before * 20));
  });
});
