import type { RequestContext } from '../../../kernel/request-context.ts';
import { withQuery } from '../../../ui/grid-url.ts';
import type { LayerFilters, LayeredNav, PriceRange } from '../layered-nav.ts';
import { money } from '../public.ts';

/** The list's query as links keep it (sort, direction, page size, search term, filters); the page number drops. */
export type ListQuery = Record<string, string | undefined>;

/** A price range's label: "$10.00 - $19.99", or "$100.00 and above" for the last. */
export function priceLabel(rc: RequestContext, r: { from: number; to: number | null }) {
  return r.to === null ? rc.t('{price} and above', { price: money(rc, r.from) }) : `${money(rc, r.from)} - ${money(rc, r.to - 1)}`;
}

/** A range as the `price` query value: whole units, "10-20" or "100-". */
export const priceParam = (r: { from: number; to: number | null }) => `${r.from / 100}-${r.to === null ? '' : r.to / 100}`;

/** The filters named in a list's query (`price=10-20`, `availability=in_stock`); anything malformed is ignored. */
export function parseLayerFilters(q: ListQuery): LayerFilters {
  const f: LayerFilters = {};
  const m = /^(\d{1,7})-(\d{1,7})?$/.exec(q.price ?? '');
  if (m) {
    const from = Number(m[1]) * 100;
    const to = m[2] === undefined ? null : Number(m[2]) * 100;
    if (to === null || to > from) f.price = { from, to };
  }
  if (q.availability === 'in_stock' || q.availability === 'out_of_stock') f.availability = q.availability;
  return f;
}

function Option({ href, label, count, rc }: { href: string; label: string; count: number; rc: RequestContext }) {
  return (
    <li class="item">
      <a href={href} rel="nofollow">
        <span safe>{label}</span>{' '}
        <span class="count" safe>
          {String(count)}
        </span>
        <span class="visually-hidden" safe>
          {rc.t('{count, plural, one {item} other {items}}', { count })}
        </span>
      </a>
    </li>
  );
}

function NowShoppingBy({ rc, base, query, f }: { rc: RequestContext; base: string; query: ListQuery; f: LayerFilters }) {
  const t = rc.t;
  const active: { name: string; value: string; param: 'price' | 'availability' }[] = [];
  if (f.price) active.push({ name: t('Price'), value: priceLabel(rc, f.price), param: 'price' });
  if (f.availability) active.push({ name: t('Availability'), value: f.availability === 'in_stock' ? t('In Stock') : t('Out of Stock'), param: 'availability' });
  if (!active.length) return '';
  return (
    <div class="filter-current">
      <h3 class="filter-current-subtitle" safe>
        {t('Now Shopping by')}
      </h3>
      <ol class="items">
        {active.map((a) => (
          <li class="item">
            <span class="filter-label" safe>
              {a.name}
            </span>{' '}
            <span class="filter-value" safe>
              {a.value}
            </span>{' '}
            <a
              class="action remove"
              href={withQuery(base, query, { [a.param]: undefined, p: undefined })}
              aria-label={t('Remove {filter}: {value}', { filter: a.name, value: a.value })}
              safe
            >
              {t('Remove')}
            </a>
          </li>
        ))}
      </ol>
      <a class="action clear filter-clear" href={withQuery(base, query, { price: undefined, availability: undefined, p: undefined })} safe>
        {t('Clear All')}
      </a>
    </div>
  );
}

/** "Shop By": the active filters with remove links and Clear All, then the options (plain GET links, counted). */
export function LayeredNavBlock({ rc, base, query, f, nav }: { rc: RequestContext; base: string; query: ListQuery; f: LayerFilters; nav: LayeredNav }) {
  const t = rc.t;
  const link = (changes: ListQuery) => withQuery(base, query, { ...changes, p: undefined });
  const stock = [
    { value: 'in_stock', label: t('In Stock'), count: nav.availability.inStock },
    { value: 'out_of_stock', label: t('Out of Stock'), count: nav.availability.outOfStock },
  ].filter((o) => o.count > 0);
  const showPrice = !f.price && nav.price.length > 1;
  const showStock = !f.availability && stock.length > 1;
  if (!showPrice && !showStock && !f.price && !f.availability) return '';
  return (
    <nav class="layered-nav block filter" aria-labelledby="layered-nav-title">
      <h2 class="block-title" id="layered-nav-title" safe>
        {t('Shop By')}
      </h2>
      <NowShoppingBy rc={rc} base={base} query={query} f={f} />
      {showPrice || showStock ? (
        <div class="filter-options">
          <h3 class="filter-options-subtitle" safe>
            {t('Shopping Options')}
          </h3>
          {showPrice ? (
            <div class="filter-options-item" data-filter="price">
              <h4 safe>{t('Price')}</h4>
              <ol class="items">
                {nav.price.map((r: PriceRange) => (
                  <Option rc={rc} href={link({ price: priceParam(r) })} label={priceLabel(rc, r)} count={r.count} />
                ))}
              </ol>
            </div>
          ) : (
            ''
          )}
          {showStock ? (
            <div class="filter-options-item" data-filter="availability">
              <h4 safe>{t('Availability')}</h4>
              <ol class="items">
                {stock.map((o) => (
                  <Option rc={rc} href={link({ availability: o.value })} label={o.label} count={o.count} />
                ))}
              </ol>
            </div>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
    </nav>
  );
}
