import { formatMoney } from '../../../kernel/money.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { AddressBlock, AddressFields } from '../../../ui/address.tsx';
import { CheckboxField, ColumnHeads, FormErrors, FormKey, TextAreaField, TextField } from '../../../ui/components.tsx';
import { Grid, KeywordSearch, keysetPager, type GridPager } from '../../../ui/grid.tsx';
import type { AddressLines, Country } from '../../../ui/address.tsx';
import type { AdminQuote, CartView, PaymentMethod, QuoteChoices, ShippingRate } from '../../checkout/index.ts';
import type { CartTotals } from '../../tax/index.ts';
import { taxedTotalRows } from '../tax-totals.ts';

export const ORDER_CREATE = '/admin/sales/order_create';

/** What the create page shows: the quote, its lines at the customer's prices, methods on offer, saved addresses. */
export interface QuotePageData {
  quote: AdminQuote;
  customer: { firstname: string; lastname: string };
  cart: CartView;
  rates: ShippingRate[];
  payments: PaymentMethod[];
  addresses: (AddressLines & { id: number })[];
  countries: Country[];
  baseCurrency: string;
}
/** One page of the customers grid (as the customers service reads it). */
export interface CustomerChoiceData {
  rows: { id: number; firstname: string; lastname: string; email: string; website_id: number }[];
  total: number;
  websites: { id: number; name: string }[];
  prevBefore?: number;
  nextAfter?: number;
  page?: number;
}
/** Products found by "Add Products", priced for the quote's customer. */
export interface FoundProduct {
  id: number;
  name: string;
  sku: string;
  price: number;
  qty: number;
  inStock: boolean;
}
export type CreateProblems = { messages?: string[]; fields?: Record<string, string> };

/** "Please select a customer": the customers grid, each row with a button that opens a quote for that customer. */
export function CustomerChoice(p: { rc: RequestContext; data: CustomerChoiceData; q: Record<string, string | undefined>; sort: string; dir: 'asc' | 'desc' }) {
  const { rc, data, q } = p;
  const t = rc.t;
  const { rows, total, websites, ...page } = data;
  const pager: GridPager = keysetPager(rc, ORDER_CREATE, q, total, page);
  return (
    <>
      <h2 safe>{t('Please select a customer')}</h2>
      <KeywordSearch rc={rc} action={ORDER_CREATE} value={q.search} id="order-create-customer-keyword" />
      <Grid
        rc={rc}
        id="sales_order_create_customer_grid"
        action={ORDER_CREATE}
        query={q}
        rows={rows}
        sort={{ key: p.sort, dir: p.dir }}
        pager={pager}
        columns={[
          { label: t('ID'), value: (r) => String(r.id), sort: 'id' },
          { label: t('Name'), value: (r) => `${r.firstname} ${r.lastname}`, filter: { type: 'text', name: 'name' }, sort: 'lastname' },
          { label: t('Email'), value: (r) => r.email, filter: { type: 'text', name: 'email' }, sort: 'email' },
          { label: t('Website'), value: (r) => websites.find((w) => w.id === r.website_id)?.name ?? '' },
          {
            label: t('Action'),
            key: 'action',
            cell: (r) => (
              <form method="post" action={`${ORDER_CREATE}/start`} class="inline-form">
                <FormKey rc={rc} />
                <input type="hidden" name="customer_id" value={String(r.id)} />
                <button type="submit" class="action-secondary" aria-label={t('Select {name}', { name: `${r.firstname} ${r.lastname}` })} safe>
                  {t('Select')}
                </button>
              </form>
            ),
          },
        ]}
      />
    </>
  );
}

/** "Please select a store": the store views of the customer's website. */
export function StoreChoice(p: { rc: RequestContext; customerId: number; views: { id: number; name: string }[] }) {
  const t = p.rc.t;
  return (
    <form method="post" action={`${ORDER_CREATE}/start`} class="order-create-store">
      <FormKey rc={p.rc} />
      <input type="hidden" name="customer_id" value={String(p.customerId)} />
      <fieldset>
        <legend safe>{t('Please select a store')}</legend>
        {p.views.map((v, i) => (
          <label class="choice">
            <input type="radio" name="store_id" value={String(v.id)} checked={i === 0} /> <span safe>{v.name}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" class="action-primary" safe>
        {t('Continue')}
      </button>
    </form>
  );
}

function ItemsOrdered({ rc, d, money, fe }: { rc: RequestContext; d: QuotePageData; money: (n: number) => string; fe: Record<string, string> }) {
  const t = rc.t;
  const base = `${ORDER_CREATE}/${d.quote.id}`;
  if (!d.cart.lines.length)
    return (
      <section class="order-create-items" data-role="items-ordered">
        <h2 safe>{t('Items Ordered')}</h2>
        <p class={fe.items ? 'message message-error' : ''} safe>
          {t('No ordered items')}
        </p>
      </section>
    );
  return (
    <section class="order-create-items" data-role="items-ordered">
      <h2 safe>{t('Items Ordered')}</h2>
      <div class="data-grid-wrap" tabindex="0">
        <table class="data-grid">
          <ColumnHeads labels={[t('Product'), t('SKU'), t('Price'), t('Qty'), t('Row Total'), t('Remove')]} />
          <tbody>
            {d.cart.lines.map((l) => (
              <tr data-role="quote-line">
                <td>
                  <span safe>{l.name}</span>
                  {l.available ? (
                    ''
                  ) : (
                    <div class="message message-error" safe>
                      {t('The requested qty of "{name}" is not available.', { name: l.name })}
                    </div>
                  )}
                </td>
                <td safe>{l.sku}</td>
                <td safe>{money(l.price)}</td>
                <td>
                  <input
                    type="number"
                    min="0"
                    name={`item[${l.itemId}][qty]`}
                    value={String(l.qty)}
                    class="qty"
                    aria-label={t('Qty of {name}', { name: l.name })}
                  />
                </td>
                <td safe>{money(l.rowTotal)}</td>
                <td>
                  <input type="checkbox" name={`item[${l.itemId}][remove]`} value="1" aria-label={t('Remove {name}', { name: l.name })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="submit" formaction={`${base}/items`} class="action-secondary" data-role="update-items" safe>
        {t('Update Items and Quantities')}
      </button>
    </section>
  );
}

function AddProducts(p: { rc: RequestContext; quoteId: number; search: string; found: FoundProduct[]; money: (n: number) => string }) {
  const { rc, found } = p;
  const t = rc.t;
  const base = `${ORDER_CREATE}/${p.quoteId}`;
  return (
    <section class="order-create-search" data-role="add-products">
      <h2 safe>{t('Add Products')}</h2>
      <div class="inline-fields">
        <TextField name="search" label={t('Search by name or SKU')} value={p.search} />
        <button type="submit" formaction={`${base}/reload`} class="action-secondary" data-role="product-search" safe>
          {t('Search')}
        </button>
      </div>
      {found.length ? (
        <div class="data-grid-wrap" tabindex="0">
          <table class="data-grid">
            <ColumnHeads labels={[t('Select'), t('Product'), t('SKU'), t('Price'), t('Quantity')]} />
            <tbody>
              {found.map((f) => (
                <tr data-role="found-product">
                  <td>
                    <input type="checkbox" name="product" value={String(f.id)} aria-label={t('Select {name}', { name: f.name })} />
                  </td>
                  <td>
                    <span safe>{f.name}</span>
                    {f.inStock && f.qty > 0 ? (
                      ''
                    ) : (
                      <div class="note" safe>
                        {t('Out of stock')}
                      </div>
                    )}
                  </td>
                  <td safe>{f.sku}</td>
                  <td safe>{p.money(f.price)}</td>
                  <td>
                    <input type="number" min="1" name={`qty[${f.id}]`} value="1" class="qty" aria-label={t('Qty of {name}', { name: f.name })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p safe>{t("We couldn't find any records.")}</p>
      )}
      <button type="submit" formaction={`${base}/add`} class="action-secondary" data-role="add-selected" safe>
        {t('Add Selected Product(s) to Order')}
      </button>
    </section>
  );
}

function AddressInformation({ rc, d, c, fe }: { rc: RequestContext; d: QuotePageData; c: QuoteChoices; fe: Record<string, string> }) {
  const t = rc.t;
  return (
    <section class="order-create-address" data-role="address-information">
      <h2 safe>{t('Address Information')}</h2>
      <fieldset class={fe.address_id ? 'field-error' : ''}>
        <legend safe>{t('Billing Address')}</legend>
        {fe.address_id ? (
          <div class="mage-error" safe>
            {t(fe.address_id)}
          </div>
        ) : (
          ''
        )}
        {d.addresses.map((a) => (
          <label class="shipping-address-item">
            <input type="radio" name="address_id" value={String(a.id)} checked={c.addressId === String(a.id)} />
            <AddressBlock a={a} countries={d.countries} />
          </label>
        ))}
        <label class="shipping-address-item">
          <input type="radio" name="address_id" value="new" checked={c.addressId === 'new'} /> <span safe>{t('Add New Address')}</span>
        </label>
        <AddressFields rc={rc} v={c.address} fe={fe} countries={d.countries} />
      </fieldset>
      <fieldset>
        <legend safe>{t('Shipping Address')}</legend>
        <CheckboxField name="same_as_billing" label={t('Same As Billing Address')} checked disabled note={t('The order ships to the billing address.')} />
      </fieldset>
    </section>
  );
}

function PaymentShipping(p: { rc: RequestContext; d: QuotePageData; c: QuoteChoices; fe: Record<string, string>; money: (n: number) => string }) {
  const { rc, d, c, fe } = p;
  const t = rc.t;
  return (
    <section class="order-create-methods" data-role="payment-shipping">
      <h2 safe>{t('Payment & Shipping Information')}</h2>
      <fieldset class={fe.payment_method ? 'field-error' : ''}>
        <legend safe>{t('Payment Method')}</legend>
        {fe.payment_method ? (
          <div class="mage-error" safe>
            {t(fe.payment_method)}
          </div>
        ) : (
          ''
        )}
        {d.payments.length ? (
          d.payments.map((m) => (
            <label class="choice">
              <input type="radio" name="payment_method" value={m.code} checked={c.payment === m.code} /> <span safe>{m.title}</span>
            </label>
          ))
        ) : (
          <p safe>{t('No Payment Methods')}</p>
        )}
      </fieldset>
      <fieldset class={fe.shipping_method ? 'field-error' : ''}>
        <legend safe>{t('Shipping Method')}</legend>
        {fe.shipping_method ? (
          <div class="mage-error" safe>
            {t(fe.shipping_method)}
          </div>
        ) : (
          ''
        )}
        {d.rates.map((r) => (
          <label class="choice">
            <input type="radio" name="shipping_method" value={r.code} checked={c.shipping === r.code} />{' '}
            <span safe>{`${r.carrierTitle} - ${r.methodTitle}: ${p.money(r.amount)}`}</span>
          </label>
        ))}
        {d.rates.length ? '' : <p safe>{t('Sorry, no quotes are available for this order.')}</p>}
        <button type="submit" formaction={`${ORDER_CREATE}/${d.quote.id}/reload`} class="action-secondary" data-role="get-rates" safe>
          {t('Get shipping methods and rates')}
        </button>
      </fieldset>
    </section>
  );
}

function OrderTotals(p: {
  rc: RequestContext;
  d: QuotePageData;
  c: QuoteChoices;
  totals: CartTotals;
  fe: Record<string, string>;
  money: (n: number) => string;
}) {
  const { rc, d, c, totals } = p;
  const t = rc.t;
  // The same taxed totals placement charges (the cart service's totals, for the chosen address and method).
  const amounts = {
    subtotal: totals.subtotalExcl,
    subtotalIncl: totals.subtotalIncl,
    shipping: totals.shippingExcl,
    shippingIncl: totals.shippingIncl,
    tax: totals.tax,
    grandTotal: totals.grandTotal,
    summary: totals.summary.map((r) => ({ code: r.code, percent: r.ppm, amount: r.amount })),
  };
  const roles: Record<string, string> = { [t('Subtotal')]: 'subtotal', [t('Shipping & Handling')]: 'shipping-amount', [t('Tax')]: 'tax-amount' };
  return (
    <section class="order-create-totals" data-role="order-totals">
      <h2 safe>{t('Order Comments')}</h2>
      <TextAreaField name="order_comment" label={t('Order Comment')} value={c.comment} error={p.fe.order_comment && t(p.fe.order_comment)} />
      <h2 safe>{t('Order Totals')}</h2>
      <table class="totals">
        <tbody>
          {taxedTotalRows(t, amounts, totals.display).map((r) => (
            <tr class={r.cls === 'grand-total' ? 'grand totals' : r.cls}>
              <th scope="row" safe>
                {r.label}
              </th>
              <td data-role={r.cls === 'grand-total' ? 'grand-total' : roles[r.label]} safe>
                {p.money(r.amount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CheckboxField
        name="append_comments"
        label={t('Append Comments')}
        checked={c.appendComment}
        note={t('The comment is shown to the customer with the order.')}
      />
      <CheckboxField name="send_confirmation" label={t('Email Order Confirmation')} checked={c.notify} />
      <button type="submit" formaction={`${ORDER_CREATE}/${d.quote.id}/submit`} class="action-primary" data-role="submit-order" safe>
        {t('Submit Order')}
      </button>
    </section>
  );
}

/** The create page: one form, each button a submit to its own action; the choices come back from the quote. */
export function CreateOrderForm(p: {
  rc: RequestContext;
  d: QuotePageData;
  c: QuoteChoices;
  totals: CartTotals;
  search: string;
  found: FoundProduct[];
  e?: CreateProblems;
}) {
  const { rc, d, c } = p;
  const fe = p.e?.fields ?? {};
  const money = (n: number) => formatMoney(n, d.baseCurrency, rc.locale);
  return (
    <form method="post" action={`${ORDER_CREATE}/${d.quote.id}/reload`} id="order-create-form" class="order-create" novalidate>
      <FormKey rc={rc} />
      <FormErrors messages={(p.e?.messages ?? []).map((m) => rc.t(m))} />
      <ItemsOrdered rc={rc} d={d} money={money} fe={fe} />
      <AddProducts rc={rc} quoteId={d.quote.id} search={p.search} found={p.found} money={money} />
      <AddressInformation rc={rc} d={d} c={c} fe={fe} />
      <PaymentShipping rc={rc} d={d} c={c} fe={fe} money={money} />
      <OrderTotals rc={rc} d={d} c={c} totals={p.totals} fe={fe} money={money} />
    </form>
  );
}

/** The header buttons of the create page: Cancel (asks first, on its own page) and Submit Order. */
export function CreateOrderActions({ rc, quoteId }: { rc: RequestContext; quoteId: number }) {
  const t = rc.t;
  return (
    <div class="page-actions-buttons">
      <a class="action-secondary" href={`${ORDER_CREATE}/${quoteId}/cancel`} data-role="cancel-quote" safe>
        {t('Cancel')}
      </a>
      <button type="submit" form="order-create-form" formaction={`${ORDER_CREATE}/${quoteId}/submit`} class="action-primary" safe>
        {t('Submit Order')}
      </button>
    </div>
  );
}
