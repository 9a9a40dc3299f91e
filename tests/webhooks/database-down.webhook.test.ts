import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startInstanceOn, TEST_PUBLIC_BASE_URL, type RunningTestInstance } from '../support/test-hotline';
import { callParams, newCallSid, verb } from '../support/twilio-test-client';

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

async function hotlineOn(databaseUrl: string): Promise<RunningTestInstance & { spoolDir: string }> {
  const instance = await startInstanceOn(databaseUrl, { env: { QUEUE_MAX_WAIT_SECONDS: '300', LOG_LEVEL: 'info' } });
  return { ...instance, spoolDir: instance.config.outageSpoolDir };
}

describe('when the database cannot be reached', () => {
  test.each([
    ['refuses connections', async () => ({ url: `postgresql://postgres@127.0.0.1:${await refusedPort()}/hotline`, close: async () => undefined })],
    [
      'accepts connections but never answers',
      async () => {
        const hole = await blackHole();
        return { url: `postgresql://postgres@127.0.0.1:${hole.port}/hotline`, close: hole.close };
      },
    ],
  ])(
    'when it %s, then a new caller hears an apology and reaches the general queue within 2 s, hears that service is degraded with a callback offer, and what they did is kept in the spool',
    async (_label, makeDatabase) => {
      const database = await makeDatabase();
      const h = await hotlineOn(database.url);
      try {
        const callSid = newCallSid();
        const started = Date.now();
        const answer = await h.twilio.post('/twilio/voice', callParams(callSid));
        const elapsed = Date.now() - started;
        expect(answer.status).toBe(200);
        expect(elapsed).toBeLessThan(2000);
        const enqueue = verb(answer, 'Enqueue');
        expect(enqueue?.textContent).toBe('general');
        expect(answer.body).toContain('系统暂时出现问题');

        const holdParams = (extra: Record<string, string>) => callParams(callSid, '+8613800138000', extra);
        const hold = await h.twilio.post(enqueue!.getAttribute('waitUrl')!, holdParams({ QueuePosition: '2', QueueTime: '30' }));
        expect(hold.status).toBe(200);
        expect(hold.body).toContain('服务受到影响');
        expect(hold.body).toContain('您前面还有1位来电者');
        expect(hold.body).toContain('To request a callback, press 1');
        expect(verb(hold, 'Gather')?.getAttribute('action')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/emergency/keys`);
        expect(verb(hold, 'Play')).not.toBeNull();

        // Past the longest wait the caller is taken out of the queue, and the callback is booked without the database.
        const tooLong = await h.twilio.post(enqueue!.getAttribute('waitUrl')!, holdParams({ QueuePosition: '2', QueueTime: '301' }));
        expect(verb(tooLong, 'Leave')).not.toBeNull();
        const result = await h.twilio.post(enqueue!.getAttribute('action')!, holdParams({ QueueResult: 'leave', QueueTime: '302' }));
        expect(result.body).toContain('很抱歉让您久等了');
        expect(result.body).toContain('尾号为8、0、0、0的号码');
        // No block of outage references was ever claimed from this database: the reference will follow.
        expect(result.body).toContain('工单号将在回电时告知您');
        expect(verb(result, 'Hangup')).not.toBeNull();

        // A caller mid-menu when the database went away gets the same apology instead of silence.
        const midMenu = await h.twilio.post('/twilio/step/4', callParams(newCallSid(), '+8613800138000', { Digits: '1' }));
        expect(verb(midMenu, 'Enqueue')?.textContent).toBe('general');

        const spooled = fs
          .readFileSync(path.join(h.spoolDir, 'pending.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { kind: string; callSid: string; reason?: string; queued?: boolean });
        expect(spooled.filter((r) => r.callSid === callSid).map((r) => r.kind)).toEqual(['incomingCall', 'queueResult', 'callbackRequest']);
        expect(spooled.find((r) => r.kind === 'incomingCall')?.queued).toBe(true);
        expect(spooled.find((r) => r.kind === 'callbackRequest')?.reason).toBe('queueTimeout');
        expect(spooled.map((r) => r.kind)).toContain('keys');

        const ready = await fetch(`${h.twilio.listenUrl}/readyz`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toEqual({ ready: true, database: 'down' });
        expect(h.logs.some((l) => l.includes('answered by the emergency line'))).toBe(true);
      } finally {
        await h.close();
        await database.close();
      }
    },
  );
});
