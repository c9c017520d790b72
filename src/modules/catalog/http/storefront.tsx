import type { FastifyRequest } from 'fastify';
import { queryOf } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { notFound } from '../../../kernel/errors.ts';
import { FORM_KEY_MARKER, FormKey, rendered } from '../../../ui/components.tsx';
import { withQuery } from '../../../ui/grid.tsx';
import { storefrontPage } from '../../../ui/storefront-layout.tsx';
import type { RouteRegistrar } from '../../types.ts';
import { money, ROOT_CATEGORY_ID } from '../public.ts';
import type { ListedProduct, StorefrontListQuery, StorefrontSort } from '../service.ts';
import type { ProductImage } from '../images.ts';
import { Gallery, ListImage } from '../views/images.tsx';
import { type CatalogPrices, Price } from '../views/prices.tsx';
import type { LayerFilters, LayerScope } from '../layered-nav.ts';
import { LayeredNavBlock, parseLayerFilters, priceParam } from '../views/layered-nav.tsx';

export const PAGE_SIZE = 12;
/** Products per page the shopper may choose (Magento's grid defaults). */
export const PAGE_SIZES = [12, 24, 36] as const;
export const productUrl = (rc: RequestContext, urlKey: string) => rc.url(`/product/${encodeURIComponent(urlKey)}`);
export const categoryUrl = (rc: RequestContext, urlKey: string) => rc.url(`/category/${encodeURIComponent(urlKey)}`);

export function AddToCartForm({ rc, productId, withQty }: { rc: RequestContext; productId: number; withQty?: boolean }) {
  const t = rc.t;
  return (
    <form method="post" action={rc.url('/checkout/cart/add')} class="tocart-form">
      <FormKey rc={rc} />
      <input type="hidden" name="product" value={String(productId)} />
      {withQty ? (
        <div class="field qty">
          <label for={`qty-${productId}`} safe>
            {t('Qty')}
          </label>
          <input id={`qty-${productId}`} name="qty" type="number" min="1" max="10000" value="1" required />
        </div>
      ) : (
        <input type="hidden" name="qty" value="1" />
      )}
      <button type="submit" class="action tocart primary" safe>
        {t('Add to Cart')}
      </button>
    </form>
  );
}

/** A product's shown final and regular prices (untaxed when the tax service did not price it). */
const shownOf = (prices: CatalogPrices, p: ListedProduct) =>
  prices.prices.get(p.id) ?? { final: { excl: p.final_price, incl: p.final_price }, regular: { excl: p.price, incl: p.price } };

/** Prices of listed products as shown (excluding or including tax, or both). */
const listPrices = (rc: RequestContext, rows: ListedProduct[]): Promise<CatalogPrices> => rc.app.services.tax.catalogPrices(rc, rows);

type CardProps = { rc: RequestContext; p: ListedProduct; img?: ProductImage; prices: CatalogPrices };

/**
 * Product cards as rendered, by everything their markup is made of: the store view's URL prefix, the language, the
 * display currency and rate, the form-key marker, the product's shown fields and its picture. A list shows the same
 * cards on every request; a change to any of these is a new key, so nothing here can be stale. Bounded, emptied when full.
 */
const cards = new Map<string, string>();
const CARDS_MAX = 3000;

function ProductCard(props: CardProps): JSX.Element {
  const { rc, p, img, prices } = props;
  const shown = shownOf(prices, p);
  const c = rc.currency;
  const inStock = p.is_in_stock === 1 && p.qty > 0;
  // JSON, so no value holding the separator can make two cards' keys meet.
  const key = JSON.stringify([
    rc.url(''),
    rc.locale,
    c?.base,
    c?.code,
    c?.rate,
    rc.csrfToken,
    p.id,
    p.sku,
    p.name,
    p.url_key,
    p.price,
    p.final_price,
    prices.display,
    shown.final.excl,
    shown.final.incl,
    shown.regular.excl,
    shown.regular.incl,
    inStock,
    img ? [img.hash, img.fallback, img.width, img.height, img.widths, img.alt] : null,
  ]);
  let html = cards.get(key);
  if (html === undefined) {
    if (cards.size >= CARDS_MAX) cards.clear();
    html = String(renderCard(props));
    cards.set(key, html);
  }
  return html;
}

function renderCard({ rc, p, img, prices }: CardProps) {
  const t = rc.t;
  const shown = shownOf(prices, p);
  return (
    <li class="product-item" data-sku={p.sku}>
      {/* One link for image and name, so the product is announced (and tabbed to) once. */}
      <a class="product-item-link" href={productUrl(rc, p.url_key)}>
        <span class="product-item-photo-link">
          <ListImage img={img} name={p.name} />
        </span>
        <span class="product-item-name" safe>
          {p.name}
        </span>
      </a>
      <div class="price-box">
        {p.final_price < p.price ? (
          <>
            <Price rc={rc} p={shown.final} display={prices.display} cls="special-price" />{' '}
            <Price rc={rc} p={shown.regular} display={prices.display} cls="old-price" />
          </>
        ) : (
          <Price rc={rc} p={shown.final} display={prices.display} cls="price" />
        )}
      </div>
      {p.is_in_stock === 1 && p.qty > 0 ? (
        <AddToCartForm rc={rc} productId={p.id} />
      ) : (
        <div class="stock unavailable" safe>
          {t('Out of stock')}
        </div>
      )}
    </li>
  );
}

interface ToolbarProps {
  rc: RequestContext;
  base: string;
  query: Record<string, string | undefined>;
  total: number;
  page: number;
  sort: StorefrontSort;
  dir: 'asc' | 'desc';
  limit: number;
}

function Toolbar({ rc, base, query, total, page, sort, dir, limit }: ToolbarProps) {
  const t = rc.t;
  const pages = Math.max(1, Math.ceil(total / limit));
  const from = total ? (page - 1) * limit + 1 : 0;
  const to = Math.min(total, page * limit);
  return (
    <div class="toolbar toolbar-products">
      <p class="toolbar-amount" safe>
        {t('Items {from}-{to} of {total}', { from, to, total })}
      </p>
      <form method="get" action={base} class="sorter">
        {query.q ? <input type="hidden" name="q" value={query.q} /> : ''}
        {query.price ? <input type="hidden" name="price" value={query.price} /> : ''}
        {query.availability ? <input type="hidden" name="availability" value={query.availability} /> : ''}
        <label for="sorter" safe>
          {t('Sort By')}
        </label>
        <select id="sorter" name="product_list_order">
          <option value="position" selected={sort === 'position'} safe>
            {t('Position')}
          </option>
          <option value="name" selected={sort === 'name'} safe>
            {t('Product Name')}
          </option>
          <option value="price" selected={sort === 'price'} safe>
            {t('Price')}
          </option>
        </select>
        <select name="product_list_dir" aria-label={t('Direction')}>
          <option value="asc" selected={dir === 'asc'} safe>
            {t('Ascending')}
          </option>
          <option value="desc" selected={dir === 'desc'} safe>
            {t('Descending')}
          </option>
        </select>
        <label for="limiter" safe>
          {t('Show')}
        </label>
        <select id="limiter" name="product_list_limit">
          {PAGE_SIZES.map((n) => (
            <option value={String(n)} selected={n === limit} safe>
              {String(n)}
            </option>
          ))}
        </select>
        <button type="submit" safe>
          {t('Apply')}
        </button>
      </form>
      {pages > 1 ? (
        <nav class="pages" aria-label={t('Pages')}>
          {page > 1 ? (
            <a class="action previous" rel="prev" href={withQuery(base, query, { p: String(page - 1) })} safe>
              {t('Previous')}
            </a>
          ) : (
            ''
          )}
          <span class="current" safe>
            {t('Page {page} of {pages}', { page, pages })}
          </span>
          {page < pages ? (
            <a class="action next" rel="next" href={withQuery(base, query, { p: String(page + 1) })} safe>
              {t('Next')}
            </a>
          ) : (
            ''
          )}
        </nav>
      ) : (
        ''
      )}
    </div>
  );
}

function listQuery(req: FastifyRequest) {
  const q = queryOf(req);
  const sort: StorefrontSort = q.product_list_order === 'name' || q.product_list_order === 'price' ? q.product_list_order : 'position';
  const dir: 'asc' | 'desc' = q.product_list_dir === 'desc' ? 'desc' : 'asc';
  const page = Math.min(10_000, Math.max(1, Math.floor(Number(q.p)) || 1));
  const limit = (PAGE_SIZES as readonly number[]).includes(Number(q.product_list_limit)) ? Number(q.product_list_limit) : PAGE_SIZE;
  return { q, sort, dir, page, limit };
}

/** The active filters as the query keeps them (only well-formed ones). */
const filterQuery = (f: LayerFilters | undefined) => ({ price: f?.price ? priceParam(f.price) : undefined, availability: f?.availability });

/** A list's columns: "Shop By" beside the products (above them on a narrow screen). */
async function withLayeredNav(
  rc: RequestContext,
  base: string,
  query: Record<string, string | undefined>,
  scope: LayerScope,
  f: LayerFilters,
  list: JSX.Element,
) {
  const nav = await rc.app.services.catalog.layeredNav(rc, scope, f);
  const kept = {
    q: query.q,
    product_list_order: query.product_list_order,
    product_list_dir: query.product_list_dir,
    product_list_limit: query.product_list_limit,
    ...filterQuery(f),
  };
  return (
    <div class="columns">
      <div class="sidebar sidebar-main">
        <LayeredNavBlock rc={rc} base={base} query={kept} f={f} nav={nav} />
      </div>
      <div class="column main">{list}</div>
    </div>
  );
}

/**
 * A block of list markup shared by every visitor who sees it alike, rendered once per everything it is made of:
 * the store view and its URL prefix, the website and customer group (prices), the language, the display currency
 * and rate, and `request` (what the list is of and the query parameters its links keep). Kept until any
 * storefront-visible change (pageCache.block); rendered afresh when the form key is not the shared marker.
 */
async function sharedBlock(rc: RequestContext, request: unknown[], render: () => Promise<JSX.Element>): Promise<JSX.Element> {
  if (rc.csrfToken !== FORM_KEY_MARKER) return rendered(await render());
  const c = rc.currency;
  const key = JSON.stringify([
    rc.url(''),
    rc.store.view.id,
    rc.store.website.id,
    rc.locals.customer?.groupId ?? 0,
    rc.locale,
    c?.base,
    c?.code,
    c?.rate,
    request,
  ]);
  return rc.app.services.pageCache.block(key, async () => String(rendered(await render())));
}

/** The query parameters a list's links and forms carry over (raw, as the shopper sent them). */
const keptParams = (q: Record<string, string | undefined>) => [q.q, q.product_list_order, q.product_list_dir, q.product_list_limit, q.price, q.availability];

/** One page of a product list: which products, in what order, which page of what size. */
type ListOptions = Omit<StorefrontListQuery, 'offset'> & { page: number };

async function productList(rc: RequestContext, base: string, query: Record<string, string | undefined>, opts: ListOptions) {
  const { rows, total } = await rc.app.services.catalog.storefrontList(rc, { ...opts, offset: (opts.page - 1) * opts.limit });
  const prices = await listPrices(rc, rows);
  const images = await rc.app.services.catalog.mainImages(
    rc,
    rows.map((p) => p.id),
    rc.store.view.id,
  );
  const kept = {
    q: query.q,
    product_list_order: query.product_list_order,
    product_list_dir: query.product_list_dir,
    product_list_limit: query.product_list_limit,
    ...filterQuery(opts.filters),
  };
  if (!rows.length)
    return (
      <div class="message info empty" safe>
        {rc.t("We can't find products matching the selection.")}
      </div>
    );
  return (
    <>
      <Toolbar rc={rc} base={base} query={kept} total={total} page={opts.page} sort={opts.sort} dir={opts.dir} limit={opts.limit} />
      <ol class="products list product-items">
        {rows.map((p) => (
          <ProductCard rc={rc} p={p} img={images.get(p.id)} prices={prices} />
        ))}
      </ol>
    </>
  );
}

/** The home page: new products. */
async function homePage(_req: FastifyRequest, rc: RequestContext) {
  const newProducts = await sharedBlock(rc, ['home'], async () => {
    const { rows } = await rc.app.services.catalog.storefrontList(rc, { sort: 'position', dir: 'desc', limit: 8, offset: 0 });
    const prices = await listPrices(rc, rows);
    const images = await rc.app.services.catalog.mainImages(
      rc,
      rows.map((p) => p.id),
      rc.store.view.id,
    );
    return (
      <ol class="products list product-items">
        {rows.map((p) => (
          <ProductCard rc={rc} p={p} img={images.get(p.id)} prices={prices} />
        ))}
      </ol>
    );
  });
  return storefrontPage(rc, {
    title: rc.t('Home Page'),
    bodyClass: 'cms-index-index',
    content: (
      <>
        <section class="hero">
          <p safe>{rc.t('Welcome to {store}. Browse the categories above or search for a product.', { store: rc.store.website.name })}</p>
        </section>
        <h2 safe>{rc.t('New Products')}</h2>
        {rendered(newProducts)}
      </>
    ),
  });
}

/** A category's products, paged and sorted. */
async function categoryViewPage(req: FastifyRequest, rc: RequestContext) {
  const key = (req.params as { key: string }).key;
  const category = await rc.app.services.catalog.categoryByUrlKey(rc, key);
  if (!category || category.is_active !== 1 || category.parent_id === null) throw notFound();
  const { q, sort, dir, page, limit } = listQuery(req);
  const base = categoryUrl(rc, category.url_key);
  const trail = await rc.app.services.catalog.categoryTrail(rc, category.id);
  const filters = parseLayerFilters(q);
  return storefrontPage(rc, {
    canonical: base,
    noindex: Boolean(filters.price || filters.availability),
    title: category.name,
    bodyClass: 'catalog-category-view',
    currentCategoryId: trail[0]?.id,
    breadcrumbs: trail.map((c, i) => (i === trail.length - 1 ? { label: c.name } : { label: c.name, href: categoryUrl(rc, c.urlKey) })),
    content: (
      <>
        {category.description ? (
          <div class="category-description" safe>
            {category.description}
          </div>
        ) : (
          ''
        )}
        {rendered(
          await sharedBlock(rc, ['category', category.id, base, sort, dir, page, limit, filters, keptParams(q)], async () =>
            withLayeredNav(
              rc,
              base,
              q,
              { categoryId: category.id },
              filters,
              await productList(rc, base, q, { categoryId: category.id, sort, dir, page, limit, filters }),
            ),
          ),
        )}
      </>
    ),
  });
}

/** Search results, paged and sorted. */
async function searchResultPage(req: FastifyRequest, rc: RequestContext) {
  const { q, sort, dir, page, limit } = listQuery(req);
  const term = (q.q ?? '').trim().slice(0, 128);
  const base = rc.url('/catalogsearch/result');
  const filters = parseLayerFilters(q);
  return storefrontPage(rc, {
    noindex: true,
    title: term ? rc.t("Search results for: '{term}'", { term }) : rc.t('Search'),
    bodyClass: 'catalogsearch-result-index',
    breadcrumbs: [{ label: term ? rc.t("Search results for: '{term}'", { term }) : rc.t('Search') }],
    content: term ? (
      await sharedBlock(rc, ['search', term, base, sort, dir, page, limit, filters, keptParams(q)], async () =>
        withLayeredNav(
          rc,
          base,
          q,
          { search: term },
          filters,
          await productList(rc, base, q, { search: term, sort: sort === 'position' ? 'name' : sort, dir, page, limit, filters }),
        ),
      )
    ) : (
      <div class="message notice" safe>
        {rc.t('Please enter a search term.')}
      </div>
    ),
  });
}

/** One product with its price for the shopper. */
async function productViewPage(req: FastifyRequest, rc: RequestContext) {
  const key = (req.params as { key: string }).key;
  const p = await rc.app.services.catalog.storefrontProduct(rc, key);
  if (!p) throw notFound();
  const t = rc.t;
  const available = p.is_in_stock === 1 && p.qty > 0;
  const images = await rc.app.services.catalog.productImages(rc, p.id, rc.store.view.id);
  const prices = await listPrices(rc, [p]);
  const shown = shownOf(prices, p);
  const trail = await rc.app.services.catalog.productTrail(rc, p.id);
  return storefrontPage(rc, {
    title: p.name,
    bodyClass: 'catalog-product-view',
    currentCategoryId: trail[0]?.id,
    breadcrumbs: [...trail.map((c) => ({ label: c.name, href: categoryUrl(rc, c.urlKey) })), { label: p.name }],
    content: (
      <div class="product-info-main" data-sku={p.sku}>
        {p.image_url && !images.length ? (
          <img class="product-image" src={p.image_url} alt={p.name} width="320" height="320" />
        ) : (
          <Gallery rc={rc} images={images} name={p.name} />
        )}
        <div class="price-box">
          <Price rc={rc} p={shown.final} display={prices.display} cls="price" />
          {p.final_price < p.price ? (
            <span class="old-price" safe>
              {t('Regular Price {price}', { price: money(rc, prices.display === 'excl' ? shown.regular.excl : shown.regular.incl) })}
            </span>
          ) : (
            ''
          )}
        </div>
        <div class={`stock ${available ? 'available' : 'unavailable'}`} safe>
          {available ? t('In stock') : t('Out of stock')}
        </div>
        <div class="product attribute sku">
          <span safe>{t('SKU')}</span>: <span safe>{p.sku}</span>
        </div>
        {p.short_description ? (
          <div class="product attribute overview" safe>
            {p.short_description}
          </div>
        ) : (
          ''
        )}
        {available ? <AddToCartForm rc={rc} productId={p.id} withQty /> : ''}
        <form method="post" action={rc.url('/wishlist/index/add')} class="towishlist-form">
          <FormKey rc={rc} />
          <input type="hidden" name="product" value={String(p.id)} />
          <button type="submit" class="action towishlist" safe>
            {t('Add to Wish List')}
          </button>
        </form>
        <div class="product attribute description" safe>
          {p.description}
        </div>
      </div>
    ),
  });
}

export function catalogStorefrontRoutes(r: RouteRegistrar) {
  r.storefrontGet('/', (req, _reply, rc) => homePage(req, rc), { cacheable: true });

  r.storefrontGet('/category/:key', (req, _reply, rc) => categoryViewPage(req, rc), { cacheable: true });

  r.storefrontGet('/catalogsearch/result', (req, _reply, rc) => searchResultPage(req, rc), { cacheable: true });

  r.storefrontGet('/product/:key', (req, _reply, rc) => productViewPage(req, rc), { cacheable: true });
}
