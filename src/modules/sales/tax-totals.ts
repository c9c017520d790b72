import type { Translate as Translator } from '../../kernel/i18n.ts';
import { formatPercent, type TaxDisplay } from '../tax/index.ts';

/** A sales document's amounts for its totals: excluding tax, the tax, and the per-rate tax when kept (orders). */
export interface TaxedAmounts {
  subtotal: number;
  subtotalIncl: number;
  shipping: number;
  shippingIncl: number;
  tax: number;
  grandTotal: number;
  summary?: { code: string; percent: number; amount: number }[];
}

export interface TotalRow {
  label: string;
  amount: number;
  cls?: string;
}

/**
 * The totals rows of an order, invoice, credit memo or email, as Orders, Invoices, Credit Memos Display Settings
 * ask: Subtotal and Shipping excluding/including tax or both, one row per rate (Display Full Tax Summary), Tax,
 * and the grand total (excluding and including tax with Include Tax In Order Total).
 */
export function taxedTotalRows(t: Translator, a: TaxedAmounts, d: TaxDisplay, extra: TotalRow[] = []): TotalRow[] {
  const rows: TotalRow[] = [];
  if (d.subtotal === 'both') rows.push({ label: t('Subtotal (Excl. Tax)'), amount: a.subtotal }, { label: t('Subtotal (Incl. Tax)'), amount: a.subtotalIncl });
  else rows.push({ label: t('Subtotal'), amount: d.subtotal === 'incl' ? a.subtotalIncl : a.subtotal });
  if (d.shipping === 'both')
    rows.push({ label: t('Shipping & Handling (Excl. Tax)'), amount: a.shipping }, { label: t('Shipping & Handling (Incl. Tax)'), amount: a.shippingIncl });
  else rows.push({ label: t('Shipping & Handling'), amount: d.shipping === 'incl' ? a.shippingIncl : a.shipping });
  rows.push(...extra);
  if (d.fullSummary) for (const r of a.summary ?? []) rows.push({ label: `${r.code} (${formatPercent(r.percent)}%)`, amount: r.amount, cls: 'tax-rate' });
  rows.push({ label: t('Tax'), amount: a.tax, cls: 'tax' });
  if (d.grandTotalBoth)
    rows.push(
      { label: t('Grand Total (Excl. Tax)'), amount: a.grandTotal - a.tax },
      { label: t('Grand Total (Incl. Tax)'), amount: a.grandTotal, cls: 'grand-total' },
    );
  else rows.push({ label: t('Grand Total'), amount: a.grandTotal, cls: 'grand-total' });
  return rows;
}

/** An order's amounts for its totals rows. */
export const orderAmountsOf = (
  o: { subtotal: number; subtotal_incl_tax: number; shipping_amount: number; shipping_incl_tax: number; tax_amount: number; grand_total: number },
  summary: { code: string; percent: number; amount: number }[],
): TaxedAmounts => ({
  subtotal: o.subtotal,
  subtotalIncl: o.subtotal_incl_tax,
  shipping: o.shipping_amount,
  shippingIncl: o.shipping_incl_tax,
  tax: o.tax_amount,
  grandTotal: o.grand_total,
  summary,
});

/** An invoice's or credit memo's amounts, adjustments included in the grand total (the per-rate split is the order's). */
export const documentAmountsOf = (d: {
  subtotal: number;
  subtotal_incl_tax: number;
  shipping_amount: number;
  shipping_tax_amount: number;
  tax_amount: number;
  grand_total: number;
}): TaxedAmounts => ({
  subtotal: d.subtotal,
  subtotalIncl: d.subtotal_incl_tax,
  shipping: d.shipping_amount,
  shippingIncl: d.shipping_amount + d.shipping_tax_amount,
  tax: d.tax_amount,
  grandTotal: d.grand_total,
});
