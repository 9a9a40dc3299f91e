import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';

describe.each(DATABASE_KINDS)('a step that ran out of its time budget on %s', (kind) => {
  let t: TestHotline;
  beforeAll(async () => {
    t = await startTestHotline(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** What the emergency line kept when the step did not answer in time (voice.routes.ts, keysFailed). */
  function spoolAsTheEmergencyLineDid(call: TestCall, step: number, digits: string) {
    const spool = t.hotline.outageSpool;
    const parties = { callSid: call.callSid, from: call.from, to: '+861095000000' };
    spool.append({ ...parties, kind: 'keys', step, input: { kind: 'pressed', digits, finishedOnKey: '' }, queued: true });
  }

  test('when the step still landed after the caller was answered by the emergency line, then replaying its spooled keys logs them once, and the caller is re-attached to the queue they were put in', async () => {
    const call = new TestCall(t, '+8613800138123');
    await call.start();
    await call.press('2');
    spoolAsTheEmergencyLineDid(call, 0, '2');
    await t.hotline.outageReplayer.flush();
    const stored = await call.stored();
    expect(stored.events.map((e) => `${e.kind} ${e.digits ?? ''}`.trim())).toEqual(['started', 'pressed 2', 'queue.reattached']);
    expect(stored).toMatchObject({ state: 'live.inQueue.waiting', queueName: 'general', degraded: true, language: 'en-US' });
  });

  test('when other keys were taken at that step, then the spooled ones are logged as not applied and change nothing', async () => {
    const call = new TestCall(t, '+8613800138124');
    await call.start();
    await call.press('1');
    spoolAsTheEmergencyLineDid(call, 0, '2');
    await t.hotline.outageReplayer.flush();
    const stored = await call.stored();
    expect(stored.events.map((e) => [e.kind, e.digits, e.meaning])).toEqual([
      ['started', null, null],
      ['pressed', '1', 'zh-CN'],
      ['pressed', '2', 'not applied'],
      ['queue.reattached', null, null],
    ]);
    expect(stored.language).toBe('zh-CN');
  });
});
