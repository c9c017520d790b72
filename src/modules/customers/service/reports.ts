import type { RequestContext } from '../../../kernel/request-context.ts';
import { customersReportsRepo } from '../repo.ts';

/** The Dashboard's customer figures. */
export function reportsPart() {
  return {
    /** The newest customers (all store views, or the one they were created in), newest first. */
    newest: (rc: RequestContext, o: { storeViewId?: number; limit: number }) =>
      customersReportsRepo.newest(rc.db, o.storeViewId, Math.min(Math.max(o.limit, 1), 50)),
  };
}
