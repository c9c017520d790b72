import { z } from 'zod';
import { checked, ids, str, strs } from '../../../http/form.ts';
import { ROOT_CATEGORY_ID } from '../public.ts';
import type { CategoryInput, ProductInput } from '../service.ts';
import type { StoreViewTextInput } from '../public.ts';
import type { ImageEdit } from '../images.ts';

/**
 * The admin catalog forms as zod schemas: each field arrives as a string, an array or not at all, and is read the
 * way the form helpers read it (first value, U+0000 dropped). What the values must look like (required fields,
 * prices, unique SKUs) is the service's to say, with the messages the form shows.
 */
const text = z.unknown().optional().transform(str);
const texts = z.unknown().optional().transform(strs);
const box = z.unknown().optional().transform(checked);
const idList = z.unknown().optional().transform(ids);

const productSchema = z
  .object({
    sku: text,
    name: text,
    url_key: text,
    description: text,
    short_description: z.unknown().optional(),
    image_url: text,
    price: text,
    qty: text,
    is_in_stock: text,
    tax_class_id: z.unknown().optional(),
    status: box,
    websites: idList,
    categories: idList,
    price_website: texts,
    price_group: texts,
    price_value: texts,
  })
  .transform(
    (b): ProductInput => ({
      sku: b.sku,
      name: b.name,
      urlKey: b.url_key,
      description: b.description,
      // Not sent (an older form, the API): keep the saved one.
      shortDescription: b.short_description === undefined ? undefined : str(b.short_description),
      imageUrl: b.image_url,
      price: b.price,
      qty: b.qty,
      inStock: b.is_in_stock !== '0',
      // Not sent: keep the saved class; not a number: -1, which the service refuses.
      taxClassId: b.tax_class_id === undefined ? undefined : /^\d{1,9}$/.test(str(b.tax_class_id)) ? Number(str(b.tax_class_id)) : -1,
      enabled: b.status,
      websiteIds: b.websites,
      categoryIds: b.categories,
      prices: b.price_value.map((price, i) => ({ websiteId: Number(b.price_website[i] ?? 0) || 0, groupId: Number(b.price_group[i] ?? -1), price })),
    }),
  );

const categorySchema = z.object({ name: text, url_key: text, description: text, parent_id: text, position: text, is_active: box }).transform(
  (b): CategoryInput => ({
    name: b.name,
    urlKey: b.url_key,
    description: b.description,
    parentId: Number(b.parent_id) || ROOT_CATEGORY_ID,
    position: b.position,
    active: b.is_active,
  }),
);

/** The store-view form: the store view, and per text field its value and its "Use Default Value" box. */
const storeViewSchema = z
  .object({
    store: text,
    name: text,
    description: text,
    short_description: z.unknown().optional(),
    use_default_name: box,
    use_default_description: box,
    use_default_short_description: box,
  })
  .transform((b): { storeViewId: number; input: StoreViewTextInput } => ({
    // Anything but an id is no store view (0): the service refuses it with its message.
    storeViewId: /^\d{1,9}$/.test(b.store.trim()) ? Number(b.store.trim()) : 0,
    input: {
      name: { useDefault: b.use_default_name, value: b.name },
      description: { useDefault: b.use_default_description, value: b.description },
      // A category's form has no short description: not sent is the default.
      short_description: { useDefault: b.short_description === undefined || b.use_default_short_description, value: str(b.short_description) },
    },
  }));

/** The store-view form, with the images' alt texts (`alt_<id>` and its `use_default_alt_<id>` box). */
export function storeViewTextFrom(body: Record<string, unknown>) {
  const parsed = storeViewSchema.parse(body);
  const alts = Object.keys(body)
    .filter((k) => /^alt_\d{1,9}$/.test(k))
    .map((k) => ({ id: Number(k.slice(4)), useDefault: checked(body[`use_default_${k}`]), value: str(body[k]) }));
  return { ...parsed, input: { ...parsed.input, alts } };
}
export const productInputFrom = (body: Record<string, unknown>): ProductInput => productSchema.parse(body);
export const categoryInputFrom = (body: Record<string, unknown>): CategoryInput => categorySchema.parse(body);

/** The Images form: `main` (an image id) and `alt_<id>` per image; other fields are ignored. */
export function imageEditFrom(body: Record<string, unknown>): ImageEdit {
  const main = str(body.main).trim();
  const alts = Object.keys(body)
    .filter((k) => /^alt_\d{1,9}$/.test(k))
    .map((k) => ({ id: Number(k.slice(4)), alt: str(body[k]) }));
  return { mainId: /^\d{1,9}$/.test(main) ? Number(main) : main ? -1 : undefined, alts };
}
