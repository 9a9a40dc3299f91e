import pino from 'pino';
import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';
import { callParams, newCallSid, verb } from '../support/twilio-test-client';

const HOSTILE = ['x'.repeat(10_000), 'abc', '<Say>hi</Say>', ']]>', '１２３', '1\r\n{"level":30,"msg":"forged"}', '😀'];

describe.each(DATABASE_KINDS)('webhook edge and safety on %s', (kind) => {
  let t: TestHotline;
  beforeAll(async () => {
    t = await startTestHotline(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  const callCount = () => t.hotline.prisma.call.count();

  test('when a request has no signature, a wrong one, or one made for another URL, then it gets 403 and nothing is written', async () => {
    const before = await callCount();
    const params = callParams(newCallSid());
    const missing = await t.twilio.post('/twilio/voice', params, { signature: null });
    const wrong = await t.twilio.post('/twilio/voice', params, { signature: 'bm90IGEgc2lnbmF0dXJl' });
    // Signed over the address the app listens on instead of PUBLIC_BASE_URL (a Host-header trick).
    const twilio = await import('twilio');
    const local = twilio.default.getExpectedTwilioSignature('test-auth-token-0123456789abcdef', `${t.url}/twilio/voice`, params);
    const otherUrl = await t.twilio.post('/twilio/voice', params, { signature: local });
    // Signed correctly, then a parameter changed in transit.
    const tampered = await t.twilio.post(
      '/twilio/status',
      { ...params, CallStatus: 'completed' },
      {
        signature: twilio.default.getExpectedTwilioSignature('test-auth-token-0123456789abcdef', `${t.twilio.publicBaseUrl}/twilio/status`, params),
      },
    );
    for (const answer of [missing, wrong, otherUrl, tampered]) expect(answer.status).toBe(403);
    expect(await callCount()).toBe(before);
  });

  test.each(HOSTILE.map((h) => [h.length > 40 ? `${h.slice(0, 12)}… (${h.length} chars)` : JSON.stringify(h), h]))(
    'when the caller "presses" %s, then it is an invalid choice: re-prompted, never echoed, nothing crashes',
    async (_label, digits) => {
      const call = new TestCall(t);
      await call.start();
      await call.press('2');
      const answer = await t.twilio.post(call.gatherAction, callParams(call.callSid, call.from, { Digits: digits, FinishedOnKey: '' }));
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('Sorry, that is not a valid choice');
      expect(verb(answer, 'Gather')).not.toBeNull();
      expect(answer.body).not.toContain(digits.slice(0, 20));
      const stored = await call.stored();
      expect(stored.events.at(-1)).toMatchObject({ kind: 'garbled', digits: null, purpose: 'mainMenu' });
    },
  );

  test('when caller-controlled fields carry markup and line breaks, then the call works and every log line stays one JSON object', async () => {
    const from = '<script>alert(1)</script>\r\n{"level":50,"msg":"forged"}';
    const callSid = newCallSid();
    const answer = await t.twilio.post('/twilio/voice', callParams(callSid, from, { CallerName: '</Say><Hangup/>', FromCity: ']]>\u0000' }));
    expect(answer.status).toBe(200);
    expect(verb(answer, 'Gather')).not.toBeNull();
    expect(answer.body).not.toContain('<script>');
    expect(answer.body).not.toContain('<Hangup');
    for (const line of t.logs) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
    }
    expect(t.logs.join('')).not.toContain('"msg":"forged"}');
  });

  test('when a body is over 100 kB, then it gets 413 and nothing is written', async () => {
    const before = await callCount();
    const params = callParams(newCallSid(), '+8613800138000', { Padding: 'x'.repeat(110_000) });
    const answer = await t.twilio.post('/twilio/voice', params);
    expect(answer.status).toBe(413);
    expect(await callCount()).toBe(before);
  });

  test('when Twilio falls back after an error, then the caller hears an apology in both languages and goes to the general queue', async () => {
    const answer = await t.twilio.post(
      '/twilio/fallback',
      callParams(newCallSid(), '+8613800138000', { ErrorCode: '11200', ErrorUrl: `${t.twilio.publicBaseUrl}/twilio/step/3` }),
    );
    expect(answer.status).toBe(200);
    expect(verb(answer, 'Enqueue')?.textContent).toBe('general');
    expect(answer.body).toContain('系统暂时出现问题');
    expect(answer.body).toContain('technical problem');
  });

  test('when the status callback reports progress statuses, then the call is not ended', async () => {
    const call = new TestCall(t);
    await call.start();
    await call.ended('ringing', 0);
    await call.ended('in-progress', 0);
    const stored = await call.stored();
    expect(stored.state).toBe('live.choosingLanguage');
    expect(stored.twilioStatus).toBe('in-progress');
  });

  test('when a finished call gets a late status, then it never goes back', async () => {
    const call = new TestCall(t);
    await call.start();
    await call.ended('completed', 12);
    await call.ended('no-answer', 0);
    const after = await call.press('1');
    expect(verb(after, 'Hangup')).not.toBeNull();
    const stored = await call.stored();
    expect(stored).toMatchObject({ state: 'ended', twilioStatus: 'completed', outcome: 'hungUpInMenu', durationSeconds: 12 });
  });

  test('when a caller number or keys slip into a log field by mistake, then the logger redacts them', () => {
    const lines: string[] = [];
    const { createLogger } = jest.requireActual('../../src/logging/logger') as typeof import('../../src/logging/logger');
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) } as pino.DestinationStream);
    logger.info({ From: '+8613800138000', digits: '13800138000', nested: { Digits: '4321' } }, 'oops');
    expect(lines.join('')).not.toMatch(/13800138000|4321/);
  });
});
