import { createPrismaClient, type HotlinePrisma } from '../../src/persistence/prisma-client';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_PUBLIC_BASE_URL } from '../support/test-hotline';
import { verb, type TwimlAnswer } from '../support/twilio-test-client';
import { FaultCall, logLines } from './support/fault-call';
import { killRemainingHotlineProcesses, startHotlineProcess } from './support/hotline-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('when every hotline instance restarts mid-call (instances as separate processes on one PostgreSQL)', () => {
  let db: TestDatabase;
  let prisma: HotlinePrisma;

  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    prisma = createPrismaClient(db.target);
  }, 60_000);

  afterAll(async () => {
    await killRemainingHotlineProcesses();
    await prisma?.$disconnect();
    await db?.drop();
  });

  test('when both instances get SIGTERM while one answers a step and new instances take over, then that step finishes, both exit cleanly and the call goes on to its end with a complete call log', async () => {
    const [a, b] = await Promise.all([startHotlineProcess('a', db.url), startHotlineProcess('b', db.url)]);
    const call = new FaultCall('+8613912345678');
    await call.start(a);
    await call.press(b, '2');
    await call.press(a, '2');
    expect(call.said()).toContain('order number');
    await call.press(b, '20240611000123#');
    expect(call.gatherAction).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/step/3`);

    // The amount is on its way to a when the deploy sends SIGTERM to every instance.
    let inFlight: TwimlAnswer | null = null;
    const sent = call.press(a, '100*50#').then(
      (answer) => (inFlight = answer),
      () => null,
    );
    await sleep(2);
    const [exitA, exitB] = await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
    await sent;
    // Draining: each instance finished what it had and exited on its own.
    expect(exitA).toEqual({ code: 0, signal: null });
    expect(exitB).toEqual({ code: 0, signal: null });

    const [c, d] = await Promise.all([startHotlineProcess('c', db.url), startHotlineProcess('d', db.url)]);
    // The step finished before a exited; if the connection closed before a read it, Twilio's retry takes it to c.
    const amountAnswer = inFlight ?? (await call.redeliver(c));
    expect(amountAnswer.status).toBe(200);
    expect(call.gatherAction).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/step/4`);
    expect(call.said()).toContain('To wait for an agent, press 1');

    await call.press(d, '1');
    expect(verb(call.last, 'Enqueue')?.textContent).toBe('recharge');
    expect((await call.hold(c, 2, 15)).status).toBe(200);
    await call.queueResult(d, 'bridged', 40);
    expect(call.said()).toContain('Please rate our service from 1 to 5');
    await call.press(c, '4');
    expect(verb(call.last, 'Hangup')).not.toBeNull();
    expect((await call.ended(d)).status).toBe(200);

    const stored = await prisma.call.findUniqueOrThrow({ where: { callSid: call.callSid }, include: { events: { orderBy: { step: 'asc' } } } });
    expect(stored.events.map((e) => e.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(logLines(stored.events)).toEqual([
      'started',
      'pressed 2',
      'pressed 2',
      'pressed 20240611000123#',
      'pressed 100*50#',
      'pressed 1',
      'queue.ended bridged',
      'pressed 4',
      'ended completed',
    ]);
    expect(stored).toMatchObject({ state: 'ended', twilioStatus: 'completed', branch: 'recharge', outcome: 'answered', queueName: 'recharge', csatScore: 4 });
    await Promise.all([c.stop('SIGTERM'), d.stop('SIGTERM')]);
  }, 90_000);
});
