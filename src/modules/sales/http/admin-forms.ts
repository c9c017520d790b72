import { z } from 'zod';
import { checked, filterId, str, strs } from '../../../http/form.ts';
import { parseMoney } from '../../../kernel/money.ts';
import type { OrderFilters } from '../pages.ts';

/**
 * The admin sales forms and grid queries, parsed at the edge. Malformed values keep today's meaning (a quantity
 * or amount that is not a number becomes -1, which the service refuses with its usual message).
 */
const text = z.unknown().optional().transform(str);
const flag = z.unknown().optional().transform(checked);
const amount = z
  .unknown()
  .optional()
  .transform((v) => (str(v).trim() ? (parseMoney(str(v)) ?? -1) : 0));
const typedQty = z
  .unknown()
  .optional()
  .transform((v) => (/^\d{1,6}$/.test(str(v).trim()) ? Number(str(v).trim()) : -1));

/** `qty[<order item id>]` fields → quantity by order item id. */
export const qtysForm = z.record(z.string(), z.unknown()).transform((b) => {
  const m = new Map<number, number>();
  for (const [k, v] of Object.entries(b)) {
    const match = /^qty\[(\d+)\]$/.exec(k);
    if (match) m.set(Number(match[1]), typedQty.parse(v));
  }
  return m;
});

export const tracksForm = z
  .object({
    track_carrier: z.unknown().optional().transform(strs),
    track_title: z.unknown().optional().transform(strs),
    track_number: z.unknown().optional().transform(strs),
  })
  .transform((f) => f.track_number.map((number, i) => ({ carrier: f.track_carrier[i] ?? 'custom', title: f.track_title[i] ?? '', number })));

export const refundForm = z
  .object({ back_to_stock: flag, shipping_amount: amount, adjustment_positive: amount, adjustment_negative: amount })
  .transform((f) => ({
    backToStock: f.back_to_stock,
    shipping: f.shipping_amount,
    adjustmentPositive: f.adjustment_positive,
    adjustmentNegative: f.adjustment_negative,
  }));

export const commentForm = z
  .object({ comment: text, is_customer_notified: flag, is_visible_on_front: flag })
  .transform((f) => ({ text: f.comment, flags: { notify: f.is_customer_notified, visible: f.is_visible_on_front } }));

/** The submitted values, shown again in the form after a refusal. */
export const formValues = z.record(z.string(), z.unknown()).transform((b) => {
  const values = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, str(v)]));
  if (checked(b.back_to_stock)) values.back_to_stock = '1';
  return values;
});

const SORTS = ['id', 'increment_id', 'created_at', 'grand_total'] as const;
const until = (d?: string) => (d ? `${d}T23:59:59.999Z` : undefined);
const money = (v?: string) => (v ? (parseMoney(v) ?? undefined) : undefined);

/** The orders grid's filters and sort from its query string. */
export function orderGridQuery(q: Record<string, string | undefined>) {
  const sort = (SORTS as readonly string[]).includes(q.sort ?? '') ? (q.sort as (typeof SORTS)[number]) : 'id';
  const dir: 'asc' | 'desc' = q.dir === 'asc' ? 'asc' : 'desc';
  const filters: OrderFilters = {
    incrementId: q.increment_id,
    name: q.name,
    email: q.email,
    status: q.status,
    storeViewId: filterId(q.store),
    createdFrom: q.created_from || undefined,
    createdTo: until(q.created_to),
    totalFrom: money(q.total_from),
    totalTo: money(q.total_to),
  };
  return { sort, dir, filters };
}

/** The documents grids' filters from their query string. */
export const documentGridQuery = (q: Record<string, string | undefined>) => ({
  incrementId: q.increment_id,
  orderIncrementId: q.order,
  name: q.name,
  createdFrom: q.created_from || undefined,
  createdTo: until(q.created_to),
});
