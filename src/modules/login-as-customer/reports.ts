import { fillDays, lastDays, startOfDay } from '../../kernel/days.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { lacReportsRepo } from './repo.ts';

/** One store view (or all of them) and how many days back, as the Dashboard asks. */
export interface AssistedScope {
  storeViewId?: number;
  days: number;
}

/** The Dashboard's Login as Customer figures: assisted sessions that reached the storefront. */
export const lacReports = {
  /** Assisted sessions per UTC day of the last `days` days, every day present, oldest first. */
  async sessionsPerDay(rc: RequestContext, scope: AssistedScope) {
    const days = lastDays(rc.app.clock.now(), scope.days);
    const rows = await lacReportsRepo.perDay(rc.db, scope.storeViewId, startOfDay(days[0]!));
    return fillDays(days, rows, { sessions: 0 });
  },

  /** Assisted sessions per admin user over the last `days` days, most first (at most 10 agents). */
  async sessionsPerAgent(rc: RequestContext, scope: AssistedScope) {
    const days = lastDays(rc.app.clock.now(), scope.days);
    return lacReportsRepo.perAgent(rc.db, scope.storeViewId, startOfDay(days[0]!), 10);
  },
};
