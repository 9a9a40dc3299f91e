import { VoiceSimulator, type VoiceSimulatorOptions } from '../../src/simulator/voice-simulator';
import { AUTH_TOKEN, PUBLIC_BASE_URL, startFakeHotline, twiml, type FakeHotline, type RouteAnswer } from './fake-hotline';

const EN = { voice: 'Polly.Joanna', language: 'en-US' } as const;

const xml = (inner: string): RouteAnswer => ({
  contentType: 'text/xml',
  body: `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`,
});

describe('TwiML and HTTP answers that Twilio rejects', () => {
  let hotline: FakeHotline;
  let voiceAnswer: RouteAnswer;
  let waitAnswer: RouteAnswer;

  beforeEach(async () => {
    hotline = await startFakeHotline({
      '/twilio/voice': () => voiceAnswer,
      '/twilio/wait': () => waitAnswer,
      '/twilio/fallback': (p) => {
        const r = twiml();
        r.say(EN, `Fallback after error ${p.ErrorCode}.`);
        r.hangup();
        return r.toString();
      },
    });
  });

  afterEach(() => hotline.close());

  function simulator(overrides: Partial<VoiceSimulatorOptions> = {}): VoiceSimulator {
    return new VoiceSimulator({
      targetUrl: hotline.url,
      publicBaseUrl: PUBLIC_BASE_URL,
      authToken: AUTH_TOKEN,
      fallbackPath: '/twilio/fallback',
      ...overrides,
    });
  }

  const fallbackParams = () => hotline.requests.find((r) => r.path === '/twilio/fallback')?.params;

  it.each<[string, RouteAnswer, number]>([
    ['an unknown verb', xml('<Speak>hello</Speak>'), 12200],
    ['a verb spelt in lower case', xml('<say>hello</say>'), 12200],
    ['a Gather nested in a Gather', xml('<Gather><Gather><Say>x</Say></Gather></Gather>'), 13320],
    ['a Say whose Polly voice does not speak its language', xml('<Say voice="Polly.Joanna" language="cmn-CN">您好</Say>'), 13511],
    ['Polly.Zhiyu asked to speak English', xml('<Say voice="Polly.Zhiyu" language="en-US">Hello</Say>'), 13511],
    ['a mismatched voice inside a Gather', xml('<Gather><Say voice="alice" language="cmn-CN">x</Say></Gather>'), 13321],
    ['a body that is not XML', { contentType: 'text/xml', body: 'Internal error: oops' }, 12100],
    ['a JSON content type', { contentType: 'application/json', body: '{"say":"hi"}' }, 12300],
    ['no content type at all', { body: '<Response/>' }, 12300],
    ['HTTP 500', { status: 500, contentType: 'text/xml', body: '<Response/>' }, 11200],
    ['HTTP 404', { status: 404, contentType: 'text/plain', body: 'nope' }, 11200],
    ['a body over 64 kB', { contentType: 'text/xml', body: `<Response><Say>${'a'.repeat(66_000)}</Say></Response>` }, 11750],
    ['a 3xx without a Location', { status: 302 }, 11216],
  ])('when the voice URL answers %s, then Twilio error %d is reported and the fallback gets ErrorCode and ErrorUrl', async (_case, answer, code) => {
    voiceAnswer = answer;
    const call = await simulator().placeCall();

    expect(call.errors.map((e) => e.code)).toEqual([code]);
    expect(fallbackParams()).toMatchObject({ ErrorCode: String(code), ErrorUrl: `${PUBLIC_BASE_URL}/twilio/voice` });
    expect(call.heard()).toEqual([`Fallback after error ${code}.`]);
  });

  it('when a waitUrl document contains <Enqueue>, then 12200 is reported for the waitUrl and the caller leaves the queue for the fallback', async () => {
    voiceAnswer = xml('<Enqueue waitUrl="/twilio/wait">support</Enqueue>');
    waitAnswer = xml('<Say>Hold on.</Say><Enqueue>elsewhere</Enqueue>');
    const call = await simulator().placeCall();

    expect(call.errors.map((e) => e.code)).toEqual([12200]);
    expect(call.errors[0]?.message).toMatch(/<Enqueue> is not allowed in a waitUrl document/);
    expect(fallbackParams()).toMatchObject({ ErrorCode: '12200', ErrorUrl: `${PUBLIC_BASE_URL}/twilio/wait` });
    expect(call.transcript.filter((e) => e.type === 'queue').map((e) => e.type === 'queue' && e.event)).toEqual(['joined', 'removed-after-error']);
  });

  it('when there is no fallback URL, then the caller hears the application error message and the call ends with an error', async () => {
    voiceAnswer = xml('<Play>');
    const call = await simulator({ fallbackPath: undefined }).placeCall();

    expect(call.errors.map((e) => e.code)).toEqual([12100]);
    expect(call.heard()).toEqual(['We are sorry, an application error has occurred. Goodbye.']);
    expect(call.endedBy).toBe('error');
  });

  it('when the fallback fails too, then both errors are reported and the call ends', async () => {
    voiceAnswer = { status: 503 };
    const call = await simulator({ fallbackPath: '/twilio/missing' }).placeCall();

    expect(call.errors.map((e) => e.code)).toEqual([11200, 11200]);
    expect(call.endedBy).toBe('error');
  });

  it('when the hotline is slower than the HTTP timeout, then 11205 is reported', async () => {
    voiceAnswer = { contentType: 'text/xml', body: '<Response/>', delayMs: 400 };
    const call = await simulator({ httpTimeoutMs: 100 }).placeCall();

    expect(call.errors.map((e) => e.code)).toEqual([11205]);
  });

  it('when nothing listens at the target, then 11205 is reported', async () => {
    const closed = new VoiceSimulator({ targetUrl: 'http://127.0.0.1:1', authToken: AUTH_TOKEN });
    const call = await closed.placeCall();

    expect(call.errors.map((e) => e.code)).toEqual([11205]);
  });

  it('when TwiML is served as text/html, then it runs like Twilio runs it, unless the xml-only policy reports 12300', async () => {
    voiceAnswer = { contentType: 'text/html; charset=utf-8', body: '<Response><Say>Hello.</Say></Response>' };

    const lenient = await simulator().placeCall();
    const strict = await simulator({ contentTypePolicy: 'xml-only' }).placeCall();

    expect(lenient.errors).toEqual([]);
    expect(lenient.heard()).toEqual(['Hello.']);
    expect(strict.errors.map((e) => e.code)).toEqual([12300]);
  });

  it('when the answer is text/plain, then Twilio reads it aloud and hangs up', async () => {
    voiceAnswer = { contentType: 'text/plain', body: 'The line is closed.' };
    const call = await simulator().placeCall();

    expect(call.errors).toEqual([]);
    expect(call.heard()).toEqual(['The line is closed.']);
    expect(call.endedBy).toBe('hangup-verb');
  });

  it('when a document redirects to itself forever, then the redirect loop is stopped after 10 redirects', async () => {
    voiceAnswer = xml('<Redirect>/twilio/voice</Redirect>');
    const call = await simulator().placeCall();

    expect(call.errors).toHaveLength(1);
    expect(call.errors[0]).toMatchObject({ source: 'simulator' });
    expect(call.errors[0]?.message).toMatch(/redirect loop/);
    expect(call.requests()).toHaveLength(11);
  });
});

describe('HTTP redirects from the hotline', () => {
  let hotline: FakeHotline;
  let actionAnswer: RouteAnswer;

  beforeEach(async () => {
    hotline = await startFakeHotline({
      '/twilio/voice': () => xml('<Gather numDigits="1" action="/twilio/choice"><Say>Press a key.</Say></Gather>'),
      '/twilio/choice': () => actionAnswer,
      '/twilio/moved': (p) => xml(`<Say>Moved with digits ${p.Digits ?? 'none'}.</Say>`),
      '/twilio/loop': () => ({ status: 302, location: '/twilio/loop' }),
    });
  });

  afterEach(() => hotline.close());

  const sim = () => new VoiceSimulator({ targetUrl: hotline.url, publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN });

  it('when a Gather action answers 302, then Twilio follows it with a GET and the Digits are lost', async () => {
    actionAnswer = { status: 302, location: '/twilio/moved' };
    const call = await sim().placeCall({ keys: ['5'] });

    const moved = hotline.requests.find((r) => r.path === '/twilio/moved');
    expect(moved?.method).toBe('GET');
    expect(call.heard()).toContain('Moved with digits none.');
    expect(hotline.rejected).toEqual([]);
  });

  it('when a Gather action answers 307, then Twilio repeats the POST with the Digits', async () => {
    actionAnswer = { status: 307, location: '/twilio/moved' };
    const call = await sim().placeCall({ keys: ['5'] });

    expect(call.heard()).toContain('Moved with digits 5.');
  });

  it('when redirects never end, then 11215 is reported after ten', async () => {
    actionAnswer = { status: 301, location: '/twilio/loop' };
    const call = await sim().placeCall({ keys: ['5'] });

    expect(call.errors.map((e) => e.code)).toEqual([11215]);
    expect(hotline.requests.filter((r) => r.path === '/twilio/loop')).toHaveLength(10);
  });
});
