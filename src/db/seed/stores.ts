import type { RequestContext } from '../../kernel/request-context.ts';
import { TIMEZONE } from '../../modules/stores/index.ts';
import { CURRENCY_ALLOW, CURRENCY_DEFAULT } from '../../modules/currency/index.ts';

/** Main Website (Default Store View, Swedish Store View at /sv, in Swedish) and Second Website (Second Store View at /second). */
export async function seedStores(rc: RequestContext): Promise<{ swedishViewId: number }> {
  const db = rc.db;
  const website = await db
    .insertInto('websites')
    .values({ code: 'second', name: 'Second Website', sort_order: 10, is_default: 0, default_store_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const store = await db
    .insertInto('stores')
    .values({
      website_id: website.id,
      code: 'second_website_store',
      name: 'Second Website Store',
      root_category_id: null,
      default_store_view_id: null,
      sort_order: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const view = await db
    .insertInto('store_views')
    .values({
      store_id: store.id,
      website_id: website.id,
      code: 'second',
      name: 'Second Store View',
      sort_order: 0,
      is_active: 1,
      url_path: 'second',
      host: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('websites').set({ default_store_id: store.id }).where('id', '=', website.id).execute();
  await db.updateTable('stores').set({ default_store_view_id: view.id }).where('id', '=', store.id).execute();
  const swedish = await db
    .insertInto('store_views')
    .values({ store_id: 1, website_id: 1, code: 'sv', name: 'Swedish Store View', sort_order: 10, is_active: 1, url_path: 'sv', host: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await rc.app.services.stores.changed(db);
  const saved = await rc.app.services.config.save(rc, 'stores', swedish.id, [
    { path: 'general/locale/code', value: 'sv_SE' },
    { path: TIMEZONE, value: 'Europe/Stockholm' },
    { path: CURRENCY_ALLOW, value: 'USD,SEK' },
  ]);
  if (!saved.ok) throw new Error(`Demo store settings: ${saved.messages.join('; ')}`);
  // The display currency needs its rate first (a demo rate, not a market one).
  const rate = await rc.app.services.currency.saveRates(rc, [{ from: 'USD', to: 'SEK', value: '10.5' }]);
  if (!rate.ok) throw new Error(`Demo currency rate: ${rate.messages.join('; ')}`);
  const display = await rc.app.services.config.save(rc, 'stores', swedish.id, [{ path: CURRENCY_DEFAULT, value: 'SEK' }]);
  if (!display.ok) throw new Error(`Demo display currency: ${display.messages.join('; ')}`);
  return { swedishViewId: swedish.id };
}
