import { isoWithOffset } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import type { KeysetCursor, SortDir } from '../../../db/keyset.ts';
import { consentActive, type Customer } from '../public.ts';
import { customersRepo, type CustomerFilters } from '../repo.ts';
import { lacEnabled } from './core.ts';

export type { CustomerFilters };
export type CustomerSort = 'id' | 'email' | 'lastname' | 'created_at';

const lockedNow = (rc: RequestContext, c: Pick<Customer, 'lock_expires'>) =>
  c.lock_expires && c.lock_expires > isoUtc(rc.app.clock.now()) ? c.lock_expires : null;

/** The data of the admin's customer pages, read in one call per page. */
export function adminPagesPart() {
  return {
    /** All Customers: one keyset page of rows (with lock and consent state), the groups, websites and consent column. */
    async customerGrid(rc: RequestContext, filters: CustomerFilters, o: { sort: CustomerSort; dir: SortDir; limit: number; cursor: KeysetCursor }) {
      const now = rc.app.clock.now();
      const { rows, ...page } = await customersRepo.page(rc.db, filters, o);
      return {
        ...page,
        rows: rows.map((r) => ({ ...r, locked: !!lockedNow(rc, r), assisting: consentActive(r, now) })),
        groups: await customersRepo.groups(rc.db),
        websites: (await rc.app.services.stores.tree()).websites,
        lacEnabled: await lacEnabled(rc),
      };
    },

    /**
     * The customers grid as a CSV file (what its filters show, every row, read in keyset batches and streamed),
     * recorded in the Action Log first. Times carry the admin zone's offset (ISO 8601).
     */
    async exportCustomers(rc: RequestContext, filters: CustomerFilters, batch = 500) {
      const t = rc.t;
      await rc.app.services.actionLog.record(rc, {
        group: 'customers',
        action: 'Export',
        details: t('Exported the customers grid (CSV)'),
        fullDetails: { filters },
      });
      const now = rc.app.clock.now();
      // The consent column only while Login as Customer is on, as in the grid.
      const lac = await lacEnabled(rc);
      const consent = (c: Parameters<typeof consentActive>[0]) => (lac ? [consentActive(c, now) ? t('Yes') : t('No')] : []);
      async function* records() {
        let cursor: KeysetCursor = {};
        for (;;) {
          const page = await customersRepo.page(rc.db, filters, { sort: 'id', dir: 'desc', limit: batch, cursor, count: false });
          for (const c of page.rows)
            yield [
              String(c.id),
              c.firstname,
              c.lastname,
              c.email,
              c.group_code,
              c.website_name,
              isoWithOffset(c.created_at, rc.timeZone),
              ...consent(c),
              c.is_active ? t('Active') : t('Inactive'),
              lockedNow(rc, c) ? t('Locked') : t('Unlocked'),
            ];
          if (page.nextAfter === undefined) return;
          cursor = { after: page.nextAfter };
        }
      }
      return {
        name: `customers-${now.toISOString().slice(0, 10)}.csv`,
        header: [
          t('ID'),
          t('First Name'),
          t('Last Name'),
          t('Email'),
          t('Group'),
          t('Web Site'),
          t('Customer Since'),
          ...(lac ? [t('Allow Remote Shopping Assistance')] : []),
          t('Account Status'),
          t('Account Lock'),
        ],
        rows: records(),
      };
    },

    /** The customer edit page: what its own tab (view, account or addresses) shows, and the lock state. */
    async customerEditPage(rc: RequestContext, c: Customer | undefined, tab: string) {
      const lac = await lacEnabled(rc);
      const lockedUntil = c ? lockedNow(rc, c) : null;
      const consent = c ? consentActive(c, rc.app.clock.now()) : false;
      const base = { lacEnabled: lac, lockedUntil, consentActive: consent };
      if (tab === 'account') {
        const tree = await rc.app.services.stores.tree();
        return { ...base, websites: tree.websites, groups: (await customersRepo.groups(rc.db)).filter((g) => g.id !== 0) };
      }
      if (!c) return base;
      if (tab === 'addresses') return { ...base, addresses: await customersRepo.addresses(rc.db, c.id) };
      if (tab !== 'view') return base;
      const tree = await rc.app.services.stores.tree();
      const addresses = await customersRepo.addresses(rc.db, c.id);
      return {
        ...base,
        view: {
          storeViewName: tree.views.find((v) => v.id === c.store_view_id)?.name ?? '',
          websiteName: tree.websites.find((w) => w.id === c.website_id)?.name ?? '',
          groupCode: (await customersRepo.group(rc.db, c.group_id))?.code ?? '',
          billing: addresses.find((a) => a.id === c.default_billing_id),
          history: lac ? await customersRepo.consentHistory(rc.db, c.id, 10) : [],
        },
      };
    },
  };
}
