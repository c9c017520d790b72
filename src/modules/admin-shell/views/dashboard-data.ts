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

// Building an Intl formatter costs far more than using one: one per locale, kept.
const counts = new Map<string, Intl.NumberFormat>();
const days = new Map<string, Intl.DateTimeFormat>();

export function count(rc: RequestContext, n: number) {
  let f = counts.get(rc.locale);
  if (!f) {
    f = new Intl.NumberFormat(rc.locale.replace('_', '-'));
    counts.set(rc.locale, f);
  }
  return f.format(n);
}

/** A YYYY-MM-DD day as a short month and day in the admin's locale ("Jan 15"). */
export function dayLabel(rc: RequestContext, day: string) {
  let f = days.get(rc.locale);
  if (!f) {
    f = new Intl.DateTimeFormat(rc.locale.replace('_', '-'), { month: 'short', day: 'numeric', timeZone: 'UTC' });
    days.set(rc.locale, f);
  }
  return f.format(new Date(`${day}T00:00:00.000Z`));
}
