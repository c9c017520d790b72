/**
 * One translation function for every visible string. English is the source: the English text is the key.
 * Placeholders are named ({name}) so a translator can move them; never build a sentence from pieces.
 */
export type Locale = string;
export type Translate = (source: string, params?: Record<string, string | number>) => string;

export const SOURCE_LOCALE = 'en_US';
export const SUPPORTED_LOCALES: { code: Locale; label: string }[] = [{ code: 'en_US', label: 'English (United States)' }];

const catalogs = new Map<Locale, Record<string, string>>();

/** Registers a catalog (source text → translation) for a locale. */
export function registerCatalog(locale: Locale, entries: Record<string, string>) {
  catalogs.set(locale, { ...(catalogs.get(locale) ?? {}), ...entries });
}

function interpolate(text: string, params?: Record<string, string | number>) {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function translator(locale: Locale = SOURCE_LOCALE): Translate {
  const catalog = catalogs.get(locale);
  return (source, params) => interpolate(catalog?.[source] ?? source, params);
}

export const isSupportedLocale = (code: string) => SUPPORTED_LOCALES.some((l) => l.code === code);
