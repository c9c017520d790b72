import type { RequestContext } from '../../kernel/request-context.ts';
import { TAX_CLASS } from './tax.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { hashPassword } from '../../kernel/passwords.ts';
import { bumpVersion } from '../versioned-cache.ts';
import { CATEGORIES_VERSION } from '../../modules/catalog/public.ts';
import { catalogRepo } from '../../modules/catalog/repo.ts';
import { slug } from '../../modules/catalog/service.ts';
import { customersRepo } from '../../modules/customers/repo.ts';
import type { AddressInput } from '../../modules/customers/service.ts';

/** Every demo customer signs in with this password (printed by `npm start` on first run). */
export const DEMO_CUSTOMER_PASSWORD = 'Demo-pass-123';

const CATEGORIES: { name: string; children: string[] }[] = [
  { name: 'Women', children: ['Tops', 'Bottoms'] },
  { name: 'Men', children: ['Jackets', 'Pants'] },
  { name: 'Gear', children: ['Bags', 'Fitness Equipment', 'Watches'] },
  { name: 'Sale', children: [] },
];

const ADJECTIVES = [
  'Aero',
  'Nova',
  'Summit',
  'Breeze',
  'Atlas',
  'Echo',
  'Cobalt',
  'Juniper',
  'Orion',
  'Ridge',
  'Solace',
  'Tundra',
  'Vista',
  'Willow',
  'Zephyr',
];
const NOUNS: Record<string, string[]> = {
  Tops: ['Tee', 'Tank', 'Hoodie', 'Sweatshirt'],
  Bottoms: ['Leggings', 'Shorts', 'Skirt'],
  Jackets: ['Jacket', 'Windbreaker', 'Parka'],
  Pants: ['Pant', 'Jogger', 'Short'],
  Bags: ['Backpack', 'Duffle', 'Tote'],
  'Fitness Equipment': ['Yoga Mat', 'Kettlebell', 'Jump Rope', 'Foam Roller'],
  Watches: ['Watch', 'Chronograph'],
};

/** A small deterministic generator so every demo store has the same catalog. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const DEMO_CUSTOMERS: { first: string; last: string; email: string; website: number; group: number; consent: boolean; city: string; country: string }[] = [
  { first: 'Veronica', last: 'Costello', email: 'roni_cost@example.com', website: 1, group: 1, consent: true, city: 'Calder', country: 'US' },
  { first: 'John', last: 'Smith', email: 'john.smith@example.com', website: 1, group: 1, consent: false, city: 'Austin', country: 'US' },
  { first: 'Astrid', last: 'Lindqvist', email: 'astrid@example.se', website: 1, group: 3, consent: true, city: 'Stockholm', country: 'SE' },
  { first: 'Björn', last: 'Ek', email: 'bjorn.ek@example.se', website: 1, group: 1, consent: false, city: 'Göteborg', country: 'SE' },
  { first: 'Wanda', last: 'Holesale', email: 'wanda@wholesale.example.com', website: 1, group: 2, consent: true, city: 'Chicago', country: 'US' },
  { first: 'Rita', last: 'Retailer', email: 'rita@retail.example.com', website: 1, group: 3, consent: false, city: 'Boston', country: 'US' },
  { first: 'Marco', last: 'Rossi', email: 'marco.rossi@example.com', website: 1, group: 1, consent: true, city: 'Denver', country: 'US' },
  { first: 'Emma', last: 'Brown', email: 'emma.brown@example.com', website: 1, group: 1, consent: false, city: 'London', country: 'GB' },
  { first: 'Oskar', last: 'Berg', email: 'oskar@second.example.com', website: 2, group: 1, consent: true, city: 'Oslo', country: 'NO' },
  { first: 'Lena', last: 'Fischer', email: 'lena@second.example.com', website: 2, group: 2, consent: false, city: 'Berlin', country: 'DE' },
  { first: 'Paul', last: 'Martin', email: 'paul@second.example.com', website: 2, group: 1, consent: true, city: 'Lyon', country: 'FR' },
  { first: 'Veronica', last: 'Costello', email: 'roni_cost@example.com', website: 2, group: 1, consent: false, city: 'Calder', country: 'US' },
];

/** ~200 products in categories with group and website prices, customers on both websites, orders in every state. */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: demo data written as one readable script, in the order a store fills up
export async function seedStore(rc: RequestContext) {
  const db = rc.db;
  const now = isoUtc(rc.app.clock.now());
  const random = rng(42);

  // ---- categories ----
  const leafIds = new Map<string, number>();
  let saleId = 0;
  for (const [i, top] of CATEGORIES.entries()) {
    const id = await catalogRepo.insertCategory(db, {
      parent_id: 1,
      name: top.name,
      url_key: slug(top.name),
      description: `Shop ${top.name.toLowerCase()}.`,
      position: i,
      is_active: 1,
      created_at: now,
      updated_at: now,
    });
    if (top.name === 'Sale') saleId = id;
    for (const [j, child] of top.children.entries()) {
      const childId = await catalogRepo.insertCategory(db, {
        parent_id: id,
        name: child,
        url_key: slug(`${top.name} ${child}`),
        description: '',
        position: j,
        is_active: 1,
        created_at: now,
        updated_at: now,
      });
      leafIds.set(child, childId);
      leafIds.set(`${child}#parent`, id);
    }
  }
  // Processes already serving read the category tree from their cached copy: the stamp tells them it moved.
  await bumpVersion(db, CATEGORIES_VERSION);

  // ---- products ----
  const leaves = [...leafIds.keys()].filter((k) => !k.endsWith('#parent'));
  const productIds: number[] = [];
  for (let n = 0; n < 200; n++) {
    const leaf = leaves[n % leaves.length]!;
    const noun = NOUNS[leaf]![Math.floor(random() * NOUNS[leaf]!.length)]!;
    const name = `${ADJECTIVES[n % ADJECTIVES.length]} ${noun} ${Math.floor(n / ADJECTIVES.length) + 1}`;
    const price = (Math.floor(random() * 180) + 12) * 100 + (random() < 0.5 ? 0 : 99);
    const id = await catalogRepo.insertProduct(db, {
      sku: `DEMO-${String(n + 1).padStart(3, '0')}`,
      name,
      url_key: slug(name),
      description: `The ${name} — a demo product in ${leaf}.`,
      short_description: `From the ${ADJECTIVES[n % ADJECTIVES.length]} line — made to last.`,
      image_url: '',
      price,
      qty: n % 23 === 7 ? 0 : 20 + Math.floor(random() * 200),
      is_in_stock: n % 23 === 7 ? 0 : 1,
      status: n % 50 === 49 ? 0 : 1,
      // Some goods at Sweden's reduced rates: every seventh at 12 %, every eleventh a book at 6 %.
      tax_class_id: n % 11 === 4 ? TAX_CLASS.books : n % 7 === 3 ? TAX_CLASS.reduced : TAX_CLASS.taxable,
      created_at: now,
      updated_at: now,
    });
    productIds.push(id);
    // Most products are sold on both websites; every fifth only on the Main Website.
    await catalogRepo.replaceWebsites(db, id, n % 5 === 4 ? [1] : [1, 2]);
    const cats = [leafIds.get(leaf)!, leafIds.get(`${leaf}#parent`)!];
    if (n % 9 === 0) cats.push(saleId);
    await catalogRepo.replaceCategories(db, id, cats);
    const prices: { websiteId: number; groupId: number; price: number }[] = [];
    if (n % 3 === 0) prices.push({ websiteId: 0, groupId: 2, price: Math.round(price * 0.8) }); // Wholesale
    if (n % 4 === 0) prices.push({ websiteId: 0, groupId: 3, price: Math.round(price * 0.9) }); // Retailer
    if (n % 9 === 0) prices.push({ websiteId: 0, groupId: -1, price: Math.round(price * 0.85) }); // on sale for everyone
    if (n % 10 === 0) prices.push({ websiteId: 2, groupId: -1, price: Math.round(price * 0.95) }); // Second Website price
    await catalogRepo.replacePrices(db, id, prices);
  }
  // The whole price index once more, as `concierge index:prices` builds it (the writes above kept it row by row).
  await catalogRepo.refreshPriceIndex(db);

  // ---- customers ----
  const hash = await hashPassword(DEMO_CUSTOMER_PASSWORD);
  const tree = await rc.app.services.stores.tree(db);
  const customerIds: number[] = [];
  for (const c of DEMO_CUSTOMERS) {
    const view = tree.views.find((v) => v.website_id === c.website && v.url_path !== 'sv')!;
    const id = await customersRepo.insert(db, {
      website_id: c.website,
      store_view_id: view.id,
      group_id: c.group,
      email: c.email,
      firstname: c.first,
      lastname: c.last,
      password_hash: hash,
      is_active: 1,
      assistance_allowed: c.consent ? 1 : 0,
      default_billing_id: null,
      default_shipping_id: null,
      created_at: now,
      updated_at: now,
      updated_by_admin_id: null,
    });
    if (c.consent)
      await customersRepo.insertConsent(db, {
        customer_id: id,
        allowed: 1,
        surface: 'storefront',
        admin_id: null,
        admin_username: null,
        ip: '',
        created_at: now,
      });
    const address: AddressInput = {
      firstname: c.first,
      lastname: c.last,
      company: '',
      street: `${10 + customerIds.length} Main Street`,
      city: c.city,
      region: '',
      postcode: `${10000 + customerIds.length * 7}`,
      countryId: c.country,
      telephone: `555-01${String(customerIds.length).padStart(2, '0')}`,
      defaultBilling: true,
      defaultShipping: true,
    };
    const saved = await rc.app.services.customers.saveAddress(rc, id, address);
    if (!saved.ok) throw new Error(`Seed address refused: ${saved.messages.join(' ')}`);
    if (customerIds.length % 3 === 0) await customersRepo.setSubscription(db, id, view.id, 'subscribed', now);
    customerIds.push(id);
  }

  // ---- orders in every state, placed through the real checkout and document flow ----
  const plan: { customer: number; products: number[]; then: ('invoice' | 'ship' | 'refund' | 'cancel' | 'hold')[] }[] = [
    { customer: 0, products: [0, 1], then: [] },
    { customer: 0, products: [2], then: ['invoice'] },
    { customer: 1, products: [3, 10], then: ['invoice', 'ship'] },
    { customer: 2, products: [12], then: ['invoice', 'ship', 'refund'] },
    { customer: 4, products: [5, 6, 15], then: ['cancel'] },
    { customer: 6, products: [8], then: ['hold'] },
    { customer: 7, products: [20, 21], then: ['ship'] },
    { customer: 8, products: [31], then: ['invoice', 'ship'] },
  ];
  for (const o of plan) {
    const customer = (await customersRepo.byId(db, customerIds[o.customer]!))!;
    const view = (await rc.app.services.stores.byId(customer.store_view_id, db))!;
    const shopper: RequestContext = {
      ...rc,
      store: view,
      actor: {
        type: 'customer',
        id: customer.id,
        email: customer.email,
        firstName: customer.firstname,
        lastName: customer.lastname,
        groupId: customer.group_id,
      },
      surface: 'storefront',
      url: (p) => `${view.prefix}${p}`,
      locals: {
        customer: { id: customer.id, firstName: customer.firstname, lastName: customer.lastname, email: customer.email, groupId: customer.group_id },
        sessionData: {},
      },
    };
    for (const index of o.products) {
      const added = await rc.app.services.cart.add(shopper, productIds[index]!, 1 + (index % 2));
      if (!added.ok) throw new Error(`Demo order: ${added.messages.join(' ')}`);
    }
    const address = (await customersRepo.addresses(db, customer.id))[0]!;
    const placed = await rc.app.services.sales.placeOrder(shopper, {
      email: customer.email,
      address: { ...address, countryId: address.country_id, defaultBilling: false, defaultShipping: false },
      shippingMethod: 'flatrate_flatrate',
      paymentMethod: 'checkmo',
    });
    if (!placed.ok) throw new Error(`Demo order: ${placed.messages.join(' ')}`);
    const { order } = placed.value;
    const sales = rc.app.services.sales;
    for (const step of o.then) {
      if (step === 'invoice') await sales.invoice(rc, order.id, null);
      if (step === 'ship') await sales.ship(rc, order.id, null, [{ carrier: 'ups', title: 'UPS', number: `1Z${order.increment_id}` }]);
      if (step === 'cancel') await sales.cancel(rc, order.id);
      if (step === 'hold') await sales.hold(rc, order.id);
      if (step === 'refund') {
        const items = await db.selectFrom('order_items').select(['id', 'qty_invoiced']).where('order_id', '=', order.id).execute();
        await sales.refund(rc, order.id, {
          qtys: new Map(items.map((i) => [i.id, i.qty_invoiced])),
          backToStock: true,
          shipping: order.shipping_amount,
          adjustmentPositive: 0,
          adjustmentNegative: 0,
        });
      }
    }
  }
}
