import { formatMoney } from '../../../kernel/money.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { STATE_LABELS } from '../index.ts';

export const money = (rc: RequestContext, amount: number) => formatMoney(amount, 'USD', rc.locale);
export const stateLabel = (rc: RequestContext, s: string) => rc.t(STATE_LABELS[s] ?? s);
export const date = (iso: string) => iso.replace('T', ' ').slice(0, 19);
export const paymentTitle = (rc: RequestContext, code: string) => (code === 'checkmo' ? rc.t('Check / Money order') : code);
