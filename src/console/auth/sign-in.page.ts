import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { html } from '../html/html-template';
import { layout, pageContext, sendErrorPage, sendPage } from '../html/console-page';
import { readCookies, serializeCookie } from '../security/cookies';
import { fromThisSite, sameSecret } from '../security/csrf.middleware';
import { clearedSessionCookie, presentedSessionToken, safeConsolePath, sessionCookie } from './ops-session.middleware';
import type { OpsSessions } from './ops-sessions.use-case';

/** Before there is a session, the sign-in form is protected by a double-submit token (login CSRF). */
const SIGN_IN_COOKIE = 'ops_signin';
const SIGN_IN_PATH = '/console/sign-in';

type Notice = 'failed' | 'throttled' | 'expired' | 'signedOut' | null;

function signInForm(req: Request, res: Response, timeZone: string, notice: Notice, status: number, username = ''): void {
  const ctx = pageContext(req, timeZone);
  const { t } = ctx;
  const formToken = randomBytes(24).toString('base64url');
  res.append('Set-Cookie', serializeCookie(SIGN_IN_COOKIE, formToken, { path: SIGN_IN_PATH, httpOnly: true, sameSite: 'Strict', maxAge: 3600 }));
  const next = safeConsolePath(req.query.next ?? req.body?.next);
  const message = notice ? t.signIn[notice] : null;
  const body = html`<section class="sign-in">
<h1>${t.signIn.title}</h1>
${message ? html`<p class="${notice === 'failed' || notice === 'throttled' ? 'error' : 'flash'}" role="alert" data-notice="${notice}">${message}</p>` : ''}
<form method="post" action="${SIGN_IN_PATH}" class="stacked">
  <input type="hidden" name="_csrf" value="${formToken}">
  ${next ? html`<input type="hidden" name="next" value="${next}">` : ''}
  <label>${t.signIn.username}<input name="username" autocomplete="username" required maxlength="64" value="${username}" autofocus></label>
  <label>${t.signIn.password}<input name="password" type="password" autocomplete="current-password" required maxlength="200"></label>
  <button type="submit" class="primary">${t.signIn.submit}</button>
</form>
</section>`;
  sendPage(res, layout(ctx, { title: t.signIn.title, body }), status);
}

/** Sign-in and sign-out. */
export function signInRoutes(deps: { sessions: OpsSessions; publicBaseUrl: string; timeZone: string }): Router {
  const router = Router();
  const { sessions, timeZone } = deps;

  router.get('/sign-in', (req, res) => {
    const notice: Notice = req.query.expired === '1' ? 'expired' : req.query.signedOut === '1' ? 'signedOut' : null;
    signInForm(req, res, timeZone, notice, 200);
  });

  router.post('/sign-in', async (req, res) => {
    const cookieToken = readCookies(req.headers.cookie).get(SIGN_IN_COOKIE) ?? '';
    const formToken = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
    if (!fromThisSite(req, deps.publicBaseUrl) || !sameSecret(cookieToken, formToken)) {
      req.log.warn({ route: req.path }, 'sign-in refused: csrf');
      return sendErrorPage(req, res, timeZone, 403, 'csrf');
    }
    const username = typeof req.body?.username === 'string' ? req.body.username : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const result = await sessions.signIn({ username, password, address: req.ip ?? 'unknown', presentedToken: presentedSessionToken(req) });
    // Whatever happened, the session cookie the browser came with is no longer valid.
    res.append('Set-Cookie', clearedSessionCookie());
    if (result.kind === 'throttled') {
      req.log.warn({ username: username.slice(0, 64) }, 'sign-in throttled');
      return signInForm(req, res, timeZone, 'throttled', 429, username.slice(0, 64));
    }
    if (result.kind === 'failed') {
      req.log.info({ username: username.slice(0, 64) }, 'sign-in failed');
      return signInForm(req, res, timeZone, 'failed', 401, username.slice(0, 64));
    }
    req.log.info({ opsUser: result.user.username, role: result.user.role }, 'signed in');
    res.set('Set-Cookie', [
      sessionCookie(result.token),
      serializeCookie(SIGN_IN_COOKIE, '', { path: SIGN_IN_PATH, httpOnly: true, sameSite: 'Strict', maxAge: 0 }),
    ]);
    res.redirect(303, safeConsolePath(req.body?.next) ?? '/console/dashboard');
  });

  return router;
}

/** Sign-out (mounted behind the session and CSRF checks). */
export function signOutRoute(sessions: OpsSessions): Router {
  const router = Router();
  router.post('/sign-out', async (req, res) => {
    if (req.opsSession) await sessions.signOut(req.opsSession.tokenHash);
    req.log.info('signed out');
    res.append('Set-Cookie', clearedSessionCookie());
    res.redirect(303, '/console/sign-in?signedOut=1');
  });
  return router;
}
