import { z } from 'zod';
import type { StoreInput, ViewInput, WebsiteInput } from '../admin-service.ts';

/**
 * The website, store and store view forms as zod schemas. A field that is missing or not a single string reads as
 * empty (ids as none, sort orders as 0), as it always has; the service says what the values must be.
 */
const text = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' ? v : ''));
const id = z
  .unknown()
  .optional()
  .transform((v) => {
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : null;
  });
const sortOrder = z
  .unknown()
  .optional()
  .transform((v) => {
    const n = Number(v);
    return Number.isInteger(n) ? n : 0;
  });
const common = { id, name: text, code: text.transform((s) => s.trim()), sort_order: sortOrder };

const websiteSchema = z
  .object({ ...common, default_store_id: id })
  .transform((b): WebsiteInput => ({ name: b.name, code: b.code, sortOrder: b.sort_order, defaultStoreId: b.default_store_id }));
const storeSchema = z.object({ ...common, website_id: id, root_category_id: id, default_store_view_id: id }).transform(
  (b): StoreInput => ({
    name: b.name,
    code: b.code,
    sortOrder: b.sort_order,
    websiteId: b.website_id ?? 0,
    rootCategoryId: b.root_category_id,
    defaultStoreViewId: b.default_store_view_id,
  }),
);
const viewSchema = z.object({ ...common, store_id: id, is_active: z.unknown().optional(), url_path: text, host: text }).transform(
  (b): ViewInput => ({
    name: b.name,
    code: b.code,
    sortOrder: b.sort_order,
    storeId: b.store_id ?? 0,
    isActive: b.is_active === '1',
    urlPath: b.url_path,
    host: b.host,
  }),
);
const idSchema = z.object({ id }).transform((b) => b.id ?? undefined);

export type StoresForm =
  | { kind: 'website'; id?: number; input: WebsiteInput }
  | { kind: 'store'; id?: number; input: StoreInput }
  | { kind: 'view'; id?: number; input: ViewInput };

/** The submitted form: its id (none for a new one) and the service's input. */
export function storesFormFrom(kind: StoresForm['kind'], raw: unknown): StoresForm {
  const body = raw && typeof raw === 'object' ? raw : {};
  const formId = idSchema.parse(body);
  if (kind === 'website') return { kind, id: formId, input: websiteSchema.parse(body) };
  if (kind === 'store') return { kind, id: formId, input: storeSchema.parse(body) };
  return { kind, id: formId, input: viewSchema.parse(body) };
}

/** What was typed, to show the form again: every field as a string (an unticked "active" box as "0"). */
export function submittedValues(kind: StoresForm['kind'], raw: unknown): Record<string, string> {
  const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  if (kind === 'view' && body.is_active === undefined) values.is_active = '0';
  return values;
}
