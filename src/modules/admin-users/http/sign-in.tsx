import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../kernel/app-context.ts';
import { csrfValid, rotateCsrfSeed } from '../../../http/csrf.ts';
import { flashNext } from '../../../http/flash.ts';
import { safeLocalPath } from '../../../http/redirect.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { ADMIN_COOKIE, INVALID_FORM_KEY } from '../../../http/server.tsx';
import { bareAdminPage } from '../../../ui/admin-layout.tsx';
import { FormErrors, FormKey } from '../../../ui/components.tsx';

const DASHBOARD = '/admin/dashboard';

/** Only same-site admin paths may be returned to after sign-in (no open redirects), never the sign-in page. */
export function safeReturnPath(value: unknown): string {
  const path = safeLocalPath(value, DASHBOARD);
  return path.startsWith('/admin/') && !path.startsWith('/admin/login') ? path : DASHBOARD;
}

function signInPage(rc: RequestContext, opts: { username?: string; errors?: string[]; returnTo?: string }) {
  const t = rc.t;
  return bareAdminPage(
    rc,
    t('Sign in'),
    <form method="post" action="/admin/login" class="login-form" id="login-form">
      <h1 safe>{t('Welcome, please sign in')}</h1>
      <FormErrors messages={opts.errors ?? []} />
      <FormKey rc={rc} />
      <input type="hidden" name="return" value={opts.returnTo ?? ''} />
      <div class="field required">
        <label for="username" safe>
          {t('Username')}
        </label>
        <input id="username" name="login[username]" type="text" autocomplete="username" required value={opts.username ?? ''} />
      </div>
      <div class="field required">
        <label for="login" safe>
          {t('Password')}
        </label>
        <input id="login" name="login[password]" type="password" autocomplete="current-password" required />
      </div>
      <button type="submit" class="action-primary action-login" safe>
        {t('Sign in')}
      </button>
    </form>,
  );
}

/** Public admin entry points: the sign-in form, sign-in, sign-out. Rate-limited per IP. */
export function signInRoutes(server: FastifyInstance, app: AppContext) {
  const secure = app.env.cookieSecure;

  server.get('/admin', { config: { access: 'public' } }, async (req, reply) =>
    reply.redirect(req.rc.actor.type === 'admin' ? '/admin/dashboard' : '/admin/login', 302),
  );

  server.get('/admin/login', { config: { access: 'public' } }, async (req, reply) => {
    const rc = req.rc;
    const returnTo = (req.query as Record<string, unknown>).return;
    if (rc.actor.type === 'admin') return reply.redirect(safeReturnPath(returnTo), 302);
    return reply.type('text/html; charset=utf-8').send(signInPage(rc, { returnTo: typeof returnTo === 'string' ? returnTo : '' }));
  });

  server.post('/admin/login', { config: { access: 'public', rateLimit: { max: app.env.LOGIN_RATE_LIMIT, timeWindow: '1 minute' } } }, async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'adminhtml_auth_login';
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body['login[username]'] === 'string' ? (body['login[username]'] as string).trim() : '';
    const password = typeof body['login[password]'] === 'string' ? (body['login[password]'] as string) : '';
    const returnTo = typeof body.return === 'string' ? body.return : '';
    if (!csrfValid(req, app.env.sessionSecret, 'admin')) {
      reply.code(403);
      return reply.type('text/html; charset=utf-8').send(signInPage(rc, { username, errors: [rc.t(INVALID_FORM_KEY)], returnTo }));
    }
    if (!username || !password) {
      reply.code(400);
      return reply.type('text/html; charset=utf-8').send(signInPage(rc, { username, errors: [rc.t('Please enter your username and password.')], returnTo }));
    }
    const result = await app.services.adminUsers.signIn(rc, username, password, rc.adminSessionHash);
    if (!result.ok) {
      reply.code(401);
      return reply.type('text/html; charset=utf-8').send(signInPage(rc, { username, errors: result.messages, returnTo }));
    }
    reply.setCookie(ADMIN_COOKIE, result.value.rawSessionId, { path: '/admin', httpOnly: true, sameSite: 'strict', secure });
    rotateCsrfSeed(reply, secure, 'admin');
    return reply.redirect(safeReturnPath(returnTo), 303);
  });

  server.post('/admin/logout', { config: { access: 'public' } }, async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'adminhtml_auth_logout';
    if (rc.actor.type !== 'admin' || !rc.adminSessionHash) return reply.redirect('/admin/login', 303);
    if (!csrfValid(req, app.env.sessionSecret, 'admin')) {
      flashNext(reply, secure, { type: 'error', text: rc.t(INVALID_FORM_KEY) });
      return reply.redirect('/admin/dashboard', 303);
    }
    await app.services.adminUsers.signOut(rc, rc.adminSessionHash);
    reply.clearCookie(ADMIN_COOKIE, { path: '/admin' });
    rotateCsrfSeed(reply, secure, 'admin');
    flashNext(reply, secure, { type: 'success', text: rc.t('You have logged out.') });
    return reply.redirect('/admin/login', 303);
  });
}
