import type { RequestContext } from '../../kernel/request-context.ts';
import { priceContextOf } from './public.ts';
import { type LayerFilters, type LayerScope, layerRepo } from './repo.ts';

export type { LayerFilters, LayerScope };

/** One price range on offer: base cents, `to` exclusive (null: "and above"), and how many products it holds. */
export interface PriceRange {
  from: number;
  to: number | null;
  count: number;
}

/** The "Shop By" block's options for a list, each counted with the other active filters applied. */
export interface LayeredNav {
  price: PriceRange[];
  availability: { inStock: number; outOfStock: number };
}

/** Prices are counted in steps of $10 (Magento's smallest automatic range); wider ranges merge these exactly. */
const STEP = 1000;

/**
 * Magento's automatic ("equalize") price ranges: a power of ten below the highest price (in whole units), one
 * power smaller while that gives fewer than two ranges, never under 10. Empty ranges are not offered.
 */
export function priceRanges(buckets: { bucket: number; n: number }[]): PriceRange[] {
  if (!buckets.length) return [];
  const maxUnits = Math.max(...buckets.map((b) => b.bucket)) * (STEP / 100) + STEP / 100 - 1;
  let range = 10 ** Math.max(1, String(Math.floor(maxUnits)).length - 1);
  const merge = (r: number) => {
    const per = new Map<number, number>();
    const width = (r * 100) / STEP;
    for (const b of buckets) {
      const k = Math.floor(b.bucket / width);
      per.set(k, (per.get(k) ?? 0) + b.n);
    }
    return [...per].sort((a, b) => a[0] - b[0]);
  };
  let merged = merge(range);
  while (range > 10 && merged.length < 2) {
    range /= 10;
    merged = merge(range);
  }
  const last = merged.length - 1;
  return merged.map(([k, count], i) => ({ from: k * range * 100, to: i === last && merged.length > 1 ? null : (k + 1) * range * 100, count }));
}

/** The layered navigation of a list: price ranges and availability, one aggregate query per facet. */
export const layeredNavReads = {
  async layeredNav(rc: RequestContext, scope: LayerScope, filters: LayerFilters): Promise<LayeredNav> {
    const pc = priceContextOf(rc);
    // An active price filter is shown under "Now Shopping by" only: its ranges are not counted.
    const price = filters.price ? [] : priceRanges(await layerRepo.priceBuckets(rc.db, pc, scope, filters, STEP));
    return { price, availability: await layerRepo.stockCounts(rc.db, pc, scope, filters) };
  },
};
