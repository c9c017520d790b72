/**
 * Prints the routes catalogue as JSON: every admin GET page (path, resource), every storefront GET page (path,
 * access) and the settings sections, from the modules' own declarations. Run with `node --import tsx`.
 */
import { allModules } from '../src/modules/index.ts';
import type { RouteRegistrar } from '../src/modules/types.ts';

const admin: { path: string; resource: string }[] = [];
const storefront: { path: string; access: string }[] = [];
const registrar: RouteRegistrar = {
  adminGet: (path, o) => admin.push({ path, resource: o.resource }),
  adminPost: () => {},
  storefrontGet: (path, _handler, o) => storefront.push({ path, access: o?.access ?? 'public' }),
  storefrontPost: () => {},
};
const modules = allModules();
for (const m of modules) m.routes?.(registrar);
// Several modules add groups to one section: each section once.
const sections = [...new Set(modules.flatMap((m) => (m.settings ?? []).map((s) => s.id)))];
process.stdout.write(JSON.stringify({ admin, storefront, sections }));
