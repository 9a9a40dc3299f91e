import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCallCli } from '../../src/simulator/call-cli';
import { AUTH_TOKEN, PUBLIC_BASE_URL, startFakeHotline, twiml, type FakeHotline } from './fake-hotline';

const ZH = { voice: 'Polly.Zhiyu', language: 'cmn-CN' } as const;

describe('npm run call', () => {
  let hotline: FakeHotline;
  let output: string[];
  let errors: string[];

  beforeEach(async () => {
    hotline = await startFakeHotline({
      '/twilio/voice': () => {
        const r = twiml();
        r.gather({ numDigits: 1, action: '/twilio/menu' }).say(ZH, '您好，请按1');
        return r.toString();
      },
      '/twilio/menu': (p) => {
        const r = twiml();
        r.say(ZH, `您按了${p.Digits}`);
        r.enqueue({ waitUrl: '/twilio/wait' }, 'support');
        return r.toString();
      },
      '/twilio/wait': () => {
        const r = twiml();
        r.say(ZH, '请稍候');
        r.pause({ length: 30 });
        return r.toString();
      },
      '/twilio/agent': () => {
        const r = twiml();
        r.dial({ hangupOnStar: true }).queue('support');
        return r.toString();
      },
      '/twilio/status': () => ({ status: 204 }),
    });
    output = [];
    errors = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await hotline.close();
  });

  const attach = () => ['--url', hotline.url, '--public-base-url', PUBLIC_BASE_URL, '--auth-token', AUTH_TOKEN, '--fallback-path', ''];

  it('when keys are given, then it prints what the caller hears with language tags and exits 0', async () => {
    const code = await runCallCli([...attach(), '--keys', '1,wait=40,hangup']);

    expect(code).toBe(0);
    const text = output.join('\n');
    expect(text).toContain('🔊 [cmn-CN Polly.Zhiyu] 您好，请按1');
    expect(text).toContain('⌨  expects 1 key');
    expect(text).toContain('⏸ pause 30s');
    expect(text).toMatch(/✔ caller CA[0-9a-f]{32}: ended by caller-hangup/);
  });

  it('when --json is given, then stdout is the whole transcript as JSON', async () => {
    const code = await runCallCli([...attach(), '--keys', '1,hangup', '--json']);

    expect(code).toBe(0);
    const report = JSON.parse(output.join('\n')) as { ok: boolean; calls: Array<{ transcript: Array<{ type: string; body?: string }> }> };
    expect(report.ok).toBe(true);
    const requests = report.calls[0]?.transcript.filter((e) => e.type === 'request') ?? [];
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(requests[0]?.body).toContain('<Gather');
  });

  it('when a script expectation is not met, then it says what was heard instead and exits 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'call-script-'));
    const file = path.join(dir, 'script.json');
    fs.writeFileSync(file, JSON.stringify({ steps: [{ expect: '欢迎致电', keys: '1' }] }));

    const code = await runCallCli([...attach(), '--script', file]).finally(() => fs.rmSync(dir, { recursive: true, force: true }));

    expect(code).toBe(1);
    expect(output.join('\n')).toContain('expected to hear "欢迎致电" but heard: 您好，请按1');
  });

  it('when --agent is given, then the agent leg dials the queue and both legs are reported', async () => {
    const code = await runCallCli([...attach(), '--keys', '1', '--agent', '1001', '--agent-keys', 'wait=10,*', '--agent-delay', '40', '--json']);

    const report = JSON.parse(output.join('\n')) as { calls: Array<{ label: string; transcript: Array<{ type: string; event?: string }> }> };
    expect(code).toBe(0);
    expect(report.calls.map((c) => c.label)).toEqual(['caller', 'agent 1001']);
    expect(report.calls[0]?.transcript.some((e) => e.type === 'queue' && e.event === 'dequeued')).toBe(true);
  });

  it('when a key entry is not DTMF, then it explains the syntax and exits 2 before calling', async () => {
    const code = await runCallCli([...attach(), '--keys', '1,abc']);

    expect(code).toBe(2);
    expect(errors.join('\n')).toMatch(/"abc" is not a key entry/);
    expect(hotline.requests).toEqual([]);
  });

  it('when --help is given, then the key script syntax is explained', async () => {
    expect(await runCallCli(['--help'])).toBe(0);
    expect(output.join('\n')).toMatch(/wait=SECONDS/);
  });
});
