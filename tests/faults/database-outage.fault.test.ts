import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../src/config/config';
import { composeHotline, type Hotline } from '../../src/composition-root';
import { createLogger } from '../../src/logging/logger';
import { createPrismaClient, type HotlinePrisma } from '../../src/persistence/prisma-client';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_AUTH_TOKEN, TEST_OPS_TOKEN, TEST_PUBLIC_BASE_URL } from '../support/test-hotline';
import { TwilioTestClient, verb } from '../support/twilio-test-client';
import { FaultCall, logLines } from './support/fault-call';
import { TcpProxy } from './support/tcp-proxy';

/** The real app whose only way to PostgreSQL is the proxy. */
async function hotlineBehind(proxy: TcpProxy, db: TestDatabase): Promise<{ hotline: Hotline; twilio: TwilioTestClient; close(): Promise<void> }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL,
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    OPS_API_TOKEN: TEST_OPS_TOKEN,
    DATABASE_URL: proxy.urlFor(db.url),
    BUSINESS_HOURS: 'always',
  });
  const hotline = composeHotline(config, createLogger('silent'));
  const server: Server = await new Promise((resolve) => {
    const s = hotline.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    hotline,
    twilio: new TwilioTestClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, TEST_PUBLIC_BASE_URL, TEST_AUTH_TOKEN),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await hotline.close().catch(() => undefined);
    },
  };
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

describe('when PostgreSQL goes away mid-call and comes back (a TCP proxy in front of it)', () => {
  let db: TestDatabase;
  let prisma: HotlinePrisma;

  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    prisma = createPrismaClient(db.target);
  }, 60_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const storedLog = async (callSid: string) => {
    const call = await prisma.call.findUniqueOrThrow({ where: { callSid }, include: { events: { orderBy: { step: 'asc' } } } });
    return { call, lines: logLines(call.events) };
  };

  test.each([
    ['refuses connections', (p: TcpProxy) => p.refuse()],
    ['drops every connection', async (p: TcpProxy) => p.drop()],
  ])(
    'when it %s while a caller is in the main menu, then their key gets valid TwiML to the general queue within 2 s, the hold loop needs no database, and once it is back the same call ends in the call log',
    async (_label, takeAway) => {
      const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(db.url).port || 5432));
      const h = await hotlineBehind(proxy, db);
      try {
        const call = new FaultCall('+8613912340001');
        await call.start(h);
        await call.press(h, '2');
        expect(call.gatherAction).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/step/1`);

        await takeAway(proxy);
        const { value: answer, ms } = await timed(call.press(h, '1'));
        expect(ms).toBeLessThan(2000);
        expect(answer.status).toBe(200);
        expect(answer.contentType).toContain('text/xml');
        expect(call.said()).toContain('Sorry, we are having a technical problem. Let me put you through to an agent.');
        expect(verb(answer, 'Enqueue')?.textContent).toBe('general');
        expect(verb(answer, 'Enqueue')?.getAttribute('waitUrl')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/emergency/hold`);

        const { value: hold, ms: holdMs } = await timed(call.hold(h, 3, 20));
        expect(holdMs).toBeLessThan(2000);
        expect(hold.status).toBe(200);
        expect(verb(hold, 'Play')).not.toBeNull();
        expect(verb(hold, 'Enqueue')).toBeNull();

        await proxy.pass();
        // An agent answers from the general queue; afterwards Twilio reports the bridge and the end of the call.
        const result = await call.queueResult(h, 'bridged', 95);
        expect(result.status).toBe(200);
        expect(verb(result, 'Hangup')).not.toBeNull();
        expect((await call.ended(h, 'completed', 180)).status).toBe(200);

        const { call: stored, lines } = await storedLog(call.callSid);
        // The key pressed during the outage moved nothing; the end of the call is logged once it is back.
        expect(lines).toEqual(['started', 'pressed 2', 'ended completed']);
        expect(stored).toMatchObject({ state: 'ended', twilioStatus: 'completed', durationSeconds: 180 });
      } finally {
        await h.close();
        await proxy.close();
      }
    },
    30_000,
  );

  test('when it drops every connection while a caller waits in a queue, then each hold poll still gets hold TwiML within 2 s, and once it is back the same call leaves the queue for a callback and gets its ticket', async () => {
    const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(db.url).port || 5432));
    const h = await hotlineBehind(proxy, db);
    try {
      const call = new FaultCall('+8613912340002');
      await call.start(h);
      await call.press(h, '2');
      await call.press(h, '0');
      expect(verb(call.last, 'Enqueue')?.getAttribute('waitUrl')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/queue/2/hold`);
      expect(verb(await call.hold(h, 2, 10), 'Gather')?.getAttribute('action')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/queue/2/keys`);

      proxy.drop();
      for (const seconds of [20, 30]) {
        const { value: hold, ms } = await timed(call.hold(h, 2, seconds));
        expect(ms).toBeLessThan(2000);
        expect(hold.status).toBe(200);
        expect(hold.body).toContain('Sorry, we are having a technical problem. Please stay on the line.');
        expect(verb(hold, 'Play')).not.toBeNull();
      }

      await proxy.pass();
      // Twilio keeps requesting the queue's own wait URL, so the next poll is served from the database again.
      const back = await call.hold(h, 1, 40);
      expect(verb(back, 'Gather')?.getAttribute('action')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/queue/2/keys`);
      expect(back.body).not.toContain('technical problem');
      expect(verb(await call.holdPress(h, '1', 42), 'Leave')).not.toBeNull();
      await call.queueResult(h, 'leave', 43);
      expect(call.said()).toContain('We will call you back at the number ending in 0 0 0 2');
      await call.press(h, '1');
      const ticket = await prisma.ticket.findFirstOrThrow({ where: { callSid: call.callSid } });
      expect(call.said()).toContain(ticket.reference.split('').join(', '));
      expect(verb(call.last, 'Hangup')).not.toBeNull();
      expect((await call.ended(h)).status).toBe(200);

      const { call: stored, lines } = await storedLog(call.callSid);
      expect(lines).toEqual(['started', 'pressed 2', 'pressed 0', 'pressed 1', 'queue.ended leave', 'pressed 1', 'ended completed']);
      expect(stored).toMatchObject({ state: 'ended', outcome: 'ticket', queueResult: 'leave', queueWaitSeconds: 43, ticketReference: ticket.reference });
    } finally {
      await h.close();
      await proxy.close();
    }
  }, 30_000);
});
