import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemRc, unique } from '../../testing/fixtures.ts';
import { createProduct } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { catalogRepo, computedPriceExpr } from './repo.ts';
import type { ProductInput } from './public.ts';

let app: TestApp;
let rc: RequestContext;
/** A second website (the test database starts with the Main Website only). */
let w2: number;
beforeAll(async () => {
  app = await createTestApp();
  rc = await systemRc(app);
  w2 = must(
    await app.ctx.services.storesAdmin.saveWebsite(rc, undefined, {
      name: 'Second',
      code: unique('second')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
      sortOrder: 5,
      defaultStoreId: null,
    }),
  ).id;
});
afterAll(async () => app?.dispose());

function must<T>(r: { ok: true; value: T } | { ok: false; messages: string[] }): T {
  if (!r.ok) throw new Error(r.messages.join('; '));
  return r.value;
}

/** The stored index equals the prices computed from the catalog, row for row. */
async function expectIndexCurrent() {
  const report = await app.ctx.services.catalog.checkPriceIndex(rc);
  expect(report.differ).toEqual([]);
  return report.rows;
}

/** The price the storefront computed before the index existed, for one product and shopper. */
async function oldPrice(productId: number, websiteId: number, groupId: number) {
  const row = await app.ctx.db
    .selectFrom('products as p')
    .where('p.id', '=', productId)
    .select(computedPriceExpr({ websiteId, groupId }).as('price'))
    .executeTakeFirstOrThrow();
  return Number(row.price);
}

const input = (over: Partial<ProductInput> = {}): ProductInput => ({
  sku: unique('IDX-'),
  name: unique('Indexed '),
  urlKey: '',
  description: '',
  imageUrl: '',
  price: '30.00',
  qty: '5',
  inStock: true,
  enabled: true,
  websiteIds: [1, w2],
  categoryIds: [],
  prices: [],
  ...over,
});

describe('the price index', () => {
  it('follows every kind of catalog change made through the services', async () => {
    const catalog = app.ctx.services.catalog;
    const id = must(await catalog.saveProduct(rc, input({ prices: [{ websiteId: 0, groupId: 2, price: '25.00' }] })));
    await expectIndexCurrent();
    const row = (w: number, g: number) =>
      app.ctx.db
        .selectFrom('catalog_price_index')
        .select('price')
        .where('product_id', '=', id)
        .where('website_id', '=', w)
        .where('customer_group_id', '=', g)
        .executeTakeFirst();
    expect(await row(1, 2)).toEqual({ price: 2500 });
    expect(await row(1, 0)).toEqual({ price: 3000 });

    // Base price, special prices, websites, a disabled product.
    const edits: Partial<ProductInput>[] = [
      { price: '20.00', prices: [{ websiteId: 0, groupId: 2, price: '25.00' }] },
      { prices: [{ websiteId: w2, groupId: -1, price: '9.00' }] },
      { websiteIds: [1], prices: [{ websiteId: w2, groupId: -1, price: '9.00' }] },
      { enabled: false },
    ];
    for (const edit of edits) {
      const current = (await catalog.productForEdit(rc, id))!;
      must(await catalog.saveProduct(rc, { ...current, ...edit, urlKey: current.urlKey }, id));
      await expectIndexCurrent();
    }
    expect(await row(1, 2)).toEqual({ price: 2000 });
    expect(await row(w2, 0)).toBeUndefined();

    // A new customer group gets its rows; a deleted one loses them (its customers move to General).
    const groupId = must(await app.ctx.services.customers.saveGroup(rc, unique('Idx ')));
    await expectIndexCurrent();
    expect(await row(1, groupId)).toEqual({ price: 2000 });
    must(await app.ctx.services.customers.deleteGroup(rc, groupId));
    await expectIndexCurrent();
    expect(await row(1, groupId)).toBeUndefined();

    // A deleted website takes its rows along.
    const websiteId = must(
      await app.ctx.services.storesAdmin.saveWebsite(rc, undefined, {
        name: 'Index Website',
        code: unique('iw')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, ''),
        sortOrder: 9,
        defaultStoreId: null,
      }),
    ).id;
    const other = must(await catalog.saveProduct(rc, input({ websiteIds: [1, websiteId] })));
    expect(await app.ctx.db.selectFrom('catalog_price_index').select('price').where('website_id', '=', websiteId).execute()).not.toEqual([]);
    must(await app.ctx.services.storesAdmin.remove(rc, 'websites', websiteId));
    await expectIndexCurrent();
    expect(await app.ctx.db.selectFrom('catalog_price_index').select('price').where('website_id', '=', websiteId).execute()).toEqual([]);

    must(await catalog.deleteProduct(rc, other));
    must(await catalog.deleteProduct(rc, id));
    expect(await app.ctx.db.selectFrom('catalog_price_index').select('price').where('product_id', 'in', [id, other]).execute()).toEqual([]);
    await expectIndexCurrent();
  });

  it('rolls back with the change that failed', async () => {
    const id = must(await app.ctx.services.catalog.saveProduct(rc, input()));
    const before = await catalogRepo.priceIndexRows(app.ctx.db, 'stored');
    // Rows written inside a transaction that then fails are gone with it.
    await expect(
      inTransaction(rc, async (trx) => {
        await catalogRepo.replacePrices(trx.db, id, [{ websiteId: 0, groupId: -1, price: 100 }]);
        expect((await catalogRepo.priceIndexRows(trx.db, 'stored')).find((r) => r.product_id === id)?.price).toBe(100);
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await catalogRepo.priceIndexRows(app.ctx.db, 'stored')).toEqual(before);
  });

  it('is rebuilt whole by refreshPriceIndex, and a stale row is reported until then', async () => {
    const p = await createProduct(app, { price: 4000, websites: [1, w2], prices: [{ websiteId: 1, groupId: 0, price: 3500 }] });
    await app.ctx.db.updateTable('catalog_price_index').set({ price: 1 }).where('product_id', '=', p.id).execute();
    const stale = await app.ctx.services.catalog.checkPriceIndex(rc);
    expect(stale.ok).toBe(false);
    expect(stale.differ.some((d) => d.startsWith(`${p.id}|1|0: 1 `))).toBe(true);
    const written = await app.ctx.services.catalog.refreshPriceIndex(rc);
    expect(written).toBe(await expectIndexCurrent());
  });

  it('equals the computed price after any sequence of price edits, and the storefront reads it (property)', async () => {
    const groups = [-1, 0, 1, 2, 3];
    const special = fc.record({ websiteId: fc.constantFrom(0, 1, w2), groupId: fc.constantFrom(...groups), price: fc.integer({ min: 1, max: 9000 }) });
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('base' as const), price: fc.integer({ min: 1, max: 9000 }) }),
      fc.record({ kind: fc.constant('specials' as const), prices: fc.uniqueArray(special, { maxLength: 6, selector: (s) => `${s.websiteId}|${s.groupId}` }) }),
      fc.record({ kind: fc.constant('websites' as const), websites: fc.subarray([1, w2], { minLength: 1 }) }),
    );
    const products = await Promise.all([0, 1, 2].map(() => createProduct(app, { price: 5000, websites: [1, w2] })));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(2), edit), { minLength: 1, maxLength: 8 }), async (steps) => {
        for (const [which, e] of steps) {
          const id = products[which]!.id;
          if (e.kind === 'base') await catalogRepo.updateProduct(app.ctx.db, id, { price: e.price });
          else if (e.kind === 'specials') await catalogRepo.replacePrices(app.ctx.db, id, e.prices);
          else await catalogRepo.replaceWebsites(app.ctx.db, id, e.websites);
        }
        const ids = products.map((p) => p.id);
        const stored = (await catalogRepo.priceIndexRows(app.ctx.db, 'stored')).filter((r) => ids.includes(r.product_id));
        for (const r of stored) expect(r.price).toBe(await oldPrice(r.product_id, r.website_id, r.customer_group_id));
        // What the storefront and the cart read, for every website and group, equals the old computation.
        for (const websiteId of [1, w2])
          for (const groupId of [0, 1, 2, 3]) {
            const priced = await catalogRepo.pricedByIds(app.ctx.db, { websiteId, groupId }, ids);
            for (const id of ids) expect(priced.get(id)!.final_price).toBe(await oldPrice(id, websiteId, groupId));
          }
      }),
      { numRuns: 25 },
    );
    await expectIndexCurrent();
  });

  it('sorts a listing by the indexed price exactly as by the computed one', async () => {
    const pc = { websiteId: 1, groupId: 2 };
    const { rows } = await catalogRepo.listForStorefront(app.ctx.db, pc, { sort: 'price', dir: 'asc', limit: 500, offset: 0 });
    const expected = await app.ctx.db
      .selectFrom('products as p')
      .innerJoin('product_websites as pw', (j) => j.onRef('pw.product_id', '=', 'p.id').on('pw.website_id', '=', 1))
      .where('p.status', '=', 1)
      .select(['p.id', computedPriceExpr(pc).as('price')])
      .orderBy(sql`price`)
      .orderBy('p.id')
      .limit(500)
      .execute();
    expect(rows.map((r) => [r.id, r.final_price])).toEqual(expected.map((r) => [r.id, Number(r.price)]));
  });
});
