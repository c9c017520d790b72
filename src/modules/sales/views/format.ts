import { type DateStyle, formatDate } from '../../../kernel/dates.ts';
import { formatMoney } from '../../../kernel/money.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { STATE_LABELS } from '../index.ts';

export const money = (rc: RequestContext, amount: number) => formatMoney(amount, 'USD', rc.locale);
export const stateLabel = (rc: RequestContext, s: string) => rc.t(STATE_LABELS[s] ?? s);
/** A stored time in the viewer's locale and zone. */
export const date = (rc: RequestContext, iso: string, style: DateStyle = 'datetime') => formatDate(iso, rc, style);
export const paymentTitle = (rc: RequestContext, code: string) => (code === 'checkmo' ? rc.t('Check / Money order') : code);
