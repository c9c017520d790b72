import type { RequestContext } from '../../../kernel/request-context.ts';
import { type CartTotals, formatPercent, type PriceDisplay, type TaxedLine } from '../../tax/index.ts';
import { money } from './format.ts';

/** A line's unit price and row total as the cart display setting asks: excluding, including, or both. */
export function linePrices(rc: RequestContext, l: TaxedLine | undefined, fallback: { price: number; row: number }, shown: PriceDisplay) {
  if (!l) return { price: money(rc, fallback.price), row: money(rc, fallback.row) };
  const pick = (excl: number, incl: number) =>
    shown === 'excl'
      ? money(rc, excl)
      : shown === 'incl'
        ? money(rc, incl)
        : rc.t('{incl} (Excl. Tax: {excl})', { incl: money(rc, incl), excl: money(rc, excl) });
  return { price: pick(l.priceExcl, l.priceIncl), row: pick(l.rowExcl, l.rowIncl) };
}

const rateName = (r: { code: string; ppm: number }) => `${r.code} (${formatPercent(r.ppm)}%)`;

/** The text a script shows for each tax rate when another shipping method is checked (see public/app.js). */
export const taxRowsData = (rc: RequestContext, t: CartTotals) => JSON.stringify(t.summary.map((r) => ({ code: r.code, text: money(rc, r.amount) })));

/**
 * The rows of a totals table: Subtotal (excl./incl./both), Shipping when a method is chosen, Tax (one row per rate
 * with Display Full Tax Summary), and the grand total (excl. and incl. tax with Include Tax In Order Total). The
 * amounts that follow the shipping method carry data-role for the checkout's script.
 */
export function TotalsRows({ rc, t, subtotalLabel, shipping }: { rc: RequestContext; t: CartTotals; subtotalLabel: string; shipping: boolean }) {
  const tr = rc.t;
  const d = t.display;
  const row = (label: string, amount: number, role?: string, cls?: string) => (
    <tr class={cls}>
      <th safe>{label}</th>
      <td class="amount" data-role={role} safe>
        {money(rc, amount)}
      </td>
    </tr>
  );
  return (
    <>
      {d.subtotal === 'both' ? (
        <>
          {row(tr('Subtotal (Excl. Tax)'), t.subtotalExcl)}
          {row(tr('Subtotal (Incl. Tax)'), t.subtotalIncl)}
        </>
      ) : (
        row(subtotalLabel, d.subtotal === 'incl' ? t.subtotalIncl : t.subtotalExcl)
      )}
      {shipping ? (
        d.shipping === 'both' ? (
          <>
            {row(tr('Shipping (Excl. Tax)'), t.shippingExcl, 'shipping-amount')}
            {row(tr('Shipping (Incl. Tax)'), t.shippingIncl, 'shipping-incl-amount')}
          </>
        ) : (
          row(tr('Shipping'), d.shipping === 'incl' ? t.shippingIncl : t.shippingExcl, 'shipping-amount')
        )
      ) : (
        ''
      )}
      {d.fullSummary
        ? t.summary.map((r) => (
            <tr class="totals-tax-details">
              <th safe>{rateName(r)}</th>
              <td class="amount" data-tax-code={r.code} safe>
                {money(rc, r.amount)}
              </td>
            </tr>
          ))
        : ''}
      {row(tr('Tax'), t.tax, 'tax-amount', 'totals-tax')}
      {d.grandTotalBoth ? row(tr('Grand Total (Excl. Tax)'), t.grandTotal - t.tax, 'grand-total-excl', 'grand totals excl') : ''}
      {row(d.grandTotalBoth ? tr('Grand Total (Incl. Tax)') : rc.t('Order Total'), t.grandTotal, 'grand-total', 'grand totals')}
    </>
  );
}
