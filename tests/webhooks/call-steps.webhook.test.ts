import type { Element } from '@xmldom/xmldom';
import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';
import { verb } from '../support/twilio-test-client';

describe.each(DATABASE_KINDS)('call steps through the real app on %s', (kind) => {
  let t: TestHotline;
  beforeAll(async () => {
    t = await startTestHotline(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  test('when a call comes in, then the caller hears the greeting, the recording notice and the language menu in both languages', async () => {
    const call = new TestCall(t);
    const answer = await call.start();
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    expect(call.said()).toContain('您的按键将被记录');
    expect(call.said()).toContain('For English, press 2');
    const says = Array.from(answer.doc!.getElementsByTagName('Say'));
    expect(says.map((s: Element) => `${s.getAttribute('voice')}/${s.getAttribute('language')}`)).toEqual(
      expect.arrayContaining(['Polly.Zhiyu/cmn-CN', 'Polly.Joanna/en-US']),
    );
    expect(call.gatherAction).toBe('https://hotline.example.test/twilio/step/0');
  });

  test('when Twilio retries a step that was already taken, then nothing changes and the current step is answered again', async () => {
    const call = new TestCall(t);
    await call.start();
    const firstAction = call.gatherAction;
    const menu = await call.press('2');
    expect(call.said()).toContain('freeze your account');
    // The same delivery again (a Twilio retry or a replay).
    const replay = await t.twilio.post(firstAction, { CallSid: call.callSid, Digits: '1', FinishedOnKey: '' });
    expect(replay.body).toBe(menu.body);
    const stored = await call.stored();
    expect(stored.step).toBe(1);
    expect(stored.language).toBe('en-US');
    expect(stored.events.map((e) => e.kind)).toEqual(['started', 'pressed']);
  });

  test('when the same step arrives twice at once, then exactly one of them moves the call', async () => {
    const call = new TestCall(t);
    await call.start();
    const action = call.gatherAction;
    const params = { CallSid: call.callSid, Digits: '1', FinishedOnKey: '' };
    const answers = await Promise.all([t.twilio.post(action, params), t.twilio.post(action, params), t.twilio.post(action, params)]);
    expect(answers.every((a) => a.status === 200 && verb(a, 'Gather'))).toBe(true);
    const stored = await call.stored();
    expect(stored.step).toBe(1);
    expect(stored.events).toHaveLength(2);
  });

  test('when the caller presses nothing at the main menu three times, then they are put through to the general queue', async () => {
    const call = new TestCall(t);
    await call.start();
    await call.press('1');
    await call.silence();
    expect(call.said()).toContain('没有收到您的按键');
    await call.press('7');
    expect(call.said()).toContain('您的选择无效');
    const last = await call.silence();
    expect(verb(last, 'Enqueue')?.textContent).toBe('general');
    const stored = await call.stored();
    expect(stored.state).toBe('live.inQueue.waiting');
    expect(stored.events.slice(2).map((e) => [e.purpose, e.meaning])).toEqual([
      ['mainMenu', 'silence'],
      ['mainMenu', 'invalid'],
      ['mainMenu', 'silence, too many attempts'],
    ]);
  });

  test('when the status callback and the queue hang-up race, then the record ends the same whichever comes first', async () => {
    const runs: Array<'status-first' | 'queue-first'> = ['status-first', 'queue-first'];
    const records = [];
    for (const order of runs) {
      const call = new TestCall(t);
      await call.start();
      await call.press('1');
      await call.press('0');
      expect(call.enqueue?.textContent).toBe('general');
      await call.hold(3, 40);
      if (order === 'status-first') {
        await call.ended('completed', 95);
        await call.queueResult('hangup', 61);
      } else {
        await call.queueResult('hangup', 61);
        await call.ended('completed', 95);
      }
      // A late duplicate changes nothing.
      await call.ended('completed', 95);
      const s = await call.stored();
      records.push({
        outcome: s.outcome,
        status: s.twilioStatus,
        wait: s.queueWaitSeconds,
        result: s.queueResult,
        duration: s.durationSeconds,
        queue: s.queueName,
        state: s.state,
      });
    }
    expect(records[0]).toEqual(records[1]);
    expect(records[0]).toEqual({ outcome: 'abandoned', status: 'completed', wait: 61, result: 'hangup', duration: 95, queue: 'general', state: 'ended' });
  });
});
