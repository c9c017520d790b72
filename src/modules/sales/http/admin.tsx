import type { FastifyReply, FastifyRequest } from 'fastify';
import { attempt, bodyOf, checked, filterId, paramId, queryOf, redirectWith, str, strs } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { parseMoney } from '../../../kernel/money.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, PostButton, TextAreaField, rendered } from '../../../ui/components.tsx';
import { Grid, keysetPager } from '../../../ui/grid.tsx';
import { cursorOf } from '../../../db/keyset.ts';
import { money } from '../../catalog/service.ts';
import { AddressBlock } from '../../customers/http/storefront.tsx';
import type { CustomerTab, RouteRegistrar, SalesDocumentRef } from '../../types.ts';
import { salesRepo, type DocumentKind, type OrderRow } from '../repo.ts';
import { STATE_LABELS } from '../service.ts';

const ORDERS = '/admin/sales/orders';
const PAGE_SIZE = 20;
const DOCS: Record<DocumentKind, { path: string; resource: string; title: string; single: string; type: SalesDocumentRef['type'] }> = {
  invoices: { path: '/admin/sales/invoices', resource: 'sales.operations.invoices', title: 'Invoices', single: 'Invoice', type: 'invoice' },
  shipments: { path: '/admin/sales/shipments', resource: 'sales.operations.shipments', title: 'Shipments', single: 'Shipment', type: 'shipment' },
  credit_memos: { path: '/admin/sales/creditmemos', resource: 'sales.operations.creditmemos', title: 'Credit Memos', single: 'Credit Memo', type: 'creditmemo' },
};
const ORDER_RESOURCE = 'sales.operations.orders';
const A = {
  view: 'sales.operations.orders.actions.view',
  invoice: 'sales.operations.orders.actions.invoice',
  ship: 'sales.operations.orders.actions.ship',
  creditmemo: 'sales.operations.orders.actions.creditmemo',
  cancel: 'sales.operations.orders.actions.cancel',
  hold: 'sales.operations.orders.actions.hold',
  comment: 'sales.operations.orders.actions.comment',
  reorder: 'sales.operations.orders.actions.reorder',
};
export const SALES_ACL = A;

type Errors = { message?: string };
const stateLabel = (rc: RequestContext, s: string) => rc.t(STATE_LABELS[s] ?? s);
const date = (iso: string) => iso.replace('T', ' ').slice(0, 19);

/** Buttons other modules add to document pages (Login as Customer …). */
async function documentButtons(rc: RequestContext, order: OrderRow, type: SalesDocumentRef['type']) {
  const ref: SalesDocumentRef = { type, orderId: order.id, customerId: order.customer_id, storeViewId: order.store_view_id };
  return Promise.all(rc.app.registry.modules.filter((m) => m.documentButtons).map((m) => m.documentButtons!(rc, ref)));
}

async function orderGrid(rc: RequestContext, q: Record<string, string | undefined>, base = ORDERS) {
  const t = rc.t;
  const tree = await rc.app.services.stores.tree();
  const sortKeys = ['id', 'increment_id', 'created_at', 'grand_total'] as const;
  const sort = (sortKeys as readonly string[]).includes(q.sort ?? '') ? (q.sort as (typeof sortKeys)[number]) : 'id';
  const dir = q.dir === 'asc' ? 'asc' : 'desc';
  const amount = (v?: string) => (v ? (parseMoney(v) ?? undefined) : undefined);
  const { rows, total, ...page } = await salesRepo.page(
    rc.db,
    {
      incrementId: q.increment_id,
      name: q.name,
      email: q.email,
      status: q.status,
      storeViewId: filterId(q.store),
      createdFrom: q.created_from || undefined,
      createdTo: q.created_to ? `${q.created_to}T23:59:59.999Z` : undefined,
      totalFrom: amount(q.total_from),
      totalTo: amount(q.total_to),
    },
    { sort, dir, limit: PAGE_SIZE, cursor: cursorOf(q) },
  );
  return (
    <Grid
      rc={rc}
      id="sales_order_grid"
      action={base}
      query={q}
      rows={rows}
      sort={{ key: sort, dir }}
      pager={keysetPager(rc, base, q, total, page)}
      columns={[
        {
          label: t('ID'),
          cell: (r) => (
            <a href={`${ORDERS}/${r.id}`} safe>
              {r.increment_id}
            </a>
          ),
          filter: { type: 'text', name: 'increment_id' },
          sort: 'increment_id',
        },
        { label: t('Purchase Point'), value: (r) => tree.views.find((v) => v.id === r.store_view_id)?.name ?? '', filter: { type: 'select', name: 'store', options: tree.views.map((v) => ({ value: String(v.id), label: v.name })) } },
        { label: t('Purchase Date'), value: (r) => date(r.created_at), filter: { type: 'range', from: 'created_from', to: 'created_to', input: 'date' }, sort: 'created_at' },
        { label: t('Bill-to Name'), value: (r) => `${r.customer_firstname} ${r.customer_lastname}`, filter: { type: 'text', name: 'name' } },
        { label: t('Customer Email'), value: (r) => r.customer_email, filter: { type: 'text', name: 'email' } },
        { label: t('Grand Total (Purchased)'), value: (r) => money(rc, r.grand_total), filter: { type: 'range', from: 'total_from', to: 'total_to', input: 'number' }, sort: 'grand_total' },
        { label: t('Status'), value: (r) => stateLabel(rc, r.status), filter: { type: 'select', name: 'status', options: Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label: t(label) })) } },
        {
          label: t('Action'),
          cell: (r) => (
            <a href={`${ORDERS}/${r.id}`} safe>
              {t('View')}
            </a>
          ),
        },
      ]}
    />
  );
}

function ItemsTable({ rc, items }: { rc: RequestContext; items: Awaited<ReturnType<typeof salesRepo.items>> }) {
  const t = rc.t;
  return (
    <table class="data-grid order-items">
      <thead>
        <tr>
          <th safe>{t('Product')}</th>
          <th safe>{t('SKU')}</th>
          <th safe>{t('Price')}</th>
          <th safe>{t('Qty')}</th>
          <th safe>{t('Row Total')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr data-sku={i.sku}>
            <td safe>{i.name}</td>
            <td safe>{i.sku}</td>
            <td safe>{money(rc, i.price)}</td>
            <td class="qty-summary">
              <span safe>{t('Ordered {n}', { n: i.qty_ordered })}</span>
              {i.qty_invoiced ? <span safe>{t('Invoiced {n}', { n: i.qty_invoiced })}</span> : ''}
              {i.qty_shipped ? <span safe>{t('Shipped {n}', { n: i.qty_shipped })}</span> : ''}
              {i.qty_refunded ? <span safe>{t('Refunded {n}', { n: i.qty_refunded })}</span> : ''}
              {i.qty_canceled ? <span safe>{t('Canceled {n}', { n: i.qty_canceled })}</span> : ''}
            </td>
            <td safe>{money(rc, i.row_total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function orderView(rc: RequestContext, order: OrderRow, tab: string, e: Errors = {}) {
  const t = rc.t;
  const can = (r: string) => rc.permissions.all || rc.permissions.resources.has(r);
  const items = await salesRepo.items(rc.db, order.id);
  const tabs = [
    { id: 'info', label: 'Information' },
    { id: 'invoices', label: 'Invoices' },
    { id: 'creditmemos', label: 'Credit Memos' },
    { id: 'shipments', label: 'Shipments' },
    { id: 'history', label: 'Comments History' },
  ];
  const current = tabs.some((x) => x.id === tab) ? tab : 'info';
  const base = `${ORDERS}/${order.id}`;
  const canInvoice = ['pending', 'processing'].includes(order.state) && items.some((i) => i.qty_ordered - i.qty_invoiced - i.qty_canceled > 0);
  const canShip = ['pending', 'processing'].includes(order.state) && items.some((i) => i.qty_ordered - i.qty_shipped - i.qty_canceled - i.qty_refunded > 0);
  const canRefund = ['processing', 'complete'].includes(order.state) && order.total_invoiced > order.total_refunded;
  const canCancel = order.state === 'pending' && items.every((i) => i.qty_invoiced === 0 && i.qty_shipped === 0);
  let body: JSX.Element;
  if (current === 'info') body = await infoTab(rc, order, items, e);
  else if (current === 'history') body = await historyTab(rc, order, e);
  else body = await documentsTab(rc, order, current === 'invoices' ? 'invoices' : current === 'shipments' ? 'shipments' : 'credit_memos');
  return adminPage(rc, {
    title: t('# {number}', { number: order.increment_id }),
    active: 'sales',
    actions: (
      <div class="page-actions-buttons" data-role="document-actions">
        <a class="action-back" href={ORDERS} safe>
          {t('Back')}
        </a>
        {rendered(await documentButtons(rc, order, 'order'))}
        {canCancel && can(A.cancel) ? <PostButton rc={rc} action={`${base}/cancel`} label={t('Cancel')} confirm={t('Are you sure you want to cancel this order?')} /> : ''}
        {['pending', 'processing'].includes(order.state) && can(A.hold) ? <PostButton rc={rc} action={`${base}/hold`} label={t('Hold')} /> : ''}
        {order.state === 'holded' && can(A.hold) ? <PostButton rc={rc} action={`${base}/unhold`} label={t('Unhold')} /> : ''}
        {canInvoice && can(A.invoice) ? (
          <a class="action-secondary" href={`${base}/invoice/new`} safe>
            {t('Invoice')}
          </a>
        ) : (
          ''
        )}
        {canRefund && can(A.creditmemo) ? (
          <a class="action-secondary" href={`${base}/creditmemo/new`} safe>
            {t('Credit Memo')}
          </a>
        ) : (
          ''
        )}
        {canShip && can(A.ship) ? (
          <a class="action-secondary" href={`${base}/ship/new`} safe>
            {t('Ship')}
          </a>
        ) : (
          ''
        )}
        {can(A.reorder) ? <PostButton rc={rc} action={`${base}/reorder`} label={t('Reorder')} confirm={t('Create a new order with the same items?')} /> : ''}
      </div>
    ),
    content: (
      <div class="tabs-layout">
        <nav class="tabs-nav" aria-label={t('Order View')}>
          <h3 safe>{t('Order View')}</h3>
          {tabs.map((x) => (
            <a href={`${base}?tab=${x.id}`} aria-current={x.id === current ? 'page' : undefined} safe>
              {t(x.label)}
            </a>
          ))}
        </nav>
        <div class="tabs-content">{rendered(body)}</div>
      </div>
    ),
  });
}

async function infoTab(rc: RequestContext, order: OrderRow, items: Awaited<ReturnType<typeof salesRepo.items>>, e: Errors) {
  const t = rc.t;
  const addresses = await salesRepo.addresses(rc.db, order.id);
  const view = await rc.app.services.stores.byId(order.store_view_id);
  const billing = addresses.find((a) => a.address_type === 'billing');
  const shipping = addresses.find((a) => a.address_type === 'shipping');
  const purchasedFrom: string = view ? `${view.website.name} / ${view.view.name}` : '';
  return (
    <>
      <section class="order-information">
        <h2 safe>{t('Order & Account Information')}</h2>
        <table class="admin-table">
          <tr>
            <th safe>{t('Order Date')}</th>
            <td safe>{date(order.created_at)}</td>
          </tr>
          <tr>
            <th safe>{t('Order Status')}</th>
            <td class="order-status" safe>
              {stateLabel(rc, order.status)}
            </td>
          </tr>
          <tr>
            <th safe>{t('Purchased From')}</th>
            <td safe>{purchasedFrom}</td>
          </tr>
          <tr>
            <th safe>{t('Customer Name')}</th>
            <td>
              {order.customer_id ? (
                <a href={`/admin/customers/${order.customer_id}/edit`} safe>
                  {`${order.customer_firstname} ${order.customer_lastname}`}
                </a>
              ) : (
                <span safe>{`${order.customer_firstname} ${order.customer_lastname}`}</span>
              )}
            </td>
          </tr>
          <tr>
            <th safe>{t('Email')}</th>
            <td safe>{order.customer_email}</td>
          </tr>
          <tr>
            <th safe>{t('Customer Group')}</th>
            <td safe>{order.customer_id ? '' : t('NOT LOGGED IN')}</td>
          </tr>
        </table>
      </section>
      <section class="order-addresses">
        <h2 safe>{t('Address Information')}</h2>
        <div class="box">
          <strong safe>{t('Billing Address')}</strong>
          {billing ? <AddressBlock a={billing} /> : ''}
        </div>
        <div class="box">
          <strong safe>{t('Shipping Address')}</strong>
          {shipping ? <AddressBlock a={shipping} /> : ''}
        </div>
      </section>
      <section class="order-payment-shipping">
        <h2 safe>{t('Payment & Shipping Method')}</h2>
        <p safe>{order.payment_method === 'checkmo' ? t('Check / Money order') : order.payment_method}</p>
        <p safe>{`${order.shipping_description} ${money(rc, order.shipping_amount)}`}</p>
      </section>
      <section class="order-items">
        <h2 safe>{t('Items Ordered')}</h2>
        <ItemsTable rc={rc} items={items} />
      </section>
      <section class="order-totals">
        <h2 safe>{t('Order Totals')}</h2>
        <table class="admin-table totals">
          <tr>
            <th safe>{t('Subtotal')}</th>
            <td safe>{money(rc, order.subtotal)}</td>
          </tr>
          <tr>
            <th safe>{t('Shipping & Handling')}</th>
            <td safe>{money(rc, order.shipping_amount)}</td>
          </tr>
          <tr>
            <th safe>{t('Grand Total')}</th>
            <td safe>{money(rc, order.grand_total)}</td>
          </tr>
          <tr>
            <th safe>{t('Total Paid')}</th>
            <td class="total-paid" safe>
              {money(rc, order.total_invoiced)}
            </td>
          </tr>
          <tr>
            <th safe>{t('Total Refunded')}</th>
            <td class="total-refunded" safe>
              {money(rc, order.total_refunded)}
            </td>
          </tr>
          <tr>
            <th safe>{t('Total Due')}</th>
            <td safe>{money(rc, Math.max(0, order.grand_total - order.total_invoiced))}</td>
          </tr>
        </table>
      </section>
      {rendered(await historyTab(rc, order, e))}
    </>
  );
}

async function historyTab(rc: RequestContext, order: OrderRow, e: Errors) {
  const t = rc.t;
  const comments = await salesRepo.comments(rc.db, order.id);
  const may = rc.permissions.all || rc.permissions.resources.has(A.comment);
  return (
    <section class="order-history">
      <h2 safe>{t('Notes for this Order')}</h2>
      {may ? (
        <form method="post" action={`${ORDERS}/${order.id}/comment`} class="order-history-form">
          <FormKey rc={rc} />
          <FormErrors messages={e.message ? [t(e.message)] : []} />
          <TextAreaField name="comment" label={t('Comment')} rows={3} />
          <CheckboxField name="is_customer_notified" label={t('Notify Customer by Email')} checked={false} />
          <CheckboxField name="is_visible_on_front" label={t('Visible on Storefront')} checked={false} />
          <button type="submit" class="action-secondary" safe>
            {t('Submit Comment')}
          </button>
        </form>
      ) : (
        ''
      )}
      <ul class="note-list">
        {comments.map((c) => (
          <li>
            <span class="note-list-date" safe>
              {date(c.created_at)}
            </span>{' '}
            <span class="note-list-status" safe>
              {stateLabel(rc, c.status)}
            </span>{' '}
            <span class="note-list-customer" safe>
              {c.is_customer_notified ? t('Customer Notified') : t('Customer Not Notified')}
            </span>
            {c.is_visible_on_front ? (
              <span class="note-list-visible" safe>
                {t('Visible on Storefront')}
              </span>
            ) : (
              ''
            )}
            <div class="note-list-comment" safe>
              {c.comment}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

async function documentsTab(rc: RequestContext, order: OrderRow, kind: DocumentKind) {
  const t = rc.t;
  const docs = await salesRepo.documentsOf(rc.db, kind, order.id);
  return (
    <table class="data-grid">
      <thead>
        <tr>
          <th safe>{t(DOCS[kind].single)}</th>
          <th safe>{t('Created')}</th>
          <th safe>{kind === 'shipments' ? t('Total Quantity') : t('Amount')}</th>
          <th safe>{t('Action')}</th>
        </tr>
      </thead>
      <tbody>
        {docs.length ? (
          docs.map((d) => (
            <tr>
              <td safe>{d.increment_id}</td>
              <td safe>{date(d.created_at)}</td>
              <td safe>{kind === 'shipments' ? String(d.total_qty) : money(rc, d.grand_total)}</td>
              <td>
                <a href={`${DOCS[kind].path}/${d.id}`} safe>
                  {t('View')}
                </a>
              </td>
            </tr>
          ))
        ) : (
          <tr class="data-grid-empty">
            <td colspan="4" safe>
              {t("We couldn't find any records.")}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

type NewDocKind = 'invoice' | 'ship' | 'creditmemo';

async function newDocumentPage(rc: RequestContext, order: OrderRow, kind: NewDocKind, e: Errors = {}, values: Record<string, string> = {}) {
  const t = rc.t;
  const items = await salesRepo.items(rc.db, order.id);
  const left = (i: (typeof items)[number]) =>
    kind === 'invoice' ? i.qty_ordered - i.qty_invoiced - i.qty_canceled : kind === 'ship' ? i.qty_ordered - i.qty_shipped - i.qty_canceled - i.qty_refunded : i.qty_invoiced - i.qty_refunded;
  const title = kind === 'invoice' ? t('New Invoice') : kind === 'ship' ? t('New Shipment') : t('New Memo');
  const submit = kind === 'invoice' ? t('Submit Invoice') : kind === 'ship' ? t('Submit Shipment') : t('Refund Offline');
  const qtyLabel = kind === 'invoice' ? t('Qty to Invoice') : kind === 'ship' ? t('Qty to Ship') : t('Qty to Refund');
  return adminPage(rc, {
    title: `${title} — #${order.increment_id}`,
    active: 'sales',
    actions: (
      <a class="action-back" href={`${ORDERS}/${order.id}`} safe>
        {t('Back')}
      </a>
    ),
    content: (
      <form method="post" action={`${ORDERS}/${order.id}/${kind}/save`} class="admin-form new-document" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={e.message ? [t(e.message)] : []} />
        <table class="data-grid">
          <thead>
            <tr>
              <th safe>{t('Product')}</th>
              <th safe>{t('SKU')}</th>
              <th safe>{t('Price')}</th>
              <th safe>{qtyLabel}</th>
            </tr>
          </thead>
          <tbody>
            {items
              .filter((i) => left(i) > 0)
              .map((i) => (
                <tr data-sku={i.sku}>
                  <td safe>{i.name}</td>
                  <td safe>{i.sku}</td>
                  <td safe>{money(rc, i.price)}</td>
                  <td>
                    <input type="number" min="0" max={String(left(i))} name={`qty[${i.id}]`} value={values[`qty[${i.id}]`] ?? String(left(i))} aria-label={t('{label} for {name}', { label: qtyLabel, name: i.name })} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
        {kind === 'ship' ? (
          <fieldset class="tracking">
            <legend safe>{t('Add Tracking Number')}</legend>
            {[0, 1].map((n) => (
              <div class="track-row">
                <label safe>{t('Carrier')}</label>
                <select name="track_carrier" aria-label={t('Carrier')}>
                  <option value="custom" safe>
                    {t('Custom Value')}
                  </option>
                  <option value="ups">UPS</option>
                  <option value="usps">USPS</option>
                  <option value="fedex">FedEx</option>
                  <option value="dhl">DHL</option>
                </select>
                <input name="track_title" placeholder={t('Title')} aria-label={t('Title')} value={n === 0 ? (values.track_title ?? '') : ''} />
                <input name="track_number" placeholder={t('Number')} aria-label={n === 0 ? t('Tracking Number') : t('Second Tracking Number')} value={n === 0 ? (values.track_number ?? '') : ''} />
              </div>
            ))}
          </fieldset>
        ) : (
          ''
        )}
        {kind === 'creditmemo' ? (
          <fieldset class="refund-totals">
            <legend safe>{t('Refund Totals')}</legend>
            <CheckboxField name="back_to_stock" label={t('Return to Stock')} checked={values.back_to_stock === '1'} />
            <div class="field">
              <label for="shipping_amount" safe>
                {t('Refund Shipping')}
              </label>
              <input id="shipping_amount" name="shipping_amount" value={values.shipping_amount ?? ''} placeholder="0.00" />
            </div>
            <div class="field">
              <label for="adjustment_positive" safe>
                {t('Adjustment Refund')}
              </label>
              <input id="adjustment_positive" name="adjustment_positive" value={values.adjustment_positive ?? ''} placeholder="0.00" />
            </div>
            <div class="field">
              <label for="adjustment_negative" safe>
                {t('Adjustment Fee')}
              </label>
              <input id="adjustment_negative" name="adjustment_negative" value={values.adjustment_negative ?? ''} placeholder="0.00" />
            </div>
          </fieldset>
        ) : (
          ''
        )}
        <button type="submit" class="action-primary" safe>
          {submit}
        </button>
      </form>
    ),
  });
}

async function documentView(rc: RequestContext, kind: DocumentKind, id: number, reply: FastifyReply) {
  const t = rc.t;
  const doc = await salesRepo.document(rc.db, kind, id);
  if (!doc) return reply.callNotFound();
  const order = (await salesRepo.order(rc.db, doc.order_id))!;
  const items = await salesRepo.documentItems(rc.db, kind, doc.id);
  const tracks = kind === 'shipments' ? await salesRepo.tracks(rc.db, doc.id) : [];
  const cfg = DOCS[kind];
  return adminPage(rc, {
    title: t('{kind} #{number}', { kind: t(cfg.single), number: doc.increment_id }),
    active: 'sales',
    actions: (
      <div class="page-actions-buttons" data-role="document-actions">
        <a class="action-back" href={`${ORDERS}/${order.id}`} safe>
          {t('Back')}
        </a>
        {rendered(await documentButtons(rc, order, cfg.type))}
      </div>
    ),
    content: (
      <>
        <section class="order-information">
          <h2 safe>{t('Order & Account Information')}</h2>
          <p>
            <a href={`${ORDERS}/${order.id}`} safe>
              {t('Order # {number}', { number: order.increment_id })}
            </a>{' '}
            <span safe>{`(${stateLabel(rc, order.status)})`}</span>
          </p>
          <p safe>{`${order.customer_firstname} ${order.customer_lastname} <${order.customer_email}>`}</p>
          <p safe>{t('Created: {date}', { date: date(doc.created_at) })}</p>
        </section>
        <table class="data-grid document-items">
          <thead>
            <tr>
              <th safe>{t('Product')}</th>
              <th safe>{t('SKU')}</th>
              <th safe>{t('Qty')}</th>
              {kind === 'shipments' ? '' : <th safe>{t('Row Total')}</th>}
              {kind === 'credit_memos' ? <th safe>{t('Return to Stock')}</th> : ''}
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <td safe>{i.name}</td>
                <td safe>{i.sku}</td>
                <td safe>{String(i.qty)}</td>
                {kind === 'shipments' ? '' : <td safe>{money(rc, i.row_total)}</td>}
                {kind === 'credit_memos' ? <td safe>{i.back_to_stock ? t('Yes') : t('No')}</td> : ''}
              </tr>
            ))}
          </tbody>
        </table>
        {kind === 'shipments' ? (
          <section class="tracking">
            <h2 safe>{t('Shipping and Tracking Information')}</h2>
            {tracks.length ? (
              <ul>
                {tracks.map((tr) => (
                  <li safe>{`${tr.title} (${tr.carrier}): ${tr.number}`}</li>
                ))}
              </ul>
            ) : (
              <p safe>{t('No tracking numbers.')}</p>
            )}
          </section>
        ) : (
          <table class="admin-table totals">
            <tr>
              <th safe>{t('Subtotal')}</th>
              <td safe>{money(rc, doc.subtotal)}</td>
            </tr>
            <tr>
              <th safe>{t('Shipping & Handling')}</th>
              <td safe>{money(rc, doc.shipping_amount)}</td>
            </tr>
            {kind === 'credit_memos' ? (
              <>
                <tr>
                  <th safe>{t('Adjustment Refund')}</th>
                  <td safe>{money(rc, doc.adjustment_positive)}</td>
                </tr>
                <tr>
                  <th safe>{t('Adjustment Fee')}</th>
                  <td safe>{money(rc, doc.adjustment_negative)}</td>
                </tr>
              </>
            ) : (
              ''
            )}
            <tr>
              <th safe>{t('Grand Total')}</th>
              <td safe>{money(rc, doc.grand_total)}</td>
            </tr>
          </table>
        )}
      </>
    ),
  });
}

async function documentGrid(rc: RequestContext, kind: DocumentKind, q: Record<string, string | undefined>) {
  const t = rc.t;
  const cfg = DOCS[kind];
  const { rows, total, ...page } = await salesRepo.documentPage(
    rc.db,
    kind,
    { incrementId: q.increment_id, orderIncrementId: q.order, name: q.name, createdFrom: q.created_from || undefined, createdTo: q.created_to ? `${q.created_to}T23:59:59.999Z` : undefined },
    { dir: 'desc', limit: PAGE_SIZE, cursor: cursorOf(q) },
  );
  return adminPage(rc, {
    title: t(cfg.title),
    active: 'sales',
    content: (
      <Grid
        rc={rc}
        id={`sales_${kind}_grid`}
        action={cfg.path}
        query={q}
        rows={rows}
        pager={keysetPager(rc, cfg.path, q, total, page)}
        columns={[
          {
            label: t(cfg.single),
            cell: (r) => (
              <a href={`${cfg.path}/${r.id}`} safe>
                {r.increment_id}
              </a>
            ),
            filter: { type: 'text', name: 'increment_id' },
          },
          { label: t('Created'), value: (r) => date(r.created_at), filter: { type: 'range', from: 'created_from', to: 'created_to', input: 'date' } },
          { label: t('Order #'), value: (r) => r.order_increment_id, filter: { type: 'text', name: 'order' } },
          { label: t('Order Date'), value: (r) => date(r.order_created_at) },
          { label: t('Bill-to Name'), value: (r) => `${r.customer_firstname} ${r.customer_lastname}`, filter: { type: 'text', name: 'name' } },
          { label: kind === 'shipments' ? t('Total Quantity') : t('Amount'), value: (r) => (kind === 'shipments' ? r.total_qty : money(rc, r.grand_total)) },
          {
            label: t('Action'),
            cell: (r) => (
              <a href={`${cfg.path}/${r.id}`} safe>
                {t('View')}
              </a>
            ),
          },
        ]}
      />
    ),
  });
}

function qtysFrom(b: Record<string, unknown>): Map<number, number> {
  const m = new Map<number, number>();
  for (const [k, v] of Object.entries(b)) {
    const match = /^qty\[(\d+)\]$/.exec(k);
    if (match) m.set(Number(match[1]), /^\d{1,6}$/.test(str(v).trim()) ? Number(str(v).trim()) : -1);
  }
  return m;
}

export function salesAdminRoutes(r: RouteRegistrar) {
  const loadOrder = async (rc: RequestContext, req: FastifyRequest) => {
    const id = paramId(req);
    return id ? salesRepo.order(rc.db, id) : undefined;
  };

  r.adminGet('/sales/orders', { resource: ORDER_RESOURCE, actionName: 'sales_order_index' }, async (req, _reply, rc) =>
    adminPage(rc, { title: rc.t('Orders'), active: 'sales', content: await orderGrid(rc, queryOf(req)) }),
  );
  r.adminGet('/sales/orders/:id', { resource: A.view, actionName: 'sales_order_view' }, async (req, reply, rc) => {
    const order = await loadOrder(rc, req);
    if (!order) return reply.callNotFound();
    return orderView(rc, order, queryOf(req).tab ?? 'info');
  });

  const simple = (path: string, resource: string, actionName: string, run: (rc: RequestContext, id: number) => Promise<unknown>, done: string) =>
    r.adminPost(`/sales/orders/:id/${path}`, { resource, actionName }, async (req, reply, rc) => {
      const order = await loadOrder(rc, req);
      if (!order) return reply.callNotFound();
      const result = await attempt(() => run(rc, order.id));
      if (!result.ok) return redirectWith(reply, rc, `${ORDERS}/${order.id}`, { type: 'error', text: rc.t(result.message) });
      return redirectWith(reply, rc, `${ORDERS}/${order.id}`, { type: 'success', text: rc.t(done) });
    });
  simple('cancel', A.cancel, 'sales_order_cancel', (rc, id) => rc.app.services.sales.cancel(rc, id), 'You canceled the order.');
  simple('hold', A.hold, 'sales_order_hold', (rc, id) => rc.app.services.sales.hold(rc, id), 'You put the order on hold.');
  simple('unhold', A.hold, 'sales_order_unhold', (rc, id) => rc.app.services.sales.unhold(rc, id), 'You released the order from holding status.');

  r.adminPost('/sales/orders/:id/reorder', { resource: A.reorder, actionName: 'sales_order_create_reorder' }, async (req, reply, rc) => {
    const order = await loadOrder(rc, req);
    if (!order) return reply.callNotFound();
    const result = await attempt(() => rc.app.services.sales.adminReorder(rc, order.id));
    if (!result.ok) return redirectWith(reply, rc, `${ORDERS}/${order.id}`, { type: 'error', text: rc.t(result.message) });
    return redirectWith(reply, rc, `${ORDERS}/${result.value}`, { type: 'success', text: rc.t('You created the order.') });
  });

  r.adminPost('/sales/orders/:id/comment', { resource: A.comment, actionName: 'sales_order_addComment' }, async (req, reply, rc) => {
    const order = await loadOrder(rc, req);
    if (!order) return reply.callNotFound();
    const b = bodyOf(req);
    const result = await attempt(() => rc.app.services.sales.addComment(rc, order.id, str(b.comment), { notify: checked(b.is_customer_notified), visible: checked(b.is_visible_on_front) }));
    if (!result.ok) {
      reply.code(result.status);
      return orderView(rc, order, 'history', { message: result.message });
    }
    return redirectWith(reply, rc, `${ORDERS}/${order.id}?tab=history`, { type: 'success', text: rc.t('You added a comment to the order.') });
  });

  const docRoutes: [NewDocKind, string, string, string][] = [
    ['invoice', A.invoice, 'sales_order_invoice', 'The invoice has been created.'],
    ['ship', A.ship, 'adminhtml_order_shipment', 'The shipment has been created.'],
    ['creditmemo', A.creditmemo, 'sales_order_creditmemo', 'You created the credit memo.'],
  ];
  for (const [kind, resource, action, done] of docRoutes) {
    r.adminGet(`/sales/orders/:id/${kind}/new`, { resource, actionName: `${action}_new` }, async (req, reply, rc) => {
      const order = await loadOrder(rc, req);
      if (!order) return reply.callNotFound();
      return newDocumentPage(rc, order, kind);
    });
    r.adminPost(`/sales/orders/:id/${kind}/save`, { resource, actionName: `${action}_save` }, async (req, reply, rc) => {
      const order = await loadOrder(rc, req);
      if (!order) return reply.callNotFound();
      const b = bodyOf(req);
      const qtys = qtysFrom(b);
      const sales = rc.app.services.sales;
      const amount = (v: unknown) => (str(v).trim() ? (parseMoney(str(v)) ?? -1) : 0);
      const result = await attempt(async () => {
        if (kind === 'invoice') return sales.invoice(rc, order.id, qtys);
        if (kind === 'ship') {
          const carriers = strs(b.track_carrier);
          const titles = strs(b.track_title);
          return sales.ship(rc, order.id, qtys, strs(b.track_number).map((number, i) => ({ carrier: carriers[i] ?? 'custom', title: titles[i] ?? '', number })));
        }
        return sales.refund(rc, order.id, { qtys, backToStock: checked(b.back_to_stock), shipping: amount(b.shipping_amount), adjustmentPositive: amount(b.adjustment_positive), adjustmentNegative: amount(b.adjustment_negative) });
      });
      if (!result.ok) {
        reply.code(result.status);
        const values = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, str(v)]));
        if (checked(b.back_to_stock)) values.back_to_stock = '1';
        return newDocumentPage(rc, order, kind, { message: result.message }, values);
      }
      return redirectWith(reply, rc, `${ORDERS}/${order.id}`, { type: 'success', text: rc.t(done) });
    });
  }

  for (const kind of ['invoices', 'shipments', 'credit_memos'] as const) {
    const cfg = DOCS[kind];
    const short = cfg.path.replace('/admin', '');
    r.adminGet(short, { resource: cfg.resource, actionName: `sales_${cfg.type}_index` }, (req, _reply, rc) => documentGrid(rc, kind, queryOf(req)));
    r.adminGet(`${short}/:id`, { resource: cfg.resource, actionName: `sales_${cfg.type}_view` }, async (req, reply, rc) => {
      const id = paramId(req);
      if (!id) return reply.callNotFound();
      return documentView(rc, kind, id, reply);
    });
  }
}

/** The Orders tab on the customer edit page: that customer's orders, newest first. */
export const ordersCustomerTab: CustomerTab = {
  id: 'orders',
  label: 'Orders',
  resource: ORDER_RESOURCE,
  sortOrder: 20,
  async render(rc, customerId) {
    const t = rc.t;
    const { rows, total } = await salesRepo.customerOrders(rc.db, customerId, { limit: 50, offset: 0 });
    if (!rows.length) return <p safe>{t("We couldn't find any records.")}</p>;
    return (
      <>
        <p safe>{t('{count} records found', { count: total })}</p>
        <table class="data-grid customer-orders">
          <thead>
            <tr>
              <th safe>{t('Order #')}</th>
              <th safe>{t('Purchased')}</th>
              <th safe>{t('Bill-to Name')}</th>
              <th safe>{t('Order Total')}</th>
              <th safe>{t('Status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr>
                <td>
                  <a href={`${ORDERS}/${o.id}`} safe>
                    {o.increment_id}
                  </a>
                </td>
                <td safe>{date(o.created_at)}</td>
                <td safe>{`${o.customer_firstname} ${o.customer_lastname}`}</td>
                <td safe>{money(rc, o.grand_total)}</td>
                <td safe>{stateLabel(rc, o.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  },
};
