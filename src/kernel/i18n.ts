import { IntlMessageFormat } from 'intl-messageformat';

/**
 * One translation function for every visible string. English is the source: the English text is the key.
 * Messages are ICU MessageFormat ({name}, {count, plural, one {# item} other {# items}}, {n, number}, {d, date});
 * placeholders are named so a translator can move them; never build a sentence from pieces.
 * An apostrophe is always a literal character here ("You don't"): ICU quoting is not used by any catalog.
 */
export type Locale = string;
export type MessageParams = Record<string, string | number | Date>;
export type Translate = (source: string, params?: MessageParams) => string;

export const SOURCE_LOCALE = 'en_US';
export const SUPPORTED_LOCALES: { code: Locale; label: string }[] = [
  { code: 'en_US', label: 'English (United States)' },
  { code: 'sv_SE', label: 'Svenska (Sverige)' },
];

/** en_US → en-US, the form of <html lang> and Intl. */
export const languageTag = (locale: Locale) => locale.replace('_', '-');

type Compiled = (params: MessageParams) => string;
const catalogs = new Map<Locale, Map<string, string>>();
const compiled = new Map<Locale, Map<string, Compiled | null>>();
const translators = new Map<Locale, Translate>();

/** Registers a catalog (source text → translation) for a locale; empty translations count as missing. */
export function registerCatalog(locale: Locale, entries: Record<string, string>) {
  const catalog = catalogs.get(locale) ?? new Map<string, string>();
  catalogs.set(locale, catalog);
  for (const [source, text] of Object.entries(entries)) if (text) catalog.set(source, text);
  compiled.delete(locale);
}

/** Whether a locale's catalog translates this source text (the crawler and tests ask). */
export const catalogEntry = (locale: Locale, source: string) => catalogs.get(locale)?.get(source);
export const catalogKeys = (locale: Locale) => [...(catalogs.get(locale)?.keys() ?? [])];

// Every apostrophe doubled: ICU then reads it as a literal one, so no catalog text can start a quoted span.
const literalApostrophes = (text: string) => text.replaceAll("'", "''");

// ICU element types: 0 literal text, 1 a plain {name} argument.
type Element = { type: number; value: string };

/** Text and plain {name} arguments only (most messages) are joined directly; the rest go through ICU formatting. */
function build(message: IntlMessageFormat): Compiled {
  const elements = message.getAst() as unknown as Element[];
  if (elements.every((e) => e.type === 0 || e.type === 1)) {
    return (params) => {
      let out = '';
      for (const e of elements) {
        if (e.type === 0) out += e.value;
        else if (e.value in params) out += String(params[e.value]);
        else throw new Error(`no value for {${e.value}}`);
      }
      return out;
    };
  }
  return (params) => String(message.format(params));
}

function compile(locale: Locale, text: string): Compiled | null {
  let cache = compiled.get(locale);
  if (!cache) {
    cache = new Map<string, Compiled | null>();
    compiled.set(locale, cache);
  }
  let message = cache.get(text);
  if (message === undefined) {
    try {
      message = build(new IntlMessageFormat(literalApostrophes(text), languageTag(locale), undefined, { ignoreTag: true }));
    } catch {
      message = null; // not valid ICU (a stray brace): placeholders are filled by name instead
    }
    cache.set(text, message);
  }
  return message;
}

const interpolate = (text: string, params: MessageParams) => text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));

function format(locale: Locale, text: string, params: MessageParams) {
  const message = compile(locale, text);
  if (message) {
    try {
      return message(params);
    } catch {
      // a placeholder without a value keeps its {name}, as before
    }
  }
  return interpolate(text, params);
}

/** The translator for a locale (one per locale, shared): unknown keys fall back to the English source. */
export function translator(locale: Locale = SOURCE_LOCALE): Translate {
  let t = translators.get(locale);
  if (!t) {
    t = (source, params) => {
      const translated = catalogs.get(locale)?.get(source);
      const text = translated ?? source;
      const tag = translated === undefined ? SOURCE_LOCALE : locale;
      // Without parameters there is nothing to format: the text is returned as written (the common case).
      if (!params || !text.includes('{')) return text;
      return format(tag, text, params);
    };
    translators.set(locale, t);
  }
  return t;
}

export const isSupportedLocale = (code: string) => SUPPORTED_LOCALES.some((l) => l.code === code);

/** The first supported locale an Accept-Language header asks for (by quality), or undefined. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const wanted = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const w of wanted) {
    const exact = SUPPORTED_LOCALES.find((l) => languageTag(l.code).toLowerCase() === w.tag);
    if (exact) return exact.code;
    const language = SUPPORTED_LOCALES.find((l) => l.code.slice(0, 2).toLowerCase() === w.tag.slice(0, 2));
    if (language) return language.code;
  }
  return undefined;
}
