import { fillDays, lastDays, startOfDay } from '../../kernel/days.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { salesReportsRepo } from './repo.ts';

/** What the Dashboard asks of sales: one store view (or all of them) and how many days its charts cover. */
export interface DashboardScope {
  storeViewId?: number;
  days: number;
}

/** The Dashboard's sales figures (read-only; no SQL outside the repository). */
export const salesReports = {
  /**
   * Lifetime sales, average order, number of orders, the last 5 orders, the 5 bestsellers and orders and
   * revenue per UTC day of the last `days` days (every day present, oldest first). Amounts in minor units.
   */
  async dashboardFigures(rc: RequestContext, scope: DashboardScope) {
    const db = rc.db;
    const days = lastDays(rc.app.clock.now(), scope.days);
    const totals = await salesReportsRepo.totals(db, scope.storeViewId);
    const perDay = await salesReportsRepo.perDay(db, scope.storeViewId, startOfDay(days[0]!));
    return {
      lifetimeSales: totals.sales,
      averageOrder: totals.orders ? Math.round(totals.sales / totals.orders) : 0,
      orderCount: totals.orders,
      lastOrders: await salesReportsRepo.lastOrders(db, scope.storeViewId, 5),
      bestsellers: await salesReportsRepo.bestsellers(db, scope.storeViewId, 5),
      perDay: fillDays(days, perDay, { orders: 0, sales: 0 }),
    };
  },

  /** Orders and sales (minor units) of a few customers, by customer id; customers without orders are absent. */
  async customerTotals(rc: RequestContext, customerIds: number[]) {
    const rows = await salesReportsRepo.customerTotals(rc.db, customerIds);
    return new Map(rows.map((r) => [r.customerId, { orders: r.orders, sales: r.sales }]));
  },
};

export type SalesDashboardFigures = Awaited<ReturnType<typeof salesReports.dashboardFigures>>;
