import { attempt, bodyOf, checked, filterId, ids, paramId, queryOf, redirectWith, str, strs } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { parseMoney, toDecimal } from '../../../kernel/money.ts';
import { adminPage, confirmationPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, SelectField, TextAreaField, TextField } from '../../../ui/components.tsx';
import { Grid, KeywordSearch, keysetPager } from '../../../ui/grid.tsx';
import { cursorOf } from '../../../db/keyset.ts';
import { customersRepo } from '../../customers/repo.ts';
import type { RouteRegistrar } from '../../types.ts';
import { ALL_GROUPS, ALL_WEBSITES, catalogRepo } from '../repo.ts';
import { ROOT_CATEGORY_ID, type CategoryInput, type CategoryNode, type ProductInput } from '../service.ts';

const PRODUCTS = '/admin/catalog/products';
const CATEGORIES = '/admin/catalog/categories';
const PAGE_SIZE = 20;
const EXTRA_PRICE_ROWS = 2;

const p = (resource: string, actionName: string) => ({ resource, actionName });

async function groupOptions(rc: RequestContext) {
  return (await customersRepo.groups(rc.db)).map((g) => ({ value: String(g.id), label: g.code }));
}

async function productGrid(rc: RequestContext, q: Record<string, string | undefined>) {
  const t = rc.t;
  const sortKeys = ['id', 'name', 'sku', 'price', 'qty'] as const;
  const sort = (sortKeys as readonly string[]).includes(q.sort ?? '') ? (q.sort as (typeof sortKeys)[number]) : 'id';
  const dir = q.dir === 'asc' ? 'asc' : 'desc';
  // Quantities are whole numbers within the integer column's range; anything else does not filter.
  const num = (v?: string) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
  const money = (v?: string) => (v ? (parseMoney(v) ?? undefined) : undefined);
  const tree = await rc.app.services.stores.tree();
  const { rows, total, ...page } = await catalogRepo.adminList(
    rc.db,
    {
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
    { sort, dir, limit: PAGE_SIZE, cursor: cursorOf(q) },
  );
  return adminPage(rc, {
    title: t('Products'),
    active: 'catalog',
    actions: (
      <a class="action-primary" href={`${PRODUCTS}/new`} safe>
        {t('Add Product')}
      </a>
    ),
    content: (
      <>
        <KeywordSearch rc={rc} action={PRODUCTS} value={q.search} id="product-keyword" />
        <Grid
          rc={rc}
          id="product_listing"
          action={PRODUCTS}
          query={q}
          rows={rows}
          sort={{ key: sort, dir }}
          pager={keysetPager(rc, PRODUCTS, q, total, page)}
          columns={[
            { label: t('ID'), value: (r) => r.id, filter: { type: 'text', name: 'id' }, sort: 'id' },
            {
              label: t('Name'),
              cell: (r) => (
                <a href={`${PRODUCTS}/${r.id}/edit`} safe>
                  {r.name}
                </a>
              ),
              filter: { type: 'text', name: 'name' },
              sort: 'name',
            },
            { label: t('SKU'), value: (r) => r.sku, filter: { type: 'text', name: 'sku' }, sort: 'sku' },
            { label: t('Price'), value: (r) => toDecimal(r.price), filter: { type: 'range', from: 'price_from', to: 'price_to', input: 'number' }, sort: 'price' },
            { label: t('Quantity'), value: (r) => r.qty, filter: { type: 'range', from: 'qty_from', to: 'qty_to', input: 'number' }, sort: 'qty' },
            {
              label: t('Status'),
              value: (r) => (r.status === 1 ? t('Enabled') : t('Disabled')),
              filter: {
                type: 'select',
                name: 'status',
                options: [
                  { value: '1', label: t('Enabled') },
                  { value: '0', label: t('Disabled') },
                ],
              },
            },
            { label: t('Websites'), value: () => '', filter: { type: 'select', name: 'website', options: tree.websites.map((w) => ({ value: String(w.id), label: w.name })) } },
            {
              label: t('Action'),
              cell: (r) => (
                <a href={`${PRODUCTS}/${r.id}/edit`} safe>
                  {t('Edit')}
                </a>
              ),
            },
          ]}
        />
      </>
    ),
  });
}

interface ProductFormState extends ProductInput {
  id?: number;
}

async function productForm(rc: RequestContext, f: ProductFormState, errors: { message?: string; fields?: Record<string, string> } = {}) {
  const t = rc.t;
  const tree = await rc.app.services.stores.tree();
  const { rows: categories } = await rc.app.services.catalog.categories();
  const { tree: catTree } = await rc.app.services.catalog.categories();
  const groups = await groupOptions(rc);
  const fe = errors.fields ?? {};
  const flat: { value: string; label: string }[] = [];
  const walk = (n: CategoryNode) => {
    if (n.id !== ROOT_CATEGORY_ID) flat.push({ value: String(n.id), label: `${'— '.repeat(Math.max(0, n.depth - 1))}${n.name}` });
    n.children.forEach(walk);
  };
  catTree.forEach(walk);
  const priceRows = [...f.prices, ...Array.from({ length: EXTRA_PRICE_ROWS }, () => ({ websiteId: ALL_WEBSITES, groupId: ALL_GROUPS, price: '' }))];
  return adminPage(rc, {
    title: f.id ? f.name || t('Edit Product') : t('New Product'),
    active: 'catalog',
    actions: (
      <>
        <a class="action-back" href={PRODUCTS} safe>
          {t('Back')}
        </a>
        {f.id ? (
          <a class="action-secondary" href={`${PRODUCTS}/${f.id}/delete`} safe>
            {t('Delete')}
          </a>
        ) : (
          ''
        )}
        <button type="submit" form="product-form" class="action-primary" safe>
          {t('Save')}
        </button>
      </>
    ),
    content: (
      <form id="product-form" method="post" action={f.id ? `${PRODUCTS}/${f.id}/save` : `${PRODUCTS}/save`} class="admin-form" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={errors.message ? [t(errors.message)] : []} />
        <CheckboxField name="status" label={t('Enable Product')} checked={f.enabled} />
        <TextField name="name" label={t('Product Name')} value={f.name} required error={fe.name && t(fe.name)} maxlength={255} />
        <TextField name="sku" label={t('SKU')} value={f.sku} required error={fe.sku && t(fe.sku)} maxlength={64} />
        <TextField name="price" label={t('Price')} value={f.price} required error={fe.price && t(fe.price)} note={t('In US dollars, e.g. 19.99')} />
        <TextField name="qty" label={t('Quantity')} value={f.qty} required error={fe.qty && t(fe.qty)} />
        <SelectField
          name="is_in_stock"
          label={t('Stock Status')}
          value={f.inStock ? '1' : '0'}
          options={[
            { value: '1', label: t('In Stock') },
            { value: '0', label: t('Out of Stock') },
          ]}
        />
        <fieldset class={`field${fe.websites ? ' field-error' : ''}`}>
          <legend safe>{t('Product in Websites')}</legend>
          {tree.websites.map((w) => (
            <CheckboxField name="websites" id={`website-${w.id}`} value={String(w.id)} label={w.name} checked={f.websiteIds.includes(w.id)} />
          ))}
          {fe.websites ? (
            <div class="field-error-message" safe>
              {t(fe.websites)}
            </div>
          ) : (
            ''
          )}
        </fieldset>
        <SelectField name="categories" label={t('Categories')} multiple options={flat} selected={f.categoryIds.map(String)} note={categories.length ? undefined : t('No categories yet.')} />
        <TextAreaField name="description" label={t('Description')} value={f.description} rows={6} />
        <TextField name="image_url" label={t('Image URL')} value={f.imageUrl} error={fe.image_url && t(fe.image_url)} />
        <TextField name="url_key" label={t('URL Key')} value={f.urlKey} error={fe.url_key && t(fe.url_key)} note={t('Leave empty to build it from the name.')} />
        <fieldset class="advanced-pricing">
          <legend safe>{t('Customer Group Price')}</legend>
          <table class="data-table">
            <thead>
              <tr>
                <th safe>{t('Website')}</th>
                <th safe>{t('Customer Group')}</th>
                <th safe>{t('Price')}</th>
              </tr>
            </thead>
            <tbody>
              {priceRows.map((row, i) => (
                <tr class={fe[`prices.${i}`] ? 'field-error' : undefined}>
                  <td>
                    <select name="price_website" aria-label={t('Website')}>
                      <option value="0" selected={row.websiteId === ALL_WEBSITES} safe>
                        {t('All Websites')}
                      </option>
                      {tree.websites.map((w) => (
                        <option value={String(w.id)} selected={row.websiteId === w.id} safe>
                          {w.name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select name="price_group" aria-label={t('Customer Group')}>
                      <option value="-1" selected={row.groupId === ALL_GROUPS} safe>
                        {t('ALL GROUPS')}
                      </option>
                      {groups.map((g) => (
                        <option value={g.value} selected={String(row.groupId) === g.value} safe>
                          {g.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input name="price_value" value={row.price} aria-label={t('Price')} />
                    {fe[`prices.${i}`] ? (
                      <div class="field-error-message" safe>
                        {t(fe[`prices.${i}`]!)}
                      </div>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="note" safe>
            {t('Leave the price empty to remove a row. The lowest applicable price is shown to the shopper.')}
          </p>
        </fieldset>
      </form>
    ),
  });
}

function productInputFrom(body: Record<string, unknown>): ProductInput {
  const websites = strs(body.price_website);
  const groups = strs(body.price_group);
  const values = strs(body.price_value);
  return {
    sku: str(body.sku),
    name: str(body.name),
    urlKey: str(body.url_key),
    description: str(body.description),
    imageUrl: str(body.image_url),
    price: str(body.price),
    qty: str(body.qty),
    inStock: str(body.is_in_stock) !== '0',
    enabled: checked(body.status),
    websiteIds: ids(body.websites),
    categoryIds: ids(body.categories),
    prices: values.map((price, i) => ({ websiteId: Number(websites[i] ?? 0) || 0, groupId: Number(groups[i] ?? -1), price })),
  };
}

async function categoryPage(rc: RequestContext, current: CategoryInput & { id?: number }, errors: { message?: string; fields?: Record<string, string> } = {}) {
  const t = rc.t;
  const { tree } = await rc.app.services.catalog.categories();
  const counts = await catalogRepo.categoryProductCounts(rc.db);
  const fe = errors.fields ?? {};
  const parents: { value: string; label: string }[] = [];
  const walkParents = (n: CategoryNode) => {
    if (n.id !== current.id) {
      parents.push({ value: String(n.id), label: `${'— '.repeat(n.depth)}${n.name}` });
      n.children.forEach(walkParents);
    }
  };
  tree.forEach(walkParents);
  const Tree = ({ nodes }: { nodes: CategoryNode[] }): JSX.Element => (
    <ul>
      {nodes.map((n) => (
        <li>
          <a href={`${CATEGORIES}/${n.id}/edit`} class={n.id === current.id ? 'current' : undefined} safe>
            {`${n.name} (${counts.get(n.id) ?? 0})`}
          </a>
          {n.is_active ? '' : <span class="badge" safe>{t('Disabled')}</span>}
          {n.children.length ? <Tree nodes={n.children} /> : ''}
        </li>
      ))}
    </ul>
  );
  return adminPage(rc, {
    title: current.id ? t('{name} (ID: {id})', { name: current.name, id: current.id }) : t('New Category'),
    active: 'catalog',
    actions: (
      <>
        <a class="action-secondary" href={`${CATEGORIES}/new?parent=${ROOT_CATEGORY_ID}`} safe>
          {t('Add Subcategory')}
        </a>
        {current.id && current.id !== ROOT_CATEGORY_ID ? (
          <a class="action-secondary" href={`${CATEGORIES}/${current.id}/delete`} safe>
            {t('Delete')}
          </a>
        ) : (
          ''
        )}
        <button type="submit" form="category-form" class="action-primary" safe>
          {t('Save')}
        </button>
      </>
    ),
    content: (
      <div class="category-edit">
        <aside class="category-tree">
          <Tree nodes={tree} />
        </aside>
        <form id="category-form" method="post" action={current.id ? `${CATEGORIES}/${current.id}/save` : `${CATEGORIES}/save`} class="admin-form" novalidate>
          <FormKey rc={rc} />
          <FormErrors messages={errors.message ? [t(errors.message)] : []} />
          <CheckboxField name="is_active" label={t('Enable Category')} checked={current.active} />
          <TextField name="name" label={t('Category Name')} value={current.name} required error={fe.name && t(fe.name)} />
          {current.id === ROOT_CATEGORY_ID ? (
            ''
          ) : (
            <SelectField name="parent_id" label={t('Parent Category')} value={String(current.parentId)} options={parents} error={fe.parent_id && t(fe.parent_id)} />
          )}
          <TextField name="url_key" label={t('URL Key')} value={current.urlKey} error={fe.url_key && t(fe.url_key)} />
          <TextField name="position" label={t('Position')} value={current.position} error={fe.position && t(fe.position)} />
          <TextAreaField name="description" label={t('Description')} value={current.description} />
        </form>
      </div>
    ),
  });
}

const categoryInputFrom = (b: Record<string, unknown>): CategoryInput => ({
  name: str(b.name),
  urlKey: str(b.url_key),
  description: str(b.description),
  parentId: Number(str(b.parent_id)) || ROOT_CATEGORY_ID,
  position: str(b.position),
  active: checked(b.is_active),
});

export function catalogAdminRoutes(r: RouteRegistrar) {
  const prod = 'catalog.inventory.products';
  const cat = 'catalog.inventory.categories';

  r.adminGet('/catalog/products', p(prod, 'catalog_product_index'), (req, _reply, rc) => productGrid(rc, queryOf(req)));
  r.adminGet('/catalog/products/new', p(prod, 'catalog_product_new'), async (_req, _reply, rc) =>
    productForm(rc, { sku: '', name: '', urlKey: '', description: '', imageUrl: '', price: '', qty: '0', inStock: true, enabled: true, websiteIds: [rc.store.website.id], categoryIds: [], prices: [] }),
  );
  r.adminGet('/catalog/products/:id/edit', p(prod, 'catalog_product_edit'), async (req, reply, rc) => {
    const id = paramId(req);
    const row = id ? await catalogRepo.findById(rc.db, id) : undefined;
    if (!row) return reply.callNotFound();
    const prices = await catalogRepo.pricesOf(rc.db, row.id);
    return productForm(rc, {
      id: row.id,
      sku: row.sku,
      name: row.name,
      urlKey: row.url_key,
      description: row.description,
      imageUrl: row.image_url,
      price: toDecimal(row.price),
      qty: String(row.qty),
      inStock: row.is_in_stock === 1,
      enabled: row.status === 1,
      websiteIds: await catalogRepo.websitesOf(rc.db, row.id),
      categoryIds: await catalogRepo.categoriesOf(rc.db, row.id),
      prices: prices.map((x) => ({ websiteId: x.website_id, groupId: x.customer_group_id, price: toDecimal(x.price) })),
    });
  });
  const saveProduct = async (rc: RequestContext, body: Record<string, unknown>, id: number | undefined, reply: import('fastify').FastifyReply) => {
    const input = productInputFrom(body);
    const result = await attempt(() => rc.app.services.catalog.saveProduct(rc, input, id));
    if (!result.ok) {
      reply.code(result.status);
      return productForm(rc, { ...input, id, prices: input.prices.filter((x) => x.price.trim()) }, { message: result.message, fields: result.fields });
    }
    return redirectWith(reply, rc, `${PRODUCTS}/${result.value}/edit`, { type: 'success', text: rc.t('You saved the product.') });
  };
  r.adminPost('/catalog/products/save', p(prod, 'catalog_product_save'), (req, reply, rc) => saveProduct(rc, bodyOf(req), undefined, reply));
  r.adminPost('/catalog/products/:id/save', p(prod, 'catalog_product_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await catalogRepo.findById(rc.db, id))) return reply.callNotFound();
    return saveProduct(rc, bodyOf(req), id, reply);
  });
  r.adminGet('/catalog/products/:id/delete', p(prod, 'catalog_product_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    const row = id ? await catalogRepo.findById(rc.db, id) : undefined;
    if (!row) return reply.callNotFound();
    return confirmationPage(rc, { title: rc.t('Delete Product'), question: rc.t('Are you sure you want to delete the product "{name}" (SKU {sku})?', { name: row.name, sku: row.sku }), action: `${PRODUCTS}/${row.id}/delete`, cancel: `${PRODUCTS}/${row.id}/edit`, active: 'catalog' });
  });
  r.adminPost('/catalog/products/:id/delete', p(prod, 'catalog_product_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await catalogRepo.findById(rc.db, id))) return reply.callNotFound();
    await rc.app.services.catalog.deleteProduct(rc, id);
    return redirectWith(reply, rc, PRODUCTS, { type: 'success', text: rc.t('You deleted the product.') });
  });

  r.adminGet('/catalog/categories', p(cat, 'catalog_category_index'), async (_req, reply) => reply.redirect(`${CATEGORIES}/${ROOT_CATEGORY_ID}/edit`, 302));
  r.adminGet('/catalog/categories/new', p(cat, 'catalog_category_add'), async (req, _reply, rc) =>
    categoryPage(rc, { name: '', urlKey: '', description: '', parentId: Number(queryOf(req).parent) || ROOT_CATEGORY_ID, position: '0', active: true }),
  );
  r.adminGet('/catalog/categories/:id/edit', p(cat, 'catalog_category_edit'), async (req, reply, rc) => {
    const id = paramId(req);
    const row = id ? await catalogRepo.findCategory(rc.db, id) : undefined;
    if (!row) return reply.callNotFound();
    return categoryPage(rc, { id: row.id, name: row.name, urlKey: row.url_key, description: row.description, parentId: row.parent_id ?? 0, position: String(row.position), active: row.is_active === 1 });
  });
  const saveCategory = async (rc: RequestContext, body: Record<string, unknown>, id: number | undefined, reply: import('fastify').FastifyReply) => {
    const input = categoryInputFrom(body);
    const result = await attempt(() => rc.app.services.catalog.saveCategory(rc, input, id));
    if (!result.ok) {
      reply.code(result.status);
      return categoryPage(rc, { ...input, id }, { message: result.message, fields: result.fields });
    }
    return redirectWith(reply, rc, `${CATEGORIES}/${result.value}/edit`, { type: 'success', text: rc.t('You saved the category.') });
  };
  r.adminPost('/catalog/categories/save', p(cat, 'catalog_category_save'), (req, reply, rc) => saveCategory(rc, bodyOf(req), undefined, reply));
  r.adminPost('/catalog/categories/:id/save', p(cat, 'catalog_category_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await catalogRepo.findCategory(rc.db, id))) return reply.callNotFound();
    return saveCategory(rc, bodyOf(req), id, reply);
  });
  r.adminGet('/catalog/categories/:id/delete', p(cat, 'catalog_category_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    const row = id ? await catalogRepo.findCategory(rc.db, id) : undefined;
    if (!row) return reply.callNotFound();
    return confirmationPage(rc, { title: rc.t('Delete Category'), question: rc.t('Are you sure you want to delete the category "{name}"? Its products stay in the catalog.', { name: row.name }), action: `${CATEGORIES}/${row.id}/delete`, cancel: `${CATEGORIES}/${row.id}/edit`, active: 'catalog' });
  });
  r.adminPost('/catalog/categories/:id/delete', p(cat, 'catalog_category_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id || !(await catalogRepo.findCategory(rc.db, id))) return reply.callNotFound();
    const result = await attempt(() => rc.app.services.catalog.deleteCategory(rc, id));
    if (!result.ok) return redirectWith(reply, rc, `${CATEGORIES}/${id}/edit`, { type: 'error', text: rc.t(result.message) });
    return redirectWith(reply, rc, CATEGORIES, { type: 'success', text: rc.t('You deleted the category.') });
  });
}
