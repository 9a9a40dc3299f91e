import { VoiceSimulator } from '../../src/simulator/voice-simulator';
import type { RequestEntry } from '../../src/simulator/call-transcript';
import { AUTH_TOKEN, PUBLIC_BASE_URL, startFakeHotline, twiml, type FakeHotline } from './fake-hotline';

const ZH = { voice: 'Polly.Zhiyu', language: 'cmn-CN' } as const;
const EN = { voice: 'Polly.Joanna', language: 'en-US' } as const;

function menuRoutes() {
  return {
    '/twilio/voice': () => {
      const r = twiml();
      const g = r.gather({ numDigits: 1, action: '/twilio/menu' });
      g.say(ZH, '您好，中文服务请按1');
      g.say(EN, 'For English, press 2.');
      r.say(EN, 'We did not get your choice.');
      r.redirect('/twilio/voice');
      return r.toString();
    },
    '/twilio/menu': (p: Record<string, string>) => {
      const r = twiml();
      if (p.Digits === '1') {
        r.gather({ action: 'order', timeout: 7 }).say(ZH, '请输入订单号，以井号键结束');
        r.say(ZH, '没有收到输入');
      } else r.say(EN, `You pressed ${p.Digits}.`);
      r.hangup();
      return r.toString();
    },
    '/twilio/order': (p: Record<string, string>) => {
      const r = twiml();
      r.say(ZH, `订单 ${p.Digits}`);
      r.hangup();
      return r.toString();
    },
    '/twilio/status': () => '',
  };
}

describe('VoiceSimulator on a single call', () => {
  let hotline: FakeHotline;
  let sim: VoiceSimulator;

  beforeEach(async () => {
    hotline = await startFakeHotline(menuRoutes());
    sim = new VoiceSimulator({
      targetUrl: hotline.url,
      publicBaseUrl: PUBLIC_BASE_URL,
      authToken: AUTH_TOKEN,
      statusCallbackPath: '/twilio/status',
    });
  });

  afterEach(() => hotline.close());

  it('when the caller presses through the menu, then it hears each prompt and the order number it typed', async () => {
    const call = await sim.placeCall({ keys: ['1', '4321#'] });

    expect(call.errors).toEqual([]);
    expect(hotline.rejected).toEqual([]);
    expect(call.heard()).toEqual(['您好，中文服务请按1', 'For English, press 2.', '请输入订单号，以井号键结束', '订单 4321']);
    expect(call.endedBy).toBe('hangup-verb');
    expect(hotline.requests.map((r) => r.path)).toEqual(['/twilio/voice', '/twilio/menu', '/twilio/order', '/twilio/status']);
  });

  it('when Twilio would post to a relative action, then the simulator resolves it against the document URL', async () => {
    const call = await sim.placeCall({ keys: ['1', '77#'] });
    const order = call.requests().find((r) => r.purpose === 'gather-action' && r.params.Digits === '77');

    expect(order?.url).toBe(`${PUBLIC_BASE_URL}/twilio/order`);
    expect(order?.targetUrl).toBe(`${hotline.url}/twilio/order`);
  });

  it('when it calls, then every request carries the standard voice parameters and a signature over the public URL', async () => {
    const call = await sim.placeCall({ from: '+8613800138000', to: '+8610950000', keys: ['2'] });
    const [first, second] = hotline.requests;

    expect(hotline.rejected).toEqual([]);
    expect(first?.params).toMatchObject({
      AccountSid: expect.stringMatching(/^AC[0-9a-f]{32}$/),
      CallSid: expect.stringMatching(/^CA[0-9a-f]{32}$/),
      ApiVersion: '2010-04-01',
      Direction: 'inbound',
      CallStatus: 'ringing',
      From: '+8613800138000',
      Caller: '+8613800138000',
      To: '+8610950000',
      Called: '+8610950000',
      FromCountry: 'CN',
      ToCountry: 'CN',
    });
    expect(second?.params).toMatchObject({ CallStatus: 'in-progress', Digits: '2', FinishedOnKey: '', CallSid: call.callSid });
    expect(call.requests()[0]?.url).toBe(`${PUBLIC_BASE_URL}/twilio/voice`);
  });

  it('when the auth token is wrong, then the hotline answers 403 and the call fails with 11200', async () => {
    const wrong = new VoiceSimulator({ targetUrl: hotline.url, publicBaseUrl: PUBLIC_BASE_URL, authToken: 'not-the-token' });
    const call = await wrong.placeCall({ keys: ['1'] });

    expect(hotline.rejected.length).toBeGreaterThan(0);
    expect(call.errors.map((e) => e.code)).toEqual([11200]);
    expect(call.endedBy).toBe('error');
  });

  it('when the call ends, then the status callback reports completed with the simulated CallDuration', async () => {
    const call = await sim.placeCall({ keys: ['1', '4321#'] });
    const status = hotline.requests.find((r) => r.path === '/twilio/status');

    expect(status?.params.CallStatus).toBe('completed');
    expect(Number(status?.params.CallDuration)).toBe(call.durationSeconds);
    expect(call.durationSeconds).toBeGreaterThan(5);
  });

  it('when no key is pressed and actionOnEmptyResult is off, then the action is not requested and the next verb runs', async () => {
    const call = await sim.placeCall({ keys: [''] });

    expect(call.heard().slice(2, 3)).toEqual(['We did not get your choice.']);
    expect(call.requests().filter((r) => r.purpose === 'gather-action')).toEqual([]);
    expect(call.requests().map((r) => r.purpose)).toEqual(['voice', 'redirect', 'status-callback']);
    expect(call.endedBy).toBe('caller-hangup');
  });

  it('when the script runs out and onKeysExhausted is silence, then a menu that loops forever is stopped by the request cap', async () => {
    const call = await sim.placeCall({ keys: [], onKeysExhausted: 'silence', maxRequests: 6 });

    expect(call.errors.map((e) => e.source)).toEqual(['simulator']);
    expect(call.errors[0]?.message).toMatch(/more than 6 requests/);
    expect(call.requests().filter((r) => r.purpose === 'redirect').length).toBe(5);
  });
});

describe('Gather semantics', () => {
  let hotline: FakeHotline;
  let actions: Array<Record<string, string>>;
  let sim: VoiceSimulator;

  async function start(gather: Record<string, unknown>) {
    actions = [];
    hotline = await startFakeHotline({
      '/twilio/voice': () => {
        const r = twiml();
        r.gather({ action: '/twilio/got', ...gather }).say(EN, 'Enter digits.');
        r.say(EN, 'Nothing entered.');
        return r.toString();
      },
      '/twilio/got': (p) => {
        actions.push(p);
        const r = twiml();
        r.say(EN, `Got ${p.Digits || 'nothing'}.`);
        return r.toString();
      },
    });
    sim = new VoiceSimulator({ targetUrl: hotline.url, publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN });
  }

  afterEach(() => hotline.close());

  it('when actionOnEmptyResult is true and the caller stays silent, then the action gets empty Digits and FinishedOnKey', async () => {
    await start({ actionOnEmptyResult: true });
    const call = await sim.placeCall({ keys: ['-'] });

    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ Digits: '', FinishedOnKey: '' });
    expect(call.heard()).toEqual(['Enter digits.', 'Got nothing.']);
  });

  it('when actionOnEmptyResult is true and the caller presses only #, then FinishedOnKey is # and Digits is empty', async () => {
    await start({ actionOnEmptyResult: true });
    await sim.placeCall({ keys: ['#'] });

    expect(actions[0]).toMatchObject({ Digits: '', FinishedOnKey: '#' });
  });

  it('when actionOnEmptyResult is off and the caller presses only #, then the next verb runs', async () => {
    await start({});
    const call = await sim.placeCall({ keys: ['#'] });

    expect(actions).toEqual([]);
    expect(call.heard()).toEqual(['Enter digits.', 'Nothing entered.']);
  });

  it('when numDigits is reached, then the gather ends there and later keys of the entry are dropped', async () => {
    await start({ numDigits: 3 });
    const call = await sim.placeCall({ keys: ['12345'] });

    expect(actions[0]).toMatchObject({ Digits: '123', FinishedOnKey: '' });
    expect(call.transcript.find((e) => e.type === 'input')).toMatchObject({ endedBy: 'num-digits', ignoredKeys: '45' });
  });

  it('when digits are not finished by a key, then the gather times out after `timeout` seconds and sends them', async () => {
    await start({ timeout: 9 });
    const call = await sim.placeCall({ keys: ['42'] });
    const gather = call.transcript.find((e) => e.type === 'gather');
    const action = call.transcript.find((e): e is RequestEntry => e.type === 'request' && e.purpose === 'gather-action');

    expect(actions[0]).toMatchObject({ Digits: '42', FinishedOnKey: '' });
    expect(action!.at - gather!.at).toBeCloseTo(sayDuration('Enter digits.') + 2 * 0.5 + 9, 5);
  });

  it('when finishOnKey is empty, then # is an ordinary digit', async () => {
    await start({ finishOnKey: '', numDigits: 2 });
    await sim.placeCall({ keys: ['#1'] });

    expect(actions[0]).toMatchObject({ Digits: '#1' });
  });

  it('when finishOnKey is *, then * ends the gather and # is a digit', async () => {
    await start({ finishOnKey: '*' });
    await sim.placeCall({ keys: ['9#*'] });

    expect(actions[0]).toMatchObject({ Digits: '9#', FinishedOnKey: '*' });
  });
});

function sayDuration(text: string): number {
  return Math.max(0.5, Math.round((text.length / 15) * 10) / 10);
}
