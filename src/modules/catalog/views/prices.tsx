import type { RequestContext } from '../../../kernel/request-context.ts';
import type { PriceDisplay, ShownPrice } from '../../tax/index.ts';
import { money } from '../public.ts';

/** Shown prices of a page's products, as the tax service works them out (Display Product Prices In Catalog). */
export interface CatalogPrices {
  display: PriceDisplay;
  prices: Map<number, { final: ShownPrice; regular: ShownPrice }>;
}

/** A price excluding or including tax, or both ("Incl. Tax" first, as Magento shows them). */
export function Price({ rc, p, display, cls }: { rc: RequestContext; p: ShownPrice; display: PriceDisplay; cls: string }) {
  const t = rc.t;
  if (display === 'excl')
    return (
      <span class={cls} safe>
        {money(rc, p.excl)}
      </span>
    );
  if (display === 'incl')
    return (
      <span class={cls} safe>
        {money(rc, p.incl)}
      </span>
    );
  return (
    <span class={`${cls} price-including-excluding`}>
      <span class="price-including-tax" safe>
        {t('Incl. Tax: {price}', { price: money(rc, p.incl) })}
      </span>{' '}
      <span class="price-excluding-tax" safe>
        {t('Excl. Tax: {price}', { price: money(rc, p.excl) })}
      </span>
    </span>
  );
}
