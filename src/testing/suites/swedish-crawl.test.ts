import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogEntry, catalogKeys } from '../../kernel/i18n.ts';
import { LOCALE_CODE } from '../../modules/stores/index.ts';
import { Agent } from '../agent.ts';
import { systemRc } from '../fixtures.ts';
import { createCustomer, placeOrder } from '../store-fixtures.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { buildStoreWorld, concreteUrl, type StoreWorld } from './store-world.ts';

/**
 * The Swedish store, read as a shopper and as an admin whose Interface Locale is sv_SE: every storefront page of
 * /sv and every admin GET page is opened and its visible text searched for English left untranslated. Text that
 * is store data (names, addresses, codes: any value the database holds) is not language and is skipped.
 */
let app: TestApp;
let world: StoreWorld;
let guest: Agent;
const data = new Set<string>();

// Words a Swedish page never needs; one of them in a text node means English got through.
const ENGLISH =
  /\b(the|your|you|please|and|with|this|there|are|is|not|have|has|been|cannot|will|was|were|cart|account|sign|customer|customers|save|delete|edit|new|add|search|view|items?|price|password|address|shipping|invoice|store|back|next|previous|yes|no|all|none|status|created|date|total)\b/i;

/** Text a person reads on the page: text nodes and the labelling attributes, entities decoded. */
function visibleText(html: string): string[] {
  const decode = (s: string) =>
    s
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
      .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&');
  // A textarea holds a value being edited (a setting's text), not the page's own words.
  const body = html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<textarea[\s\S]*?<\/textarea>|<!--[\s\S]*?-->/gi, ' ');
  const texts = body.split(/<[^>]*>/).map((s) => decode(s).replace(/\s+/g, ' ').trim());
  for (const m of body.matchAll(/\s(?:title|placeholder|aria-label|alt|data-confirm)="([^"]*)"/g)) texts.push(decode(m[1]!).trim());
  for (const m of body.matchAll(/<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"/g)) texts.push(decode(m[1]!).trim());
  return texts.filter((s) => /[A-Za-zÅÄÖåäö]/.test(s));
}

/** Why a text looks untranslated, or undefined. */
function englishIn(text: string): string | undefined {
  // JSON is the action log's recorded detail, shown as stored.
  if (data.has(text) || /@|https?:\/\/|^[\w.-]+$|^\{[\s\S]*\}$/.test(text)) return undefined;
  const sv = catalogEntry('sv_SE', text);
  if (sv !== undefined && sv !== text) return 'an English catalog key';
  let rest = text;
  for (const d of data) if (d.length > 3 && rest.includes(d)) rest = rest.split(d).join(' ');
  const word = ENGLISH.exec(rest)?.[1];
  if (word && !catalogKeys('sv_SE').some((k) => catalogEntry('sv_SE', k) === text)) return `the English word "${word}"`;
  return undefined;
}

// Names from a fixed list, shown translated: not data.
const NOT_DATA = new Set(['action_log.action', 'action_log.result', 'action_log.action_group']);

async function rememberData() {
  // Every short text value in the store's tables is data a page may show as it is.
  const tables = [
    'products',
    'categories',
    'customers',
    'customer_addresses',
    'customer_groups',
    'websites',
    'stores',
    'store_views',
    'admin_users',
    'admin_roles',
    'orders',
    'order_items',
    'order_addresses',
    'order_comments',
    'shipment_tracks',
    'action_log',
    'lac_sessions',
  ];
  for (const table of tables) {
    const rows = await (app.ctx.db as unknown as { selectFrom(t: string): { selectAll(): { execute(): Promise<Record<string, unknown>[]> } } })
      .selectFrom(table)
      .selectAll()
      .execute()
      .catch(() => []);
    for (const row of rows)
      for (const [column, v] of Object.entries(row)) if (typeof v === 'string' && v.length < 5000 && !NOT_DATA.has(`${table}.${column}`)) data.add(v.trim());
  }
}

beforeAll(async () => {
  app = await createTestApp();
  world = await buildStoreWorld(app);
  const rc = await systemRc(app);
  const saved = await app.ctx.services.storesAdmin.saveView(rc, undefined, {
    storeId: 1,
    name: 'Swedish Store View',
    code: 'sv',
    isActive: true,
    sortOrder: 10,
    urlPath: 'sv',
    host: '',
  });
  if (!saved.ok) throw new Error(saved.messages.join('; '));
  const locale = await app.ctx.services.config.save(rc, 'stores', saved.value.id, [{ path: LOCALE_CODE, value: 'sv_SE' }]);
  if (!locale.ok) throw new Error(locale.messages.join('; '));
  await app.ctx.db.updateTable('admin_users').set({ interface_locale: 'sv_SE' }).where('id', '=', world.adminId).execute();
  guest = new Agent(app);
  await rememberData();
}, 120_000);
afterAll(async () => app?.dispose());

interface Finding {
  page: string;
  text: string;
  why: string;
}

async function crawl(agent: Agent, urls: string[], lang: string) {
  const findings: Finding[] = [];
  const pages: string[] = [];
  const skipped: string[] = [];
  for (const url of urls) {
    const res = await agent.get(url);
    const type = String(res.headers['content-type'] ?? '');
    // Error pages are read too: only redirects are not pages.
    if (res.statusCode >= 300 && (res.statusCode < 400 || !type.startsWith('text/html'))) {
      skipped.push(`${url} ${res.statusCode}`);
      continue;
    }
    pages.push(url);
    if (type.startsWith('text/html')) {
      // A fragment (the checkout's live totals) has no document of its own; its text is read all the same.
      if (!res.body.startsWith('<aside')) expect(res.body, `${url} <html lang>`).toContain(`<html lang="${lang}"`);
      for (const text of visibleText(res.body)) {
        const why = englishIn(text);
        if (why) findings.push({ page: url, text, why });
      }
    } else if (/csv|xml/.test(type)) {
      const head = res.body.split('\n', 1)[0] ?? '';
      for (const cell of head.split(/[,;]|<[^>]*>/).map((c) => c.replace(/^"|"$/g, '').trim())) {
        const why = cell ? englishIn(cell) : undefined;
        if (why) findings.push({ page: url, text: cell, why });
      }
    }
  }
  if (process.env.CRAWL_VERBOSE) console.log({ pages, skipped });
  return { findings, pages };
}

const report = (f: Finding[]) => f.map((x) => `${x.page}: ${JSON.stringify(x.text)} (${x.why})`);

describe('the Swedish store in Swedish', () => {
  it('shows no English on any storefront page of /sv, signed in or not', { timeout: 120_000 }, async () => {
    const storefront = app.routes.filter(
      (r) => r.method === 'GET' && !/^\/(admin|rest|graphql|graphiql|api|health|static)\b/.test(r.url) && !r.url.includes('*'),
    );
    const urls = [...new Set(storefront.map((r) => `/sv${concreteUrl(r.url, world.params(r.url))}`.replace(/\/$/, '/')))];
    urls.push(`/sv/catalogsearch/result?q=${encodeURIComponent('Product')}`, '/sv/no-such-page');
    await world.customer.get('/customer/account'); // takes the flash messages its set-up left (in English, at /)
    const asGuest = await crawl(guest, urls, 'sv-SE');
    const asCustomer = await crawl(world.customer, urls, 'sv-SE');
    const findings = [...asGuest.findings, ...asCustomer.findings];
    console.log(`Swedish crawl, storefront: ${asGuest.pages.length} pages as a guest, ${asCustomer.pages.length} signed in; ${findings.length} untranslated`);
    expect(report(findings)).toEqual([]);
  });

  it('shows no English on any admin GET page to an admin whose Interface Locale is sv_SE', { timeout: 180_000 }, async () => {
    // A second order with an invoice, a shipment and a credit memo (ids 1), so every document page has one to show.
    const second = await placeOrder(app, world.customer, [{ productId: world.ids.productId, qty: 2 }]);
    const rc = await systemRc(app);
    const item = await app.ctx.db.selectFrom('order_items').select('id').where('order_id', '=', second.id).executeTakeFirstOrThrow();
    const sales = app.ctx.services.sales;
    for (const done of [
      await sales.invoice(rc, second.id, null),
      await sales.ship(rc, second.id, null, [{ carrier: 'ups', title: 'UPS', number: '1Z999' }]),
      await sales.refund(rc, second.id, { qtys: new Map([[item.id, 1]]), backToStock: false, shipping: 0, adjustmentPositive: 0, adjustmentNegative: 0 }),
    ])
      expect(done.ok, JSON.stringify(done)).toBe(true);
    const admin = app.routes.filter((r) => r.method === 'GET' && r.url.startsWith('/admin') && !r.url.includes('*') && !r.url.includes('/section/'));
    const sections = app.ctx.registry.sections.map((s) => `/admin/stores/config/edit/section/${s.id}`);
    const urls = [...new Set([...admin.map((r) => concreteUrl(r.url, world.params(r.url))), ...sections, '/admin/no-such-page'])];
    const { findings, pages } = await crawl(world.admin, urls, 'sv-SE');
    console.log(`Swedish crawl, admin: ${pages.length} of ${urls.length} GET pages; ${findings.length} untranslated`);
    expect(report(findings)).toEqual([]);
  });

  it('shows Login as Customer in Swedish: the banner of an assisted session and the refusal for a customer without consent', async () => {
    // The assisted session was opened in the default store view (an assisted session stays in its store view): it speaks Swedish too here.
    const saved = await app.ctx.services.config.save(await systemRc(app), 'stores', 1, [{ path: LOCALE_CODE, value: 'sv_SE' }]);
    expect(saved.ok).toBe(true);
    const store = world.assisted;
    const assisted = await crawl(store, ['/', '/customer/account', '/checkout/cart', '/customer/access-history'], 'sv-SE');
    const banner = await store.get('/customer/account');
    expect(banner.body).toContain('lac-banner');
    const refusing = await createCustomer(app, { consent: false });
    const refusal = await crawl(world.admin, [`/admin/loginascustomer/confirm/${refusing.id}`, `/admin/customers/${refusing.id}/edit`], 'sv-SE');
    expect(report([...assisted.findings, ...refusal.findings])).toEqual([]);
  });

  it('signs in to the admin panel in the browser language when it is Swedish', async () => {
    const sv = await new Agent(app).get('/admin/login', { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' });
    expect(sv.body).toContain('<html lang="sv-SE"');
    expect(sv.body).toContain('Logga in');
    const en = await new Agent(app).get('/admin/login', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.body).toContain('<html lang="en-US"');
    const { findings } = await crawl(new Agent(app, { 'accept-language': 'sv' }), ['/admin/login'], 'sv-SE');
    expect(report(findings)).toEqual([]);
  });
});
