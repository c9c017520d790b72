import { translator } from '../../kernel/i18n.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { invalid, ok, refused, type Result } from '../../kernel/result.ts';
import type { QuoteChoices } from '../checkout/index.ts';
import { LOCALE_CODE } from '../stores/index.ts';
import type { PlaceOrderInput } from './index.ts';
import { comment, log, refusable, refuse } from './order-steps.ts';
import { salesRepo, type OrderRow } from './repo.ts';

type Place = (rc: RequestContext, input: PlaceOrderInput) => Promise<Result<{ order: OrderRow; repeated: boolean }>>;

const COMMENT_MAX = 5000;

/** The address the order goes to: a saved one of the customer's, or the typed one. */
async function chosenAddress(rc: RequestContext, customerId: number, choices: QuoteChoices) {
  if (choices.addressId === 'new') return choices.address;
  const id = /^\d{1,9}$/.test(choices.addressId) ? Number(choices.addressId) : 0;
  const saved = id ? await rc.app.services.customers.address(rc, customerId, id) : undefined;
  if (!saved) return undefined;
  const { firstname, lastname, company, street, city, region, postcode, telephone } = saved;
  return { firstname, lastname, company, street, city, region, postcode, countryId: saved.country_id, telephone };
}

/**
 * Sales > Orders > Create New Order: the store views a customer can order in, and placing an admin quote as the
 * customer's order through the same placement as the storefront checkout (`placeOrder`: stock, totals, numbering,
 * the confirmation email, the order-placed listeners).
 */
export function adminCreatePart(place: Place) {
  return {
    /** The customer and the active store views of their website ("Please select a store"). */
    async createOrderStores(rc: RequestContext, customerId: number) {
      const customer = await rc.app.services.customers.byId(rc, customerId);
      if (!customer) return undefined;
      const tree = await rc.app.services.stores.tree();
      const views = tree.views.filter((v) => v.website_id === customer.website_id && v.is_active === 1);
      return { customer: { id: customer.id, name: `${customer.firstname} ${customer.lastname}`, email: customer.email }, views };
    },

    /**
     * "Submit Order": places the quote as the customer's order in the quote's store view (in that view's language,
     * as the storefront would), notes who created it and logs it. A quote already placed gives its order back.
     */
    async createAdminOrder(rc: RequestContext, quoteId: number, choices: QuoteChoices): Promise<Result<{ order: OrderRow; repeated: boolean }>> {
      if (rc.actor.type !== 'admin') return refused('This order quote no longer exists.', 'forbidden');
      const admin = rc.actor.username;
      const cart = rc.app.services.cart;
      const q = await cart.quoteContext(rc, quoteId);
      if (!q) return refused('This order quote no longer exists.', 'not_found');
      if (!q.quote.open) {
        const placed = await salesRepo.orderByCart(rc.db, quoteId);
        return placed ? ok({ order: placed, repeated: true }) : refused('This order quote no longer exists.', 'not_found');
      }
      const view = await cart.view(q.as, quoteId);
      if (!view.lines.length) return refused('Please add products to the order.');
      const unavailable = view.lines.find((l) => !l.available);
      if (unavailable) return refused(rc.t('The requested qty of "{name}" is not available.', { name: unavailable.name }));
      const address = await chosenAddress(rc, q.customer.id, choices);
      if (!address) return invalid('Please select a billing address.', { address_id: 'Please select a billing address.' });
      const note = choices.comment.trim();
      if (note.length > COMMENT_MAX)
        return invalid('Please enter less or equal than 5000 symbols.', { order_comment: 'Please enter less or equal than 5000 symbols.' });
      return refusable(rc, async (trx) => {
        const ctx = (await cart.quoteContext(trx, quoteId))!;
        const locale = await rc.app.services.config.get(LOCALE_CODE, { storeViewId: ctx.quote.storeViewId }, trx.db);
        const as: RequestContext = { ...ctx.as, locale, t: translator(locale), currency: await rc.app.services.currency.displayFor(ctx.as, trx.db) };
        const placed = await place(as, {
          email: q.customer.email,
          address,
          shippingMethod: choices.shipping,
          paymentMethod: choices.payment,
          sendConfirmation: choices.notify,
        });
        if (!placed.ok) return refuse(placed.messages[0]!, { fields: placed.fields, code: placed.code }, placed.kind);
        if (placed.value.repeated) return placed.value;
        const order = placed.value.order;
        await comment(trx, order.id, `Order created by admin ${admin}`, order.status);
        if (note) await comment(trx, order.id, note, order.status, { visible: choices.appendComment, notify: choices.notify && choices.appendComment });
        await log(trx, order, 'Create', `Order created for customer #${q.customer.id}`, { customer_id: q.customer.id, quote_id: quoteId });
        return placed.value;
      });
    },
  };
}
