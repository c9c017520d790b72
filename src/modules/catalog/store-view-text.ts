import type { Db } from '../../db/database.ts';
import { bumpVersion } from '../../db/versioned-cache.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { invalid, ok, refused, type Result } from '../../kernel/result.ts';
import { ALT_MAX } from './images.ts';
import { catalogRepo } from './repo.ts';
import { CATEGORIES_VERSION, type StoreViewText, type StoreViewTextInput } from './public.ts';

type Kind = 'product' | 'category';
type Own = { name: string | null; description: string | null; short_description?: string | null };
type Field = 'name' | 'short_description' | 'description';
/** The text fields each kind keeps per store view (a category has no short description). */
const FIELDS: Record<Kind, readonly Field[]> = { product: ['name', 'short_description', 'description'], category: ['name', 'description'] };

/** The store view's own values from the form: a ticked "Use Default Value" box is null (the row's value is removed). */
function ownFrom(t: RequestContext['t'], kind: Kind, input: StoreViewTextInput): Result<Own> {
  const value = (f: StoreViewTextInput['name'] | undefined) => (!f || f.useDefault ? null : f.value.trim());
  const name = value(input.name);
  const description = value(input.description);
  if (name === '') return invalid('Please correct the highlighted fields.', { name: 'This is a required field.' });
  if (name !== null && name.length > 255) return invalid('Please correct the highlighted fields.', { name: t('Please enter less or equal than 255 symbols.') });
  return ok(kind === 'product' ? { name, description, short_description: value(input.short_description) } : { name, description });
}

/**
 * The images' alt texts from the form, checked against the product's images: a ticked box is null (the image's own
 * alt shows); an image of another product, or a text over 255 characters, refuses the whole save.
 */
function altsFrom(t: RequestContext['t'], input: StoreViewTextInput, imageIds: Set<number>): Result<Map<number, string | null>> {
  const alts = new Map<number, string | null>();
  for (const a of input.alts ?? []) {
    if (!imageIds.has(a.id)) return invalid("This image is not one of this product's images.");
    const alt = a.useDefault ? null : a.value.trim();
    if (alt !== null && alt.length > ALT_MAX)
      return invalid('Please correct the highlighted fields.', { [`alt_${a.id}`]: t('Alt text can be at most {max} characters.', { max: ALT_MAX }) });
    alts.set(a.id, alt);
  }
  return ok(alts);
}

/** Writes a product's alt texts at a store view; the changes, for the action log, as `alt_<image id>`. */
async function putAlts(db: Db, storeViewId: number, alts: Map<number, string | null>, now: string) {
  const before = await catalogRepo.imageTexts(db, [...alts.keys()], storeViewId);
  const changes: Record<string, { old: string | null; new: string | null }> = {};
  for (const [id, alt] of alts) {
    const old = before.get(id) ?? null;
    if (old === alt) continue;
    await catalogRepo.putImageText(db, id, storeViewId, alt, now);
    changes[`alt_${id}`] = { old, new: alt };
  }
  return changes;
}

/** A saved row's values (null where it has none, or no row). */
const ownOf = (kind: Kind, row: Own | undefined): Own => Object.fromEntries(FIELDS[kind].map((k) => [k, row?.[k] ?? null])) as Own;

const changesOf = (kind: Kind, before: Own, after: Own) => {
  const changes: Record<string, { old: string | null; new: string | null }> = {};
  for (const k of FIELDS[kind]) if ((before[k] ?? null) !== (after[k] ?? null)) changes[k] = { old: before[k] ?? null, new: after[k] ?? null };
  return changes;
};

/**
 * Product and category text per store view (decision 019): read for the admin's store-view scope, saved with an
 * action-log entry, the page cache flushed (and the category tree's stamp bumped) after a save.
 */
export function createStoreViewText(deps: { onChange: (db: Db) => Promise<void>; invalidateCategories: () => void }) {
  async function entity(db: Db, kind: Kind, id: number) {
    if (kind === 'product') {
      const p = await catalogRepo.findById(db, id);
      return (
        p && {
          defaults: { name: p.name, description: p.description, short_description: p.short_description },
          label: `Product "${p.name}" (SKU ${p.sku}, ID ${p.id})`,
        }
      );
    }
    const c = await catalogRepo.findCategory(db, id);
    return c && { defaults: { name: c.name, description: c.description }, label: `Category "${c.name}" (ID ${c.id})` };
  }
  const own = (db: Db, kind: Kind, id: number, viewId: number) =>
    kind === 'product' ? catalogRepo.productText(db, id, viewId) : catalogRepo.categoryText(db, id, viewId);

  async function textAt(rc: RequestContext, kind: Kind, id: number, storeViewId: number): Promise<StoreViewText | undefined> {
    const e = await entity(rc.db, kind, id);
    if (!e || !(await rc.app.services.stores.byId(storeViewId))) return undefined;
    const row = await own(rc.db, kind, id, storeViewId);
    const text: StoreViewText = { storeViewId, defaults: e.defaults, own: ownOf(kind, row) };
    if (kind === 'category') return text;
    const images = await catalogRepo.imagesOf(rc.db, [id]);
    const alts = await catalogRepo.imageTexts(
      rc.db,
      images.map((i) => i.id),
      storeViewId,
    );
    const shown = images.map((i) => ({ id: i.id, hash: i.hash, fallback: i.fallback, widths: i.widths.split(',').map(Number), alt: i.alt }));
    return { ...text, images: shown.map((i) => ({ ...i, own: alts.get(i.id) ?? null })) };
  }

  async function save(rc: RequestContext, kind: Kind, id: number, storeViewId: number, input: StoreViewTextInput): Promise<Result<void>> {
    const done = await inTransaction(rc, async (trx): Promise<Result<void>> => {
      const e = await entity(trx.db, kind, id);
      if (!e) return refused(kind === 'product' ? 'This product no longer exists.' : 'This category no longer exists.', 'not_found');
      const view = await rc.app.services.stores.byId(storeViewId, trx.db);
      if (!view) return invalid('Please choose a store view that exists.', { store: 'Please choose a store view that exists.' });
      const after = ownFrom(rc.t, kind, input);
      if (!after.ok) return after;
      const imageIds = kind === 'product' ? new Set((await catalogRepo.imagesOf(trx.db, [id])).map((i) => i.id)) : new Set<number>();
      const alts = kind === 'product' ? altsFrom(rc.t, input, imageIds) : ok(new Map<number, string | null>());
      if (!alts.ok) return alts;
      const before = ownOf(kind, await own(trx.db, kind, id, storeViewId));
      const now = isoUtc(rc.app.clock.now());
      let altChanges = {};
      if (kind === 'product') {
        await catalogRepo.putProductText(trx.db, id, storeViewId, after.value, now);
        altChanges = await putAlts(trx.db, storeViewId, alts.value, now);
      } else {
        await catalogRepo.putCategoryText(trx.db, id, storeViewId, after.value, now);
        await bumpVersion(trx.db, CATEGORIES_VERSION);
      }
      await rc.app.services.actionLog.record(trx, {
        group: kind === 'product' ? 'catalog_products' : 'catalog_categories',
        action: 'Save',
        details: `${e.label} updated for the store view "${view.view.name}"`,
        fullDetails: { id, store_view_id: storeViewId, changes: { ...changesOf(kind, before, after.value), ...altChanges } },
      });
      return ok(undefined);
    });
    if (!done.ok) return done;
    if (kind === 'category') deps.invalidateCategories();
    await deps.onChange(rc.db);
    return done;
  }

  return {
    /** A product's text at a store view (defaults and the view's own), or undefined for an unknown product or view. */
    productTextAt: (rc: RequestContext, productId: number, storeViewId: number) => textAt(rc, 'product', productId, storeViewId),
    /** A category's text at a store view, or undefined for an unknown category or view. */
    categoryTextAt: (rc: RequestContext, categoryId: number, storeViewId: number) => textAt(rc, 'category', categoryId, storeViewId),
    /** Saves a product's name, short description, description and images' alt texts at a store view; a ticked "Use Default Value" removes the view's value. */
    saveProductText: (rc: RequestContext, productId: number, storeViewId: number, input: StoreViewTextInput) =>
      save(rc, 'product', productId, storeViewId, input),
    /** Saves a category's name and description at a store view. */
    saveCategoryText: (rc: RequestContext, categoryId: number, storeViewId: number, input: StoreViewTextInput) =>
      save(rc, 'category', categoryId, storeViewId, input),
  };
}
