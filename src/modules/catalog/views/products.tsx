import type { RequestContext } from '../../../kernel/request-context.ts';
import { formatMoney } from '../../../kernel/money.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, rendered, SelectField, TextAreaField, TextField, type Option } from '../../../ui/components.tsx';
import { Grid, KeywordSearch, keysetPager, type GridColumn } from '../../../ui/grid.tsx';
import { ALL_GROUPS, ALL_WEBSITES } from '../public.ts';
import type { ProductInput, ProductRow } from '../service.ts';
import { BASE_CURRENCY, currencyName } from '../../../kernel/money.ts';
import type { ProductImage } from '../images.ts';
import { AdminImages } from './images.tsx';

export const PRODUCTS = '/admin/catalog/products';
const EXTRA_PRICE_ROWS = 2;

export interface NamedOption {
  id: number;
  name: string;
}

export interface ProductGridData {
  query: Record<string, string | undefined>;
  sort: { key: string; dir: 'asc' | 'desc' };
  rows: GridProduct[];
  total: number;
  page: { prevBefore?: number; nextAfter?: number; page?: number };
  websites: NamedOption[];
}

type GridProduct = ProductRow & { website_ids: number[] };

function productColumns(rc: RequestContext, websites: NamedOption[]): GridColumn<GridProduct>[] {
  const t = rc.t;
  const editLink = (r: GridProduct, text: string) => (
    <a href={`${PRODUCTS}/${r.id}/edit`} safe>
      {text}
    </a>
  );
  const websiteOptions = websites.map((w) => ({ value: String(w.id), label: w.name }));
  const statuses = [
    { value: '1', label: t('Enabled') },
    { value: '0', label: t('Disabled') },
  ];
  return [
    { label: t('ID'), value: (r) => r.id, filter: { type: 'text', name: 'id' }, sort: 'id' },
    { label: t('Name'), cell: (r) => editLink(r, r.name), filter: { type: 'text', name: 'name' }, sort: 'name' },
    { label: t('SKU'), value: (r) => r.sku, filter: { type: 'text', name: 'sku' }, sort: 'sku' },
    {
      label: t('Price'),
      value: (r) => formatMoney(r.price, 'USD', rc.locale),
      filter: { type: 'range', from: 'price_from', to: 'price_to', input: 'number' },
      sort: 'price',
    },
    { label: t('Quantity'), value: (r) => r.qty, filter: { type: 'range', from: 'qty_from', to: 'qty_to', input: 'number' }, sort: 'qty' },
    { label: t('Status'), value: (r) => (r.status === 1 ? t('Enabled') : t('Disabled')), filter: { type: 'select', name: 'status', options: statuses } },
    {
      label: t('Websites'),
      value: (r) => r.website_ids.map((id) => websites.find((w) => w.id === id)?.name ?? String(id)).join(', '),
      filter: { type: 'select', name: 'website', options: websiteOptions },
    },
    { label: t('Action'), key: 'action', cell: (r) => editLink(r, t('Edit')) },
  ];
}

/** Catalog > Products: the grid. */
export function productGridPage(rc: RequestContext, d: ProductGridData) {
  const t = rc.t;
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
        <KeywordSearch rc={rc} action={PRODUCTS} value={d.query.search} id="product-keyword" />
        <Grid
          rc={rc}
          id="product_listing"
          action={PRODUCTS}
          query={d.query}
          rows={d.rows}
          sort={d.sort}
          pager={keysetPager(rc, PRODUCTS, d.query, d.total, d.page)}
          columns={productColumns(rc, d.websites)}
          columnsAction={`${PRODUCTS}/columns`}
        />
      </>
    ),
  });
}

export interface ProductFormData {
  form: ProductInput & { id?: number };
  websites: NamedOption[];
  /** Categories below the root, indented by depth. */
  categoryOptions: Option[];
  hasCategories: boolean;
  groups: NamedOption[];
  /** Product tax classes to choose from ("None" first). */
  taxClasses: Option[];
  /** The class a new product gets (Default Tax Class for Product). */
  defaultTaxClass: number;
  errors?: { message?: string; fields?: Record<string, string> };
  images?: ProductImage[];
  imageError?: string;
  /** The scope select (an existing product). */
  scope?: JSX.Element;
  /** At a store view: its text form in place of the product form. */
  storeView?: JSX.Element;
}

type PriceRow = ProductInput['prices'][number];

interface PriceRowProps {
  rc: RequestContext;
  row: PriceRow;
  error?: string;
  websites: NamedOption[];
  groups: NamedOption[];
}

function PriceRowCells({ rc, row, error, websites, groups }: PriceRowProps) {
  const t = rc.t;
  return (
    <tr class={error ? 'field-error' : undefined}>
      <td>
        <select name="price_website" aria-label={t('Website')}>
          <option value="0" selected={row.websiteId === ALL_WEBSITES} safe>
            {t('All Websites')}
          </option>
          {websites.map((w) => (
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
            <option value={String(g.id)} selected={row.groupId === g.id} safe>
              {g.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input name="price_value" value={row.price} aria-label={t('Price')} />
        {error ? (
          <div class="field-error-message" safe>
            {t(error)}
          </div>
        ) : (
          ''
        )}
      </td>
    </tr>
  );
}

function PriceTable({ rc, d }: { rc: RequestContext; d: ProductFormData }) {
  const t = rc.t;
  const fe = d.errors?.fields ?? {};
  const rows = [...d.form.prices, ...Array.from({ length: EXTRA_PRICE_ROWS }, () => ({ websiteId: ALL_WEBSITES, groupId: ALL_GROUPS, price: '' }))];
  return (
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
          {rows.map((row, i) => (
            <PriceRowCells rc={rc} row={row} error={fe[`prices.${i}`]} websites={d.websites} groups={d.groups} />
          ))}
        </tbody>
      </table>
      <p class="note" safe>
        {t('Leave the price empty to remove a row. The lowest applicable price is shown to the shopper.')}
      </p>
    </fieldset>
  );
}

function WebsiteBoxes({ rc, d }: { rc: RequestContext; d: ProductFormData }) {
  const error = d.errors?.fields?.websites;
  return (
    <fieldset class={`field${error ? ' field-error' : ''}`}>
      <legend safe>{rc.t('Product in Websites')}</legend>
      {d.websites.map((w) => (
        <CheckboxField name="websites" id={`website-${w.id}`} value={String(w.id)} label={w.name} checked={d.form.websiteIds.includes(w.id)} />
      ))}
      {error ? (
        <div class="field-error-message" safe>
          {rc.t(error)}
        </div>
      ) : (
        ''
      )}
    </fieldset>
  );
}

function ProductFields({ rc, d }: { rc: RequestContext; d: ProductFormData }) {
  const t = rc.t;
  const f = d.form;
  const fe = d.errors?.fields ?? {};
  const stock = [
    { value: '1', label: t('In Stock') },
    { value: '0', label: t('Out of Stock') },
  ];
  return (
    <>
      <CheckboxField name="status" label={t('Enable Product')} checked={f.enabled} />
      <TextField name="name" label={t('Product Name')} value={f.name} required error={fe.name && t(fe.name)} maxlength={255} />
      <TextField name="sku" label={t('SKU')} value={f.sku} required error={fe.sku && t(fe.sku)} maxlength={64} />
      <TextField
        name="price"
        label={t('Price')}
        value={f.price}
        required
        error={fe.price && t(fe.price)}
        note={t('In the base currency, {currency} ({code}), e.g. 19.99', { currency: currencyName(BASE_CURRENCY, rc.locale), code: BASE_CURRENCY })}
      />
      <TextField name="qty" label={t('Quantity')} value={f.qty} required error={fe.qty && t(fe.qty)} />
      <SelectField name="is_in_stock" label={t('Stock Status')} value={f.inStock ? '1' : '0'} options={stock} />
      <SelectField
        name="tax_class_id"
        label={t('Tax Class')}
        value={String(f.taxClassId ?? d.defaultTaxClass)}
        options={d.taxClasses}
        error={fe.tax_class_id && t(fe.tax_class_id)}
      />
      <WebsiteBoxes rc={rc} d={d} />
      <SelectField
        name="categories"
        label={t('Categories')}
        multiple
        options={d.categoryOptions}
        selected={f.categoryIds.map(String)}
        note={d.hasCategories ? undefined : t('No categories yet.')}
      />
      <TextAreaField name="short_description" label={t('Short Description')} value={f.shortDescription ?? ''} rows={3} />
      <TextAreaField name="description" label={t('Description')} value={f.description} rows={6} />
      <TextField name="image_url" label={t('Image URL')} value={f.imageUrl} error={fe.image_url && t(fe.image_url)} />
      <TextField name="url_key" label={t('URL Key')} value={f.urlKey} error={fe.url_key && t(fe.url_key)} note={t('Leave empty to build it from the name.')} />
    </>
  );
}

/** Catalog > Products > New / Edit. */
export function productFormPage(rc: RequestContext, d: ProductFormData) {
  const t = rc.t;
  const f = d.form;
  return adminPage(rc, {
    title: f.id ? f.name || t('Edit Product') : t('New Product'),
    active: 'catalog',
    actions: (
      <>
        <a class="action-back" href={PRODUCTS} safe>
          {t('Back')}
        </a>
        {f.id && !d.storeView ? (
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
    content: d.storeView ? (
      <>
        {rendered(d.scope ?? '')}
        {rendered(d.storeView)}
      </>
    ) : (
      <>
        {rendered(d.scope ?? '')}
        <form id="product-form" method="post" action={f.id ? `${PRODUCTS}/${f.id}/save` : `${PRODUCTS}/save`} class="admin-form" novalidate>
          <FormKey rc={rc} />
          <FormErrors messages={d.errors?.message ? [t(d.errors.message)] : []} />
          <ProductFields rc={rc} d={d} />
          <PriceTable rc={rc} d={d} />
        </form>
        {f.id ? <AdminImages rc={rc} productId={f.id} images={d.images ?? []} error={d.imageError} /> : ''}
      </>
    ),
  });
}
