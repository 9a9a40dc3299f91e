import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { callParams } from '../support/twilio-test-client';
import { FaultCall, logLines, type Instance } from './support/fault-call';
import { anotherInstanceOf, type ExtraInstance } from './support/second-instance';

type Scenario = 'confirmsCallback' | 'typesNumber' | 'hangsUpInQueue';
type Order = 'inputFirst' | 'statusFirst' | 'together';
type Placement = 'oneInstance' | 'twoInstances';

const SCENARIOS: Scenario[] = ['confirmsCallback', 'typesNumber', 'hangsUpInQueue'];
const ORDERS: Order[] = ['inputFirst', 'statusFirst', 'together'];
const PLACEMENTS: Placement[] = ['oneInstance', 'twoInstances'];
/** Each of the 18 combinations this many times: 216 races per database. */
const ROUNDS = 12;
const CONCURRENT_RACES = 6;

interface Race {
  scenario: Scenario;
  order: Order;
  placement: Placement;
}

/** What the call log must hold for the caller's last action, whichever order it was applied in. */
const LAST_ACTION: Record<Scenario, string> = {
  confirmsCallback: 'pressed 1',
  typesNumber: 'pressed 13800138000#',
  hangsUpInQueue: 'queue.ended hangup',
};

describe.each(DATABASE_KINDS)("when the final status and the caller's last input race on %s", (kind) => {
  let t: TestHotline;
  let other: ExtraInstance;

  beforeAll(async () => {
    // Order, not latency, is the question: a generous time budget keeps a busy machine's slow steps from being
    // answered by the emergency line (a test of its own: tests/webhooks/slow-steps.webhook.test.ts).
    t = await startTestHotline(kind, { webhookTimeBudgetMs: 10_000, env: { LOG_LEVEL: 'warn' } });
    other = await anotherInstanceOf(t, { webhookTimeBudgetMs: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  /** Walks a call up to its last action, then delivers that action and the `completed` status as the race says. */
  async function runRace(race: Race): Promise<{ call: FaultCall; replayInput: (via: Instance) => Promise<unknown> }> {
    const a: Instance = t;
    const b: Instance = race.placement === 'twoInstances' ? other : t;
    const call = new FaultCall();
    await call.start(a);
    let input: { url: string; params: Record<string, string> };
    if (race.scenario === 'confirmsCallback') {
      await call.press(a, '2'); // English
      await call.press(a, '2'); // recharge failure
      await call.press(a, '123456#'); // order number
      await call.press(a, '#'); // no amount
      await call.press(a, '2'); // a callback
      expect(call.said()).toContain('To confirm, press 1');
      input = { url: call.gatherAction, params: { Digits: '1', FinishedOnKey: '' } };
    } else if (race.scenario === 'typesNumber') {
      await call.press(a, '1'); // 普通话
      await call.press(a, '1'); // freeze
      input = { url: call.gatherAction, params: { Digits: '13800138000', FinishedOnKey: '#' } };
    } else {
      await call.press(a, '1');
      await call.press(a, '0');
      expect(call.enqueue?.textContent).toBe('general');
      await call.hold(a, 1, 30);
      input = { url: call.enqueue!.getAttribute('action')!, params: { QueueResult: 'hangup', QueueTime: '61', QueueSid: `QU${'1'.repeat(32)}` } };
    }
    const send = (via: Instance) => via.twilio.post(input.url, callParams(call.callSid, call.from, input.params));
    const lastAction = () => send(a);
    const status = () => call.ended(b, 'completed', 95);
    if (race.order === 'inputFirst') {
      await lastAction();
      await status();
    } else if (race.order === 'statusFirst') {
      await status();
      await lastAction();
    } else {
      await Promise.all([lastAction(), status()]);
    }
    return { call, replayInput: send };
  }

  const stored = async (callSid: string) => {
    const call = await t.hotline.prisma.call.findUniqueOrThrow({ where: { callSid }, include: { events: { orderBy: { step: 'asc' } } } });
    return { ...call, tickets: await t.hotline.prisma.ticket.findMany({ where: { callSid } }) };
  };

  test('when the input and the completed status arrive in either order or at once, on one instance or two, then the input is applied exactly once, its ticket written, and replays change nothing', async () => {
    const races: Race[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of SCENARIOS) for (const order of ORDERS) for (const placement of PLACEMENTS) races.push({ scenario, order, placement });
    }
    const problems: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENT_RACES }, async () => {
        while (next < races.length) {
          const race = races[next++]!;
          const { call, replayInput } = await runRace(race);
          const before = await stored(call.callSid);
          const label = `${race.scenario}/${race.order}/${race.placement} ${call.callSid}`;
          const lines = logLines(before.events);
          const problem = (text: string) => problems.push(`${label}: ${text} — log: ${lines.join(' | ')}`);
          if (lines.filter((l) => l === LAST_ACTION[race.scenario]).length !== 1) problem(`"${LAST_ACTION[race.scenario]}" is not in the log exactly once`);
          if (lines.filter((l) => l === 'ended completed').length !== 1) problem('the final status is not in the log exactly once');
          if (before.state !== 'ended' || before.twilioStatus !== 'completed' || before.durationSeconds !== 95) {
            problem(`ended as ${before.state}/${before.twilioStatus}/${before.durationSeconds}`);
          }
          if (race.scenario === 'confirmsCallback') {
            if (before.tickets.length !== 1 || before.tickets[0]!.category !== 'recharge' || before.tickets[0]!.orderNumber !== '123456') {
              problem(`tickets: ${JSON.stringify(before.tickets.map((x) => [x.category, x.orderNumber]))}`);
            }
            if (before.outcome !== 'ticket' || before.ticketReference !== before.tickets[0]?.reference)
              problem(`outcome ${before.outcome}, reference ${before.ticketReference}`);
          }
          if (race.scenario === 'typesNumber') {
            const typed = before.events.find((e) => e.digits === '13800138000#');
            if (typed?.purpose !== 'mobileNumber' || typed.meaning !== 'entered') problem(`the number was logged as ${typed?.purpose}/${typed?.meaning}`);
            if (before.tickets.length !== 0) problem('a ticket was opened for a number nobody confirmed');
          }
          if (race.scenario === 'hangsUpInQueue' && (before.outcome !== 'abandoned' || before.queueResult !== 'hangup' || before.queueWaitSeconds !== 61)) {
            problem(`queue record ${before.outcome}/${before.queueResult}/${before.queueWaitSeconds}`);
          }

          // Replays of the last input and of the status, and a stale first-menu choice, on both instances: nothing changes.
          const replays = [replayInput(t), replayInput(other), call.ended(other, 'completed', 95), call.ended(t, 'completed', 95)];
          await Promise.all(replays);
          const firstMenu = before.events.find((e) => e.step === 1);
          if (firstMenu) {
            await t.twilio.post('/twilio/step/0', { CallSid: call.callSid, From: call.from, Digits: '2', FinishedOnKey: '' });
          }
          const after = await stored(call.callSid);
          if (after.events.length !== before.events.length || after.tickets.length !== before.tickets.length || after.step !== before.step) {
            problem(`a replay changed the call: ${logLines(after.events).join(' | ')}`);
          }
        }
      }),
    );
    expect(problems).toEqual([]);
    expect(next).toBeGreaterThanOrEqual(ROUNDS * 18);
  }, 240_000);
});
