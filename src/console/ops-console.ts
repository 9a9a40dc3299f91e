import { parseConsoleLanguage } from './i18n/console-labels';
import path from 'node:path';
import express, { Router, type ErrorRequestHandler } from 'express';
import type { AgentDirectory } from '../agents/agent-directory.port';
import { safeError } from '../logging/safe-error';
import type { CallLog } from '../ops/call-log.port';
import type { HotlinePrisma } from '../persistence/prisma-client';
import type { RiskOutboxStore } from '../risk/risk-outbox.port';
import { AgentAdmin } from './agents/agent-admin.use-case';
import { agentsPage } from './agents/agents.page';
import { auditPage } from './audit/audit.page';
import { PrismaAuditTrail } from '../persistence/prisma-audit-trail';
import { requireOpsSession, requireRole, safeConsolePath } from './auth/ops-session.middleware';
import { OpsSessions, type SessionPolicy } from './auth/ops-sessions.use-case';
import { PrismaOpsAccounts } from '../persistence/prisma-ops-accounts';
import { signInRoutes, signOutRoute } from './auth/sign-in.page';
import { callsPage } from './calls/calls.page';
import { ConsoleInputError, ConsoleNotFoundError } from './console-errors';
import { DashboardFiguresQuery } from './dashboard/dashboard-figures.query';
import { dashboardPage } from './dashboard/dashboard.page';
import { flowPage } from './flow/call-flow.page';
import { OpeningHours } from './hours/opening-hours.use-case';
import { openingHoursPage } from './hours/opening-hours.page';
import { PrismaHotlineCalendar } from '../persistence/prisma-hotline-calendar';
import { LANGUAGE_COOKIE, sendErrorPage } from './html/console-page';
import { OutageNotices } from './notices/outage-notices.use-case';
import { noticesPage } from './notices/outage-notices.page';
import { PrismaOutageNoticeBoard } from '../persistence/prisma-outage-notice-board';
import { PrismaOutboxReferences } from '../persistence/prisma-outbox-references';
import { riskOutboxPage } from './risk/risk-outbox.page';
import { RiskOutboxDesk } from './risk/risk-outbox.use-case';
import { requireCsrfToken } from './security/csrf.middleware';
import { serializeCookie } from './security/cookies';
import { consoleSecurityHeaders } from './security/security-headers.middleware';
import { PrismaTicketDesk } from '../persistence/prisma-ticket-desk';
import { TicketWork } from './tickets/ticket-work.use-case';
import type { ConsoleServices } from './console-services.types';
import { ticketsPage } from './tickets/tickets.page';

export interface OpsConsoleDeps {
  prisma: HotlinePrisma;
  callLog: CallLog;
  agents: AgentDirectory;
  /** Freeze requests on their way to the risk system; the delivery worker sends a retried one at its next poll. */
  riskOutbox: RiskOutboxStore;
  /** Dropped after every change to notices, the calendar or the closure switch, so callers hear it at once. */
  conditions: { invalidate(): void };
  clock: () => Date;
  timeZone: string;
  businessHoursText: string;
  publicBaseUrl: string;
  session: SessionPolicy;
}

const ASSETS = path.join(__dirname, 'assets');
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

/** The console's sessions (also used by the `npm run ops` CLI to manage accounts). */
export function opsSessionsFor(prisma: HotlinePrisma, policy: SessionPolicy, clock: () => Date): OpsSessions {
  return new OpsSessions(new PrismaOpsAccounts(prisma), policy, clock);
}

/** The ops web console, mounted at `/console`: sign-in, then pages that read and change what ops own. */
export function opsConsole(deps: OpsConsoleDeps): Router {
  const { prisma, clock, timeZone } = deps;
  const sessions = opsSessionsFor(prisma, deps.session, clock);
  const audit = new PrismaAuditTrail(prisma);
  const services: ConsoleServices = {
    callLog: deps.callLog,
    agents: deps.agents,
    figures: new DashboardFiguresQuery({ prisma, callLog: deps.callLog, riskOutbox: deps.riskOutbox, timeZone }),
    tickets: new TicketWork({ desk: new PrismaTicketDesk(prisma), agents: deps.agents, clock }),
    riskOutbox: new RiskOutboxDesk({ outbox: deps.riskOutbox, references: new PrismaOutboxReferences(prisma), audit, clock }),
    notices: new OutageNotices({ board: new PrismaOutageNoticeBoard(prisma), conditions: deps.conditions, clock }),
    hours: new OpeningHours({ calendar: new PrismaHotlineCalendar(prisma), conditions: deps.conditions }),
    agentAdmin: new AgentAdmin({ directory: deps.agents, audit }),
    audit,
    clock,
    timeZone,
    businessHoursText: deps.businessHoursText,
  };

  const router = Router();
  router.use(consoleSecurityHeaders());
  // Static files carry no call data, so they may be cached briefly.
  const assetHeaders = { setHeaders: (res: express.Response) => res.set('Cache-Control', 'private, max-age=300') };
  router.use('/assets', express.static(ASSETS, { index: false, fallthrough: false, dotfiles: 'deny', ...assetHeaders }));
  router.get('/vendor/chart.umd.min.js', (_req, res) => {
    res.set('Cache-Control', 'private, max-age=3600');
    res.sendFile(CHART_JS);
  });
  router.use(express.urlencoded({ extended: false, limit: '50kb', parameterLimit: 100 }));

  // The language is a preference, not a change to data: a plain link sets it.
  router.get('/language', (req, res) => {
    res.append(
      'Set-Cookie',
      serializeCookie(LANGUAGE_COOKIE, parseConsoleLanguage(typeof req.query.to === 'string' ? req.query.to : undefined), {
        path: '/console',
        httpOnly: true,
        sameSite: 'Lax',
        maxAge: 365 * 86400,
      }),
    );
    res.redirect(303, safeConsolePath(req.query.back) ?? '/console/dashboard');
  });
  router.use(signInRoutes({ sessions, publicBaseUrl: deps.publicBaseUrl, timeZone }));

  router.use(requireOpsSession(sessions));
  router.use(requireCsrfToken(deps.publicBaseUrl, timeZone));
  router.use(signOutRoute(sessions));
  // Anything but reading needs a supervisor or an admin; viewers get a 403 page.
  const changes = requireRole('supervisor', timeZone);
  router.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : changes(req, res, next)));

  router.get('/', (_req, res) => res.redirect(303, '/console/dashboard'));
  router.use(dashboardPage(services));
  router.use(callsPage(services));
  router.use(ticketsPage(services));
  router.use(riskOutboxPage(services));
  router.use(noticesPage(services));
  router.use(agentsPage(services));
  router.use(openingHoursPage(services));
  router.use(flowPage(services));
  router.use('/audit', requireRole('supervisor', timeZone), auditPage(services));
  router.use((req, res) => sendErrorPage(req, res, timeZone, 404, 'notFound'));
  router.use(consoleErrors(timeZone));
  return router;
}

function consoleErrors(timeZone: string): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof ConsoleInputError) return sendErrorPage(req, res, timeZone, 400, 'invalid', err.message);
    if (err instanceof ConsoleNotFoundError) return sendErrorPage(req, res, timeZone, 404, 'notFound');
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 404) return sendErrorPage(req, res, timeZone, 404, 'notFound');
    if (status < 500) {
      req.log?.warn({ status, route: req.path, reason: safeError(err).message }, 'console: bad request');
      return sendErrorPage(req, res, timeZone, status, 'invalid', 'Bad Request');
    }
    req.log?.error({ err: safeError(err), route: req.path }, 'console request failed');
    sendErrorPage(req, res, timeZone, 500, 'server');
  };
}
