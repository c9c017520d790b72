import type { Db } from '../../db/database.ts';
import { VersionedCache, bumpVersion } from '../../db/versioned-cache.ts';
import { can, inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import { randomToken, safeEqual, sha256 } from '../../kernel/tokens.ts';
import { STOREFRONT_COOKIE } from '../customers/index.ts';
import { ACCOUNT_SHARE_SCOPE, SHARE_GLOBAL } from '../stores/index.ts';
import { ALLOW_RESOURCE, END_REASON_TEXT, FULL_ACCESS_RESOURCE, LAC_VERSION, type AssistedInfo, type EndReason } from './public.ts';
import { accessHistory, audit, logPage, logRows, note, recordAssistedAction, refuseIfBlocked, refuseIfViewOnly } from './activity.ts';
import { liveVerdict, readLive, grantsAssist, type LiveRow } from './live.ts';
import { MSG, type Customer, type Eligibility, type Refusal, type StartInput, type StartResult, type StoreView } from './model.ts';
import { notifyCustomer } from './notify.ts';
import { afterStartGates, checkStartGates, type GateResult } from './gates.ts';
import { approvalsPage, approvalState, decideApproval, requestApproval } from './approvals.ts';
import { checkStepUp, stepUpState, type StepUpCode } from './step-up.ts';
import * as helpCodes from './help-codes.ts';
import { createLiveNotice, customerEndsAssistance } from './notice.ts';
import { lacRepo, type LacSessionRow } from './repo.ts';
import { lacReports } from './reports.ts';
import {
  ACCESS_VIEW_ONLY,
  LAC_DEFAULT_ACCESS,
  LAC_DISABLE_PAGE_CACHE,
  LAC_ENABLED,
  LAC_IDLE_TIMEOUT,
  LAC_NOTIFY_CUSTOMER,
  LAC_REQUIRE_REASON,
  LAC_SESSION_LIFETIME,
  LAC_STORE_VIEW_MANUAL,
  LAC_TOKEN_LIFETIME,
} from './settings.ts';

export { ALLOW_RESOURCE, BINDING_COOKIE, END_REASON_TEXT, GROUP, LAC_VERSION, VIEW_LOG_RESOURCE } from './public.ts';
export type { AssistedInfo } from './public.ts';
export { MSG, type Eligibility, type StartInput, type StartResult } from './model.ts';
const STEP_UP_CODES = new Set<string>(['step_up_required', 'step_up_failed', 'locked']);
/** How often an active session's last_seen_at is written (saves a write per request). */
const TOUCH_EVERY_MS = 30_000;

/**
 * Login as Customer: the one place that starts, redeems, checks and ends assisted sessions. Every entry point
 * (admin button, REST, GraphQL) calls `start`; the storefront calls `redeem` and `check`. The factory is long
 * because it is the service object and the state its methods share (the live copies); each method is short.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the service object and the live copies its methods share; each method is short
export function createLoginAsCustomerService(deps: { db: () => Db; checkEveryMs: number; onEnded?: () => void }) {
  /**
   * The per-request check reads this process's copy of each live assisted session, dropped as a whole whenever
   * any assisted session ends anywhere (a version stamp, and Redis when configured). Time limits are checked
   * against it; before ending a session on its say-so, the row is read again, so a stale copy never ends one.
   */
  const live = new VersionedCache<Map<string, LiveRow>>(deps.db, LAC_VERSION, async () => new Map(), deps.checkEveryMs);
  /** Which customers store staff are helping now, for the notice in the customer's own browser (notice.ts). */
  const notice = createLiveNotice(deps.db, deps.checkEveryMs);
  const config = (rc: RequestContext) => rc.app.services.config;
  const enabled = (rc: RequestContext, db?: Db) => config(rc).getBool(LAC_ENABLED, {}, db ?? rc.db);

  /** Store views the customer may be logged in to: their website's, or every active one with global sharing. */
  async function allowedViews(rc: RequestContext, customer: Customer, db: Db = rc.db): Promise<StoreView[]> {
    const tree = await rc.app.services.stores.tree(db);
    const global = (await config(rc).get(ACCOUNT_SHARE_SCOPE, {}, db)) === SHARE_GLOBAL;
    return tree.views.filter((v) => v.is_active === 1 && (global || v.website_id === customer.website_id));
  }

  /** Auto-detection (spec §4): global sharing → the default store view; per website → the customer's own. */
  async function autoView(rc: RequestContext, customer: Customer, db: Db = rc.db): Promise<number> {
    const global = (await config(rc).get(ACCOUNT_SHARE_SCOPE, {}, db)) === SHARE_GLOBAL;
    if (global) return (await rc.app.services.stores.defaultStoreView()).view.id;
    const allowed = await allowedViews(rc, customer, db);
    if (allowed.some((v) => v.id === customer.store_view_id)) return customer.store_view_id;
    return (await rc.app.services.stores.defaultViewOfWebsite(customer.website_id))?.id ?? customer.store_view_id;
  }

  async function endSession(rc: RequestContext, s: LacSessionRow, reason: EndReason | string) {
    const now = isoUtc(rc.app.clock.now());
    if (!(await lacRepo.end(rc.db, s.id, reason, now))) return;
    await bumpVersion(rc.db, LAC_VERSION);
    live.invalidate();
    notice.invalidate();
    deps.onEnded?.();
    // Ended by the customer: the agent's browser is signed out at its next click (the check), with that message.
    if (s.storefront_session_hash && reason !== 'customer_ended') await rc.app.services.sessions.destroy(rc.db, s.storefront_session_hash);
    await audit(rc, s, {
      action: 'End Session',
      details: `Assisted session #${s.id} for customer ${s.customer_email} ended: ${END_REASON_TEXT[reason] ?? reason}`,
      fullDetails: { lac_session_id: s.id, customer_id: s.customer_id, reason },
    });
  }

  /** See Eligibility. Without a customer id only the feature, the permission and the settings are answered. */
  async function eligibility(rc: RequestContext, customerId?: number): Promise<Eligibility> {
    const on = await enabled(rc);
    const permitted = can(rc, ALLOW_RESOURCE);
    const mayFullAccess = can(rc, FULL_ACCESS_RESOURCE);
    const base = {
      mayStart: on && permitted,
      manual: await config(rc).getBool(LAC_STORE_VIEW_MANUAL),
      reasonRequired: await config(rc).getBool(LAC_REQUIRE_REASON),
      mayFullAccess,
      defaultViewOnly: !mayFullAccess || (await config(rc).get(LAC_DEFAULT_ACCESS)) === ACCESS_VIEW_ONLY,
      views: [],
    };
    const no = (message: string, code: Refusal['code'], customer?: Customer): Eligibility => ({ ...base, refusal: { message, code }, customer });
    if (!on) return no(MSG.disabled, 'disabled');
    if (!permitted) return no(MSG.forbidden, 'forbidden');
    if (customerId === undefined) return base;
    const customer = await rc.app.services.customers.byId(rc, customerId);
    if (!customer) return no(MSG.noCustomer, 'no_customer');
    if (customer.is_active !== 1) return no(MSG.inactive, 'inactive', customer);
    // Without standing consent, a help code this admin redeemed for the customer allows one session (help-codes.ts).
    const consenting = rc.app.services.customers.consentActive(customer, rc.app.clock.now());
    const helpGrant = consenting ? undefined : await helpCodes.helpGrantFor(rc, customer.id);
    if (!consenting && !helpGrant) return no(MSG.noConsent, 'no_consent', customer);
    return { ...base, customer, views: await allowedViews(rc, customer), autoViewId: await autoView(rc, customer), helpGrantId: helpGrant?.id };
  }

  const service = {
    enabled,
    eligibility,
    stepUpState,
    allowedViews,
    autoView,
    endSession,

    /** Whether an admin may (still) start assisted sessions: active, and its role grants Allow Login as Customer. */
    async mayAssist(rc: RequestContext, adminId: number): Promise<boolean> {
      const admin = await rc.app.services.adminUsers.byId(rc, adminId);
      return !!admin && admin.is_active === 1 && (await grantsAssist(rc, admin));
    },

    /**
     * Starts an assisted session (spec §4), checking in the spec's order. Each refusal is returned as a message
     * and written to the action log as a Failure; CSRF is checked at the HTTP edge before this is called.
     */
    async start(rc: RequestContext, input: StartInput): Promise<Result<StartResult>> {
      if (rc.actor.type !== 'admin' || !rc.adminSessionHash) return refused(MSG.forbidden, 'forbidden', { code: 'forbidden' });
      const actor = rc.actor;
      const me = { admin_id: actor.id, admin_username: actor.username, admin_name: `${actor.firstName} ${actor.lastName}` };
      const refuse = async (
        message: string,
        code: Refusal['code'] | 'no_store_view' | 'store_view_not_allowed' | 'reason_required' | StepUpCode | NonNullable<GateResult['refusal']>['code'],
        extra: Record<string, unknown> = {},
      ) => {
        await audit(rc, me, {
          action: 'Request Session',
          result: 'Failure',
          details: `Login as Customer refused for customer ID ${input.customerId}: ${message}`,
          fullDetails: { customer_id: input.customerId, code, ...extra },
        });
        const kind = code === 'forbidden' ? 'forbidden' : code === 'no_customer' ? 'not_found' : STEP_UP_CODES.has(code) ? 'unauthenticated' : 'validation';
        return refused(message, kind, { code });
      };
      const e = await eligibility(rc, input.customerId);
      if (e.refusal) return refuse(e.refusal.message, e.refusal.code);
      const customer = e.customer!;
      let viewId: number;
      if (e.manual) {
        if (!input.storeViewId) return refuse(MSG.noStoreView, 'no_store_view');
        viewId = input.storeViewId;
      } else viewId = input.storeViewId ?? e.autoViewId!;
      if (!e.views.some((v) => v.id === viewId)) return refuse(MSG.storeViewNotAllowed, 'store_view_not_allowed', { store_view_id: viewId });
      const reason = (input.reason ?? '').trim().slice(0, 500);
      if (!reason && e.reasonRequired) return refuse(MSG.reasonRequired, 'reason_required');
      // A sign-in older than the setting asks for the password or a passkey again — before the gates, so a failed
      // step-up never uses up an approval.
      const stepUp = await checkStepUp(rc, input.stepUp, input.relyingParty);
      if (stepUp) return refuse(stepUp.message, stepUp.code);
      // Per-agent limits and working hours, then a protected customer's approval (used up if everything passes).
      const gate = await checkStartGates(rc, me, customer);
      if (gate.refusal) return refuse(gate.refusal.message, gate.refusal.code, gate.refusal.extra);
      // The choice is the server's to enforce: without "Allow full access" a request for full access starts a view-only session.
      const viewOnly = !e.mayFullAccess || (input.viewOnly ?? e.defaultViewOnly);
      const forced = !e.mayFullAccess && input.viewOnly === false;
      const view = (await rc.app.services.stores.byId(viewId))!;
      const tokenSeconds = await config(rc).getInt(LAC_TOKEN_LIFETIME);
      const token = randomToken();
      const binding = randomToken();

      const sessionId = await inTransaction(rc, async (trx) => {
        // A session started on a help code's grant uses it up; a grant already used starts nothing.
        if (e.helpGrantId !== undefined && !(await helpCodes.useHelpGrant(trx, e.helpGrantId))) return null;
        // One assisted session per admin: starting a new one ends the others.
        for (const s of await lacRepo.openSessions(trx.db, { adminId: actor.id })) await endSession(trx, s, 'new_session');
        const now = rc.app.clock.now();
        const id = await lacRepo.insertSession(trx.db, {
          ...me,
          customer_id: customer.id,
          customer_email: customer.email,
          store_view_id: viewId,
          reason,
          status: 'pending',
          admin_session_hash: rc.adminSessionHash!,
          storefront_session_hash: null,
          requested_at: isoUtc(now),
          logged_in_at: null,
          last_seen_at: null,
          expires_at: null,
          ended_at: null,
          end_reason: null,
          view_only: viewOnly ? 1 : 0,
          help_code_id: e.helpGrantId ?? null,
        });
        if (e.helpGrantId !== undefined) await helpCodes.linkHelpGrant(trx, e.helpGrantId, id);
        await lacRepo.insertToken(trx.db, {
          token_hash: sha256(token),
          lac_session_id: id,
          binding_hash: sha256(binding),
          expires_at: isoUtc(new Date(now.getTime() + tokenSeconds * 1000)),
          used_at: null,
        });
        await afterStartGates(trx, me, gate, id);
        await audit(trx, me, {
          action: 'Request Session',
          details: `Login as Customer requested for ${customer.email} (ID ${customer.id}) on ${view.website.name} / ${view.view.name}${viewOnly ? ' (view only)' : ''}`,
          fullDetails: {
            lac_session_id: id,
            customer_id: customer.id,
            store_view_id: viewId,
            reason,
            view_only: viewOnly,
            ...(gate.approval ? { approval_id: gate.approval.id } : {}),
            ...(forced ? { full_access_refused: true } : {}),
            ...(e.helpGrantId !== undefined ? { help_code_id: e.helpGrantId } : {}),
          },
        });
        return id;
      });
      if (sessionId === null) return refuse(MSG.noConsent, 'no_consent', { help_code_used: true });
      return ok({ token, binding, sessionId, view, tokenSeconds, customerName: `${customer.firstname} ${customer.lastname}`, viewOnly });
    },

    /**
     * The API door (GraphQL generateCustomerTokenAsAdmin): the same `start` with every check, then the pending
     * session is activated at once with a customer token instead of a browser handoff. The token is a
     * storefront session id, so the assisted session ends exactly when a web one would, and everything done with
     * it is attributed and logged.
     */
    async startWithCustomerToken(rc: RequestContext, input: StartInput): Promise<Result<{ customerToken: string; sessionId: number }>> {
      // A customer token is not held back from changes the way a browser is: view-only sessions are refused here.
      const e = await eligibility(rc);
      if (!e.refusal && (!e.mayFullAccess || (input.viewOnly ?? e.defaultViewOnly))) {
        const me =
          rc.actor.type === 'admin'
            ? { admin_id: rc.actor.id, admin_username: rc.actor.username, admin_name: `${rc.actor.firstName} ${rc.actor.lastName}` }
            : null;
        await audit(rc, me, {
          action: 'Request Session',
          result: 'Failure',
          details: `Login as Customer refused for customer ID ${input.customerId}: view-only sessions cannot use a customer token`,
          fullDetails: { customer_id: input.customerId, code: 'view_only_token' },
        });
        return refused('View-only sessions are not available with a customer token.', 'validation', { code: 'view_only_token' });
      }
      const started = await service.start(rc, input);
      if (!started.ok) return started;
      const s = (await lacRepo.session(rc.db, started.value.sessionId))!;
      const lifetime = await config(rc).getInt(LAC_SESSION_LIFETIME);
      const now = rc.app.clock.now();
      const nowIso = isoUtc(now);
      return inTransaction(rc, async (trx) => {
        await lacRepo.useTokensOf(trx.db, s.id, nowIso);
        const { rawId, idHash } = await rc.app.services.sessions.create(trx.db, 'customer', s.customer_id, { lacSessionId: s.id, api: true }, 3 * 3600);
        await lacRepo.activate(trx.db, s.id, {
          storefront_session_hash: idHash,
          logged_in_at: nowIso,
          last_seen_at: nowIso,
          expires_at: isoUtc(new Date(now.getTime() + lifetime * 60_000)),
        });
        await bumpVersion(trx.db, LAC_VERSION);
        await audit(trx, s, {
          action: 'Login',
          details: `Customer token issued for ${s.customer_email} (ID ${s.customer_id}) through the API`,
          fullDetails: { lac_session_id: s.id, surface: rc.surface },
        });
        return ok({ customerToken: rawId, sessionId: s.id });
      });
    },

    /**
     * Redeems a handoff token in the storefront (spec §5): single use, unexpired, same browser (binding cookie),
     * same store view, admin still signed in and permitted, customer still consenting. On success this browser
     * gets a new session as the customer, without its guest cart.
     */
    async redeem(rc: RequestContext, token: string, binding: string | undefined): Promise<Result<{ name: string }>> {
      const now = rc.app.clock.now();
      const nowIso = isoUtc(now);
      const tokenHash = sha256(token.slice(0, 100));
      const peek = token ? await lacRepo.token(rc.db, tokenHash) : undefined;
      const pending = peek ? await lacRepo.session(rc.db, peek.lac_session_id) : undefined;
      const fail = async (why: string) => {
        await audit(rc, pending ?? null, {
          action: 'Login',
          result: 'Failure',
          details: pending ? `Login as customer ${pending.customer_email} failed: ${why}` : `Login as Customer link refused: ${why}`,
          fullDetails: { lac_session_id: pending?.id ?? null, why },
        });
        return refused(MSG.loginFailed, 'forbidden', { code: why });
      };
      if (!peek || !pending) return fail('unknown link');
      const consumed = await lacRepo.consumeToken(rc.db, tokenHash, nowIso);
      if (!consumed) return fail(peek.used_at ? 'link already used' : 'link expired');
      if (!binding || !safeEqual(sha256(binding), consumed.binding_hash)) return fail('opened in another browser');
      if (pending.status !== 'pending') return fail('session no longer pending');
      if (pending.store_view_id !== rc.store.view.id) return fail('wrong store view');
      if (!(await enabled(rc))) return fail('feature disabled');
      const admin = await rc.app.services.adminUsers.byId(rc, pending.admin_id);
      if (!admin || admin.is_active !== 1) return fail('admin inactive');
      if (!(await grantsAssist(rc, admin))) return fail('permission removed');
      if (!(await rc.app.services.sessions.isLive(rc.db, pending.admin_session_hash))) return fail('admin signed out');
      const customer = await rc.app.services.customers.byId(rc, pending.customer_id);
      if (!customer || customer.is_active !== 1 || (pending.help_code_id === null && !rc.app.services.customers.consentActive(customer, now)))
        return fail('customer no longer available or consenting');

      const lifetime = await config(rc).getInt(LAC_SESSION_LIFETIME);
      const notify = await config(rc).getBool(LAC_NOTIFY_CUSTOMER);
      const result = await inTransaction(rc, async (trx) => {
        // Whoever was signed in in this browser is signed out; the guest cart is emptied, never merged.
        const previous = trx.locals.sessionData ?? {};
        if (typeof previous.lacSessionId === 'number') {
          const old = await lacRepo.session(trx.db, previous.lacSessionId);
          if (old) await endSession(trx, old, 'replaced');
        }
        await rc.app.services.cart.discardGuestCart(trx, typeof previous.cartId === 'number' ? previous.cartId : undefined);
        await rc.app.services.customers.startSession(trx, customer.id, { lacSessionId: pending.id });
        const activated = await lacRepo.activate(trx.db, pending.id, {
          storefront_session_hash: trx.locals.sessionHash!,
          logged_in_at: nowIso,
          last_seen_at: nowIso,
          expires_at: isoUtc(new Date(now.getTime() + lifetime * 60_000)),
        });
        if (!activated) return false;
        await bumpVersion(trx.db, LAC_VERSION);
        await audit(trx, pending, {
          action: 'Login',
          details: `Logged in as customer ${customer.email} (ID ${customer.id}) on ${rc.store.website.name} / ${rc.store.view.name}`,
          fullDetails: { lac_session_id: pending.id, customer_id: customer.id, store_view_id: rc.store.view.id, reason: pending.reason },
        });
        if (notify) await notifyCustomer(trx, customer, pending, nowIso);
        return true;
      });
      if (!result) return fail('session no longer pending');
      live.invalidate();
      notice.invalidate();
      deps.onEnded?.();
      rc.locals.sessionData = { lacSessionId: pending.id };
      return ok({ name: `${customer.firstname} ${customer.lastname}` });
    },

    /**
     * Runs on every storefront request of a browser in an assisted session: one indexed query decides whether
     * it still holds (spec §6). When it does not, the session ends and the browser is signed out.
     */
    async check(rc: RequestContext): Promise<AssistedInfo | undefined> {
      const id = rc.locals.sessionData?.lacSessionId;
      if (typeof id !== 'number' || !rc.locals.sessionHash) return undefined;
      const hash = rc.locals.sessionHash;
      const copies = await live.get(rc.db);
      let row: LiveRow | undefined = copies.get(hash);
      let fresh = false;
      if (!row) {
        row = await readLive(rc, hash);
        fresh = true;
        if (row) copies.set(hash, row);
      }
      const now = rc.app.clock.now();
      const nowIso = isoUtc(now);
      const idleMinutes = await config(rc).getInt(LAC_IDLE_TIMEOUT);
      const verdict = async (r: LiveRow | undefined) => liveVerdict(rc, r, { id, enabled: await enabled(rc), idleMinutes, now });
      let reason = await verdict(row);
      if (reason && !fresh) {
        copies.delete(hash);
        row = await readLive(rc, hash);
        reason = await verdict(row);
        if (row && !reason) copies.set(hash, row);
      }
      if (reason) {
        const s = await lacRepo.session(rc.db, id);
        if (s) await endSession(rc, s, reason === 'ended' ? (s.end_reason ?? 'ended') : reason);
        await rc.app.services.customers.endSession(rc);
        rc.flash.push({ type: 'notice', text: rc.t(s?.end_reason === 'customer_ended' ? MSG.endedByCustomer : MSG.ended) });
        return undefined;
      }
      if (row!.last_seen_at && now.getTime() - Date.parse(row!.last_seen_at) > TOUCH_EVERY_MS) {
        await lacRepo.touch(rc.db, row!.id, nowIso);
        row!.last_seen_at = nowIso;
      }
      return {
        lacSessionId: row!.id,
        adminId: row!.admin_id,
        adminUsername: row!.admin_username,
        adminName: `${row!.admin_first_name} ${row!.admin_last_name}`,
        customerName: `${row!.customer_firstname} ${row!.customer_lastname}`,
        reason: row!.reason,
        expiresAt: row!.expires_at!,
        viewOnly: row!.view_only === 1,
      };
    },

    async pageCacheDisabled(rc: RequestContext) {
      return config(rc).getBool(LAC_DISABLE_PAGE_CACHE);
    },

    /** Close Session: ends this browser's assisted session and signs it out. */
    async close(rc: RequestContext) {
      const id = rc.locals.sessionData?.lacSessionId;
      if (typeof id === 'number') {
        const s = await lacRepo.session(rc.db, id);
        if (s) await endSession(rc, s, 'closed');
      }
      await rc.app.services.customers.endSession(rc);
    },

    /** Ends open sessions of an admin (all, or only those of one admin-panel session) for a reason. */
    async endForAdmin(rc: RequestContext, adminId: number, reason: string, adminSessionHash?: string) {
      for (const s of await lacRepo.openSessions(rc.db, { adminId, adminSessionHash })) await endSession(rc, s, reason);
    },

    async endForCustomer(rc: RequestContext, customerId: number, reason: string) {
      for (const s of await lacRepo.openSessions(rc.db, { customerId })) await endSession(rc, s, reason);
    },

    /** Four eyes for protected customers (approvals.ts): request, decide, where this admin's request stands, the grid. */
    approvalState,
    requestApproval,
    decideApproval,
    approvalsPage,
    issueHelpCode: helpCodes.issueHelpCode,
    cancelHelpCode: helpCodes.cancelHelpCode,
    redeemHelpCode: helpCodes.redeemHelpCode,
    activeHelpCode: helpCodes.activeHelpCode,
    helpCodesEnabled: helpCodes.helpCodesEnabled,
    helpCodeHistory: helpCodes.helpCodeHistory,

    /** Whether store staff are in an assisted session for this request's own signed-in customer (the live notice). */
    assistedNow: (rc: RequestContext) => notice.assistedNow(rc),
    /** "End it": the signed-in customer ends every assisted session on their account. */
    endByCustomer: (rc: RequestContext) => customerEndsAssistance(rc, service.endForCustomer),

    refuseIfBlocked,
    refuseIfViewOnly,
    note,
    recordAssistedAction,
    logPage,
    logRows,
    accessHistory,
    ...lacReports,

    cookieName: STOREFRONT_COOKIE,
    /** Something live sessions depend on changed (e.g. a consent's expiry): every process re-reads them. */
    async refresh(rc: RequestContext) {
      await bumpVersion(rc.db, LAC_VERSION);
      live.invalidate();
      notice.invalidate();
      deps.onEnded?.();
    },

    /** Drop this process's copies (another process ended a session; pushed through Redis). */
    invalidate: () => {
      live.invalidate();
      notice.invalidate();
    },
  };
  return service;
}

export type LoginAsCustomerService = ReturnType<typeof createLoginAsCustomerService>;

declare module '../../kernel/services.ts' {
  interface Services {
    loginAsCustomer: LoginAsCustomerService;
  }
}
