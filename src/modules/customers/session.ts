import type { RequestContext } from '../../kernel/request-context.ts';
import { STOREFRONT_COOKIE, STOREFRONT_SESSION_SECONDS, type StorefrontSessionData } from './public.ts';
import { customersRepo, type CustomerRow } from './repo.ts';

// Still imported from here by a few tests and modules not yet moved to index.ts.
export { STOREFRONT_COOKIE, STOREFRONT_SESSION_SECONDS, type StorefrontSessionData };

function setCookie(rc: RequestContext, rawId: string) {
  rc.browser.setCookie(STOREFRONT_COOKIE, rawId, { path: '/', httpOnly: true, sameSite: 'lax', secure: rc.app.env.cookieSecure });
}

/** Runs on every storefront request: finds the session and the signed-in customer (one query each). */
export async function loadStorefrontSession(rc: RequestContext) {
  const raw = rc.browser.cookie(STOREFRONT_COOKIE);
  if (!raw) return;
  const session = await rc.app.services.sessions.load('customer', raw, STOREFRONT_SESSION_SECONDS);
  if (!session) {
    rc.browser.clearCookie(STOREFRONT_COOKIE, { path: '/' });
    return;
  }
  rc.locals.sessionHash = session.idHash;
  rc.locals.sessionData = session.data;
  if (session.subjectId !== null) {
    const customer = await customersRepo.byId(rc.db, session.subjectId);
    if (!customer || customer.is_active !== 1) {
      await rc.app.services.sessions.destroy(rc.app.db, session.idHash);
      rc.browser.clearCookie(STOREFRONT_COOKIE, { path: '/' });
      rc.locals.sessionHash = undefined;
      rc.locals.sessionData = undefined;
      return;
    }
    rc.locals.customer = { id: customer.id, firstName: customer.firstname, lastName: customer.lastname, email: customer.email, groupId: customer.group_id };
    rc.actor = {
      type: 'customer',
      id: customer.id,
      email: customer.email,
      firstName: customer.firstname,
      lastName: customer.lastname,
      groupId: customer.group_id,
    };
  }
}

/** A session for this browser (guest carts need one); created on first need, never on a plain page view. */
export async function ensureStorefrontSession(rc: RequestContext): Promise<string> {
  if (rc.locals.sessionHash) return rc.locals.sessionHash;
  const { rawId, idHash } = await rc.app.services.sessions.create(rc.db, 'customer', null, {}, STOREFRONT_SESSION_SECONDS);
  setCookie(rc, rawId);
  rc.locals.sessionHash = idHash;
  rc.locals.sessionData = {};
  return idHash;
}

export async function saveSessionData(rc: RequestContext, patch: StorefrontSessionData) {
  const hash = await ensureStorefrontSession(rc);
  rc.locals.sessionData = { ...(rc.locals.sessionData ?? {}), ...patch };
  await rc.app.services.sessions.saveData(rc.db, hash, rc.locals.sessionData);
}

/**
 * Signs a customer in with a NEW session id (the old one is destroyed, so a fixated id is worthless) and a new
 * form-key seed (a key read before sign-in no longer works). Returns
 * the previous session's data so callers can carry the guest cart over. Other devices' sessions are untouched.
 */
export async function startCustomerSession(rc: RequestContext, customer: CustomerRow, data: StorefrontSessionData = {}) {
  const previous = rc.locals.sessionData ?? {};
  if (rc.locals.sessionHash) await rc.app.services.sessions.destroy(rc.db, rc.locals.sessionHash);
  const { rawId, idHash } = await rc.app.services.sessions.create(rc.db, 'customer', customer.id, data, STOREFRONT_SESSION_SECONDS);
  setCookie(rc, rawId);
  rc.browser.rotateFormKey();
  rc.locals.sessionHash = idHash;
  rc.locals.sessionData = data;
  rc.locals.customer = { id: customer.id, firstName: customer.firstname, lastName: customer.lastname, email: customer.email, groupId: customer.group_id };
  rc.actor = {
    type: 'customer',
    id: customer.id,
    email: customer.email,
    firstName: customer.firstname,
    lastName: customer.lastname,
    groupId: customer.group_id,
  };
  return previous as StorefrontSessionData;
}

/** Ends this browser's session only, with a new form-key seed. */
export async function endStorefrontSession(rc: RequestContext) {
  if (rc.locals.sessionHash) await rc.app.services.sessions.destroy(rc.db, rc.locals.sessionHash);
  rc.browser.clearCookie(STOREFRONT_COOKIE, { path: '/' });
  rc.browser.rotateFormKey();
  rc.locals.sessionHash = undefined;
  rc.locals.sessionData = undefined;
  rc.locals.customer = undefined;
  rc.actor = { type: 'guest' };
}
