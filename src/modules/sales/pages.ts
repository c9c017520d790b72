import { isoWithOffset } from '../../kernel/dates.ts';
import { toDecimal } from '../../kernel/money.ts';
import type { KeysetCursor } from '../../db/keyset.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { STATE_LABELS, type DocumentKind } from './index.ts';
import { salesRepo, type OrderFilters } from './repo.ts';

export type { OrderFilters };
export type OrderSort = 'id' | 'increment_id' | 'created_at' | 'grand_total';
export type DocumentFilters = { incrementId?: string; orderIncrementId?: string; name?: string; createdFrom?: string; createdTo?: string };

/** The sales pages' data: each method returns what one page shows, as plain rows (no SQL outside this module). */
export const salesPages = {
  /** One order, or undefined. */
  order: (rc: RequestContext, orderId: number) => salesRepo.order(rc.db, orderId),

  /** A customer's orders, newest first (My Orders and the admin's customer tab). */
  customerOrders: (rc: RequestContext, customerId: number, o: { limit: number; offset: number }) => salesRepo.customerOrders(rc.db, customerId, o),

  /** My Orders > order view: only the customer's own order (another's is undefined, as if missing). */
  async myOrder(rc: RequestContext, customerId: number, orderId: number) {
    const order = await salesRepo.order(rc.db, orderId);
    if (!order || order.customer_id !== customerId) return undefined;
    const shipments = await salesRepo.documentsOf(rc.db, 'shipments', order.id);
    return {
      order,
      items: await salesRepo.items(rc.db, order.id),
      shipping: (await salesRepo.addresses(rc.db, order.id)).find((a) => a.address_type === 'shipping'),
      comments: await salesRepo.comments(rc.db, order.id, true),
      tracks: (await Promise.all(shipments.map((s) => salesRepo.tracks(rc.db, s.id)))).flat(),
      countries: rc.app.services.customers.countries(),
      taxes: await salesRepo.orderTax(rc.db, order.id),
      taxDisplay: await rc.app.services.tax.display(rc, 'sales', order.store_view_id),
    };
  },

  /** Every order matching the grid's filters, newest first, read in keyset batches to the end (the CSV export). */
  async *orderRows(rc: RequestContext, f: OrderFilters, batch = 500) {
    let cursor: KeysetCursor = {};
    for (;;) {
      const page = await salesRepo.page(rc.db, f, { sort: 'id', dir: 'desc', limit: batch, cursor, count: false });
      yield* page.rows;
      if (page.nextAfter === undefined) return;
      cursor = { after: page.nextAfter };
    }
  },

  /**
   * The orders grid as a CSV file (what its filters show, every row, streamed): the export is recorded in the Action
   * Log first. Times carry the admin zone's offset (ISO 8601), amounts are plain decimals in the base currency.
   */
  async exportOrders(rc: RequestContext, f: OrderFilters) {
    const t = rc.t;
    await rc.app.services.actionLog.record(rc, { group: 'sales', action: 'Export', details: t('Exported the orders grid (CSV)'), fullDetails: { filters: f } });
    const views = new Map((await rc.app.services.stores.tree()).views.map((v) => [v.id, v.name]));
    const rows = salesPages.orderRows(rc, f);
    async function* records() {
      for await (const o of rows)
        yield [
          o.increment_id,
          views.get(o.store_view_id) ?? '',
          isoWithOffset(o.created_at, rc.timeZone),
          `${o.customer_firstname} ${o.customer_lastname}`,
          o.customer_email,
          toDecimal(o.grand_total),
          t(STATE_LABELS[o.status] ?? o.status),
        ];
    }
    return {
      name: `orders-${rc.app.clock.now().toISOString().slice(0, 10)}.csv`,
      header: [t('ID'), t('Purchase Point'), t('Purchase Date'), t('Bill-to Name'), t('Customer Email'), t('Grand Total (Purchased)'), t('Status')],
      rows: records(),
    };
  },

  /** Sales > Orders grid: a keyset page of orders and the store views to name and filter by. */
  async orderGrid(rc: RequestContext, f: OrderFilters, o: { sort: OrderSort; dir: 'asc' | 'desc'; limit: number; cursor: KeysetCursor }) {
    const tree = await rc.app.services.stores.tree();
    return { ...(await salesRepo.page(rc.db, f, o)), views: tree.views.map((v) => ({ id: v.id, name: v.name })) };
  },

  /** The admin order view: the order with its items, addresses, comments and the documents of one kind. */
  async orderView(rc: RequestContext, orderId: number, documents: DocumentKind | null) {
    const order = await salesRepo.order(rc.db, orderId);
    if (!order) return undefined;
    const view = await rc.app.services.stores.byId(order.store_view_id);
    // The group the order was placed in (stamped on the order), by its code; NOT LOGGED IN is group 0.
    const group = await rc.app.services.customers.group(rc, order.customer_group_id);
    return {
      order,
      customerGroup: group?.code ?? '',
      items: await salesRepo.items(rc.db, order.id),
      addresses: await salesRepo.addresses(rc.db, order.id),
      comments: await salesRepo.comments(rc.db, order.id),
      documents: documents ? await salesRepo.documentsOf(rc.db, documents, order.id) : [],
      purchasedFrom: view ? `${view.website.name} / ${view.view.name}` : '',
      countries: rc.app.services.customers.countries(),
      taxes: await salesRepo.orderTax(rc.db, order.id),
      taxDisplay: await rc.app.services.tax.display(rc, 'sales', order.store_view_id),
    };
  },

  /** The items of an order (the new invoice, shipment and credit memo forms). */
  orderItems: (rc: RequestContext, orderId: number) => salesRepo.items(rc.db, orderId),

  /** An order and its items for a new invoice, shipment or credit memo form; undefined when missing. */
  async newDocument(rc: RequestContext, orderId: number) {
    const order = await salesRepo.order(rc.db, orderId);
    return order ? { order, items: await salesRepo.items(rc.db, order.id) } : undefined;
  },

  /** An invoice, shipment or credit memo with its order, items and tracks; undefined when missing. */
  async documentView(rc: RequestContext, kind: DocumentKind, id: number) {
    const doc = await salesRepo.document(rc.db, kind, id);
    if (!doc) return undefined;
    const order = (await salesRepo.order(rc.db, doc.order_id))!;
    const items = await salesRepo.documentItems(rc.db, kind, doc.id);
    const tracks = kind === 'shipments' ? await salesRepo.tracks(rc.db, doc.id) : [];
    return { doc, order, items, tracks, taxDisplay: await rc.app.services.tax.display(rc, 'sales', order.store_view_id) };
  },

  /** Sales > Invoices / Shipments / Credit Memos grids. */
  documentGrid: (rc: RequestContext, kind: DocumentKind, f: DocumentFilters, o: { limit: number; cursor: KeysetCursor }) =>
    salesRepo.documentPage(rc.db, kind, f, { dir: 'desc', ...o }),
};

export type OrderViewData = NonNullable<Awaited<ReturnType<typeof salesPages.orderView>>>;
export type MyOrderData = NonNullable<Awaited<ReturnType<typeof salesPages.myOrder>>>;
export type DocumentViewData = NonNullable<Awaited<ReturnType<typeof salesPages.documentView>>>;
export type OrderGridData = Awaited<ReturnType<typeof salesPages.orderGrid>>;
export type DocumentGridData = Awaited<ReturnType<typeof salesPages.documentGrid>>;
export type OrderItem = Awaited<ReturnType<typeof salesPages.orderItems>>[number];
