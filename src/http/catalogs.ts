import { registerCatalog } from '../kernel/i18n.ts';
import type { ModuleManifest } from '../modules/types.ts';
import sharedSv from './i18n/sv_SE.json' with { type: 'json' };
import uiSv from '../ui/i18n/sv_SE.json' with { type: 'json' };

/** Registers the shipped translations: the shared HTTP and UI strings and every module's own catalogs. */
export function registerCatalogs(modules: ModuleManifest[]) {
  registerCatalog('sv_SE', sharedSv);
  registerCatalog('sv_SE', uiSv);
  for (const m of modules) for (const [locale, entries] of Object.entries(m.catalogs ?? {})) registerCatalog(locale, entries);
}
