import express, { type ErrorRequestHandler } from 'express';
import type { AgentSteps } from '../agents/agent-steps.use-case';
import type { CallSteps } from '../calls/call-steps.use-case';
import type { OutageSteps } from '../calls/outage-steps.use-case';
import type { Logger } from '../logging/logger';
import { safeError } from '../logging/safe-error';
import type { CallLog } from '../ops/call-log.port';
import type { RiskOutboxStore } from '../risk/risk-outbox.port';
import type { HotlineMetrics } from '../observability/hotline-metrics';
import { requireTwilioSignature } from '../telephony/twilio-signature.middleware';
import { healthRoutes, type HealthDeps } from './health.routes';
import { opsApiRoutes } from './ops-api.routes';
import { requestLogger } from './request-logger';
import { voiceRoutes } from '../telephony/voice.routes';
import { TWILIO_MOUNT } from '../telephony/webhook-urls';
import type { EmergencyLine } from '../outage/emergency-line';
import type { DatabaseHealth } from '../outage/database-health';

export interface AppDeps {
  logger: Logger;
  /** Express `trust proxy` (TRUST_PROXY): false unless the hotline runs behind a proxy that sets X-Forwarded-For. */
  trustProxy?: string | number | false;
  publicBaseUrl: string;
  /** Music in the hold loops (Twilio fetches it). */
  holdMusicUrl: string;
  twilioAuthToken: string;
  opsApiToken: string;
  steps: CallSteps;
  agentSteps: AgentSteps;
  outageSteps: OutageSteps;
  emergency: EmergencyLine;
  databaseHealth: DatabaseHealth;
  replaySpool: () => Promise<void>;
  spoolWaiting: () => boolean;
  callLog: CallLog;
  riskOutbox: RiskOutboxStore;
  health: HealthDeps;
  /** How long a webhook may wait on the database before the caller hears an apology instead. */
  webhookTimeBudgetMs: number;
  clock: () => Date;
  timeZone: string;
  metrics: HotlineMetrics;
  /** The ops web console (mounted at `/console`), when the composition root provides one. */
  opsConsole?: express.Router;
}

/** No Twilio request comes near this; anything bigger is refused before it is parsed. */
const MAX_BODY = '100kb';

/** The hotline's HTTP app. It never listens: the composition root (or a test) does. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestLogger(deps.logger));
  app.use(healthRoutes(deps.health));
  // Prometheus scrapes this; it holds counts and timings only, no caller data.
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.use(
    TWILIO_MOUNT,
    express.urlencoded({ extended: false, limit: MAX_BODY, parameterLimit: 1000 }),
    requireTwilioSignature(deps.twilioAuthToken, deps.publicBaseUrl),
    voiceRoutes({
      steps: deps.steps,
      agentSteps: deps.agentSteps,
      outageSteps: deps.outageSteps,
      emergency: deps.emergency,
      health: deps.databaseHealth,
      replaySpool: deps.replaySpool,
      spoolWaiting: deps.spoolWaiting,
      timeBudgetMs: deps.webhookTimeBudgetMs,
      publicBaseUrl: deps.publicBaseUrl,
      holdMusicUrl: deps.holdMusicUrl,
      metrics: deps.metrics,
    }),
  );
  app.use('/api', opsApiRoutes(deps.callLog, deps.opsApiToken, { now: deps.clock, timeZone: deps.timeZone }, deps.riskOutbox));
  if (deps.opsConsole) app.use('/console', deps.opsConsole);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(errorHandler);
  return app;
}

/** The one error middleware: a clear status for bad requests, never a stack trace or HTML page. */
const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
  if (status >= 500) req.log?.error({ err: safeError(err), route: req.path }, 'request failed');
  else req.log?.warn({ status, route: req.path, reason: safeError(err).message }, 'bad request');
  if (res.headersSent) return;
  res
    .status(status)
    .type('text/plain')
    .send(status === 413 ? 'Payload Too Large' : status < 500 ? 'Bad Request' : 'Internal Server Error');
};
