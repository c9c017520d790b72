import type { FastifyReply } from 'fastify';
import { cursorOf, pageSizeOf } from '../../../db/keyset.ts';
import { bodyOf, paramId, queryOf, redirectWith } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import { can, type RequestContext } from '../../../kernel/request-context.ts';
import type { Refusal } from '../../../kernel/result.ts';
import { adminPage, confirmationPage } from '../../../ui/admin-layout.tsx';
import { FormKey } from '../../../ui/components.tsx';
import type { QuoteChoices } from '../../checkout/index.ts';
import type { RouteRegistrar } from '../../types.ts';
import { SALES_ACL } from '../index.ts';
import { ORDERS } from '../views/admin-common.ts';
import { CreateOrderActions, CreateOrderForm, CustomerChoice, ORDER_CREATE, StoreChoice, type CreateProblems } from '../views/order-create.tsx';
import { addProductsForm, choicesForm, quoteItemsForm, startForm } from './order-create-forms.ts';

const CREATE = SALES_ACL.create;
const SORTS = ['id', 'email', 'lastname'] as const;
type CustomerSort = (typeof SORTS)[number];

/** "Create New Order" on the Orders grid, shown only with the Create resource. */
export const CreateOrderButton = ({ rc }: { rc: RequestContext }) =>
  can(rc, CREATE) ? (
    <a class="action-primary" href={ORDER_CREATE} data-role="create-order" safe>
      {rc.t('Create New Order')}
    </a>
  ) : (
    ''
  );

/** "Create Order" on the customer edit page (a form: it opens a quote), shown only with the Create resource. */
export async function createOrderCustomerButton(rc: RequestContext, customer: { id: number }) {
  if (!can(rc, CREATE)) return '';
  return (
    <form method="post" action={`${ORDER_CREATE}/start`} class="inline-form" data-role="customer-create-order">
      <FormKey rc={rc} />
      <input type="hidden" name="customer_id" value={String(customer.id)} />
      <button type="submit" class="action-secondary" safe>
        {rc.t('Create Order')}
      </button>
    </form>
  );
}

type QuotePage = NonNullable<Awaited<ReturnType<RequestContext['app']['services']['cart']['quotePage']>>>;

/** The first choices of a new quote: the customer's default billing address (or first), the only payment method. */
function firstChoices(d: QuotePage): QuoteChoices {
  const saved = d.addresses.find((a) => a.id === d.customer.default_billing_id) ?? d.addresses[0];
  const { firstname, lastname } = d.customer;
  return {
    addressId: saved ? String(saved.id) : 'new',
    address: { firstname, lastname, company: '', street: '', city: '', region: '', postcode: '', countryId: 'US', telephone: '' },
    shipping: d.rates.length === 1 ? d.rates[0]!.code : '',
    payment: d.payments.length === 1 ? d.payments[0]!.code : '',
    comment: '',
    notify: true,
    appendComment: false,
  };
}

/** The create page of an open quote (with the choices given, or those kept on it); undefined when there is none. */
async function createPage(rc: RequestContext, quoteId: number, search: string, choices?: QuoteChoices, e?: CreateProblems) {
  const d = await rc.app.services.cart.quotePage(rc, quoteId, search);
  if (!d?.quote.open) return undefined;
  const c = choices ?? d.quote.choices ?? firstChoices(d);
  const totals = await rc.app.services.cart.quoteTotals(rc, d, c);
  return adminPage(rc, {
    title: rc.t('Create New Order for {name} in {store}', { name: `${d.customer.firstname} ${d.customer.lastname}`, store: d.as.store.view.name }),
    active: 'sales',
    actions: <CreateOrderActions rc={rc} quoteId={quoteId} />,
    content: <CreateOrderForm rc={rc} d={d} c={c} totals={totals} search={search} found={d.found} e={e} />,
  });
}

/** A refused change: the page again with what was submitted and the messages (nothing was kept), or 404. */
async function refusedPage(reply: FastifyReply, rc: RequestContext, quoteId: number, refusal: Refusal, choices: QuoteChoices, search: string) {
  if (refusal.kind === 'not_found') return reply.callNotFound();
  const page = await createPage(rc, quoteId, search, choices, refusal);
  if (!page) return reply.callNotFound();
  reply.code(statusOf(refusal.kind));
  return page;
}

function startRoutes(r: RouteRegistrar) {
  r.adminGet('/sales/order_create', { resource: CREATE, actionName: 'sales_order_create_start' }, async (req, _reply, rc) => {
    const q = queryOf(req);
    const sort: CustomerSort = SORTS.includes(q.sort as CustomerSort) ? (q.sort as CustomerSort) : 'id';
    const dir = q.dir === 'asc' ? 'asc' : 'desc';
    const filters = { keyword: q.search || undefined, name: q.name || undefined, email: q.email || undefined };
    const data = await rc.app.services.customers.customerGrid(rc, filters, { sort, dir, limit: pageSizeOf(q), cursor: cursorOf(q) });
    const content = <CustomerChoice rc={rc} data={data} q={q} sort={sort} dir={dir} />;
    return adminPage(rc, { title: rc.t('Create New Order'), active: 'sales', content });
  });

  r.adminGet('/sales/order_create/store', { resource: CREATE, actionName: 'sales_order_create_store' }, async (req, reply, rc) => {
    const { customer_id } = startForm.parse(queryOf(req));
    const stores = customer_id ? await rc.app.services.sales.createOrderStores(rc, customer_id) : undefined;
    if (!stores) return reply.callNotFound();
    const title = rc.t('Create New Order for {name}', { name: stores.customer.name });
    return adminPage(rc, { title, active: 'sales', content: <StoreChoice rc={rc} customerId={stores.customer.id} views={stores.views} /> });
  });

  r.adminPost('/sales/order_create/start', { resource: CREATE, actionName: 'sales_order_create_index' }, async (req, reply, rc) => {
    const { customer_id, store_id } = startForm.parse(bodyOf(req));
    const stores = customer_id ? await rc.app.services.sales.createOrderStores(rc, customer_id) : undefined;
    if (!stores) return redirectWith(reply, rc, ORDER_CREATE, { type: 'error', text: rc.t('Please select a customer.') });
    if (!store_id && stores.views.length > 1) return reply.redirect(`${ORDER_CREATE}/store?customer_id=${stores.customer.id}`, 303);
    const opened = await rc.app.services.cart.openQuote(rc, stores.customer.id, store_id ?? stores.views[0]?.id ?? 0);
    if (!opened.ok) return redirectWith(reply, rc, ORDER_CREATE, { type: 'error', text: rc.t(opened.messages[0]!) });
    return reply.redirect(`${ORDER_CREATE}/${opened.value}`, 303);
  });
}

function quoteRoutes(r: RouteRegistrar) {
  r.adminGet('/sales/order_create/:id', { resource: CREATE, actionName: 'sales_order_create_index' }, async (req, reply, rc) => {
    const id = paramId(req);
    const page = id ? await createPage(rc, id, queryOf(req).search?.slice(0, 100) ?? '') : undefined;
    return page ?? reply.callNotFound();
  });

  // "Search" and "Get shipping methods and rates": the choices are kept, and the page shown again with them.
  r.adminPost('/sales/order_create/:id/reload', { resource: CREATE, actionName: 'sales_order_create_loadBlock' }, async (req, reply, rc) => {
    const id = paramId(req);
    const { choices, search } = choicesForm.parse(bodyOf(req));
    const saved = id ? await rc.app.services.cart.saveQuoteChoices(rc, id, choices) : undefined;
    if (!saved?.ok) return reply.callNotFound();
    return reply.redirect(search ? `${ORDER_CREATE}/${id}?search=${encodeURIComponent(search)}` : `${ORDER_CREATE}/${id}`, 303);
  });

  r.adminPost('/sales/order_create/:id/add', { resource: CREATE, actionName: 'sales_order_create_addProducts' }, async (req, reply, rc) => {
    const id = paramId(req);
    if (!id) return reply.callNotFound();
    const { choices, search } = choicesForm.parse(bodyOf(req));
    const lines = addProductsForm.parse(bodyOf(req));
    const added = await rc.app.services.cart.addToQuote(rc, id, lines);
    if (!added.ok) return refusedPage(reply, rc, id, added, choices, search);
    await rc.app.services.cart.saveQuoteChoices(rc, id, choices);
    return redirectWith(reply, rc, `${ORDER_CREATE}/${id}`, {
      type: 'success',
      text: rc.t('You added {count, plural, one {# product} other {# products}} to the order.', { count: added.value.length }),
    });
  });

  r.adminPost('/sales/order_create/:id/items', { resource: CREATE, actionName: 'sales_order_create_updateItems' }, async (req, reply, rc) => {
    const id = paramId(req);
    if (!id) return reply.callNotFound();
    const { choices, search } = choicesForm.parse(bodyOf(req));
    const updated = await rc.app.services.cart.updateQuote(rc, id, quoteItemsForm.parse(bodyOf(req)));
    if (!updated.ok) return refusedPage(reply, rc, id, updated, choices, search);
    await rc.app.services.cart.saveQuoteChoices(rc, id, choices);
    return redirectWith(reply, rc, `${ORDER_CREATE}/${id}`, { type: 'success', text: rc.t('You updated the items of the order.') });
  });
}

function finishRoutes(r: RouteRegistrar) {
  r.adminPost('/sales/order_create/:id/submit', { resource: CREATE, actionName: 'sales_order_create_save' }, async (req, reply, rc) => {
    const id = paramId(req);
    if (!id) return reply.callNotFound();
    const { choices, search } = choicesForm.parse(bodyOf(req));
    const placed = await rc.app.services.sales.createAdminOrder(rc, id, choices);
    if (!placed.ok) return refusedPage(reply, rc, id, placed, choices, search);
    return redirectWith(reply, rc, `${ORDERS}/${placed.value.order.id}`, { type: 'success', text: rc.t('You created the order.') });
  });

  r.adminGet('/sales/order_create/:id/cancel', { resource: CREATE, actionName: 'sales_order_create_cancel' }, async (req, reply, rc) => {
    const id = paramId(req);
    const q = id ? await rc.app.services.cart.quoteContext(rc, id) : undefined;
    if (!q?.quote.open) return reply.callNotFound();
    return confirmationPage(rc, {
      title: rc.t('Cancel'),
      question: rc.t('Are you sure you want to cancel this order?'),
      action: `${ORDER_CREATE}/${id}/cancel`,
      cancel: `${ORDER_CREATE}/${id}`,
      active: 'sales',
    });
  });

  r.adminPost('/sales/order_create/:id/cancel', { resource: CREATE, actionName: 'sales_order_create_cancel' }, async (req, reply, rc) => {
    const id = paramId(req);
    const discarded = id ? await rc.app.services.cart.discardQuote(rc, id) : undefined;
    if (!discarded?.ok) return reply.callNotFound();
    return redirectWith(reply, rc, ORDERS, { type: 'success', text: rc.t('You canceled the order quote.') });
  });
}

/** Sales > Orders > Create New Order: choose the customer (and store), fill the quote, submit it as an order. */
export function orderCreateRoutes(r: RouteRegistrar) {
  startRoutes(r);
  quoteRoutes(r);
  finishRoutes(r);
}
