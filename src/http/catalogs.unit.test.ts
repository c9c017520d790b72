import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { compare, extract, readCatalog } from '../../scripts/i18n-extract.mjs';

type Element = { type: number; value?: unknown; options?: Record<string, { value: Element[] }> };
// ICU element types that name an argument: argument, number, date, time, select, plural.
const NAMED = new Set([1, 2, 3, 4, 5, 6]);

// Argument names a message uses ({name}, {count, plural, …} and those nested inside plural/select branches).
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: Element[]) => {
    for (const e of elements) {
      if (NAMED.has(e.type) && typeof e.value === 'string') names.add(e.value);
      for (const option of Object.values(e.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message.replaceAll("'", "''"), 'en-US', undefined, { ignoreTag: true }).getAst() as Element[]);
  return [...names].sort();
}

describe('Swedish catalogs', () => {
  const byDir = extract();
  const report = compare(byDir);

  it('translate every string the code uses, and nothing it no longer uses', () => {
    const missing = report.flatMap((r) => r.missing.map((k) => `${r.dir}/${r.locale}.json lacks ${JSON.stringify(k)}`));
    const unused = report.flatMap((r) => r.unused.map((k) => `${r.dir}/${r.locale}.json has unused ${JSON.stringify(k)}`));
    expect([...missing, ...unused], 'run: node scripts/i18n-extract.mjs --write, then translate the empty entries').toEqual([]);
  });

  it('keep every placeholder of the English source, as valid ICU messages', () => {
    const wrong: string[] = [];
    for (const dir of byDir.keys()) {
      for (const [source, text] of Object.entries(readCatalog(dir, 'sv_SE'))) {
        try {
          const want = argumentsOf(source).join(',');
          const got = argumentsOf(text).join(',');
          if (want !== got) wrong.push(`${dir}: ${JSON.stringify(text)} has {${got}}, the source {${want}}`);
        } catch (e) {
          wrong.push(`${dir}: ${JSON.stringify(text)} is not a valid message (${(e as Error).message})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('give one English string the same translation in every module', () => {
    const seen = new Map<string, { dir: string; text: string }>();
    const conflicts: string[] = [];
    for (const dir of byDir.keys()) {
      for (const [source, text] of Object.entries(readCatalog(dir, 'sv_SE'))) {
        const first = seen.get(source);
        if (first && first.text !== text)
          conflicts.push(`${JSON.stringify(source)}: ${first.dir} ${JSON.stringify(first.text)} ≠ ${dir} ${JSON.stringify(text)}`);
        else seen.set(source, { dir, text });
      }
    }
    expect(conflicts).toEqual([]);
  });
});
