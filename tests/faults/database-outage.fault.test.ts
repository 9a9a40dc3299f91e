import fs from 'node:fs';
import { seedDemoAgents } from '../../src/agents/demo-agents';
import { PrismaAgentDirectory } from '../../src/persistence/prisma-agent-directory';
import { createPrismaClient, type HotlinePrisma } from '../../src/persistence/prisma-client';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { startInstanceOn, TEST_OPS_TOKEN, TEST_PUBLIC_BASE_URL, type RunningTestInstance } from '../support/test-hotline';
import { callParams, verb, type TwimlAnswer } from '../support/twilio-test-client';
import { FaultCall, logLines } from './support/fault-call';
import { TcpProxy } from './support/tcp-proxy';

const MAX_WAIT = 300;

/** The real app whose only way to PostgreSQL is the proxy, with its own outage spool and its replayer running. */
async function hotlineBehind(proxy: TcpProxy, db: TestDatabase): Promise<RunningTestInstance & { spoolDir: string }> {
  const instance = await startInstanceOn(proxy.urlFor(db.url), { env: { QUEUE_MAX_WAIT_SECONDS: String(MAX_WAIT), LOG_LEVEL: 'silent' } });
  return { ...instance, spoolDir: instance.config.outageSpoolDir };
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

/** The reference read to the caller in Mandarin ("工单号是：9、0、…"). */
function referenceHeard(answer: TwimlAnswer): string | null {
  const m = /工单号是：([0-9、]+)。/.exec(answer.body);
  return m ? m[1]!.replace(/、/g, '') : null;
}

async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('when PostgreSQL goes away with callers in menus and queues and comes back (a TCP proxy in front of it)', () => {
  let db: TestDatabase;
  let prisma: HotlinePrisma;

  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    prisma = createPrismaClient(db.target);
    await seedDemoAgents(new PrismaAgentDirectory(prisma));
  }, 60_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const stored = async (callSid: string) => {
    const call = await prisma.call.findUniqueOrThrow({ where: { callSid }, include: { events: { orderBy: { step: 'asc' } } } });
    return { call, lines: logLines(call.events), tickets: await prisma.ticket.findMany({ where: { callSid } }) };
  };

  test.each([
    ['refuses connections', (p: TcpProxy) => p.refuse()],
    ['drops every connection', async (p: TcpProxy) => p.drop()],
  ])(
    'when it %s while a caller is in the main menu, then their key gets the general queue within 2 s and a degraded hold loop, and once it is back the key is in the call log and the call is marked degraded',
    async (_label, takeAway) => {
      const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(db.url).port || 5432));
      const h = await hotlineBehind(proxy, db);
      try {
        const call = new FaultCall('+8613912340001');
        await call.start(h);
        await call.press(h, '2');
        expect(call.gatherAction).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/step/1`);

        await takeAway(proxy);
        const { value: answer, ms } = await timed(call.press(h, '3'));
        expect(ms).toBeLessThan(2000);
        expect(answer.status).toBe(200);
        expect(answer.contentType).toContain('text/xml');
        expect(call.said()).toContain('Sorry, we are having a technical problem. Let me put you through to an agent.');
        expect(verb(answer, 'Enqueue')?.textContent).toBe('general');
        expect(verb(answer, 'Enqueue')?.getAttribute('waitUrl')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/emergency/hold`);

        const { value: hold, ms: holdMs } = await timed(call.hold(h, 3, 20));
        expect(holdMs).toBeLessThan(2000);
        expect(hold.status).toBe(200);
        expect(hold.body).toContain('service is limited and waits may be longer than usual');
        expect(verb(hold, 'Gather')?.getAttribute('action')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/emergency/keys`);
        expect(verb(hold, 'Play')).not.toBeNull();

        await proxy.pass();
        // An agent answers from the general queue; afterwards Twilio reports the bridge and the end of the call.
        const result = await call.queueResult(h, 'bridged', 95);
        expect(result.status).toBe(200);
        expect((await call.ended(h, 'completed', 180)).status).toBe(200);

        const { call: row, lines } = await stored(call.callSid);
        // The key pressed during the outage is in the log (the outage branch), then the queue it waited in.
        expect(lines.slice(0, 4)).toEqual(['started', 'pressed 2', 'pressed 3', 'queue.reattached']);
        expect(lines).toContain('queue.ended bridged');
        expect(row).toMatchObject({
          state: 'ended',
          twilioStatus: 'completed',
          durationSeconds: 180,
          degraded: true,
          branch: 'outage',
          outcome: 'answered',
          queueName: 'general',
        });
      } finally {
        await h.close();
        await proxy.close();
      }
    },
    30_000,
  );

  test('when it stops with callers in menus and queues and comes back, then each caller ends in a bridge or a ticket, none lost: the spooled keys and statuses are applied, queued callers are re-attached and moved to the right queue, agents see them, and references read during the outage are kept', async () => {
    const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(db.url).port || 5432));
    const h = await hotlineBehind(proxy, db);
    try {
      // The instance claims a block of outage references while the database answers.
      await until(async () => h.hotline.outageReplayer !== null && (await prisma.referenceBlock.count()) > 0, 'a reference block');

      // Before: A in the main menu (English); B and F waiting in the general queue (F with a withheld number).
      const a = new FaultCall('+8613912340011');
      await a.start(h);
      await a.press(h, '2');
      const b = new FaultCall('+8613912340012');
      await b.start(h);
      await b.press(h, '2');
      await b.press(h, '0');
      await b.hold(h, 1, 10);
      const f = new FaultCall('anonymous');
      await f.start(h);
      await f.press(h, '2');
      await f.press(h, '0');
      await f.hold(h, 2, 10);

      proxy.drop();

      // A chooses freeze: the step cannot be taken, A waits in the general queue of the emergency line.
      const aMenu = await timed(a.press(h, '1'));
      expect(aMenu.ms).toBeLessThan(2000);
      expect(verb(a.last, 'Enqueue')?.getAttribute('waitUrl')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/emergency/hold`);
      expect((await a.hold(h, 3, 5)).body).toContain('服务受到影响');

      // B, in a queue with the database's URLs, hears the degraded hold, presses 1 and is booked a callback.
      const bHold = await timed(b.hold(h, 1, 40));
      expect(bHold.ms).toBeLessThan(2000);
      expect(bHold.value.body).toContain('To request a callback, press 1');
      expect(verb(await b.holdPress(h, '1', 45), 'Leave')).not.toBeNull();
      const bBooked = await b.queueResult(h, 'leave', 46);
      expect(bBooked.body).toContain('尾号为0、0、1、2的号码');
      const bReference = referenceHeard(bBooked);
      expect(bReference).toMatch(/^9\d{7}$/);
      await b.ended(h, 'completed', 70);

      // C calls in during the outage and waits; D calls in and waits past the longest wait.
      const c = new FaultCall('+8613912340013');
      const cStart = await timed(c.start(h));
      expect(cStart.ms).toBeLessThan(2000);
      expect(verb(c.last, 'Enqueue')?.textContent).toBe('general');
      await c.hold(h, 2, 5);
      const d = new FaultCall('+8613912340014');
      await d.start(h);
      expect(verb(await d.hold(h, 3, MAX_WAIT + 1), 'Leave')).not.toBeNull();
      const dBooked = await d.queueResult(h, 'leave', MAX_WAIT + 2);
      expect(dBooked.body).toContain('We are sorry you have waited so long.');
      const dReference = referenceHeard(dBooked);
      expect(dReference).toMatch(/^9\d{7}$/);
      await d.ended(h, 'completed', MAX_WAIT + 20);

      // F (withheld number) presses 1 and types a number to be called back on.
      await f.hold(h, 2, 40);
      expect(verb(await f.holdPress(h, '1', 41), 'Leave')).not.toBeNull();
      const fAsk = await f.queueResult(h, 'leave', 42);
      expect(fAsk.body).toContain('请输入回电号码');
      const fBooked = await f.press(h, '13700000000#');
      const fReference = referenceHeard(fBooked);
      expect(fReference).toMatch(/^9\d{7}$/);
      await f.ended(h, 'completed', 80);
      expect(new Set([bReference, dReference, fReference]).size).toBe(3);

      await proxy.pass();

      // A's next hold poll re-attaches A: a freeze caller belongs in the freeze queue, so out and in again.
      const aBack = await a.hold(h, 3, 30);
      expect(verb(aBack, 'Leave')).not.toBeNull();
      const aRequeued = await a.queueResult(h, 'leave', 31);
      expect(verb(aRequeued, 'Enqueue')?.textContent).toBe('freeze');
      expect(verb(aRequeued, 'Enqueue')?.getAttribute('waitUrl')).toMatch(/\/twilio\/queue\/\d+\/hold$/);
      // C's next poll: C stays in the general queue and hears the normal hold loop.
      const cBack = await c.hold(h, 1, 40);
      expect(verb(cBack, 'Gather')?.getAttribute('action')).toMatch(/\/twilio\/queue\/\d+\/keys$/);
      expect(cBack.body).not.toContain('服务受到影响');
      await h.hotline.outageReplayer.flush();

      // Agents see both: 1001 (freeze, recharge, general) takes A first, 1002 (complaints, recharge, general) takes C.
      for (const [caller, agentId, pin, whisper] of [
        [a, '1001', '4321', '冻结账户'],
        [c, '1002', '4322', 'Caller from the general queue'],
      ] as const) {
        const agent = new FaultCall(`+86139000${agentId}`);
        await agent.start(h, '/twilio/agent');
        await agent.press(h, `${agentId}#`);
        await agent.press(h, `${pin}#`);
        expect(agent.said()).toContain(whisper);
        const dial = await agent.press(h, '1');
        const connectUrl = verb(dial, 'Queue')!.getAttribute('url')!;
        const announce = await h.twilio.post(connectUrl, callParams(caller.callSid, caller.from, { QueueTime: '60', DequeingCallSid: agent.callSid }));
        expect(announce.body.replace(/\D/g, '')).toContain(agentId);
        await agent.ended(h, 'completed', 60);
        const survey = await caller.queueResult(h, 'bridged', 60);
        expect(verb(survey, 'Gather')).not.toBeNull();
        await caller.press(h, '5');
        await caller.ended(h, 'completed', 200);
      }

      await h.hotline.outageReplayer.flush();
      const aRow = await stored(a.callSid);
      expect(aRow.lines.slice(0, 3)).toEqual(['started', 'pressed 2', 'pressed 1']);
      expect(aRow.lines).toContain('queue.reattached');
      expect(aRow.call).toMatchObject({
        state: 'ended',
        outcome: 'answered',
        agentId: '1001',
        queueName: 'freeze',
        branch: 'freeze',
        degraded: true,
        csatScore: 5,
      });

      const bRow = await stored(b.callSid);
      expect(bRow.tickets).toEqual([
        expect.objectContaining({ reference: bReference, callbackNumber: '+8613912340012', origin: 'leftQueue', category: 'general' }),
      ]);
      expect(bRow.call).toMatchObject({
        state: 'ended',
        outcome: 'ticket',
        ticketReference: bReference,
        degraded: true,
        twilioStatus: 'completed',
        durationSeconds: 70,
        queueResult: 'leave',
      });
      expect(bRow.lines).toEqual(['started', 'pressed 2', 'pressed 0', 'pressed 1', 'queue.ended leave', 'callback.recorded', 'ended completed']);

      const cRow = await stored(c.callSid);
      expect(cRow.call).toMatchObject({ state: 'ended', outcome: 'answered', agentId: '1002', queueName: 'general', degraded: true });

      const dRow = await stored(d.callSid);
      expect(dRow.tickets).toEqual([expect.objectContaining({ reference: dReference, callbackNumber: '+8613912340014', origin: 'queueTimeout' })]);
      expect(dRow.call).toMatchObject({ state: 'ended', outcome: 'ticket', degraded: true, durationSeconds: MAX_WAIT + 20 });

      const fRow = await stored(f.callSid);
      expect(fRow.tickets).toEqual([expect.objectContaining({ reference: fReference, callbackNumber: '13700000000', origin: 'leftQueue' })]);
      expect(fRow.call).toMatchObject({ state: 'ended', outcome: 'ticket', degraded: true });

      // Ops see it in the call log: the API marks the call degraded.
      const api = await fetch(`${h.twilio.listenUrl}/api/calls/${a.callSid}`, { headers: { authorization: `Bearer ${TEST_OPS_TOKEN}` } });
      expect(await api.json()).toMatchObject({ callSid: a.callSid, degraded: true, outcome: 'answered' });

      // Nothing is left waiting in the spool.
      expect(fs.readdirSync(h.spoolDir).filter((n) => n.endsWith('.jsonl'))).toEqual([]);
    } finally {
      await h.close();
      await proxy.close();
    }
  }, 60_000);
});
