import { isoUtc } from '../../kernel/clock.ts';
import { formatMoney } from '../../kernel/money.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import type { RefundInput, TrackInput } from './index.ts';
import { comment, loadOrder, log, nextIncrementId, refusable, refuse, settle } from './order-steps.ts';
import { salesRepo } from './repo.ts';
import { refundTaxFor, shareFor } from '../tax/index.ts';

type OrderRowOf = Awaited<ReturnType<typeof loadOrder>>;
type ItemRow = Awaited<ReturnType<typeof salesRepo.items>>[number];
type DocRow = Awaited<ReturnType<typeof salesRepo.documentsOf>>[number];

/**
 * What a credit memo gives back: each line's row total and tax in proportion to the quantity refunded of the
 * invoiced ones (never more than was invoiced and not yet refunded), and the shipping tax in proportion to the
 * shipping refunded.
 */
async function refundAmounts(
  rc: RequestContext,
  order: OrderRowOf,
  refunded: { item: ItemRow; qty: number }[],
  shipping: number,
  invoices: DocRow[],
  memos: DocRow[],
) {
  const invoicedSums = await salesRepo.documentItemSums(rc.db, 'invoices', order.id);
  const refundedSums = await salesRepo.documentItemSums(rc.db, 'credit_memos', order.id);
  const rows = refunded.map((l) => {
    const inv = invoicedSums.get(l.item.id) ?? { row: 0, tax: 0 };
    const ref = refundedSums.get(l.item.id) ?? { row: 0, tax: 0 };
    const row = shareFor(inv.row, l.item.qty_invoiced, l.qty, l.item.qty_refunded, ref.row);
    const tax = refundTaxFor({ taxInvoiced: inv.tax, taxRefunded: ref.tax, qtyInvoiced: l.item.qty_invoiced, qtyRefunded: l.item.qty_refunded }, l.qty);
    return { ...l, row, tax };
  });
  const sum = (docs: DocRow[], pick: (d: DocRow) => number) => docs.reduce((s, d) => s + pick(d), 0);
  const shippingInvoiced = sum(invoices, (d) => d.shipping_amount);
  const shippingTax = shareFor(
    sum(invoices, (d) => d.shipping_tax_amount),
    shippingInvoiced,
    shipping,
    sum(memos, (d) => d.shipping_amount),
    sum(memos, (d) => d.shipping_tax_amount),
  );
  const subtotal = rows.reduce((s, l) => s + l.row, 0);
  return { rows, subtotal, tax: rows.reduce((s, l) => s + l.tax, 0) + shippingTax, shippingTax };
}

/** The admin's document flow on an order: invoice (offline capture), ship with tracking, refund (credit memo). */
export const documentFlow = {
  /** Invoice with offline capture; `qtys` by order item id (missing = the rest). */
  async invoice(rc: RequestContext, orderId: number, qtys: Map<number, number> | null) {
    return refusable(rc, async (trx) => {
      const order = await loadOrder(trx, orderId);
      if (!['pending', 'processing'].includes(order.state)) return refuse('The order does not allow an invoice to be created.');
      const items = await salesRepo.items(trx.db, order.id);
      const lines = items
        .map((i) => {
          const left = i.qty_ordered - i.qty_invoiced - i.qty_canceled;
          return { item: i, left, qty: qtys ? (qtys.get(i.id) ?? 0) : left };
        })
        .filter((l) => l.left > 0 || l.qty > 0);
      for (const l of lines)
        if (!Number.isInteger(l.qty) || l.qty < 0 || l.qty > l.left)
          return refuse(rc.t('Please enter a quantity from 0 to {max} for "{name}".', { max: l.left, name: l.item.name }));
      const invoiced = lines.filter((l) => l.qty > 0);
      if (!invoiced.length) return refuse("The invoice can't be created without products. Add products and try again.");
      const firstInvoice = (await salesRepo.documentsOf(trx.db, 'invoices', order.id)).length === 0;
      // Each line's row total and tax in proportion to the quantity invoiced; the last units take what is left.
      const before = await salesRepo.documentItemSums(trx.db, 'invoices', order.id);
      const rows = invoiced.map((l) => {
        const done = before.get(l.item.id) ?? { row: 0, tax: 0 };
        const row = shareFor(l.item.row_total, l.item.qty_ordered, l.qty, l.item.qty_invoiced, done.row);
        const tax = shareFor(l.item.tax_amount, l.item.qty_ordered, l.qty, l.item.qty_invoiced, done.tax);
        return { ...l, row, tax };
      });
      const subtotal = rows.reduce((s, l) => s + l.row, 0);
      const shipping = firstInvoice ? order.shipping_amount : 0;
      const shippingTax = firstInvoice ? order.shipping_tax_amount : 0;
      const tax = rows.reduce((s, l) => s + l.tax, 0) + shippingTax;
      const total = subtotal + shipping + tax;
      const now = isoUtc(rc.app.clock.now());
      const id = await salesRepo.insertDocument(trx.db, 'invoices', {
        increment_id: await nextIncrementId(trx, 'invoices', order.store_view_id),
        order_id: order.id,
        store_view_id: order.store_view_id,
        state: 'paid',
        subtotal,
        subtotal_incl_tax: subtotal + tax - shippingTax,
        shipping_amount: shipping,
        shipping_tax_amount: shippingTax,
        tax_amount: tax,
        grand_total: total,
        total_qty: invoiced.reduce((s, l) => s + l.qty, 0),
        admin_id: rc.actor.type === 'admin' ? rc.actor.id : null,
        created_at: now,
      });
      await salesRepo.insertDocumentItems(
        trx.db,
        'invoices',
        rows.map((l) => ({ parent_id: id, order_item_id: l.item.id, qty: l.qty, row_total: l.row, tax_amount: l.tax })),
      );
      for (const l of invoiced) await salesRepo.updateItem(trx.db, l.item.id, { qty_invoiced: l.item.qty_invoiced + l.qty });
      const state = await settle(trx, order, { total_invoiced: order.total_invoiced + total });
      await comment(trx, order.id, `Captured amount of ${formatMoney(total)} offline.`, state);
      await log(trx, order, 'Invoice', `Invoice created for ${formatMoney(total)}`, {
        invoice_id: id,
        items: Object.fromEntries(invoiced.map((l) => [l.item.sku, l.qty])),
        state: { old: order.state, new: state },
      });
      return id;
    });
  },

  async ship(rc: RequestContext, orderId: number, qtys: Map<number, number> | null, tracks: TrackInput[]) {
    return refusable(rc, async (trx) => {
      const order = await loadOrder(trx, orderId);
      if (!['pending', 'processing'].includes(order.state)) return refuse('The order does not allow a shipment to be created.');
      const items = await salesRepo.items(trx.db, order.id);
      const lines = items.map((i) => {
        const left = i.qty_ordered - i.qty_shipped - i.qty_canceled - i.qty_refunded;
        return { item: i, left, qty: qtys ? (qtys.get(i.id) ?? 0) : left };
      });
      for (const l of lines)
        if (!Number.isInteger(l.qty) || l.qty < 0 || l.qty > Math.max(0, l.left))
          return refuse(rc.t('Please enter a quantity from 0 to {max} for "{name}".', { max: Math.max(0, l.left), name: l.item.name }));
      const shipped = lines.filter((l) => l.qty > 0);
      if (!shipped.length) return refuse("We can't save the shipment right now: no items were selected.");
      const cleanTracks = tracks.filter((t) => t.number.trim());
      for (const t of cleanTracks)
        if (t.number.length > 100 || t.title.length > 100) return refuse('Please enter a tracking number and title of at most 100 characters.');
      const now = isoUtc(rc.app.clock.now());
      const id = await salesRepo.insertDocument(trx.db, 'shipments', {
        increment_id: await nextIncrementId(trx, 'shipments', order.store_view_id),
        order_id: order.id,
        store_view_id: order.store_view_id,
        state: 'shipped',
        total_qty: shipped.reduce((s, l) => s + l.qty, 0),
        admin_id: rc.actor.type === 'admin' ? rc.actor.id : null,
        created_at: now,
      });
      await salesRepo.insertDocumentItems(
        trx.db,
        'shipments',
        shipped.map((l) => ({ parent_id: id, order_item_id: l.item.id, qty: l.qty })),
      );
      await salesRepo.insertTracks(
        trx.db,
        cleanTracks.map((t) => ({
          shipment_id: id,
          carrier: t.carrier.trim() || 'custom',
          title: t.title.trim() || 'Custom Value',
          number: t.number.trim(),
        })),
      );
      for (const l of shipped) await salesRepo.updateItem(trx.db, l.item.id, { qty_shipped: l.item.qty_shipped + l.qty });
      const state = await settle(trx, order);
      await log(trx, order, 'Ship', `Shipment created (${shipped.reduce((s, l) => s + l.qty, 0)} item(s))`, {
        shipment_id: id,
        tracks: cleanTracks,
        state: { old: order.state, new: state },
      });
      return id;
    });
  },

  /** Credit memo with offline refund; optional return to stock and adjustments. */
  async refund(rc: RequestContext, orderId: number, input: RefundInput) {
    return refusable(rc, async (trx) => {
      const order = await loadOrder(trx, orderId);
      if (!['processing', 'complete'].includes(order.state) || order.total_invoiced <= order.total_refunded)
        return refuse('The order does not allow a credit memo to be created.');
      const items = await salesRepo.items(trx.db, order.id);
      const lines = items.map((i) => ({ item: i, left: i.qty_invoiced - i.qty_refunded, qty: input.qtys.get(i.id) ?? 0 }));
      for (const l of lines)
        if (!Number.isInteger(l.qty) || l.qty < 0 || l.qty > l.left)
          return refuse(rc.t('Please enter a quantity from 0 to {max} for "{name}".', { max: l.left, name: l.item.name }));
      const refunded = lines.filter((l) => l.qty > 0);
      const memos = await salesRepo.documentsOf(trx.db, 'credit_memos', order.id);
      const invoices = await salesRepo.documentsOf(trx.db, 'invoices', order.id);
      const shippingLeft = invoices.reduce((s, d) => s + d.shipping_amount, 0) - memos.reduce((s, d) => s + d.shipping_amount, 0);
      if (input.shipping < 0 || input.shipping > shippingLeft)
        return refuse(rc.t('Maximum shipping amount allowed to refund is: {amount}', { amount: formatMoney(shippingLeft, 'USD', rc.locale) }));
      if (input.adjustmentPositive < 0 || input.adjustmentNegative < 0) return refuse('Adjustments cannot be negative.');
      const { rows, subtotal, tax, shippingTax } = await refundAmounts(trx, order, refunded, input.shipping, invoices, memos);
      const total = subtotal + input.shipping + tax + input.adjustmentPositive - input.adjustmentNegative;
      if (total <= 0) return refuse("The credit memo's total must be positive.");
      if (total > order.total_invoiced - order.total_refunded)
        return refuse(
          rc.t('The most money available to refund is {amount}.', { amount: formatMoney(order.total_invoiced - order.total_refunded, 'USD', rc.locale) }),
        );
      const now = isoUtc(rc.app.clock.now());
      const id = await salesRepo.insertDocument(trx.db, 'credit_memos', {
        increment_id: await nextIncrementId(trx, 'credit_memos', order.store_view_id),
        order_id: order.id,
        store_view_id: order.store_view_id,
        state: 'refunded',
        subtotal,
        subtotal_incl_tax: subtotal + tax - shippingTax,
        shipping_amount: input.shipping,
        shipping_tax_amount: shippingTax,
        tax_amount: tax,
        adjustment_positive: input.adjustmentPositive,
        adjustment_negative: input.adjustmentNegative,
        grand_total: total,
        total_qty: refunded.reduce((s, l) => s + l.qty, 0),
        admin_id: rc.actor.type === 'admin' ? rc.actor.id : null,
        created_at: now,
      });
      await salesRepo.insertDocumentItems(
        trx.db,
        'credit_memos',
        rows.map((l) => ({
          parent_id: id,
          order_item_id: l.item.id,
          qty: l.qty,
          row_total: l.row,
          tax_amount: l.tax,
          back_to_stock: input.backToStock ? 1 : 0,
        })),
      );
      for (const l of refunded) {
        await salesRepo.updateItem(trx.db, l.item.id, { qty_refunded: l.item.qty_refunded + l.qty });
        if (input.backToStock && l.item.product_id) await rc.app.services.catalog.returnStock(trx, l.item.product_id, l.qty, now);
      }
      // Fully refunded money closes the order even when only an adjustment made up the rest.
      const totalRefunded = order.total_refunded + total;
      let state = await settle(trx, order, { total_refunded: totalRefunded });
      if (totalRefunded >= order.total_invoiced && order.total_invoiced >= order.grand_total && state !== 'closed') {
        await salesRepo.updateOrder(trx.db, order.id, { state: 'closed', status: 'closed' });
        state = 'closed';
      }
      await comment(trx, order.id, `We refunded ${formatMoney(total)} offline.`, state);
      await log(trx, order, 'Credit Memo', `Credit memo created for ${formatMoney(total)}`, {
        credit_memo_id: id,
        back_to_stock: input.backToStock,
        items: Object.fromEntries(refunded.map((l) => [l.item.sku, l.qty])),
        state: { old: order.state, new: state },
      });
      return id;
    });
  },
};
