import type { Translate } from '../../kernel/i18n.ts';
import type { CartChange } from '../checkout/index.ts';
import type { AccountActivity } from '../customers/index.ts';

/** A line of a customer's "Account access history": what was done, as a kind and the values its message needs. */
export type HistoryEvent =
  | AccountActivity
  | CartChange
  | { kind: 'order.placed'; params: { order: string } }
  | { kind: 'access.approved'; params: { approver: string } };
export type HistoryKind = HistoryEvent['kind'];

/** Each kind's message (whole sentences with named placeholders, translated when shown). */
export const HISTORY_MESSAGES: Record<HistoryKind, string> = {
  'cart.add': 'Added {qty} × {product} to the cart',
  'cart.update': 'Changed the quantity of {product} in the cart from {from} to {to}',
  'cart.remove': 'Removed {product} from the cart',
  'wishlist.add': 'Added {product} to the wish list',
  'wishlist.remove': 'Removed an item from the wish list',
  'newsletter.subscribe': 'Subscribed to the newsletter',
  'newsletter.unsubscribe': 'Unsubscribed from the newsletter',
  'address.added': 'Added the address {street}, {city}',
  'address.changed': 'Changed the address {street}, {city}',
  'address.deleted': 'Deleted the address {street}, {city}',
  'account.changed': 'Changed the account information',
  'order.placed': 'Placed order #{order}',
  'access.approved': 'A second staff member, {approver}, approved this session (protected account)',
};

/**
 * A stored line in the viewer's language. Lines written before events had kinds keep their English text as
 * stored; a kind this version does not know shows its stored text, or nothing rather than a raw key.
 */
export function historyText(t: Translate, e: { kind: string | null; params: Record<string, unknown>; description: string | null }): string {
  if (!e.kind || !Object.hasOwn(HISTORY_MESSAGES, e.kind)) return e.description ?? '';
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.params)) if (typeof v === 'string' || typeof v === 'number') values[k] = v;
  // Named as a table in t() so the catalog extractor finds every message.
  return t(HISTORY_MESSAGES[e.kind as HistoryKind], values);
}
