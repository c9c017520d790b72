import type { Services } from '../../kernel/services.ts';
import type { RelyingParty, StepUpProof } from '../admin-users/index.ts';
import type { ResolvedStoreView } from '../stores/index.ts';
import type { LacSessionRow } from './repo.ts';

/** What the Login as Customer service takes and answers, its texts, and the actor it logs as. */

export type Customer = NonNullable<Awaited<ReturnType<Services['customers']['byId']>>>;
export type StoreView = Awaited<ReturnType<Services['stores']['tree']>>['views'][number];
/** Texts from spec §4–§6; each is also a translation key. */
export const MSG = {
  disabled: 'Login as Customer is disabled.',
  forbidden: 'Sorry, you need permissions to view this content.',
  noCustomer: 'Customer with this ID no longer exists.',
  inactive: 'This customer account is inactive.',
  noConsent: 'Login as Customer assistance is disabled for this Customer.',
  noStoreView: 'Please select a Store View to login in.',
  storeViewNotAllowed: 'The selected store view is not available to this customer.',
  reasonRequired: 'Please enter a reason for logging in as this customer.',
  loginFailed: 'Login was not successful.',
  loggedIn: 'You are logged in as customer: {name}',
  ended: 'Your assisted session has ended.',
  endedByCustomer: 'The customer ended this assisted session.',
  blocked: 'This action is not available while store staff are signed in to your account.',
};

export interface StartInput {
  customerId: number;
  storeViewId?: number;
  reason?: string;
  /** Asked for a view-only session; absent: the "Default session access" setting. Forced on without "Allow full access". */
  viewOnly?: boolean;
  /** The admin's password or passkey answer, when starting asks for it again (admin panel only; see step-up.ts). */
  stepUp?: StepUpProof;
  /** The WebAuthn relying party of the request, for a passkey answer. */
  relyingParty?: RelyingParty;
}

/** Why a session may not start, before any input: a message (also a translation key) and a machine code. */
export interface Refusal {
  message: string;
  code: 'disabled' | 'forbidden' | 'no_customer' | 'inactive' | 'no_consent';
}

/**
 * Whether this request's admin may log in as the customer, and with which choices (spec §4): the one answer the
 * buttons, the dialog, the confirmation page and `start` (so REST and GraphQL) all use.
 */
export interface Eligibility {
  /** The feature is on and the admin has "Allow Login as Customer" (the buttons show). */
  mayStart: boolean;
  /** The first check that fails, in the spec's order; undefined when the session may start. */
  refusal?: Refusal;
  customer?: Customer;
  /** "Store View to Log in" is Manual Selection. */
  manual: boolean;
  reasonRequired: boolean;
  /** The admin has "Allow full access"; without it every session is view only. */
  mayFullAccess: boolean;
  /** What the dialog preselects: the setting, or view only when full access is not allowed. */
  defaultViewOnly: boolean;
  /** Store views the customer may be logged in to, and the one auto-detection picks (usable customers only). */
  views: StoreView[];
  autoViewId?: number;
  /** Standing consent is off, but this admin redeemed the customer's help code: the grant the session will use. */
  helpGrantId?: number;
}

export interface StartResult {
  token: string;
  binding: string;
  sessionId: number;
  view: ResolvedStoreView;
  tokenSeconds: number;
  customerName: string;
  viewOnly: boolean;
}

export const adminActor = (s: Pick<LacSessionRow, 'admin_id' | 'admin_username' | 'admin_name'>) => ({
  type: 'admin' as const,
  id: s.admin_id,
  username: s.admin_username,
  firstName: s.admin_name.split(' ')[0] ?? '',
  lastName: s.admin_name.split(' ').slice(1).join(' '),
  roleId: null,
});
