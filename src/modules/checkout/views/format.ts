import { displayMoney } from '../../../kernel/money.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';

/** A base amount in the viewer's display currency (the store view's on the storefront), in their locale. */
export const money = (rc: RequestContext, amount: number) => displayMoney(rc, amount);
