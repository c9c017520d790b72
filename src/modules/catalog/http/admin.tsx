import type { FastifyReply } from 'fastify';
import { bodyOf, filterId, paramId, queryOf, redirectWith } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { parseMoney } from '../../../kernel/money.ts';
import type { Refusal } from '../../../kernel/result.ts';
import { confirmationPage } from '../../../ui/admin-layout.tsx';
import { cursorOf, pageSizeOf } from '../../../db/keyset.ts';
import { gridColumnsRoute } from '../../../http/grid-columns.ts';
import type { RouteRegistrar } from '../../types.ts';
import { CATALOG_CATEGORIES_RESOURCE, CATALOG_PRODUCTS_RESOURCE, ROOT_CATEGORY_ID } from '../public.ts';
import { NO_TAX_CLASS, TAX_PATHS } from '../../tax/index.ts';
import type { CategoryInput, CategoryNode, ProductInput, ProductGridQuery } from '../service.ts';
import { CATEGORIES, categoryPage } from '../views/categories.tsx';
import { PRODUCTS, productFormPage, productGridPage } from '../views/products.tsx';
import { categoryInputFrom, productInputFrom, storeViewTextFrom } from './forms.ts';
import { StoreViewSwitcher, StoreViewTextForm } from '../views/store-view-text.tsx';
import type { StoreViewText, StoreViewTextInput } from '../public.ts';

const SORT_KEYS = ['id', 'name', 'sku', 'price', 'qty'] as const;

const p = (resource: string, actionName: string) => ({ resource, actionName });
const errorsOf = (r: Refusal) => ({ message: r.messages[0], fields: r.fields });

function productGridQuery(q: Record<string, string | undefined>): ProductGridQuery {
  const sort = (SORT_KEYS as readonly string[]).includes(q.sort ?? '') ? (q.sort as (typeof SORT_KEYS)[number]) : 'id';
  // Quantities are whole numbers within the integer column's range; anything else does not filter.
  const num = (v?: string) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
  const money = (v?: string) => (v ? (parseMoney(v) ?? undefined) : undefined);
  return {
    filter: {
      id: q.id,
      name: q.name,
      sku: q.sku,
      keyword: q.search,
      priceFrom: money(q.price_from),
      priceTo: money(q.price_to),
      qtyFrom: num(q.qty_from),
      qtyTo: num(q.qty_to),
      status: q.status,
      websiteId: filterId(q.website),
    },
    page: { sort, dir: q.dir === 'asc' ? 'asc' : 'desc', limit: pageSizeOf(q), cursor: cursorOf(q) },
  };
}

async function productGrid(rc: RequestContext, query: Record<string, string | undefined>) {
  const q = productGridQuery(query);
  const { websites } = await rc.app.services.stores.tree();
  const { rows, total, ...page } = await rc.app.services.catalog.productGrid(rc, q);
  return productGridPage(rc, { query, sort: { key: q.page.sort, dir: q.page.dir }, rows, total, page, websites });
}

/** Categories below the root, indented by depth, for the product's category select. */
function categoryOptions(tree: CategoryNode[]) {
  const flat: { value: string; label: string }[] = [];
  const walk = (n: CategoryNode) => {
    if (n.id !== ROOT_CATEGORY_ID) flat.push({ value: String(n.id), label: `${'— '.repeat(Math.max(0, n.depth - 1))}${n.name}` });
    n.children.forEach(walk);
  };
  tree.forEach(walk);
  return flat;
}

export async function productForm(
  rc: RequestContext,
  form: ProductInput & { id?: number },
  errors?: { message?: string; fields?: Record<string, string> },
  imageError?: string,
) {
  const { websites } = await rc.app.services.stores.tree();
  const { rows, tree } = await rc.app.services.catalog.categories();
  const groups = (await rc.app.services.customers.groups(rc)).map((g) => ({ id: g.id, name: g.code }));
  const images = form.id ? await rc.app.services.catalog.productImages(rc, form.id) : [];
  const scope = form.id ? await scopeSwitcher(rc, `${PRODUCTS}/${form.id}/edit`) : undefined;
  const classes = (await rc.app.services.tax.classes(rc)).filter((c) => c.class_type === 'PRODUCT');
  const taxClasses = [{ value: String(NO_TAX_CLASS), label: rc.t('None') }, ...classes.map((c) => ({ value: String(c.id), label: rc.t(c.class_name) }))];
  const defaultTaxClass = await rc.app.services.config.getInt(TAX_PATHS.defaultProductClass);
  return productFormPage(rc, {
    form,
    websites,
    categoryOptions: categoryOptions(tree),
    hasCategories: rows.length > 0,
    groups,
    taxClasses,
    defaultTaxClass,
    errors,
    images,
    imageError,
    scope,
  });
}

async function scopeSwitcher(rc: RequestContext, action: string, current?: number) {
  return <StoreViewSwitcher rc={rc} action={action} tree={await rc.app.services.stores.tree()} current={current} />;
}

/** The `?store=` of an edit page: a store view id, or undefined for All Store Views (an unknown id is 0). */
const storeParam = (q: Record<string, string | undefined>) => (q.store ? (filterId(q.store) ?? 0) : undefined);

interface StoreViewPage {
  text: StoreViewText;
  input?: StoreViewTextInput;
  errors?: { message?: string; fields?: Record<string, string> };
}

/** A product at a store view: the scope select and the text form (the product's other fields are for All Store Views). */
async function productStoreViewForm(rc: RequestContext, id: number, page: StoreViewPage) {
  const form = (await rc.app.services.catalog.productForEdit(rc, id))!;
  const view = await rc.app.services.stores.byId(page.text.storeViewId);
  const d = {
    formId: 'product-form',
    action: `${PRODUCTS}/${id}/store-view/save`,
    viewName: view?.view.name ?? '',
    labels: { name: rc.t('Product Name'), short_description: rc.t('Short Description'), description: rc.t('Description') },
    ...page,
  };
  return productFormPage(rc, {
    form,
    websites: [],
    categoryOptions: [],
    hasCategories: false,
    groups: [],
    taxClasses: [],
    defaultTaxClass: 0,
    scope: await scopeSwitcher(rc, `${PRODUCTS}/${id}/edit`, page.text.storeViewId),
    storeView: <StoreViewTextForm rc={rc} d={d} />,
  });
}

/** A category at a store view: the tree, the scope select and the text form. */
async function categoryStoreViewForm(rc: RequestContext, current: CategoryInput & { id: number }, page: StoreViewPage) {
  const { tree } = await rc.app.services.catalog.categories();
  const counts = await rc.app.services.catalog.categoryProductCounts(rc);
  const view = await rc.app.services.stores.byId(page.text.storeViewId);
  const d = {
    formId: 'category-form',
    action: `${CATEGORIES}/${current.id}/store-view/save`,
    viewName: view?.view.name ?? '',
    labels: { name: rc.t('Category Name'), description: rc.t('Description') },
    ...page,
  };
  const scope = await scopeSwitcher(rc, `${CATEGORIES}/${current.id}/edit`, page.text.storeViewId);
  return categoryPage(rc, { current, tree, counts, scope, storeView: <StoreViewTextForm rc={rc} d={d} /> });
}

async function categoryEdit(rc: RequestContext, current: CategoryInput & { id?: number }, errors?: { message?: string; fields?: Record<string, string> }) {
  const { tree } = await rc.app.services.catalog.categories();
  const counts = await rc.app.services.catalog.categoryProductCounts(rc);
  const scope = current.id ? await scopeSwitcher(rc, `${CATEGORIES}/${current.id}/edit`) : undefined;
  return categoryPage(rc, { current, tree, counts, errors, scope });
}

/** Saves a product's or category's text at a store view; a refusal shows the form again with the message. */
async function saveStoreViewText(rc: RequestContext, kind: 'product' | 'category', id: number, body: Record<string, unknown>, reply: FastifyReply) {
  const { storeViewId, input } = storeViewTextFrom(body);
  const catalog = rc.app.services.catalog;
  const result = kind === 'product' ? await catalog.saveProductText(rc, id, storeViewId, input) : await catalog.saveCategoryText(rc, id, storeViewId, input);
  if (!result.ok && result.kind === 'not_found') return reply.callNotFound();
  const base = kind === 'product' ? PRODUCTS : CATEGORIES;
  if (result.ok) {
    const text = kind === 'product' ? rc.t('You saved the product.') : rc.t('You saved the category.');
    return redirectWith(reply, rc, `${base}/${id}/edit?store=${storeViewId}`, { type: 'success', text });
  }
  reply.code(statusOf(result.kind));
  const known = kind === 'product' ? await catalog.productTextAt(rc, id, storeViewId) : await catalog.categoryTextAt(rc, id, storeViewId);
  // An unknown store view: back to All Store Views with the message.
  if (!known) return redirectWith(reply, rc, `${base}/${id}/edit`, { type: 'error', text: rc.t(result.messages[0]!) });
  const page = { text: known, input, errors: errorsOf(result) };
  if (kind === 'product') return productStoreViewForm(rc, id, page);
  return categoryStoreViewForm(rc, { ...(await categoryInputOf(rc, id))!, id }, page);
}

async function categoryInputOf(rc: RequestContext, id: number): Promise<(CategoryInput & { id: number }) | undefined> {
  const row = await rc.app.services.catalog.category(rc, id);
  if (!row) return undefined;
  const { name, description } = row;
  return { id, name, urlKey: row.url_key, description, parentId: row.parent_id ?? 0, position: String(row.position), active: row.is_active === 1 };
}

const NEW_PRODUCT = (websiteId: number): ProductInput => ({
  sku: '',
  name: '',
  urlKey: '',
  description: '',
  imageUrl: '',
  price: '',
  qty: '0',
  inStock: true,
  enabled: true,
  websiteIds: [websiteId],
  categoryIds: [],
  prices: [],
});

async function saveProduct(rc: RequestContext, body: Record<string, unknown>, id: number | undefined, reply: FastifyReply) {
  const input = productInputFrom(body);
  const result = await rc.app.services.catalog.saveProduct(rc, input, id);
  if (!result.ok && result.kind === 'not_found') return reply.callNotFound();
  if (!result.ok) {
    reply.code(statusOf(result.kind));
    return productForm(rc, { ...input, id, prices: input.prices.filter((x) => x.price.trim()) }, errorsOf(result));
  }
  return redirectWith(reply, rc, `${PRODUCTS}/${result.value}/edit`, { type: 'success', text: rc.t('You saved the product.') });
}

async function saveCategory(rc: RequestContext, body: Record<string, unknown>, id: number | undefined, reply: FastifyReply) {
  const input = categoryInputFrom(body);
  const result = await rc.app.services.catalog.saveCategory(rc, input, id);
  if (!result.ok && result.kind === 'not_found') return reply.callNotFound();
  if (!result.ok) {
    reply.code(statusOf(result.kind));
    return categoryEdit(rc, { ...input, id }, errorsOf(result));
  }
  return redirectWith(reply, rc, `${CATEGORIES}/${result.value}/edit`, { type: 'success', text: rc.t('You saved the category.') });
}

function productRoutes(r: RouteRegistrar) {
  const prod = CATALOG_PRODUCTS_RESOURCE;
  const exists = async (rc: RequestContext, id?: number) => (id ? rc.app.services.catalog.productSummary(rc, id) : undefined);
  r.adminGet('/catalog/products', p(prod, 'catalog_product_index'), (req, _reply, rc) => productGrid(rc, queryOf(req)));
  gridColumnsRoute(r, { path: '/catalog/products', resource: prod, grid: 'product_listing', actionName: 'catalog_product_columns' });
  r.adminGet('/catalog/products/new', p(prod, 'catalog_product_new'), async (_req, _reply, rc) => productForm(rc, NEW_PRODUCT(rc.store.website.id)));
  r.adminGet('/catalog/products/:id/edit', p(prod, 'catalog_product_edit'), async (req, reply, rc) => {
    const id = paramId(req);
    const store = storeParam(queryOf(req));
    if (id && store !== undefined) {
      const text = await rc.app.services.catalog.productTextAt(rc, id, store);
      return text ? productStoreViewForm(rc, id, { text }) : reply.callNotFound();
    }
    const form = id ? await rc.app.services.catalog.productForEdit(rc, id) : undefined;
    return form ? productForm(rc, form) : reply.callNotFound();
  });
  r.adminPost('/catalog/products/:id/store-view/save', p(prod, 'catalog_product_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await exists(rc, id))) return reply.callNotFound();
    return saveStoreViewText(rc, 'product', id, bodyOf(req), reply);
  });
  r.adminPost('/catalog/products/save', p(prod, 'catalog_product_save'), (req, reply, rc) => saveProduct(rc, bodyOf(req), undefined, reply));
  r.adminPost('/catalog/products/:id/save', p(prod, 'catalog_product_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await exists(rc, id))) return reply.callNotFound();
    return saveProduct(rc, bodyOf(req), id, reply);
  });
  r.adminGet('/catalog/products/:id/delete', p(prod, 'catalog_product_delete'), async (req, reply, rc) => {
    const row = await exists(rc, paramId(req));
    if (!row) return reply.callNotFound();
    const question = rc.t('Are you sure you want to delete the product "{name}" (SKU {sku})?', { name: row.name, sku: row.sku });
    const [action, cancel] = [`${PRODUCTS}/${row.id}/delete`, `${PRODUCTS}/${row.id}/edit`];
    return confirmationPage(rc, { title: rc.t('Delete Product'), question, action, cancel, active: 'catalog' });
  });
  r.adminPost('/catalog/products/:id/delete', p(prod, 'catalog_product_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    const result = id ? await rc.app.services.catalog.deleteProduct(rc, id) : undefined;
    if (!result || (!result.ok && result.kind === 'not_found')) return reply.callNotFound();
    if (!result.ok) return redirectWith(reply, rc, `${PRODUCTS}/${id}/edit`, { type: 'error', text: rc.t(result.messages[0]!) });
    return redirectWith(reply, rc, PRODUCTS, { type: 'success', text: rc.t('You deleted the product.') });
  });
}

function categoryRoutes(r: RouteRegistrar) {
  const cat = CATALOG_CATEGORIES_RESOURCE;
  const find = async (rc: RequestContext, id?: number) => (id ? rc.app.services.catalog.category(rc, id) : undefined);
  r.adminGet('/catalog/categories', p(cat, 'catalog_category_index'), async (_req, reply) => reply.redirect(`${CATEGORIES}/${ROOT_CATEGORY_ID}/edit`, 302));
  r.adminGet('/catalog/categories/new', p(cat, 'catalog_category_add'), async (req, _reply, rc) =>
    categoryEdit(rc, { name: '', urlKey: '', description: '', parentId: Number(queryOf(req).parent) || ROOT_CATEGORY_ID, position: '0', active: true }),
  );
  r.adminGet('/catalog/categories/:id/edit', p(cat, 'catalog_category_edit'), async (req, reply, rc) => {
    const id = paramId(req);
    const current = id ? await categoryInputOf(rc, id) : undefined;
    if (!current) return reply.callNotFound();
    const store = storeParam(queryOf(req));
    if (store === undefined) return categoryEdit(rc, current);
    const text = await rc.app.services.catalog.categoryTextAt(rc, current.id, store);
    return text ? categoryStoreViewForm(rc, current, { text }) : reply.callNotFound();
  });
  r.adminPost('/catalog/categories/:id/store-view/save', p(cat, 'catalog_category_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await find(rc, id))) return reply.callNotFound();
    return saveStoreViewText(rc, 'category', id, bodyOf(req), reply);
  });
  r.adminPost('/catalog/categories/save', p(cat, 'catalog_category_save'), (req, reply, rc) => saveCategory(rc, bodyOf(req), undefined, reply));
  r.adminPost('/catalog/categories/:id/save', p(cat, 'catalog_category_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await find(rc, id))) return reply.callNotFound();
    return saveCategory(rc, bodyOf(req), id, reply);
  });
  r.adminGet('/catalog/categories/:id/delete', p(cat, 'catalog_category_delete'), async (req, reply, rc) => {
    const row = await find(rc, paramId(req));
    if (!row) return reply.callNotFound();
    const question = rc.t('Are you sure you want to delete the category "{name}"? Its products stay in the catalog.', { name: row.name });
    const [action, cancel] = [`${CATEGORIES}/${row.id}/delete`, `${CATEGORIES}/${row.id}/edit`];
    return confirmationPage(rc, { title: rc.t('Delete Category'), question, action, cancel, active: 'catalog' });
  });
  r.adminPost('/catalog/categories/:id/delete', p(cat, 'catalog_category_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    const result = id ? await rc.app.services.catalog.deleteCategory(rc, id) : undefined;
    if (!result || (!result.ok && result.kind === 'not_found')) return reply.callNotFound();
    if (!result.ok) return redirectWith(reply, rc, `${CATEGORIES}/${id}/edit`, { type: 'error', text: rc.t(result.messages[0]!) });
    return redirectWith(reply, rc, CATEGORIES, { type: 'success', text: rc.t('You deleted the category.') });
  });
}

export function catalogAdminRoutes(r: RouteRegistrar) {
  productRoutes(r);
  categoryRoutes(r);
}
