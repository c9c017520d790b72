import { formatMoney } from '../../../kernel/money.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';

export const money = (rc: RequestContext, amount: number) => formatMoney(amount, 'USD', rc.locale);
