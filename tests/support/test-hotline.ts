import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig, type HotlineConfig } from '../../src/config/config';
import { composeHotline, type Hotline, type HotlineOptions } from '../../src/composition-root';
import { createLogger } from '../../src/logging/logger';
import { keepConnectionsLikeProduction } from '../../src/http/keep-alive';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database';
import { TwilioTestClient } from './twilio-test-client';
import { VoiceSimulator } from '../../src/simulator/voice-simulator';

export const TEST_AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const TEST_OPS_TOKEN = 'test-ops-token-0123456789abcdef';
/** The URL Twilio "sees": deliberately not the address the server listens on, like behind a proxy. */
export const TEST_PUBLIC_BASE_URL = 'https://hotline.example.test';

export interface TestHotlineOptions extends HotlineOptions {
  env?: Record<string, string>;
}

/** One hotline instance of the real app on a database that exists: its own outage spool, listening on port 0. */
export interface RunningTestInstance {
  hotline: Hotline;
  config: HotlineConfig;
  url: string;
  twilio: TwilioTestClient;
  /** Every log line the app wrote, raw (none at LOG_LEVEL=silent). */
  logs: string[];
  close(): Promise<void>;
}

/** An instance on a fresh database of its own, dropped when it closes. */
export interface TestHotline extends RunningTestInstance {
  db: TestDatabase;
}

/** The real app on `databaseUrl`, as production composes it, with test tokens, its own spool and its replayer running. */
export async function startInstanceOn(databaseUrl: string, options: TestHotlineOptions = {}): Promise<RunningTestInstance> {
  // Each instance its own outage spool, as each has in production.
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-spool-'));
  const config = loadConfig({
    OUTAGE_SPOOL_DIR: spoolDir,
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL,
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    OPS_API_TOKEN: TEST_OPS_TOKEN,
    DATABASE_URL: databaseUrl,
    BUSINESS_HOURS: 'always',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logs.push(line) });
  const hotline = composeHotline(config, logger, { conditionsTtlMs: 0, holdInfoTtlMs: 0, ...options });
  hotline.outageReplayer.start();
  const server: Server = await new Promise((resolve) => {
    const s = hotline.app.listen(0, '127.0.0.1', () => resolve(s));
    keepConnectionsLikeProduction(s);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    hotline,
    config,
    url,
    twilio: new TwilioTestClient(url, TEST_PUBLIC_BASE_URL, TEST_AUTH_TOKEN),
    logs,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // A database that is gone (an outage test) may make closing fail; the instance is closed all the same.
      await hotline.close().catch(() => undefined);
      fs.rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

/** The real app on a fresh database of `kind`, listening on port 0, with its log lines captured. */
export async function startTestHotline(kind: DatabaseKind, options: TestHotlineOptions = {}): Promise<TestHotline> {
  const db = await createTestDatabase(kind);
  const instance = await startInstanceOn(db.url, options);
  return {
    ...instance,
    db,
    close: async () => {
      await instance.close();
      await db.drop();
    },
  };
}

/** A simulated Twilio with the phone number configured as the README says (voice, status and fallback URLs). */
export function simulatorFor(t: TestHotline): VoiceSimulator {
  return new VoiceSimulator({
    targetUrl: t.url,
    publicBaseUrl: TEST_PUBLIC_BASE_URL,
    authToken: TEST_AUTH_TOKEN,
    voicePath: '/twilio/voice',
    statusCallbackPath: '/twilio/status',
    fallbackPath: '/twilio/fallback',
    agentPath: '/twilio/agent',
    contentTypePolicy: 'xml-only',
  });
}
