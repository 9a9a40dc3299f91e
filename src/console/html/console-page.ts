import type { Request, Response } from 'express';
import type { ActiveSession } from '../auth/ops-sessions.use-case';
import { labelsFor, parseConsoleLanguage, type ConsoleLabels, type ConsoleLanguage } from '../i18n/console-labels';
import { readCookies } from '../security/cookies';
import { html, type SafeHtml } from './html-template';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in console session, set by `requireOpsSession`. */
    opsSession?: ActiveSession;
  }
}

export const LANGUAGE_COOKIE = 'ops_lang';

/** What every console view needs: the language, its labels, who is signed in and the form token. */
export interface PageContext {
  lang: ConsoleLanguage;
  t: ConsoleLabels;
  session: ActiveSession | null;
  /** The path and query of this page (for the language switch to come back to). */
  here: string;
  timeZone: string;
}

/** The page context of a request. */
export function pageContext(req: Request, timeZone: string): PageContext {
  const lang = parseConsoleLanguage(readCookies(req.headers.cookie).get(LANGUAGE_COOKIE));
  return { lang, t: labelsFor(lang), session: req.opsSession ?? null, here: req.originalUrl, timeZone };
}

/** The hidden form field every console form carries (checked on every POST). */
export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.session?.csrfToken ?? ''}">`;
}

/** Whether the signed-in user may change things (supervisors and admins). */
export function canChange(ctx: PageContext): boolean {
  return ctx.session?.user.role === 'supervisor' || ctx.session?.user.role === 'admin';
}

type NavKey = keyof ConsoleLabels['nav'];
const NAV: Array<{ key: NavKey; href: string; roles?: string[] }> = [
  { key: 'dashboard', href: '/console/dashboard' },
  { key: 'calls', href: '/console/calls' },
  { key: 'tickets', href: '/console/tickets' },
  { key: 'riskOutbox', href: '/console/risk-outbox' },
  { key: 'notices', href: '/console/notices' },
  { key: 'agents', href: '/console/agents' },
  { key: 'hours', href: '/console/hours' },
  { key: 'flow', href: '/console/flow' },
  { key: 'audit', href: '/console/audit', roles: ['supervisor', 'admin'] },
];

/** A whole console page: header, navigation, language switch, sign-out, then the body. */
export function layout(ctx: PageContext, page: { title: string; active?: NavKey; body: SafeHtml; scripts?: string[]; flash?: string | null }): SafeHtml {
  const { t, session } = ctx;
  const switchTo = ctx.lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  const languageHref = `/console/language?to=${switchTo}&back=${encodeURIComponent(ctx.here)}`;
  return html`<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${t.product}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/assets/console.css">
${(page.scripts ?? []).map((src) => html`<script src="${src}" defer></script>\n`)}
</head>
<body>
<header class="topbar">
  <a class="brand" href="/console/dashboard">${t.product}</a>
  ${
    session
      ? html`<nav>${NAV.filter((n) => !n.roles || n.roles.includes(session.user.role)).map(
          (n) => html`<a href="${n.href}"${n.key === page.active ? html` class="active" aria-current="page"` : ''}>${t.nav[n.key]}</a>`,
        )}</nav>`
      : ''
  }
  <div class="who">
    <a class="lang" href="${languageHref}" hreflang="${switchTo}">${t.switchLanguage}</a>
    ${
      session
        ? html`<span class="user">${t.signedInAs} <strong>${session.user.displayName}</strong> <span class="role role-${session.user.role}">${t.roles[session.user.role] ?? session.user.role}</span></span>
    <form method="post" action="/console/sign-out" class="inline">${csrfField(ctx)}<button type="submit" class="link">${t.signOut}</button></form>`
        : ''
    }
  </div>
</header>
<main>
${page.flash ? html`<p class="flash" role="status">${page.flash}</p>` : ''}
${page.body}
</main>
</body>
</html>`;
}

/** Sends a console page. */
export function sendPage(res: Response, body: SafeHtml, status = 200): void {
  res.status(status).type('html').send(body.value);
}

/** An error page (403, 404, 400, 500) in the console's look, in the user's language. */
export function sendErrorPage(
  req: Request,
  res: Response,
  timeZone: string,
  status: number,
  kind: 'forbidden' | 'csrf' | 'notFound' | 'invalid' | 'server',
  detail?: string,
): void {
  const ctx = pageContext(req, timeZone);
  const { t } = ctx;
  const title =
    kind === 'forbidden' || kind === 'csrf'
      ? t.errors.forbiddenTitle
      : kind === 'notFound'
        ? t.errors.notFoundTitle
        : kind === 'invalid'
          ? t.errors.invalidTitle
          : t.errors.serverTitle;
  const message =
    kind === 'forbidden'
      ? t.errors.forbidden
      : kind === 'csrf'
        ? t.errors.csrf
        : kind === 'notFound'
          ? t.errors.notFound
          : kind === 'invalid'
            ? (detail ?? '')
            : t.errors.server;
  const body = html`<section class="error-page"><h1>${title}</h1><p class="error" data-error="${kind}">${message}</p>
<p><a href="/console/dashboard">${t.errors.back}</a></p></section>`;
  sendPage(res, layout(ctx, { title, body }), status);
}
