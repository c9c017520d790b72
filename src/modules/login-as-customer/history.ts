import type { Translate } from '../../kernel/i18n.ts';
import type { CartChange } from '../checkout/index.ts';
import type { AccountActivity } from '../customers/index.ts';

/** A line of a customer's "Account access history": what was done, as a kind and the values its message needs. */
export type HistoryEvent =
  | AccountActivity
  | CartChange
  | { kind: 'order.placed'; params: { order: string } }
  | { kind: 'access.approved'; params: { approver: string } }
  | HelpCodeEvent;
/** What happened to one of the customer's help codes (read from the code's row, see helpCodeEvents). */
export type HelpCodeEvent =
  | { kind: 'help.created'; params: { until: string } }
  | { kind: 'help.redeemed'; params: { admin: string } }
  | { kind: 'help.used'; params: { admin: string } }
  | { kind: 'help.cancelled'; params: Record<string, never> }
  | { kind: 'help.replaced'; params: Record<string, never> }
  | { kind: 'help.expired'; params: Record<string, never> };
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
  'help.created': 'You created a help code, valid until {until}',
  'help.redeemed': '{admin} entered your help code',
  'help.used': '{admin} used your help code to sign in to your account once',
  'help.cancelled': 'You cancelled the help code',
  'help.replaced': 'A new help code replaced this one',
  'help.expired': 'The help code ran out unused',
};

/** A help code as the history reads it (the columns of `lac_help_codes` it needs; never the code). */
export interface HelpCodeFacts {
  status: string;
  created_at: string;
  expires_at: string;
  redeemed_by_admin_name: string | null;
  redeemed_at: string | null;
  grant_expires_at: string | null;
  used_at: string | null;
  ended_at: string | null;
}

/** The lines of one help code, oldest first, each with when it happened; `time` formats a moment for the reader. */
export function helpCodeEvents(c: HelpCodeFacts, now: string, time: (iso: string) => string): { at: string; event: HelpCodeEvent }[] {
  const out: { at: string; event: HelpCodeEvent }[] = [{ at: c.created_at, event: { kind: 'help.created', params: { until: time(c.expires_at) } } }];
  const admin = c.redeemed_by_admin_name ?? '';
  if (c.redeemed_at) out.push({ at: c.redeemed_at, event: { kind: 'help.redeemed', params: { admin } } });
  if (c.used_at) out.push({ at: c.used_at, event: { kind: 'help.used', params: { admin } } });
  if (c.status === 'cancelled' || c.status === 'replaced') out.push({ at: c.ended_at ?? c.created_at, event: { kind: `help.${c.status}`, params: {} } });
  else if (c.status === 'active' && c.expires_at <= now) out.push({ at: c.expires_at, event: { kind: 'help.expired', params: {} } });
  else if (c.status === 'redeemed' && c.grant_expires_at && c.grant_expires_at <= now)
    out.push({ at: c.grant_expires_at, event: { kind: 'help.expired', params: {} } });
  return out;
}

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
