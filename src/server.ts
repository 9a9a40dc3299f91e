import type { AddressInfo } from 'node:net';
import { loadConfig, loadDotEnv, type HotlineConfig } from './config/config';
import { composeHotline, type HotlineOptions } from './composition-root';
import { createLogger, type Logger } from './logging/logger';
import { migrateIfBehind } from './persistence/migrations';
import { keepConnectionsLikeProduction } from './http/keep-alive';
import { acquireSqliteServerLock } from './persistence/sqlite-server-lock';
import { tuneSqlite } from './persistence/sqlite-tuning';
import { seedDemoAgents } from './agents/demo-agents';
import { PrismaAgentDirectory } from './persistence/prisma-agent-directory';

export interface RunningHotline {
  /** Where the server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  publicBaseUrl: string;
  authToken: string;
  config: HotlineConfig;
  logger: Logger;
  /** Readiness goes red, in-flight webhooks finish, the database closes. */
  close(): Promise<void>;
}

export interface StartOptions extends HotlineOptions {
  port?: number;
  /** Defaults to `process.env` (after reading `.env` if there is one). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

/** Starts the hotline: validates config, applies pending migrations, listens. */
export async function startHotline(options: StartOptions = {}): Promise<RunningHotline> {
  if (!options.env) loadDotEnv();
  const config = loadConfig(options.env ?? process.env);
  const logger = options.logger ?? createLogger(config.logLevel);
  if (config.mode === 'local') {
    logger.warn(
      { database: config.database.kind === 'sqlite' ? config.database.file : 'postgresql', publicBaseUrl: config.publicBaseUrl },
      'LOCAL MODE: no TWILIO_AUTH_TOKEN set, so this hotline uses the embedded database and a local auth token that only the project\'s own tools (npm run call) know. Not for real calls; see README "Configuration".',
    );
  }
  const lock = config.database.kind === 'sqlite' ? acquireSqliteServerLock(config.database.file) : null;
  const hotline = composeHotline(config, logger, options);
  // Up to date already (the usual restart): no `migrate deploy`, so no wait on its server-wide advisory lock.
  await migrateIfBehind(config.database, hotline.prisma);
  if (config.database.kind === 'sqlite') await tuneSqlite(hotline.prisma);
  if (config.mode === 'local') {
    // The demo team (public PINs) exists only in local mode, and only on a database without agents.
    const directory = new PrismaAgentDirectory(hotline.prisma);
    if ((await directory.list()).length === 0) {
      const added = await seedDemoAgents(directory);
      logger.warn({ agents: added }, 'LOCAL MODE: added the demo agents (PINs in README "Agents")');
    }
  }
  // Replays what a database outage left in the spool, and keeps outage references ready (ADR 008).
  hotline.outageReplayer.start();
  if (hotline.riskDelivery) hotline.riskDelivery.start();
  else logger.warn('RISK_WEBHOOK_URL is not set: freeze requests wait in the risk outbox until it is');
  const port = options.port ?? config.port;
  const server = hotline.app.listen(port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  keepConnectionsLikeProduction(server);
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  logger.info({ port: address.port, database: config.database.kind, publicBaseUrl: config.publicBaseUrl }, 'hotline listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    publicBaseUrl: config.publicBaseUrl,
    authToken: config.twilioAuthToken,
    config,
    logger,
    close: () =>
      (closing ??= (async () => {
        hotline.drain();
        // In-flight webhooks finish; a keep-alive socket that goes idle afterwards is closed at once instead of
        // holding the process until its 65 s keep-alive timeout.
        const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        clearInterval(closeIdle);
        await hotline.close();
        lock?.release();
      })()),
  };
}
