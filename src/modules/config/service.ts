import type { Db } from '../../db/database.ts';
import { VersionedCache, bumpVersion } from '../../db/versioned-cache.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import type { Registry } from '../registry.ts';
import type { Services } from '../../kernel/services.ts';
import type { ConfigScope, PendingSettings, SettingField } from '../types.ts';
import { configRepo, type ConfigRow } from './repo.ts';
import { CONFIG_CACHE, type ConfigChange, type ScopeRef } from './public.ts';

export { CONFIG_CACHE, type ConfigChange, type ScopeRef } from './public.ts';

type ScopeMap = Map<string, Map<number, Map<string, string | null>>>;

function index(rows: ConfigRow[]): ScopeMap {
  const byScope: ScopeMap = new Map();
  for (const r of rows) {
    let ids = byScope.get(r.scope);
    if (!ids) {
      ids = new Map();
      byScope.set(r.scope, ids);
    }
    let paths = ids.get(r.scope_id);
    if (!paths) {
      paths = new Map();
      ids.set(r.scope_id, paths);
    }
    paths.set(r.path, r.value);
  }
  return byScope;
}

/**
 * Scoped configuration declared by modules. Lookup order: store view → website → default → code default.
 * Values are cached in-process and reloaded when the `config` version stamp moves.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a service factory whose body is the service object; each method is its own short function
export function createConfigService(deps: {
  db: () => Db;
  registry: Registry;
  stores: Services['stores'];
  checkEveryMs?: number;
  onChange?: (db: Db) => Promise<void>;
}) {
  const cache = new VersionedCache<ScopeMap>(deps.db, CONFIG_CACHE, async (db) => index(await configRepo.loadAll(db)), deps.checkEveryMs);

  function fieldOf(path: string): SettingField {
    const f = deps.registry.fields.get(path);
    if (!f) throw new Error(`Unknown setting ${path}`);
    return f.field;
  }

  /** `db`: the caller's transaction, when inside one (see VersionedCache.get). */
  async function get(path: string, scope: ScopeRef = {}, db?: Db): Promise<string> {
    const field = fieldOf(path);
    const map = await cache.get(db);
    const lookup = (s: ConfigScope, id: number) => map.get(s)?.get(id)?.get(path);
    let websiteId = scope.websiteId;
    if (scope.storeViewId !== undefined) {
      if (field.scopes.includes('stores')) {
        const v = lookup('stores', scope.storeViewId);
        if (v !== undefined && v !== null) return v;
      }
      if (websiteId === undefined) {
        const view = (await deps.stores.tree(db)).views.find((x) => x.id === scope.storeViewId);
        websiteId = view?.website_id;
      }
    }
    if (websiteId !== undefined && field.scopes.includes('websites')) {
      const v = lookup('websites', websiteId);
      if (v !== undefined && v !== null) return v;
    }
    const v = lookup('default', 0);
    return v !== undefined && v !== null ? v : field.default;
  }

  /** Each module's rules across settings, seeing the values as they would be after the save. */
  async function crossChecks(rc: RequestContext, scope: ConfigScope, scopeId: number, changes: ConfigChange[]) {
    const at: ScopeRef = scope === 'stores' ? { storeViewId: scopeId } : scope === 'websites' ? { websiteId: scopeId } : {};
    const pending: PendingSettings = {
      scope,
      scopeId,
      changes: (path) => changes.some((c) => c.path === path),
      value: async (path) => {
        const c = changes.find((x) => x.path === path);
        if (!c) return get(path, at, rc.db);
        return c.value ?? service.inherited(path, scope, scopeId);
      },
    };
    const messages: string[] = [];
    for (const m of deps.registry.modules) if (m.validateSettings) messages.push(...(await m.validateSettings(rc, pending)));
    return messages;
  }

  const service = {
    get,
    async getBool(path: string, scope: ScopeRef = {}, db?: Db) {
      return (await get(path, scope, db)) === '1';
    },
    async getInt(path: string, scope: ScopeRef = {}, db?: Db) {
      const n = Number.parseInt(await get(path, scope, db), 10);
      return Number.isFinite(n) ? n : Number.parseInt(fieldOf(path).default, 10);
    },
    async getList(path: string, scope: ScopeRef = {}, db?: Db) {
      const v = await get(path, scope, db);
      return v ? v.split(',').filter(Boolean) : [];
    },

    /** Values stored exactly at one scope (for the admin page's "Use …" checkboxes). */
    async storedAt(scope: ConfigScope, scopeId: number, db?: Db): Promise<Map<string, string | null>> {
      return (await cache.get(db)).get(scope)?.get(scopeId) ?? new Map();
    },

    /** What a field would show at a scope if it stopped overriding there (the parent scope's value). */
    async inherited(path: string, scope: ConfigScope, scopeId: number): Promise<string> {
      if (scope === 'default') return fieldOf(path).default;
      if (scope === 'websites') return get(path, {});
      const view = (await deps.stores.tree()).views.find((x) => x.id === scopeId);
      return get(path, { websiteId: view?.website_id });
    },

    /**
     * Validates and saves values at one scope, in one transaction, and records one action-log entry with
     * old → new for every path that changed. Returns field errors without saving anything when invalid.
     */
    async save(rc: RequestContext, scope: ConfigScope, scopeId: number, changes: ConfigChange[]): Promise<Result<{ changed: string[] }>> {
      const errors: string[] = [];
      for (const c of changes) {
        const field = deps.registry.fields.get(c.path)?.field;
        if (!field) {
          errors.push(rc.t('Unknown setting "{path}".', { path: c.path }));
          continue;
        }
        if (!field.scopes.includes(scope)) errors.push(rc.t('"{label}" cannot be set at this scope.', { label: rc.t(field.label) }));
        if (c.value === null) continue;
        const message = validateValue(field, c.value);
        if (message) errors.push(`${rc.t(field.label)}: ${rc.t(message)}`);
        else if (field.validate) {
          const extra = field.validate(c.value);
          if (extra) errors.push(`${rc.t(field.label)}: ${rc.t(extra)}`);
        }
      }
      if (!errors.length) errors.push(...(await crossChecks(rc, scope, scopeId, changes)));
      if (errors.length) return { ok: false, kind: 'validation', messages: errors };

      const before = await this.storedAt(scope, scopeId, rc.db);
      const changed = changes.filter((c) => (before.get(c.path) ?? null) !== c.value);
      if (!changed.length) return ok({ changed: [] });
      const now = isoUtc(rc.app.clock.now());
      await inTransaction(rc, async ({ db: trx }) => {
        for (const c of changed) {
          if (c.value === null) await configRepo.remove(trx, c.path, scope, scopeId);
          else await configRepo.upsert(trx, { path: c.path, scope, scope_id: scopeId, value: c.value }, now);
        }
        await bumpVersion(trx, CONFIG_CACHE);
        const byGroup = new Map<string, typeof changed>();
        for (const c of changed) {
          const section = deps.registry.fields.get(c.path)!.section;
          const group = section.actionGroup ?? 'system_config';
          byGroup.set(group, [...(byGroup.get(group) ?? []), c]);
        }
        for (const [group, list] of byGroup) {
          await rc.app.services.actionLog.record(
            { ...rc, db: trx },
            {
              group,
              action: 'Save',
              details: rc.t('Configuration saved at {scope}: {paths}', { scope: scopeLabel(scope, scopeId), paths: list.map((c) => c.path).join(', ') }),
              fullDetails: {
                scope,
                scopeId,
                changes: Object.fromEntries(list.map((c) => [c.path, { old: before.get(c.path) ?? null, new: c.value }])),
              },
            },
          );
        }
      });
      cache.invalidate();
      // On the caller's handle: a save inside a caller's transaction (a seed) flushes inside it too.
      await deps.onChange?.(rc.db);
      return ok({ changed: changed.map((c) => c.path) });
    },

    /** For operators and seeds (CLI config:set): same validation, same log entry. */
    field: (path: string) => deps.registry.fields.get(path)?.field,
    invalidate: () => cache.invalidate(),
  };
  return service;
}

function scopeLabel(scope: ConfigScope, id: number) {
  return scope === 'default' ? 'default' : `${scope}:${id}`;
}

/** Type-level validation every field gets; modules add their own rules through `validate`. */
export function validateValue(field: SettingField, value: string): string | null {
  switch (field.type) {
    case 'yesno':
      return value === '0' || value === '1' ? null : 'Choose Yes or No.';
    case 'int':
      return /^-?\d{1,9}$/.test(value.trim()) ? null : 'Enter a whole number.';
    case 'select':
      return field.options?.some((o) => o.value === value) ? null : 'Choose one of the listed options.';
    case 'multiselect':
      return value === '' || value.split(',').every((v) => field.options?.some((o) => o.value === v)) ? null : 'Choose only listed options.';
    case 'text':
      return value.length <= 255 ? null : 'Use at most 255 characters.';
    case 'textarea':
      return value.length <= 4000 ? null : 'Use at most 4000 characters.';
  }
}

export type ConfigService = ReturnType<typeof createConfigService>;

declare module '../../kernel/services.ts' {
  interface Services {
    config: ConfigService;
  }
}
