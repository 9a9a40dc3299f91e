import { createPrismaClient, type HotlinePrisma } from '../../src/persistence/prisma-client';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_PUBLIC_BASE_URL } from '../support/test-hotline';
import { verb } from '../support/twilio-test-client';
import { FaultCall, logLines } from './support/fault-call';
import { killRemainingHotlineProcesses, startHotlineProcess } from './support/hotline-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('when a hotline instance is killed mid-call (instances as separate processes on one PostgreSQL)', () => {
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

  test("when an instance gets SIGKILL while it answers a step, then Twilio's retry on another instance gets the right TwiML, the call goes on across instances and its call log is complete", async () => {
    // Two instances behind an imaginary load balancer; each starts as `npm start` does (migrations first).
    const [a, b] = await Promise.all([startHotlineProcess('a', db.url), startHotlineProcess('b', db.url)]);
    const call = new FaultCall('+8613912340000');

    await call.start(a);
    expect(call.gatherAction).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/step/0`);
    await call.press(b, '2');
    expect(call.said()).toContain('If your phone was lost or stolen');
    await call.press(a, '1');
    expect(call.said()).toContain('enter the mobile number registered to your wallet');
    await call.press(b, '13912345678#');
    expect(call.said()).toContain('You entered 1, 3, 9, 1, 2, 3, 4, 5, 6, 7, 8');
    expect(call.gatherAction).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/step/3`);

    // The confirmation is on its way to a when a dies: it may or may not have committed the step.
    const inFlight = call.press(a, '1').then(
      () => 'answered before the kill',
      () => 'connection lost',
    );
    await sleep(2);
    const killed = await a.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    await inFlight;

    // Twilio retries the same signed request; the load balancer sends it to b.
    const retried = await call.redeliver(b);
    expect(retried.status).toBe(200);
    expect(verb(retried, 'Enqueue')?.textContent).toBe('freeze');
    expect(verb(retried, 'Enqueue')?.getAttribute('action')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/queue/4/result`);
    const ticket = await prisma.ticket.findFirstOrThrow({ where: { callSid: call.callSid } });
    expect(call.said()).toContain(`Your request reference is ${ticket.reference.split('').join(', ')}`);

    // The call goes on with the survivor.
    const hold = await call.hold(b, 1, 20);
    expect(hold.status).toBe(200);
    expect(verb(hold, 'Gather')?.getAttribute('action')).toBe(`${TEST_PUBLIC_BASE_URL}/twilio/queue/4/keys`);
    expect(verb(await call.holdPress(b, '1'), 'Leave')).not.toBeNull();
    await call.queueResult(b, 'leave', 25);
    expect(call.said()).toContain('We will call you back at the number ending in 0 0 0 0');
    await call.press(b, '1');
    expect(verb(call.last, 'Hangup')).not.toBeNull();
    expect((await call.ended(b)).status).toBe(200);

    const stored = await prisma.call.findUniqueOrThrow({ where: { callSid: call.callSid }, include: { events: { orderBy: { step: 'asc' } } } });
    expect(stored.events.map((e) => e.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(logLines(stored.events)).toEqual([
      'started',
      'pressed 2',
      'pressed 1',
      'pressed 13912345678#',
      'pressed 1',
      'pressed 1',
      'queue.ended leave',
      'pressed 1',
      'ended completed',
    ]);
    expect(stored).toMatchObject({ state: 'ended', twilioStatus: 'completed', ticketReference: ticket.reference, queueName: 'freeze', queueResult: 'leave' });
    expect(await prisma.ticket.count({ where: { callSid: call.callSid } })).toBe(1);
    expect(await prisma.riskOutbox.count({ where: { idempotencyKey: ticket.reference } })).toBe(1);
    await b.stop('SIGTERM');
  }, 90_000);
});
