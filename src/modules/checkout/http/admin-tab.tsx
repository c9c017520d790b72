import type { CustomerTab } from '../../types.ts';
import { CustomerCart } from '../views/customer-cart-tab.tsx';

/** The Shopping cart tab on the admin customer page: what the customer has in their active carts. */
export const shoppingCartTab: CustomerTab = {
  id: 'cart',
  label: 'Shopping cart',
  resource: 'customers.all',
  sortOrder: 30,
  async render(rc, customerId) {
    return <CustomerCart rc={rc} rows={await rc.app.services.cart.customerLines(rc, customerId)} />;
  },
};
