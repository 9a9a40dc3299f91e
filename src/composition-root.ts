import { randomInt } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { HotlineConfig } from './config/config';
import { CallSteps } from './calls/call-steps.use-case';
import { CallStepEngine } from './calls/call-step-engine';
import { OutageSteps } from './calls/outage-steps.use-case';
import { HotlineConditionsCache } from './calls/hotline-conditions.cache';
import { createApp } from './http/app';
import type { Logger } from './logging/logger';
import { AgentSteps } from './agents/agent-steps.use-case';
import { PrismaAgentDirectory } from './persistence/prisma-agent-directory';
import { PrismaAgentFloor } from './persistence/prisma-agent-floor';
import { PrismaCallLog } from './persistence/prisma-call-log';
import { PrismaCallStore } from './persistence/prisma-call-store';
import { createPrismaClient, type HotlinePrisma } from './persistence/prisma-client';
import { withinTimeBudget } from './http/time-budget';
import { PrismaRiskOutbox } from './persistence/prisma-risk-outbox';
import { HotlineMetrics } from './observability/hotline-metrics';
import { RiskDeliveryWorker, type RiskDeliveryOptions } from './risk/risk-delivery.worker';
import type { RiskOutboxStore } from './risk/risk-outbox.port';
import { safeError } from './logging/safe-error';
import { opsConsole } from './console/ops-console';
import { OutageSpool } from './outage/outage-spool';
import { OUTAGE_REFERENCE_FLOOR, OutageReferences } from './outage/outage-references';
import { DatabaseHealth } from './outage/database-health';
import { EmergencyLine } from './outage/emergency-line';
import { OutageReplayer } from './outage/outage-replayer';
import { PrismaReferenceBlocks } from './persistence/prisma-reference-blocks';

export interface HotlineOptions {
  /** How long a webhook may wait on the database (default 1500 ms, so Twilio hears back within 2 s). */
  webhookTimeBudgetMs?: number;
  /** How stale ops' outage notices, calendar and closure switch may be on this instance (default 1 s). */
  conditionsTtlMs?: number;
  /** How stale a queue's wait history and staffing may be in the hold loop (default 2 s). */
  holdInfoTtlMs?: number;
  clock?: () => Date;
  /** Overrides for the risk delivery worker (tests use short backoffs). */
  riskDelivery?: Partial<Omit<RiskDeliveryOptions, 'url' | 'secret'>>;
}

export interface Hotline {
  app: ReturnType<typeof createApp>;
  prisma: HotlinePrisma;
  conditions: HotlineConditionsCache;
  riskOutbox: RiskOutboxStore;
  /** Null when RISK_WEBHOOK_URL is not set (freeze requests then wait in the outbox). */
  riskDelivery: RiskDeliveryWorker | null;
  /** What arrived while the database did not answer (ADR 008). */
  outageSpool: OutageSpool;
  /** Replays what the outage spool kept once the database answers; `start()` runs it every second. */
  outageReplayer: OutageReplayer;
  /** Stop taking webhooks (readiness goes red) before the process shuts down. */
  drain(): void;
  close(): Promise<void>;
}

/** Wires config → logger → database → stores → use cases → app. The only place that knows every piece. */
export function composeHotline(config: HotlineConfig, logger: Logger, options: HotlineOptions = {}): Hotline {
  const budget = options.webhookTimeBudgetMs ?? 1500;
  const prisma = createPrismaClient(config.database, {
    connectionTimeoutMillis: budget,
    max: 10,
    onIdleError: (err) => logger.warn({ err: safeError(err) }, 'a pooled database connection closed'),
  });
  const store = new PrismaCallStore(prisma, config.database.kind);
  const conditions = new HotlineConditionsCache(store, options.conditionsTtlMs ?? 1000);
  const floor = new PrismaAgentFloor(prisma);
  const riskOutbox = new PrismaRiskOutbox(prisma);
  const riskDelivery = config.riskWebhook
    ? new RiskDeliveryWorker(riskOutbox, logger, { ...config.riskWebhook, ...options.riskDelivery, ...(options.clock ? { clock: options.clock } : {}) })
    : null;
  const spool = new OutageSpool(config.outageSpoolDir);
  const references = new OutageReferences(
    path.join(config.outageSpoolDir, 'reference-block.json'),
    new PrismaReferenceBlocks(prisma),
    `${os.hostname()}:${process.pid}`,
  );
  const databaseHealth = new DatabaseHealth();
  const metrics = new HotlineMetrics(
    () => riskOutbox.backlog(),
    () => spool.hasRecords(),
  );
  const engine = new CallStepEngine({
    store,
    metrics,
    floor,
    logger,
    conditions,
    config,
    clock: options.clock ?? (() => new Date()),
    // References from 9 upwards are the outage line's (ADR 008).
    newReference: () => String(randomInt(10_000_000, OUTAGE_REFERENCE_FLOOR)),
    onFreezeRequested: () => riskDelivery?.kick(),
    ...(options.holdInfoTtlMs !== undefined ? { holdInfoTtlMs: options.holdInfoTtlMs } : {}),
  });
  const steps = new CallSteps(engine);
  const outageSteps = new OutageSteps(engine, steps);
  const agentSteps = new AgentSteps({
    store,
    directory: new PrismaAgentDirectory(prisma),
    floor,
    clock: options.clock ?? (() => new Date()),
    logger,
  });
  const emergency = new EmergencyLine({
    spool,
    references,
    steps,
    maxWaitSeconds: config.queueMaxWaitSeconds,
    logger,
    metrics,
    clock: options.clock ?? (() => new Date()),
  });
  const outageReplayer = new OutageReplayer({
    spool,
    references,
    steps: outageSteps,
    health: databaseHealth,
    probe: () => withinTimeBudget(prisma.$queryRaw`SELECT 1`, 500).then(() => true),
    logger,
  });
  let accepting = true;
  const callLog = new PrismaCallLog(prisma);
  const opsConsoleRouter = opsConsole({
    prisma,
    callLog,
    agents: new PrismaAgentDirectory(prisma),
    riskOutbox,
    conditions,
    clock: options.clock ?? (() => new Date()),
    timeZone: config.timezone,
    businessHoursText: config.businessHoursText,
    publicBaseUrl: config.publicBaseUrl,
    session: { idleMs: config.consoleSession.idleMinutes * 60_000, absoluteMs: config.consoleSession.maxHours * 3_600_000 },
  });
  const app = createApp({
    logger,
    trustProxy: config.trustProxy,
    publicBaseUrl: config.publicBaseUrl,
    holdMusicUrl: config.holdMusicUrl,
    twilioAuthToken: config.twilioAuthToken,
    opsApiToken: config.opsApiToken,
    steps,
    agentSteps,
    outageSteps,
    emergency,
    databaseHealth,
    replaySpool: () => outageReplayer.flush(),
    spoolWaiting: () => spool.hasRecords(),
    callLog,
    riskOutbox,
    webhookTimeBudgetMs: budget,
    clock: options.clock ?? (() => new Date()),
    timeZone: config.timezone,
    metrics,
    opsConsole: opsConsoleRouter,
    health: {
      isAccepting: () => accepting,
      databaseUp: () => withinTimeBudget(prisma.$queryRaw`SELECT 1`, 500).then(() => true),
    },
  });
  return {
    app,
    prisma,
    conditions,
    riskOutbox,
    riskDelivery,
    outageSpool: spool,
    outageReplayer,
    drain: () => {
      accepting = false;
    },
    close: async () => {
      await outageReplayer.stop();
      await riskDelivery?.stop();
      await prisma.$disconnect();
    },
  };
}
