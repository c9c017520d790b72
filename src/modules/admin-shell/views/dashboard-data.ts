import { formatMoney } from '../../../kernel/money.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { Services } from '../../../kernel/services.ts';

export type SalesFigures = Awaited<ReturnType<Services['sales']['dashboardFigures']>>;

/** What the Dashboard page shows: plain data gathered from each module's service. */
export interface DashboardData {
  views: { id: number; name: string; websiteName: string }[];
  storeViewId: number | undefined;
  problems: string[];
  days: number;
  sales: SalesFigures;
  customers: Awaited<ReturnType<Services['customers']['newest']>>;
  customerTotals: Awaited<ReturnType<Services['sales']['customerTotals']>>;
  assistedPerDay: Awaited<ReturnType<Services['loginAsCustomer']['sessionsPerDay']>>;
  assistedPerAgent: Awaited<ReturnType<Services['loginAsCustomer']['sessionsPerAgent']>>;
}

/** Prices as the other admin views write them. */
export const money = (rc: RequestContext, amount: number) => formatMoney(amount, 'USD', rc.locale);
export const count = (rc: RequestContext, n: number) => new Intl.NumberFormat(rc.locale.replace('_', '-')).format(n);
