import type { Request, RequestHandler } from 'express';
import { sendErrorPage } from '../html/console-page';
import { readCookies, serializeCookie } from '../security/cookies';
import type { OpsRole } from './ops-accounts.port';
import type { OpsSessions } from './ops-sessions.use-case';

const SESSION_COOKIE = 'ops_session';
/** The session cookie reaches console paths only; the JSON API and the webhooks never see it. */
const SESSION_COOKIE_PATH = '/console';

/** The cookie that carries a new session's token (no Max-Age: it also ends with the browser). */
export function sessionCookie(token: string): string {
  return serializeCookie(SESSION_COOKIE, token, { path: SESSION_COOKIE_PATH, httpOnly: true, sameSite: 'Strict' });
}

/** The cookie that removes the session token from the browser. */
export function clearedSessionCookie(): string {
  return serializeCookie(SESSION_COOKIE, '', { path: SESSION_COOKIE_PATH, httpOnly: true, sameSite: 'Strict', maxAge: 0 });
}

/** The session token the browser presented, if any. */
export function presentedSessionToken(req: Request): string | null {
  return readCookies(req.headers.cookie).get(SESSION_COOKIE) || null;
}

/** A path inside the console to come back to after sign-in; anything else (another host, `//`, `\`) is refused. */
export function safeConsolePath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  return /^\/console(\/[A-Za-z0-9\-._~%/?=&+]*)?$/.test(value) && !value.includes('//') ? value : null;
}

/**
 * Pages need a live session: without one a browser is sent to sign-in (and back afterwards); the dashboard's
 * JSON gets 401. An ended session's cookie is removed.
 */
export function requireOpsSession(sessions: OpsSessions): RequestHandler {
  return async (req, res, next) => {
    const token = presentedSessionToken(req);
    const session = token ? await sessions.resume(token) : null;
    if (session) {
      req.opsSession = session;
      req.log = req.log.child({ opsUser: session.user.username });
      return next();
    }
    if (token) res.append('Set-Cookie', clearedSessionCookie());
    if (req.path.endsWith('.json')) return void res.status(401).json({ error: 'signed out' });
    const back = req.method === 'GET' ? safeConsolePath(req.originalUrl) : null;
    const query = new URLSearchParams();
    if (token) query.set('expired', '1');
    if (back && back !== '/console' && back !== '/console/') query.set('next', back);
    const qs = query.toString();
    res.redirect(303, `/console/sign-in${qs ? `?${qs}` : ''}`);
  };
}

const RANK: Record<OpsRole, number> = { viewer: 0, supervisor: 1, admin: 2 };

/** Refuses (403 page) anyone below `role`. */
export function requireRole(role: OpsRole, timeZone: string): RequestHandler {
  return (req, res, next) => {
    const user = req.opsSession?.user;
    if (user && RANK[user.role] >= RANK[role]) return next();
    req.log.warn({ needed: role, role: user?.role, route: req.path }, 'console change refused: role');
    sendErrorPage(req, res, timeZone, 403, 'forbidden');
  };
}
