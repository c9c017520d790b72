import type { Db } from '../../db/database.ts';
import { VersionedCache, bumpVersion } from '../../db/versioned-cache.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { type DisplayCurrency, formatRate, parseRate, RATE_SCALE, type RateMicro } from '../../kernel/money.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { ok, type Result } from '../../kernel/result.ts';
import type { PendingSettings } from '../types.ts';
import { CURRENCY_ALLOW, CURRENCY_BASE, CURRENCY_DEFAULT, CURRENCY_RATES_CACHE } from './index.ts';
import { currencyRepo } from './repo.ts';

const key = (from: string, to: string) => `${from}>${to}`;
const list = (v: string) => v.split(',').filter(Boolean);

/** One rate as the Currency Rates form submits it. */
export interface RateInput {
  from: string;
  to: string;
  value: string;
}

/**
 * Manual exchange rates, cached per process behind a version stamp (a rate saved by one process is used by all),
 * and what each store view shows prices in.
 */
export function createCurrencyService(deps: { db: () => Db; checkEveryMs?: number; onChange?: (db: Db) => Promise<void> }) {
  const cache = new VersionedCache<Map<string, RateMicro>>(
    deps.db,
    CURRENCY_RATES_CACHE,
    async (db) => new Map((await currencyRepo.all(db)).map((r) => [key(r.currency_from, r.currency_to), parseRate(r.rate) ?? 0])),
    deps.checkEveryMs,
  );

  /** The rate from one currency to another (1 for the same), or undefined when none is set. */
  async function rate(from: string, to: string, db?: Db): Promise<RateMicro | undefined> {
    if (from === to) return RATE_SCALE;
    const r = (await cache.get(db)).get(key(from, to));
    return r ? r : undefined;
  }

  /** Pairs the rates page offers: each base currency in use → every currency allowed anywhere but itself. */
  async function pairs(rc: RequestContext): Promise<{ from: string; to: string }[]> {
    const config = rc.app.services.config;
    const tree = await rc.app.services.stores.tree(rc.db);
    const bases = new Set([await config.get(CURRENCY_BASE, {}, rc.db)]);
    for (const w of tree.websites) bases.add(await config.get(CURRENCY_BASE, { websiteId: w.id }, rc.db));
    const allowed = new Set(list(await config.get(CURRENCY_ALLOW, {}, rc.db)));
    for (const w of tree.websites) for (const c of list(await config.get(CURRENCY_ALLOW, { websiteId: w.id }, rc.db))) allowed.add(c);
    for (const v of tree.views) for (const c of list(await config.get(CURRENCY_ALLOW, { storeViewId: v.id }, rc.db))) allowed.add(c);
    return [...bases].flatMap((from) => [...allowed].filter((to) => to !== from).map((to) => ({ from, to })));
  }

  return {
    rate,
    invalidate: () => cache.invalidate(),

    /** What a store view shows prices in; its base currency when the display one is not allowed or has no rate. */
    async displayFor(rc: RequestContext, db?: Db): Promise<DisplayCurrency> {
      const config = rc.app.services.config;
      const scope = { storeViewId: rc.store.view.id, websiteId: rc.store.website.id };
      const base = await config.get(CURRENCY_BASE, scope, db);
      const code = await config.get(CURRENCY_DEFAULT, scope, db);
      const r = list(await config.get(CURRENCY_ALLOW, scope, db)).includes(code) ? await rate(base, code, db) : undefined;
      return r ? { base, code, rate: r } : { base, code: base, rate: RATE_SCALE };
    },

    /** The Currency Rates page: every pair on offer with its current rate ("" when none). */
    async ratesPage(rc: RequestContext) {
      const rates = await cache.get(rc.db);
      return (await pairs(rc)).map((p) => ({ ...p, rate: rates.has(key(p.from, p.to)) ? formatRate(rates.get(key(p.from, p.to))!) : '' }));
    },

    /**
     * Saves the rates typed on the page: each a positive decimal with at most six decimals (empty = leave unset).
     * Nothing is saved when any is invalid; one action-log entry lists old → new.
     */
    async saveRates(rc: RequestContext, input: RateInput[]): Promise<Result<{ changed: number }>> {
      const offered = new Set((await pairs(rc)).map((p) => key(p.from, p.to)));
      const current = await cache.get(rc.db);
      const fields: Record<string, string> = {};
      const changes: { from: string; to: string; old: string | null; new: string }[] = [];
      for (const r of input) {
        const field = `rate_${r.from}_${r.to}`;
        if (!offered.has(key(r.from, r.to))) {
          fields[field] = rc.t('{from} → {to} is not a rate this store uses.', { from: r.from, to: r.to });
          continue;
        }
        if (r.value.trim() === '') continue;
        const micro = parseRate(r.value);
        if (micro === null) {
          fields[field] = rc.t('Enter the {from} → {to} rate as a positive number with at most 6 decimals, e.g. 10.5.', { from: r.from, to: r.to });
          continue;
        }
        const old = current.get(key(r.from, r.to));
        if (old !== micro) changes.push({ from: r.from, to: r.to, old: old ? formatRate(old) : null, new: formatRate(micro) });
      }
      const messages = Object.values(fields);
      if (messages.length) return { ok: false, kind: 'validation', messages, fields };
      if (!changes.length) return ok({ changed: 0 });
      const now = isoUtc(rc.app.clock.now());
      await inTransaction(rc, async (trx) => {
        for (const c of changes) await currencyRepo.save(trx.db, { currency_from: c.from, currency_to: c.to, rate: c.new, updated_at: now });
        await bumpVersion(trx.db, CURRENCY_RATES_CACHE);
        await rc.app.services.actionLog.record(trx, {
          group: 'currency',
          action: 'Save',
          details: rc.t('Currency rates saved: {rates}', { rates: changes.map((c) => `${c.from} → ${c.to} ${c.old ?? '—'} → ${c.new}`).join(', ') }),
          fullDetails: { changes: Object.fromEntries(changes.map((c) => [key(c.from, c.to), { old: c.old, new: c.new }])) },
        });
      });
      cache.invalidate();
      await deps.onChange?.(rc.db);
      return ok({ changed: changes.length });
    },

    /** Currency Setup's rule across its settings: the display currency is allowed and has a rate from the base. */
    async validateSettings(rc: RequestContext, pending: PendingSettings): Promise<string[]> {
      if (![CURRENCY_BASE, CURRENCY_DEFAULT, CURRENCY_ALLOW].some((p) => pending.changes(p))) return [];
      const base = await pending.value(CURRENCY_BASE);
      const code = await pending.value(CURRENCY_DEFAULT);
      const allowed = list(await pending.value(CURRENCY_ALLOW));
      const errors: string[] = [];
      if (!allowed.includes(code)) errors.push(rc.t('The default display currency {code} must be one of the allowed currencies.', { code }));
      if (code !== base && !(await rate(base, code, rc.db)))
        errors.push(rc.t('There is no rate from the base currency {base} to {code}: enter one under Stores > Currency Rates first.', { base, code }));
      return errors;
    },
  };
}

export type CurrencyServiceImpl = ReturnType<typeof createCurrencyService>;

declare module '../../kernel/services.ts' {
  interface Services {
    currency: CurrencyServiceImpl;
  }
}
