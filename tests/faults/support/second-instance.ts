import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../../src/config/config';
import { composeHotline, type Hotline, type HotlineOptions } from '../../../src/composition-root';
import { createLogger } from '../../../src/logging/logger';
import { keepConnectionsLikeProduction } from '../../../src/http/keep-alive';
import { TEST_AUTH_TOKEN, TEST_OPS_TOKEN, TEST_PUBLIC_BASE_URL, type TestHotline } from '../../support/test-hotline';
import { TwilioTestClient } from '../../support/twilio-test-client';

export interface ExtraInstance {
  hotline: Hotline;
  twilio: TwilioTestClient;
  close(): Promise<void>;
}

/**
 * Another hotline instance on the same database as `t`, in this process, on its own port and database
 * connections: what a load balancer's second backend would be.
 */
export async function anotherInstanceOf(t: TestHotline, options: HotlineOptions = {}): Promise<ExtraInstance> {
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-spool-'));
  const config = loadConfig({
    OUTAGE_SPOOL_DIR: spoolDir,
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL,
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    OPS_API_TOKEN: TEST_OPS_TOKEN,
    DATABASE_URL: t.db.url,
    BUSINESS_HOURS: 'always',
  });
  const hotline = composeHotline(config, createLogger('silent'), { conditionsTtlMs: 0, holdInfoTtlMs: 0, ...options });
  hotline.outageReplayer.start();
  const server: Server = await new Promise((resolve) => {
    const s = hotline.app.listen(0, '127.0.0.1', () => resolve(s));
    keepConnectionsLikeProduction(s);
  });
  return {
    hotline,
    twilio: new TwilioTestClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, TEST_PUBLIC_BASE_URL, TEST_AUTH_TOKEN),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await hotline.close();
      fs.rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}
