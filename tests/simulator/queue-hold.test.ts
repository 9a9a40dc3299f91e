import { VoiceSimulator } from '../../src/simulator/voice-simulator';
import { AUTH_TOKEN, PUBLIC_BASE_URL, startFakeHotline, twiml, type FakeHotline, type Route } from './fake-hotline';

const EN = { voice: 'Polly.Joanna', language: 'en-US' } as const;

function queueRoutes(options: { leaveAfterSeconds?: number; waitUrl?: boolean } = {}): Record<string, Route> {
  return {
    '/twilio/voice': () => {
      const r = twiml();
      r.say(EN, 'Please hold for the next agent.');
      r.enqueue({ action: '/twilio/queue-done', ...(options.waitUrl === false ? {} : { waitUrl: '/twilio/wait' }) }, 'support');
      r.say(EN, 'This is never reached while the Enqueue has an action.');
      return r.toString();
    },
    '/twilio/wait': (p) => {
      const r = twiml();
      if (options.leaveAfterSeconds !== undefined && Number(p.QueueTime) >= options.leaveAfterSeconds) {
        r.say(EN, 'Sorry, nobody is free.');
        r.leave();
        return r.toString();
      }
      const g = r.gather({ numDigits: 1, action: '/twilio/hold-key' });
      g.say(EN, `You are caller number ${p.QueuePosition}. Press 1 to leave a message.`);
      r.play('https://cdn.example.com/hold.mp3');
      r.pause({ length: 20 });
      return r.toString();
    },
    '/twilio/hold-key': (p) => {
      const r = twiml();
      if (p.Digits === '1') {
        r.say(EN, 'Leaving the queue.');
        r.leave();
      }
      return r.toString();
    },
    '/twilio/queue-done': (p) => {
      const r = twiml();
      r.say(EN, `Queue result ${p.QueueResult}.`);
      r.hangup();
      return r.toString();
    },
  };
}

describe('Enqueue and the waitUrl loop', () => {
  let hotline: FakeHotline;
  let sim: VoiceSimulator;

  async function start(options: Parameters<typeof queueRoutes>[0] = {}) {
    hotline = await startFakeHotline(queueRoutes(options));
    sim = new VoiceSimulator({ targetUrl: hotline.url, publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN });
  }

  afterEach(() => hotline.close());

  it('when a caller holds for ten minutes, then the wait loop is re-requested with a growing QueueTime in well under a second', async () => {
    await start({ leaveAfterSeconds: 600 });
    const wallStart = Date.now();
    const call = await sim.placeCall({ keys: [] });
    const wallMs = Date.now() - wallStart;

    const waits = hotline.requests.filter((r) => r.path === '/twilio/wait').map((r) => r.params);
    const queueTimes = waits.map((p) => Number(p.QueueTime));
    expect(call.errors).toEqual([]);
    expect(wallMs).toBeLessThan(1000);
    expect(waits.length).toBeGreaterThan(10);
    expect(queueTimes).toEqual([...queueTimes].sort((x, y) => x - y));
    expect(queueTimes[0]).toBe(0);
    expect(queueTimes[1]).toBeGreaterThan(30);
    expect(waits[0]).toMatchObject({
      QueuePosition: '1',
      CurrentQueueSize: '1',
      MaxQueueSize: '1000',
      QueueSid: expect.stringMatching(/^QU[0-9a-f]{32}$/),
      AvgQueueTime: '0',
    });
    const done = hotline.requests.find((r) => r.path === '/twilio/queue-done');
    expect(done?.params.QueueResult).toBe('leave');
    expect(Number(done?.params.QueueTime)).toBeGreaterThanOrEqual(600);
    expect(call.heard().slice(-2)).toEqual(['Sorry, nobody is free.', 'Queue result leave.']);
  });

  it('when the caller waits two minutes and hangs up, then the Enqueue action gets QueueResult=hangup and its answer is ignored', async () => {
    await start();
    const call = await sim.placeCall({ keys: ['wait=120', 'hangup'] });

    const done = call.requests().find((r) => r.purpose === 'enqueue-action');
    expect(done?.params).toMatchObject({ QueueResult: 'hangup', QueueTime: '120', CallStatus: 'completed' });
    expect(done?.responseIgnored).toBe(true);
    expect(call.heard()).not.toContain('Queue result hangup.');
    expect(call.endedBy).toBe('caller-hangup');
    // Hold gathers met during the wait got silence, so nobody pressed 1.
    expect(hotline.requests.filter((r) => r.path === '/twilio/hold-key')).toEqual([]);
  });

  it('when the caller presses 1 in the hold gather, then the gather action runs in the queue and its <Leave> takes effect', async () => {
    await start();
    const call = await sim.placeCall({ keys: ['1'] });

    expect(call.heard()).toContain('Leaving the queue.');
    expect(hotline.requests.find((r) => r.path === '/twilio/queue-done')?.params.QueueResult).toBe('leave');
  });

  it('when the Enqueue has no waitUrl, then Twilio hold music plays until maxHoldSeconds and the caller gives up', async () => {
    await start({ waitUrl: false });
    const call = await sim.placeCall({ keys: [], maxHoldSeconds: 300 });

    expect(call.transcript.filter((e) => e.type === 'play' && e.holdMusic)).toHaveLength(5);
    const done = call.requests().find((r) => r.purpose === 'enqueue-action');
    expect(done?.params).toMatchObject({ QueueResult: 'hangup', QueueTime: '300' });
    expect(call.durationSeconds).toBe(300 + 2);
  });

  it('when realtime is off, then an hour-long hold still ends at maxHoldSeconds of simulated time', async () => {
    await start();
    const call = await sim.placeCall({ keys: [] });

    const done = call.requests().find((r) => r.purpose === 'enqueue-action');
    expect(done?.params.QueueTime).toBe('3600');
  });
});
