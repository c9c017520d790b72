import { z } from 'zod';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import { dashboardPage, type DashboardData } from '../views/dashboard.tsx';

/** How many days the charts cover. */
export const DASHBOARD_DAYS = 30;

/** `?store=` is a store view id; empty or absent means All Store Views. */
const querySchema = z.object({ store: z.string().trim().max(20).optional().catch(undefined) });

/** The scope the query names, or a message when it names none (and All Store Views are shown). */
async function scopeOf(rc: RequestContext, raw: unknown) {
  const { store } = querySchema.parse(raw ?? {});
  const tree = await rc.app.services.stores.tree();
  const views = tree.views.map((v) => ({ id: v.id, name: v.name, websiteName: tree.websites.find((w) => w.id === v.website_id)?.name ?? '' }));
  if (!store) return { views, storeViewId: undefined, problems: [] };
  const id = /^\d{1,9}$/.test(store) ? Number(store) : undefined;
  if (id !== undefined && views.some((v) => v.id === id)) return { views, storeViewId: id, problems: [] };
  return { views, storeViewId: undefined, problems: [rc.t('The store view "{value}" does not exist; All Store Views are shown.', { value: store })] };
}

/** Everything the Dashboard shows, from each module's service (no SQL here). */
async function dashboardData(rc: RequestContext, raw: unknown): Promise<DashboardData> {
  const s = rc.app.services;
  const scope = await scopeOf(rc, raw);
  const range = { storeViewId: scope.storeViewId, days: DASHBOARD_DAYS };
  const sales = await s.sales.dashboardFigures(rc, range);
  const customers = await s.customers.newest(rc, { storeViewId: scope.storeViewId, limit: 5 });
  const customerTotals = await s.sales.customerTotals(
    rc,
    customers.map((c) => c.id),
  );
  const assistedPerDay = await s.loginAsCustomer.sessionsPerDay(rc, range);
  const assistedPerAgent = await s.loginAsCustomer.sessionsPerAgent(rc, range);
  return { ...scope, days: DASHBOARD_DAYS, sales, customers, customerTotals, assistedPerDay, assistedPerAgent };
}

/** Dashboard (Magento's adminhtml_dashboard_index): the figures a support team opens every morning. */
export function dashboardRoutes(r: RouteRegistrar) {
  r.adminGet('/dashboard', { resource: 'dashboard', actionName: 'adminhtml_dashboard_index' }, async (req, _reply, rc) =>
    dashboardPage(rc, await dashboardData(rc, req.query)),
  );
}
