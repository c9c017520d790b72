import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendEventStream } from '../../../http/event-stream.ts';
import { redirectWith } from '../../../http/form.ts';
import { backToReferer } from '../../../http/redirect.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import { HELP_MSG } from '../help-codes.ts';
import { HELP_PATH, helpPage, LiveNotice, NOTICE_END, NOTICE_LIVE, NOTICE_STATUS } from '../views/help.tsx';

/** How often an open notice stream looks at the (cached) state, how long it lives, and its keep-alive. */
const STREAM = { everyMs: 2000, maxMs: 5 * 60_000, retryMs: 3000, heartbeatMs: 25_000 };

/**
 * The customer's own browser, on every storefront page: the live notice while store staff are helping (nothing in
 * an assisted session, nothing for guests). A page that shows it is never stored in the page cache.
 */
export async function onCustomerRequest(rc: RequestContext) {
  if (!rc.locals.customer || rc.locals.assisted || typeof rc.locals.sessionData?.lacSessionId === 'number') return;
  const lac = rc.app.services.loginAsCustomer;
  if (!(await lac.enabled(rc))) return;
  const live = await lac.assistedNow(rc);
  if (live) rc.locals.noPageCache = true;
  rc.locals.banner = LiveNotice({ rc, live });
}

/** The unused code's page, or the page with a just-created code (from the POST; never in a URL). */
async function showHelp(rc: RequestContext, reply: FastifyReply, issued?: { code: string; expiresAt: string }) {
  const lac = rc.app.services.loginAsCustomer;
  reply.header('cache-control', 'private, no-store');
  const available = !rc.locals.assisted && (await lac.helpCodesEnabled(rc));
  return helpPage(rc, {
    available,
    unavailableMessage: rc.locals.assisted ? rc.t(HELP_MSG.assisted) : rc.t(HELP_MSG.unavailable),
    issued,
    active: issued ? undefined : await lac.activeHelpCode(rc),
  });
}

function statusOf(rc: RequestContext) {
  return async () => ({ live: await rc.app.services.loginAsCustomer.assistedNow(rc) });
}

async function liveStatus(_req: FastifyRequest, reply: FastifyReply, rc: RequestContext) {
  reply.header('cache-control', 'private, no-store');
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(await statusOf(rc)()));
}

export function helpRoutes(r: RouteRegistrar) {
  r.storefrontGet(HELP_PATH, (_req, reply, rc) => showHelp(rc, reply), { access: 'customer' });

  r.storefrontPost(
    HELP_PATH,
    async (_req, reply, rc) => {
      const result = await rc.app.services.loginAsCustomer.issueHelpCode(rc);
      if (!result.ok) {
        reply.code(result.kind === 'forbidden' ? 403 : 400);
        rc.flash.push({ type: 'error', text: rc.t(result.messages[0]!) });
        return showHelp(rc, reply);
      }
      return showHelp(rc, reply, result.value);
    },
    { access: 'customer' },
  );

  r.storefrontPost(
    `${HELP_PATH}/cancel`,
    async (_req, reply, rc) => {
      const result = await rc.app.services.loginAsCustomer.cancelHelpCode(rc);
      if (!result.ok) return redirectWith(reply, rc, rc.url(HELP_PATH), { type: 'error', text: rc.t(result.messages[0]!) });
      return redirectWith(reply, rc, rc.url(HELP_PATH), { type: 'success', text: rc.t(HELP_MSG.cancelled) });
    },
    { access: 'customer' },
  );

  // The notice's state: a small JSON answer for polling, and an event stream for browsers that can hold one open.
  r.storefrontGet(NOTICE_STATUS, liveStatus, { access: 'customer' });
  r.storefrontGet(
    NOTICE_LIVE,
    async (req, reply, rc) => {
      if (!String(req.headers.accept ?? '').includes('text/event-stream')) return liveStatus(req, reply, rc);
      return sendEventStream(req, reply, { ...STREAM, read: statusOf(rc), event: 'assistance' });
    },
    { access: 'customer' },
  );

  r.storefrontPost(
    NOTICE_END,
    async (req, reply, rc) => {
      const result = await rc.app.services.loginAsCustomer.endByCustomer(rc);
      const back = backToReferer(req, rc.url('/customer/account'));
      if (!result.ok) return redirectWith(reply, rc, back, { type: 'error', text: rc.t(result.messages[0]!) });
      const text = result.value.ended
        ? rc.t('You ended the assisted session. Store staff can no longer use your account.')
        : rc.t('No one from the store is signed in to your account.');
      return redirectWith(reply, rc, back, { type: 'success', text });
    },
    { access: 'customer' },
  );
}
