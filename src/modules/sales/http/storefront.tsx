import { paramId, queryOf, redirectWith } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { FormKey } from '../../../ui/components.tsx';
import { money } from '../../catalog/service.ts';
import { AddressBlock } from '../../customers/http/storefront.tsx';
import { accountPage } from '../../customers/http/storefront.tsx';
import { requireCustomer } from '../../../http/require-customer.ts';
import type { RouteRegistrar } from '../../types.ts';
import { salesRepo } from '../repo.ts';
import { STATE_LABELS } from '../service.ts';

const PAGE_SIZE = 10;

/** My Orders: the signed-in customer's orders, order view with visible comments and documents, Reorder. */
export function salesStorefrontRoutes(r: RouteRegistrar) {
  r.storefrontGet('/sales/order/history', async (req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const t = rc.t;
    // Page numbers are capped like the catalog's: a huge ?p= must stay an offset the database accepts.
    const page = Math.min(10_000, Math.max(1, Math.floor(Number(queryOf(req).p)) || 1));
    const { rows, total } = await salesRepo.customerOrders(rc.db, id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return accountPage(
      rc,
      t('My Orders'),
      '/sales/order/history',
      rows.length ? (
        <>
          <table class="data table table-order-items history" id="my-orders-table">
            <thead>
              <tr>
                <th safe>{t('Order #')}</th>
                <th safe>{t('Date')}</th>
                <th safe>{t('Ship To')}</th>
                <th safe>{t('Order Total')}</th>
                <th safe>{t('Status')}</th>
                <th safe>{t('Action')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr>
                  <td safe>{o.increment_id}</td>
                  <td safe>{o.created_at.slice(0, 10)}</td>
                  <td safe>{`${o.customer_firstname} ${o.customer_lastname}`}</td>
                  <td safe>{money(rc, o.grand_total)}</td>
                  <td safe>{t(STATE_LABELS[o.status] ?? o.status)}</td>
                  <td>
                    <a href={rc.url(`/sales/order/view/${o.id}`)} safe>
                      {t('View Order')}
                    </a>{' '}
                    <form method="post" action={rc.url(`/sales/order/reorder/${o.id}`)} class="inline-form">
                      <FormKey rc={rc} />
                      <button type="submit" class="action-link order" safe>
                        {t('Reorder')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 ? (
            <nav class="pages">
              {page > 1 ? (
                <a href={rc.url(`/sales/order/history?p=${page - 1}`)} safe>
                  {t('Previous')}
                </a>
              ) : (
                ''
              )}{' '}
              <span safe>{t('Page {page} of {pages}', { page, pages })}</span>{' '}
              {page < pages ? (
                <a href={rc.url(`/sales/order/history?p=${page + 1}`)} safe>
                  {t('Next')}
                </a>
              ) : (
                ''
              )}
            </nav>
          ) : (
            ''
          )}
        </>
      ) : (
        <div class="message info empty" safe>
          {t('You have placed no orders.')}
        </div>
      ),
    );
  }, { access: 'customer' });

  r.storefrontGet('/sales/order/view/:id', async (req, reply, rc) => {
    const customerId = requireCustomer(rc, reply);
    if (!customerId) return reply;
    const t = rc.t;
    const orderId = paramId(req);
    const order = orderId ? await salesRepo.order(rc.db, orderId) : undefined;
    // Another customer's order is "not found", not "forbidden": ids reveal nothing.
    if (!order || order.customer_id !== customerId) return reply.callNotFound();
    const items = await salesRepo.items(rc.db, order.id);
    const addresses = await salesRepo.addresses(rc.db, order.id);
    const comments = await salesRepo.comments(rc.db, order.id, true);
    const shipments = await salesRepo.documentsOf(rc.db, 'shipments', order.id);
    const tracks = (await Promise.all(shipments.map((s) => salesRepo.tracks(rc.db, s.id)))).flat();
    const shipping = addresses.find((a) => a.address_type === 'shipping');
    return accountPage(
      rc,
      t('Order # {number}', { number: order.increment_id }),
      '/sales/order/history',
      <div class="order-details">
        <p class="order-status" safe>
          {t(STATE_LABELS[order.status] ?? order.status)}
        </p>
        <p class="order-date" safe>
          {t('Order Date: {date}', { date: order.created_at.slice(0, 10) })}
        </p>
        <form method="post" action={rc.url(`/sales/order/reorder/${order.id}`)} class="inline-form">
          <FormKey rc={rc} />
          <button type="submit" class="action order" safe>
            {t('Reorder')}
          </button>
        </form>
        <table class="data table table-order-items">
          <thead>
            <tr>
              <th safe>{t('Product Name')}</th>
              <th safe>{t('SKU')}</th>
              <th safe>{t('Price')}</th>
              <th safe>{t('Qty')}</th>
              <th safe>{t('Subtotal')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <td safe>{i.name}</td>
                <td safe>{i.sku}</td>
                <td safe>{money(rc, i.price)}</td>
                <td safe>{t('Ordered: {n}', { n: i.qty_ordered })}</td>
                <td safe>{money(rc, i.row_total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colspan="4" safe>
                {t('Subtotal')}
              </th>
              <td safe>{money(rc, order.subtotal)}</td>
            </tr>
            <tr>
              <th colspan="4" safe>
                {t('Shipping & Handling')}
              </th>
              <td safe>{money(rc, order.shipping_amount)}</td>
            </tr>
            <tr>
              <th colspan="4" safe>
                {t('Grand Total')}
              </th>
              <td safe>{money(rc, order.grand_total)}</td>
            </tr>
          </tfoot>
        </table>
        <section class="order-info">
          <div class="box">
            <strong safe>{t('Shipping Address')}</strong>
            {shipping ? <AddressBlock a={shipping} /> : ''}
          </div>
          <div class="box">
            <strong safe>{t('Shipping Method')}</strong>
            <p safe>{order.shipping_description}</p>
            {tracks.map((tr) => (
              <p safe>{t('Tracking Number: {number}', { number: tr.number })}</p>
            ))}
          </div>
          <div class="box">
            <strong safe>{t('Payment Method')}</strong>
            <p safe>{order.payment_method === 'checkmo' ? t('Check / Money order') : order.payment_method}</p>
          </div>
        </section>
        {comments.length ? (
          <section class="order-comments">
            <h2 safe>{t('About Your Order')}</h2>
            <ul>
              {comments.map((c) => (
                <li>
                  <span class="date" safe>
                    {c.created_at.slice(0, 10)}
                  </span>{' '}
                  <span safe>{c.comment}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
      </div>,
    );
  }, { access: 'customer' });

  r.storefrontPost('/sales/order/reorder/:id', async (req, reply, rc) => {
    const customerId = requireCustomer(rc, reply);
    if (!customerId) return reply;
    const orderId = paramId(req);
    const order = orderId ? await salesRepo.order(rc.db, orderId) : undefined;
    if (!order || order.customer_id !== customerId) return reply.callNotFound();
    const problems = await rc.app.services.sales.reorderToCart(rc, order.id);
    return redirectWith(reply, rc, rc.url('/checkout/cart'), ...problems.map((p) => ({ type: 'error' as const, text: p })));
  }, { access: 'customer' });
}
