import { VoiceSimulator } from '../../src/simulator/voice-simulator';
import type { SimulatedCall } from '../../src/simulator/call-transcript';
import { AUTH_TOKEN, PUBLIC_BASE_URL, startFakeHotline, twiml, type FakeHotline, type Route } from './fake-hotline';

const EN = { voice: 'Polly.Joanna', language: 'en-US' } as const;

function contactCentre(whisper: () => string): Record<string, Route> {
  return {
    '/twilio/voice': () => {
      const r = twiml();
      r.say(EN, 'All agents are busy.');
      r.enqueue({ waitUrl: '/twilio/wait', action: '/twilio/queue-done' }, 'support');
      return r.toString();
    },
    '/twilio/wait': () => {
      const r = twiml();
      r.say(EN, 'Please keep holding.');
      r.play('https://cdn.example.com/hold.mp3');
      return r.toString();
    },
    '/twilio/whisper': whisper,
    '/twilio/status': () => ({ status: 204 }),
    '/twilio/queue-done': (p) => {
      const r = twiml();
      r.say(EN, `Thank you, your queue result is ${p.QueueResult}.`);
      r.hangup();
      return r.toString();
    },
    '/twilio/agent': () => {
      const r = twiml();
      r.gather({ numDigits: 1, action: '/twilio/agent/take' }).say(EN, 'Press 1 to take the next caller.');
      return r.toString();
    },
    '/twilio/agent/take': () => {
      const r = twiml();
      r.dial({ action: '/twilio/agent/done', hangupOnStar: true, timeout: 40 }).queue({ url: '/twilio/whisper' }, 'support');
      return r.toString();
    },
    '/twilio/agent/done': (p) => {
      const r = twiml();
      r.say(EN, `Dial status ${p.DialCallStatus}.`);
      r.hangup();
      return r.toString();
    },
  };
}

const whisperOk = () => {
  const r = twiml();
  r.say(EN, 'Connecting you to an agent.');
  return r.toString();
};

describe('Two phones in one simulated Twilio', () => {
  let hotline: FakeHotline;
  let sim: VoiceSimulator;

  async function start(whisper = whisperOk) {
    hotline = await startFakeHotline(contactCentre(whisper));
    sim = new VoiceSimulator({
      targetUrl: hotline.url,
      publicBaseUrl: PUBLIC_BASE_URL,
      authToken: AUTH_TOKEN,
      statusCallbackPath: '/twilio/status',
    });
  }

  afterEach(() => hotline.close());

  const requestTo = (call: SimulatedCall, path: string) => call.requests().find((r) => r.url === `${PUBLIC_BASE_URL}${path}`);

  it('when an agent dials the queue, then the Queue url plays on the caller leg with DequeingCallSid and the bridge ends in QueueResult=bridged', async () => {
    await start();
    const [caller, agent] = await sim.runCalls([{ keys: [] }, sim.agentCall('1001', { keys: ['1', 'wait=45', '*'], startAtSeconds: 90 })]);

    const whisper = requestTo(caller!, '/twilio/whisper');
    expect(whisper?.params).toMatchObject({
      CallSid: caller!.callSid,
      DequeingCallSid: agent!.callSid,
      QueueSid: expect.stringMatching(/^QU[0-9a-f]{32}$/),
    });
    expect(Number(whisper?.params.QueueTime)).toBeGreaterThanOrEqual(90);
    expect(caller!.heard()).toContain('Connecting you to an agent.');

    const queueDone = requestTo(caller!, '/twilio/queue-done');
    expect(queueDone?.params).toMatchObject({ QueueResult: 'bridged', QueueSid: whisper?.params.QueueSid });
    expect(queueDone?.responseIgnored).toBeUndefined();
    expect(caller!.heard()).toContain('Thank you, your queue result is bridged.');

    const dialDone = requestTo(agent!, '/twilio/agent/done');
    expect(dialDone?.params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: caller!.callSid, DialCallDuration: '45' });
    expect(agent!.heard()).toEqual(['Press 1 to take the next caller.', 'Dial status completed.']);
    expect([caller!.errors, agent!.errors, hotline.rejected]).toEqual([[], [], []]);
  });

  it('when the agent dials before anyone is queued, then the Dial waits and bridges the caller who arrives', async () => {
    await start();
    const [caller, agent] = await sim.runCalls([{ keys: ['wait=5', 'wait=30', 'hangup'], startAtSeconds: 20 }, sim.agentCall('1001', { keys: ['1'] })]);

    const dialDone = requestTo(agent!, '/twilio/agent/done');
    expect(dialDone?.params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: caller!.callSid, DialCallDuration: '30' });
    expect(caller!.endedBy).toBe('caller-hangup');
    expect(requestTo(caller!, '/twilio/queue-done')).toMatchObject({ params: { QueueResult: 'bridged' }, responseIgnored: true });
  });

  it('when nobody joins the queue before the Dial timeout, then the Dial action gets no-answer', async () => {
    await start();
    const agent = await sim.placeCall(sim.agentCall('1001', { keys: ['1'] }));

    const dialDone = requestTo(agent, '/twilio/agent/done');
    expect(dialDone?.params.DialCallStatus).toBe('no-answer');
    const dialing = agent.transcript.find((e) => e.type === 'dial' && e.event === 'dialing');
    expect(dialDone!.at - dialing!.at).toBe(40);
  });

  it('when both scripts are over on the bridge, then the caller hangs up after talkSeconds and both actions are reported', async () => {
    await start();
    const [caller, agent] = await sim.runCalls([{ keys: [], talkSeconds: 30 }, sim.agentCall('1001', { keys: ['1'], startAtSeconds: 10, talkSeconds: 50 })]);

    expect(caller!.endedBy).toBe('caller-hangup');
    expect(requestTo(agent!, '/twilio/agent/done')?.params).toMatchObject({ DialCallStatus: 'completed', DialCallDuration: '30' });
    expect(agent!.endedBy).toBe('hangup-verb');
  });

  it('when the Queue url document contains a Gather, then 12200 is reported and the bridge still connects', async () => {
    await start(() => {
      const r = twiml();
      r.gather({ numDigits: 1 }).say(EN, 'Press 1 to accept.');
      return r.toString();
    });
    const [caller, agent] = await sim.runCalls([{ keys: [] }, sim.agentCall('1001', { keys: ['1', '*'] })]);

    expect(caller!.errors.map((e) => e.code)).toEqual([12200]);
    expect(requestTo(agent!, '/twilio/agent/done')?.params.DialCallStatus).toBe('completed');
  });

  it('when two callers wait, then the agent gets the one who has waited longest', async () => {
    await start();
    const [first, second, agent] = await sim.runCalls([
      { label: 'first', keys: [], maxHoldSeconds: 600 },
      { label: 'second', keys: [], startAtSeconds: 5, maxHoldSeconds: 600 },
      sim.agentCall('1001', { keys: ['1', '*'], startAtSeconds: 60 }),
    ]);

    expect(requestTo(agent!, '/twilio/agent/done')?.params.DialCallSid).toBe(first!.callSid);
    expect(requestTo(second!, '/twilio/queue-done')?.params.QueueResult).toBe('hangup');
    const positions = second!
      .requests()
      .filter((r) => r.purpose === 'wait-url')
      .map((r) => r.params.QueuePosition);
    expect(positions[0]).toBe('2');
    expect(positions[positions.length - 1]).toBe('1');
  });
});
