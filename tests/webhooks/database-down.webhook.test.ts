import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../src/config/config';
import { composeHotline, type Hotline } from '../../src/composition-root';
import { createLogger } from '../../src/logging/logger';
import { TEST_AUTH_TOKEN, TEST_PUBLIC_BASE_URL } from '../support/test-hotline';
import { TwilioTestClient, callParams, newCallSid, verb } from '../support/twilio-test-client';

/** A "database" that accepts connections and never answers: the worst kind of outage. */
async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port where nothing listens: connections are refused at once. */
async function refusedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function hotlineOn(databaseUrl: string): Promise<{ hotline: Hotline; twilio: TwilioTestClient; logs: string[]; close(): Promise<void> }> {
  const config = loadConfig({ PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN, DATABASE_URL: databaseUrl });
  const logs: string[] = [];
  const hotline = composeHotline(config, createLogger('info', { write: (l: string) => void logs.push(l) }));
  const server: Server = await new Promise((resolve) => {
    const s = hotline.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    hotline,
    logs,
    twilio: new TwilioTestClient(url, TEST_PUBLIC_BASE_URL, TEST_AUTH_TOKEN),
    close: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await hotline.close().catch(() => undefined);
    },
  };
}

describe('when the database cannot be reached', () => {
  test.each([
    ['refuses connections', async () => ({ url: `postgresql://postgres@127.0.0.1:${await refusedPort()}/hotline`, close: async () => undefined })],
    ['accepts connections but never answers', async () => {
      const hole = await blackHole();
      return { url: `postgresql://postgres@127.0.0.1:${hole.port}/hotline`, close: hole.close };
    }],
  ])('when it %s, then a new caller hears an apology and reaches the general queue within 2 s, and the hold loop needs no database', async (_label, makeDatabase) => {
    const database = await makeDatabase();
    const h = await hotlineOn(database.url);
    try {
      const started = Date.now();
      const answer = await h.twilio.post('/twilio/voice', callParams(newCallSid()));
      const elapsed = Date.now() - started;
      expect(answer.status).toBe(200);
      expect(elapsed).toBeLessThan(2000);
      const enqueue = verb(answer, 'Enqueue');
      expect(enqueue?.textContent).toBe('general');
      expect(answer.body).toContain('系统暂时出现问题');

      const hold = await h.twilio.post(enqueue!.getAttribute('waitUrl')!, callParams(newCallSid(), '+8613800138000', { QueuePosition: '2', QueueTime: '30' }));
      expect(hold.status).toBe(200);
      expect(hold.body).toContain('您前面还有1位来电者');
      expect(verb(hold, 'Play')).not.toBeNull();
      expect(verb(hold, 'Enqueue')).toBeNull();

      // A caller mid-menu when the database went away gets the same apology instead of silence.
      const midMenu = await h.twilio.post('/twilio/step/4', callParams(newCallSid(), '+8613800138000', { Digits: '1' }));
      expect(verb(midMenu, 'Enqueue')?.textContent).toBe('general');

      const ready = await fetch(`${h.twilio.listenUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, database: 'down' });
      expect(h.logs.some((l) => l.includes('answered with an apology'))).toBe(true);
    } finally {
      await h.close();
      await database.close();
    }
  });
});
